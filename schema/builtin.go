package schema

import (
	_ "embed"
	"sync"

	"github.com/quarryhunt/quarry/kql/types"
)

//go:embed data/defender-xdr.json
var defenderJSON []byte

//go:embed data/sentinel.json
var sentinelJSON []byte

var (
	builtinOnce sync.Once
	builtin     *Catalog
)

// Builtin returns the built-in catalog: every Defender XDR advanced
// hunting table and the common Microsoft Sentinel tables. A table in both
// sources (AlertInfo, DeviceProcessEvents, ...) has the Defender columns
// first, then the Log Analytics ones Sentinel adds. Defender tables also
// get TimeGenerated, which Sentinel queries use for the same instant as
// Timestamp. The result is the caller's to modify.
func Builtin() *Catalog {
	builtinOnce.Do(func() {
		def, err := Parse(defenderJSON, "built-in defender-xdr.json")
		if err != nil {
			panic(err) // embedded data is checked by tests
		}
		sen, err := Parse(sentinelJSON, "built-in sentinel.json")
		if err != nil {
			panic(err)
		}
		c := def.Clone()
		c.Merge(sen)
		for _, n := range def.names {
			s := c.tables[n]
			if s.Index("Timestamp") >= 0 && s.Index("TimeGenerated") < 0 {
				c.tables[n] = append(s, types.Column{Name: "TimeGenerated", Type: types.DateTime})
			}
		}
		builtin = c
	})
	return builtin.Clone()
}
