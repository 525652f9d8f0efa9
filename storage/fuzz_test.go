package storage

import (
	"testing"
)

func FuzzParseManifest(f *testing.F) {
	good := `{"format":"quarry-store","version":1,"generation":3,"tables":[{"name":"T","dir":"tables/T","columns":[{"name":"Timestamp","type":"datetime"},{"name":"A","type":"string"}],"timeColumn":"Timestamp","partitions":[{"key":"2024-01-02","files":[{"path":"tables/T/2024-01-02/000001-ab.parquet","rows":5,"bytes":100,"minTime":1,"maxTime":2,"generation":1}]},{"key":"undated","files":[]}]}],"sources":[{"hash":"h","generation":1,"committed":"2024-01-01T00:00:00Z","rows":5}],"retired":[{"path":"tables/T/2024-01-02/000000-cd.parquet","retired":"2024-01-01T00:00:00Z"}]}`
	for _, seed := range []string{
		good,
		`{}`,
		`null`,
		`[]`,
		`{"format":"quarry-store","version":1,"tables":[null]}`,
		`{"format":"quarry-store","version":1,"tables":[{"name":"T","dir":"tables/../x","columns":[{"name":"A","type":"long"}],"partitions":[]}]}`,
		`{"format":"quarry-store","version":1,"tables":[{"name":"T","dir":"tables/T","columns":[{"name":"A","type":"long"}],"partitions":[{"key":"2024-13-45","files":[]}]}]}`,
		`{"format":"quarry-store","version":1,"tables":[{"name":"T","dir":"tables/T","columns":[{"name":"A","type":"long"}],"partitions":[{"key":"undated","files":[{"path":"/etc/passwd.parquet","rows":1}]}]}]}`,
		`{"format":"quarry-store","version":1,"retired":[{"path":"tables/../../x.parquet","retired":"x"}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseManifest(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		// Whatever was accepted names only files inside the store and
		// survives a round trip.
		for _, tm := range m.Tables {
			for _, p := range tm.Partitions {
				for _, fm := range p.Files {
					if !validFilePath(fm.Path) {
						t.Fatalf("accepted path %q", fm.Path)
					}
				}
			}
		}
		for _, r := range m.Retired {
			if !validFilePath(r.Path) {
				t.Fatalf("accepted retired path %q", r.Path)
			}
		}
		text, err := m.encode()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parseManifest(text); err != nil {
			t.Fatalf("re-reading an accepted manifest: %v\n%s", err, text)
		}
		m.clone()
	})
}
