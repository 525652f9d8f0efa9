package rule

import (
	"strings"
	"testing"
)

// FuzzFromYAML: any input gives rules or errors, never a panic, and a
// broken rule always carries an id and a name to be reported by.
func FuzzFromYAML(f *testing.F) {
	f.Add(hunting)
	f.Add(analytics)
	f.Add("id: a\nquery: |\n  T\n---\n- x\n")
	f.Add("query: &a x\nname: *a\n")
	f.Add("entityMappings:\n  - entityType: IP\n    fieldMappings: [{identifier: Address, columnName: X}]\nquery: T\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, r := range FromYAML("f.yaml", []byte(src), true) {
			if r.ID == "" || r.Name == "" {
				t.Fatalf("rule without id or name from %q", src)
			}
			if r.Err == nil && (r.QueryAt == nil || strings.TrimSpace(r.Query) == "") {
				t.Fatalf("rule without query from %q", src)
			}
		}
	})
}
