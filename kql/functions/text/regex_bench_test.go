package text

import (
	"fmt"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
)

// cmdLines is a batch of process command lines of which one in 64
// contains what the hunting-style patterns below look for.
func cmdLines(n int) *column.Vector {
	xs := make([]string, n)
	for i := range xs {
		if i%64 == 0 {
			xs[i] = fmt.Sprintf(`"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -EncodedCommand SQBFAFgA%06d -w hidden`, i)
		} else {
			xs[i] = fmt.Sprintf(`"C:\Program Files\Google\Chrome\Application\chrome.exe" --type=renderer --field-trial-handle=%d,%d /prefetch:1`, i*7919, i%97)
		}
	}
	return column.FromStrings(types.String, column.StringsOf(xs...))
}

func benchRegexCall(b *testing.B, name string, v *column.Vector, args ...targ) {
	bound, err := fntest.Bind(name, args...)
	if err != nil {
		b.Fatal(err)
	}
	n := v.Len()
	vs := make([]*column.Vector, len(args))
	for i, a := range args {
		if a.Const {
			vs[i], _ = functions.Convert(a.Vector(a.Type, n), bound.ArgTypes[i])
		} else {
			vs[i] = v
		}
	}
	b.SetBytes(int64(len(v.Strs.Data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bound.Eval(&functions.Ctx{}, vs, n); err != nil {
			b.Fatal(err)
		}
	}
}

const encodedRe = `(?i)-enc(odedcommand)?\s+([A-Za-z0-9+/=]+)`

func BenchmarkMatchesRegex(b *testing.B) {
	benchRegexCall(b, "matches regex", cmdLines(column.BatchSize), col(S), cst(S, `(?i)powershell.*-enc`))
}

func BenchmarkMatchesRegexCs(b *testing.B) {
	benchRegexCall(b, "matches regex", cmdLines(column.BatchSize), col(S), cst(S, `\\WindowsPowerShell\\v\d\.\d`))
}

func BenchmarkExtract(b *testing.B) {
	benchRegexCall(b, "extract", cmdLines(column.BatchSize), cst(S, encodedRe), cst(L, int64(2)), col(S))
}

func BenchmarkExtractAll(b *testing.B) {
	benchRegexCall(b, "extract_all", cmdLines(column.BatchSize), cst(S, encodedRe), col(S))
}

func BenchmarkReplaceRegex(b *testing.B) {
	benchRegexCall(b, "replace_regex", cmdLines(column.BatchSize), col(S), cst(S, `(?i)-EncodedCommand\s+\S+`), cst(S, "-EncodedCommand <redacted>"))
}

func BenchmarkCountofRegex(b *testing.B) {
	benchRegexCall(b, "countof", cmdLines(column.BatchSize), col(S), cst(S, `hidden|-enc`), cst(S, "regex"))
}
