package table

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkReadJSONLines loads wide Defender-like rows: most columns
// absent (null), a few low-cardinality strings, JSON text in a dynamic
// column.
func BenchmarkReadJSONLines(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&sb, `{"Timestamp":"2024-05-%02dT10:%02d:00Z","AlertId":"da%07d","Severity":"%s","Count":%d,"AdditionalFields":"{\"k\":%d}","X":"host%d"}`+"\n",
			1+i%28, i%60, i, []string{"High", "Low"}[i%2], i, i, i%100)
	}
	body := sb.String()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read(strings.NewReader(body), "b.jsonl", FormatJSONLines, "AlertInfo", alertSchema); err != nil {
			b.Fatal(err)
		}
	}
}
