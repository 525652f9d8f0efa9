// Package window holds the window functions of serialized row sets:
// prev, next, row_number, row_cumsum, row_rank_dense, row_rank_min and
// row_window_session. The executor calls their kernels once with the
// whole serialized input, in order, so a kernel sees every row.
package window

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{Name: "prev", Kind: functions.Window,
			Sig:  "prev(column[, offset: long[, default]])",
			Doc:  "The value of column offset rows (default 1) before the current row, or default (null) when there is none.",
			Bind: bindShift("prev", -1)},
		&functions.Func{Name: "next", Kind: functions.Window,
			Sig:  "next(column[, offset: long[, default]])",
			Doc:  "The value of column offset rows (default 1) after the current row, or default (null) when there is none.",
			Bind: bindShift("next", 1)},
		&functions.Func{Name: "row_number", Kind: functions.Window,
			Sig:  "row_number([start: long[, restart: bool]]): long",
			Doc:  "The row's position, counting from start (default 1) and starting again at start where restart is true.",
			Bind: bindRowNumber},
		&functions.Func{Name: "row_cumsum", Kind: functions.Window,
			Sig:  "row_cumsum(term[, restart: bool]): type of term",
			Doc:  "Running sum of term (nulls add nothing), set back to 0 where restart is true.",
			Bind: bindCumsum},
		&functions.Func{Name: "row_rank_dense", Kind: functions.Window,
			Sig:  "row_rank_dense(term[, restart: bool]): long",
			Doc:  "Dense rank of term in sorted input: 1, then +1 each time term changes; back to 1 where restart is true.",
			Bind: bindRank("row_rank_dense", true)},
		&functions.Func{Name: "row_rank_min", Kind: functions.Window,
			Sig:  "row_rank_min(term[, restart: bool]): long",
			Doc:  "Minimal rank of term in sorted input: equal values share the position of their first row; back to 1 where restart is true.",
			Bind: bindRank("row_rank_min", false)},
		&functions.Func{Name: "row_window_session", Kind: functions.Window,
			Sig:  "row_window_session(expr: datetime, maxDistanceFromFirst: timespan, maxDistanceBetweenNeighbors: timespan[, restart: bool]): datetime",
			Doc:  "The start of the row's session: a new session begins at the first row, after a null, where restart is true, or when expr reaches the session start plus maxDistanceFromFirst or the previous value plus maxDistanceBetweenNeighbors.",
			Bind: bindSession},
	)
}

func argErr(name string, i int, what string, got types.Type) error {
	return fmt.Errorf("function '%s': argument %d must be %s, got %s", name, i+1, what, got)
}

func countErr(name string, min, max, got int) error {
	if min == max {
		return fmt.Errorf("function '%s' expects %d argument(s), got %d", name, min, got)
	}
	return fmt.Errorf("function '%s' expects %d to %d arguments, got %d", name, min, max, got)
}

func isBool(t types.Type) bool { return t == types.Bool || t == types.Unknown }

func constLong(a functions.Arg) (int64, bool) {
	switch x := a.Value.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int:
		return int64(x), true
	}
	return 0, false
}

