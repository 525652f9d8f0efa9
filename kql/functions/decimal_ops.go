package functions

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/value"
)

// decArith is + - * / % over two decimal vectors (the binder converts
// int, long and real operands to decimal, as Kusto does). Division or
// modulo by zero is null; an overflow or a quotient with no exact
// 38-digit value is an error rather than a rounded number.
func decArith(op string, x, y *column.Vector, nulls column.Bitmap, n int) (*column.Vector, error) {
	out := make([]value.Dec, n)
	var bad column.Bitmap
	var err error
	for i := range out {
		if nulls != nil && nulls.Get(i) {
			continue
		}
		a, b := x.Dec(i), y.Dec(i)
		var r value.Dec
		ok := true
		switch op {
		case "+":
			r, err = value.DecAdd(a, b)
		case "-":
			r, err = value.DecSub(a, b)
		case "*":
			r, err = value.DecMul(a, b)
		case "/":
			r, ok, err = value.DecDiv(a, b)
		case "%":
			r, ok, err = value.DecMod(a, b)
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			bad = setBit(bad, i, n)
			continue
		}
		out[i] = r
	}
	return column.FromDecs(out, OrMasks(n, nulls, bad)), nil
}

// cmpDecs compares two decimal vectors row by row; null rows are fixed
// up by the caller.
func cmpDecs(o cmpOp, x, y *column.Vector, out []bool) {
	for i := range out {
		out[i] = o.holds(value.CompareDec(x.Dec(i), y.Dec(i)))
	}
}

// decBetween is x between (lo .. hi) over decimals; null rows are fixed
// up by the caller.
func decBetween(a []*column.Vector, out []bool, negate bool) {
	for i := range out {
		x := a[0].Dec(i)
		in := value.CompareDec(x, a[1].Dec(i)) >= 0 && value.CompareDec(x, a[2].Dec(i)) <= 0
		out[i] = in != negate
	}
}

// decAround is around(x, center, delta) over decimals.
func decAround(a []*column.Vector, out []bool, nulls column.Bitmap) error {
	for i := range out {
		if nulls != nil && nulls.Get(i) {
			continue
		}
		x, c, d := a[0].Dec(i), a[1].Dec(i), a[2].Dec(i)
		lo, err := value.DecSub(c, d)
		if err != nil {
			return err
		}
		hi, err := value.DecAdd(c, d)
		if err != nil {
			return err
		}
		out[i] = value.CompareDec(x, lo) >= 0 && value.CompareDec(x, hi) <= 0
	}
	return nil
}
