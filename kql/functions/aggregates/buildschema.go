package aggregates

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// buildschema() builds the minimal schema admitting every value of a
// dynamic column, in the model Kusto documents:
//
//	Container  ::= '{' Named-type* '}'
//	Named-type ::= (name | "indexer") ':' Type
//	Type       ::= Primitive-type | Union-type | Container
//	Union-type ::= '[' Type* ']'
//
// A property bag is a container of its properties; an array is a
// container whose "indexer" holds the union of its elements' types. The
// alternatives of a union, and the properties of a container, keep the
// order in which they were first seen; a type seen once stands alone.
// Nulls admit nothing and are skipped.

func init() {
	functions.Register(&functions.Func{Name: "buildschema", Kind: functions.Aggregate,
		Sig:  "buildschema(value: dynamic): dynamic",
		Doc:  "The minimal schema admitting all values of a dynamic expression (properties, `indexer` for array elements, unions as arrays).",
		Bind: bindBuildSchema})
}

func bindBuildSchema(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("buildschema", args, 1, 1, cScalar)
	if err != nil {
		return nil, err
	}
	ts[0] = types.Dynamic
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Outputs: one(prefixName("schema", args), types.Dynamic),
		NewAgg: func() functions.Aggregator { return &schemaAgg{} }}, nil
}

// schemaType is a union: primitive type names and at most one
// container, in order of first appearance (cont is at position contAt).
type schemaType struct {
	prims  []string
	cont   *schemaContainer
	contAt int
}

type schemaContainer struct {
	keys  []string
	props map[string]*schemaType
}

func (s *schemaType) addPrim(name string) {
	for _, p := range s.prims {
		if p == name {
			return
		}
	}
	s.prims = append(s.prims, name)
}

func (s *schemaType) container() *schemaContainer {
	if s.cont == nil {
		s.cont = &schemaContainer{props: map[string]*schemaType{}}
		s.contAt = len(s.prims)
	}
	return s.cont
}

func (c *schemaContainer) prop(key string) *schemaType {
	p, ok := c.props[key]
	if !ok {
		p = &schemaType{}
		c.props[key] = p
		c.keys = append(c.keys, key)
	}
	return p
}

// add widens s to admit x.
func (s *schemaType) add(x any) {
	switch v := x.(type) {
	case nil:
	case *value.Bag:
		c := s.container()
		for i, k := range v.Keys {
			if v.Values[i] != nil {
				c.prop(k).add(v.Values[i])
			}
		}
	case []any:
		c := s.container()
		for _, e := range v {
			if e != nil {
				c.prop("indexer").add(e)
			}
		}
	default:
		s.addPrim(primName(x))
	}
}

// merge widens s to admit everything o admits.
func (s *schemaType) merge(o *schemaType) {
	for i, p := range o.prims {
		if o.cont != nil && o.contAt == i {
			s.mergeContainer(o.cont)
		}
		s.addPrim(p)
	}
	if o.cont != nil && o.contAt >= len(o.prims) {
		s.mergeContainer(o.cont)
	}
}

func (s *schemaType) mergeContainer(o *schemaContainer) {
	c := s.container()
	for _, k := range o.keys {
		c.prop(k).merge(o.props[k])
	}
}

func (s *schemaType) empty() bool { return len(s.prims) == 0 && s.cont == nil }

// value renders s as the dynamic value Kusto returns.
func (s *schemaType) value() any {
	alts := make([]any, 0, len(s.prims)+1)
	for i, p := range s.prims {
		if s.cont != nil && s.contAt == i {
			alts = append(alts, s.cont.value())
		}
		alts = append(alts, p)
	}
	if s.cont != nil && s.contAt >= len(s.prims) {
		alts = append(alts, s.cont.value())
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return alts
}

func (c *schemaContainer) value() any {
	b := value.NewBag(len(c.keys))
	for _, k := range c.keys {
		b.Set(k, c.props[k].value())
	}
	return b
}

// primName names a scalar's type as buildschema prints it (a real is a
// "double", as in Kusto's example).
func primName(x any) string {
	switch x.(type) {
	case bool:
		return "bool"
	case int32:
		return "int"
	case int64, int:
		return "long"
	case float64:
		return "double"
	case value.Decimal:
		return "decimal"
	case string:
		return "string"
	case value.DateTime:
		return "datetime"
	case value.TimeSpan:
		return "timespan"
	case value.GUID:
		return "guid"
	}
	return "string"
}

type schemaAgg struct{ groups []*schemaType }

func (a *schemaAgg) at(g uint32) *schemaType {
	if a.groups[g] == nil {
		a.groups[g] = &schemaType{}
	}
	return a.groups[g]
}

func (a *schemaAgg) Update(groups []uint32, args []*column.Vector) error {
	a.groups = grow(a.groups, groupsLen(groups))
	v := args[0]
	for i, g := range groups {
		if x := v.Dyn(i); x != nil {
			a.at(g).add(x)
		}
	}
	return nil
}

func (a *schemaAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*schemaAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.groups = grow(a.groups, groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.groups))] {
		if o.groups[og] != nil {
			a.at(g).merge(o.groups[og])
		}
	}
	return nil
}

func (a *schemaAgg) Result(n int) ([]*column.Vector, error) {
	a.groups = grow(a.groups, n)
	out := make([]any, n)
	for g := range out {
		if s := a.groups[g]; s != nil && !s.empty() {
			out[g] = s.value()
		}
	}
	return []*column.Vector{column.FromDyns(out)}, nil
}
