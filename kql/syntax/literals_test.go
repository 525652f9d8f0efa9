package syntax

import (
	"math"
	"testing"
	"time"
)

func lit(t *testing.T, src string) *Literal {
	t.Helper()
	x := mustExpr(t, src)
	l, ok := x.(*Literal)
	if !ok {
		t.Fatalf("%s: got %T", src, x)
	}
	return l
}

func ticksOf(s string) int64 {
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return TimeToTicks(tm)
}

func TestDatetimeLiterals(t *testing.T) {
	for src, want := range map[string]string{
		"datetime(2024-01-01)":                   "2024-01-01T00:00:00Z",
		"datetime(2024-01-01 10:00:00.123)":      "2024-01-01T10:00:00.123Z",
		"datetime(2015-12-31T23:59:59.9Z)":       "2015-12-31T23:59:59.9Z",
		"datetime(2015-12-31T23:59:59.1234567)":  "2015-12-31T23:59:59.1234567Z",
		"datetime(2024-03-05 07:08)":             "2024-03-05T07:08:00Z",
		"datetime('2024-01-01T00:00:00+02:00')":  "2023-12-31T22:00:00Z",
		"date(2020-02-29)":                       "2020-02-29T00:00:00Z",
		"datetime(Sat, 8 Nov 2014 15:05:02 GMT)": "2014-11-08T15:05:02Z",
		"datetime(1601-01-01)":                   "1601-01-01T00:00:00Z",
	} {
		l := lit(t, src)
		if l.Kind != LitDatetime || l.Value != ticksOf(want) {
			t.Errorf("%s = %v (%v), want %s", src, l.Value, l.Kind, want)
		}
	}
	if l := lit(t, "datetime(0001-01-01)"); l.Value != int64(0) {
		t.Errorf("epoch of ticks: %v", l.Value)
	}
	if l := lit(t, "datetime(null)"); !l.Null || l.Value != nil || l.Kind != LitDatetime {
		t.Errorf("datetime(null): %+v", l)
	}
	// Kusto's parser accepts any text here; the problem is recorded for
	// the binder instead of being a syntax error.
	if l := lit(t, "datetime(not a date)"); !l.Bad || l.Problem == "" {
		t.Errorf("bad datetime: %+v", l)
	}
	if got := TicksToTime(ticksOf("2024-05-06T07:08:09.5Z")); !got.Equal(time.Date(2024, 5, 6, 7, 8, 9, 5e8, time.UTC)) {
		t.Errorf("TicksToTime: %v", got)
	}
}

func TestTimespanLiterals(t *testing.T) {
	const (
		s  = TicksPerSecond
		m  = TicksPerMinute
		h  = TicksPerHour
		d  = TicksPerDay
		ms = TicksPerMillisecond
	)
	for src, want := range map[string]int64{
		"1d": d, "2days": 2 * d, "1.5h": h + 30*m, "30m": 30 * m, "5min": 5 * m, "10s": 10 * s,
		"10sec": 10 * s, "100ms": 100 * ms, "2ms": 2 * ms, "1tick": 1, "3ticks": 3,
		"3microseconds": 30, "7microsecond": 70, "1hr": h, "2hours": 2 * h, "1minute": m,
		"4seconds": 4 * s, "5milliseconds": 5 * ms, "0.1s": s / 10, "1000nanoseconds": 10,
		"timespan(1d)": d, "time(1.2:30:00)": d + 2*h + 30*m, "time(00:10:00)": 10 * m,
		"time(2)": 2 * d, "time(15 seconds)": 15 * s, "timespan(-1h)": -h,
		"time(0.00:00:00.5)": s / 2, "totimespan(1)": 0,
		// .NET's TimeSpan.MaxValue and MinValue.
		"timespan(10675199.02:48:05.4775807)":  math.MaxInt64,
		"timespan(-10675199.02:48:05.4775808)": math.MinInt64,
	} {
		x := mustExpr(t, src)
		l, ok := x.(*Literal)
		if !ok {
			continue // totimespan is a call
		}
		if l.Kind != LitTimespan || l.Value != want {
			t.Errorf("%s = %v (%v), want %d", src, l.Value, l.Kind, want)
		}
	}
	if l := lit(t, "timespan(null)"); !l.Null {
		t.Error("timespan(null) not null")
	}
}