func bindShift(name string, dir int) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		if len(args) < 1 || len(args) > 3 {
			return nil, countErr(name, 1, 3, len(args))
		}
		t := args[0].Type
		ts := []types.Type{t}
		off := int64(1)
		if len(args) > 1 {
			if !args[1].Type.IsInteger() && args[1].Type != types.Unknown {
				return nil, argErr(name, 1, "an integer offset", args[1].Type)
			}
			k, ok := constLong(args[1])
			if !args[1].IsConst || !ok {
				return nil, fmt.Errorf("function '%s': the offset must be a constant integer", name)
			}
			off = k
			ts = append(ts, types.Long)
		}
		if len(args) > 2 {
			// Kusto takes a constant of any type and converts it to the
			// column's type (next(Timestamp, 1, 0)).
			dt := args[2].Type
			ok := dt == t || dt == types.Unknown || (dt.IsNumeric() && t.IsNumeric()) || args[2].IsConst
			if !ok {
				return nil, fmt.Errorf("function '%s': the default must be a constant or of the column's type (%s), got %s", name, t, dt)
			}
			ts = append(ts, t)
		}
		off *= int64(dir)
		eval := func(_ *functions.Ctx, vs []*column.Vector, n int) (*column.Vector, error) {
			col := vs[0]
			var def *column.Vector
			if len(vs) > 2 {
				def = vs[2]
			}
			b := column.NewBuilder(t, n)
			for i := 0; i < n; i++ {
				j := int64(i) + off
				switch {
				case j >= 0 && j < int64(n):
					b.AppendFrom(col, int(j))
				case def != nil:
					b.AppendFrom(def, i)
				default:
					b.AppendNull()
				}
			}
			return b.Build(), nil
		}
		return &functions.Bound{Type: t, ArgTypes: ts, Eval: eval}, nil
	}
}

func bindRowNumber(args []functions.Arg) (*functions.Bound, error) {
	if len(args) > 2 {
		return nil, countErr("row_number", 0, 2, len(args))
	}
	ts := make([]types.Type, len(args))
	if len(args) > 0 {
		if !args[0].Type.IsInteger() && args[0].Type != types.Unknown {
			return nil, argErr("row_number", 0, "an integer start", args[0].Type)
		}
		ts[0] = types.Long
	}
	if len(args) > 1 {
		if !isBool(args[1].Type) {
			return nil, argErr("row_number", 1, "a bool restart condition", args[1].Type)
		}
		ts[1] = types.Bool
	}
	eval := func(_ *functions.Ctx, vs []*column.Vector, n int) (*column.Vector, error) {
		out := make([]int64, n)
		start := func(i int) int64 {
			if len(vs) == 0 || vs[0].IsNull(i) {
				return 1
			}
			return vs[0].Int(i)
		}
		var k int64
		for i := 0; i < n; i++ {
			if i == 0 || (len(vs) > 1 && !vs[1].IsNull(i) && vs[1].Bool(i)) {
				k = start(i)
			}
			out[i] = k
			k++
		}
		return column.FromInts(types.Long, out, nil), nil
	}
	return &functions.Bound{Type: types.Long, ArgTypes: ts, Eval: eval}, nil
}

func restartAt(vs []*column.Vector, idx, i int) bool {
	return len(vs) > idx && !vs[idx].IsNull(i) && vs[idx].Bool(i)
}

func bindCumsum(args []functions.Arg) (*functions.Bound, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, countErr("row_cumsum", 1, 2, len(args))
	}
	t := args[0].Type
	if !t.IsNumeric() {
		// The docs list int, long, real and decimal; Kusto rejects a timespan.
		return nil, argErr("row_cumsum", 0, "a number", t)
	}
	ts := []types.Type{t}
	if len(args) > 1 {
		if !isBool(args[1].Type) {
			return nil, argErr("row_cumsum", 1, "a bool restart condition", args[1].Type)
		}
		ts = append(ts, types.Bool)
	}
	eval := func(_ *functions.Ctx, vs []*column.Vector, n int) (*column.Vector, error) {
		v := vs[0]
		if t == types.Decimal {
			return decCumsum(vs, n)
		}
		if t == types.Real {
			out := make([]float64, n)
			s := 0.0
			for i := 0; i < n; i++ {
				if restartAt(vs, 1, i) {
					s = 0
				}
				if !v.IsNull(i) {
					s += v.Real(i)
				}
				out[i] = s
			}
			return column.FromReals(t, out, nil), nil
		}
		out := make([]int64, n)
		var s int64
		for i := 0; i < n; i++ {
			if restartAt(vs, 1, i) {
				s = 0
			}
			if !v.IsNull(i) {
				s += v.Int(i)
			}
			if t == types.Int {
				s = int64(int32(s))
			}
			out[i] = s
		}
		return column.FromInts(t, out, nil), nil
	}
	return &functions.Bound{Type: t, ArgTypes: ts, Eval: eval}, nil
}

