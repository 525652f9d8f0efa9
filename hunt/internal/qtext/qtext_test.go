package qtext

import (
	"testing"

	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
)

func TestLocateAndReplace(t *testing.T) {
	q := &Origin{Src: yamlx.Text{Text: "T\n| where a", File: "r.yaml", Line: 10, Indent: 2, Block: true}}
	x := &Origin{Label: "exclusion \"e\"", Src: yamlx.Text{Text: "b > 1", File: "e.yaml", Line: 5, Col: 12}}
	var txt Text
	txt.Add(q.Src.Text, q, 0)
	txt.AddGen("\n| extend e = (\n")
	txt.Add(x.Src.Text, x, 0)
	txt.AddGen("\n)")
	s := txt.String()
	if s != "T\n| where a\n| extend e = (\nb > 1\n)" {
		t.Fatalf("text %q", s)
	}
	for _, c := range []struct {
		line, col int
		origin    *Origin
		off       int
	}{
		{1, 1, q, 0}, {2, 9, q, 10}, {4, 5, x, 4}, {3, 3, q, 11}, {5, 1, x, 5},
	} {
		o, off := txt.Locate(Offset(s, c.line, c.col))
		if o != c.origin || off != c.off {
			t.Errorf("%d:%d: origin %v offset %d", c.line, c.col, o == q, off)
		}
	}
	e := x.Error(4, "bad")
	if e.Error() != "e.yaml:5:16: exclusion \"e\": bad\nb > 1\n    ^" {
		t.Errorf("error %q", e.Error())
	}
	e = q.Error(10, "bad")
	if e.File != "r.yaml" || e.Line != 11 || e.Col != 11 {
		t.Errorf("block error %s", e)
	}
	// Replacing a span keeps later text exact and maps the replacement to
	// the span's start.
	txt.Replace(2, 9, "| filter")
	if txt.String() != "T\n| filter a\n| extend e = (\nb > 1\n)" {
		t.Errorf("after replace %q", txt.String())
	}
	if o, off := txt.Locate(5); o != q || off != 2 {
		t.Errorf("inside replacement: %d", off)
	}
	if o, off := txt.Locate(11); o != q || off != 10 {
		t.Errorf("after replacement: %d", off)
	}
	txt.Replace(0, 0, "X")
	if txt.String()[:2] != "XT" {
		t.Errorf("insert at start: %q", txt.String())
	}
	if len(txt.Origins()) != 2 {
		t.Errorf("origins %d", len(txt.Origins()))
	}
}

func TestOffset(t *testing.T) {
	s := "ab\ncd\n"
	for _, c := range []struct{ line, col, want int }{{1, 1, 0}, {2, 2, 4}, {3, 1, 6}, {9, 1, 6}, {1, 99, 6}, {0, 1, 0}} {
		if got := Offset(s, c.line, c.col); got != c.want {
			t.Errorf("%d:%d = %d, want %d", c.line, c.col, got, c.want)
		}
	}
}
