package semantic

import (
	"regexp"
	"strings"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// typePattern is the regular expression a parse column of type t
// matches. Typed columns only match text that converts to the type, so a
// row whose text does not fit does not match.
func typePattern(t types.Type, last bool) string {
	switch t {
	case types.Int, types.Long:
		return `-?\d+`
	case types.Real, types.Decimal:
		return `-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?`
	case types.Bool:
		return `(?i:true|false|0|1)`
	case types.Guid:
		return `[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}`
	}
	if last {
		// A string column at the end of the pattern takes the rest.
		return `.*`
	}
	return `.*?`
}

// columnPattern is the capture group body of a typed column. Relaxed
// matching also accepts any text (the string pattern), so that the
// delimiters alone decide whether a row matches; text of the type is
// tried first so that a column followed by `*` or trailing text still
// captures its value rather than an empty or over-long string.
func columnPattern(t types.Type, last, relaxed bool) string {
	typed := typePattern(t, last)
	str := typePattern(types.String, last)
	if !relaxed || typed == str {
		return typed
	}
	return typed + "|" + str
}

// parse binds parse and parse-where: the pattern becomes one regular
// expression whose capture groups feed the new columns.
func (b *binder) parse(kind, flags string, src syntax.Expr, pattern []syntax.Expr, where bool, in plan.Node, sc *scope, pos syntax.Pos) plan.Node {
	inS := in.Schema()
	row := newRow(inS)
	source := b.expr(src, sc, row)
	if !isBad(source) && source.Type() != types.String {
		source = convertTo(source, types.String)
	}
	kind = lowerName(kind)
	isRegex := kind == "regex"
	// Relaxed matching captures typed columns as text: the delimiters
	// decide the match, and a value that does not convert becomes null.
	relaxed := kind == "relaxed"
	if kind != "" && kind != "simple" && kind != "regex" && kind != "relaxed" {
		b.errorf(pos, "KS107", "The parse kind '%s' is not one of simple, regex or relaxed.", kind)
	}
	var re strings.Builder
	if isRegex && flags != "" {
		re.WriteString("(?" + flags + ")")
	}
	out := append(types.Schema(nil), inS...)
	var cols []plan.ParseCol
	group := 0
	seen := map[string]bool{}
	for i, it := range pattern {
		last := i == len(pattern)-1
		switch x := it.(type) {
		case *syntax.Literal:
			s, _ := x.Value.(string)
			if isRegex {
				// Groups the pattern's own text opens shift the numbering.
				if r, err := regexp.Compile(s); err == nil {
					group += r.NumSubexp()
				}
				re.WriteString(s)
			} else {
				re.WriteString(regexp.QuoteMeta(s))
			}
		case *syntax.Star:
			if !last {
				re.WriteString(`.*?`)
			}
		case *syntax.ColumnDecl:
			t := types.String
			if x.Type != nil {
				t = b.typeRef(x.Type)
			}
			group++
			re.WriteString("(" + columnPattern(t, last, relaxed) + ")")
			name := x.Name.Name
			if seen[name] {
				b.errorf(x.Pos(), "KS171", "A column with the name '%s' is already declared.", name)
				continue
			}
			seen[name] = true
			idx := out.Index(name)
			if idx >= 0 {
				out[idx].Type = t
			} else {
				out = append(out, types.Column{Name: name, Type: t})
				idx = len(out) - 1
			}
			cols = append(cols, plan.ParseCol{Group: group, Index: idx, T: t})
		case *syntax.Ident:
			// A bare name is a string column.
			group++
			re.WriteString("(" + typePattern(types.String, last) + ")")
			name := x.Name
			if seen[name] {
				b.errorf(x.Pos(), "KS171", "A column with the name '%s' is already declared.", name)
				continue
			}
			seen[name] = true
			idx := out.Index(name)
			if idx >= 0 {
				out[idx].Type = types.String
			} else {
				out = append(out, types.Column{Name: name, Type: types.String})
				idx = len(out) - 1
			}
			cols = append(cols, plan.ParseCol{Group: group, Index: idx, T: types.String})
		default:
			b.errorf(it.Pos(), "KS107", "A string constant or a column declaration expected in the parse pattern.")
		}
	}
	if isRegex {
		if _, err := regexp.Compile(re.String()); err != nil {
			b.errorf(pos, "KS107", "The parse pattern is not a valid regular expression: %v", err)
		}
	}
	return &plan.Parse{Input: in, Source: source, Regex: re.String(), Cols: cols, Where: where, Out: out, Relaxed: relaxed}
}

// parseKv binds `parse-kv Source as (k:type, ...) with (props)`.
func (b *binder) parseKv(o *syntax.ParseKvOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	source := b.expr(o.Source, sc, newRow(inS))
	if !isBad(source) && source.Type() != types.String {
		source = convertTo(source, types.String)
	}
	n := &plan.ParseKv{Input: in, Source: source, Props: map[string]string{}, Out: append(types.Schema(nil), inS...)}
	seen := map[string]bool{}
	for _, c := range o.Columns {
		name := c.Name.Name
		if seen[name] {
			b.errorf(c.Pos(), "KS171", "A column with the name '%s' is already declared.", name)
			continue
		}
		seen[name] = true
		t := types.String
		if c.Type != nil {
			t = b.typeRef(c.Type)
		}
		idx := n.Out.Index(name)
		if idx >= 0 {
			n.Out[idx].Type = t
		} else {
			n.Out = append(n.Out, types.Column{Name: name, Type: t})
			idx = len(n.Out) - 1
		}
		n.Keys = append(n.Keys, name)
		n.Cols = append(n.Cols, plan.ParseCol{Group: len(n.Cols) + 1, Index: idx, T: t})
	}
	for _, p := range o.Props {
		n.Props[lowerName(p.Name)] = propText(p.Value)
	}
	return n
}
