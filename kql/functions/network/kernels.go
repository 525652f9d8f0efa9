package network

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func p(name string, t types.Type) functions.Param { return functions.Param{Name: name, Type: t} }
func opt(name string, t types.Type) functions.Param {
	return functions.Param{Name: name, Type: t, Optional: true}
}

func setNull(b *column.Bitmap, n, i int) {
	if *b == nil {
		*b = column.NewBitmap(n)
	}
	b.Set(i)
}

// strBool computes a string -> nullable bool function once per distinct
// value where the vector allows (constant, dictionary) and once per row
// otherwise.
func strBool(v *column.Vector, n int, f func(string) (bool, bool)) *column.Vector {
	if v.IsConst() {
		r, ok := f(v.Str(0))
		if !ok {
			return column.Const(types.Bool, nil, n)
		}
		return column.Const(types.Bool, r, n)
	}
	out := make([]bool, n)
	var nulls column.Bitmap
	if d := v.Strs.Dict; d != nil && d.Len() <= n {
		vals := make([]bool, d.Len())
		oks := make([]bool, d.Len())
		for j := range vals {
			vals[j], oks[j] = f(d.At(j))
		}
		for i, c := range v.Strs.Codes[:n] {
			if !oks[c] {
				setNull(&nulls, n, i)
			}
			out[i] = vals[c]
		}
		return column.FromBools(out, nulls)
	}
	for i := 0; i < n; i++ {
		r, ok := f(v.Str(i))
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromBools(out, nulls)
}

// rowsBool is the general per-row path of a function of several
// arguments; rows where a nullable argument is null give null.
func rowsBool(args []*column.Vector, n int, f func(i int) (bool, bool)) *column.Vector {
	if functions.AllConst(args) {
		r, ok := false, false
		if !anyNull(args, 0) {
			r, ok = f(0)
		}
		if !ok {
			return column.Const(types.Bool, nil, n)
		}
		return column.Const(types.Bool, r, n)
	}
	out := make([]bool, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		if anyNull(args, i) {
			setNull(&nulls, n, i)
			continue
		}
		r, ok := f(i)
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromBools(out, nulls)
}

// rowsLong is rowsBool for long results.
func rowsLong(args []*column.Vector, n int, f func(i int) (int64, bool)) *column.Vector {
	if functions.AllConst(args) {
		var r int64
		ok := false
		if !anyNull(args, 0) {
			r, ok = f(0)
		}
		if !ok {
			return column.Const(types.Long, nil, n)
		}
		return column.Const(types.Long, r, n)
	}
	out := make([]int64, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		if anyNull(args, i) {
			setNull(&nulls, n, i)
			continue
		}
		r, ok := f(i)
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromInts(types.Long, out, nulls)
}

// rowsStr is rowsBool for string results; null inputs give "".
func rowsStr(args []*column.Vector, n int, f func(dst []byte, i int) []byte) *column.Vector {
	if functions.AllConst(args) {
		var s string
		if !anyNull(args, 0) {
			s = string(f(nil, 0))
		}
		return column.Const(types.String, s, n)
	}
	b := functions.NewStrBuilder(n)
	var buf []byte
	for i := 0; i < n; i++ {
		buf = buf[:0]
		if !anyNull(args, i) {
			buf = f(buf, i)
		}
		b.AppendBytes(buf)
	}
	return b.Build()
}

func anyNull(args []*column.Vector, i int) bool {
	for _, a := range args {
		if a.IsNull(i) {
			return true
		}
	}
	return false
}

// constLong returns the value of a constant long argument; ok is false
// when the argument varies by row, null is true when it is null.
func constLong(v *column.Vector) (x int64, null, ok bool) {
	if !v.IsConst() {
		return 0, false, false
	}
	if v.IsNull(0) {
		return 0, true, true
	}
	return v.Int(0), false, true
}
