package functions

import (
	"fmt"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// benchStrings is a batch of command-line-like strings.
func benchStrings(n int) *column.Vector {
	xs := make([]string, n)
	for i := range xs {
		xs[i] = fmt.Sprintf(`C:\Windows\System32\cmd.exe /c "powershell -enc %08x" --user=Admin%d`, i*7919, i%97)
	}
	return column.FromStrings(types.String, column.StringsOf(xs...))
}

func benchPredicate(b *testing.B, op, needle string, v *column.Vector) {
	bound, err := bindCall(op, col(S), cst(S, needle))
	if err != nil {
		b.Fatal(err)
	}
	n := v.Len()
	args := []*column.Vector{v, ConstOf(S, needle, n)}
	b.SetBytes(int64(len(v.Strs.Data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bound.Eval(&Ctx{}, args, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkContains(b *testing.B) {
	benchPredicate(b, "contains", "POWERSHELL", benchStrings(column.BatchSize))
}
func BenchmarkContainsCs(b *testing.B) {
	benchPredicate(b, "contains_cs", "powershell", benchStrings(column.BatchSize))
}
func BenchmarkHas(b *testing.B) {
	benchPredicate(b, "has", "Powershell", benchStrings(column.BatchSize))
}
func BenchmarkHasMiss(b *testing.B) {
	benchPredicate(b, "has", "mimikatz", benchStrings(column.BatchSize))
}
func BenchmarkStartsWith(b *testing.B) {
	benchPredicate(b, "startswith", "c:\\windows", benchStrings(column.BatchSize))
}
func BenchmarkEqualFold(b *testing.B) { benchPredicate(b, "=~", "x", benchStrings(column.BatchSize)) }
func BenchmarkMatchesRegex(b *testing.B) {
	benchPredicate(b, "matches regex", `-enc [0-9a-f]+`, benchStrings(column.BatchSize))
}

func BenchmarkHasAny(b *testing.B) {
	v := benchStrings(column.BatchSize)
	list := make([]any, 200)
	for i := range list {
		list[i] = fmt.Sprintf("ioc%d", i)
	}
	list = append(list, "Admin5")
	bound, err := bindCall("has_any", col(S), cst(DY, list))
	if err != nil {
		b.Fatal(err)
	}
	n := v.Len()
	args := []*column.Vector{v, ConstOf(DY, list, n)}
	b.SetBytes(int64(len(v.Strs.Data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bound.Eval(&Ctx{}, args, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInStrings(b *testing.B) {
	v := benchStrings(column.BatchSize)
	bound, err := bindCall("in~", col(S), cst(S, "a"), cst(S, "b"), cst(S, "c"))
	if err != nil {
		b.Fatal(err)
	}
	n := v.Len()
	args := []*column.Vector{v, ConstOf(S, "a", n), ConstOf(S, "b", n), ConstOf(S, "c", n)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bound.Eval(&Ctx{}, args, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompareLongs(b *testing.B) {
	n := column.BatchSize
	xs := make([]int64, n)
	for i := range xs {
		xs[i] = int64(i * 31 % 1000)
	}
	v := column.FromInts(types.Long, xs, nil)
	bound, _ := bindCall(">", col(L), cst(L, int64(500)))
	args := []*column.Vector{v, ConstOf(L, int64(500), n)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bound.Eval(&Ctx{}, args, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkContainsDictionary(b *testing.B) {
	n := column.BatchSize
	dict := make([]string, 64)
	for i := range dict {
		dict[i] = fmt.Sprintf("DeviceName-%d.contoso.com", i)
	}
	codes := make([]uint32, n)
	for i := range codes {
		codes[i] = uint32(i % len(dict))
	}
	v := column.FromStrings(types.String, &column.Strings{Dict: column.StringsOf(dict...), Codes: codes})
	bound, _ := bindCall("contains", col(S), cst(S, "CONTOSO"))
	args := []*column.Vector{v, ConstOf(S, "CONTOSO", n)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bound.Eval(&Ctx{}, args, n); err != nil {
			b.Fatal(err)
		}
	}
}
