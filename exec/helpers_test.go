package exec

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Test-only catalog entries, under names no real function can have.
var (
	fnGt    *functions.Func
	fnCount *functions.Func
	fnSum   *functions.Func
	fnRowNo *functions.Func
)

func init() {
	fnGt = &functions.Func{Name: "__test_gt", Kind: functions.Operator}
	fnCount = &functions.Func{Name: "__test_count", Kind: functions.Aggregate}
	fnSum = &functions.Func{Name: "__test_sum", Kind: functions.Aggregate}
	fnRowNo = &functions.Func{Name: "__test_row_number", Kind: functions.Window}
	functions.Register(fnGt, fnCount, fnSum, fnRowNo)
}

// gtKernel is a > b over longs; null on either side gives null.
func gtKernel(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	a, b := args[0], args[1]
	out := make([]bool, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		if a.IsNull(i) || b.IsNull(i) {
			if nulls == nil {
				nulls = column.NewBitmap(n)
			}
			nulls.Set(i)
			continue
		}
		out[i] = a.Int(i) > b.Int(i)
	}
	return column.FromBools(out, nulls), nil
}

func rowNumberKernel(_ *functions.Ctx, _ []*column.Vector, n int) (*column.Vector, error) {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i + 1)
	}
	return column.FromInts(types.Long, out, nil), nil
}

func gt(a, b plan.Expr) plan.Expr {
	return &plan.Call{Fn: fnGt, Bound: &functions.Bound{Type: types.Bool, Eval: gtKernel}, Args: []plan.Expr{a, b}}
}

// countAgg counts rows per group (with no argument) or non-null values.
type countAgg struct{ counts []int64 }

func (a *countAgg) grow(g uint32) {
	for int(g) >= len(a.counts) {
		a.counts = append(a.counts, 0)
	}
}

func (a *countAgg) Update(groups []uint32, args []*column.Vector) error {
	for i, g := range groups {
		a.grow(g)
		if len(args) > 0 && args[0].IsNull(i) {
			continue
		}
		a.counts[g]++
	}
	return nil
}

func (a *countAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o := other.(*countAgg)
	for g, c := range o.counts {
		a.grow(mapping[g])
		a.counts[mapping[g]] += c
	}
	return nil
}

func (a *countAgg) Result(n int) ([]*column.Vector, error) {
	out := make([]int64, n)
	copy(out, a.counts)
	return []*column.Vector{column.FromInts(types.Long, out, nil)}, nil
}

// sumAgg sums longs; a group with no non-null value is null.
type sumAgg struct {
	sums []int64
	seen []bool
}

func (a *sumAgg) grow(g uint32) {
	for int(g) >= len(a.sums) {
		a.sums = append(a.sums, 0)
		a.seen = append(a.seen, false)
	}
}

func (a *sumAgg) Update(groups []uint32, args []*column.Vector) error {
	for i, g := range groups {
		a.grow(g)
		if args[0].IsNull(i) {
			continue
		}
		a.sums[g] += args[0].Int(i)
		a.seen[g] = true
	}
	return nil
}

func (a *sumAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o := other.(*sumAgg)
	for g := range o.sums {
		m := mapping[g]
		a.grow(m)
		if o.seen[g] {
			a.sums[m] += o.sums[g]
			a.seen[m] = true
		}
	}
	return nil
}

func (a *sumAgg) Result(n int) ([]*column.Vector, error) {
	b := column.NewBuilder(types.Long, n)
	for g := 0; g < n; g++ {
		if g < len(a.seen) && a.seen[g] {
			b.AppendInt(a.sums[g])
		} else {
			b.AppendNull()
		}
	}
	return []*column.Vector{b.Build()}, nil
}

func countCall(args ...plan.Expr) plan.AggCall {
	return plan.AggCall{Fn: fnCount, Bound: &functions.Bound{Type: types.Long, NewAgg: func() functions.Aggregator { return &countAgg{} }}, Args: args}
}

func sumCall(x plan.Expr) plan.AggCall {
	return plan.AggCall{Fn: fnSum, Bound: &functions.Bound{Type: types.Long, NewAgg: func() functions.Aggregator { return &sumAgg{} }}, Args: []plan.Expr{x}}
}

