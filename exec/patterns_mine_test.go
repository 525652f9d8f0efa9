package exec

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
)

func minerFor(tx [][]int32, w []int64, ncodes []int, thr float64, maxDims int) *patternMiner {
	var total int64
	for _, x := range w {
		total += x
	}
	return &patternMiner{
		tx: tx, w: w, ncodes: ncodes, maxDims: maxDims, budget: 1 << 20,
		frequent: func(s int64) bool { return s > 0 && float64(s)/float64(total) >= thr },
	}
}

func patternText(p minedPattern, ndims int) string {
	cells := make([]string, ndims)
	for i := range cells {
		cells[i] = "*"
	}
	for _, it := range p.items {
		cells[it.dim] = fmt.Sprint(it.code)
	}
	return fmt.Sprintf("%d:%s", p.count, strings.Join(cells, ","))
}

// TestMineDocumentedShape rebuilds the documented basket example from
// its counts (EventType: 0 Hail, 1 Thunderstorm Wind; Damage: 0 NO,
// 1 YES; DamageCrops: 0 zero; -1 the values below the threshold) and
// checks its rows and their order.
func TestMineDocumentedShape(t *testing.T) {
	tx := [][]int32{{0, 0, 0}, {0, 1, 0}, {0, 1, -1}, {1, 0, 0}, {1, 1, 0}, {1, 1, -1}, {-1, 0, 0}, {-1, 1, 0}, {-1, 1, -1}}
	w := []int64{2278, 93, 97, 800, 479, 12, 1496, 529, 100}
	m := minerFor(tx, w, []int{2, 2, 1}, 0.2, 5)
	ps, err := m.mine()
	if err != nil {
		t.Fatal(err)
	}
	sortPatterns(ps)
	var got []string
	for _, p := range ps {
		got = append(got, patternText(p, 3))
	}
	want := []string{"4574:*,0,0", "2278:0,0,0", "5675:*,*,0", "2371:0,*,0", "1279:1,*,0", "2468:0,*,*", "1310:*,1,*", "1291:1,*,*"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("got  %v\nwant %v", got, want)
	}
}

// bruteClosed lists the closed frequent patterns by trying every
// combination of codes.
func bruteClosed(m *patternMiner) []string {
	nd := len(m.ncodes)
	support := func(p []int32) int64 {
		var s int64
		for t, row := range m.tx {
			ok := true
			for d, c := range p {
				if c >= 0 && row[d] != c {
					ok = false
					break
				}
			}
			if ok {
				s += m.w[t]
			}
		}
		return s
	}
	var out []string
	p := make([]int32, nd)
	var rec func(d int)
	rec = func(d int) {
		if d == nd {
			var items []patternItem
			for k, c := range p {
				if c >= 0 {
					items = append(items, patternItem{dim: k, code: c})
				}
			}
			s := support(p)
			if len(items) == 0 || !m.frequent(s) {
				return
			}
			for k := range p {
				if p[k] >= 0 {
					continue
				}
				for c := 0; c < m.ncodes[k]; c++ {
					p[k] = int32(c)
					same := support(p) == s
					p[k] = -1
					if same {
						return
					}
				}
			}
			out = append(out, patternText(minedPattern{items: items, count: s}, nd))
			return
		}
		for c := -1; c < m.ncodes[d]; c++ {
			p[d] = int32(c)
			rec(d + 1)
		}
		p[d] = -1
	}
	rec(0)
	sort.Strings(out)
	return out
}

func TestMineMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for iter := 0; iter < 300; iter++ {
		nd := 1 + r.Intn(4)
		ncodes := make([]int, nd)
		for d := range ncodes {
			ncodes[d] = 1 + r.Intn(3)
		}
		n := 1 + r.Intn(12)
		tx := make([][]int32, n)
		w := make([]int64, n)
		for i := range tx {
			tx[i] = make([]int32, nd)
			for d := range tx[i] {
				tx[i][d] = int32(r.Intn(ncodes[d]+1) - 1)
			}
			w[i] = 1 + int64(r.Intn(4))
		}
		thr := []float64{0.015, 0.1, 0.25, 0.5, 1}[r.Intn(5)]
		m := minerFor(tx, w, ncodes, thr, nd)
		ps, err := m.mine()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, patternText(p, nd))
		}
		sort.Strings(got)
		want := bruteClosed(minerFor(tx, w, ncodes, thr, nd))
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("iteration %d (tx %v, w %v, thr %v):\ngot  %v\nwant %v", iter, tx, w, thr, got, want)
		}
	}
}

func TestMineLimits(t *testing.T) {
	tx := [][]int32{{0, 0, 0}, {0, 0, 0}}
	w := []int64{1, 1}
	tests := []struct {
		name    string
		maxDims int
		budget  int
		err     string
	}{
		{"fits", 3, 100, ""},
		{"too many columns", 2, 100, "MaxDimensions (2)"},
		{"budget", 3, 1, "too many frequent patterns"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := minerFor(tx, w, []int{1, 1, 1}, 0.5, tc.maxDims)
			m.budget = tc.budget
			ps, err := m.mine()
			if tc.err == "" {
				if err != nil || len(ps) != 1 || patternText(ps[0], 3) != "2:0,0,0" {
					t.Fatalf("got %v, %v", ps, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("got error %v, want %q", err, tc.err)
			}
		})
	}
	m := minerFor(nil, nil, []int{2, 2}, 0.5, 5)
	if ps, err := m.mine(); err != nil || len(ps) != 0 {
		t.Fatalf("empty input: got %v, %v", ps, err)
	}
}

func TestSortPatternsHugeCounts(t *testing.T) {
	big := int64(1) << 62
	ps := []minedPattern{
		{items: []patternItem{{0, 0}}, count: big},
		{items: []patternItem{{0, 0}, {1, 0}, {2, 0}}, count: big - 1},
		{items: []patternItem{{1, 0}}, count: 5},
	}
	sortPatterns(ps)
	if ps[0].count != big-1 || ps[1].count != big || ps[2].count != 5 {
		t.Fatalf("order by count times columns overflowed: %v", ps)
	}
}
