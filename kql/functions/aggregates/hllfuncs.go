package aggregates

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"math/bits"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// hll() returns its intermediate state as a dynamic value that
// hll_merge() and dcount_hll() read back. Kusto documents that value as
// opaque; Quarry's is a JSON array, so it survives storage as text:
//
//	["quarry.hll", 1, p, "e", base64(hashes, 8 bytes little-endian each)]  exact phase
//	["quarry.hll", 1, p, "s", base64(registers, one byte each)]            sketch
const hllTag = "quarry.hll"

func init() {
	functions.Register(
		&functions.Func{Name: "hll", Kind: functions.Aggregate,
			Sig:  "hll(expr[, accuracy: int]): dynamic",
			Doc:  "Intermediate distinct-count state of expr, for hll_merge() and dcount_hll().",
			Bind: bindHll},
		&functions.Func{Name: "hll_merge", Kind: functions.Aggregate,
			Sig:  "hll_merge(hll: dynamic): dynamic",
			Doc:  "Merges hll() states of the group into one.",
			Bind: bindHllMerge},
		&functions.Func{Name: "dcount_hll", Kind: functions.Scalar,
			Sig:  "dcount_hll(hll: dynamic): long",
			Doc:  "The distinct count an hll() or hll_merge() state holds.",
			Bind: bindDcountHll},
	)
}

func bindHll(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("hll", args, 1, 2, cScalar, cInteger)
	if err != nil {
		return nil, err
	}
	switch args[0].Type {
	case types.Real, types.Bool, types.Dynamic:
		return nil, errorf("function 'hll': argument 1 must not be of type %s", args[0].Type)
	}
	acc := int64(1)
	if len(args) > 1 {
		if acc, err = constInt("hll", args[1], "accuracy"); err != nil {
			return nil, err
		}
		if acc < 0 || acc > 4 {
			return nil, errorf("function 'hll': accuracy must be 0, 1, 2, 3 or 4, got %d", acc)
		}
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Outputs: one(prefixName("hll", args), types.Dynamic),
		NewAgg: func() functions.Aggregator {
			return &hllAgg{dcountAgg{pred: -1, p: hllPrecision[acc], limit: exactLimit[acc]}}
		}}, nil
}

// hllAgg is dcount whose result is its state.
type hllAgg struct{ dcountAgg }

func (a *hllAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*hllAgg)
	if !ok {
		return mismatch(a, other)
	}
	return a.dcountAgg.Merge(&o.dcountAgg, mapping)
}

func (a *hllAgg) Result(n int) ([]*column.Vector, error) {
	a.grow(n)
	out := make([]any, n)
	for g := range out {
		if a.regs[g] != nil || len(a.exact[g]) > 0 {
			out[g] = encodeHll(a.p, a.exact[g], a.regs[g])
		}
	}
	return []*column.Vector{column.FromDyns(out)}, nil
}

// encodeHll encodes a state; a group that saw no value has none (null, as
// Kusto's hll() of no rows is).
func encodeHll(p uint8, exact []uint64, regs []uint8) any {
	if regs != nil {
		return []any{hllTag, int64(1), int64(p), "s", base64.StdEncoding.EncodeToString(regs)}
	}
	buf := make([]byte, 8*len(exact))
	for i, h := range exact {
		binary.LittleEndian.PutUint64(buf[8*i:], h)
	}
	return []any{hllTag, int64(1), int64(p), "e", base64.StdEncoding.EncodeToString(buf)}
}

// decodeHll reads an hll() value; ok is false for anything else.
func decodeHll(v any) (p uint8, exact []uint64, regs []uint8, ok bool) {
	a, isArr := v.([]any)
	if !isArr || len(a) != 5 || a[0] != hllTag {
		return 0, nil, nil, false
	}
	pv, _ := a[2].(int64)
	if f, isF := a[2].(float64); isF {
		pv = int64(f)
	}
	kind, _ := a[3].(string)
	data, _ := a[4].(string)
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil || pv < 4 || pv > 18 {
		return 0, nil, nil, false
	}
	p = uint8(pv)
	switch kind {
	case "s":
		if len(raw) != 1<<p {
			return 0, nil, nil, false
		}
		return p, nil, raw, true
	case "e":
		if len(raw)%8 != 0 {
			return 0, nil, nil, false
		}
		exact = make([]uint64, len(raw)/8)
		for i := range exact {
			exact[i] = binary.LittleEndian.Uint64(raw[8*i:])
		}
		return p, exact, nil, true
	}
	return 0, nil, nil, false
}

