package storage

import (
	"math"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

var allTypes = types.Schema{
	{Name: "Timestamp", Type: types.DateTime},
	{Name: "B", Type: types.Bool},
	{Name: "I", Type: types.Int},
	{Name: "L", Type: types.Long},
	{Name: "R", Type: types.Real},
	{Name: "D", Type: types.Decimal},
	{Name: "S", Type: types.String},
	{Name: "T", Type: types.TimeSpan},
	{Name: "G", Type: types.Guid},
	{Name: "Dyn", Type: types.Dynamic},
	{Name: "Odd name ['x'].y", Type: types.String},
}

func TestRoundTripEveryType(t *testing.T) {
	huge := strings.Repeat("ü界x", 2<<20) // 14 MB
	ts := ticks(t, "2024-05-01T10:11:12.1234567Z")
	rows := [][]any{
		{ts, true, int32(-7), int64(math.MaxInt64), 1.5, value.Decimal("12345678901234567890.12345"), "plain", value.TimeSpan(-value.Day), value.GUID("0b1c2d3e-0000-4000-8000-00000000000a"), mustJSON(t, `{"a":[1,2.5,"x",null,{"b":true}],"z":{}}`), "o"},
		{nil, nil, nil, nil, nil, nil, "", nil, value.GUID(""), nil, ""},
		{ts + 1, false, int32(math.MinInt32), int64(math.MinInt64), math.Inf(-1), value.Decimal("-0.5"), "日本語 ✓ \x00 nul", value.TimeSpan(0), value.GUID("ffffffff-ffff-ffff-ffff-ffffffffffff"), mustJSON(t, `"just a string"`), "é"},
		{ts - value.DateTime(value.Day), true, int32(0), int64(0), math.NaN(), value.Decimal("0"), huge, value.TimeSpan(value.MaxDateTime), value.GUID(""), mustJSON(t, `[[],[{}],-1e300,12345678901234]`), huge[:10]},
		{ts, nil, int32(1), nil, 0.0, nil, "with\nnewline\ttab\"quote", nil, value.GUID("00000000-0000-0000-0000-000000000000"), mustJSON(t, `null`), "x"},
	}
	dir := t.TempDir()
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	commitRows(t, s, "Everything", allTypes, rows, "")

	s2, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, s2, scanAll("Everything", allTypes))
	// Rows come back grouped by day partition: the day before first.
	want := [][]any{rows[3], rows[0], rows[2], rows[4], rows[1]}
	sameRows(t, sortByTime(got), sortByTime(want))

	sch, ok := s2.Table("Everything")
	if !ok || sch.String() != allTypes.String() {
		t.Fatalf("schema %v, want %v", sch, allTypes)
	}
	infos, err := s2.Tables()
	if err != nil || len(infos) != 1 {
		t.Fatalf("tables: %v %v", infos, err)
	}
	ti := infos[0]
	if ti.Rows != 5 || !ti.HasTime || ti.MinTime != ts-value.DateTime(value.Day) || ti.MaxTime != ts+1 || ti.Files != 3 || ti.Partitions != 3 || ti.TimeColumn != "Timestamp" {
		t.Fatalf("table info %+v", ti)
	}
}

// sortByTime orders rows by column 0 (nulls last), stable.
func sortByTime(rows [][]any) [][]any {
	out := append([][]any(nil), rows...)
	key := func(r []any) int64 {
		if r[0] == nil {
			return math.MaxInt64
		}
		return int64(r[0].(value.DateTime))
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && key(out[j]) < key(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func TestProjectionOrderAndMissingColumns(t *testing.T) {
	s, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	sch := types.Schema{{Name: "A", Type: types.Long}, {Name: "B", Type: types.String}, {Name: "C", Type: types.Real}}
	commitRows(t, s, "T", sch, [][]any{{int64(1), "x", 1.5}, {nil, "y", nil}}, "")
	// The query's view: an extra column the store lacks, in another order.
	view := types.Schema{{Name: "C", Type: types.Real}, {Name: "Missing", Type: types.Long}, {Name: "B", Type: types.String}, {Name: "A", Type: types.Long}, {Name: "MissingS", Type: types.String}}
	got := readAll(t, s, &plan.Scan{Table: "T", Columns: view, Project: []int{3, 1, 2, 4}})
	sameRows(t, got, [][]any{{int64(1), nil, "x", ""}, {nil, nil, "y", ""}})
	// Empty projection: rows without columns.
	r, err := s.OpenScan(ctx(), &plan.Scan{Table: "T", Columns: view, Project: []int{}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Next()
	if err != nil || b.N != 2 || len(b.Cols) != 0 {
		t.Fatalf("count-only scan: %v %v", b, err)
	}
	// A table the store does not hold reads as empty.
	if rows := readAll(t, s, scanAll("Nope", sch)); len(rows) != 0 {
		t.Fatalf("unknown table gave %d rows", len(rows))
	}
}

func TestDictionaryEncodedStringsStayEncoded(t *testing.T) {
	s, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	sch := types.Schema{{Name: "Action", Type: types.String}, {Name: "Url", Type: types.String}}
	var rows [][]any
	for i := 0; i < 20000; i++ {
		rows = append(rows, []any{[]string{"ClickAllowed", "ClickBlocked", "UrlScanInProgress"}[i%3], "https://e.com/" + strings.Repeat("p", i%50) + string(rune('a'+i%26)) + itoa(i)})
	}
	commitRows(t, s, "C", sch, rows, "")
	r, err := s.OpenScan(ctx(), scanAll("C", sch))
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if b.Cols[0].Strs.Dict == nil || b.Cols[0].Strs.Dict.Len() != 3 {
		t.Fatalf("low-cardinality column not dictionary-encoded: %+v", b.Cols[0].Strs.Dict)
	}
	if b.Cols[1].Strs.Dict != nil {
		t.Fatalf("unique column dictionary-encoded")
	}
	sameRows(t, append(rowsOf(b), drain(t, r)...), rows)
}
