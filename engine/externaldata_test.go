package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/quarryhunt/quarry/exec"
	"github.com/quarryhunt/quarry/format"
	"github.com/quarryhunt/quarry/table"
)

// extQuery runs q on an engine with no tables and the given rules, and
// renders the result as CSV (header first).
func extQuery(t *testing.T, opts exec.ExternalDataOptions, q string) (string, error) {
	t.Helper()
	e := FromStore(table.NewStore(nil)).WithExternalData(opts)
	res, err := e.Query(context.Background(), q, QueryOptions{})
	if err != nil {
		return "", err
	}
	r := res[len(res)-1]
	var b bytes.Buffer
	if err := format.Write(&b, format.CSV, r.Schema, r.Batches); err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(b.String(), "\r\n", "\n"), nil
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// kqlString quotes a path as a verbatim KQL string.
func kqlString(s string) string { return `@"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func TestExternalDataLocalFormats(t *testing.T) {
	dir := t.TempDir()
	csvText := "Name,Age,Seen,Tags\n" +
		"alice,30,2024-01-01,\"[1,2]\"\n" +
		"bob,notanumber,,\"{\"\"k\"\":\"\"v\"\"}\"\n" +
		"\"Ünïcode, quoted\",7,2024-02-02T10:00:00Z,plain\n" +
		"short\n" +
		"long,1,2024-03-03,x,extra,fields\n"
	csvPath := writeFile(t, dir, "people.csv", []byte(csvText))
	writeFile(t, dir, "people.csv.gz", gzipped(t, []byte(csvText)))
	writeFile(t, dir, "t.tsv", []byte("a\t1\n\"b\tc\"\t2\n"))
	writeFile(t, dir, "t.psv", []byte("a|1\nb|2\n"))
	writeFile(t, dir, "t.scsv", []byte("a;1\nb;2\n"))
	writeFile(t, dir, "t.sohsv", []byte("a\x011\nb\x012\n"))
	writeFile(t, dir, "lines.txt", []byte("# header\r\nfirst\r\n\r\nsecond line, with comma\nlast"))
	writeFile(t, dir, "blob.raw", []byte("one\ntwo\n"))
	writeFile(t, dir, "rows.json", []byte("{\"a\":1,\"b\":\"x\",\"d\":{\"n\":[1,2]}}\n{\"a\":\"2\",\"B\":\"case differs\"}\n\n{\"b\":\"é\",\"a\":null}\n"))
	writeFile(t, dir, "rows.multijson", []byte("[{\"a\":1},\n {\"a\":2,\n  \"b\":\"y\"}]\n{\"a\":3}"))
	writeFile(t, dir, "empty.csv", nil)

	cases := []struct {
		name, q, want string
	}{
		{"csv by position, header skipped", `externaldata(Name:string, Age:long, Seen:datetime, Tags:dynamic)[` + kqlString(csvPath) + `] with (ignoreFirstRecord=true)`,
			"Name,Age,Seen,Tags\nalice,30,2024-01-01T00:00:00Z,\"[1,2]\"\nbob,,,\"{\"\"k\"\":\"\"v\"\"}\"\n\"Ünïcode, quoted\",7,2024-02-02T10:00:00Z,plain\nshort,,,\nlong,1,2024-03-03T00:00:00Z,x\n"},
		{"csv header kept as a row", `externaldata(Name:string, Age:long)[` + kqlString(csvPath) + `] | take 1`,
			"Name,Age\nName,\n"},
		{"gzip by extension, format from .csv", `externaldata(Name:string)[` + kqlString(filepath.Join(dir, "people.csv.gz")) + `] with (ignoreFirstRecord=true) | count`,
			"Count\n5\n"},
		{"file uri", `externaldata(Name:string)["file://` + filepath.ToSlash(csvPath) + `"] | count`, "Count\n6\n"},
		{"tsv quoted tab", `externaldata(s:string, n:int)[` + kqlString(filepath.Join(dir, "t.tsv")) + `]`, "s,n\na,1\nb\tc,2\n"},
		{"psv", `externaldata(s:string, n:int)[` + kqlString(filepath.Join(dir, "t.psv")) + `]`, "s,n\na,1\nb,2\n"},
		{"scsv", `externaldata(s:string, n:int)[` + kqlString(filepath.Join(dir, "t.scsv")) + `]`, "s,n\na,1\nb,2\n"},
		{"sohsv", `externaldata(s:string, n:int)[` + kqlString(filepath.Join(dir, "t.sohsv")) + `]`, "s,n\na,1\nb,2\n"},
		{"txt lines, empty skipped, CRLF", `externaldata(l:string, other:long)[` + kqlString(filepath.Join(dir, "lines.txt")) + `] with (ignoreFirstRecord=true)`,
			"l,other\nfirst,\n\"second line, with comma\",\nlast,\n"},
		{"raw whole content", `externaldata(s:string)[` + kqlString(filepath.Join(dir, "blob.raw")) + `] | extend n=strlen(s)`, "s,n\n\"one\ntwo\n\",8\n"},
		{"json by name, types converted", `externaldata(a:long, b:string, d:dynamic)[` + kqlString(filepath.Join(dir, "rows.json")) + `]`,
			"a,b,d\n1,x,\"{\"\"n\"\":[1,2]}\"\n2,,\n,é,\n"},
		{"multijson arrays and pretty objects", `externaldata(a:int, b:string)[` + kqlString(filepath.Join(dir, "rows.multijson")) + `]`, "a,b\n1,\n2,y\n3,\n"},
		{"several sources in order", `externaldata(s:string, n:int)[` + kqlString(filepath.Join(dir, "t.psv")) + `, ` + kqlString(filepath.Join(dir, "t.scsv")) + `] with (format="psv")`,
			"s,n\na,1\nb,2\na;1,\nb;2,\n"},
		{"empty file", `externaldata(s:string)[` + kqlString(filepath.Join(dir, "empty.csv")) + `] | count`, "Count\n0\n"},
		{"csv mapping by ordinal", `externaldata(Age:long, Name:string, K:string)[` + kqlString(csvPath) + `] with (ignoreFirstRecord=true, ingestionMapping='[{"Column":"Age","Properties":{"Ordinal":"1"}},{"column":"Name","properties":{"ordinal":0}},{"Column":"K","Properties":{"ConstValue":"c"}}]') | take 2`,
			"Age,Name,K\n30,alice,c\n,bob,c\n"},
		{"json mapping by path", `externaldata(n:long, a:string)[` + kqlString(filepath.Join(dir, "rows.json")) + `] with (format="json", ingestionMapping='[{"Column":"n","Properties":{"Path":"$.d.n[1]"}},{"Column":"a","Properties":{"Path":"$[\'a\']"}}]')`,
			"n,a\n2,1\n,2\n,\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := extQuery(t, exec.ExternalDataOptions{}, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestExternalDataParquet(t *testing.T) {
	dir := t.TempDir()
	type row struct {
		Host  string  `parquet:"Host"`
		Port  int64   `parquet:"Port"`
		Score float64 `parquet:"Score"`
		Note  *string `parquet:"Note,optional"`
	}
	note := "ünï"
	var b bytes.Buffer
	if err := parquet.Write(&b, []row{{"a", 443, 0.5, &note}, {"b", 80, 1, nil}}); err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, dir, "hosts.parquet", b.Bytes())
	got, err := extQuery(t, exec.ExternalDataOptions{}, `externaldata(Port:string, Host:string, Missing:long, Note:string, Score:real)[`+kqlString(p)+`]`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Port,Host,Missing,Note,Score\n443,a,,ünï,0.5\n80,b,,,1\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got, err = extQuery(t, exec.ExternalDataOptions{}, `externaldata(P:long)[`+kqlString(p)+`] with (format="parquet", ignoreFirstRecord=true, ingestionMapping='[{"Column":"P","Properties":{"Path":"$.Port"}}]')`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "P\n80\n"; got != want {
		t.Errorf("mapped: got\n%s\nwant\n%s", got, want)
	}
	// Damaged copies: an error naming the file, never a panic.
	data := b.Bytes()
	for i, bad := range [][]byte{data[:len(data)/2], append(append([]byte{}, data[:len(data)-8]...), 0xff, 0xff, 0xff, 0x7f, 'P', 'A', 'R', '1'), []byte("PAR1")} {
		bp := writeFile(t, dir, fmt.Sprintf("bad%d.parquet", i), bad)
		if _, err := extQuery(t, exec.ExternalDataOptions{}, `externaldata(Host:string)[`+kqlString(bp)+`]`); err == nil || !strings.Contains(err.Error(), "Parquet") {
			t.Errorf("damaged parquet %d: error %v", i, err)
		}
	}
}

func TestExternalDataErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bad.json", []byte("{\"a\":1}\n{\"a\":\n"))
	writeFile(t, dir, "arr.json", []byte("[{\"a\":1}]"))
	writeFile(t, dir, "num.multijson", []byte("[1]"))
	writeFile(t, dir, "bad.csv", []byte("a,\"b\nc"))
	writeFile(t, dir, "bad.csv.gz", []byte("not gzip"))
	writeFile(t, dir, "ok.csv", []byte("a\n"))
	cases := []struct{ q, want string }{
		{`externaldata(a:long)[` + kqlString(filepath.Join(dir, "bad.json")) + `]`, "line 3"},
		{`externaldata(a:long)[` + kqlString(filepath.Join(dir, "arr.json")) + `]`, "multijson"},
		{`externaldata(a:long)[` + kqlString(filepath.Join(dir, "num.multijson")) + `]`, "expected a JSON object"},
		{`externaldata(a:string)[` + kqlString(filepath.Join(dir, "bad.csv")) + `]`, "quote"},
		{`externaldata(a:string)[` + kqlString(filepath.Join(dir, "bad.csv.gz")) + `]`, "gzip"},
		{`externaldata(a:string)[` + kqlString(filepath.Join(dir, "missing.csv")) + `]`, "no such file"},
		{`externaldata(a:string)[` + kqlString(dir) + `]`, "folder"},
		{`externaldata(a:string)[` + kqlString(filepath.Join(dir, "ok.csv")) + `] with (format="avro")`, "not supported"},
		{`externaldata(a:string)[` + kqlString(filepath.Join(dir, "ok.csv")) + `] with (format="xml")`, "unknown format"},
		{`externaldata(a:string)[` + kqlString(filepath.Join(dir, "ok.csv")) + `] with (ignoreFirstRecord="maybe")`, "true or false"},
		{`externaldata(a:string)[` + kqlString(filepath.Join(dir, "ok.csv")) + `] with (compression="zip")`, "not supported"},
		{`externaldata(a:string)[` + kqlString(filepath.Join(dir, "ok.csv")) + `] with (ingestionMapping='[{"Column":"zz"}]')`, "not in the externaldata schema"},
		{`externaldata(a:string)[` + kqlString(filepath.Join(dir, "ok.csv")) + `] with (ingestionMapping='[{"Column":"a","Properties":{"Path":"a.b"}}]')`, "must start with $"},
		{`externaldata(a:string)["s3://bucket/key.csv"]`, "not supported"},
		{`externaldata(a:string)["https://acct.blob.core.windows.net/c/f.csv;accountkey"]`, "SAS"},
		{`externaldata(a:string)["https://acct.blob.core.windows.net/c/f.zip"]`, ""},
	}
	for _, c := range cases {
		if c.want == "" {
			continue
		}
		_, err := extQuery(t, exec.ExternalDataOptions{}, c.q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", c.q, err, c.want)
		}
	}
}

// TestExternalDataAccess checks that deny and local refuse sources before
// reading any of them.
func TestExternalDataAccess(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprintln(w, "x")
	}))
	defer srv.Close()
	dir := t.TempDir()
	local := writeFile(t, dir, "l.txt", []byte("local\n"))
	both := `externaldata(s:string)[` + kqlString(local) + `, "` + srv.URL + `/r.txt?sig=SECRET"]`

	_, err := extQuery(t, exec.ExternalDataOptions{Access: exec.ExternalDeny}, `externaldata(s:string)[`+kqlString(local)+`]`)
	if err == nil || !strings.Contains(err.Error(), "--externaldata=deny") {
		t.Errorf("deny: %v", err)
	}
	_, err = extQuery(t, exec.ExternalDataOptions{Access: exec.ExternalLocal}, both)
	if err == nil || !strings.Contains(err.Error(), "only local files") || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("local: %v", err)
	}
	if hits.Load() != 0 {
		t.Errorf("a refused query made %d requests", hits.Load())
	}
	got, err := extQuery(t, exec.ExternalDataOptions{Access: exec.ExternalLocal}, `externaldata(s:string)[`+kqlString(local)+`]`)
	if err != nil || got != "s\nlocal\n" {
		t.Errorf("local file under local: %q %v", got, err)
	}
	got, err = extQuery(t, exec.ExternalDataOptions{}, both)
	if err != nil || got != "s\nlocal\nx\n" {
		t.Errorf("allow: %q %v", got, err)
	}
	for _, s := range []string{"allow", "LOCAL", "deny"} {
		if _, err := exec.ParseExternalAccess(s); err != nil {
			t.Errorf("ParseExternalAccess(%q): %v", s, err)
		}
	}
	if _, err := exec.ParseExternalAccess("sometimes"); err == nil {
		t.Error("ParseExternalAccess accepted a wrong value")
	}
}

func TestExternalDataHTTP(t *testing.T) {
	big := strings.Repeat("0123456789abcdef\n", 1<<16) // 1 MiB
	mux := http.NewServeMux()
	mux.HandleFunc("/users.txt", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("sig") != "s3cret" {
			http.Error(w, "auth", http.StatusForbidden)
			return
		}
		fmt.Fprint(w, "u1\nu2\n")
	})
	mux.HandleFunc("/data.csv.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Write(gzipped(t, []byte("h\n1\n2\n")))
	})
	mux.HandleFunc("/rows.json", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"a":"x"}`)
	})
	mux.HandleFunc("/slow.csv", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/slowbody.csv", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "a")
		w.(http.Flusher).Flush()
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, big) })
	mux.HandleFunc("/big.txt.gz", func(w http.ResponseWriter, r *http.Request) { w.Write(gzipped(t, []byte(big))) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	opts := exec.ExternalDataOptions{Timeout: 300 * time.Millisecond, MaxBytes: 512 << 10}

	ok := []struct{ q, want string }{
		{`externaldata(u:string)["` + srv.URL + `/users.txt" h"?sig=s3cret"]`, "u\nu1\nu2\n"},
		{`externaldata(n:long)["` + srv.URL + `/data.csv.gz"] with (ignoreFirstRecord=true)`, "n\n1\n2\n"},
		{`externaldata(a:string)["` + srv.URL + `/rows.json"] with (format='multijson')`, "a\nx\n"},
	}
	for _, c := range ok {
		got, err := extQuery(t, opts, c.q)
		if err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.q, got, err, c.want)
		}
	}
	bad := []struct{ q, want string }{
		{`externaldata(u:string)["` + srv.URL + `/users.txt?sig=wrong"]`, "403"},
		{`externaldata(u:string)["` + srv.URL + `/nothing.csv"]`, "404"},
		{`externaldata(u:string)["` + srv.URL + `/slow.csv"]`, "timed out"},
		{`externaldata(u:string)["` + srv.URL + `/slowbody.csv"]`, "timed out"},
		{`externaldata(u:string)["` + srv.URL + `/big.txt"]`, "larger than 512.0 KiB"},
		{`externaldata(u:string)["` + srv.URL + `/big.txt.gz"]`, "larger than"},
		{`externaldata(u:string)["http://127.0.0.1:1/closed.csv"]`, "cannot connect"},
	}
	for _, c := range bad {
		_, err := extQuery(t, opts, c.q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", c.q, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), "sig=") {
			t.Errorf("%s: the error shows the SAS token: %v", c.q, err)
		}
	}
	// The whole body within the limit is fine: exactly MaxBytes.
	exact := exec.ExternalDataOptions{MaxBytes: int64(len(big))}
	if got, err := extQuery(t, exact, `externaldata(u:string)["`+srv.URL+`/big.txt"] | count`); err != nil || got != "Count\n65536\n" {
		t.Errorf("exactly at the limit: %q %v", got, err)
	}
}

func TestExternalDataManyRows(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "%d,%s\n", i, strings.Repeat("x", i%7))
	}
	p := writeFile(t, t.TempDir(), "many.csv", []byte(b.String()))
	got, err := extQuery(t, exec.ExternalDataOptions{}, `externaldata(n:long, s:string)[`+kqlString(p)+`] | summarize count(), sum(n), max(strlen(s))`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "count_,sum_n,max_strlen_s\n20000,199990000,6\n"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
}
