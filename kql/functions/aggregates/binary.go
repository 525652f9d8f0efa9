package aggregates

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

type bitOp uint8

const (
	bitAnd bitOp = iota
	bitOr
	bitXor
)

func init() {
	functions.Register(
		&functions.Func{Name: "binary_all_and", Kind: functions.Aggregate,
			Sig: "binary_all_and(expr: long): long", Doc: "Bitwise AND of all values of expr (nulls skipped).",
			Bind: bindBinaryAll("binary_all_and", bitAnd)},
		&functions.Func{Name: "binary_all_or", Kind: functions.Aggregate,
			Sig: "binary_all_or(expr: long): long", Doc: "Bitwise OR of all values of expr (nulls skipped).",
			Bind: bindBinaryAll("binary_all_or", bitOr)},
		&functions.Func{Name: "binary_all_xor", Kind: functions.Aggregate,
			Sig: "binary_all_xor(expr: long): long", Doc: "Bitwise XOR of all values of expr (nulls skipped).",
			Bind: bindBinaryAll("binary_all_xor", bitXor)},
	)
}

func bindBinaryAll(name string, op bitOp) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := check(name, args, 1, 1, cInteger)
		if err != nil {
			return nil, err
		}
		t := ts[0]
		if t == types.Unknown {
			t, ts[0] = types.Long, types.Long
		}
		// Named after the argument (ColumnN when it has no name).
		return &functions.Bound{Type: t, ArgTypes: ts, Outputs: one(args[0].Name, t),
			NewAgg: func() functions.Aggregator { return &bitAgg{op: op, t: t} }}, nil
	}
}

type bitAgg struct {
	op  bitOp
	t   types.Type
	acc []int64
	has []bool
}

func (a *bitAgg) fold(g uint32, x int64) {
	if !a.has[g] {
		a.acc[g], a.has[g] = x, true
		return
	}
	switch a.op {
	case bitAnd:
		a.acc[g] &= x
	case bitOr:
		a.acc[g] |= x
	case bitXor:
		a.acc[g] ^= x
	}
}

func (a *bitAgg) Update(groups []uint32, args []*column.Vector) error {
	n := groupsLen(groups)
	a.acc, a.has = grow(a.acc, n), grow(a.has, n)
	v := args[0]
	for i, g := range groups {
		if !v.IsNull(i) {
			a.fold(g, v.Int(i))
		}
	}
	return nil
}

func (a *bitAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*bitAgg)
	if !ok {
		return mismatch(a, other)
	}
	n := groupsLen(mapping)
	a.acc, a.has = grow(a.acc, n), grow(a.has, n)
	for og, g := range mapping[:min(len(mapping), len(o.has))] {
		if o.has[og] {
			a.fold(g, o.acc[og])
		}
	}
	return nil
}

func (a *bitAgg) Result(n int) ([]*column.Vector, error) {
	a.acc, a.has = grow(a.acc, n), grow(a.has, n)
	return []*column.Vector{column.FromInts(a.t, append([]int64(nil), a.acc[:n]...), nullsOf(a.has[:n]))}, nil
}
