package kqltest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/value"
)

// parseJSON decodes one JSON value into the boxed dynamic model: objects
// become *value.Bag (key order kept), integers int64, other numbers
// float64.
func parseJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	v, err := decodeJSON(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing text after JSON value")
	}
	return v, nil
}

func decodeJSON(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			bag := value.NewBag(4)
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeJSON(dec)
				if err != nil {
					return nil, err
				}
				bag.Set(k.(string), v)
			}
			_, err := dec.Token()
			return bag, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeJSON(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		if i, err := strconv.ParseInt(string(t), 10, 64); err == nil {
			return i, nil
		}
		f, err := strconv.ParseFloat(string(t), 64)
		return f, err
	default:
		return t, nil // string, bool, nil
	}
}

// appendJSON renders a boxed value as compact JSON. With sorted set, bag
// keys are sorted, which gives a canonical form for comparison.
func appendJSON(b []byte, v any, sorted bool) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, x)
	case int32:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case float64:
		switch {
		case math.IsNaN(x):
			return append(b, `"NaN"`...)
		case math.IsInf(x, 1):
			return append(b, `"Infinity"`...)
		case math.IsInf(x, -1):
			return append(b, `"-Infinity"`...)
		}
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0" // keep real distinct from long
		}
		return append(b, s...)
	case string:
		enc, _ := json.Marshal(x)
		return append(b, bytes.TrimSpace(enc)...)
	case value.Decimal:
		return append(b, string(x)...)
	case value.GUID:
		return appendJSON(b, string(x), sorted)
	case value.DateTime:
		return appendJSON(b, formatDateTime(x), sorted)
	case value.TimeSpan:
		return appendJSON(b, formatTimeSpan(x), sorted)
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, e, sorted)
		}
		return append(b, ']')
	case *value.Bag:
		idx := make([]int, x.Len())
		for i := range idx {
			idx[i] = i
		}
		if sorted {
			sort.Slice(idx, func(i, j int) bool { return x.Keys[idx[i]] < x.Keys[idx[j]] })
		}
		b = append(b, '{')
		for n, i := range idx {
			if n > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, x.Keys[i], sorted)
			b = append(b, ':')
			b = appendJSON(b, x.Values[i], sorted)
		}
		return append(b, '}')
	}
	return append(b, fmt.Sprintf("%q", fmt.Sprint(v))...)
}
