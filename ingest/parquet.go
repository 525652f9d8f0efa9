package ingest

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// quarrySchemaKey is the key/value metadata entry in which quarry's store
// files carry their Kusto schema ("Name:type, ..."); such a file is read
// with exactly those types.
const quarrySchemaKey = "quarry.schema"

// pqCol is one top-level field of a Parquet file.
type pqCol struct {
	name string
	leaf int // leaf column index of a flat field; -1 for a nested one
	t    types.Type
	conv func(parquet.Value) any
}

// parquetRows is how many rows go into one batch.
const parquetRows = 8192

// convertParquet reads a Parquet file (seekable) into app. Parquet is
// typed, so columns the schema lacks take their types from the file.
func convertParquet(ctx context.Context, f *os.File, path, table string, reg *registry, app *appender) (err error) {
	defer func() {
		// The Parquet library may panic on a damaged file: that is an
		// error of this file.
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: not a readable Parquet file: %v", path, r)
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := checkFooter(f, st.Size()); err != nil {
		return fmt.Errorf("%s: not a readable Parquet file: %v", path, err)
	}
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return fmt.Errorf("%s: not a readable Parquet file: %v", path, err)
	}
	if table == "" {
		return &noTableError{fmt.Errorf("%s: cannot tell which table a Parquet file holds: give --table NAME", path)}
	}
	if !validTableName(table) {
		return fmt.Errorf("%s: table name %q is not valid", path, table)
	}
	table = reg.canonical(table)
	cols, nested, err := parquetColumns(pf)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	// Columns the table lacks are typed by the file.
	def := reg.def(table)
	var add types.Schema
	for _, c := range cols {
		if def.column(c.name) < 0 && add.Index(c.name) < 0 {
			add = append(add, types.Column{Name: c.name, Type: c.t})
		}
	}
	if len(add) > 0 {
		def = reg.fix(table, add)
	}
	colOf := make([]int, len(cols))
	seen := map[int]bool{}
	for i, c := range cols {
		colOf[i] = def.column(c.name)
		if seen[colOf[i]] {
			colOf[i] = -1 // two fields of one column: the first counts
		}
		seen[colOf[i]] = true
	}
	// Timestamp and TimeGenerated stand in for each other.
	fill := map[int]int{}
	if def.ts >= 0 && def.tg >= 0 {
		switch {
		case !seen[def.ts] && seen[def.tg]:
			fill[def.ts] = def.tg
		case !seen[def.tg] && seen[def.ts]:
			fill[def.tg] = def.ts
		}
	}
	sch := pf.Schema()
	perRow := 0.0 // input bytes per row, for the table's share of the time
	if n := pf.NumRows(); n > 0 {
		perRow = float64(st.Size()) / float64(n)
	}
	buf := make([]parquet.Row, 256)
	vals := make([]any, len(def.cols))
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		p := newPart(def, false, nil)
		left := rg.NumRows()
		for {
			if err := ctx.Err(); err != nil {
				rows.Close()
				return err
			}
			n, rerr := rows.ReadRows(buf)
			if rerr == nil && (n == 0 || int64(n) > left) {
				// A damaged file can promise rows it does not hold.
				rerr = fmt.Errorf("row group of %d rows: the file is damaged", rg.NumRows())
			}
			left -= int64(n)
			for _, row := range buf[:n] {
				var rec map[string]any
				if nested {
					rec = map[string]any{}
					if err := sch.Reconstruct(&rec, row); err != nil {
						rows.Close()
						return fmt.Errorf("%s: %v", path, err)
					}
				}
				clear(vals)
				for i, c := range cols {
					if colOf[i] < 0 {
						continue
					}
					if c.leaf >= 0 {
						if v := leafValue(row, c.leaf); !v.IsNull() {
							vals[colOf[i]] = c.conv(v)
						}
					} else {
						vals[colOf[i]] = boxGo(rec[c.name])
					}
				}
				for to, from := range fill {
					vals[to] = vals[from]
				}
				for i, cb := range p.cols {
					if !cb.putBoxed(vals[i], false) && !p.countFail(i) {
						p.noteFail(i, 0, value.ToString(vals[i]))
					}
				}
				p.n++
			}
			if p.n >= parquetRows || rerr != nil && p.n > 0 {
				p.finish()
				p.bytes = int64(perRow * float64(p.n))
				if err := app.consume(&chunkResult{parts: []*part{p}, records: int64(p.n)}); err != nil {
					rows.Close()
					return err
				}
				p = newPart(def, false, nil)
			}
			if rerr == io.EOF {
				break
			}
			if rerr != nil {
				rows.Close()
				return fmt.Errorf("%s: %v", path, rerr)
			}
		}
		rows.Close()
	}
	return nil
}

// checkFooter rejects a file whose footer length does not fit in it:
// the Parquet library would allocate whatever length the file claims.
func checkFooter(f *os.File, size int64) error {
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

// leafValue finds a flat column's value in a row (values are in column
// order, one per flat column).
func leafValue(row parquet.Row, leaf int) parquet.Value {
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

// parquetColumns describes a file's top-level fields.
func parquetColumns(pf *parquet.File) ([]pqCol, bool, error) {
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
	nested := false
	var cols []pqCol
	for _, fld := range sch.Fields() {
		c := pqCol{name: fld.Name(), leaf: -1}
		if !fld.Leaf() || fld.Repeated() {
			nested = true
			c.t = types.Dynamic
			cols = append(cols, c)
			continue
		}
		lc, ok := sch.Lookup(fld.Name())
		if !ok {
			return nil, false, fmt.Errorf("column %s not found in the schema", fld.Name())
		}
		c.leaf = lc.ColumnIndex
		c.t, c.conv = leafType(fld.Type())
		if t, ok := declared[c.name]; ok {
			c.t = t
			c.conv = declaredConv(t, c.conv)
		}
		cols = append(cols, c)
	}
	// A quarry data file lists its columns in the table's order (Parquet
	// keeps them sorted by name).
	if len(order) > 0 {
		sort.SliceStable(cols, func(i, j int) bool {
			oi, iok := order[cols[i].name]
			oj, jok := order[cols[j].name]
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
		return types.Dynamic, func(v parquet.Value) any { return dynamicOfString(string(v.ByteArray()), true) }
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
	div := math.Pow10(scale)
	return func(v parquet.Value) any {
		switch kind {
		case parquet.Int32:
			return float64(v.Int32()) / div
		case parquet.Int64:
			return float64(v.Int64()) / div
		}
		b := v.ByteArray()
		n := new(big.Int).SetBytes(b)
		if len(b) > 0 && b[0]&0x80 != 0 {
			n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
		}
		f, _ := new(big.Float).Quo(new(big.Float).SetInt(n), big.NewFloat(div)).Float64()
		return f
	}
}

// boxGo turns a reconstructed nested Go value into a dynamic value.
func boxGo(x any) any {
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
			b.Values = append(b.Values, boxGo(v[k]))
		}
		return b
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = boxGo(e)
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
			out[i] = boxGo(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		m := map[string]any{}
		for _, k := range rv.MapKeys() {
			m[fmt.Sprint(k.Interface())] = rv.MapIndex(k).Interface()
		}
		return boxGo(m)
	case reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
		return boxGo(rv.Elem().Interface())
	}
	return fmt.Sprint(x)
}
