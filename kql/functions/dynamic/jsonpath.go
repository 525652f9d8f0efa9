package dynamic

import (
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/value"
)

// step is one JSONPath step: a property name or an array index.
type step struct {
	key   string
	index int64
	isIdx bool
}

// parsePath reads Kusto's JSONPath subset: $ root, .name or ['name'] or
// ["name"] children, [n] array subscripts. Wildcards, recursion, unions
// and slices are not supported (Kusto does not support them either).
func parsePath(p string) ([]step, error) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "$") {
		return nil, errorf("invalid JSONPath %q: it must start with $", p)
	}
	var out []step
	i := 1
	for i < len(p) {
		switch p[i] {
		case '.':
			j := i + 1
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i+1 {
				return nil, errorf("invalid JSONPath %q: empty property name at offset %d", p, i)
			}
			name := p[i+1 : j]
			if name == "*" {
				return nil, errorf("invalid JSONPath %q: wildcards are not supported", p)
			}
			out = append(out, step{key: name})
			i = j
		case '[':
			j := i + 1
			if j < len(p) && (p[j] == '\'' || p[j] == '"') {
				q := p[j]
				var b strings.Builder
				k := j + 1
				for ; k < len(p) && p[k] != q; k++ {
					if p[k] == '\\' && k+1 < len(p) {
						k++
					}
					b.WriteByte(p[k])
				}
				if k+1 >= len(p) || p[k+1] != ']' {
					return nil, errorf("invalid JSONPath %q: unterminated [...] at offset %d", p, i)
				}
				out = append(out, step{key: b.String()})
				i = k + 2
				continue
			}
			k := strings.IndexByte(p[j:], ']')
			if k < 0 {
				return nil, errorf("invalid JSONPath %q: unterminated [...] at offset %d", p, i)
			}
			n, err := strconv.ParseInt(strings.TrimSpace(p[j:j+k]), 10, 64)
			if err != nil {
				return nil, errorf("invalid JSONPath %q: only quoted names and integer subscripts are supported inside [...]", p)
			}
			out = append(out, step{index: n, isIdx: true})
			i = j + k + 1
		default:
			return nil, errorf("invalid JSONPath %q: unexpected %q at offset %d", p, p[i], i)
		}
	}
	return out, nil
}

// keyPath reads the key argument of bag_has_key, bag_set_key and
// bag_remove_keys: a JSONPath when it starts with $, else a root key.
func keyPath(k string) ([]step, error) {
	if strings.HasPrefix(k, "$") {
		return parsePath(k)
	}
	return []step{{key: k}}, nil
}

// walk follows a path; ok is false when a step is missing.
func walk(v any, path []step) (any, bool) {
	for _, s := range path {
		if s.isIdx {
			a, ok := asArray(v)
			if !ok {
				return nil, false
			}
			i := s.index
			if i < 0 {
				i += int64(len(a))
			}
			if i < 0 || i >= int64(len(a)) {
				return nil, false
			}
			v = a[i]
			continue
		}
		b, ok := asBag(v)
		if !ok {
			return nil, false
		}
		if v, ok = b.Get(s.key); !ok {
			return nil, false
		}
	}
	return v, true
}

func copyBag(b *value.Bag) *value.Bag {
	c := value.NewBag(b.Len() + 1)
	c.Keys = append(c.Keys, b.Keys...)
	c.Values = append(c.Values, b.Values...)
	return c
}

// setPath returns a copy of bag b with the value at path set, creating
// intermediate bags; array steps are not supported (as in Kusto).
func setPath(b *value.Bag, path []step, x any) (*value.Bag, bool) {
	if len(path) == 0 || path[0].isIdx {
		return nil, false
	}
	c := copyBag(b)
	if len(path) == 1 {
		c.Set(path[0].key, x)
		return c, true
	}
	child, _ := c.Get(path[0].key)
	cb, ok := asBag(child)
	if !ok {
		cb = value.NewBag(1)
	}
	nb, ok := setPath(cb, path[1:], x)
	if !ok {
		return nil, false
	}
	c.Set(path[0].key, nb)
	return c, true
}

// removePath returns b without the value at path (b itself when absent).
func removePath(b *value.Bag, path []step) *value.Bag {
	if len(path) == 0 || path[0].isIdx {
		return b
	}
	child, ok := b.Get(path[0].key)
	if !ok {
		return b
	}
	if len(path) == 1 {
		c := value.NewBag(b.Len())
		for i, k := range b.Keys {
			if k != path[0].key {
				c.Keys = append(c.Keys, k)
				c.Values = append(c.Values, b.Values[i])
			}
		}
		return c
	}
	cb, ok := asBag(child)
	if !ok {
		return b
	}
	nb := removePath(cb, path[1:])
	if nb == cb {
		return b
	}
	c := copyBag(b)
	c.Set(path[0].key, nb)
	return c
}
