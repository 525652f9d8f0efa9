package yamlx

import (
	"strings"
	"testing"
)

func TestTextPositions(t *testing.T) {
	src := "a: plain value\nb: \"quoted\"\nc: |\n    line one\n    line two\nd: >-\n  folded\n  text\ne:\n  - x\n  - 'y'\nf: 12\ng:\n"
	docs, err := Parse("f.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	fields, err := docs[0].Root.Map()
	if err != nil {
		t.Fatal(err)
	}
	get := func(k string) *Node {
		for _, f := range fields {
			if f.Key == k {
				return f.Value
			}
		}
		t.Fatalf("no %s", k)
		return nil
	}
	for _, c := range []struct {
		key           string
		line, col     int // of (1,1) in the text
		l2line, l2col int // of (2,3)
		text          string
	}{
		{"a", 1, 4, 2, 3, "plain value"},
		{"b", 2, 5, 3, 3, "quoted"},
		{"c", 4, 5, 5, 7, "line one\nline two\n"},
		{"d", 7, 3, 8, 5, "folded text"},
	} {
		tx, err := get(c.key).Text()
		if err != nil {
			t.Fatal(err)
		}
		l, col := tx.Position(1, 1)
		l2, col2 := tx.Position(2, 3)
		if tx.Text != c.text || l != c.line || col != c.col || l2 != c.l2line || col2 != c.l2col {
			t.Errorf("%s: %q %d:%d %d:%d", c.key, tx.Text, l, col, l2, col2)
		}
	}
	if ss, err := get("e").Strs(); err != nil || strings.Join(ss, ",") != "x,y" {
		t.Errorf("list %v %v", ss, err)
	}
	if ss, err := get("a").Strs(); err != nil || len(ss) != 1 {
		t.Errorf("scalar as list %v %v", ss, err)
	}
	if n, err := get("f").Int(); err != nil || n != 12 {
		t.Errorf("int %d %v", n, err)
	}
	if _, err := get("a").Int(); err == nil || !strings.Contains(err.Error(), "f.yaml:1:4:") {
		t.Errorf("not an int: %v", err)
	}
	if !get("g").IsNull() {
		t.Error("empty value is not null")
	}
	if l, err := get("g").List(); err != nil || len(l) != 0 {
		t.Error("null is not an empty list")
	}
	if _, err := get("e").Str(); err == nil {
		t.Error("a list is a scalar")
	}
	if _, err := get("a").Map(); err == nil {
		t.Error("a scalar is a mapping")
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{"a: [1, 2\nb: c\n", "a: b\n c: d\n  - e\n", "a: 'x\n"} {
		_, err := Parse("bad.yaml", []byte(src))
		e, ok := err.(*Error)
		if !ok || e.File != "bad.yaml" || e.Line == 0 || !strings.HasPrefix(e.Msg, "invalid YAML") {
			t.Errorf("%q: %v", src, err)
		}
	}
	docs, err := Parse("empty.yaml", []byte("# nothing\n"))
	if err != nil || len(docs) != 0 {
		t.Errorf("empty: %v %v", docs, err)
	}
}

func TestErrorFormat(t *testing.T) {
	for _, c := range []struct {
		e    Error
		want string
	}{
		{Error{File: "f", Msg: "m"}, "f: m"},
		{Error{File: "f", Line: 2, Msg: "m"}, "f:2: m"},
		{Error{File: "f", Line: 2, Col: 3, Msg: "m", Snippet: "x\n  ^"}, "f:2:3: m\nx\n  ^"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("%q", got)
		}
	}
}
