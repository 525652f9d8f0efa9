package functions

import (
	"math/rand"
	"strings"
	"testing"
)

func TestNeedle(t *testing.T) {
	for _, c := range []struct {
		hay, needle                 string
		cs                          bool
		contains, has, pre, suf, eq bool
	}{
		{"North America", "america", false, true, true, false, true, false},
		{"North America", "AMER", false, true, false, false, false, false},
		{"North America", "north america", false, true, true, true, true, true},
		{"North America", "America", true, true, true, false, true, false},
		{"North America", "america", true, false, false, false, false, false},
		{"", "", false, true, true, true, true, true},
		{"abc", "", false, true, true, true, true, false},
		{"ab", "abc", false, false, false, false, false, false},
		{"xabc abc", "abc", false, true, true, false, true, false},
		{"abc-def", "c-d", false, true, false, false, false, false},
		{"abc-def", "abc-", false, true, true, true, false, false},
		{"abc-def", "-def", false, true, true, false, true, false},
		{"a.exe", ".EXE", false, true, true, false, true, false},
		{"a.exec", ".exe", false, true, false, false, false, false},
		{"ÉCOLE normale", "école", false, true, true, true, false, false},
		{"ÉCOLE", "école", true, false, false, false, false, false},
		{"Straße", "STRASSE", false, false, false, false, false, false},
		{"日本語テキスト", "テキ", false, true, true, false, false, false},
		{"x_y", "x", false, true, true, true, false, false},
		{"AbCdE", "bcd", false, true, false, false, false, false},
	} {
		n := NewNeedle(c.needle, c.cs)
		got := []bool{n.Contains(c.hay), n.Has(c.hay), n.HasPrefix(c.hay), n.HasSuffix(c.hay), n.Equal(c.hay)}
		want := []bool{c.contains, c.has, c.pre, c.suf, c.eq}
		for i, name := range []string{"contains", "has", "startswith", "endswith", "equal"} {
			if got[i] != want[i] {
				t.Errorf("%q %s %q (cs=%v): %v, want %v", c.hay, name, c.needle, c.cs, got[i], want[i])
			}
		}
	}
	// Term prefix and suffix.
	n := NewNeedle("ame", false)
	if !n.HasTermPrefix("North America") || n.HasTermSuffix("North America") || n.HasTermPrefix("Namerica") {
		t.Error("hasprefix/hassuffix of a term")
	}
	if !NewNeedle("ica", false).HasTermSuffix("North America") {
		t.Error("hassuffix ica")
	}
}

func TestFoldKey(t *testing.T) {
	for _, c := range []struct{ a, b string }{{"abc", "ABC"}, {"École", "ÉCOLE"}, {"x1_Y", "X1_y"}} {
		if FoldKey(c.a) != FoldKey(c.b) || !EqualFold(c.a, c.b) {
			t.Errorf("%q and %q should fold equal", c.a, c.b)
		}
		if string(AppendFoldKey(nil, c.a)) != FoldKey(c.a) {
			t.Errorf("AppendFoldKey(%q) differs from FoldKey", c.a)
		}
	}
	if EqualFold("abc", "abd") || EqualFold("abc", "abcd") || EqualFold("é", "e") {
		t.Error("EqualFold of different strings")
	}
}

// refHas is term matching done the slow, obvious way for single-term
// needles: cut the text into terms and compare each.
func refHas(hay, needle string) bool {
	for _, term := range strings.FieldsFunc(hay, func(r rune) bool { return r > 127 || !IsTermByte(byte(r)) }) {
		if strings.EqualFold(term, needle) {
			return true
		}
	}
	return false
}

// TestNeedleRandom compares the fast paths with reference
// implementations on random ASCII text.
func TestNeedleRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := "abAB1 -._"
	gen := func(max int) string {
		b := make([]byte, rng.Intn(max+1))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		hay, needle := gen(12), gen(3)
		n := NewNeedle(needle, false)
		if got, want := n.Contains(hay), strings.Contains(strings.ToLower(hay), strings.ToLower(needle)); got != want {
			t.Fatalf("%q contains %q: %v, want %v", hay, needle, got, want)
		}
		if got, want := n.HasPrefix(hay), strings.HasPrefix(strings.ToLower(hay), strings.ToLower(needle)); got != want {
			t.Fatalf("%q startswith %q: %v, want %v", hay, needle, got, want)
		}
		if got, want := n.HasSuffix(hay), strings.HasSuffix(strings.ToLower(hay), strings.ToLower(needle)); got != want {
			t.Fatalf("%q endswith %q: %v, want %v", hay, needle, got, want)
		}
		if isSingleTerm(needle) {
			if got, want := n.Has(hay), refHas(hay, needle); got != want {
				t.Fatalf("%q has %q: %v, want %v", hay, needle, got, want)
			}
			set := NewTermSet([]string{needle, "zzzz"})
			if got := set.Any(hay); got != refHas(hay, needle) {
				t.Fatalf("%q has_any (%q): %v", hay, needle, got)
			}
		}
	}
}

// FuzzNeedle checks that no input (invalid UTF-8 included) makes the
// matchers panic, and that case-sensitive containment agrees with the
// standard library.
func FuzzNeedle(f *testing.F) {
	f.Add("North America", "amer")
	f.Add("\xff\xfeab", "\xfe")
	f.Add("ÉCOLE", "é")
	f.Fuzz(func(t *testing.T, hay, needle string) {
		for _, cs := range []bool{false, true} {
			n := NewNeedle(needle, cs)
			n.Contains(hay)
			n.Has(hay)
			n.HasTermPrefix(hay)
			n.HasTermSuffix(hay)
			n.HasPrefix(hay)
			n.HasSuffix(hay)
			n.Equal(hay)
			if cs && n.Contains(hay) != strings.Contains(hay, needle) {
				t.Fatalf("contains_cs(%q, %q)", hay, needle)
			}
		}
		FoldKey(hay)
		EqualFold(hay, needle)
		NewTermSet([]string{needle}).Any(hay)
	})
}
