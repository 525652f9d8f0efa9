// Package yamlx reads YAML files into a light tree that keeps each node's
// line and column, so that rule, exclusion and test files can report
// mistakes as FILE:LINE:COL and map KQL inside block scalars back to the
// file.
package yamlx

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	yaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Error is a problem at a place in a file. Snippet, when set, is the
// offending line with a caret under the column.
type Error struct {
	File      string
	Line, Col int
	Msg       string
	Snippet   string
}

func (e *Error) Error() string {
	var s string
	switch {
	case e.Line <= 0:
		s = fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col <= 0:
		s = fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	default:
		s = fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	if e.Snippet != "" {
		s += "\n" + e.Snippet
	}
	return s
}

// Doc is one parsed YAML document.
type Doc struct {
	File  string
	Lines []string // the file's lines, for block-scalar indentation
	Root  *Node
}

// Node is a YAML node with its position.
type Node struct {
	doc       *Doc
	n         ast.Node
	Line, Col int
}

// Parse parses data (the content of file). A file with several documents
// returns them all; an empty file returns none.
func Parse(file string, data []byte) ([]*Doc, error) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, wrapErr(file, err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var out []*Doc
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		doc := &Doc{File: file, Lines: lines}
		doc.Root = doc.node(d.Body)
		out = append(out, doc)
	}
	return out, nil
}

func wrapErr(file string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		e := &Error{File: file, Msg: "invalid YAML: " + ye.GetMessage()}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Col = tk.Position.Line, tk.Position.Column
		}
		return e
	}
	return &Error{File: file, Msg: "invalid YAML: " + err.Error()}
}

func (d *Doc) node(n ast.Node) *Node {
	n = unwrap(n)
	out := &Node{doc: d, n: n}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		out.Line, out.Col = tk.Position.Line, tk.Position.Column
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
		// A block mapping's own token is its first value's colon: the
		// first key is where a reader looks.
		if tk := m.Values[0].Key.GetToken(); tk != nil && tk.Position != nil {
			out.Line, out.Col = tk.Position.Line, tk.Position.Column
		}
	}
	return out
}

// unwrap looks through tags, anchors and document wrappers.
func unwrap(n ast.Node) ast.Node {
	for {
		switch x := n.(type) {
		case *ast.TagNode:
			n = x.Value
		case *ast.AnchorNode:
			n = x.Value
		case *ast.DocumentNode:
			n = x.Body
		default:
			return n
		}
	}
}

// Errorf makes an error at n.
func (n *Node) Errorf(format string, args ...any) *Error {
	return &Error{File: n.doc.File, Line: n.Line, Col: n.Col, Msg: fmt.Sprintf(format, args...)}
}

// IsNull reports an empty or null value (`key:` with nothing after it).
func (n *Node) IsNull() bool {
	if n == nil {
		return true
	}
	_, ok := n.n.(*ast.NullNode)
	return ok
}

// Kind names the node's kind for messages.
func (n *Node) Kind() string {
	switch n.n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "empty"
	}
	return "a scalar"
}

// Field is one key: value of a mapping.
type Field struct {
	Key   string
	KeyAt *Node // the key's position
	Value *Node
}

// Map returns a mapping's fields in order.
func (n *Node) Map() ([]Field, error) {
	var vals []*ast.MappingValueNode
	switch x := n.n.(type) {
	case *ast.MappingNode:
		vals = x.Values
	case *ast.MappingValueNode:
		vals = []*ast.MappingValueNode{x}
	default:
		return nil, n.Errorf("expected a mapping (key: value lines), found %s", n.Kind())
	}
	out := make([]Field, 0, len(vals))
	for _, v := range vals {
		k := n.doc.node(v.Key)
		key, err := k.Str()
		if err != nil {
			return nil, k.Errorf("a key must be a plain name")
		}
		out = append(out, Field{Key: key, KeyAt: k, Value: n.doc.node(v.Value)})
	}
	return out, nil
}

