package exec

import "github.com/quarryhunt/quarry/column"

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
