package exec

import (
	"fmt"
	"regexp"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// parseOp extracts columns with one compiled regular expression. The
// expression runs once per distinct value of a dictionary-encoded source.
// Captured text becomes typed columns through the string conversion;
// rows that do not match get nulls (empty strings), or are dropped by
// parse-where.
type parseOp struct {
	in     operator
	n      *plan.Parse
	src    evalFn
	re     *regexp.Regexp
	isNew  []bool // per output column: produced by the parse
	nInput int
}

func (rt *engine) compileParse(n *plan.Parse) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return rt.newParse(in, n)
}

func (rt *engine) newParse(in operator, n *plan.Parse) (operator, error) {
	re, err := regexp.Compile(n.Regex)
	if err != nil {
		return nil, fmt.Errorf("parse: invalid pattern: %v", err)
	}
	src, err := rt.compileExpr(n.Source)
	if err != nil {
		return nil, err
	}
	o := &parseOp{in: in, n: n, src: src, re: re, isNew: make([]bool, len(n.Out)), nInput: len(in.schema())}
	for _, c := range n.Cols {
		if c.Index < 0 || c.Index >= len(n.Out) {
			return nil, fmt.Errorf("internal error: parse column %d out of range", c.Index)
		}
		if c.Group < 0 || c.Group > re.NumSubexp() {
			return nil, fmt.Errorf("internal error: parse group %d does not exist in the pattern", c.Group)
		}
		o.isNew[c.Index] = true
	}
	for i, isNew := range o.isNew {
		if !isNew && i >= o.nInput {
			return nil, fmt.Errorf("internal error: parse output column %d has no source", i)
		}
	}
	return o, nil
}

func (o *parseOp) schema() types.Schema { return o.n.Out }

func (o *parseOp) next() (*column.Batch, error) {
	for {
		b, err := o.in.next()
		if err != nil {
			return nil, err
		}
		out, err := o.parse(b)
		if err != nil {
			return nil, err
		}
		if out.N > 0 {
			return out, nil
		}
	}
}

// matchAll runs the pattern over every row of a plain string vector and
// returns, per parse column, the captured strings, plus which rows
// matched.
func (o *parseOp) matchAll(v *column.Vector, n int) ([]*column.Strings, []bool) {
	caps := make([]*column.Strings, len(o.n.Cols))
	for k := range caps {
		caps[k] = column.NewStrings(n, 0)
	}
	ok := make([]bool, n)
	for i := 0; i < n; i++ {
		s := v.Str(i)
		m := o.re.FindStringSubmatchIndex(s)
		ok[i] = m != nil
		for k, c := range o.n.Cols {
			x := ""
			if m != nil && m[2*c.Group] >= 0 {
				x = s[m[2*c.Group]:m[2*c.Group+1]]
			}
			caps[k].Append(x)
		}
	}
	return caps, ok
}

func (o *parseOp) parse(b *column.Batch) (*column.Batch, error) {
	out, sel, err := o.parseSel(b)
	if err != nil || sel == nil {
		return out, err
	}
	return column.TakeBatch(out, sel), nil
}

// parseSel parses every row; for parse-where, sel lists the rows that
// matched (nil when all did, or for plain parse).
func (o *parseOp) parseSel(b *column.Batch) (*column.Batch, []int32, error) {
	sv, err := o.src(b)
	if err != nil {
		return nil, nil, err
	}
	if sv.Type != types.String {
		if sv, err = convertVector(sv, types.String); err != nil {
			return nil, nil, fmt.Errorf("parse: %v", err)
		}
	}
	n := b.N
	var caps []*column.Vector
	var matched []bool
	switch {
	case sv.IsConst():
		cs, ok := o.matchAll(sv, 1)
		idx := make([]int32, n)
		caps = o.typed(cs, ok, idx)
		matched = make([]bool, n)
		for i := range matched {
			matched[i] = ok[0]
		}
	case sv.Strs.Dict != nil && sv.Strs.Dict.Len() <= n:
		d := column.FromStrings(types.String, sv.Strs.Dict)
		cs, ok := o.matchAll(d, d.Len())
		idx := make([]int32, n)
		matched = make([]bool, n)
		for i, c := range sv.Strs.Codes[:n] {
			idx[i] = int32(c)
			matched[i] = ok[c]
		}
		caps = o.typed(cs, ok, idx)
	default:
		cs, ok := o.matchAll(sv, n)
		caps = o.typed(cs, ok, nil)
		matched = ok
	}
	for k, c := range caps {
		if caps[k], err = asType(c, o.n.Cols[k].T); err != nil {
			return nil, nil, fmt.Errorf("parse column '%s': %v", o.n.Out[o.n.Cols[k].Index].Name, err)
		}
	}
	// Matching is strict (kinds simple and regex): a row whose captured
	// text does not convert to its column's type did not parse, so it
	// gets no values at all (parse) or is dropped (parse-where). With
	// kind=relaxed only that column is null.
	if keep := o.converted(caps, matched); keep != nil && !o.n.Relaxed {
		for k, c := range caps {
			caps[k] = column.Take(c, keep)
		}
		for i, j := range keep {
			if j < 0 {
				matched[i] = false
			}
		}
	}
	cols := make([]*column.Vector, len(o.n.Out))
	for i := range cols {
		if !o.isNew[i] {
			cols[i] = b.Cols[i]
		}
	}
	for k, c := range o.n.Cols {
		cols[c.Index] = caps[k]
	}
	out := &column.Batch{Cols: cols, N: n}
	if o.n.Where {
		sel := make([]int32, 0, n)
		for i, m := range matched {
			if m {
				sel = append(sel, int32(i))
			}
		}
		if len(sel) < n {
			return out, sel, nil
		}
	}
	return out, nil, nil
}

// typed converts captured strings to each column's type; rows that did
// not match become null. idx, when set, maps output rows to capture rows.
func (o *parseOp) typed(cs []*column.Strings, ok []bool, idx []int32) []*column.Vector {
	out := make([]*column.Vector, len(cs))
	var nulls column.Bitmap
	for i, m := range ok {
		if !m {
			if nulls == nil {
				nulls = column.NewBitmap(len(ok))
			}
			nulls.Set(i)
		}
	}
	for k, s := range cs {
		v := column.FromStrings(types.String, s)
		t := o.n.Cols[k].T
		if t != types.String {
			if c, err := convertVector(v, t); err == nil {
				v = c
				if nulls != nil {
					v.SetNulls(column.Or(v.Nulls(), nulls, len(ok)))
				}
			} else {
				v = column.Null(t, len(ok))
			}
		}
		if idx != nil {
			v = column.Take(v, idx)
		}
		out[k] = v
	}
	return out
}

// converted finds matched rows where a typed capture failed to convert
// (its value is null); it returns nil when there is none, else the
// gather indexes that blank those rows (-1).
func (o *parseOp) converted(caps []*column.Vector, matched []bool) []int32 {
	var keep []int32
	for k, c := range caps {
		if o.n.Cols[k].T == types.String || !c.HasNulls() {
			continue
		}
		for i, m := range matched {
			if m && c.IsNull(i) {
				if keep == nil {
					keep = make([]int32, len(matched))
					for j := range keep {
						keep[j] = int32(j)
					}
				}
				keep[i] = -1
			}
		}
	}
	return keep
}
