package ingest

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/parquet-go/parquet-go"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	qtable "github.com/quarryhunt/quarry/table"
)

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
	pf, err := qtable.OpenParquet(f, st.Size())
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
	cols, nested, err := qtable.ParquetColumns(pf)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	// Columns the table lacks are typed by the file.
	def := reg.def(table)
	var add types.Schema
	for _, c := range cols {
		if def.column(c.Name) < 0 && add.Index(c.Name) < 0 {
			add = append(add, types.Column{Name: c.Name, Type: c.Type})
		}
	}
	if len(add) > 0 {
		def = reg.fix(table, add)
	}
	colOf := make([]int, len(cols))
	seen := map[int]bool{}
	for i, c := range cols {
		colOf[i] = def.column(c.Name)
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
					if c.Leaf >= 0 {
						if v := qtable.ParquetLeafValue(row, c.Leaf); !v.IsNull() {
							vals[colOf[i]] = c.Conv(v)
						}
					} else {
						vals[colOf[i]] = qtable.ParquetNested(rec[c.Name])
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
