package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/table"
)

func testEngine() *Engine {
	s := table.NewStore(nil)
	s.Add(table.FromRows("T", types.Schema{{Name: "A", Type: types.Long}, {Name: "B", Type: types.String}},
		[][]any{{int64(1), "x"}, {int64(2), "y"}, {nil, "z"}}))
	return FromStore(s)
}

func TestQuery(t *testing.T) {
	e := testEngine()
	res, err := e.Query(context.Background(), "T | where A > 1 | project B; T | take 1", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 {
		t.Fatalf("got %d results", len(res))
	}
	if res[0].Schema.String() != "(B:string)" || res[0].Rows() != 1 || res[1].Rows() != 1 {
		t.Errorf("results: %v %d, %v %d", res[0].Schema, res[0].Rows(), res[1].Schema, res[1].Rows())
	}
}

func TestErrors(t *testing.T) {
	e := testEngine()
	cases := []struct {
		q, stage, msg string
		line, col     int
	}{
		{"T | where A >", StageSyntax, "", 1, 14},
		{"T\n| project Nope", StageSemantic, "Nope", 2, 11},
		{"Missing | take 1", StageSemantic, "Missing", 1, 1},
	}
	for _, c := range cases {
		_, err := e.Query(context.Background(), c.q, QueryOptions{})
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Errorf("%q: error %v is not an ErrorList", c.q, err)
			continue
		}
		first := list[0]
		if first.Stage != c.stage || first.Line != c.line || first.Col != c.col || !strings.Contains(first.Msg, c.msg) {
			t.Errorf("%q: got %s %d:%d %q", c.q, first.Stage, first.Line, first.Col, first.Msg)
		}
		if !strings.Contains(err.Error(), "^") || !strings.HasPrefix(err.Error(), "") {
			t.Errorf("%q: no caret snippet in %q", c.q, err.Error())
		}
		var one *Error
		if !errors.As(err, &one) {
			t.Errorf("%q: errors.As(*Error) fails", c.q)
		}
	}
}

func TestCheck(t *testing.T) {
	e := testEngine()
	s, serrs, berrs := e.Check("T | extend C = A * 2")
	if len(serrs) != 0 || len(berrs) != 0 || s.String() != "(A:long, B:string, C:long)" {
		t.Errorf("Check: %v %v %v", s, serrs, berrs)
	}
	_, serrs, _ = e.Check("T | where")
	if len(serrs) == 0 {
		t.Error("Check: no syntax error")
	}
	_, _, berrs = e.Check("T | project Q")
	if len(berrs) == 0 {
		t.Error("Check: no semantic error")
	}
}

func TestRunErrorUnwraps(t *testing.T) {
	e := testEngine()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.Query(ctx, "T", QueryOptions{})
	if err == nil {
		t.Skip("the executor did not observe the cancelled context on a tiny table")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("run error %v does not unwrap to context.Canceled", err)
	}
}
