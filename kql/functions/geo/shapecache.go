package geo

import (
	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/kql/value"
)

// GeoJSON arguments are usually constants or repeat from row to row, so
// each kernel call keeps the last parsed value, keyed by the identity of
// the dynamic value. The cache lives for one kernel call only: S2 shapes
// build their indexes lazily and are not shared between goroutines.

func sameValue(a, b any) bool {
	switch x := a.(type) {
	case *value.Bag:
		y, ok := b.(*value.Bag)
		return ok && x == y && x != nil
	}
	return false
}

// polygonCache parses polygons and multipolygons.
type polygonCache struct {
	key   any
	ps    []polygon
	ok    bool
	index *s2.ShapeIndex
}

func (c *polygonCache) get(v any) ([]polygon, bool) {
	if c.key != nil && sameValue(c.key, v) {
		return c.ps, c.ok
	}
	c.ps, c.ok = parsePolygons(v)
	c.key, c.index = v, nil
	return c.ps, c.ok
}

// shapeIndex returns an index over the current polygons (after get).
func (c *polygonCache) shapeIndex() *s2.ShapeIndex {
	if c.index == nil {
		c.index = s2.NewShapeIndex()
		for _, p := range c.ps {
			c.index.Add(p.s2)
		}
	}
	return c.index
}

// lineCache parses lines and multilines.
type lineCache struct {
	key   any
	ls    []polyline
	ok    bool
	index *s2.ShapeIndex
}

func (c *lineCache) get(v any) ([]polyline, bool) {
	if c.key != nil && sameValue(c.key, v) {
		return c.ls, c.ok
	}
	c.ls, c.ok = parseLines(v)
	c.key, c.index = v, nil
	return c.ls, c.ok
}

func (c *lineCache) shapeIndex() *s2.ShapeIndex {
	if c.index == nil {
		c.index = s2.NewShapeIndex()
		for i := range c.ls {
			c.index.Add(&c.ls[i].pts)
		}
	}
	return c.index
}
