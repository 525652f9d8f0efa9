package text

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Regular-expression functions. Kusto's regular expressions are RE2,
// which is Go's regexp syntax. A constant pattern is compiled once at bind
// time (an invalid one is a bind error); patterns that vary per row go
// through functions.CompileRegex's cache.

func init() {
	functions.Register(
		&functions.Func{Name: "extract", Kind: functions.Scalar, Sig: "extract(regex: string, captureGroup: long, source: string, [typeof(T)])",
			Doc:  "The text matched by a capture group (0: the whole match) of the first match of regex in source, optionally converted to type T; empty (null with a type) when there is no match.",
			Bind: bindExtract},
		&functions.Func{Name: "extract_all", Aliases: []string{"extractall"}, Kind: functions.Scalar, Sig: "extract_all(regex: string, [captureGroups: dynamic], source: string): dynamic",
			Doc:  "All matches of regex in source: an array of the single capture group's values, or of arrays of the selected groups' values (by number or name); null when nothing matches.",
			Bind: bindExtractAll},
		&functions.Func{Name: "replace_regex", Kind: functions.Scalar, Sig: "replace_regex(source: string, regex: string, rewrite: string): string",
			Doc:  `Replaces every non-overlapping match of regex with rewrite, where \0 is the whole match and \1 to \9 the capture groups.`,
			Bind: bindReplaceRegex("replace_regex", []int{0, 1, 2})},
		&functions.Func{Name: "replace", Kind: functions.Scalar, Sig: "replace(regex: string, rewrite: string, source: string): string",
			Doc:  "Deprecated form of replace_regex with the arguments in another order.",
			Bind: bindReplaceRegex("replace", []int{2, 0, 1})},
		&functions.Func{Name: "trim", Kind: functions.Scalar, Sig: "trim(regex: string, source: string): string",
			Doc: "Removes all leading and trailing matches of regex.", Bind: bindTrim("trim", true, true)},
		&functions.Func{Name: "trim_start", Kind: functions.Scalar, Sig: "trim_start(regex: string, source: string): string",
			Doc: "Removes all leading matches of regex.", Bind: bindTrim("trim_start", true, false)},
		&functions.Func{Name: "trim_end", Kind: functions.Scalar, Sig: "trim_end(regex: string, source: string): string",
			Doc: "Removes all trailing matches of regex.", Bind: bindTrim("trim_end", false, true)},
		&functions.Func{Name: "indexof_regex", Kind: functions.Scalar, Sig: "indexof_regex(string, regex, [start, [length, [occurrence]]]): long",
			Doc:  "The zero-based position of the occurrence-th non-overlapping match of regex within [start, start+length) (-1 when absent); null for a negative start or occurrence or a length below -1.",
			Bind: bindIndexofRegex},
		fn("regex_quote", types.String, []param{p("string", kScalar)}, "regex_quote(string): string",
			"Escapes every character that has a meaning in a regular expression.", regexQuoteKernel),
	)
}

// regexArg compiles a constant pattern argument (nil when not constant).
func regexArg(a functions.Arg) (*functions.Regex, error) {
	s, ok := constStr(a)
	if !ok {
		return nil, nil
	}
	return functions.CompileRegex(s)
}

// regexAt returns the pattern for row i: the bound constant or a cached
// compile of the row's value.
func regexAt(fixed *functions.Regex, v *column.Vector, i int) (*functions.Regex, error) {
	if fixed != nil {
		return fixed, nil
	}
	return functions.CompileRegex(v.Str(i))
}