// schema parses "A:long, B:string".
func schema(s string) types.Schema {
	var out types.Schema
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, tn, _ := strings.Cut(part, ":")
		t, ok := types.Parse(tn)
		if !ok {
			panic("bad type " + tn)
		}
		out = append(out, types.Column{Name: strings.TrimSpace(name), Type: t})
	}
	return out
}

func values(s string, rows ...[]any) *plan.Values {
	return &plan.Values{Out: schema(s), Rows: rows}
}

func row(xs ...any) []any { return xs }

func col(in plan.Node, name string) *plan.ColRef {
	sch := in.Schema()
	i := sch.Index(name)
	if i < 0 {
		panic("no column " + name)
	}
	return &plan.ColRef{Index: i, Name: name, T: sch[i].Type}
}

func lit(t types.Type, x any) *plan.Const { return &plan.Const{Value: x, T: t} }

func run(t *testing.T, n plan.Node) *Result {
	t.Helper()
	return runOpts(t, n, Options{})
}

func runOpts(t *testing.T, n plan.Node, opts Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), n, nil, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// rows boxes a result for comparison; strings are Go strings, nulls nil.
func rows(r *Result) [][]any {
	var out [][]any
	for _, b := range r.Batches {
		for i := 0; i < b.N; i++ {
			rw := make([]any, len(b.Cols))
			for c, v := range b.Cols {
				rw[c] = v.Value(i)
			}
			out = append(out, rw)
		}
	}
	return out
}

func fmtRows(rs [][]any) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(fmtRow(r))
		b.WriteByte('\n')
	}
	return b.String()
}

func fmtRow(r []any) string {
	parts := make([]string, len(r))
	for i, x := range r {
		switch y := x.(type) {
		case nil:
			parts[i] = "null"
		case string:
			parts[i] = fmt.Sprintf("%q", y)
		case *value.Bag:
			parts[i] = value.ToString(y)
		case []any:
			parts[i] = value.ToString(y)
		default:
			parts[i] = fmt.Sprintf("%v", y)
		}
	}
	return strings.Join(parts, "|")
}

func expectRows(t *testing.T, r *Result, want [][]any) {
	t.Helper()
	got := rows(r)
	if fmtRows(got) != fmtRows(want) {
		t.Fatalf("rows differ\ngot:\n%swant:\n%s", fmtRows(got), fmtRows(want))
	}
}

// expectRowsAnyOrder compares as multisets.
func expectRowsAnyOrder(t *testing.T, r *Result, want [][]any) {
	t.Helper()
	g := strings.Split(fmtRows(rows(r)), "\n")
	w := strings.Split(fmtRows(want), "\n")
	sort.Strings(g)
	sort.Strings(w)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("rows differ (any order)\ngot:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

func expectSchema(t *testing.T, r *Result, s string) {
	t.Helper()
	if got, want := r.Schema.String(), schema(s).String(); got != want {
		t.Fatalf("schema %s, want %s", got, want)
	}
}

// memSource serves tables from batches, in BatchSize pieces.
type memSource struct {
	tables map[string][]*column.Batch
	scans  int
}

func (s *memSource) Scan(_ context.Context, sc *plan.Scan) (BatchReader, error) {
	s.scans++
	bs, ok := s.tables[sc.Table]
	if !ok {
		return nil, fmt.Errorf("no table %s", sc.Table)
	}
	var out []*column.Batch
	for _, b := range bs {
		cols := b.Cols
		if sc.Project != nil {
			cols = make([]*column.Vector, len(sc.Project))
			for i, p := range sc.Project {
				cols[i] = b.Cols[p]
			}
		}
		out = append(out, &column.Batch{Cols: cols, N: b.N})
	}
	return &sliceReader{bs: out}, nil
}

type sliceReader struct {
	bs []*column.Batch
	i  int
}

func (r *sliceReader) Next() (*column.Batch, error) {
	if r.i >= len(r.bs) {
		return nil, io.EOF
	}
	r.i++
	return r.bs[r.i-1], nil
}
