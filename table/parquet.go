package table

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Parquet typing shared by the store's ingest and externaldata: how a
// Parquet file's columns become Kusto columns and their values boxed
// values (see package value).

// quarrySchemaKey is the key/value metadata entry in which quarry's store
// files carry their Kusto schema ("Name:type, ..."); such a file is read
// with exactly those types.
const quarrySchemaKey = "quarry.schema"

// ParquetColumn is one top-level field of a Parquet file.
type ParquetColumn struct {
	Name string
	// Leaf is the leaf column index of a flat field; -1 for a nested
	// one, whose value comes from the reconstructed row (ParquetNested).
	Leaf int
	Type types.Type
	// Conv boxes a flat field's non-null value.
	Conv func(parquet.Value) any
}

// OpenParquet opens a Parquet file of size bytes, checking its footer
// first: the Parquet library would allocate whatever length a damaged
// footer claims, and may panic on other damage, which is returned as an
// error here.
func OpenParquet(r io.ReaderAt, size int64) (pf *parquet.File, err error) {
	defer func() {
		if x := recover(); x != nil {
			pf, err = nil, fmt.Errorf("%v", x)
		}
	}()
	if err := CheckParquetFooter(r, size); err != nil {
		return nil, err
	}
	return parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
}

// CheckParquetFooter rejects a file whose footer length does not fit in
// it: the Parquet library would allocate whatever length the file claims.
func CheckParquetFooter(f io.ReaderAt, size int64) error {
	if size < 12 {
		return fmt.Errorf("%d bytes is too short", size)
	}
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if string(tail[4:]) != "PAR1" {
		return fmt.Errorf("no Parquet footer (the file does not end with PAR1)")
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return fmt.Errorf("its footer claims %d bytes, more than the file holds", n)
	}
	return nil
}

// ParquetLeafValue finds a flat column's value in a row (values are in
// column order, one per flat column).
func ParquetLeafValue(row parquet.Row, leaf int) parquet.Value {
	if leaf < len(row) && row[leaf].Column() == leaf {
		return row[leaf]
	}
	for _, v := range row {
		if v.Column() == leaf {
			return v
		}
	}
	return parquet.NullValue()
}

// ParquetColumns describes a file's top-level fields; nested reports
// whether any is nested (its rows must then be reconstructed).
func ParquetColumns(pf *parquet.File) (cols []ParquetColumn, nested bool, err error) {
	declared := map[string]types.Type{}
	order := map[string]int{}
	if s, ok := pf.Lookup(quarrySchemaKey); ok {
		for _, item := range strings.Split(s, ",") {
			name, typ, ok := strings.Cut(strings.TrimSpace(item), ":")
			if t, tok := types.Parse(typ); ok && tok {
				declared[name] = t
				order[name] = len(order)
			}
		}
	}
	sch := pf.Schema()
	for _, fld := range sch.Fields() {
		c := ParquetColumn{Name: fld.Name(), Leaf: -1}
		if !fld.Leaf() || fld.Repeated() {
			nested = true
			c.Type = types.Dynamic
			cols = append(cols, c)
			continue
		}
		lc, ok := sch.Lookup(fld.Name())
		if !ok {
			return nil, false, fmt.Errorf("column %s not found in the schema", fld.Name())
		}
		c.Leaf = lc.ColumnIndex
		c.Type, c.Conv = leafType(fld.Type())
		if t, ok := declared[c.Name]; ok {
			c.Type = t
			c.Conv = declaredConv(t, c.Conv)
		}
		cols = append(cols, c)
	}
	// A quarry data file lists its columns in the table's order (Parquet
	// keeps them sorted by name).
	if len(order) > 0 {
		sort.SliceStable(cols, func(i, j int) bool {
			oi, iok := order[cols[i].Name]
			oj, jok := order[cols[j].Name]
			if iok != jok {
				return iok
			}
			return oi < oj
		})
	}
	return cols, nested, nil
}

// declaredConv reads a quarry store file's column: datetimes and
// timespans are int64 ticks, dynamic values JSON text.
func declaredConv(t types.Type, def func(parquet.Value) any) func(parquet.Value) any {
	switch t {
	case types.DateTime:
		return func(v parquet.Value) any { return value.DateTime(v.Int64()) }
	case types.TimeSpan:
		return func(v parquet.Value) any { return value.TimeSpan(v.Int64()) }
	case types.Dynamic:
		return func(v parquet.Value) any {
			x, err := value.ParseJSONBytes(v.ByteArray())
			if err != nil {
				return string(v.ByteArray())
			}
			return x
		}
	}
	return def
}

