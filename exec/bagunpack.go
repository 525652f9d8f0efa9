package exec

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// bagUnpackOp is evaluate bag_unpack(Col[, Prefix]). Without a declared
// output schema the columns are discovered from the data: one per
// distinct top-level property, named Prefix+property, ordered by name (as
// the documented examples show), typed by the property's values when
// they all share one type and dynamic otherwise; null values are
// ignored, as are ignoredProperties. An unpacked name that clashes with
// an input column is an error (columnsConflict='error', the default),
// replaces the input column in place ('replace_source') or is dropped
// ('keep_source'). With a declared schema, exactly the plan's output
// columns are produced.
type bagUnpackOp struct {
	rt      *engine
	in      operator
	n       *plan.BagUnpack
	sch     types.Schema
	res     operator
	ignored map[string]bool // ignoredProperties
}

func (rt *engine) compileBagUnpack(n *plan.BagUnpack) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	if n.Col < 0 || n.Col >= len(in.schema()) {
		return nil, fmt.Errorf("internal error: bag_unpack column out of range")
	}
	switch n.ColumnsConflict {
	case "", conflictError, conflictReplace, conflictKeep:
	default:
		return nil, fmt.Errorf("bag_unpack: columnsConflict must be '%s', '%s' or '%s', not '%s'", conflictError, conflictReplace, conflictKeep, n.ColumnsConflict)
	}
	o := &bagUnpackOp{rt: rt, in: in, n: n, sch: n.Out, ignored: map[string]bool{}}
	for _, p := range n.IgnoredProperties {
		o.ignored[p] = true
	}
	return o, nil
}

// BagColumns is what an open bag_unpack (one without an output schema)
// finds in its input: the columns it unpacks (prefixed names and types,
// in output order; a column that replaces an input column of the same
// name, with columnsConflict='replace_source', is among them), and the
// input rows it read, so that the caller can run the bag_unpack again,
// bound with these columns, without computing its input twice.
type BagColumns struct {
	Unpacked types.Schema
	Input    *column.Batch
}

// DiscoverBagColumns runs n's input and finds the columns that n, bound
// without an output schema, unpacks. Unpacked is non-nil, also when the
// input has no rows (then it is empty).
func DiscoverBagColumns(ctx context.Context, n *plan.BagUnpack, src Source, opts Options) (*BagColumns, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rt := newEngine(ctx, src, opts)
	op, err := rt.compileBagUnpack(n)
	if err != nil {
		return nil, err
	}
	o := op.(*bagUnpackOp)
	all, bags, held, err := o.read()
	if err != nil {
		return nil, err
	}
	defer rt.mem.shrink(held)
	found, err := o.discover(bags, all.N)
	if err != nil {
		return nil, err
	}
	out := &BagColumns{Unpacked: make(types.Schema, 0, len(found)), Input: all}
	for _, u := range found {
		out.Unpacked = append(out.Unpacked, u.col)
	}
	return out, nil
}

// bag_unpack's columnsConflict values.
const (
	conflictError   = "error"
	conflictReplace = "replace_source"
	conflictKeep    = "keep_source"
)

// schema is final once next has been called (the columns come from the
// data).
func (o *bagUnpackOp) schema() types.Schema { return o.sch }

func (o *bagUnpackOp) next() (*column.Batch, error) {
	if o.res == nil {
		b, err := o.run()
		if err != nil {
			return nil, err
		}
		var bs []*column.Batch
		if b.N > 0 {
			bs = []*column.Batch{b}
		}
		o.res = &sliceOp{sch: o.sch, batches: bs}
	}
	return o.res.next()
}

// kept lists the input columns that stay (all but the unpacked one).
func (o *bagUnpackOp) kept() []int {
	var out []int
	for i := range o.in.schema() {
		if i != o.n.Col {
			out = append(out, i)
		}
	}
	return out
}

func (o *bagUnpackOp) run() (*column.Batch, error) {
	all, bags, held, err := o.read()
	if err != nil {
		return nil, err
	}
	defer o.rt.mem.shrink(held)
	ins := o.in.schema()
	if o.n.Fixed || len(o.n.Declared) > 0 {
		return o.declared(all, bags)
	}
	found, err := o.discover(bags, all.N)
	if err != nil {
		return nil, err
	}
	kept := o.kept()
	sch := make(types.Schema, 0, len(kept)+len(found))
	cols := make([]*column.Vector, 0, len(kept)+len(found))
	for _, i := range kept {
		sch = append(sch, ins[i])
		cols = append(cols, all.Cols[i])
	}
	for _, u := range found {
		v := extractProperty(bags, all.N, u.prop, u.col.Type)
		if u.at >= 0 {
			sch[u.at], cols[u.at] = u.col, v
			continue
		}
		sch = append(sch, u.col)
		cols = append(cols, v)
	}
	o.sch = sch
	return &column.Batch{Cols: cols, N: all.N}, nil
}

// read drains the input into one batch; bags is its unpacked column as
// dynamic values. held is the memory to give back when done.
func (o *bagUnpackOp) read() (all *column.Batch, bags *column.Vector, held int64, err error) {
	all, held, err = o.rt.drainConcat(o.in, "unpacking property bags")
	if err != nil {
		return nil, nil, 0, err
	}
	bags = all.Cols[o.n.Col]
	if bags.Type != types.Dynamic {
		if bags, err = convertVector(bags, types.Dynamic); err != nil {
			o.rt.mem.shrink(held)
			return nil, nil, 0, err
		}
	}
	return all, bags, held, nil
}