// sameRow reports whether rows i and j of v hold equal values (two nulls
// are equal here: they rank together).
func sameRow(v *column.Vector, i, j int) bool {
	ni, nj := v.IsNull(i), v.IsNull(j)
	if ni || nj {
		return ni && nj
	}
	switch v.Type {
	case types.Bool:
		return v.Bool(i) == v.Bool(j)
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		return v.Int(i) == v.Int(j)
	case types.Real:
		return v.Real(i) == v.Real(j)
	case types.Decimal:
		return v.Dec(i) == v.Dec(j)
	case types.String, types.Guid:
		return v.Str(i) == v.Str(j)
	}
	return fmt.Sprint(v.Value(i)) == fmt.Sprint(v.Value(j))
}

func bindRank(name string, dense bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, countErr(name, 1, 2, len(args))
		}
		if args[0].Type == types.Dynamic {
			return nil, argErr(name, 0, "a scalar that is not dynamic", args[0].Type)
		}
		ts := []types.Type{args[0].Type}
		if len(args) > 1 {
			if !isBool(args[1].Type) {
				return nil, argErr(name, 1, "a bool restart condition", args[1].Type)
			}
			ts = append(ts, types.Bool)
		}
		eval := func(_ *functions.Ctx, vs []*column.Vector, n int) (*column.Vector, error) {
			v := vs[0]
			out := make([]int64, n)
			var rank, pos int64
			for i := 0; i < n; i++ {
				switch {
				case i == 0 || restartAt(vs, 1, i):
					rank, pos = 1, 1
				default:
					pos++
					if !sameRow(v, i, i-1) {
						if dense {
							rank++
						} else {
							rank = pos
						}
					}
				}
				out[i] = rank
			}
			return column.FromInts(types.Long, out, nil), nil
		}
		return &functions.Bound{Type: types.Long, ArgTypes: ts, Eval: eval}, nil
	}
}

func bindSession(args []functions.Arg) (*functions.Bound, error) {
	if len(args) < 3 || len(args) > 4 {
		return nil, countErr("row_window_session", 3, 4, len(args))
	}
	if t := args[0].Type; t != types.DateTime && t != types.Unknown {
		return nil, argErr("row_window_session", 0, "a datetime", t)
	}
	for i := 1; i < 3; i++ {
		if t := args[i].Type; t != types.TimeSpan && t != types.Unknown {
			return nil, argErr("row_window_session", i, "a timespan", t)
		}
	}
	ts := []types.Type{types.DateTime, types.TimeSpan, types.TimeSpan}
	if len(args) > 3 {
		if !isBool(args[3].Type) {
			return nil, argErr("row_window_session", 3, "a bool restart condition", args[3].Type)
		}
		ts = append(ts, types.Bool)
	}
	eval := func(_ *functions.Ctx, vs []*column.Vector, n int) (*column.Vector, error) {
		v, first, near := vs[0], vs[1], vs[2]
		out := make([]int64, n)
		var nulls column.Bitmap
		var start, prev int64
		have := false // a session is open and its start is not null
		for i := 0; i < n; i++ {
			if v.IsNull(i) {
				if nulls == nil {
					nulls = column.NewBitmap(n)
				}
				nulls.Set(i)
				have = false
				continue
			}
			x := v.Int(i)
			newSession := !have || restartAt(vs, 3, i) ||
				(!first.IsNull(i) && x >= start+first.Int(i)) ||
				(!near.IsNull(i) && x >= prev+near.Int(i))
			if newSession {
				start, have = x, true
			}
			prev = x
			out[i] = start
		}
		return column.FromInts(types.DateTime, out, nulls), nil
	}
	return &functions.Bound{Type: types.DateTime, ArgTypes: ts, Eval: eval}, nil
}
