package storage

import (
	"github.com/parquet-go/parquet-go"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Decimal columns are stored as their exact text (optional byte arrays,
// nulls as Parquet nulls). Stores written before decimals were exact hold
// doubles; those still read, each real taken as its shortest decimal.

// decimalValues appends the Parquet values of a decimal vector; the text
// lives in fw.buf, which must not move while the values are alive.
func (fw *fileWriter) decimalValues(vals []parquet.Value, v *column.Vector, n, leaf int) []parquet.Value {
	buf := fw.buf[:0]
	ends := make([]int, n)
	for r := 0; r < n; r++ {
		if !v.IsNull(r) {
			buf = value.AppendDec(buf, v.Dec(r))
		}
		ends[r] = len(buf)
	}
	fw.buf = buf
	start := 0
	for r := 0; r < n; r++ {
		if v.IsNull(r) {
			vals = append(vals, parquet.NullValue().Level(0, 0, leaf))
		} else {
			vals = append(vals, parquet.ByteArrayValue(buf[start:ends[r]:ends[r]]).Level(0, 1, leaf))
		}
		start = ends[r]
	}
	return vals
}

// decodeDecimalChunk reads a decimal column chunk: text (a null reads as
// the empty string of a nullable string-stored column), or doubles from
// older stores.
func decodeDecimalChunk(cc parquet.ColumnChunk, n int) (*column.Vector, error) {
	if cc.Type().Kind() == parquet.Double {
		r, err := decodeChunk(cc, types.Real, n)
		if err != nil {
			return nil, err
		}
		b := column.NewBuilder(types.Decimal, n)
		for i := 0; i < n; i++ {
			if d, ok := value.DecFromFloat(r.Real(i)); ok && !r.IsNull(i) {
				b.AppendDec(d)
			} else {
				b.AppendNull()
			}
		}
		return b.Build(), nil
	}
	s, err := decodeChunk(cc, types.Guid, n)
	if err != nil {
		return nil, err
	}
	b := column.NewBuilder(types.Decimal, n)
	for i := 0; i < n; i++ {
		if d, ok := value.ParseDec(s.Str(i)); ok && s.Str(i) != "" {
			b.AppendDec(d)
		} else {
			b.AppendNull()
		}
	}
	return b.Build(), nil
}
