package exec

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
)

// lookupStream is what the lookup plugins (ipv4_lookup, ipv6_lookup,
// geo_polygon_lookup) share: the lookup table is read and indexed once,
// on the first call, then the input streams through the plugin's probe;
// batches without a match are skipped.
type lookupStream struct {
	rt     *engine
	in     operator
	lookOp operator
	look   *column.Batch
	held   int64 // memory charged for look, returned at the end
}

func (s *lookupStream) stream(build func() error, probe func(*column.Batch) (*column.Batch, error)) (*column.Batch, error) {
	if s.look == nil {
		if err := build(); err != nil {
			return nil, err
		}
	}
	for {
		b, err := s.in.next()
		if err != nil {
			if s.held > 0 {
				s.rt.mem.shrink(s.held)
				s.held = 0
			}
			return nil, err
		}
		if err := s.rt.checkCtx(); err != nil {
			return nil, err
		}
		out, err := probe(b)
		if err != nil {
			return nil, err
		}
		if out.N > 0 {
			return out, nil
		}
	}
}

// compileLookup compiles a lookup plugin's input and lookup table and
// checks that out's columns exist on their sides; ok says whether the
// plugin's own key columns fit the two schemas.
func (rt *engine) compileLookup(input, lookup plan.Node, out []plan.JoinOut, what string, ok func(in, look int) bool) (lookupStream, error) {
	in, err := rt.compile(input)
	if err != nil {
		return lookupStream{}, err
	}
	lk, err := rt.compile(lookup)
	if err != nil {
		return lookupStream{}, err
	}
	ins, ls := len(in.schema()), len(lk.schema())
	if !ok(ins, ls) {
		return lookupStream{}, fmt.Errorf("internal error: %s key column out of range", what)
	}
	for _, c := range out {
		if (c.Right && c.Index >= ls) || (!c.Right && c.Index >= ins) || c.Index < 0 {
			return lookupStream{}, fmt.Errorf("internal error: %s output column out of range", what)
		}
	}
	return lookupStream{rt: rt, in: in, lookOp: lk}, nil
}
