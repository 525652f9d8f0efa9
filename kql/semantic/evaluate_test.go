package semantic_test

import "testing"

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
		{`Events | evaluate bag_unpack(Props, columnsConflict = "replace_source")`, "QRY001"},
		{`Events | evaluate bag_unpack(Props, "p", "error", dynamic(["a"]))`, "QRY001"},
		{`Events | evaluate bag_unpack(Props, columnsConflict = "merge")`, "KS107"},
		{`Events | evaluate bag_unpack(Props, nope = 1)`, "KS107"},
		{`Events | evaluate bag_unpack(Title)`, "KS107"},
	} {
		if _, errs := bind(t, c.q); len(errs) == 0 || errs[0].Code != c.code {
			t.Errorf("%s: want %s, got %v", c.q, c.code, errs)
		}
	}
}