func bindExtract(args []functions.Arg) (*functions.Bound, error) {
	params := []param{p("regex", kString), p("captureGroup", kInt), p("source", kString), opt("typeLiteral", kTypeLit)}
	ts, err := check("extract", params, false, 0, args)
	if err != nil {
		return nil, err
	}
	result := types.String
	if len(args) == 4 {
		result, _ = typeLiteral(args[3])
	}
	re, err := regexArg(args[0])
	if err != nil {
		return nil, err
	}
	if g, ok := constInt(args[1]); ok && re != nil && (g < 0 || g > int64(re.NumSubexp())) {
		return nil, fmt.Errorf("function 'extract': capture group %d does not exist in the regular expression (it has %d)", g, re.NumSubexp())
	}
	return &functions.Bound{Type: result, ArgTypes: ts, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		one := func(r *functions.Regex, g int64, s string) (string, bool) {
			if g < 0 || g > int64(r.NumSubexp()) {
				return "", false
			}
			m := r.FindStringSubmatchIndex(s)
			if m == nil || m[2*g] < 0 {
				return "", false
			}
			return s[m[2*g]:m[2*g+1]], true
		}
		if result == types.String && re != nil && a[1].IsConst() {
			g, ok := functions.IntAt(a[1], 0)
			if !ok {
				return column.Const(types.String, "", n), nil
			}
			return functions.MapStrStr(a[2], n, func(dst []byte, s string) []byte {
				x, _ := one(re, g, s)
				return append(dst, x...)
			}), nil
		}
		b := functions.NewBuilder(result, n)
		for i := 0; i < n; i++ {
			r, err := regexAt(re, a[0], i)
			if err != nil {
				return nil, err
			}
			g, ok := functions.IntAt(a[1], i)
			var x string
			if ok {
				x, ok = one(r, g, a[2].Str(i))
			}
			switch {
			case result == types.String:
				b.AppendValue(x)
			case !ok:
				b.AppendNull()
			default:
				b.AppendValue(functions.ConvertValue(x, result))
			}
		}
		return b.Build(), nil
	}}, nil
}

func bindExtractAll(args []functions.Arg) (*functions.Bound, error) {
	var ts []types.Type
	var err error
	groupsArg := -1
	if len(args) == 3 {
		ts, err = check("extract_all", []param{p("regex", kString), p("captureGroups", kDynArray), p("source", kString)}, false, 0, args)
		groupsArg = 1
	} else {
		ts, err = check("extract_all", []param{p("regex", kString), p("source", kString)}, false, 0, args)
	}
	if err != nil {
		return nil, err
	}
	re, err := regexArg(args[0])
	if err != nil {
		return nil, err
	}
	if re != nil && (re.NumSubexp() < 1 || re.NumSubexp() > 16) {
		return nil, fmt.Errorf("function 'extract_all': the regular expression must have between 1 and 16 capture groups, it has %d", re.NumSubexp())
	}
	var fixedGroups []int
	if re != nil && groupsArg > 0 && args[groupsArg].IsConst {
		if fixedGroups, err = selectGroups(re, args[groupsArg].Value); err != nil {
			return nil, err
		}
	}
	if re != nil && groupsArg < 0 {
		fixedGroups = allGroups(re)
	}
	src := len(args) - 1
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		if fixedGroups != nil {
			// Once per distinct source value; the arrays are shared by
			// the rows of a dictionary entry and never modified.
			return functions.MapStrDyn(a[src], n, func(s string) any { return extractAll(re, fixedGroups, s) }), nil
		}
		out := make([]any, n)
		for i := range out {
			r, err := regexAt(re, a[0], i)
			if err != nil {
				return nil, err
			}
			groups := fixedGroups
			if groups == nil {
				if r.NumSubexp() < 1 {
					return nil, fmt.Errorf("function 'extract_all': the regular expression %q has no capture group", r.String())
				}
				if groupsArg > 0 {
					if groups, err = selectGroups(r, a[groupsArg].Dyn(i)); err != nil {
						return nil, err
					}
				} else {
					groups = allGroups(r)
				}
			}
			out[i] = extractAll(r, groups, a[src].Str(i))
		}
		return column.FromDyns(out), nil
	}}, nil
}

func allGroups(r *functions.Regex) []int {
	g := make([]int, r.NumSubexp())
	for i := range g {
		g[i] = i + 1
	}
	return g
}

