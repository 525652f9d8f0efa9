package geoip

import (
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/quarryhunt/quarry/kql/value"
)

// Location is what Kusto's geo_info_from_ip_address reports about an
// address, as far as the database knows it.
type Location struct {
	Country, State, City string
	Latitude, Longitude  float64
	HasCoordinates       bool
}

// maxCached bounds the per-database cache of built property bags; a City
// database has a few hundred thousand distinct records, a country one a
// few hundred.
const maxCached = 1 << 17

// Reader answers geo_info_from_ip_address from one database, caching
// the property bag of each data record it has built.
type Reader struct {
	db *DB
	// normalize applies MaxMind's rules for reserved and tunnelled
	// addresses to a database that lacks them (see reserved.go).
	normalize bool
	cache     sync.Map // data offset (int) -> any (*value.Bag)
	cached    atomic.Int64
}

// NewReader wraps an opened database.
func NewReader(db *DB) *Reader { return &Reader{db: db} }

// Info returns the property bag for the address text ip: nil (a dynamic
// null) when ip is not an IPv4 or IPv6 address or when the database has
// no record for it (private, reserved and unallocated addresses).
// Returned bags are shared between calls and must not be modified.
func (r *Reader) Info(ip string) (any, error) {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return nil, nil
	}
	addr = addr.WithZone("")
	if r.normalize {
		var ok bool
		if addr, ok = normalize(addr); !ok {
			return nil, nil
		}
	}
	off, found, err := r.db.lookup(addr)
	if err != nil || !found {
		return nil, err
	}
	if b, ok := r.cache.Load(off); ok {
		return b, nil
	}
	m, err := r.db.decodeAt(off)
	if err != nil {
		return nil, err
	}
	b := locationOf(m).bag()
	if r.cached.Load() < maxCached {
		if prev, loaded := r.cache.LoadOrStore(off, b); loaded {
			return prev, nil
		}
		r.cached.Add(1)
	}
	return b, nil
}

// bag lays the location out as Kusto does: country, state, city,
// latitude, longitude. What the database does not know is left out, so
// that d.city of a country-level answer is null and tostring(d.city) "".
func (l Location) bag() any {
	b := value.NewBag(5)
	for _, kv := range [...]struct{ k, v string }{{"country", l.Country}, {"state", l.State}, {"city", l.City}} {
		if kv.v != "" {
			b.Set(kv.k, kv.v)
		}
	}
	if l.HasCoordinates {
		b.Set("latitude", l.Latitude)
		b.Set("longitude", l.Longitude)
	}
	return b
}

// locationOf reads a record in either of the two layouts in use: MaxMind's
// GeoIP2/GeoLite2 one (country.names.en, subdivisions[0].names.en,
// city.names.en, location.latitude) and the flat one of the ip-location-db
// and similar databases (country_code, state1, city, latitude).
func locationOf(m map[string]any) Location {
	var l Location
	l.Country = englishName(m["country"])
	if l.Country == "" {
		if code, _ := m["country_code"].(string); code != "" {
			l.Country = countryNames[code]
			if l.Country == "" {
				l.Country = code // a code without a known name is still better than nothing
			}
		}
	}
	if subs, ok := m["subdivisions"].([]any); ok && len(subs) > 0 {
		l.State = englishName(subs[0])
	} else {
		l.State, _ = m["state1"].(string)
	}
	l.City = englishName(m["city"])
	if l.City == "" {
		l.City, _ = m["city"].(string)
	}
	pos := m
	if loc, ok := m["location"].(map[string]any); ok {
		pos = loc
	}
	lat, ok1 := pos["latitude"].(float64)
	lon, ok2 := pos["longitude"].(float64)
	if ok1 && ok2 {
		l.Latitude, l.Longitude, l.HasCoordinates = lat, lon, true
	}
	return l
}

// englishName returns v.names.en of a GeoIP2 place record, or "".
func englishName(v any) string {
	place, _ := v.(map[string]any)
	names, _ := place["names"].(map[string]any)
	en, _ := names["en"].(string)
	return en
}
