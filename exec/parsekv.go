package exec

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// parseKvOp is parse-kv: the values of the declared keys are extracted
// from Source (first appearance wins, surrounding white space trimmed)
// with one of the documented modes: a regex with two groups (key, value);
// explicit pair and key/value delimiters, optionally greedy (an unquoted
// value runs to the last pair delimiter before the next key); or no
// delimiters, where any non-alphanumeric character separates. Quotes and
// escape characters apply to the delimiter modes.
type parseKvOp struct {
	in    operator
	n     *plan.ParseKv
	src   evalFn
	want  map[string]int // key -> index into n.Cols
	re    *regexp.Regexp
	pair  string
	kv    string
	open  rune
	close rune
	esc   string
	greed bool
	isNew []bool
}

func (rt *engine) compileParseKv(n *plan.ParseKv) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	src, err := rt.compileExpr(n.Source)
	if err != nil {
		return nil, err
	}
	if len(n.Keys) != len(n.Cols) {
		return nil, fmt.Errorf("internal error: parse-kv has %d keys for %d columns", len(n.Keys), len(n.Cols))
	}
	o := &parseKvOp{in: in, n: n, src: src, want: map[string]int{}, isNew: make([]bool, len(n.Out))}
	for i, k := range n.Keys {
		if _, dup := o.want[k]; !dup {
			o.want[k] = i
		}
		if c := n.Cols[i].Index; c < 0 || c >= len(n.Out) {
			return nil, fmt.Errorf("internal error: parse-kv column out of range")
		}
		o.isNew[n.Cols[i].Index] = true
	}
	if r, ok := n.Props["regex"]; ok {
		re, err := regexp.Compile(r)
		if err != nil {
			return nil, fmt.Errorf("parse-kv: invalid regex: %v", err)
		}
		if re.NumSubexp() != 2 {
			return nil, fmt.Errorf("parse-kv: the regex must have exactly two capturing groups (key and value), it has %d", re.NumSubexp())
		}
		o.re = re
	}
	o.pair, o.kv = n.Props["pair_delimiter"], n.Props["kv_delimiter"]
	if (o.pair == "") != (o.kv == "") && o.re == nil {
		return nil, fmt.Errorf("parse-kv: pair_delimiter and kv_delimiter must be given together")
	}
	if q := n.Props["quote"]; q != "" {
		r, size := utf8.DecodeRuneInString(q)
		o.open, o.close = r, r
		if len(q) > size {
			o.close, _ = utf8.DecodeRuneInString(q[size:])
		}
	}
	o.esc = n.Props["escape"]
	o.greed = strings.EqualFold(n.Props["greedy"], "true")
	return o, nil
}

func (o *parseKvOp) schema() types.Schema { return o.n.Out }

func (o *parseKvOp) next() (*column.Batch, error) {
	b, err := o.in.next()
	if err != nil {
		return nil, err
	}
	sv, err := o.src(b)
	if err != nil {
		return nil, err
	}
	if sv.Type != types.String {
		if sv, err = convertVector(sv, types.String); err != nil {
			return nil, err
		}
	}
	n := b.N
	strs := make([]*column.Strings, len(o.n.Cols))
	found := make([]column.Bitmap, len(o.n.Cols))
	for k := range strs {
		strs[k] = column.NewStrings(n, 0)
		found[k] = column.NewBitmap(n)
	}
	vals := make([]string, len(o.n.Cols))
	have := make([]bool, len(o.n.Cols))
	for i := 0; i < n; i++ {
		for k := range have {
			have[k], vals[k] = false, ""
		}
		o.extract(sv.Str(i), func(key, val string) {
			if k, ok := o.want[key]; ok && !have[k] {
				have[k], vals[k] = true, val
			}
		})
		for k := range strs {
			strs[k].Append(vals[k])
			if have[k] {
				found[k].Set(i)
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
		v := column.FromStrings(types.String, strs[k])
		if c.T != types.String {
			if v, err = convertVector(v, c.T); err != nil {
				return nil, fmt.Errorf("parse-kv column '%s': %v", o.n.Out[c.Index].Name, err)
			}
			// A missing key is null, not the conversion of "".
			missing := column.NewBitmap(n)
			for i := 0; i < n; i++ {
				if !found[k].Get(i) {
					missing.Set(i)
				}
			}
			if missing.Any() {
				v = column.Take(v, blankRows(missing, n))
			}
		}
		cols[c.Index] = v
	}
	return &column.Batch{Cols: cols, N: n}, nil
}

// blankRows is the gather that turns the rows set in m into nulls.
func blankRows(m column.Bitmap, n int) []int32 {
	idx := make([]int32, n)
	for i := range idx {
		if m.Get(i) {
			idx[i] = -1
		} else {
			idx[i] = int32(i)
		}
	}
	return idx
}

// extract calls emit for every key/value pair of s, in order.
func (o *parseKvOp) extract(s string, emit func(key, val string)) {
	switch {
	case o.re != nil:
		for _, m := range o.re.FindAllStringSubmatch(s, -1) {
			emit(strings.TrimSpace(m[1]), strings.TrimSpace(m[2]))
		}
	case o.pair != "":
		o.extractDelimited(s, emit)
	default:
		o.extractFree(s, emit)
	}
}

// quoted reads a quoted token at s[i] (which holds the opening quote) and
// returns its unescaped text and the index after the closing quote.
func (o *parseKvOp) quoted(s string, i int) (string, int) {
	var b strings.Builder
	j := i + utf8.RuneLen(o.open)
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if o.esc != "" && strings.ContainsRune(o.esc, r) && j+size < len(s) {
			r2, size2 := utf8.DecodeRuneInString(s[j+size:])
			b.WriteRune(r2)
			j += size + size2
			continue
		}
		if r == o.close {
			return b.String(), j + size
		}
		b.WriteRune(r)
		j += size
	}
	return b.String(), j
}

func (o *parseKvOp) startsQuote(s string, i int) bool {
	if o.open == 0 || i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r == o.open
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
		i++
	}
	return i
}

