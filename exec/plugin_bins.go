package exec

import (
	"slices"
)

// binEntry is one time bin of one dimension combination: its rows and
// the distinct ids seen in them (sorted codes).
type binEntry struct {
	k    int64
	rows int64
	ids  []int32
}

// binsByGroup puts the valid rows in bins, per group, each group's bins
// in time order. idx gives a row's bin, or false to leave the row out.
func (r *timelineRows) binsByGroup(idx func(t int64) (int64, bool)) [][]binEntry {
	type key struct {
		g    uint32
		k    int64
		code int32
	}
	keys := make([]key, 0, r.n)
	for i := 0; i < r.n; i++ {
		if !r.valid[i] {
			continue
		}
		k, ok := idx(r.times[i])
		if !ok {
			continue
		}
		var c int32 = -1
		if r.ids != nil {
			c = r.ids[i]
		}
		keys = append(keys, key{r.groups[i], k, c})
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.g != b.g:
			return cmpU32(a.g, b.g)
		case a.k != b.k:
			return cmpI64(a.k, b.k)
		}
		return int(a.code) - int(b.code)
	})
	out := make([][]binEntry, r.nGroup)
	for i := 0; i < len(keys); {
		j := i
		e := binEntry{k: keys[i].k}
		for ; j < len(keys) && keys[j].g == keys[i].g && keys[j].k == keys[i].k; j++ {
			e.rows++
			if c := keys[j].code; c >= 0 && (len(e.ids) == 0 || e.ids[len(e.ids)-1] != c) {
				e.ids = append(e.ids, c)
			}
		}
		out[keys[i].g] = append(out[keys[i].g], e)
		i = j
	}
	return out
}

func cmpU32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpI64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// rowsByGroupID returns the valid rows ordered by group, id, then time
// (input order among equal times), cut into runs of one group and id.
func (r *timelineRows) rowsByGroupID() [][]int32 {
	rows := make([]int32, 0, r.n)
	for i := 0; i < r.n; i++ {
		if r.valid[i] {
			rows = append(rows, int32(i))
		}
	}
	slices.SortStableFunc(rows, func(a, b int32) int {
		if c := cmpU32(r.groups[a], r.groups[b]); c != 0 {
			return c
		}
		if c := int(r.ids[a]) - int(r.ids[b]); c != 0 {
			return c
		}
		return cmpI64(r.times[a], r.times[b])
	})
	var runs [][]int32
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && r.groups[rows[j]] == r.groups[rows[i]] && r.ids[rows[j]] == r.ids[rows[i]] {
			j++
		}
		runs = append(runs, rows[i:j])
		i = j
	}
	return runs
}

// add appends the codes of set not yet marked in this round, marking them.
func (d *distinctCounter) add(dst []int32, set []int32) []int32 {
	for _, c := range set {
		if d.mark[c] != d.stamp {
			d.mark[c] = d.stamp
			dst = append(dst, c)
		}
	}
	return dst
}

// marked reports whether code c was marked in this round.
func (d *distinctCounter) marked(c int32) bool { return d.mark[c] == d.stamp }