// List returns a sequence's items. A scalar is a one-item list, so that
// `rules: abc` and `rules: [abc]` mean the same; null is an empty list.
func (n *Node) List() ([]*Node, error) {
	switch x := n.n.(type) {
	case *ast.SequenceNode:
		out := make([]*Node, len(x.Values))
		for i, v := range x.Values {
			out[i] = n.doc.node(v)
		}
		return out, nil
	case *ast.NullNode:
		return nil, nil
	case *ast.MappingNode, *ast.MappingValueNode:
		return nil, n.Errorf("expected a list, found a mapping")
	}
	return []*Node{n}, nil
}

// Str returns a scalar's text (numbers, booleans and dates as written).
func (n *Node) Str() (string, error) {
	switch x := n.n.(type) {
	case *ast.StringNode:
		return x.Value, nil
	case *ast.LiteralNode:
		return x.Value.Value, nil
	case *ast.NullNode:
		return "", nil
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return x.GetToken().Value, nil
	}
	return "", n.Errorf("expected a single value, found %s", n.Kind())
}

// Strs returns a list of scalars (or one scalar) as strings.
func (n *Node) Strs() ([]string, error) {
	items, err := n.List()
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, err := it.Str()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Int returns an integer scalar.
func (n *Node) Int() (int64, error) {
	s, err := n.Str()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, n.Errorf("%q is not a whole number", s)
	}
	return v, nil
}

// Value decodes any node into plain Go values (map[string]any, []any,
// strings, int64/uint64, float64, bool, nil).
func (n *Node) Value() (any, error) {
	var v any
	if err := yaml.NodeToValue(n.n, &v); err != nil {
		return nil, wrapErr(n.doc.File, err)
	}
	return v, nil
}

// Text is a scalar's text with what is needed to map an offset in it back
// to the file.
type Text struct {
	Text string
	File string
	// Line and Col give where Text's first byte is in the file. For a
	// block scalar (| or >), Indent is the indentation removed from each
	// line, which lines of Text regain; Block is false for a scalar on
	// one line with its key, where columns are only exact without
	// escapes.
	Line, Col, Indent int
	Block             bool
	// Folded: lines of a > scalar were joined; line numbers past the
	// first are approximate.
	Folded bool
}

// Text returns a scalar's text and its place in the file.
func (n *Node) Text() (Text, error) {
	s, err := n.Str()
	if err != nil {
		return Text{}, err
	}
	t := Text{Text: s, File: n.doc.File, Line: n.Line, Col: n.Col}
	switch x := n.n.(type) {
	case *ast.LiteralNode:
		t.Block = true
		t.Folded = x.Start != nil && strings.HasPrefix(x.Start.Value, ">")
		t.Line = n.Line + 1
		t.Indent = n.doc.blockIndent(t.Line)
		t.Col = t.Indent + 1
	case *ast.StringNode:
		if tk := x.GetToken(); tk != nil && tk.Position != nil {
			if tk.Type == token.DoubleQuoteType || tk.Type == token.SingleQuoteType {
				t.Col = tk.Position.Column + 1
			}
			if strings.Contains(s, "\n") {
				// A multi-line plain or quoted scalar: lines continue
				// below; their columns are not known exactly.
				t.Block = true
				t.Folded = true
			}
		}
	}
	return t, nil
}

// blockIndent finds the indentation of a block scalar's content: the
// first non-blank content line's.
func (d *Doc) blockIndent(first int) int {
	for i := first; i >= 1 && i <= len(d.Lines); i++ {
		line := d.Lines[i-1]
		if strings.TrimSpace(line) == "" {
			continue
		}
		return len(line) - len(strings.TrimLeft(line, " "))
	}
	return 0
}

// Position maps a 1-based line and byte column inside t.Text to the file.
func (t Text) Position(line, col int) (int, int) {
	if !t.Block {
		if line <= 1 {
			return t.Line, t.Col + col - 1
		}
		return t.Line + line - 1, col
	}
	return t.Line + line - 1, t.Indent + col
}

// File is the file the node was read from.
func (n *Node) File() string { return n.doc.File }
