package semantic_test

import "testing"

// mv-expand and mv-apply expand only dynamic values: Kusto refuses any
// other type at bind time (KS141), whether a column or an expression.
func TestMvExpandNeedsDynamic(t *testing.T) {
	for _, c := range []struct {
		q  string
		ok bool
	}{
		{`Events | mv-expand Title`, false},
		{`Events | mv-expand x = strlen(Title)`, false},
		{`Events | mv-apply x = Count on (take 1)`, false},
		{`Events | mv-expand Props`, true},
		{`Events | mv-expand x = split(Title, ",")`, true},
		{`Events | mv-apply x = pack_array(Count) to typeof(long) on (take 1)`, true},
	} {
		_, errs := bind(t, c.q)
		switch {
		case c.ok && len(errs) > 0:
			t.Errorf("%s: unexpected errors %v", c.q, errs)
		case !c.ok && (len(errs) == 0 || errs[0].Code != "KS141"):
			t.Errorf("%s: want KS141, got %v", c.q, errs)
		}
	}
}
