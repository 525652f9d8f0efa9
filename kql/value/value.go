// Package value holds Kusto's boxed scalar values and the dynamic (JSON)
// value model. Column vectors (package column) store values unboxed; this
// package is for constants, dynamic trees and slow paths.
//
// A boxed value is a Go `any`:
//
//	nil            null (of any nullable type)
//	bool           bool
//	int32          int
//	int64          long
//	float64        real
//	Decimal        decimal
//	string         string
//	DateTime       datetime (100 ns ticks since 0001-01-01T00:00:00Z)
//	TimeSpan       timespan (signed 100 ns ticks)
//	GUID           guid
//	[]any          dynamic array (elements are boxed values)
//	*Bag           dynamic property bag (insertion-ordered)
//
// A dynamic value is any of the above; a JSON integer is an int64 and a
// JSON fraction or exponent a float64, as Kusto's parse_json does.
package value

// DateTime is a Kusto datetime: 100 ns ticks since 0001-01-01T00:00:00Z.
type DateTime int64

// TimeSpan is a Kusto timespan in signed 100 ns ticks.
type TimeSpan int64

// GUID is a Kusto guid in canonical lower-case 8-4-4-4-12 form.
type GUID string

// Decimal is a boxed Kusto decimal: its canonical text (plain notation,
// no trailing fractional zeros), so no digit is lost in transit. Column
// vectors and arithmetic use the exact 128-bit Dec (decimal.go).
type Decimal string

// Tick constants.
const (
	Tick        int64 = 1
	Microsecond       = 10 * Tick
	Millisecond       = 1000 * Microsecond
	Second            = 1000 * Millisecond
	Minute            = 60 * Second
	Hour              = 60 * Minute
	Day               = 24 * Hour
	// UnixEpoch is 1970-01-01T00:00:00Z in ticks.
	UnixEpoch int64 = 621355968000000000
	// MaxDateTime is 9999-12-31T23:59:59.9999999Z in ticks.
	MaxDateTime int64 = 3155378975999999999
)

// Bag is a dynamic property bag. Keys keep insertion order, as Kusto
// prints them; lookups go through an index built on demand.
type Bag struct {
	Keys   []string
	Values []any
	index  map[string]int
}

// NewBag returns an empty bag with room for n properties.
func NewBag(n int) *Bag {
	return &Bag{Keys: make([]string, 0, n), Values: make([]any, 0, n)}
}

// Len returns the number of properties.
func (b *Bag) Len() int { return len(b.Keys) }

// Get returns the value of key and whether it is present.
func (b *Bag) Get(key string) (any, bool) {
	if len(b.Keys) <= 8 {
		for i, k := range b.Keys {
			if k == key {
				return b.Values[i], true
			}
		}
		return nil, false
	}
	if b.index == nil || len(b.index) != len(b.Keys) {
		b.index = make(map[string]int, len(b.Keys))
		for i, k := range b.Keys {
			b.index[k] = i
		}
	}
	i, ok := b.index[key]
	if !ok {
		return nil, false
	}
	return b.Values[i], true
}

// Set adds or replaces a property, keeping the first position of a key.
func (b *Bag) Set(key string, v any) {
	if len(b.Keys) > 8 {
		// Large bags go through the index so that building one stays linear.
		if b.index == nil || len(b.index) != len(b.Keys) {
			b.index = make(map[string]int, len(b.Keys))
			for i, k := range b.Keys {
				b.index[k] = i
			}
		}
		if i, ok := b.index[key]; ok {
			b.Values[i] = v
			return
		}
	} else {
		for i, k := range b.Keys {
			if k == key {
				b.Values[i] = v
				return
			}
		}
	}
	b.Keys = append(b.Keys, key)
	b.Values = append(b.Values, v)
	if b.index != nil {
		b.index[key] = len(b.Keys) - 1
	}
}
