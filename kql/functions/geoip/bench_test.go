package geoip

import (
	"fmt"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// BenchmarkEval runs the kernel over 64k rows of 1k distinct public
// addresses against the bundled database, plain and dictionary-encoded.
func BenchmarkEval(b *testing.B) {
	const rows, distinct = 1 << 16, 1000
	addrs := make([]string, distinct)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("%d.%d.%d.%d", 1+i%223, i*7%256, i*13%256, i%250+1)
	}
	plain := make([]string, rows)
	codes := make([]uint32, rows)
	for i := range plain {
		codes[i] = uint32(i * 31 % distinct)
		plain[i] = addrs[codes[i]]
	}
	shapes := map[string]*column.Vector{
		"plain": column.FromStrings(types.String, column.StringsOf(plain...)),
		"dict":  column.FromStrings(types.String, &column.Strings{Dict: column.StringsOf(addrs...), Codes: codes}),
	}
	for name, v := range shapes {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := evalInfo(nil, []*column.Vector{v}, rows); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
		})
	}
}

// BenchmarkLookupDistinct looks up addresses that are all different.
func BenchmarkLookupDistinct(b *testing.B) {
	r, err := current()
	if err != nil {
		b.Fatal(err)
	}
	addrs := make([]string, 4096)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("%d.%d.%d.%d", 1+i%223, i*7%256, i*13%256, i%250+1)
	}
	i := 0
	for b.Loop() {
		if _, err := r.Info(addrs[i&4095]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
