package plan

import (
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Time-range extraction: conditions right above a Scan that compare one
// datetime column with constants give the Scan a [From, To) range of
// that column, so storage can skip whole partitions. The conditions stay
// in the plan; the range is only a hint.

func (o *optimizer) timeRanges(n Node) Node {
	if m, ok := n.(*Materialize); ok {
		if done, ok := o.ranged[m]; ok {
			return done
		}
		r := &Materialize{Input: o.timeRanges(m.Input)}
		o.ranged[m] = r
		return r
	}
	if f, ok := n.(*Filter); ok {
		// Collect the conditions of the chain of filters down to a scan.
		var preds []Expr
		var chain []*Filter
		var cur Node = f
		for {
			ff, ok := cur.(*Filter)
			if !ok {
				break
			}
			chain = append(chain, ff)
			preds = append(preds, conjuncts(ff.Pred)...)
			cur = ff.Input
		}
		if scan, ok := cur.(*Scan); ok {
			if s := scanWithRange(scan, preds); s != nil {
				var out Node = s
				for i := len(chain) - 1; i >= 0; i-- {
					out = &Filter{Input: out, Pred: o.rangeSubqueries(chain[i].Pred)}
				}
				return out
			}
		}
	}
	return rebuild(n, o.timeRanges, o.rangeSubqueries)
}

func (o *optimizer) rangeSubqueries(e Expr) Expr { return mapExpr(e, same, o.timeRanges) }

// scanWithRange returns a copy of scan with the time range the
// conditions imply, or nil when they imply none.
func scanWithRange(scan *Scan, preds []Expr) *Scan {
	col := -1
	var from, to *int64
	lower := func(t int64) {
		if from == nil || t > *from {
			from = &t
		}
	}
	upper := func(t int64) { // exclusive
		if to == nil || t < *to {
			to = &t
		}
	}
	for _, p := range preds {
		c, ok := p.(*Call)
		if !ok || c.Fn == nil {
			continue
		}
		name := c.Fn.Name
		switch name {
		case ">", ">=", "<", "<=", "==":
			if len(c.Args) != 2 {
				continue
			}
			idx, t, flipped, ok := colVsTime(c.Args[0], c.Args[1])
			if !ok || (col >= 0 && idx != col) {
				continue
			}
			if flipped {
				name = flip(name)
			}
			col = idx
			switch name {
			case ">":
				lower(t + 1)
			case ">=":
				lower(t)
			case "<":
				upper(t)
			case "<=":
				upper(t + 1)
			case "==":
				lower(t)
				upper(t + 1)
			}
		case "between":
			if len(c.Args) != 3 {
				continue
			}
			ref, ok := c.Args[0].(*ColRef)
			lo, ok1 := timeConst(c.Args[1])
			hi, ok2 := timeConst(c.Args[2])
			if !ok || !ok1 || !ok2 || ref.T != types.DateTime || (col >= 0 && ref.Index != col) {
				continue
			}
			col = ref.Index
			lower(lo)
			upper(hi + 1)
		}
	}
	if col < 0 || (from == nil && to == nil) {
		return nil
	}
	s := *scan
	pos := col
	if scan.Project != nil {
		pos = scan.Project[col]
	}
	s.TimeColumn = scan.Columns[pos].Name
	s.From, s.To = from, to
	return &s
}

// colVsTime matches `Col op constant` or `constant op Col` for a
// datetime column.
func colVsTime(a, b Expr) (idx int, t int64, flipped, ok bool) {
	if r, isRef := a.(*ColRef); isRef && r.T == types.DateTime {
		if t, ok := timeConst(b); ok {
			return r.Index, t, false, true
		}
	}
	if r, isRef := b.(*ColRef); isRef && r.T == types.DateTime {
		if t, ok := timeConst(a); ok {
			return r.Index, t, true, true
		}
	}
	return 0, 0, false, false
}

func timeConst(e Expr) (int64, bool) {
	c, ok := e.(*Const)
	if !ok || c.T != types.DateTime {
		return 0, false
	}
	switch v := c.Value.(type) {
	case value.DateTime:
		return int64(v), true
	case int64:
		return v, true
	}
	return 0, false
}

func flip(op string) string {
	switch op {
	case ">":
		return "<"
	case ">=":
		return "<="
	case "<":
		return ">"
	case "<=":
		return ">="
	}
	return op
}
