package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/value"
)

// TestPackAllInExtend: pack_all() in an extend packs the extend's input
// row, without the columns the same extend adds (the documented output of
// pack_all's example); it used to give an invalid plan.
func TestPackAllInExtend(t *testing.T) {
	q := `datatable(a:long, b:string)[1, "x", 2, ""]
| extend Packed = pack_all(), P2 = pack_all(true), a = a * 10, P3 = pack_all()
| project a, Packed, P2, P3`
	res, err := testEngine().Query(context.Background(), q, QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Schema.String() != "(a:long, Packed:dynamic, P2:dynamic, P3:dynamic)" {
		t.Fatalf("schema %v", r.Schema)
	}
	var got []string
	for _, b := range r.Batches {
		for i := 0; i < b.N; i++ {
			row := []string{value.ToString(b.Cols[0].Value(i))}
			for c := 1; c < 4; c++ {
				row = append(row, string(value.AppendJSON(nil, b.Cols[c].Value(i))))
			}
			got = append(got, strings.Join(row, " "))
		}
	}
	want := []string{
		`10 {"a":1,"b":"x"} {"a":1,"b":"x"} {"a":1,"b":"x"}`,
		`20 {"a":2,"b":""} {"a":2} {"a":2,"b":""}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestColonOperator: `X : "term"` is has, in where as in search.
func TestColonOperator(t *testing.T) {
	res, err := testEngine().Query(context.Background(), `T | where B : "Y" or B:"nope" | project A`, QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Rows() != 1 || res[0].Batches[0].Cols[0].Value(0) != int64(2) {
		t.Errorf("got %d rows", res[0].Rows())
	}
}
