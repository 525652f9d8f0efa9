package geoip

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func jsonOf(x any) string {
	if x == nil {
		return "null"
	}
	return string(value.AppendJSON(nil, x))
}

// cityRecord is laid out as a GeoLite2-City record, with the place
// names behind pointers as MaxMind's writer emits them.
func cityRecord(country, state, city string, lat, lon float64) map[string]any {
	return map[string]any{
		"city":      map[string]any{"geoname_id": uint32(2147714), "names": map[string]any{"en": city, "de": city + "-de"}},
		"continent": map[string]any{"code": "OC", "names": map[string]any{"en": "Oceania"}},
		"country":   map[string]any{"iso_code": "AU", "names": map[string]any{"en": country, "fr": "Australie"}},
		"location": map[string]any{
			"accuracy_radius": uint16(20), "latitude": lat, "longitude": lon, "time_zone": "Australia/Sydney",
		},
		"registered_country": map[string]any{"iso_code": "US", "names": map[string]any{"en": "United States"}},
		"subdivisions": []any{
			map[string]any{"iso_code": "NSW", "names": map[string]any{"en": state}},
			map[string]any{"iso_code": "X", "names": map[string]any{"en": "Second level"}},
		},
	}
}

func cityDB(t testing.TB, recordSize int) []byte {
	return buildMMDB(t, dbSpec{
		recordSize: recordSize,
		dbType:     "GeoLite2-City",
		shared:     []any{map[string]any{"en": "United States"}},
		entries: []entry{
			{"20.53.0.0/16", cityRecord("Australia", "New South Wales", "Sydney", -33.8715, 151.2006)},
			{"2a03:2880::/32", map[string]any{
				"country":  map[string]any{"iso_code": "US", "names": ptr(0)},
				"location": map[string]any{"latitude": 26.3594, "longitude": -80.0771},
				"city":     map[string]any{"names": map[string]any{"en": "Boca Raton"}},
			}},
			// Country known, nothing finer (as GeoLite2 has for many blocks).
			{"8.8.8.0/24", map[string]any{"country": map[string]any{"names": ptr(0)}}},
			// Coordinates without a country (anycast, satellite providers).
			{"9.9.9.0/24", map[string]any{"location": map[string]any{"latitude": float32v(1.5), "longitude": 2.25}}},
			{"11.0.0.0/8", map[string]any{"continent": map[string]any{"code": "EU"}}},
		},
	})
}

func TestCityLayout(t *testing.T) {
	for _, rs := range []int{24, 28, 32} {
		db, err := Open(cityDB(t, rs))
		if err != nil {
			t.Fatalf("record size %d: %v", rs, err)
		}
		r := NewReader(db)
		for _, tc := range []struct{ ip, want string }{
			{"20.53.203.50", `{"country":"Australia","state":"New South Wales","city":"Sydney","latitude":-33.8715,"longitude":151.2006}`},
			{"::ffff:20.53.1.2", `{"country":"Australia","state":"New South Wales","city":"Sydney","latitude":-33.8715,"longitude":151.2006}`},
			{"2a03:2880:f12c:83:face:b00c::25de", `{"country":"United States","city":"Boca Raton","latitude":26.3594,"longitude":-80.0771}`},
			{"2A03:2880::1", `{"country":"United States","city":"Boca Raton","latitude":26.3594,"longitude":-80.0771}`},
			{"8.8.8.8", `{"country":"United States"}`},
			{"9.9.9.9", `{"latitude":1.5,"longitude":2.25}`},
			{"11.1.2.3", `{}`},
			{"20.54.0.1", "null"},
			{"10.0.0.1", "null"},
			{"2a03:2881::1", "null"},
			{"fe80::1%eth0", "null"},
			{"not an ip", "null"},
			{"", "null"},
			{"20.53.203.50/24", "null"},
			{" 20.53.203.50", "null"},
		} {
			got, err := r.Info(tc.ip)
			if err != nil {
				t.Fatalf("record size %d, %q: %v", rs, tc.ip, err)
			}
			if s := jsonOf(got); s != tc.want {
				t.Errorf("record size %d, %q: got %s, want %s", rs, tc.ip, s, tc.want)
			}
		}
	}
}

// TestCacheSharesBags checks that addresses in one record share the bag
// built for it.
func TestCacheSharesBags(t *testing.T) {
	db, err := Open(cityDB(t, 24))
	if err != nil {
		t.Fatal(err)
	}
	r := NewReader(db)
	a, _ := r.Info("20.53.1.1")
	b, _ := r.Info("20.53.200.7")
	if a != b {
		t.Errorf("two addresses of one record got different bags")
	}
}

