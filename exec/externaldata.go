package exec

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/table"
)

// ExternalAccess says which sources externaldata may read.
type ExternalAccess int

const (
	// ExternalAllow reads local files and http(s) URLs.
	ExternalAllow ExternalAccess = iota
	// ExternalLocal reads local files only.
	ExternalLocal
	// ExternalDeny refuses every externaldata operator.
	ExternalDeny
)

// String is the access's name as --externaldata takes it.
func (a ExternalAccess) String() string {
	switch a {
	case ExternalLocal:
		return "local"
	case ExternalDeny:
		return "deny"
	}
	return "allow"
}

// ParseExternalAccess reads "allow", "local" or "deny" (any case).
func ParseExternalAccess(s string) (ExternalAccess, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "allow", "":
		return ExternalAllow, nil
	case "local":
		return ExternalLocal, nil
	case "deny":
		return ExternalDeny, nil
	}
	return 0, fmt.Errorf("externaldata access %q is not valid: use allow, local or deny", s)
}

// ExternalDataOptions bound what externaldata reads.
type ExternalDataOptions struct {
	Access ExternalAccess
	// Timeout bounds each http(s) request, body included (0 = 60 s).
	Timeout time.Duration
	// MaxBytes bounds the bytes read from each source, after
	// decompression (0 = DefaultExternalMaxBytes).
	MaxBytes int64
	// Client makes the http(s) requests (nil = a client with Timeout).
	Client *http.Client
}

// DefaultExternalMaxBytes applies when ExternalDataOptions.MaxBytes is 0.
// Kusto meant externaldata for reference tables of up to 100 MB.
const DefaultExternalMaxBytes int64 = 256 << 20

const defaultExternalTimeout = 60 * time.Second

func (o ExternalDataOptions) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultExternalMaxBytes
}

func (o ExternalDataOptions) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return defaultExternalTimeout
}

// externalOp reads the sources of an externaldata operator one after
// another, a batch at a time; each source is opened when reached and
// closed when done.
type externalOp struct {
	rt   *engine
	n    *plan.ExternalData
	opts externalProps
	idx  int // next source to open
	cur  recordReader
	name string // the source being read, for errors
	b    *table.Builder
}

func (rt *engine) compileExternalData(n *plan.ExternalData) (operator, error) {
	props, err := parseExternalProps(n)
	if err != nil {
		return nil, err
	}
	// Every source is checked against the access rules before any is
	// read, so a denied query reads nothing.
	for _, u := range n.URIs {
		if _, err := rt.ext.locate(u); err != nil {
			return nil, err
		}
	}
	if len(n.Out) == 0 {
		return nil, fmt.Errorf("externaldata needs at least one column")
	}
	return &externalOp{rt: rt, n: n, opts: props, b: table.NewBuilder(n.Out)}, nil
}

func (o *externalOp) schema() types.Schema { return o.n.Out }

func (o *externalOp) next() (*column.Batch, error) {
	for {
		if err := o.rt.checkCtx(); err != nil {
			o.close()
			return nil, err
		}
		if o.cur == nil {
			if o.idx == len(o.n.URIs) {
				return nil, io.EOF
			}
			u := o.n.URIs[o.idx]
			o.idx++
			r, err := o.open(u)
			if err != nil {
				return nil, err
			}
			o.cur = r
		}
		n, err := o.cur.fill(o.b, column.BatchSize)
		if err != nil && err != io.EOF {
			o.close()
			return nil, fmt.Errorf("externaldata: reading %s: %v", o.name, err)
		}
		if err == io.EOF {
			o.close()
		}
		if n > 0 {
			bs := o.b.Finish()
			if len(bs) == 1 {
				return bs[0], nil
			}
			if len(bs) > 1 {
				return nil, fmt.Errorf("internal error: externaldata read %d batches at once", len(bs))
			}
		}
	}
}

func (o *externalOp) close() {
	if o.cur != nil {
		o.cur.close()
		o.cur = nil
	}
}

// open locates and opens one source and starts its format's reader.
func (o *externalOp) open(uri string) (recordReader, error) {
	loc, err := o.rt.ext.locate(uri)
	if err != nil {
		return nil, err
	}
	o.name = loc.display
	format := o.opts.format
	if format == "" {
		format = formatOfPath(loc.path)
	}
	src, err := o.rt.ext.open(o.rt.ctx, loc)
	if err != nil {
		return nil, fmt.Errorf("externaldata: %v", err)
	}
	r, err := newRecordReader(format, src, o.n.Out, o.opts)
	if err != nil {
		src.Close()
		return nil, fmt.Errorf("externaldata: reading %s: %v", loc.display, err)
	}
	return r, nil
}
