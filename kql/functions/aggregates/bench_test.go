package aggregates

import (
	"fmt"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

const benchRows = column.BatchSize

func benchBatch() (groups []uint32, ints *column.Vector, strs *column.Vector) {
	groups = make([]uint32, benchRows)
	xs := make([]int64, benchRows)
	ss := make([]string, benchRows)
	for i := range groups {
		groups[i] = uint32(i % 100)
		xs[i] = int64(i * 7919 % 10007)
		ss[i] = fmt.Sprintf("user%d@contoso.com", i%500)
	}
	return groups, column.FromInts(types.Long, xs, nil), column.FromStrings(types.String, column.StringsOf(ss...))
}

func benchAgg(b *testing.B, name string, args []functions.Arg, vs []*column.Vector, groups []uint32) {
	f, _ := functions.Lookup(name)
	bound, err := f.Bind(args)
	if err != nil {
		b.Fatal(err)
	}
	a := bound.NewAgg()
	b.ReportAllocs()
	b.SetBytes(int64(len(groups)))
	for b.Loop() {
		if err := a.Update(groups, vs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCount(b *testing.B) {
	g, _, _ := benchBatch()
	benchAgg(b, "count", nil, nil, g)
}

func BenchmarkSum(b *testing.B) {
	g, x, _ := benchBatch()
	benchAgg(b, "sum", []functions.Arg{{Type: types.Long}}, []*column.Vector{x}, g)
}

func BenchmarkDcountString(b *testing.B) {
	g, _, s := benchBatch()
	benchAgg(b, "dcount", []functions.Arg{{Type: types.String}}, []*column.Vector{s}, g)
}

func BenchmarkMakeSetString(b *testing.B) {
	g, _, s := benchBatch()
	benchAgg(b, "make_set", []functions.Arg{{Type: types.String}}, []*column.Vector{s}, g)
}

func BenchmarkArgMax(b *testing.B) {
	g, x, s := benchBatch()
	benchAgg(b, "arg_max", []functions.Arg{{Type: types.Long, Name: "x"}, {Type: types.String, Name: "s"}, {Type: types.Long, Name: "y"}},
		[]*column.Vector{x, s, x}, g)
}

func BenchmarkMax(b *testing.B) {
	g, _, s := benchBatch()
	benchAgg(b, "max", []functions.Arg{{Type: types.String}}, []*column.Vector{s}, g)
}
