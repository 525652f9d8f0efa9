package aggregates

import (
	"sort"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// tdigest() is the intermediate state of percentiles(): Kusto documents
// the value as opaque and only promises that percentile_tdigest() of it
// gives the percentiles. Quarry's state keeps every distinct value with
// its total weight, so percentile_tdigest(tdigest(x), P) is exactly
// percentile(x, P) (the nearest-rank definition), and merging states
// loses nothing. Like Kusto's, the value is three arrays:
//
//	[[type], [value, ...], [weight, ...]]
//
// with the values sorted ascending, type one of "long", "real",
// "datetime", "timespan", and datetimes and timespans stored as ticks.

func init() {
	functions.Register(
		&functions.Func{Name: "tdigest", Kind: functions.Aggregate,
			Sig:  "tdigest(expr[, weight: long]): dynamic",
			Doc:  "Intermediate percentile state of expr (optionally weighted), for tdigest_merge() and percentile_tdigest().",
			Bind: bindTdigest},
		&functions.Func{Name: "tdigest_merge", Aliases: []string{"merge_tdigest"}, Kind: functions.Aggregate,
			Sig:  "tdigest_merge(digest: dynamic): dynamic",
			Doc:  "Merges the tdigest() states of the group into one.",
			Bind: bindTdigestMergeAgg},
	)
}

func bindTdigest(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("tdigest", args, 1, 2, cSummable, cInteger)
	if err != nil {
		return nil, err
	}
	t := digestType(ts[0])
	ts[0] = t
	w := -1
	if len(args) == 2 {
		ts[1], w = types.Long, 1
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Outputs: one(prefixName("tdigest", args), types.Dynamic),
		NewAgg: func() functions.Aggregator { return &tdigestAgg{pctAgg{t: t, weight: w}} }}, nil
}

// digestType is the type a digest keeps values of type t as.
func digestType(t types.Type) types.Type {
	switch t {
	case types.Int, types.Unknown:
		return types.Long
	case types.Decimal:
		return types.Real
	}
	return t
}

// tdigestAgg collects the values (and weights) as percentile() does.
type tdigestAgg struct{ pctAgg }

func (a *tdigestAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*tdigestAgg)
	if !ok {
		return mismatch(a, other)
	}
	return a.pctAgg.Merge(&o.pctAgg, mapping)
}

func (a *tdigestAgg) Result(n int) ([]*column.Vector, error) {
	a.grow(n)
	out := make([]any, n)
	for g := range out {
		d := &digest{t: a.t}
		if a.isReal() {
			d.reals = a.reals[g]
		} else {
			d.ints = a.ints[g]
		}
		if a.weight >= 0 {
			d.w = a.weights[g]
		}
		if d.len() > 0 {
			out[g] = d.normalize().encode()
		}
	}
	return []*column.Vector{column.FromDyns(out)}, nil
}

// digest is a decoded state. Before normalize, w may be nil (all 1).
type digest struct {
	t     types.Type
	ints  []int64
	reals []float64
	w     []int64
}

var digestTypeNames = map[types.Type]string{types.Long: "long", types.Real: "real", types.DateTime: "datetime", types.TimeSpan: "timespan"}

func (d *digest) isReal() bool { return d.t == types.Real }

func (d *digest) len() int {
	if d.isReal() {
		return len(d.reals)
	}
	return len(d.ints)
}

// weights returns the weights, materializing the implicit ones.
func (d *digest) weights() []int64 {
	if d.w == nil {
		d.w = make([]int64, d.len())
		for i := range d.w {
			d.w[i] = 1
		}
	}
	return d.w
}

// normalize sorts the values and sums the weights of equal ones.
func (d *digest) normalize() *digest {
	w := d.weights()
	if d.isReal() {
		sort.Sort(byValue[float64]{d.reals, w})
		d.reals, d.w = dedupe(d.reals, w)
	} else {
		sort.Sort(byValue[int64]{d.ints, w})
		d.ints, d.w = dedupe(d.ints, w)
	}
	return d
}