// leafType maps a Parquet column type to a Kusto type and a converter of
// its values to boxed values.
func leafType(t parquet.Type) (types.Type, func(parquet.Value) any) {
	lt := t.LogicalType()
	var ct deprecated.ConvertedType = -1
	if c := t.ConvertedType(); c != nil {
		ct = *c
	}
	var lv format.LogicalTypeValue
	if lt != nil {
		lv = lt.Value
	}
	if d, ok := lv.(*format.DecimalType); ok {
		return types.Decimal, decimalConv(int(d.Scale), t.Kind())
	}
	switch t.Kind() {
	case parquet.Boolean:
		return types.Bool, func(v parquet.Value) any { return v.Boolean() }
	case parquet.Int32:
		switch x := lv.(type) {
		case *format.DateType:
			return types.DateTime, func(v parquet.Value) any { return value.FromTime(time.Unix(int64(v.Int32())*86400, 0).UTC()) }
		case *format.TimeType:
			return types.TimeSpan, func(v parquet.Value) any { return value.TimeSpan(int64(v.Int32()) * 10000) }
		case *format.IntType:
			if !x.IsSigned && x.BitWidth == 32 {
				return types.Long, func(v parquet.Value) any { return int64(uint32(v.Int32())) }
			}
		}
		switch ct {
		case deprecated.Date:
			return types.DateTime, func(v parquet.Value) any { return value.FromTime(time.Unix(int64(v.Int32())*86400, 0).UTC()) }
		case deprecated.Uint32:
			return types.Long, func(v parquet.Value) any { return int64(uint32(v.Int32())) }
		}
		return types.Int, func(v parquet.Value) any { return int64(v.Int32()) }
	case parquet.Int64:
		unit := time.Duration(0)
		switch x := lv.(type) {
		case *format.TimestampType:
			unit = x.Unit.Value.Duration()
		case *format.TimeType:
			u := x.Unit.Value.Duration()
			return types.TimeSpan, func(v parquet.Value) any { return value.TimeSpan(v.Int64() * int64(u) / 100) }
		case *format.IntType:
			if !x.IsSigned {
				return types.Long, func(v parquet.Value) any { return uintValue(uint64(v.Int64())) }
			}
		}
		switch ct {
		case deprecated.TimestampMillis:
			unit = time.Millisecond
		case deprecated.TimestampMicros:
			unit = time.Microsecond
		case deprecated.TimeMicros:
			return types.TimeSpan, func(v parquet.Value) any { return value.TimeSpan(v.Int64() * 10) }
		case deprecated.Uint64:
			return types.Long, func(v parquet.Value) any { return uintValue(uint64(v.Int64())) }
		}
		if unit > 0 {
			return types.DateTime, func(v parquet.Value) any { return unixTime(v.Int64(), unit) }
		}
		return types.Long, func(v parquet.Value) any { return v.Int64() }
	case parquet.Int96:
		return types.DateTime, func(v parquet.Value) any {
			i := v.Int96()
			nanos := int64(uint64(i[1])<<32 | uint64(i[0]))
			days := int64(i[2]) - 2440588 // Julian day of 1970-01-01
			return unixTime(days*86400*1e9+nanos, time.Nanosecond)
		}
	case parquet.Float:
		return types.Real, func(v parquet.Value) any { return float64(v.Float()) }
	case parquet.Double:
		return types.Real, func(v parquet.Value) any { return v.Double() }
	case parquet.FixedLenByteArray:
		if _, ok := lv.(*format.UUIDType); ok || t.Length() == 16 && ct < 0 && lv == nil {
			return types.Guid, func(v parquet.Value) any {
				b := v.ByteArray()
				if len(b) != 16 {
					return hex.EncodeToString(b)
				}
				h := hex.EncodeToString(b)
				return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
			}
		}
		return types.String, func(v parquet.Value) any { return string(v.ByteArray()) }
	}
	// Byte arrays.
	if _, ok := lv.(*format.JsonType); ok || ct == deprecated.Json {
		return types.Dynamic, func(v parquet.Value) any { return toDynamic(string(v.ByteArray()), true) }
	}
	return types.String, func(v parquet.Value) any { return string(v.ByteArray()) }
}

func uintValue(u uint64) any {
	if u > math.MaxInt64 {
		return float64(u)
	}
	return int64(u)
}

// unixTime converts n units since 1970 to a datetime.
func unixTime(n int64, unit time.Duration) any {
	const epoch = 621355968000000000 // ticks of 1970-01-01
	var ticks int64
	switch {
	case unit >= 100:
		ticks = n * int64(unit/100)
	default:
		ticks = n / int64(100/unit)
	}
	t := epoch + ticks
	if t < 0 || t > value.MaxDateTime {
		return nil
	}
	return value.DateTime(t)
}

// decimalConv reads a decimal of the given scale from its unscaled
// integer (int32, int64 or big-endian two's complement bytes).
func decimalConv(scale int, kind parquet.Kind) func(parquet.Value) any {
	// The exact value, as decimal text: unscaled digits, then the scale
	// as an exponent. More than 38 digits is null.
	exp := "e-" + strconv.Itoa(scale)
	text := func(unscaled string) any {
		if d, ok := value.ParseDec(unscaled + exp); ok {
			return d.Box()
		}
		return nil
	}
	return func(v parquet.Value) any {
		switch kind {
		case parquet.Int32:
			return text(strconv.FormatInt(int64(v.Int32()), 10))
		case parquet.Int64:
			return text(strconv.FormatInt(v.Int64(), 10))
		}
		b := v.ByteArray()
		n := new(big.Int).SetBytes(b)
		if len(b) > 0 && b[0]&0x80 != 0 {
			n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
		}
		return text(n.String())
	}
}

// ParquetNested turns a nested field's value, as parquet.Schema.Reconstruct
// gives it in a map[string]any row, into a dynamic value.
func ParquetNested(x any) any {
	switch v := x.(type) {
	case nil:
		return nil
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b := &value.Bag{}
		for _, k := range keys {
			b.Keys = append(b.Keys, k)
			b.Values = append(b.Values, ParquetNested(v[k]))
		}
		return b
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = ParquetNested(e)
		}
		return out
	case []byte:
		return string(v)
	case string, bool, int64, float64:
		return v
	case time.Time:
		return value.FromTime(v)
	}
	rv := reflect.ValueOf(x)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return uintValue(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = ParquetNested(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		m := map[string]any{}
		for _, k := range rv.MapKeys() {
			m[fmt.Sprint(k.Interface())] = rv.MapIndex(k).Interface()
		}
		return ParquetNested(m)
	case reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
		return ParquetNested(rv.Elem().Interface())
	}
	return fmt.Sprint(x)
}
