package exec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// externalProps are an externaldata operator's with(...) properties.
type externalProps struct {
	format      string // lower case; "" = from each source's extension
	ignoreFirst bool
	// mapping gives each schema column's source (nil: csv-like formats
	// by position, json and parquet by column name).
	mapping []colSource
}

// colSource is where one column's values come from: a field position
// (delimited text), a JSON path (json, parquet), or a constant. A
// column the mapping does not name is null.
type colSource struct {
	set      bool
	ordinal  int
	path     []pathStep
	constant *string
}

// pathStep is one step of a mapping's JSON path: a property or an index.
type pathStep struct {
	key   string
	index int // -1 for a property step
}

func parseExternalProps(n *plan.ExternalData) (externalProps, error) {
	var p externalProps
	for name, v := range n.Props {
		switch strings.ToLower(name) {
		case "format":
			p.format = strings.ToLower(strings.TrimSpace(v))
			if err := checkExternalFormat(p.format); err != nil {
				return p, err
			}
		case "ignorefirstrecord":
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return p, fmt.Errorf("externaldata: ignoreFirstRecord must be true or false, not %q", v)
			}
			p.ignoreFirst = b
		case "ingestionmapping":
			m, err := parseIngestionMapping(v, n.Out)
			if err != nil {
				return p, fmt.Errorf("externaldata: ingestionMapping: %v", err)
			}
			p.mapping = m
		case "ingestionmappingreference":
			return p, fmt.Errorf("externaldata: ingestionMappingReference is not supported: Quarry has no stored ingestion mappings; give the mapping itself with ingestionMapping='[...]'")
		default:
			return p, fmt.Errorf("externaldata: property '%s' is not supported (supported: format, ignoreFirstRecord, ingestionMapping)", name)
		}
	}
	return p, nil
}

// checkExternalFormat accepts the ingestion formats Quarry reads and
// names the others.
func checkExternalFormat(f string) error {
	switch f {
	case "csv", "tsv", "psv", "scsv", "sohsv", "txt", "raw", "json", "multijson", "parquet":
		return nil
	case "tsve", "avro", "apacheavro", "orc", "w3clogfile", "azmonstream", "singlejson":
		return fmt.Errorf("externaldata: format '%s' is not supported; Quarry reads csv, tsv, psv, scsv, sohsv, txt, raw, json, multijson and parquet", f)
	}
	return fmt.Errorf("externaldata: unknown format '%s'; the formats are csv, tsv, psv, scsv, sohsv, txt, raw, json, multijson and parquet", f)
}

// parseIngestionMapping reads an inline mapping: a JSON array of
// {"Column": name, "Properties": {"Ordinal": n | "Path": "$.x" |
// "ConstValue": text}} (keys in any case). Transformations are refused.
func parseIngestionMapping(text string, out types.Schema) ([]colSource, error) {
	v, err := value.ParseJSON(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("not valid JSON: %v", err)
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("expected a JSON array of column mappings")
	}
	m := make([]colSource, len(out))
	for _, e := range arr {
		bag, ok := e.(*value.Bag)
		if !ok {
			return nil, fmt.Errorf("expected a JSON object for each column mapping")
		}
		colName, _ := foldGet(bag, "column").(string)
		ci := out.Index(colName)
		if ci < 0 {
			return nil, fmt.Errorf("column %q is not in the externaldata schema", colName)
		}
		props, _ := foldGet(bag, "properties").(*value.Bag)
		if props == nil {
			// The legacy CSV mapping form: {"Name": .., "Ordinal": ..}.
			props = bag
		}
		src := colSource{set: true, ordinal: -1}
		for i, k := range props.Keys {
			val := props.Values[i]
			switch strings.ToLower(k) {
			case "ordinal":
				n, ok := mappingInt(val)
				if !ok || n < 0 {
					return nil, fmt.Errorf("column %q: Ordinal must be a number of 0 or more", colName)
				}
				src.ordinal = n
			case "path":
				s, _ := val.(string)
				steps, err := parseMappingPath(s)
				if err != nil {
					return nil, fmt.Errorf("column %q: %v", colName, err)
				}
				src.path = steps
			case "constvalue":
				s := value.ToString(val)
				src.constant = &s
			case "transform":
				if t, _ := val.(string); t != "" && !strings.EqualFold(t, "None") {
					return nil, fmt.Errorf("column %q: transformation %q is not supported", colName, t)
				}
			case "column", "name", "datatype", "field":
			}
		}
		m[ci] = src
	}
	return m, nil
}

func foldGet(b *value.Bag, key string) any {
	for i, k := range b.Keys {
		if strings.EqualFold(k, key) {
			return b.Values[i]
		}
	}
	return nil
}

func mappingInt(v any) (int, bool) {
	switch x := v.(type) {
	case int64:
		return int(x), true
	case float64:
		return int(x), x == float64(int(x))
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(x))
		return n, err == nil
	}
	return 0, false
}

// parseMappingPath reads a mapping path: $ then .name, ['name'] or [n]
// steps.
func parseMappingPath(p string) ([]pathStep, error) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "$") {
		return nil, fmt.Errorf("path %q must start with $", p)
	}
	var steps []pathStep
	s := p[1:]
	for s != "" {
		switch s[0] {
		case '.':
			s = s[1:]
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			if end == 0 {
				return nil, fmt.Errorf("path %q has an empty property name", p)
			}
			steps = append(steps, pathStep{key: s[:end], index: -1})
			s = s[end:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, fmt.Errorf("path %q has an unclosed [", p)
			}
			in := strings.TrimSpace(s[1:end])
			s = s[end+1:]
			if len(in) >= 2 && (in[0] == '\'' || in[0] == '"') && in[len(in)-1] == in[0] {
				steps = append(steps, pathStep{key: in[1 : len(in)-1], index: -1})
				continue
			}
			n, err := strconv.Atoi(in)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("path %q: [%s] is neither a quoted name nor an index", p, in)
			}
			steps = append(steps, pathStep{index: n})
		default:
			return nil, fmt.Errorf("path %q: unexpected %q", p, s[:1])
		}
	}
	return steps, nil
}

// walkPath follows steps from v; a missing step gives null.
func walkPath(v any, steps []pathStep) any {
	for _, st := range steps {
		switch x := v.(type) {
		case *value.Bag:
			if st.index >= 0 {
				return nil
			}
			v = bagValue(x, st.key)
		case []any:
			if st.index < 0 || st.index >= len(x) {
				return nil
			}
			v = x[st.index]
		default:
			return nil
		}
	}
	return v
}

// bagValue looks a key up exactly by scanning (a record is looked up
// once per column; Bag.Get would index each record).
func bagValue(b *value.Bag, key string) any {
	for i, k := range b.Keys {
		if k == key {
			return b.Values[i]
		}
	}
	return nil
}
