package semantic_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

func TestBagUnpackOutputSchema(t *testing.T) {
	cases := []struct{ q, want string }{
		{`Events | project Id, Title, Props | evaluate bag_unpack(Props) : (*, User:string)`, "Id:int, Title:string, User:string"},
		{`Events | project Id, Title, Props | evaluate bag_unpack(Props) : (User:string, N:long)`, "User:string, N:long"},
		// A declared name that the input has too comes last, with the
		// declared type.
		{`Events | project Id, Title, Props | evaluate bag_unpack(Props) : (*, Title:long)`, "Id:int, Title:long"},
		{`Events | project Id, Props | evaluate bag_unpack(Props, "p_") : (*, p_User:string)`, "Id:int, p_User:string"},
		{`Events | project Id, Props | evaluate bag_unpack(Props)`, "Id:int"},
	}
	for _, c := range cases {
		p, errs := bind(t, c.q)
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", c.q, errs)
			continue
		}
		if got := resultSchema(p); got != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.q, got, c.want)
		}
	}
}

func TestBagUnpackParameters(t *testing.T) {
	for _, q := range []string{
		`Events | project Id, Props | evaluate bag_unpack(Props, "p_")`,
		`Events | project Id, Props | evaluate bag_unpack(Props, OutputColumnPrefix = "p_")`,
		`Events | project Id, Props | evaluate bag_unpack(Props, "p_", "error")`,
	} {
		if _, errs := bind(t, q); len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", q, errs)
		}
	}
	for _, c := range []struct{ q, code string }{
		{`Events | evaluate bag_unpack(Props, columnsConflict = "merge")`, "KS107"},
		{`Events | evaluate bag_unpack(Props, "", "")`, "KS107"},
		{`Events | evaluate bag_unpack(Props, "", 1)`, "KS107"},
		{`Events | evaluate bag_unpack(Props, "", "error", "a")`, "KS107"},
		{`Events | evaluate bag_unpack(Props, "", "error", dynamic(["a", 1]))`, "KS107"},
		{`Events | evaluate bag_unpack(Props, ignoredProperties = dynamic({"a": 1}))`, "KS107"},
		{`Events | evaluate bag_unpack(Props, "", "error", dynamic(["a"]), 1)`, "KS119"},
		{`Events | evaluate bag_unpack(Props, nope = 1)`, "KS107"},
		{`Events | evaluate bag_unpack(Title)`, "KS107"},
	} {
		if _, errs := bind(t, c.q); len(errs) == 0 || errs[0].Code != c.code {
			t.Errorf("%s: want %s, got %v", c.q, c.code, errs)
		}
	}
}

func TestBagUnpackConflictAndIgnored(t *testing.T) {
	cases := []struct {
		q, conflict string
		ignored     []string
	}{
		{`Events | evaluate bag_unpack(Props, columnsConflict = "replace_source")`, "replace_source", nil},
		{`Events | evaluate bag_unpack(Props, "", "keep_source")`, "keep_source", nil},
		{`Events | evaluate bag_unpack(Props, "p", "error", dynamic(["a", "b"]))`, "error", []string{"a", "b"}},
		{`Events | evaluate bag_unpack(Props, ignoredProperties = dynamic([]))`, "", []string{}},
		{`Events | evaluate bag_unpack(Props, ignoredProperties = dynamic(["ü"]), columnsConflict = "keep_source")`, "keep_source", []string{"ü"}},
	}
	for _, c := range cases {
		p, errs := bind(t, c.q)
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", c.q, errs)
			continue
		}
		n, ok := p.Results[len(p.Results)-1].(*plan.BagUnpack)
		if !ok {
			t.Errorf("%s: result is %T, want *plan.BagUnpack", c.q, p.Results[len(p.Results)-1])
			continue
		}
		if n.ColumnsConflict != c.conflict {
			t.Errorf("%s: ColumnsConflict %q, want %q", c.q, n.ColumnsConflict, c.conflict)
		}
		if fmt.Sprint(n.IgnoredProperties) != fmt.Sprint(c.ignored) || (c.ignored != nil) != (n.IgnoredProperties != nil) {
			t.Errorf("%s: IgnoredProperties %q, want %q", c.q, n.IgnoredProperties, c.ignored)
		}
	}
}

// With replace_source and a declared schema, a declared name that the
// input has too is unpacked from the bag in that input column's place.
func TestBagUnpackReplaceSourceDeclared(t *testing.T) {
	cases := []struct{ q, out, declared string }{
		{`Events | project Id, Title, Count, Props | evaluate bag_unpack(Props, columnsConflict = "replace_source") : (*, Title:long, User:string)`,
			"Id:int, Title:long, Count:long, User:string", "Title:long, User:string"},
		{`Events | project Id, Title, Props | evaluate bag_unpack(Props, "", "replace_source") : (User:string, Id:long)`,
			"User:string, Id:long", "User:string, Id:long"},
		{`Events | project Id, Title, Props | evaluate bag_unpack(Props, "", "keep_source") : (*, Title:string, User:string)`,
			"Id:int, Title:string, User:string", "User:string"},
		{`Events | project Id, Title, Props | evaluate bag_unpack(Props, "", "error") : (*, Title:long)`,
			"Id:int, Title:long", ""},
	}
	for _, c := range cases {
		p, errs := bind(t, c.q)
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", c.q, errs)
			continue
		}
		if got := resultSchema(p); got != c.out {
			t.Errorf("%s:\n got  %s\n want %s", c.q, got, c.out)
		}
		n := p.Results[len(p.Results)-1].(*plan.BagUnpack)
		if got := schemaText(n.Declared); got != c.declared {
			t.Errorf("%s: Declared %s, want %s", c.q, got, c.declared)
		}
	}
}

func schemaText(s types.Schema) string {
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = c.Name + ":" + c.Type.String()
	}
	return strings.Join(parts, ", ")
}