// selectGroups resolves extract_all's captureGroups (numbers or names).
func selectGroups(r *functions.Regex, x any) ([]int, error) {
	arr, ok := x.([]any)
	if !ok {
		return nil, fmt.Errorf("function 'extract_all': captureGroups must be a dynamic array")
	}
	if len(arr) == 0 {
		return allGroups(r), nil
	}
	out := make([]int, 0, len(arr))
	for _, e := range arr {
		switch g := e.(type) {
		case int64:
			if g < 1 || g > int64(r.NumSubexp()) {
				return nil, fmt.Errorf("function 'extract_all': capture group %d does not exist (the regular expression has %d)", g, r.NumSubexp())
			}
			out = append(out, int(g))
		case string:
			k := r.SubexpIndex(g)
			if k < 0 {
				return nil, fmt.Errorf("function 'extract_all': the regular expression has no capture group named %q", g)
			}
			out = append(out, k)
		default:
			return nil, fmt.Errorf("function 'extract_all': captureGroups elements must be group numbers or names")
		}
	}
	return out, nil
}

func extractAll(r *functions.Regex, groups []int, s string) any {
	ms := r.FindAllStringSubmatchIndex(s, -1)
	if len(ms) == 0 {
		return nil
	}
	out := make([]any, len(ms))
	for j, m := range ms {
		get := func(g int) any {
			if m[2*g] < 0 {
				return ""
			}
			return strings.Clone(s[m[2*g]:m[2*g+1]])
		}
		if len(groups) == 1 {
			out[j] = get(groups[0])
			continue
		}
		row := make([]any, len(groups))
		for k, g := range groups {
			row[k] = get(g)
		}
		out[j] = row
	}
	return out
}

// bindReplaceRegex binds replace_regex (order lists the positions of
// source, regex and rewrite among the arguments).
func bindReplaceRegex(name string, order []int) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := check(name, []param{p("a", kString), p("b", kString), p("c", kString)}, false, 0, args)
		if err != nil {
			return nil, err
		}
		si, ri, wi := order[0], order[1], order[2]
		re, err := regexArg(args[ri])
		if err != nil {
			return nil, err
		}
		return &functions.Bound{Type: types.String, ArgTypes: ts, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			if re != nil && a[wi].IsConst() {
				rw := parseRewrite(a[wi].Str(0))
				return functions.MapStrStr(a[si], n, func(dst []byte, s string) []byte { return replaceAll(dst, re, s, rw) }), nil
			}
			var rerr error
			v := functions.FillStrs(n, func(dst []byte, i int) []byte {
				r, err := regexAt(re, a[ri], i)
				if err != nil {
					rerr = err
					return dst
				}
				return replaceAll(dst, r, a[si].Str(i), parseRewrite(a[wi].Str(i)))
			})
			return v, rerr
		}}, nil
	}
}

// rewritePart is a literal (group < 0) or a capture group reference.
type rewritePart struct {
	lit   string
	group int
}

// parseRewrite reads a rewrite template: \0 to \9 refer to groups, \\ is
// a backslash, anything else is literal.
func parseRewrite(w string) []rewritePart {
	var parts []rewritePart
	var lit []byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c == '\\' && i+1 < len(w) {
			d := w[i+1]
			if d >= '0' && d <= '9' {
				if len(lit) > 0 {
					parts = append(parts, rewritePart{lit: string(lit), group: -1})
					lit = lit[:0]
				}
				parts = append(parts, rewritePart{group: int(d - '0')})
				i++
				continue
			}
			if d == '\\' {
				lit = append(lit, '\\')
				i++
				continue
			}
		}
		lit = append(lit, c)
	}
	if len(lit) > 0 {
		parts = append(parts, rewritePart{lit: string(lit), group: -1})
	}
	return parts
}

func replaceAll(dst []byte, r *functions.Regex, s string, rw []rewritePart) []byte {
	last := 0
	for _, m := range r.FindAllStringSubmatchIndex(s, -1) {
		dst = append(dst, s[last:m[0]]...)
		for _, p := range rw {
			if p.group < 0 {
				dst = append(dst, p.lit...)
			} else if 2*p.group+1 < len(m) && m[2*p.group] >= 0 {
				dst = append(dst, s[m[2*p.group]:m[2*p.group+1]]...)
			}
		}
		last = m[1]
	}
	return append(dst, s[last:]...)
}

