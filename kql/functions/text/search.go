package text

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Positions and lengths in these functions count characters (Unicode
// code points), as strlen does.

func init() {
	functions.Register(
		fn("substring", types.String, []param{p("source", kScalar), p("startingIndex", kInt), opt("length", kInt)},
			"substring(source, startingIndex: long, [length: long]): string",
			"The characters of source from startingIndex (counted from the end when negative), at most length of them.",
			substringKernel),
		fn("indexof", types.Long, []param{p("string", kScalar), p("match", kScalar), opt("start", kInt), opt("length", kInt), opt("occurrence", kInt)},
			"indexof(string, match, [start, [length, [occurrence]]]): long",
			"The zero-based position of the occurrence-th match of a string within [start, start+length) (-1 when absent); a negative start counts from the end; null for a length below -1 or a negative occurrence.",
			indexofKernel),
		fn("split", types.Dynamic, []param{p("source", kScalar), p("delimiter", kString), opt("requestedIndex", kInt)},
			"split(source, delimiter: string, [requestedIndex: long]): dynamic",
			"Splits a string by a delimiter into a dynamic array of strings; with requestedIndex, an array holding only that part (empty when out of range).",
			splitKernel),
		fn("translate", types.String, []param{p("searchList", kString), p("replacementList", kString), p("source", kString)},
			"translate(searchList: string, replacementList: string, source: string): string",
			"Replaces each character of source found in searchList by the character at the same position of replacementList (its last character when shorter; removed when empty).",
			translateKernel),
		fn("replace_string", types.String, []param{p("text", kString), p("lookup", kString), p("rewrite", kString)},
			"replace_string(text: string, lookup: string, rewrite: string): string",
			"Replaces every non-overlapping occurrence of lookup (case-sensitive) with rewrite.",
			replaceStringKernel),
		fn("replace_strings", types.String, []param{p("text", kString), p("lookups", kDynArray), p("rewrites", kDynArray)},
			"replace_strings(text: string, lookups: dynamic, rewrites: dynamic): string",
			"Replaces matches of several strings at once: earlier lookups take precedence, later ones apply only to text no earlier lookup matched, and a rewrite that is not a string leaves the match as it is.",
			replaceStringsKernel),
		&functions.Func{Name: "countof", Kind: functions.Scalar, Sig: `countof(source: string, search: string, [kind: "normal"|"regex"]): long`,
			Doc:  "Counts occurrences of search in source: plain matches may overlap, regex matches do not.",
			Bind: bindCountof},
		fn("has_any_index", types.Long, []param{p("source", kStrDyn), p("values", kDynArray)},
			"has_any_index(source: string, values: dynamic): long",
			"The index of the first element of values that source has (as whole terms, ignoring case), or -1.",
			hasAnyIndexKernel),
	)
}

// runeOffsets returns the byte offset of each character of s plus len(s),
// or nil when s is ASCII (offsets equal indexes).
func runeOffsets(s string) []int {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return nil
	}
	offs := make([]int, 0, len(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

// charLen is the number of characters of s given its offsets.
func charLen(s string, offs []int) int {
	if offs == nil {
		return len(s)
	}
	return len(offs) - 1
}

// byteAt converts a character index to a byte offset.
func byteAt(offs []int, i int) int {
	if offs == nil {
		return i
	}
	return offs[i]
}

// charAt converts a byte offset (at a character boundary) to a character
// index.
func charAt(offs []int, b int) int {
	if offs == nil {
		return b
	}
	lo, hi := 0, len(offs)-1
	for lo < hi {
		m := (lo + hi) / 2
		if offs[m] < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func substringKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	sub := func(dst []byte, s string, start, length int64, hasLen bool) []byte {
		offs := runeOffsets(s)
		cn := int64(charLen(s, offs))
		if start < 0 {
			start += cn
			if start < 0 {
				start = 0
			}
		}
		if start >= cn || (hasLen && length <= 0) {
			return dst
		}
		end := cn
		if hasLen && start+length < cn {
			end = start + length
		}
		return append(dst, s[byteAt(offs, int(start)):byteAt(offs, int(end))]...)
	}
	if restConst(a) {
		start, ok := functions.IntAt(a[1], 0)
		length, hasLen := int64(0), len(a) > 2
		if hasLen {
			var lok bool
			length, lok = functions.IntAt(a[2], 0)
			ok = ok && lok
		}
		if !ok {
			return column.Const(types.String, "", n), nil
		}
		return functions.MapStrStr(a[0], n, func(dst []byte, s string) []byte {
			return sub(dst, s, start, length, hasLen)
		}), nil
	}
	return functions.FillStrs(n, func(dst []byte, i int) []byte {
		start, ok := functions.IntAt(a[1], i)
		length, hasLen := int64(0), len(a) > 2
		if hasLen {
			var lok bool
			length, lok = functions.IntAt(a[2], i)
			ok = ok && lok
		}
		if !ok {
			return dst
		}
		return sub(dst, a[0].Str(i), start, length, hasLen)
	}), nil
}

// searchArgs reads the optional start, length and occurrence arguments of
// indexof and indexof_regex at row i.
func searchArgs(a []*column.Vector, i int) (start, length, occ int64, ok bool) {
	start, length, occ = 0, -1, 1
	ok = true
	read := func(j int, dst *int64) {
		if len(a) > j {
			v, vok := functions.IntAt(a[j], i)
			*dst = v
			ok = ok && vok
		}
	}
	read(2, &start)
	read(3, &length)
	read(4, &occ)
	return
}

func indexofKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.FillRows(types.Long, n, func(i int) (int64, bool) {
		start, length, occ, ok := searchArgs(a, i)
		if !ok || length < -1 || occ < 0 {
			return 0, false
		}
		return IndexOf(a[0].Str(i), a[1].Str(i), start, length, occ), true
	}), nil
}

// IndexOf is indexof() with its arguments checked: the character index of
// the occ-th occurrence of match in s, searching from start (negative:
// from the end) over at most length characters (-1: to the end); each
// further occurrence is searched from the character after the previous
// one, over the same length.
func IndexOf(s, match string, start, length, occ int64) int64 {
	if occ == 0 {
		return -1
	}
	offs := runeOffsets(s)
	cn := int64(charLen(s, offs))
	if start < 0 {
		start += cn
		if start < 0 {
			start = 0
		}
	}
	pos := start
	for k := int64(1); ; k++ {
		if pos > cn {
			return -1
		}
		end := cn
		if length >= 0 && pos+length < cn {
			end = pos + length
		}
		window := s[byteAt(offs, int(pos)):byteAt(offs, int(end))]
		j := strings.Index(window, match)
		if j < 0 {
			return -1
		}
		idx := int64(charAt(offs, byteAt(offs, int(pos))+j))
		if k == occ {
			return idx
		}
		pos = idx + 1
	}
}

func splitKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	split := func(s, d string, idx int64, hasIdx bool) any {
		var parts []string
		if d == "" {
			parts = []string{s}
		} else {
			parts = strings.Split(s, d)
		}
		if hasIdx {
			if idx < 0 || idx >= int64(len(parts)) {
				return []any{}
			}
			return []any{strings.Clone(parts[idx])}
		}
		out := make([]any, len(parts))
		for j, x := range parts {
			out[j] = strings.Clone(x)
		}
		return out
	}
	out := make([]any, n)
	for i := range out {
		idx, hasIdx := int64(0), len(a) > 2
		if hasIdx {
			var ok bool
			if idx, ok = functions.IntAt(a[2], i); !ok {
				continue
			}
		}
		out[i] = split(a[0].Str(i), a[1].Str(i), idx, hasIdx)
	}
	return column.FromDyns(out), nil
}

func translateKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	tr := func(dst []byte, search, repl, s string) []byte {
		from := []rune(search)
		to := []rune(repl)
		for _, r := range s {
			k := -1
			for j, f := range from {
				if f == r {
					k = j
					break
				}
			}
			switch {
			case k < 0:
				dst = utf8.AppendRune(dst, r)
			case len(to) == 0:
			case k < len(to):
				dst = utf8.AppendRune(dst, to[k])
			default:
				dst = utf8.AppendRune(dst, to[len(to)-1])
			}
		}
		return dst
	}
	if a[0].IsConst() && a[1].IsConst() {
		search, repl := strings.Clone(a[0].Str(0)), strings.Clone(a[1].Str(0))
		return functions.MapStrStr(a[2], n, func(dst []byte, s string) []byte { return tr(dst, search, repl, s) }), nil
	}
	return functions.FillStrs(n, func(dst []byte, i int) []byte { return tr(dst, a[0].Str(i), a[1].Str(i), a[2].Str(i)) }), nil
}

func replaceStringKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	rep := func(dst []byte, s, old, new string) []byte {
		if old == "" {
			return append(dst, s...)
		}
		for {
			j := strings.Index(s, old)
			if j < 0 {
				return append(dst, s...)
			}
			dst = append(dst, s[:j]...)
			dst = append(dst, new...)
			s = s[j+len(old):]
		}
	}
	if restConst(a) {
		old, new := strings.Clone(a[1].Str(0)), strings.Clone(a[2].Str(0))
		return functions.MapStrStr(a[0], n, func(dst []byte, s string) []byte { return rep(dst, s, old, new) }), nil
	}
	return functions.FillStrs(n, func(dst []byte, i int) []byte { return rep(dst, a[0].Str(i), a[1].Str(i), a[2].Str(i)) }), nil
}