func dedupe[T int64 | float64](xs []T, ws []int64) ([]T, []int64) {
	if len(xs) == 0 {
		return xs, ws
	}
	ox, ow := []T{xs[0]}, []int64{ws[0]}
	for i := 1; i < len(xs); i++ {
		if xs[i] == ox[len(ox)-1] {
			ow[len(ow)-1] += ws[i]
			continue
		}
		ox, ow = append(ox, xs[i]), append(ow, ws[i])
	}
	return ox, ow
}

func (d *digest) encode() any {
	vals := make([]any, d.len())
	for i := range vals {
		if d.isReal() {
			vals[i] = d.reals[i]
		} else {
			vals[i] = d.ints[i]
		}
	}
	ws := make([]any, len(d.w))
	for i, w := range d.w {
		ws[i] = w
	}
	return []any{[]any{digestTypeNames[d.t]}, vals, ws}
}

// decodeDigest reads a tdigest() value; ok is false for anything else.
func decodeDigest(x any) (*digest, bool) {
	a, isArr := x.([]any)
	if !isArr || len(a) != 3 {
		return nil, false
	}
	head, ok1 := a[0].([]any)
	vals, ok2 := a[1].([]any)
	ws, ok3 := a[2].([]any)
	if !ok1 || !ok2 || !ok3 || len(head) != 1 || len(vals) != len(ws) {
		return nil, false
	}
	name, _ := head[0].(string)
	d := &digest{}
	for t, n := range digestTypeNames {
		if n == name {
			d.t = t
		}
	}
	if d.t == types.Unknown {
		return nil, false
	}
	d.w = make([]int64, len(ws))
	for i, w := range ws {
		switch w := w.(type) {
		case int64:
			d.w[i] = w
		case float64:
			d.w[i] = int64(w)
		default:
			return nil, false
		}
	}
	for _, v := range vals {
		var f float64
		var n int64
		switch v := v.(type) {
		case int64:
			f, n = float64(v), v
		case float64:
			f, n = v, int64(v)
		default:
			return nil, false
		}
		if d.isReal() {
			d.reals = append(d.reals, f)
		} else {
			d.ints = append(d.ints, n)
		}
	}
	return d, true
}

// add appends o's values to d (same type; the caller normalizes).
func (d *digest) add(o *digest) bool {
	if d.t != o.t {
		return false
	}
	d.weights()
	d.ints = append(d.ints, o.ints...)
	d.reals = append(d.reals, o.reals...)
	d.w = append(d.w, o.weights()...)
	return true
}

func bindTdigestMergeAgg(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("tdigest_merge", args, 1, 1, cScalar)
	if err != nil {
		return nil, err
	}
	if t := args[0].Type; t != types.Dynamic && t != types.Unknown {
		return nil, errorf("function 'tdigest_merge': the argument must be a tdigest() value (dynamic), got %s", t)
	}
	ts[0] = types.Dynamic
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Outputs: one(prefixName("merge_tdigests", args), types.Dynamic),
		NewAgg: func() functions.Aggregator { return &digestMergeAgg{} }}, nil
}

// digestMergeAgg unions the digests of each group.
type digestMergeAgg struct{ groups []*digest }

var errMixedDigests = errorf("tdigest_merge: the tdigest() values of a group must all be of the same type")

func (a *digestMergeAgg) fold(g uint32, d *digest) error {
	if a.groups[g] == nil {
		a.groups[g] = &digest{t: d.t}
	}
	if !a.groups[g].add(d) {
		return errMixedDigests
	}
	return nil
}

func (a *digestMergeAgg) Update(groups []uint32, args []*column.Vector) error {
	a.groups = grow(a.groups, groupsLen(groups))
	v := args[0]
	for i, g := range groups {
		if d, ok := decodeDigest(v.Dyn(i)); ok {
			if err := a.fold(g, d); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *digestMergeAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*digestMergeAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.groups = grow(a.groups, groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.groups))] {
		if o.groups[og] != nil {
			if err := a.fold(g, o.groups[og]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *digestMergeAgg) Result(n int) ([]*column.Vector, error) {
	a.groups = grow(a.groups, n)
	out := make([]any, n)
	for g, d := range a.groups[:n] {
		if d != nil && d.len() > 0 {
			out[g] = d.normalize().encode()
		}
	}
	return []*column.Vector{column.FromDyns(out)}, nil
}
