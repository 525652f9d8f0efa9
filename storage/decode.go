package storage

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

var errDamaged = errors.New("the file is damaged")

// decodeChunk decodes one column chunk of n rows into a vector of type t.
// Page buffers are copied out and released, so the vector owns its
// memory; dictionary-encoded strings stay dictionary-encoded.
func decodeChunk(cc parquet.ColumnChunk, t types.Type, n int) (*column.Vector, error) {
	if t == types.Decimal {
		return decodeDecimalChunk(cc, n)
	}
	d := &chunkDecoder{t: t, n: n, emptyCode: -1}
	switch t {
	case types.Bool:
		d.bools = make([]bool, n)
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		d.ints = make([]int64, n)
	case types.Real, types.Decimal:
		d.reals = make([]float64, n)
	case types.Dynamic:
		d.dyns = make([]any, n)
	case types.String, types.Guid:
		d.codes = make([]uint32, 0, n)
	default:
		return nil, fmt.Errorf("type %s cannot be read", t)
	}
	pages := cc.Pages()
	defer pages.Close()
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		err = d.page(p)
		parquet.Release(p)
		if err != nil {
			return nil, err
		}
	}
	if d.row != n {
		return nil, fmt.Errorf("%w: %d rows in the column, %d in the row group", errDamaged, d.row, n)
	}
	return d.vector(), nil
}

type chunkDecoder struct {
	t   types.Type
	n   int
	row int // rows decoded so far

	nulls column.Bitmap
	bools []bool
	ints  []int64
	reals []float64
	dyns  []any

	// Strings: dictionary codes while every page is dictionary-encoded,
	// else plain storage.
	plain     *column.Strings
	dict      *column.Strings
	codes     []uint32
	emptyCode int64 // code of "" in dict, -1 until needed

	dictSrc   parquet.Dictionary // the Parquet dictionary the caches below hold
	dictInts  []int64
	dictReals []float64
	dictStrs  *column.Strings

	vals []parquet.Value
}

// page decodes one page: its definition levels give the null rows, its
// data the values of the others.
func (d *chunkDecoder) page(p parquet.Page) error {
	cnt := int(p.NumRows())
	if cnt < 0 || d.row+cnt > d.n || int(p.NumValues()) != cnt {
		return fmt.Errorf("%w: a page holds more rows than its row group", errDamaged)
	}
	defs := p.DefinitionLevels()
	if len(defs) != 0 && len(defs) != cnt {
		return fmt.Errorf("%w: definition levels do not match the rows", errDamaged)
	}
	present := cnt
	if len(defs) > 0 {
		present = 0
		for _, l := range defs {
			if l != 0 {
				present++
			}
		}
		if present < cnt {
			if d.t == types.String || d.t == types.Guid {
				// Kusto strings are never null: empty.
			} else {
				if d.nulls == nil {
					d.nulls = column.NewBitmap(d.n)
				}
				for k, l := range defs {
					if l == 0 {
						d.nulls.Set(d.row + k)
					}
				}
			}
		} else {
			defs = nil
		}
	}
	var err error
	switch d.t {
	case types.Bool:
		err = d.boolPage(p, cnt)
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		err = d.intPage(p, cnt, present, defs)
	case types.Real, types.Decimal:
		err = d.realPage(p, cnt, present, defs)
	case types.String, types.Guid:
		err = d.strPage(p, cnt, present, defs)
	case types.Dynamic:
		err = d.dynPage(p, cnt, present, defs)
	}
	if err != nil {
		return err
	}
	d.row += cnt
	return nil
}

// cacheDict notes the dictionary of the current page; the decoded
// dictionary caches are per chunk, and every page of a chunk shares one.
func (d *chunkDecoder) cacheDict(dict parquet.Dictionary) {
	if d.dictSrc != dict {
		d.dictSrc, d.dictInts, d.dictReals, d.dictStrs = dict, nil, nil, nil
	}
}

func indexes(p parquet.Page, present, dictLen int) ([]int32, error) {
	data := p.Data()
	idx := data.Int32()
	if len(idx) != present {
		return nil, fmt.Errorf("%w: %d dictionary indexes for %d values", errDamaged, len(idx), present)
	}
	for _, i := range idx {
		if i < 0 || int(i) >= dictLen {
			return nil, fmt.Errorf("%w: dictionary index %d out of range", errDamaged, i)
		}
	}
	return idx, nil
}

func (d *chunkDecoder) intPage(p parquet.Page, cnt, present int, defs []byte) error {
	out := d.ints[d.row : d.row+cnt]
	var src []int64
	if dict := p.Dictionary(); dict != nil {
		d.cacheDict(dict)
		if d.dictInts == nil {
			d.dictInts = int64sOf(dict.Page().Data(), dict.Type().Kind())
		}
		idx, err := indexes(p, present, len(d.dictInts))
		if err != nil {
			return err
		}
		scatter(out, defs, len(idx), func(k int) int64 { return d.dictInts[idx[k]] })
		return nil
	}
	data := p.Data()
	src = int64sOf(data, p.Type().Kind())
	if len(src) != present {
		return fmt.Errorf("%w: %d values for %d rows", errDamaged, len(src), present)
	}
	if defs == nil {
		copy(out, src)
		return nil
	}
	scatter(out, defs, len(src), func(k int) int64 { return src[k] })
	return nil
}

