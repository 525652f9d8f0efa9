package parsers

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(&functions.Func{
		Name: "parse_xml", Kind: functions.Scalar,
		Sig:  "parse_xml(xml: string): dynamic",
		Doc:  `Converts XML to a dynamic value: {"e": null} for <e/>, "text" for text-only elements, "@name" for attributes, "#text" for text beside attributes or elements, arrays for repeated elements. Null for invalid XML or input over 1 MB.`,
		Bind: stringToDynamic("parse_xml", func(s string) any { return parseXML(s) }),
	})
}

const maxXML = 1 << 20

// xnode is an element being converted: its attributes, and its children
// in document order (elements, or text when elem is nil).
type xnode struct {
	name     string
	attrs    []xml.Attr
	children []xchild
	empty    bool // written as <e/>
}

type xchild struct {
	elem *xnode
	text string
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// parseXML returns the converted document, or nil (null) when s is not
// one well-formed XML element.
func parseXML(s string) any {
	if len(s) > maxXML {
		return nil
	}
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var stack []*xnode
	var root *xnode
	var text strings.Builder
	inText := false
	flush := func() {
		if !inText {
			return
		}
		inText = false
		t := text.String()
		text.Reset()
		if len(stack) == 0 || strings.TrimSpace(t) == "" {
			return
		}
		top := stack[len(stack)-1]
		top.children = append(top.children, xchild{text: t})
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			flush()
			off := int(d.InputOffset())
			n := &xnode{name: qname(t.Name), attrs: t.Attr, empty: off >= 2 && s[off-2:off] == "/>"}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.children = append(top.children, xchild{elem: n})
			} else if root != nil {
				return nil // a second root element
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			flush()
			if len(stack) == 0 || stack[len(stack)-1].name != qname(t.Name) {
				return nil
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) != 0 {
					return nil
				}
				continue
			}
			inText = true
			text.Write(t)
		default:
			// Comments, processing instructions and directives are
			// skipped, as Kusto documents.
			flush()
		}
	}
	if root == nil || len(stack) != 0 {
		return nil
	}
	b := value.NewBag(1)
	b.Set(root.name, convertXML(root))
	return b
}

// convertXML maps an element to its JSON value the way Json.NET's XML
// converter (whose conventions Kusto documents) does.
func convertXML(n *xnode) any {
	if len(n.attrs) == 0 {
		switch {
		case len(n.children) == 0 && n.empty:
			return nil
		case len(n.children) == 0:
			return ""
		case len(n.children) == 1 && n.children[0].elem == nil:
			return n.children[0].text
		}
	}
	b := value.NewBag(len(n.attrs) + len(n.children))
	for _, a := range n.attrs {
		b.Set("@"+qname(a.Name), a.Value)
	}
	// Same-named children become one array at the first one's place.
	counts := map[string]int{}
	for _, c := range n.children {
		counts[childKey(c)]++
	}
	for _, c := range n.children {
		k := childKey(c)
		var v any
		if c.elem != nil {
			v = convertXML(c.elem)
		} else {
			v = c.text
		}
		if counts[k] == 1 {
			b.Set(k, v)
			continue
		}
		prev, ok := b.Get(k)
		if !ok {
			b.Set(k, []any{v})
			continue
		}
		b.Set(k, append(prev.([]any), v))
	}
	return b
}

func childKey(c xchild) string {
	if c.elem != nil {
		return c.elem.name
	}
	return "#text"
}
