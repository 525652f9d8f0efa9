package semantic_test

import "testing"

// TestSeveralResults: a function with several results (series_stats,
// series_fit_line, ...) gives one column per result, named by the
// function unless names are written; the names it gives never replace an
// existing column but are made unique. Checked against Kusto's binder.
func TestSeveralResults(t *testing.T) {
	const stats = "series_stats_a_min:real, series_stats_a_min_idx:long, series_stats_a_max:real, series_stats_a_max_idx:long, series_stats_a_avg:real, series_stats_a_stdev:real, series_stats_a_variance:real"
	const stats1 = "series_stats_a_min1:real, series_stats_a_min_idx1:long, series_stats_a_max1:real, series_stats_a_max_idx1:long, series_stats_a_avg1:real, series_stats_a_stdev1:real, series_stats_a_variance1:real"
	const noArg = "series_stats__min:real, series_stats__min_idx:long, series_stats__max:real, series_stats__max_idx:long, series_stats__avg:real, series_stats__stdev:real, series_stats__variance:real"
	cases := []struct{ q, want string }{
		{`print a = dynamic([1, 2]) | extend series_stats(a)`, "a:dynamic, " + stats},
		{`print a = dynamic([1, 2]) | project series_stats(a)`, stats},
		{`print a = dynamic([1, 2]) | extend series_stats(a), series_stats(a)`, "a:dynamic, " + stats + ", " + stats1},
		{`print a = dynamic([1, 2]) | extend series_stats(a) | extend series_stats(a)`, "a:dynamic, " + stats + ", " + stats1},
		{`print a = dynamic([1, 2]), series_stats_a_min = 1 | extend series_stats(a)`, "a:dynamic, series_stats_a_min:long, series_stats_a_min1:real, series_stats_a_min_idx:long, series_stats_a_max:real, series_stats_a_max_idx:long, series_stats_a_avg:real, series_stats_a_stdev:real, series_stats_a_variance:real"},
		{`print a = dynamic([1, 2]) | extend x = series_stats(a), series_stats_a_max = 1`, "a:dynamic, x:real, series_stats_a_min_idx:long, series_stats_a_max:long, series_stats_a_max_idx:long, series_stats_a_avg:real, series_stats_a_stdev:real, series_stats_a_variance:real"},
		{`print a = dynamic([1, 2]) | project x = series_stats(a), series_stats_a_max = 2`, "x:real, series_stats_a_min_idx:long, series_stats_a_max:real, series_stats_a_max_idx:long, series_stats_a_avg:real, series_stats_a_stdev:real, series_stats_a_variance:real, series_stats_a_max1:long"},
		{`print a = dynamic([1, 2]) | extend (x, y) = series_stats(a)`, "a:dynamic, x:real, y:long, series_stats_a_max:real, series_stats_a_max_idx:long, series_stats_a_avg:real, series_stats_a_stdev:real, series_stats_a_variance:real"},
		{`print a = dynamic([1, 2]) | project (x, y) = series_stats(a)`, "x:real, y:long, series_stats_a_max:real, series_stats_a_max_idx:long, series_stats_a_avg:real, series_stats_a_stdev:real, series_stats_a_variance:real"},
		{`print series_stats(dynamic([1, 2]))`, noArg},
		{`print 1, series_stats(dynamic([1, 2])), 2`, "print_0:long, " + noArg + ", print_2:long"},
		{`print x = series_stats(dynamic([1, 2]))`, "x:real"},
		{`print (x, y) = series_stats(dynamic([1, 2]))`, "x:real, y:long"},
		{`print a = dynamic([1, 2]) | extend tostring(series_stats(a))`, "a:dynamic, Column1:string"},
		{`print a = dynamic([1]), b = dynamic([2]) | extend array_sort_asc(a, b)`, "a:dynamic, b:dynamic, a_sorted:dynamic, b_sorted:dynamic"},
		{`print a = dynamic([1]), b = dynamic([2]) | extend x = array_sort_asc(a, b)`, "a:dynamic, b:dynamic, x:dynamic, b_sorted:dynamic"},
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
	for _, q := range []string{
		`print a = dynamic([1, 2]) | extend (x, y) = strlen("a")`,
		`print a = dynamic([1, 2]) | extend (a1, a2, a3, a4, a5, a6, a7, a8) = series_stats(a)`,
		`print a = dynamic([1, 2]) | extend (x, x) = series_stats(a)`,
	} {
		if _, errs := bind(t, q); len(errs) == 0 {
			t.Errorf("%s: no error", q)
		}
	}
}

// TestDynamicKeys: Kusto refuses to group or sort by a dynamic value.
func TestDynamicKeys(t *testing.T) {
	for _, q := range []string{
		`Events | summarize count() by Props`,
		`Events | summarize by p = Props.a`,
		`Events | distinct Props`,
		`Events | distinct *`,
		`Events | sort by Props`,
	} {
		_, errs := bind(t, q)
		if len(errs) == 0 || errs[0].Code != "KS116" {
			t.Errorf("%s: want KS116, got %v", q, errs)
		}
	}
	for _, q := range []string{
		`Events | summarize count() by tostring(Props)`,
		`Events | top 1 by Props`,
		`Events | project Props | evaluate bag_unpack(Props) | summarize count() by User`,
		`Events | project Props | evaluate bag_unpack(Props) | where User == "x" | sort by User | distinct User`,
	} {
		if _, errs := bind(t, q); len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", q, errs)
		}
	}
}

// TestInferredNames: names inferred from an expression (a call, a let
// name) are made unique on a clash; a column named twice is an error.
func TestInferredNames(t *testing.T) {
	cases := []struct{ q, want string }{
		{`Events | project strlen(Title), strlen(Title)`, "strlen_Title:long, strlen_Title1:long"},
		{`Events | project tostring(Count), tostring(Count)`, "Count:string, Count1:string"},
		{`let x = "a"; Events | project x, y = 1, x`, "x:string, y:long, x1:string"},
		{`let x = "a"; Events | summarize count() by x`, "x:string, count_:long"},
		{`let x = "a"; Events | summarize max(x)`, "max_x:string"},
		{`let x = "a"; Users | extend strlen(x)`, "Id:int, Title:string, Name:string, strlen_x:long"},
		{`let f = (a:long) { Users | extend a }; f(1)`, "Id:int, Title:string, Name:string, a:long"},
		{`let x = 1; print x`, "print_0:long"},
		// The documentation's union example: x of two types next to an
		// x_long column gives x_long1 (the oracle renames the other one).
		{`let V1 = view () { print x = 1 }; let V2 = view () { print x = toint(2) }; let V3 = view () { print x_long = 3 }; union V1, V2, V3`, "x_long1:long, x_int:int, x_long:long"},
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
	for _, q := range []string{`Events | project Title, Title`, `Events | summarize count() by Title, Title`} {
		if _, errs := bind(t, q); len(errs) == 0 || errs[0].Code != "KS171" {
			t.Errorf("%s: want KS171, got %v", q, errs)
		}
	}
}

// TestFunctionBodyLets: a let in a function body may read the caller's
// row through the function's parameters.
func TestFunctionBodyLets(t *testing.T) {
	q := `let f = (n:long, k:long) { let a = n + 1; let b = a * k; tolong(b / 2) }; Events | extend r = f(Count, 2) | project r`
	p, errs := bind(t, q)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", q, errs)
	}
	if got := resultSchema(p); got != "r:long" {
		t.Errorf("got %s", got)
	}
	checkPlans(t, q, p)
}
