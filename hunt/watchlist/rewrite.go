package watchlist

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/hunt/internal/qtext"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// FuncName is Sentinel's watchlist function.
const FuncName = "_GetWatchlist"

// Rewrite replaces each `_GetWatchlist('Name')` call of t by a read of
// the watchlist's internal table, and returns the watchlists used. The
// binder knows no _GetWatchlist, so the call is turned into the
// table('...') form it does know; the replacement keeps mapping to the
// call's position for error messages. A call naming no loaded watchlist,
// or not naming it with a constant string, is an error at the call.
// Text that does not parse is left alone: running it reports the syntax
// error.
func Rewrite(t *qtext.Text, s *Set) ([]*Watchlist, error) {
	text := t.String()
	if !strings.Contains(text, FuncName) {
		return nil, nil
	}
	q, errs := syntax.Parse(text)
	if len(errs) > 0 || q == nil {
		return nil, nil
	}
	type edit struct {
		start, end int
		repl       string
	}
	var edits []edit
	var used []*Watchlist
	seen := map[*Watchlist]bool{}
	var firstErr error
	syntax.Inspect(q, func(n syntax.Node) bool {
		c, ok := n.(*syntax.Call)
		if !ok || firstErr != nil {
			return firstErr == nil
		}
		id, ok := c.Fun.(*syntax.Ident)
		if !ok || id.Name != FuncName {
			return true
		}
		fail := func(msg string) {
			o, off := t.Locate(int(c.Pos()))
			if o == nil {
				firstErr = fmt.Errorf("%s", msg)
				return
			}
			firstErr = o.Error(off, msg)
		}
		if len(c.Args) != 1 {
			fail(fmt.Sprintf("%s takes one argument, the watchlist's name", FuncName))
			return false
		}
		lit, ok := c.Args[0].(*syntax.Literal)
		name, isStr := "", false
		if ok && lit.Kind == syntax.LitString {
			name, isStr = lit.Value.(string)
		}
		if !isStr {
			fail(fmt.Sprintf("%s needs the watchlist name as a string literal, e.g. %s('VIPUsers')", FuncName, FuncName))
			return false
		}
		w, found := s.Get(name)
		if !found {
			have := "none are loaded"
			if names := s.Names(); len(names) > 0 {
				have = "loaded: " + strings.Join(names, ", ")
			}
			fail(fmt.Sprintf("watchlist '%s' not found (%s); give a folder of CSV files with --watchlists DIR, or add it with `quarry watchlist add %s FILE --key COLUMN`", name, have, name))
			return false
		}
		if !seen[w] {
			seen[w] = true
			used = append(used, w)
		}
		edits = append(edits, edit{int(c.Pos()), int(c.End()), "table(" + strconv.Quote(TableName(w.Name)) + ")"})
		return false
	})
	if firstErr != nil {
		return nil, firstErr
	}
	// Later edits first, so earlier offsets stay valid.
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	for _, e := range edits {
		t.Replace(e.start, e.end, e.repl)
	}
	return used, nil
}
