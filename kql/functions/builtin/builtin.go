// Package builtin loads every function family into the catalog: import
// it (for its side effects) wherever the full catalog is needed.
package builtin

import (
	// Each family registers its functions from init.
	_ "github.com/quarryhunt/quarry/kql/functions/aggregates"
	_ "github.com/quarryhunt/quarry/kql/functions/dynamic"
	_ "github.com/quarryhunt/quarry/kql/functions/geo"
	_ "github.com/quarryhunt/quarry/kql/functions/geoip"
	_ "github.com/quarryhunt/quarry/kql/functions/network"
	_ "github.com/quarryhunt/quarry/kql/functions/numeric"
	_ "github.com/quarryhunt/quarry/kql/functions/parsers"
	_ "github.com/quarryhunt/quarry/kql/functions/series"
	_ "github.com/quarryhunt/quarry/kql/functions/temporal"
	_ "github.com/quarryhunt/quarry/kql/functions/text"
	_ "github.com/quarryhunt/quarry/kql/functions/units"
	_ "github.com/quarryhunt/quarry/kql/functions/window"
)
