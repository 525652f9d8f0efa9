package temporal

import (
	"fmt"

	"github.com/quarryhunt/quarry/kql/functions"
)

// bin_auto(x) is bound by the binder, which reads the query options
// query_bin_auto_size and query_bin_auto_at (`set` statements) and
// rewrites the call into bin() or bin_at(). The entry is here so that
// the function is listed; its Bind is reached only without those
// options.
func init() {
	functions.Register(&functions.Func{Name: "bin_auto", Kind: functions.Scalar,
		Sig: "bin_auto(value: int|long|real|datetime|timespan)",
		Doc: "Rounds value down to a bin of size query_bin_auto_size (set before the query), shifted so that query_bin_auto_at is a bin start.",
		Bind: func([]functions.Arg) (*functions.Bound, error) {
			return nil, fmt.Errorf("bin_auto() needs the bin size: add `set query_bin_auto_size = <size>;` before the query")
		}})
}
