package cells

import (
	"math"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func TestCells(t *testing.T) {
	bag := value.NewBag(1)
	bag.Set("a", []any{int64(1), "x"})
	cases := []struct {
		t    types.Type
		v    any
		json string
		text string
	}{
		{types.Bool, true, "true", "true"},
		{types.Long, int64(-5), "-5", "-5"},
		{types.Int, int32(7), "7", "7"},
		{types.Real, 1.5, "1.5", "1.5"},
		{types.Real, math.Inf(1), `"Infinity"`, "Infinity"},
		{types.DateTime, value.FromTime(time.Date(2024, 12, 5, 13, 20, 0, 0, time.UTC)), `"2024-12-05T13:20:00Z"`, "2024-12-05T13:20:00Z"},
		{types.TimeSpan, value.TimeSpan(36000000000), `"01:00:00"`, "01:00:00"},
		{types.String, "é \"q\"\n", `"é \"q\"\n"`, "é \"q\"\n"},
		{types.String, "", `""`, ""},
		{types.Guid, "", "null", ""},
		{types.Dynamic, bag, `{"a":[1,"x"]}`, `{"a":[1,"x"]}`},
		{types.Dynamic, "s", `"s"`, "s"},
		{types.Long, nil, "null", ""},
		{types.Dynamic, nil, "null", ""},
	}
	for _, c := range cases {
		b := column.NewBuilder(c.t, 1)
		b.AppendValue(c.v)
		v := b.Build()
		if got := string(AppendJSON(nil, v, 0)); got != c.json {
			t.Errorf("%s %v: json %s, want %s", c.t, c.v, got, c.json)
		}
		if got := Text(v, 0); got != c.text {
			t.Errorf("%s %v: text %q, want %q", c.t, c.v, got, c.text)
		}
	}
}