// foldRegs lowers a sketch from precision from to precision to < from:
// the index bits dropped become the leading bits of the rank.
func foldRegs(regs []uint8, from, to uint8) []uint8 {
	out := make([]uint8, 1<<to)
	d := from - to
	for j, r := range regs {
		if r == 0 {
			continue
		}
		low := uint64(j) & (1<<d - 1)
		var rank uint8
		if low != 0 {
			rank = d - uint8(bits.Len64(low)) + 1
		} else {
			rank = d + r
		}
		if k := j >> d; rank > out[k] {
			out[k] = rank
		}
	}
	return out
}

func bindHllMerge(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("hll_merge", args, 1, 1, cDynamic)
	if err != nil {
		return nil, err
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Outputs: one(prefixName("hll_merge", args), types.Dynamic),
		NewAgg: func() functions.Aggregator { return &hllMergeAgg{} }}, nil
}

// hllMergeAgg merges states that may have different precisions: exact
// hashes do not depend on precision, sketches are folded to the lowest
// precision seen.
type hllMergeAgg struct {
	d dcountAgg // p == 0 until the first state arrives
}

func (a *hllMergeAgg) setPrecision(p uint8) {
	switch {
	case a.d.p == 0:
		a.d.p = p
		a.d.limit = exactLimit[1]
		if p >= 16 {
			a.d.limit = exactLimit[2]
		}
	case p < a.d.p:
		for g, r := range a.d.regs {
			if r != nil {
				a.d.regs[g] = foldRegs(r, a.d.p, p)
			}
		}
		a.d.p = p
	}
}

func (a *hllMergeAgg) addState(g uint32, p uint8, exact []uint64, regs []uint8) {
	a.setPrecision(p)
	if regs != nil {
		if p > a.d.p {
			regs = foldRegs(regs, p, a.d.p)
		}
		if a.d.regs[g] == nil {
			a.d.toSketch(g)
		}
		mine := a.d.regs[g]
		for j, x := range regs {
			if x > mine[j] {
				mine[j] = x
			}
		}
		return
	}
	for _, h := range exact {
		a.d.add(g, h)
	}
}

func (a *hllMergeAgg) Update(groups []uint32, args []*column.Vector) error {
	a.d.grow(groupsLen(groups))
	v := args[0]
	for i, g := range groups {
		p, exact, regs, ok := decodeHll(v.Dyn(i))
		if !ok {
			continue
		}
		a.addState(g, p, exact, regs)
	}
	return nil
}

func (a *hllMergeAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*hllMergeAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.d.grow(groupsLen(mapping))
	if o.d.p == 0 {
		return nil
	}
	for og, g := range mapping[:min(len(mapping), len(o.d.exact))] {
		if o.d.regs[og] == nil && len(o.d.exact[og]) == 0 {
			continue
		}
		a.addState(g, o.d.p, o.d.exact[og], o.d.regs[og])
	}
	return nil
}

func (a *hllMergeAgg) Result(n int) ([]*column.Vector, error) {
	a.d.grow(n)
	out := make([]any, n)
	p := a.d.p
	if p == 0 {
		p = hllPrecision[1]
	}
	for g := range out {
		if a.d.regs[g] != nil || len(a.d.exact[g]) > 0 {
			out[g] = encodeHll(p, a.d.exact[g], a.d.regs[g])
		}
	}
	return []*column.Vector{column.FromDyns(out)}, nil
}

func bindDcountHll(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("dcount_hll", args, 1, 1, cDynamic)
	if err != nil {
		return nil, err
	}
	eval := func(_ *functions.Ctx, vs []*column.Vector, n int) (*column.Vector, error) {
		count := func(x any) (int64, bool) {
			p, exact, regs, ok := decodeHll(x)
			if !ok {
				return 0, false
			}
			if regs != nil {
				return int64(math.Round(hllEstimate(regs, p))), true
			}
			return int64(len(exact)), true
		}
		v := vs[0]
		if v.IsConst() {
			c, ok := count(v.Dyn(0))
			if !ok {
				return functions.NullConst(types.Long, n), nil
			}
			return column.Const(types.Long, c, n), nil
		}
		out := make([]int64, n)
		valid := make([]bool, n)
		for i := range out {
			out[i], valid[i] = count(v.Dyn(i))
		}
		return column.FromInts(types.Long, out, nullsOf(valid)), nil
	}
	return &functions.Bound{Type: types.Long, ArgTypes: ts, Eval: eval}, nil
}
