package ruletest

import "testing"

// FuzzParse: any test file gives tests or an error, never a panic.
func FuzzParse(f *testing.F) {
	f.Add(passing)
	f.Add("tests:\n  - rule: a\n    now: 2026-01-01\n    expect: {count: 1, contains: [{a: [1, {b: null}]}]}\n")
	f.Add("rule: a\nnow: 2026-01-01\ntables:\n  T:\n    - {a: 1}\nexpect: {excluded_by: {x: 2}}\n")
	f.Fuzz(func(t *testing.T, src string) {
		tests, err := Parse("f.test.yaml", []byte(src))
		if err != nil {
			return
		}
		for _, x := range tests {
			if x.Rule == "" || x.Name == "" {
				t.Fatalf("incomplete test %+v from %q", x, src)
			}
		}
	})
}