func int64sOf(v encoding.Values, k parquet.Kind) []int64 {
	if k == parquet.Int32 {
		s := v.Int32()
		out := make([]int64, len(s))
		for i, x := range s {
			out[i] = int64(x)
		}
		return out
	}
	return v.Int64()
}

func (d *chunkDecoder) realPage(p parquet.Page, cnt, present int, defs []byte) error {
	out := d.reals[d.row : d.row+cnt]
	if dict := p.Dictionary(); dict != nil {
		d.cacheDict(dict)
		if d.dictReals == nil {
			dv := dict.Page().Data()
			d.dictReals = append([]float64(nil), dv.Double()...)
		}
		idx, err := indexes(p, present, len(d.dictReals))
		if err != nil {
			return err
		}
		scatter(out, defs, len(idx), func(k int) float64 { return d.dictReals[idx[k]] })
		return nil
	}
	data := p.Data()
	src := data.Double()
	if len(src) != present {
		return fmt.Errorf("%w: %d values for %d rows", errDamaged, len(src), present)
	}
	if defs == nil {
		copy(out, src)
		return nil
	}
	scatter(out, defs, len(src), func(k int) float64 { return src[k] })
	return nil
}

// scatter fills the non-null rows of out (defs[r] != 0, all when defs is
// nil) with values 0..m-1 from at.
func scatter[T any](out []T, defs []byte, m int, at func(int) T) {
	if defs == nil {
		for k := 0; k < m && k < len(out); k++ {
			out[k] = at(k)
		}
		return
	}
	k := 0
	for r, l := range defs {
		if l != 0 && k < m {
			out[r] = at(k)
			k++
		}
	}
}

