package functions

import (
	_ "embed"
	"strings"
)

//go:embed official.tsv
var officialTSV string

// OfficialFunc is one public function of Kusto's own catalog.
type OfficialFunc struct {
	Name string
	Kind string // scalar, aggregate or tabular
}

// Official lists Kusto's public functions, so that coverage is measured
// against Kusto's catalog rather than against what Quarry chose to list.
func Official() []OfficialFunc {
	var out []OfficialFunc
	for _, line := range strings.Split(officialTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, kind, _ := strings.Cut(line, "\t")
		out = append(out, OfficialFunc{Name: name, Kind: kind})
	}
	return out
}