type replacement struct {
	lookup  string
	rewrite string
	keep    bool // the rewrite is not a string: the match stays as is
}

func replacements(lookups, rewrites any) []replacement {
	ls, _ := lookups.([]any)
	rs, _ := rewrites.([]any)
	var out []replacement
	for j, l := range ls {
		s, ok := l.(string)
		if !ok || s == "" {
			continue
		}
		r := replacement{lookup: s, keep: true}
		if j < len(rs) {
			if w, ok := rs[j].(string); ok {
				r.rewrite, r.keep = w, false
			}
		}
		out = append(out, r)
	}
	return out
}

// appendReplaced applies replace_strings' rule: lookups take precedence
// in list order; each lookup replaces its non-overlapping matches in the
// text that earlier lookups have not matched.
func appendReplaced(dst []byte, s string, reps []replacement) []byte {
	if len(reps) == 0 {
		return append(dst, s...)
	}
	type seg struct {
		text string
		done bool // matched: text is final
	}
	segs := []seg{{text: s}}
	for _, r := range reps {
		var next []seg
		for _, g := range segs {
			if g.done || !strings.Contains(g.text, r.lookup) {
				next = append(next, g)
				continue
			}
			t := g.text
			for {
				j := strings.Index(t, r.lookup)
				if j < 0 {
					break
				}
				if j > 0 {
					next = append(next, seg{text: t[:j]})
				}
				out := r.rewrite
				if r.keep {
					out = r.lookup
				}
				next = append(next, seg{text: out, done: true})
				t = t[j+len(r.lookup):]
			}
			if t != "" {
				next = append(next, seg{text: t})
			}
		}
		segs = next
	}
	for _, g := range segs {
		dst = append(dst, g.text...)
	}
	return dst
}

func replaceStringsKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	if restConst(a) {
		reps := replacements(a[1].Dyn(0), a[2].Dyn(0))
		return functions.MapStrStr(a[0], n, func(dst []byte, s string) []byte { return appendReplaced(dst, s, reps) }), nil
	}
	return functions.FillStrs(n, func(dst []byte, i int) []byte {
		return appendReplaced(dst, a[0].Str(i), replacements(a[1].Dyn(i), a[2].Dyn(i)))
	}), nil
}

func bindCountof(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("countof", []param{p("source", kString), p("search", kString), opt("kind", kString)}, false, 0, args)
	if err != nil {
		return nil, err
	}
	regex := false
	if len(args) == 3 {
		k, ok := constStr(args[2])
		switch {
		case !ok:
			return nil, fmt.Errorf("function 'countof': argument 3 (kind) must be the constant \"normal\" or \"regex\"")
		case k == "regex":
			regex = true
		case k != "normal":
			return nil, fmt.Errorf("function 'countof': kind must be \"normal\" or \"regex\", got %q", k)
		}
	}
	var re *functions.Regex
	if regex && args[1].IsConst {
		s, _ := constStr(args[1])
		if re, err = functions.CompileRegex(s); err != nil {
			return nil, err
		}
	}
	return &functions.Bound{Type: types.Long, ArgTypes: ts, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		if !regex {
			if a[1].IsConst() {
				needle := strings.Clone(a[1].Str(0))
				return functions.MapStrInt(types.Long, a[0], n, func(s string) (int64, bool) { return countOverlapping(s, needle), true }), nil
			}
			return functions.FillRows(types.Long, n, func(i int) (int64, bool) { return countOverlapping(a[0].Str(i), a[1].Str(i)), true }), nil
		}
		if re != nil {
			return functions.MapStrInt(types.Long, a[0], n, func(s string) (int64, bool) {
				return int64(len(re.FindAllStringIndex(s, -1))), true
			}), nil
		}
		var rerr error
		v := functions.FillRows(types.Long, n, func(i int) (int64, bool) {
			r, err := functions.CompileRegex(a[1].Str(i))
			if err != nil {
				rerr = err
				return 0, false
			}
			return int64(len(r.FindAllStringIndex(a[0].Str(i), -1))), true
		})
		return v, rerr
	}}, nil
}

// countOverlapping counts occurrences of needle in s, overlapping ones
// included (countof("aaaa", "aa") is 3).
func countOverlapping(s, needle string) int64 {
	if needle == "" {
		return 0
	}
	var c int64
	for {
		j := strings.Index(s, needle)
		if j < 0 {
			return c
		}
		c++
		_, size := utf8.DecodeRuneInString(s[j:])
		s = s[j+size:]
	}
}

func hasAnyIndexKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	prep := func(x any) []*functions.Needle {
		arr, _ := x.([]any)
		out := make([]*functions.Needle, len(arr))
		for j, e := range arr {
			s, _ := functions.ConvertValue(e, types.String).(string)
			out[j] = functions.NewNeedle(s, false)
		}
		return out
	}
	find := func(s string, ns []*functions.Needle) int64 {
		for j, nd := range ns {
			if nd.Has(s) {
				return int64(j)
			}
		}
		return -1
	}
	if a[1].IsConst() {
		ns := prep(a[1].Dyn(0))
		return functions.MapStrInt(types.Long, a[0], n, func(s string) (int64, bool) { return find(s, ns), true }), nil
	}
	return functions.FillRows(types.Long, n, func(i int) (int64, bool) {
		if a[1].Dyn(i) == nil {
			return 0, false
		}
		return find(a[0].Str(i), prep(a[1].Dyn(i))), true
	}), nil
}
