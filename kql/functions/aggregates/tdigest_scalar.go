package aggregates

import (
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// The scalar functions over tdigest() states. A value that is not a
// digest gives null.

// ScalarFormPrefix names the catalog entry of the scalar form of an
// aggregate that Kusto also accepts outside summarize (merge_tdigest(a,
// b) in extend): the binder looks it up as ScalarFormPrefix + name. Such
// entries are of kind Operator so that they are not listed twice.
const ScalarFormPrefix = "scalar "

func init() {
	functions.Register(
		&functions.Func{Name: "percentile_tdigest", Kind: functions.Scalar,
			Sig:  "percentile_tdigest(digest: dynamic, percentile: real[, typeof(T)])",
			Doc:  "The nearest-rank percentile of a tdigest() state: dynamic, or of type T when given.",
			Bind: bindPercentileTdigest("percentile_tdigest", false)},
		&functions.Func{Name: "percentiles_array_tdigest", Kind: functions.Scalar,
			Sig:  "percentiles_array_tdigest(digest: dynamic, percentile1, ... | percentiles: dynamic[, typeof(T)]): dynamic",
			Doc:  "The nearest-rank percentiles of a tdigest() state, as an array.",
			Bind: bindPercentileTdigest("percentiles_array_tdigest", true)},
		&functions.Func{Name: "rank_tdigest", Kind: functions.Scalar,
			Sig:  "rank_tdigest(digest: dynamic, value): real",
			Doc:  "The number of values of a tdigest() state that are less than or equal to value.",
			Bind: bindRankTdigest("rank_tdigest", false)},
		&functions.Func{Name: "percentrank_tdigest", Kind: functions.Scalar,
			Sig:  "percentrank_tdigest(digest: dynamic, value): real",
			Doc:  "The percentage of the values of a tdigest() state that are less than or equal to value.",
			Bind: bindRankTdigest("percentrank_tdigest", true)},
		&functions.Func{Name: ScalarFormPrefix + "merge_tdigest", Aliases: []string{ScalarFormPrefix + "tdigest_merge"}, Kind: functions.Operator,
			Sig:  "merge_tdigest(digest1, digest2, ...): dynamic",
			Doc:  "Merges tdigest() states (the scalar form of tdigest_merge()).",
			Bind: bindMergeTdigestScalar},
	)
}

func checkDigestArg(name string, a functions.Arg) error {
	if a.Type != types.Dynamic && a.Type != types.Unknown {
		return errorf("function '%s': the digest must be a tdigest() value (dynamic), got %s", name, a.Type)
	}
	return nil
}

// typeArg reads a trailing typeof(T) argument.
func typeArg(a functions.Arg) (types.Type, bool) {
	t, ok := a.Value.(types.Type)
	return t, ok && a.IsConst
}

func bindPercentileTdigest(name string, array bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		if err := functions.CheckCount(name, args, 2, -1); err != nil {
			return nil, err
		}
		if err := checkDigestArg(name, args[0]); err != nil {
			return nil, err
		}
		ps := args[1:]
		target := types.Unknown
		if t, ok := typeArg(ps[len(ps)-1]); ok {
			target, ps = t, ps[:len(ps)-1]
		}
		if len(ps) == 0 {
			return nil, errorf("function '%s' expects a percentile", name)
		}
		if !array && len(ps) != 1 {
			return nil, errorf("function '%s' expects one percentile (use percentiles_array_tdigest for several)", name)
		}
		ts := functions.Types(args)
		ts[0] = types.Dynamic
		var fixed []float64 // constant percentiles, known at bind time
		dynArray := array && len(ps) == 1 && ps[0].Type == types.Dynamic
		for i, a := range ps {
			switch {
			case dynArray:
				arr, ok := a.Value.([]any)
				if !a.IsConst || !ok {
					return nil, errorf("function '%s': the percentiles must be a constant dynamic array of numbers", name)
				}
				for _, x := range arr {
					f, err := constNumber(name, functions.Arg{IsConst: true, Value: x}, "each percentile")
					if err != nil {
						return nil, err
					}
					fixed = append(fixed, f)
				}
			case a.Type.IsNumeric() || a.Type == types.Unknown:
				ts[i+1] = types.Real
				if !a.IsConst {
					if array {
						return nil, errorf("function '%s': the percentiles must be constants", name)
					}
					continue // one percentile per row
				}
				f, err := constNumber(name, a, "each percentile")
				if err != nil {
					return nil, err
				}
				fixed = append(fixed, f)
			default:
				return nil, errorf("function '%s': a percentile must be a number, got %s", name, a.Type)
			}
		}
		for _, p := range fixed {
			if p < 0 || p > 100 || p != p {
				return nil, errorf("function '%s': percentiles must be between 0 and 100, got %v", name, p)
			}
		}
		rt := types.Dynamic
		if !array && target != types.Unknown {
			rt = target
		}
		k := &pctDigestKernel{array: array, target: target, fixed: fixed}
		return &functions.Bound{Type: rt, ArgTypes: ts, Eval: k.eval}, nil
	}
}

type pctDigestKernel struct {
	array  bool
	target types.Type
	fixed  []float64 // nil: one percentile per row (argument 1)
}

