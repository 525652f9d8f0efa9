package exclusion

import "testing"

// FuzzParse: any input gives exclusions or an error, never a panic; a
// loaded exclusion always has a name and a predicate.
func FuzzParse(f *testing.F) {
	f.Add("exclusions:\n  - name: a\n    rules: [x]\n    where: |\n      Url has \"y\"\n    expires: 2027-06-30\n")
	f.Add("exclusions: []\n")
	f.Add("exclusions:\n  - {name: a, where: b}\n---\nexclusions: [{name: c, where: d}]\n")
	f.Fuzz(func(t *testing.T, src string) {
		xs, err := Parse("f.yaml", []byte(src))
		if err != nil {
			return
		}
		for _, x := range xs {
			if x.Name == "" || x.Where == "" || x.WhereAt == nil {
				t.Fatalf("incomplete exclusion %+v from %q", x, src)
			}
		}
	})
}
