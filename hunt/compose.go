package hunt

import (
	"errors"
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/hunt/exclusion"
	"github.com/quarryhunt/quarry/hunt/internal/qtext"
	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// exclColumn names the column that holds exclusion i's predicate.
func exclColumn(i int) string { return fmt.Sprintf("__quarry_exclusion_%d", i) }

// composed is the text Quarry runs for a rule.
type composed struct {
	text  *qtext.Text
	excls []*exclusion.Exclusion // applied, in column order
}

// compose builds a rule's query text: the rule's query, then one
// `extend` computing every applicable exclusion's predicate into its own
// column (so that one run both filters and counts per exclusion). A
// query that does not parse is left as it is: running it reports the
// syntax error. _GetWatchlist calls are left to the binder (see
// Runner.engine).
func compose(r *rule.Rule, excls []*exclusion.Exclusion) *composed {
	c := &composed{text: &qtext.Text{}}
	q := r.Query
	end := -1
	if len(excls) > 0 {
		if ast, errs := syntax.Parse(q); len(errs) == 0 && ast != nil {
			if body := ast.Body(); body != nil {
				end = int(body.End())
				// render stays last: the exclusions go before it.
				if pe, ok := body.X.(*syntax.PipeExpr); ok && pe.Source != nil {
					if _, isRender := pe.Op.(*syntax.RenderOp); isRender && pe.Pipe.IsValid() {
						end = int(pe.Pipe)
					}
				}
			}
		}
	}
	if end < 0 {
		c.text.Add(q, r.QueryAt, 0)
	} else {
		c.text.Add(q[:end], r.QueryAt, 0)
		c.text.AddGen("\n| extend ")
		for i, x := range excls {
			if i > 0 {
				c.text.AddGen(", ")
			}
			c.text.AddGen(exclColumn(i) + " = (\n")
			c.text.Add(x.Where, x.WhereAt, 0)
			c.text.AddGen("\n)")
		}
		c.text.AddGen("\n")
		c.text.Add(q[end:], r.QueryAt, end)
		c.excls = excls
	}
	return c
}

// mapError turns an engine error on the composed text into errors at
// the places in the rule or exclusion files the text came from.
func (c *composed) mapError(r *rule.Rule, err error) error {
	var list engine.ErrorList
	if !errors.As(err, &list) {
		return fmt.Errorf("%s: %w", r.File, err)
	}
	text := c.text.String()
	var out multiError
	for i, e := range list {
		if i == 3 {
			out = append(out, fmt.Errorf("(and %d more errors)", len(list)-3))
			break
		}
		if e.Line == 0 {
			out = append(out, &yamlx.Error{File: r.File, Line: r.QueryAt.Src.Line, Msg: e.Msg})
			continue
		}
		if e.File != "" {
			// In a stored function the rule called: its own file.
			out = append(out, &yamlx.Error{File: e.File, Line: e.Line, Col: e.Col, Msg: e.Msg, Snippet: e.Snippet})
			continue
		}
		o, off := c.text.Locate(qtext.Offset(text, e.Line, e.Col))
		if o == nil {
			o = r.QueryAt
		}
		out = append(out, o.Error(off, e.Msg))
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}

// multiError is several positioned errors of one rule.
type multiError []error

func (m multiError) Error() string {
	parts := make([]string, len(m))
	for i, e := range m {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

func (m multiError) Unwrap() []error { return m }