// trimmers compiles the anchored patterns trim uses.
func trimmers(pattern string, start, end bool) (lead, trail *functions.Regex, err error) {
	if start {
		if lead, err = functions.CompileRegex(`^(?:` + pattern + `)+`); err != nil {
			return nil, nil, err
		}
	}
	if end {
		if trail, err = functions.CompileRegex(`(?:` + pattern + `)+$`); err != nil {
			return nil, nil, err
		}
	}
	return lead, trail, nil
}

func trimWith(s string, lead, trail *functions.Regex) string {
	if lead != nil {
		if m := lead.FindStringIndex(s); m != nil {
			s = s[m[1]:]
		}
	}
	if trail != nil {
		if m := trail.FindStringIndex(s); m != nil {
			s = s[:m[0]]
		}
	}
	return s
}

func bindTrim(name string, start, end bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := check(name, []param{p("regex", kString), p("source", kString)}, false, 0, args)
		if err != nil {
			return nil, err
		}
		var lead, trail *functions.Regex
		pattern, fixed := constStr(args[0])
		if fixed {
			if _, err := functions.CompileRegex(pattern); err != nil {
				return nil, err
			}
			if lead, trail, err = trimmers(pattern, start, end); err != nil {
				return nil, err
			}
		}
		return &functions.Bound{Type: types.String, ArgTypes: ts, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			if fixed {
				return functions.MapStrStr(a[1], n, func(dst []byte, s string) []byte { return append(dst, trimWith(s, lead, trail)...) }), nil
			}
			var rerr error
			v := functions.FillStrs(n, func(dst []byte, i int) []byte {
				l, t, err := trimmers(a[0].Str(i), start, end)
				if err != nil {
					rerr = err
					return dst
				}
				return append(dst, trimWith(a[1].Str(i), l, t)...)
			})
			return v, rerr
		}}, nil
	}
}

func bindIndexofRegex(args []functions.Arg) (*functions.Bound, error) {
	params := []param{p("string", kScalar), p("match", kScalar), opt("start", kInt), opt("length", kInt), opt("occurrence", kInt)}
	ts, err := check("indexof_regex", params, false, 0, args)
	if err != nil {
		return nil, err
	}
	re, err := regexArg(args[1])
	if err != nil {
		return nil, err
	}
	return &functions.Bound{Type: types.Long, ArgTypes: ts, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		var rerr error
		v := functions.FillRows(types.Long, n, func(i int) (int64, bool) {
			start, length, occ, ok := searchArgs(a, i)
			if !ok || start < 0 || length < -1 || occ < 0 {
				return 0, false
			}
			r, err := regexAt(re, a[1], i)
			if err != nil {
				rerr = err
				return 0, false
			}
			return indexOfRegex(a[0].Str(i), r, start, length, occ), true
		})
		return v, rerr
	}}, nil
}

func indexOfRegex(s string, r *functions.Regex, start, length, occ int64) int64 {
	if occ == 0 {
		return -1
	}
	offs := runeOffsets(s)
	cn := int64(charLen(s, offs))
	if start > cn {
		return -1
	}
	end := cn
	if length >= 0 && start+length < cn {
		end = start + length
	}
	base := byteAt(offs, int(start))
	window := s[base:byteAt(offs, int(end))]
	ms := r.FindAllStringIndex(window, int(occ))
	if int64(len(ms)) < occ {
		return -1
	}
	return int64(charAt(offs, base+ms[occ-1][0]))
}

func regexQuoteKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapStrStr(a[0], n, AppendQuoteMeta), nil
}

// AppendQuoteMeta escapes s as RE2's QuoteMeta does: every ASCII byte
// other than letters, digits and '_' gets a backslash (NUL becomes
// \x00); non-ASCII bytes are kept.
func AppendQuoteMeta(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0:
			dst = append(dst, `\x00`...)
		case c >= 0x80, c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			dst = append(dst, c)
		default:
			dst = append(dst, '\\', c)
		}
	}
	return dst
}