func TestScalarLiterals(t *testing.T) {
	cases := []struct {
		src  string
		kind LitKind
		val  any
	}{
		{"42", LitLong, int64(42)},
		{"0x1F", LitLong, int64(31)},
		{"99999999999999999999", LitReal, 1e20},
		{"1.5", LitReal, 1.5},
		{"1e3", LitReal, 1000.0},
		{"true", LitBool, true},
		{"False", LitBool, false},
		{"bool(true)", LitBool, true},
		{"boolean(false)", LitBool, false},
		{"int(1)", LitInt, int64(1)},
		{"int(-7)", LitInt, int64(-7)},
		{"long(-5)", LitLong, int64(-5)},
		{"real(2)", LitReal, 2.0},
		{"double(-1.5)", LitReal, -1.5},
		{"real(+inf)", LitReal, math.Inf(1)},
		{"real(-inf)", LitReal, math.Inf(-1)},
		{"decimal(1.50)", LitDecimal, "1.50"},
		{"guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642)", LitGuid, "74be27de-1e4e-49d9-b579-fe0b331d3642"},
		{`'a\tb\'c'`, LitString, "a\tb'c"},
		{`"x\"y\\z\u0041"`, LitString, "x\"y\\zA"},
		{`@'C:\temp\'`, LitString, `C:\temp\`},
		{`@"say ""hi"""`, LitString, `say "hi"`},
		{`h'hidden'`, LitString, "hidden"},
		{`H"hidden"`, LitString, "hidden"},
		{"'a' 'b'", LitString, "ab"},
		{"```line1\nline2```", LitString, "line1\nline2"},
	}
	for _, c := range cases {
		l := lit(t, c.src)
		if l.Kind != c.kind || l.Value != c.val {
			t.Errorf("%s = %#v (%v), want %#v (%v)", c.src, l.Value, l.Kind, c.val, c.kind)
		}
		if l.Raw != c.src {
			t.Errorf("%s: Raw = %q", c.src, l.Raw)
		}
	}
	if l := lit(t, "real(nan)"); !math.IsNaN(l.Value.(float64)) {
		t.Error("real(nan)")
	}
	for _, src := range []string{"long(null)", "int(null)", "real(null)", "bool(null)", "guid(null)", "decimal(null)", "dynamic(null)"} {
		if l := lit(t, src); !l.Null || l.Value != nil {
			t.Errorf("%s: %+v", src, l)
		}
	}
}

func TestDynamicLiterals(t *testing.T) {
	l := lit(t, `dynamic([1, "a", {"b": null, 'c': [true, 2.5]}, -3])`)
	arr, ok := l.Value.([]any)
	if !ok || len(arr) != 4 {
		t.Fatalf("value %#v", l.Value)
	}
	if arr[0] != int64(1) || arr[1] != "a" || arr[3] != int64(-3) {
		t.Errorf("array %#v", arr)
	}
	obj := arr[2].(*DynamicObject)
	if v, ok := obj.Get("b"); !ok || v != nil {
		t.Errorf("b = %v", v)
	}
	if v, _ := obj.Get("c"); v.([]any)[1] != 2.5 {
		t.Errorf("c = %v", v)
	}
	if l.JSON != `[1, "a", {"b": null, 'c': [true, 2.5]}, -3]` {
		t.Errorf("JSON = %q", l.JSON)
	}
	if l := lit(t, "dynamic(5)"); l.Value != int64(5) {
		t.Errorf("dynamic(5) = %v", l.Value)
	}
	if l := lit(t, `dynamic({})`); len(l.Value.(*DynamicObject).Keys) != 0 {
		t.Error("empty object")
	}
	if l := lit(t, "dynamic(['a' 'b', \n 'c'])"); l.Value.([]any)[0] != "ab" {
		t.Errorf("adjacent strings in dynamic: %v", l.Value)
	}
	if _, errs := ParseExpr("dynamic([1, 2)"); len(errs) == 0 {
		t.Error("malformed dynamic accepted")
	}
}

func TestLexer(t *testing.T) {
	kinds := func(src string) []Kind {
		var ks []Kind
		for _, tok := range Tokenize(src) {
			ks = append(ks, tok.Kind)
		}
		return ks
	}
	eq := func(a, b []Kind) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	for src, want := range map[string][]Kind{
		"project-away":               {TokIdent, TokMinus, TokIdent, TokEOF},
		"a-b":                        {TokIdent, TokMinus, TokIdent, TokEOF},
		"1..5":                       {TokInt, TokDotDot, TokInt, TokEOF},
		"1.5..2":                     {TokReal, TokDotDot, TokInt, TokEOF},
		"x.y":                        {TokIdent, TokDot, TokIdent, TokEOF},
		"10m 1.5h":                   {TokTimespan, TokTimespan, TokEOF},
		"!in~ =~ !~ !=":              {TokBang, TokIdent, TokTilde, TokEqTilde, TokNeTilde, TokNe, TokEOF},
		"a // c\nb":                  {TokIdent, TokIdent, TokEOF},
		"=> == = <> <=":              {TokArrow, TokEq, TokAssign, TokLtGt, TokLe, TokEOF},
		"datetime(2024-01-01 10:00)": {TokIdent, TokLParen, TokRaw, TokRParen, TokEOF},
		"guid(00000000-0000-0000-0000-000000000000)": {TokIdent, TokLParen, TokRaw, TokRParen, TokEOF},
		"$left.x":       {TokIdent, TokDot, TokIdent, TokEOF},
		"'unterminated": {TokIllegal, TokEOF},
		"h'x' H@\"y\"":  {TokString, TokString, TokEOF},
		"hx":            {TokIdent, TokEOF},
	} {
		if got := kinds(src); !eq(got, want) {
			t.Errorf("%q: got %v, want %v", src, got, want)
		}
	}
}

func TestSourcePositions(t *testing.T) {
	s := NewSource("q", "ab\ncd\r\n\nef")
	for off, want := range map[Pos][2]int{0: {1, 1}, 2: {1, 3}, 3: {2, 1}, 4: {2, 2}, 7: {3, 1}, 8: {4, 1}, 9: {4, 2}, 100: {4, 3}, -5: {1, 1}} {
		p := s.Position(off)
		if p.Line != want[0] || p.Col != want[1] {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", off, p.Line, p.Col, want[0], want[1])
		}
	}
	if s.Line(2) != "cd" || s.Line(3) != "" || s.Line(9) != "" {
		t.Errorf("Line: %q %q", s.Line(2), s.Line(3))
	}
	if got := s.Snippet(4); got != "cd\n ^" {
		t.Errorf("Snippet = %q", got)
	}
}

func TestTimespanLiteralRange(t *testing.T) {
	for _, src := range []string{"10675199.02:48:05.4775808", "-10675199.02:48:05.4775809", "10675200.00:00:00"} {
		if v, err := parseTimespanRaw(src); err == nil {
			t.Errorf("%s: %d, want an error for a timespan out of range", src, v)
		}
	}
}
