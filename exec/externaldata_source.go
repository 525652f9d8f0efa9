package exec

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// externalLoc is where one externaldata source is.
type externalLoc struct {
	remote  bool
	target  string // the file path, or the URL to request
	path    string // the path part, naming the format and compression
	display string // how errors name it: secrets (query string) hidden
}

// locate reads a storage connection string: a local path, a file:// URI
// or an http(s) URL (an Azure blob URL with a SAS token is just https).
// Other storage services and credentials after ';' are refused, as are
// sources the access rules forbid.
func (o ExternalDataOptions) locate(uri string) (externalLoc, error) {
	s := strings.TrimSpace(uri)
	if s == "" {
		return externalLoc{}, errors.New("externaldata: a storage connection string is empty")
	}
	if o.Access == ExternalDeny {
		return externalLoc{}, fmt.Errorf("externaldata is disabled (--externaldata=deny), so %s is not read; load the data as a table instead (quarry query --table NAME=FILE), or allow it with --externaldata=local or --externaldata=allow", displayURI(s))
	}
	scheme, rest, hasScheme := strings.Cut(s, "://")
	if !hasScheme || len(scheme) == 1 { // C:\dir\file on Windows
		return externalLoc{target: s, path: s, display: s}, nil
	}
	switch strings.ToLower(scheme) {
	case "file":
		u, err := url.Parse(s)
		if err != nil {
			return externalLoc{}, fmt.Errorf("externaldata: %s is not a valid file URI: %v", s, err)
		}
		if u.Host != "" && u.Host != "localhost" {
			return externalLoc{}, fmt.Errorf("externaldata: %s names host %q; a file URI must name a local file (file:///path)", s, u.Host)
		}
		p := filepath.FromSlash(u.Path)
		return externalLoc{target: p, path: p, display: s}, nil
	case "http", "https":
	default:
		return externalLoc{}, fmt.Errorf("externaldata: %s: storage type %q is not supported: Quarry reads local files, file:// URIs and http(s) URLs (for Azure storage, an https URL with a SAS token)", displayURI(s), scheme)
	}
	if i := strings.IndexByte(rest, ';'); i >= 0 {
		return externalLoc{}, fmt.Errorf("externaldata: %s: credentials after ';' (account key, token, impersonate, managed identity) are not supported; put a SAS token in the URL's query string instead", displayURI(s))
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return externalLoc{}, fmt.Errorf("externaldata: %s is not a valid URL", displayURI(s))
	}
	if o.Access == ExternalLocal {
		return externalLoc{}, fmt.Errorf("externaldata may read only local files (--externaldata=local), so %s is not fetched; download it and give its path, or allow network sources with --externaldata=allow", displayURI(s))
	}
	return externalLoc{remote: true, target: s, path: u.Path, display: displayURI(s)}, nil
}

// displayURI names a source in messages without its query string, which
// holds a SAS token's signature (or credentials after ';').
func displayURI(s string) string {
	cut := len(s)
	if i := strings.IndexAny(s, "?;"); i >= 0 {
		cut = i
	}
	if cut == len(s) {
		return s
	}
	return s[:cut] + "?…"
}

// open opens a located source, decompressing .gz and bounding the bytes
// read. A remote source answers with a status of 2xx or fails.
func (o ExternalDataOptions) open(ctx context.Context, loc externalLoc) (io.ReadCloser, error) {
	var body io.ReadCloser
	if loc.remote {
		b, err := o.get(ctx, loc)
		if err != nil {
			return nil, err
		}
		body = b
	} else {
		f, err := os.Open(loc.target)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("cannot open %s: %v", loc.display, err)
		}
		if st, err := f.Stat(); err == nil && st.IsDir() {
			f.Close()
			return nil, fmt.Errorf("cannot read %s: it is a folder; name a file", loc.display)
		}
		body = f
	}
	lower := strings.ToLower(loc.path)
	if strings.HasSuffix(lower, ".zip") {
		body.Close()
		return nil, fmt.Errorf("%s: zip archives are not supported; unzip it, or compress it with gzip (.gz)", loc.display)
	}
	var r io.Reader = body
	closer := body.Close
	if strings.HasSuffix(lower, ".gz") {
		gz, err := gzip.NewReader(body)
		if err != nil {
			body.Close()
			return nil, fmt.Errorf("%s: not a readable gzip file: %v", loc.display, err)
		}
		r = gz
		closer = func() error { gz.Close(); return body.Close() }
	}
	return &limitedSource{r: r, left: o.maxBytes(), max: o.maxBytes(), name: loc.display, closer: closer}, nil
}

// get requests a URL. The client's timeout covers the whole body; the
// query's context cancels it too.
func (o ExternalDataOptions) get(ctx context.Context, loc externalLoc) (io.ReadCloser, error) {
	client := o.Client
	if client == nil {
		client = &http.Client{Timeout: o.timeout()}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc.target, nil)
	if err != nil {
		return nil, fmt.Errorf("%s is not a valid URL: %v", loc.display, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s failed: %s", loc.display, netReason(err, client.Timeout))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		return nil, fmt.Errorf("fetching %s failed: the server answered %s", loc.display, resp.Status)
	}
	return &timedBody{ReadCloser: resp.Body, timeout: client.Timeout}, nil
}

// netReason says why a request failed, without the URL (url.Error
// repeats it, query string and all).
func netReason(err error, timeout time.Duration) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no complete answer within %v (timed out)", timeout)
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return fmt.Sprintf("cannot resolve host %q (no network, or a wrong host name): %v", de.Name, de.Err)
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return fmt.Sprintf("cannot connect (%v)", oe.Err)
	}
	return err.Error()
}

// timedBody names a timeout while reading a body as such.
type timedBody struct {
	io.ReadCloser
	timeout time.Duration
}

func (b *timedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = errors.New(netReason(err, b.timeout))
	}
	return n, err
}

// limitedSource fails a read past max bytes instead of truncating: a
// cut-off table would be a wrong answer.
type limitedSource struct {
	r      io.Reader
	left   int64
	max    int64
	name   string
	closer func() error
}

func (l *limitedSource) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a source of exactly max bytes from a
		// bigger one.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("%s is larger than %s, the limit for one externaldata source; load big files as tables instead (quarry ingest, or quarry query --table NAME=FILE)", l.name, humanBytes(l.max))
		}
		if err == nil {
			return 0, nil
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

func (l *limitedSource) Close() error { return l.closer() }

// formatOfPath detects a format from the file extension (past .gz), as
// Kusto does when the format property is not given; CSV by default.
func formatOfPath(p string) string {
	p = strings.ToLower(p)
	p = strings.TrimSuffix(p, ".gz")
	switch ext := strings.TrimPrefix(path.Ext(p), "."); ext {
	case "csv", "tsv", "psv", "scsv", "sohsv", "txt", "raw", "json", "multijson", "parquet", "avro", "orc", "w3clogfile":
		return ext
	case "jsonl", "ndjson":
		return "json"
	case "log":
		return "w3clogfile"
	}
	return "csv"
}
