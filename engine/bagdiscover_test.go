package engine

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/quarryhunt/quarry/exec"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/table"
)

// countingSource counts the scans of each table.
type countingSource struct {
	exec.Source
	mu    sync.Mutex
	scans map[string]int
}

func (c *countingSource) Scan(ctx context.Context, s *plan.Scan) (exec.BatchReader, error) {
	c.mu.Lock()
	c.scans[s.Table]++
	c.mu.Unlock()
	return c.Source.Scan(ctx, s)
}

func bagEngine(t *testing.T) (*Engine, *countingSource) {
	t.Helper()
	bag := func(kv ...any) *value.Bag {
		b := &value.Bag{}
		for i := 0; i < len(kv); i += 2 {
			b.Keys = append(b.Keys, kv[i].(string))
			b.Values = append(b.Values, kv[i+1])
		}
		return b
	}
	s := table.NewStore(nil)
	s.Add(table.FromRows("B", types.Schema{{Name: "Id", Type: types.Long}, {Name: "D", Type: types.Dynamic}},
		[][]any{
			{int64(1), bag("a", int64(1), "b", "x", "in", bag("k", "v"))},
			{int64(2), bag("a", int64(2), "c", 1.5)},
			{int64(3), nil},
		}))
	src := &countingSource{Source: storeSource{s}, scans: map[string]int{}}
	return New(s, src), src
}

func TestBagDiscovery(t *testing.T) {
	cases := []struct {
		q, schema string
		rows      int
	}{
		{"B | evaluate bag_unpack(D) | where a > 1", "(Id:long, a:long, b:string, c:real, in:dynamic)", 1},
		{"B | evaluate bag_unpack(D) | extend z = 1", "(Id:long, a:long, b:string, c:real, in:dynamic, z:long)", 3},
		{"B | evaluate bag_unpack(D)", "(Id:long, a:long, b:string, c:real, in:dynamic)", 3},
		{"B | evaluate bag_unpack(D) | evaluate bag_unpack(in, 'i_') | project Id, i_k", "(Id:long, i_k:string)", 3},
		{"B | evaluate bag_unpack(D) : (Id:long, a:long) | where a > 1", "(Id:long, a:long)", 1},
		{"B | where Id > 5 | evaluate bag_unpack(D) | extend z = 1", "(Id:long, z:long)", 0},
		{"B | evaluate bag_unpack(D, ignoredProperties=dynamic(['in', 'c'])) | summarize sum(a) by b", "(b:string, sum_a:long)", 2},
	}
	for _, c := range cases {
		e, src := bagEngine(t)
		res, err := e.Query(context.Background(), c.q, QueryOptions{})
		if err != nil {
			t.Errorf("%s: %v", c.q, err)
			continue
		}
		if got := res[0].Schema.String(); got != c.schema || res[0].Rows() != c.rows {
			t.Errorf("%s: got %s, %d rows; want %s, %d rows", c.q, got, res[0].Rows(), c.schema, c.rows)
		}
		// The inputs found while binding are served to the run: the
		// table is read once.
		if src.scans["B"] != 1 {
			t.Errorf("%s: table B read %d times, want once", c.q, src.scans["B"])
		}
	}
}

func TestBagDiscoveryErrors(t *testing.T) {
	cases := []struct {
		q, stage, msg string
		scans         int
	}{
		// After discovery, an absent property is an unknown column.
		{"B | evaluate bag_unpack(D) | project nope", StageSemantic, "'nope' does not refer", 1},
		{"B | where Id == 3 | evaluate bag_unpack(D) | where a > 0", StageSemantic, "'a' does not refer", 1},
		// An error before the bag_unpack: nothing is run.
		{"B | where nope > 0 | evaluate bag_unpack(D) | where a > 0", StageSemantic, "'nope' does not refer", 0},
		// The clash is found when the bags are read.
		{"B | extend a = 1 | evaluate bag_unpack(D) | where a > 0", StageRun, "already exists", 1},
	}
	for _, c := range cases {
		e, src := bagEngine(t)
		_, err := e.Query(context.Background(), c.q, QueryOptions{})
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Errorf("%s: error %v is not an ErrorList", c.q, err)
			continue
		}
		if list[0].Stage != c.stage || !strings.Contains(list[0].Msg, c.msg) {
			t.Errorf("%s: got %s %q; want %s %q", c.q, list[0].Stage, list[0].Msg, c.stage, c.msg)
		}
		if src.scans["B"] != c.scans {
			t.Errorf("%s: table B read %d times, want %d", c.q, src.scans["B"], c.scans)
		}
	}
}

// Check binds without data: an open bag_unpack knows only the names that
// later operators use.
func TestBagCheckStaysOpen(t *testing.T) {
	e, src := bagEngine(t)
	s, serrs, berrs := e.Check("B | evaluate bag_unpack(D) | where a > 0")
	if len(serrs) > 0 || len(berrs) > 0 {
		t.Fatalf("errors: %v %v", serrs, berrs)
	}
	if s.String() != "(Id:long, a:dynamic)" {
		t.Errorf("schema %s", s)
	}
	if len(src.scans) != 0 {
		t.Errorf("check read tables: %v", src.scans)
	}
}

// A query without an open bag_unpack binds once and runs on the engine's
// own source.
func TestBagDiscoveryNotNeeded(t *testing.T) {
	e, _ := bagEngine(t)
	for _, q := range []string{"B | where Id > 1", "B | evaluate bag_unpack(D) : (*, a:long)"} {
		_, src, err := e.compileRun(context.Background(), q, exec.Options{})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if src != e.src {
			t.Errorf("%s: source %T, want the engine's", q, src)
		}
	}
}

func TestHeldReaderProject(t *testing.T) {
	e, _ := bagEngine(t)
	res, err := e.Query(context.Background(), "B | evaluate bag_unpack(D) | project a", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Schema.String() != "(a:long)" || res[0].Rows() != 3 {
		t.Errorf("got %s %d", res[0].Schema, res[0].Rows())
	}
}

// A pivot without an output schema finds its columns the same way: later
// operators bind against them, and the input is read once.
func TestPivotDiscovery(t *testing.T) {
	cases := []struct {
		q, schema string
		rows      int
	}{
		{"B | project Id, K = tostring(Id % 2) | evaluate pivot(K) | project Id, ['1']", "(Id:long, 1:long)", 3},
		{"B | evaluate bag_unpack(D) | project Id, K = tostring(a) | evaluate pivot(K) | project Id, ['2']", "(Id:long, 2:long)", 3},
		{"B | extend K = iff(Id == 1, 'x', 'y') | evaluate pivot(K, count(), Id) | project z", "", 0},
		{"B | project K = tostring(Id), Id | evaluate pivot(K, sum(Id)) | extend s = ['1'] + ['3']", "(1:long, 2:long, 3:long, s:long)", 1},
	}
	for _, c := range cases {
		e, src := bagEngine(t)
		res, err := e.Query(context.Background(), c.q, QueryOptions{})
		if c.schema == "" {
			if err == nil {
				t.Errorf("%s: no error", c.q)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.q, err)
			continue
		}
		if got := res[0].Schema.String(); got != c.schema || res[0].Rows() != c.rows {
			t.Errorf("%s: got %s, %d rows; want %s, %d rows", c.q, got, res[0].Rows(), c.schema, c.rows)
		}
		if src.scans["B"] != 1 {
			t.Errorf("%s: table B read %d times, want once", c.q, src.scans["B"])
		}
	}
}