func TestIPv4OnlyDatabase(t *testing.T) {
	db, err := Open(buildMMDB(t, dbSpec{ipVersion: 4, entries: []entry{
		{"1.2.3.0/24", map[string]any{"country_code": "FR"}},
		{"5.0.0.0/8", map[string]any{"country_code": "QZ"}},
	}}))
	if err != nil {
		t.Fatal(err)
	}
	r := NewReader(db)
	for ip, want := range map[string]string{
		"1.2.3.4":   `{"country":"France"}`,
		"5.6.7.8":   `{"country":"QZ"}`, // a code without a known name is kept
		"1.2.4.1":   "null",
		"2001::1":   "null",
		"::1.2.3.4": "null", // IPv4-compatible, not mapped: an IPv6 address
	} {
		got, err := r.Info(ip)
		if err != nil || jsonOf(got) != want {
			t.Errorf("%s: got %s, %v; want %s", ip, jsonOf(got), err, want)
		}
	}
}

func TestBundled(t *testing.T) {
	r, err := current()
	if err != nil {
		t.Fatal(err)
	}
	// Registry allocations that have not moved in decades: Google's
	// public resolver (ARIN, US), RIPE NCC's own network (NL), WIDE's
	// M root server (JP), MaxMind's documented GB test address, and the
	// address of Kusto's own documentation example (Azure Sydney).
	for ip, want := range map[string]string{
		"8.8.8.8":                   `{"country":"United States"}`,
		"2001:4860:4860::8888":      `{"country":"United States"}`,
		"::ffff:8.8.4.4":            `{"country":"United States"}`,
		"193.0.6.139":               `{"country":"The Netherlands"}`,
		"2001:67c:2e8:22::c100:68b": `{"country":"The Netherlands"}`,
		"202.12.27.33":              `{"country":"Japan"}`,
		"81.2.69.160":               `{"country":"United Kingdom"}`,
		"20.53.203.50":              `{"country":"Australia"}`,
		"2002:808:808::1":           `{"country":"United States"}`, // 6to4 of 8.8.8.8
		"2001:0:808:808::1":         `{"country":"United States"}`, // Teredo via 8.8.8.8
		"10.1.2.3":                  "null",
		"172.16.0.1":                "null", // the bundled data puts these in a country:
		"198.51.100.1":              "null", // reserved ranges must stay unlocated
		"203.0.113.50":              "null",
		"2001:db8::1":               "null",
		"100.64.0.1":                "null",
		"192.168.0.1":               "null",
		"127.0.0.1":                 "null",
		"::1":                       "null",
		"fd00::1":                   "null",
		"256.1.1.1":                 "null",
		"8.8.8":                     "null",
	} {
		got, err := r.Info(ip)
		if err != nil || jsonOf(got) != want {
			t.Errorf("%s: got %s, %v; want %s", ip, jsonOf(got), err, want)
		}
	}
}

// TestBundledCountryNames checks that every code the bundled database
// holds has a name.
func TestBundledCountryNames(t *testing.T) {
	db, err := Open(bundled)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[uint32]bool{}
	for n := range db.nodeCount {
		for bit := range 2 {
			rec := db.record(n, bit)
			if rec <= db.nodeCount || seen[rec] {
				continue
			}
			seen[rec] = true
			m, err := db.decodeAt(int(rec - db.nodeCount - 16))
			if err != nil {
				t.Fatal(err)
			}
			if code, _ := m["country_code"].(string); countryNames[code] == "" {
				t.Errorf("no name for country code %q", code)
			}
		}
	}
	if len(seen) < 200 {
		t.Errorf("only %d distinct records in the bundled database", len(seen))
	}
}

func evalCall(t *testing.T, arg *column.Vector, n int) *column.Vector {
	t.Helper()
	f, ok := functions.Lookup("geo_info_from_ip_address")
	if !ok {
		t.Fatal("geo_info_from_ip_address is not registered")
	}
	b, err := f.Bind([]functions.Arg{{Type: types.String}})
	if err != nil {
		t.Fatal(err)
	}
	if b.Type != types.Dynamic {
		t.Fatalf("result type %s, want dynamic", b.Type)
	}
	out, err := b.Eval(&functions.Ctx{}, []*column.Vector{arg}, n)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestKernelShapes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	if err := os.WriteFile(path, cityDB(t, 28), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := SetDatabase(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = SetDatabase("") })
	sydney := `{"country":"Australia","state":"New South Wales","city":"Sydney","latitude":-33.8715,"longitude":151.2006}`
	want := []string{sydney, "null", `{"country":"United States"}`, sydney, "null"}
	rows := []string{"20.53.203.50", "10.0.0.1", "8.8.8.8", "20.53.203.50", "x"}

	check := func(name string, v *column.Vector) {
		t.Helper()
		out := evalCall(t, v, len(rows))
		for i := range rows {
			if got := jsonOf(out.Dyn(i)); got != want[i] {
				t.Errorf("%s row %d: got %s, want %s", name, i, got, want[i])
			}
		}
	}
	check("plain", column.FromStrings(types.String, column.StringsOf(rows...)))
	dict := &column.Strings{Dict: column.StringsOf("x", "20.53.203.50", "8.8.8.8", "10.0.0.1"), Codes: []uint32{1, 3, 2, 1, 0}}
	check("dictionary", column.FromStrings(types.String, dict))

	c := evalCall(t, column.Const(types.String, "20.53.203.50", 3), 3)
	if !c.IsConst() || jsonOf(c.Dyn(2)) != sydney {
		t.Errorf("constant: got %s (const %v)", jsonOf(c.Dyn(0)), c.IsConst())
	}
	nc := evalCall(t, column.Const(types.String, nil, 2), 2)
	if !nc.IsNull(1) {
		t.Errorf("null constant: got %s", jsonOf(nc.Dyn(1)))
	}
}

