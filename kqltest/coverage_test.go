package kqltest_test

import (
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions"
	_ "github.com/quarryhunt/quarry/kql/functions/builtin"
	"github.com/quarryhunt/quarry/kqltest"
	"github.com/quarryhunt/quarry/schema"
)

// TestFunctionCoverage checks that every scalar, aggregate and window
// function of the catalog is called (by its name or an alias) in at least
// one query of testdata/**/*.kqltest, so that each one's behaviour is
// pinned down by a data-driven test. Operators are left out: they are
// written as operators, not calls.
//
// A function added to the catalog without a data-driven test fails the
// suite, so the catalog and its tests cannot drift apart.
func TestFunctionCoverage(t *testing.T) {
	called, err := calledNames("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string][]string{}
	total, covered := 0, 0
	for _, f := range functions.All() {
		if f.Kind == functions.Operator {
			continue
		}
		total++
		if isCalled(f, called) {
			covered++
			continue
		}
		fam := family(f)
		missing[fam] = append(missing[fam], f.Name)
	}
	if len(missing) == 0 {
		return
	}
	fams := make([]string, 0, len(missing))
	for fam := range missing {
		fams = append(fams, fam)
	}
	sort.Strings(fams)
	var b strings.Builder
	for _, fam := range fams {
		b.WriteString("\n  " + fam + " (" + itoa(len(missing[fam])) + "): " + strings.Join(missing[fam], ", "))
	}
	report := itoa(total-covered) + " of " + itoa(total) +
		" catalog functions are never called in a testdata/**/*.kqltest query:" + b.String()
	t.Error(report)
}

func isCalled(f *functions.Func, called map[string]bool) bool {
	for _, n := range append([]string{f.Name}, f.Aliases...) {
		if called[n] {
			return true
		}
	}
	return false
}

// calledNames collects every identifier that is followed by `(` in the
// text of a query (skipped or not: a skipped case still records the
// documented behaviour) of the files under root. Comments and table rows
// do not count.
func calledNames(root string) (map[string]bool, error) {
	files, err := kqltest.Files(root)
	if err != nil {
		return nil, err
	}
	called := map[string]bool{}
	for _, path := range files {
		f, err := kqltest.ParseFile(path, schema.Builtin().Table)
		if err != nil {
			return nil, err
		}
		for _, c := range f.Cases {
			addCalls(c.Query, called)
		}
	}
	return called, nil
}

func addCalls(q string, called map[string]bool) {
	for i := 0; i < len(q); {
		if !isIdentStart(q[i]) || (i > 0 && (isIdentPart(q[i-1]) || q[i-1] == '.')) {
			i++
			continue
		}
		j := i
		for j < len(q) && isIdentPart(q[j]) {
			j++
		}
		k := j
		for k < len(q) && (q[k] == ' ' || q[k] == '\t' || q[k] == '\n' || q[k] == '\r') {
			k++
		}
		if k < len(q) && q[k] == '(' {
			called[q[i:j]] = true
		}
		i = j
	}
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// family names the package that registered f, from its Bind function
// (the catalog does not record it): "core" for kql/functions itself.
func family(f *functions.Func) string {
	name := runtime.FuncForPC(reflect.ValueOf(f.Bind).Pointer()).Name()
	const root = "kql/functions"
	i := strings.LastIndex(name, root)
	if i < 0 {
		return "other"
	}
	rest := name[i+len(root):]
	if !strings.HasPrefix(rest, "/") {
		return "core"
	}
	rest = rest[1:]
	if j := strings.IndexByte(rest, '.'); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func itoa(n int) string { return strconv.Itoa(n) }