func (d *chunkDecoder) boolPage(p parquet.Page, cnt int) error {
	if cap(d.vals) < cnt {
		d.vals = make([]parquet.Value, cnt)
	}
	vals := d.vals[:cnt]
	rd := p.Values()
	got := 0
	for got < cnt {
		n, err := rd.ReadValues(vals[got:])
		got += n
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	if got != cnt {
		return fmt.Errorf("%w: %d values for %d rows", errDamaged, got, cnt)
	}
	for k, v := range vals {
		if !v.IsNull() {
			d.bools[d.row+k] = v.Boolean()
		}
	}
	return nil
}

// dictStrings copies a Parquet byte-array dictionary into string storage.
func (d *chunkDecoder) dictStrings(dict parquet.Dictionary) (*column.Strings, error) {
	d.cacheDict(dict)
	if d.dictStrs == nil {
		dv := dict.Page().Data()
		data, offs := dv.ByteArray()
		s, err := copyStrings(data, offs)
		if err != nil {
			return nil, err
		}
		d.dictStrs = s
	}
	return d.dictStrs, nil
}

// copyStrings copies Parquet byte-array values (offsets len n+1) into
// plain string storage.
func copyStrings(data []byte, offs []uint32) (*column.Strings, error) {
	if len(offs) == 0 {
		return column.NewStrings(0, 0), nil
	}
	base := offs[0]
	end := offs[len(offs)-1]
	if int64(end) > int64(len(data)) || base > end {
		return nil, fmt.Errorf("%w: string offsets out of range", errDamaged)
	}
	s := &column.Strings{Data: append([]byte(nil), data[base:end]...), Offs: make([]uint32, len(offs))}
	prev := base
	for i, o := range offs {
		if o < prev || o > end {
			return nil, fmt.Errorf("%w: string offsets out of order", errDamaged)
		}
		s.Offs[i] = o - base
		prev = o
	}
	return s, nil
}

func (d *chunkDecoder) strPage(p parquet.Page, cnt, present int, defs []byte) error {
	dict := p.Dictionary()
	if dict != nil && d.plain == nil {
		ds, err := d.dictStrings(dict)
		if err != nil {
			return err
		}
		if d.dict != nil && d.dict != ds {
			// A second dictionary in one chunk: go plain.
			d.toPlain()
			return d.strPage(p, cnt, present, defs)
		}
		d.dict = ds
		idx, err := indexes(p, present, ds.Len())
		if err != nil {
			return err
		}
		if defs == nil {
			for _, i := range idx {
				d.codes = append(d.codes, uint32(i))
			}
			return nil
		}
		k := 0
		for _, l := range defs {
			if l != 0 {
				d.codes = append(d.codes, uint32(idx[k]))
				k++
			} else {
				d.codes = append(d.codes, d.empty())
			}
		}
		return nil
	}
	if d.plain == nil {
		d.toPlain()
	}
	if dict != nil {
		ds, err := d.dictStrings(dict)
		if err != nil {
			return err
		}
		idx, err := indexes(p, present, ds.Len())
		if err != nil {
			return err
		}
		k := 0
		for r := 0; r < cnt; r++ {
			if defs == nil || defs[r] != 0 {
				d.plain.Append(ds.At(int(idx[k])))
				k++
			} else {
				d.plain.Append("")
			}
		}
		return d.checkArena()
	}
	pd := p.Data()
	data, offs := pd.ByteArray()
	if len(offs) != present+1 && !(present == 0 && len(offs) == 0) {
		return fmt.Errorf("%w: %d strings for %d rows", errDamaged, len(offs)-1, present)
	}
	if present == 0 {
		for r := 0; r < cnt; r++ {
			d.plain.Append("")
		}
		return nil
	}
	base, end := offs[0], offs[len(offs)-1]
	if int64(end) > int64(len(data)) || base > end {
		return fmt.Errorf("%w: string offsets out of range", errDamaged)
	}
	at := uint32(len(d.plain.Data))
	if int64(at)+int64(end-base) > math.MaxUint32 {
		return fmt.Errorf("a row group holds more than 4 GB of text in one column")
	}
	d.plain.Data = append(d.plain.Data, data[base:end]...)
	k := 0
	prev := base
	for r := 0; r < cnt; r++ {
		if defs == nil || defs[r] != 0 {
			o := offs[k+1]
			if o < prev || o > end {
				return fmt.Errorf("%w: string offsets out of order", errDamaged)
			}
			prev = o
			k++
		}
		d.plain.Offs = append(d.plain.Offs, at+prev-base)
	}
	return nil
}

func (d *chunkDecoder) checkArena() error {
	if len(d.plain.Data) > math.MaxUint32 {
		return fmt.Errorf("a row group holds more than 4 GB of text in one column")
	}
	return nil
}

// empty is the dictionary code of "", added to the dictionary copy if
// missing (only files with optional string columns need it).
func (d *chunkDecoder) empty() uint32 {
	if d.emptyCode < 0 || d.emptyCode >= int64(d.dict.Len()) || d.dict.At(int(d.emptyCode)) != "" {
		d.emptyCode = -1
		for i := 0; i < d.dict.Len(); i++ {
			if d.dict.At(i) == "" {
				d.emptyCode = int64(i)
				break
			}
		}
		if d.emptyCode < 0 {
			d.dict.Append("")
			d.emptyCode = int64(d.dict.Len() - 1)
		}
	}
	return uint32(d.emptyCode)
}

// toPlain turns the dictionary codes decoded so far into plain storage.
func (d *chunkDecoder) toPlain() {
	d.plain = column.NewStrings(d.n, 0)
	for _, c := range d.codes {
		d.plain.Append(d.dict.At(int(c)))
	}
	d.codes, d.dict = nil, nil
}

func (d *chunkDecoder) dynPage(p parquet.Page, cnt, present int, defs []byte) error {
	out := d.dyns[d.row : d.row+cnt]
	var data []byte
	var offs []uint32
	var idx []int32
	if dict := p.Dictionary(); dict != nil {
		d.cacheDict(dict)
		dv := dict.Page().Data()
		data, offs = dv.ByteArray()
		var err error
		if idx, err = indexes(p, present, len(offs)-1); err != nil {
			return err
		}
	} else {
		pd := p.Data()
		data, offs = pd.ByteArray()
		if len(offs) != present+1 && !(present == 0 && len(offs) == 0) {
			return fmt.Errorf("%w: %d values for %d rows", errDamaged, len(offs)-1, present)
		}
	}
	k := 0
	for r := 0; r < cnt; r++ {
		if defs != nil && defs[r] == 0 {
			continue
		}
		j := k
		if idx != nil {
			j = int(idx[k])
		}
		k++
		lo, hi := offs[j], offs[j+1]
		if lo > hi || int64(hi) > int64(len(data)) {
			return fmt.Errorf("%w: value offsets out of range", errDamaged)
		}
		// Each row gets its own tree: boxed bags build indexes lazily,
		// so rows must not share them across goroutines.
		v, err := value.ParseJSONBytes(data[lo:hi])
		if err != nil {
			return fmt.Errorf("%w: a dynamic value is not JSON: %v", errDamaged, err)
		}
		out[r] = v
	}
	return nil
}

func (d *chunkDecoder) vector() *column.Vector {
	nulls := d.nulls
	if nulls != nil && !nulls.Any() {
		nulls = nil
	}
	switch d.t {
	case types.Bool:
		return column.FromBools(d.bools, nulls)
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		return column.FromInts(d.t, d.ints, nulls)
	case types.Real, types.Decimal:
		return column.FromReals(d.t, d.reals, nulls)
	case types.Dynamic:
		return column.FromDyns(d.dyns)
	}
	if d.plain != nil {
		return column.FromStrings(d.t, d.plain)
	}
	if d.dict == nil {
		d.dict = column.NewStrings(0, 0)
		d.dict.Append("")
	}
	return column.FromStrings(d.t, &column.Strings{Dict: d.dict, Codes: d.codes})
}