func TestBind(t *testing.T) {
	f, _ := functions.Lookup("geo_info_from_ip_address")
	for _, args := range [][]functions.Arg{
		{},
		{{Type: types.String}, {Type: types.String}},
		{{Type: types.Long}},
		{{Type: types.Dynamic}},
	} {
		if _, err := f.Bind(args); err == nil {
			t.Errorf("Bind(%v) accepted", args)
		}
	}
}

func TestSetDatabaseErrors(t *testing.T) {
	t.Cleanup(func() { _ = SetDatabase("") })
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.mmdb"), "no such file"},
		{write("text.mmdb", []byte("hello")), "not a MaxMind DB file"},
		{write("asn.mmdb", buildMMDB(t, dbSpec{dbType: "GeoLite2-ASN"})), "holds no locations"},
		{write("v3.mmdb", append([]byte("xx"), encodeValue(metadataMarker, map[string]any{"binary_format_major_version": uint16(3)}, nil)...)), "format version"},
	} {
		err := SetDatabase(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.path, err, tc.want)
		}
	}
	// A failed SetDatabase leaves the bundled database in place.
	r, err := current()
	if err != nil || r != bundledReader {
		t.Errorf("after failed SetDatabase: reader %p, %v", r, err)
	}
}

func TestCorruptDatabases(t *testing.T) {
	good := cityDB(t, 24)
	cases := map[string][]byte{
		"pointer loop":     buildMMDB(t, dbSpec{entries: []entry{{"1.0.0.0/8", rawPtr(0)}}}),
		"pointer past end": buildMMDB(t, dbSpec{entries: []entry{{"1.0.0.0/8", map[string]any{"a": rawPtr(1 << 20)}}}}),
		"not a map":        buildMMDB(t, dbSpec{entries: []entry{{"1.0.0.0/8", "text"}}}),
	}
	// Self-nesting through a pointer: a map whose value points back at it.
	cases["recursion"] = buildMMDB(t, dbSpec{shared: []any{map[string]any{"x": rawPtr(0)}}, entries: []entry{{"1.0.0.0/8", ptr(0)}}})
	// An array claiming 2^24 elements.
	huge := buildMMDB(t, dbSpec{entries: []entry{{"1.0.0.0/8", []any{"a", "b", "c", "d"}}}})
	dbh, _ := Open(huge)
	ht := int(dbh.nodeCount)*6 + 16
	huge[ht], huge[ht+1], huge[ht+2], huge[ht+3], huge[ht+4] = 0x1f, byte(typeArray-7), 0xff, 0xff, 0xff
	cases["huge array"] = huge
	// A tree record pointing past the data section.
	bad := append([]byte(nil), good...)
	bad[0], bad[1], bad[2] = 0xff, 0xff, 0xff
	cases["record past data"] = bad
	for name, buf := range cases {
		db, err := Open(buf)
		if err != nil {
			continue // rejected up front: fine
		}
		r := NewReader(db)
		var firstErr error
		for _, ip := range []string{"1.2.3.4", "20.53.1.1", "8.8.8.8", "255.1.1.1", "::1"} {
			if _, err := r.Info(ip); err != nil && firstErr == nil {
				firstErr = err
			}
		}
		if firstErr == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestLookupDirect(t *testing.T) {
	db, err := Open(cityDB(t, 32))
	if err != nil {
		t.Fatal(err)
	}
	m, err := db.Lookup(netip.MustParseAddr("20.53.9.9"))
	if err != nil || m == nil {
		t.Fatalf("Lookup: %v, %v", m, err)
	}
	if loc := m["location"].(map[string]any); loc["accuracy_radius"] != uint64(20) {
		t.Errorf("accuracy_radius = %v", loc["accuracy_radius"])
	}
	if db.Type != "GeoLite2-City" {
		t.Errorf("Type = %q", db.Type)
	}
}

// TestUserDatabaseTakenAsIs checks that a database the user names keeps
// its answers for private ranges (some sites map their own networks).
func TestUserDatabaseTakenAsIs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.mmdb")
	buf := buildMMDB(t, dbSpec{entries: []entry{{"10.0.0.0/8", map[string]any{"city": "HQ", "country_code": "DE"}}}})
	if err := os.WriteFile(path, buf, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := SetDatabase(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = SetDatabase("") })
	r, _ := current()
	got, err := r.Info("10.1.1.1")
	if want := `{"country":"Germany","city":"HQ"}`; err != nil || jsonOf(got) != want {
		t.Errorf("got %s, %v; want %s", jsonOf(got), err, want)
	}
}
