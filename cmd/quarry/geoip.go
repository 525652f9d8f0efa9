package main

import (
	"github.com/spf13/cobra"

	"github.com/quarryhunt/quarry/kql/functions/geoip"
)

// geoipFlag is --geoip FILE: the MaxMind DB that geo_info_from_ip_address
// reads instead of the bundled country-level one. The file is opened and
// checked while the flags are parsed, so a wrong path is a usage error
// before any query runs.
type geoipFlag struct{ path string }

func (f *geoipFlag) String() string { return f.path }
func (f *geoipFlag) Type() string   { return "file" }

func (f *geoipFlag) Set(path string) error {
	if err := geoip.SetDatabase(path); err != nil {
		return err
	}
	f.path = path
	return nil
}

func addGeoIPFlag(root *cobra.Command) {
	// Each command line starts from the bundled database (tests run
	// several in one process).
	_ = geoip.SetDatabase("")
	root.PersistentFlags().Var(&geoipFlag{}, "geoip",
		"MaxMind DB file (e.g. GeoLite2-City.mmdb) for geo_info_from_ip_address; "+
			"default: the bundled country-level database")
}