func (k *pctDigestKernel) eval(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	rt := types.Dynamic
	if !k.array && k.target != types.Unknown {
		rt = k.target
	}
	b := functions.NewBuilder(rt, n)
	var cache digestCache
	for i := 0; i < n; i++ {
		d := cache.at(args[0], i)
		ps := k.fixed
		if ps == nil {
			if args[1].IsNull(i) {
				b.AppendNull()
				continue
			}
			p := args[1].Real(i)
			if p < 0 || p > 100 || p != p {
				b.AppendNull()
				continue
			}
			ps = []float64{p}
		}
		if d == nil {
			b.AppendNull()
			continue
		}
		rs := ranks(ps, d.len(), d.w)
		if !k.array {
			b.AppendValue(d.boxAs(rs[0], k.target))
			continue
		}
		row := make([]any, len(rs))
		for j, r := range rs {
			row[j] = d.boxAs(r, k.target)
		}
		b.AppendValue(row)
	}
	return b.Build(), nil
}

// digestCache decodes the digest of each row, once for a constant.
type digestCache struct {
	done  bool
	konst *digest
}

func (c *digestCache) at(v *column.Vector, i int) *digest {
	if v.IsConst() {
		if !c.done {
			c.konst, c.done = decodeNormalized(v.Dyn(0)), true
		}
		return c.konst
	}
	return decodeNormalized(v.Dyn(i))
}

func decodeNormalized(x any) *digest {
	d, ok := decodeDigest(x)
	if !ok || d.len() == 0 {
		return nil
	}
	return d.normalize()
}

// boxAs returns value number r of d as type t (Unknown: its own type),
// or nil when it does not convert.
func (d *digest) boxAs(r int, t types.Type) any {
	var x any
	switch d.t {
	case types.Real:
		x = d.reals[r]
	case types.DateTime:
		x = value.DateTime(d.ints[r])
	case types.TimeSpan:
		x = value.TimeSpan(d.ints[r])
	default:
		x = d.ints[r]
	}
	if t == types.Unknown || t == types.Dynamic || t == d.t {
		return x
	}
	switch t {
	case types.Real, types.Decimal:
		switch v := x.(type) {
		case int64:
			return float64(v)
		}
	case types.Long, types.Int:
		switch v := x.(type) {
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil
			}
			if t == types.Int {
				return int32(v)
			}
			return int64(v)
		case int64:
			if t == types.Int {
				return int32(v)
			}
			return v
		}
	}
	return nil
}

func bindRankTdigest(name string, percent bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := check(name, args, 2, 2, cScalar, cScalar)
		if err != nil {
			return nil, err
		}
		if err := checkDigestArg(name, args[0]); err != nil {
			return nil, err
		}
		ts[0] = types.Dynamic
		if t := args[1].Type; t.IsNumeric() {
			ts[1] = types.Real
		}
		return &functions.Bound{Type: types.Real, ArgTypes: ts, Eval: func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			out := make([]float64, n)
			var nulls column.Bitmap
			var cache digestCache
			v := args[1]
			for i := 0; i < n; i++ {
				d := cache.at(args[0], i)
				r, ok := 0.0, d != nil && !v.IsNull(i)
				if ok {
					r, ok = d.rank(v, i)
				}
				if !ok {
					functions.SetNull(&nulls, n, i)
					continue
				}
				if percent {
					r = r * 100 / float64(d.total())
				}
				out[i] = r
			}
			return column.FromReals(types.Real, out, nulls), nil
		}}, nil
	}
}

func (d *digest) total() int64 {
	var s int64
	for _, w := range d.w {
		s += w
	}
	return s
}

// rank is the total weight of the values <= row i of v; ok is false
// when v's type does not compare with the digest's.
func (d *digest) rank(v *column.Vector, i int) (float64, bool) {
	var le func(j int) bool
	switch {
	case d.isReal() && v.Type == types.Real:
		x := v.Real(i)
		le = func(j int) bool { return d.reals[j] <= x }
	case d.t == types.Long && v.Type == types.Real:
		x := v.Real(i)
		le = func(j int) bool { return float64(d.ints[j]) <= x }
	case d.t == types.Long && v.Type.IsInteger(), d.t == v.Type && v.Type.IsTemporal():
		x := v.Int(i)
		le = func(j int) bool { return d.ints[j] <= x }
	case d.isReal() && v.Type.IsInteger():
		x := float64(v.Int(i))
		le = func(j int) bool { return d.reals[j] <= x }
	default:
		return 0, false
	}
	var s int64
	for j := 0; j < d.len() && le(j); j++ {
		s += d.w[j]
	}
	return float64(s), true
}

func bindMergeTdigestScalar(args []functions.Arg) (*functions.Bound, error) {
	if err := functions.CheckCount("merge_tdigest", args, 2, 16); err != nil {
		return nil, err
	}
	for _, a := range args {
		if err := checkDigestArg("merge_tdigest", a); err != nil {
			return nil, err
		}
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: functions.Same(types.Dynamic, len(args)),
		Eval: func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			out := make([]any, n)
			for i := range out {
				var acc *digest
				for _, a := range args {
					d, ok := decodeDigest(a.Dyn(i))
					if !ok || d.len() == 0 {
						continue
					}
					if acc == nil {
						acc = &digest{t: d.t}
					}
					if !acc.add(d) {
						return nil, errMixedDigests
					}
				}
				if acc != nil {
					out[i] = acc.normalize().encode()
				}
			}
			return column.FromDyns(out), nil
		}}, nil
}
