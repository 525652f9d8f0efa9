package series

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
)

func TestStats(t *testing.T) {
	// The documentation's example: the variance and standard deviation
	// must match its digits exactly (812.45714285714291 and
	// 28.503633853548269), which pins the formula used.
	doc := `[23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]`
	runCases(t, []tcase{
		{"series_stats", []targ{dyn(doc)}, "[2.0,8,87.0,3,32.8,28.50363385354827,812.4571428571429]"},
		{"series_stats_dynamic", []targ{dyn(doc)}, "{min:2.0,min_idx:8,max:87.0,max_idx:3,avg:32.8,stdev:28.50363385354827,variance:812.4571428571429,sum:492.0,len:15}"},
		// First positions of repeated extremes.
		{"series_stats", []targ{dyn(`[5, 1, 9, 1, 9]`)}, "[1.0,1,9.0,2,5.0,4.0,16.0]"},
		// One value: variance 0.
		{"series_stats", []targ{dyn(`[7]`)}, "[7.0,0,7.0,0,7.0,0.0,0.0]"},
		// Non-finite elements make the statistics null unless ignored.
		{"series_stats", []targ{dyn(`[1, null, 3]`)}, "[null,null,null,null,null,null,null]"},
		{"series_stats", []targ{dyn(`[1, null, 3]`), bl(true)}, "[1.0,0,3.0,2,2.0,1.4142135623730951,2.0]"},
		{"series_stats", []targ{dyn(`[1, "x", 3]`), bl(false)}, "[null,null,null,null,null,null,null]"},
		{"series_stats_dynamic", []targ{dyn(`[null, 4]`), bl(true)}, "{min:4.0,min_idx:1,max:4.0,max_idx:1,avg:4.0,stdev:0.0,variance:0.0,sum:4.0,len:2}"},
		{"series_stats_dynamic", []targ{dyn(`[null, 4]`)}, "{min:null,min_idx:null,max:null,max_idx:null,avg:null,stdev:null,variance:null,sum:null,len:2}"},
		{"series_stats", []targ{dyn(`[]`)}, "[null,null,null,null,null,null,null]"},
		{"series_stats", []targ{dyn(`null`)}, "null"},
		{"series_stats", []targ{dyn(`[1]`), lng(1)}, "error: bool"},
		{"series_stats", []targ{str("[1]")}, "error: dynamic array"},
		// Huge values stay finite.
		{"series_stats", []targ{dyn(`[1e300, -1e300]`)}, "[-1e+300,1,1e+300,0,0.0,+Inf,+Inf]"},
	})
}

func TestStatsOutputs(t *testing.T) {
	b, err := fntest.Bind("series_stats", named(dyn(`[1]`), "x"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"series_stats_x_min", "series_stats_x_min_idx", "series_stats_x_max", "series_stats_x_max_idx", "series_stats_x_avg", "series_stats_x_stdev", "series_stats_x_variance"}
	if len(b.Outputs) != len(want) {
		t.Fatalf("outputs %v", b.Outputs)
	}
	for i, w := range want {
		if b.Outputs[i].Name != w {
			t.Errorf("output %d = %s, want %s", i, b.Outputs[i].Name, w)
		}
	}
	if b.Outputs[1].Type != types.Long || b.Outputs[0].Type != types.Real {
		t.Errorf("output types %v", b.Outputs)
	}
	// An expression argument has no name: series_stats__min.
	b, _ = fntest.Bind("series_stats", dyn(`[1]`))
	if b.Outputs[0].Name != "series_stats__min" {
		t.Errorf("unnamed output %s", b.Outputs[0].Name)
	}
}