// unpacked is a column that bag_unpack takes from the bags.
type unpacked struct {
	prop string
	col  types.Column
	// at is the position among the kept input columns of the column it
	// replaces (columnsConflict='replace_source'), or -1: it is appended.
	at int
}

// discover finds an open bag_unpack's columns in the first n bags: one
// per distinct top-level property, ordered by name (as the documented
// examples show), typed by the property's non-null values when they all
// share one type and dynamic otherwise, with clashes with the kept input
// columns resolved by columnsConflict.
func (o *bagUnpackOp) discover(bags *column.Vector, n int) ([]unpacked, error) {
	type slot struct {
		t    types.Type
		seen bool
	}
	slots := map[string]*slot{}
	for i := 0; i < n; i++ {
		bag, ok := bags.Dyn(i).(*value.Bag)
		if !ok || bags.IsNull(i) {
			continue
		}
		for k, key := range bag.Keys {
			if o.ignored[key] {
				continue
			}
			s := slots[key]
			if s == nil {
				s = &slot{t: types.Unknown}
				slots[key] = s
			}
			v := bag.Values[k]
			if v == nil {
				continue
			}
			t := boxedType(v)
			switch {
			case !s.seen:
				s.t, s.seen = t, true
			case s.t != t:
				s.t = types.Dynamic
			}
		}
	}
	names := make([]string, 0, len(slots))
	for k := range slots {
		names = append(names, k)
	}
	sort.Strings(names)
	ins := o.in.schema()
	taken := map[string]int{} // kept input column name: its position
	for at, i := range o.kept() {
		taken[ins[i].Name] = at
	}
	out := make([]unpacked, 0, len(names))
	for _, name := range names {
		col := o.n.Prefix + name
		t := slots[name].t
		if t == types.Unknown {
			t = types.Dynamic
		}
		u := unpacked{prop: name, col: types.Column{Name: col, Type: t}, at: -1}
		if at, clash := taken[col]; clash {
			switch o.n.ColumnsConflict {
			case conflictKeep:
				continue
			case conflictReplace:
				// The input column's place keeps it; the values and
				// type are the property's.
				u.at = at
			default:
				return nil, fmt.Errorf("bag_unpack: the unpacked property '%s' would create column '%s', which already exists; give a prefix (bag_unpack(%s, 'prefix_')), columnsConflict='replace_source' or 'keep_source', or rename the existing column first", name, col, ins[o.n.Col].Name)
			}
		}
		out = append(out, u)
	}
	return out, nil
}

// declared fills the plan's output schema: kept input columns by name,
// declared ones from the bags.
func (o *bagUnpackOp) declared(all *column.Batch, bags *column.Vector) (*column.Batch, error) {
	ins := o.in.schema()
	decl := map[string]bool{}
	for _, c := range o.n.Declared {
		decl[c.Name] = true
	}
	cols := make([]*column.Vector, len(o.n.Out))
	for i, c := range o.n.Out {
		if decl[c.Name] {
			prop := strings.TrimPrefix(c.Name, o.n.Prefix)
			if o.ignored[prop] {
				cols[i] = column.Null(c.Type, all.N)
				continue
			}
			cols[i] = extractProperty(bags, all.N, prop, c.Type)
			continue
		}
		src := -1
		for j, ic := range ins {
			if j != o.n.Col && ic.Name == c.Name {
				src = j
				break
			}
		}
		if src < 0 {
			return nil, fmt.Errorf("internal error: bag_unpack output column '%s' has no source", c.Name)
		}
		v, err := asType(all.Cols[src], c.Type)
		if err != nil {
			return nil, err
		}
		cols[i] = v
	}
	o.sch = o.n.Out
	return &column.Batch{Cols: cols, N: all.N}, nil
}

func extractProperty(bags *column.Vector, n int, name string, t types.Type) *column.Vector {
	b := column.NewBuilder(t, n)
	for i := 0; i < n; i++ {
		bag, ok := bags.Dyn(i).(*value.Bag)
		if !ok {
			b.AppendNull()
			continue
		}
		v, ok := bag.Get(name)
		if !ok || v == nil {
			b.AppendNull()
			continue
		}
		if t == types.Dynamic {
			b.AppendDyn(v)
			continue
		}
		x, ok := convertValue(v, t)
		if !ok {
			b.AppendNull()
			continue
		}
		b.AppendValue(x)
	}
	return b.Build()
}

// boxedType is the Kusto type of a boxed scalar (dynamic for arrays and
// bags).
func boxedType(x any) types.Type {
	switch x.(type) {
	case bool:
		return types.Bool
	case int32:
		return types.Int
	case int64:
		return types.Long
	case float64:
		return types.Real
	case value.Decimal:
		return types.Decimal
	case string:
		return types.String
	case value.DateTime:
		return types.DateTime
	case value.TimeSpan:
		return types.TimeSpan
	case value.GUID:
		return types.Guid
	}
	return types.Dynamic
}
