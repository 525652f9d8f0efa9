package watchlist

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/semantic"
)

// FuncName is Sentinel's watchlist function.
const FuncName = "_GetWatchlist"

// TableFunc is _GetWatchlist for the binder (semantic.Env.TableFuncs):
// `_GetWatchlist('Name')` reads the watchlist's table, which the scan
// source must serve under its internal name (TableName). The name may be
// any constant string (a literal or a let name); a name that no loaded
// watchlist has is an error at the call.
func (s *Set) TableFunc() semantic.TableFunc {
	return func(args []any) (plan.Node, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("%s takes one argument, the watchlist's name", FuncName)
		}
		name, ok := args[0].(string)
		if !ok {
			return nil, fmt.Errorf("%s needs the watchlist's name as a string, e.g. %s('VIPUsers')", FuncName, FuncName)
		}
		w, found := s.Get(name)
		if !found {
			have := "none are loaded"
			if names := s.Names(); len(names) > 0 {
				have = "loaded: " + strings.Join(names, ", ")
			}
			return nil, fmt.Errorf("watchlist '%s' not found (%s); give a folder of CSV files with --watchlists DIR, or add it with `quarry watchlist add %s FILE --key COLUMN`", name, have, name)
		}
		return &plan.Scan{Table: w.Table.Name, Columns: w.Table.Schema}, nil
	}
}

// All lists the watchlists, by name.
func (s *Set) All() []*Watchlist {
	if s == nil {
		return nil
	}
	out := make([]*Watchlist, 0, len(s.byName))
	for _, n := range s.Names() {
		out = append(out, s.byName[n])
	}
	return out
}
