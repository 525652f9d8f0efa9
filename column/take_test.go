package column

import (
	"fmt"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
)

// TakeRef over RefStrings gives the rows Take gives, for every way a
// string column can be stored, with and without missing rows.
func TestTakeRef(t *testing.T) {
	plain := build(types.String, "a", "", "ccc", "dd")
	dict := FromStrings(types.String, &Strings{Dict: StringsOf("x", "y"), Codes: []uint32{1, 0, 1, 1}})
	noEmpty := FromStrings(types.String, &Strings{Dict: StringsOf("p", "q", "r"), Codes: []uint32{2, 2, 0, 1}})
	// A dictionary whose entries are themselves codes (a join's output
	// joined again).
	inner := &Strings{Dict: StringsOf("m", "n", "o"), Codes: []uint32{2, 1, 0, 1, 2}}
	nested := FromStrings(types.String, &Strings{Dict: inner, Codes: []uint32{4, 3, 0, 1}})
	guid := build(types.Guid, "00000000-0000-0000-0000-000000000001", nil, "00000000-0000-0000-0000-000000000003", nil)
	sliced := Slice(build(types.String, "s0", "s1", "s2", "s3", "s4", "s5"), 2, 6)
	for name, v := range map[string]*Vector{"plain": plain, "dict": dict, "noEmpty": noEmpty, "nested": nested, "guid": guid, "sliced": sliced} {
		for _, idx := range [][]int32{{3, 0, 0, 2, 1}, {1, -1, 3, -1}, {}} {
			missing := hasNegative(idx)
			ref := RefStrings(v, missing)
			if ref == nil {
				t.Fatalf("%s: no reference storage", name)
			}
			if ref.Dict != nil && ref.Dict.Dict != nil {
				t.Fatalf("%s: reference storage nested deeper than one level", name)
			}
			codes := make([]uint32, len(idx))
			for k, i := range idx {
				if i < 0 {
					codes[k] = uint32(v.Len())
				} else {
					codes[k] = uint32(i)
				}
			}
			got := TakeRef(v, idx, ref, codes)
			want := Take(v, idx)
			var wantVals []any
			for i := 0; i < want.Len(); i++ {
				wantVals = append(wantVals, want.Value(i))
			}
			same(t, name, got, wantVals...)
		}
	}
	if RefStrings(Const(types.String, "k", 3), false) != nil || RefStrings(build(types.Long, int64(1)), false) != nil {
		t.Fatal("constants and non-strings have no reference storage")
	}
}

// String hashes agree across representations (plain arena, dictionary,
// constant, HashString) and spread similar keys.
func TestStringHashes(t *testing.T) {
	ids := make([]string, 0, 50000)
	for i := 0; i < 50000; i++ {
		ids = append(ids, fmt.Sprintf("user%06d@contoso.com", i))
	}
	buckets := map[uint64]int{}
	for _, s := range ids {
		buckets[HashString(s)&1023]++
	}
	for b, c := range buckets {
		if c > 3*50000/1024 {
			t.Fatalf("bucket %d holds %d of 50000 similar keys", b, c)
		}
	}
	v := build(types.String, ids[0], "", ids[1])
	sliced := Slice(build(types.String, "x", ids[0], "", ids[1]), 1, 4)
	dict := FromStrings(types.String, &Strings{Dict: StringsOf(ids[1], "", ids[0]), Codes: []uint32{2, 1, 0}})
	for _, w := range []*Vector{v, sliced, dict} {
		h := make([]uint64, 3)
		HashInto(w, h, true)
		if h[0] != HashString(ids[0]) || h[1] != HashString("") || h[2] != HashString(ids[1]) {
			t.Fatal("HashInto and HashString disagree")
		}
	}
}
