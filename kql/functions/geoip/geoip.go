// Package geoip registers geo_info_from_ip_address, which looks addresses
// up in a MaxMind DB (.mmdb) file. Kusto uses MaxMind's GeoLite2 City
// database, which cannot be redistributed; Quarry bundles a country-level
// database in the public domain instead (see data/README.md) and reads a
// GeoLite2 or GeoIP2 City (or Country) file when the user names one
// (quarry --geoip FILE), which then fills state, city and coordinates too.
package geoip

import (
	_ "embed"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

//go:embed data/geo-whois-asn-country.mmdb
var bundled []byte

var (
	// override is the database set by SetDatabase; nil means the bundled
	// one, which is opened on first use only.
	override atomic.Pointer[Reader]

	bundledOnce   sync.Once
	bundledReader *Reader
	bundledErr    error
)

// SetDatabase makes the MaxMind DB file at path the one that
// geo_info_from_ip_address reads, for the rest of the process; "" goes
// back to the bundled country-level database. The file is read and
// checked now, so that a wrong path fails before any query runs.
func SetDatabase(path string) error {
	if path == "" {
		override.Store(nil)
		return nil
	}
	buf, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the geolocation database: %w", err)
	}
	db, err := Open(buf)
	if err != nil {
		return fmt.Errorf("%s: %w (give a MaxMind DB file such as GeoLite2-City.mmdb)", path, err)
	}
	if !hasLocations(db.Type) {
		return fmt.Errorf("%s: a %s database holds no locations; give a City or Country database such as GeoLite2-City.mmdb", path, db.Type)
	}
	override.Store(NewReader(db))
	return nil
}

// hasLocations rejects MaxMind's databases of other kinds, whose records
// would silently give empty answers.
func hasLocations(dbType string) bool {
	for _, other := range []string{"ASN", "ISP", "Domain", "Connection-Type", "Anonymous-IP", "Anonymous-Plus"} {
		if strings.HasSuffix(dbType, "-"+other) {
			return false
		}
	}
	return true
}

// current returns the reader of the configured database.
func current() (*Reader, error) {
	if r := override.Load(); r != nil {
		return r, nil
	}
	bundledOnce.Do(func() {
		db, err := Open(bundled)
		if err != nil {
			bundledErr = fmt.Errorf("the bundled geolocation database: %w", err)
			return
		}
		bundledReader = NewReader(db)
		bundledReader.normalize = true
	})
	return bundledReader, bundledErr
}
