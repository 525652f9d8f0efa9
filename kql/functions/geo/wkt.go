package geo

import (
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		fn("geo_from_wkt",
			"geo_from_wkt(wkt: string): dynamic",
			"Converts a well-known text (WKT) geometry to GeoJSON; null for invalid or unsupported text (EMPTY, Z and M coordinates).",
			types.Dynamic, []param{str("wkt")}, evalFromWKT),
	)
}

func evalFromWKT(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapStrDyn(args[0], n, func(text string) any {
		p := wktParser{s: text}
		g, ok := p.geometry()
		if !ok {
			return nil
		}
		p.space()
		if p.i != len(p.s) {
			return nil
		}
		return g
	}), nil
}

// wktParser reads 2-D WKT by recursive descent.
type wktParser struct {
	s string
	i int
}

func (p *wktParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *wktParser) eat(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *wktParser) peek(c byte) bool {
	p.space()
	return p.i < len(p.s) && p.s[p.i] == c
}

func (p *wktParser) word() string {
	p.space()
	start := p.i
	for p.i < len(p.s) && (p.s[p.i] >= 'a' && p.s[p.i] <= 'z' || p.s[p.i] >= 'A' && p.s[p.i] <= 'Z') {
		p.i++
	}
	return strings.ToUpper(p.s[start:p.i])
}

func (p *wktParser) number() (float64, bool) {
	p.space()
	start := p.i
	for p.i < len(p.s) && strings.IndexByte("+-.0123456789eE", p.s[p.i]) >= 0 {
		p.i++
	}
	f, err := strconv.ParseFloat(p.s[start:p.i], 64)
	return f, err == nil && start < p.i
}

// coord reads "x y".
func (p *wktParser) coord() (any, bool) {
	x, ok1 := p.number()
	y, ok2 := p.number()
	if !ok1 || !ok2 {
		return nil, false
	}
	return []any{x, y}, true
}

// list reads "(" item ("," item)* ")".
func (p *wktParser) list(item func() (any, bool)) ([]any, bool) {
	if !p.eat('(') {
		return nil, false
	}
	var out []any
	for {
		v, ok := item()
		if !ok {
			return nil, false
		}
		out = append(out, v)
		if p.eat(')') {
			return out, true
		}
		if !p.eat(',') {
			return nil, false
		}
	}
}

func (p *wktParser) coords() (any, bool) {
	v, ok := p.list(p.coord)
	return v, ok
}

func (p *wktParser) rings() (any, bool) {
	v, ok := p.list(p.coords)
	return v, ok
}

// multiPoint reads a point of a MULTIPOINT, bare or in parentheses.
func (p *wktParser) multiPoint() (any, bool) {
	if p.eat('(') {
		c, ok := p.coord()
		if !ok || !p.eat(')') {
			return nil, false
		}
		return c, true
	}
	return p.coord()
}

func shape(t string, member string, v any) *value.Bag {
	b := value.NewBag(2)
	b.Set("type", t)
	b.Set(member, v)
	return b
}

func (p *wktParser) geometry() (any, bool) {
	kind := p.word()
	var (
		v     any
		ok    bool
		gtype string
	)
	switch kind {
	case "POINT":
		if !p.eat('(') {
			return nil, false
		}
		v, ok = p.coord()
		ok = ok && p.eat(')')
		gtype = "Point"
	case "LINESTRING":
		v, ok = p.coords()
		gtype = "LineString"
	case "POLYGON":
		v, ok = p.rings()
		gtype = "Polygon"
	case "MULTIPOINT":
		v, ok = p.list(p.multiPoint)
		gtype = "MultiPoint"
	case "MULTILINESTRING":
		v, ok = p.list(p.coords)
		gtype = "MultiLineString"
	case "MULTIPOLYGON":
		v, ok = p.list(p.rings)
		gtype = "MultiPolygon"
	case "GEOMETRYCOLLECTION":
		if p.peek('(') {
			gs, ok := p.list(p.geometry)
			if !ok {
				return nil, false
			}
			return shape("GeometryCollection", "geometries", gs), true
		}
		return nil, false
	default:
		return nil, false
	}
	if !ok {
		return nil, false
	}
	return shape(gtype, "coordinates", v), true
}