func (o *parseKvOp) extractDelimited(s string, emit func(key, val string)) {
	i := 0
	for i < len(s) {
		i = skipSpace(s, i)
		if i >= len(s) {
			return
		}
		var key string
		if o.startsQuote(s, i) {
			key, i = o.quoted(s, i)
			j := strings.Index(s[i:], o.kv)
			if j < 0 {
				return
			}
			i += j + len(o.kv)
		} else {
			j := strings.Index(s[i:], o.kv)
			if j < 0 {
				return
			}
			// Text before a pair delimiter that precedes the kv delimiter
			// belongs to no pair: the key is what follows it.
			seg := s[i : i+j]
			if p := strings.LastIndex(seg, o.pair); p >= 0 {
				seg = seg[p+len(o.pair):]
			}
			key = strings.TrimSpace(seg)
			i += j + len(o.kv)
		}
		i = skipSpace(s, i)
		var val string
		if o.startsQuote(s, i) {
			val, i = o.quoted(s, i)
			if j := strings.Index(s[i:], o.pair); j >= 0 {
				i += j + len(o.pair)
			} else {
				i = len(s)
			}
		} else if o.greed {
			end := len(s)
			if k := strings.Index(s[i:], o.kv); k >= 0 {
				if p := strings.LastIndex(s[i:i+k], o.pair); p >= 0 {
					end = i + p
				}
			}
			val = strings.TrimSpace(s[i:end])
			i = end + len(o.pair)
		} else {
			if j := strings.Index(s[i:], o.pair); j >= 0 {
				val = strings.TrimSpace(s[i : i+j])
				i += j + len(o.pair)
			} else {
				val = strings.TrimSpace(s[i:])
				i = len(s)
			}
		}
		emit(key, val)
	}
}

// extractFree handles the mode without delimiters: tokens are runs of
// letters and digits (or quoted text); a token followed by a non-token
// separator and another token is a key and its value.
func (o *parseKvOp) extractFree(s string, emit func(key, val string)) {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }
	next := func(i int) (string, int, bool) {
		for i < len(s) {
			if o.startsQuote(s, i) {
				t, j := o.quoted(s, i)
				return t, j, true
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if isWord(r) {
				j := i
				for j < len(s) {
					r2, sz := utf8.DecodeRuneInString(s[j:])
					if !isWord(r2) {
						break
					}
					j += sz
				}
				return s[i:j], j, true
			}
			i += size
		}
		return "", i, false
	}
	i := 0
	for {
		key, j, ok := next(i)
		if !ok {
			return
		}
		if _, wanted := o.want[key]; !wanted {
			i = j
			continue
		}
		val, k, ok := next(j)
		if !ok {
			emit(key, "")
			return
		}
		emit(key, strings.TrimSpace(val))
		i = k
	}
}
