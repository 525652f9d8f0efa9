package temporal

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

var nullDT = fntest.Lit(types.DateTime, nil)

func TestNowAgo(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"now", nil, "2024-03-10T12:34:56.789Z"},
		{"now", []fntest.Arg{tsv("-2d")}, "2024-03-08T12:34:56.789Z"},
		{"ago", []fntest.Arg{tsv("1h")}, "2024-03-10T11:34:56.789Z"},
		{"ago", []fntest.Arg{tsv("-1d")}, "2024-03-11T12:34:56.789Z"},
		{"ago", []fntest.Arg{fntest.Lit(types.TimeSpan, nil)}, "null"},
		{"ago", []fntest.Arg{tsv("3650000d")}, "null"}, // before 0001-01-01
		{"ago", []fntest.Arg{strv("1h")}, "error: timespan"},
		{"now", []fntest.Arg{lng(1)}, "error"},
	})
}

func TestParts(t *testing.T) {
	d := dtv("2017-10-30 01:02:03.7654321")
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"getyear", []fntest.Arg{d}, "2017"},
		{"getmonth", []fntest.Arg{d}, "10"},
		{"monthofyear", []fntest.Arg{d}, "10"},
		{"dayofmonth", []fntest.Arg{d}, "30"},
		{"dayofyear", []fntest.Arg{d}, "303"},
		{"dayofyear", []fntest.Arg{dtv("2020-12-31")}, "366"},
		{"hourofday", []fntest.Arg{d}, "1"},
		{"dayofweek", []fntest.Arg{dtv("1947-11-30 10:00:05")}, "00:00:00"},
		{"dayofweek", []fntest.Arg{dtv("1970-05-12")}, "2.00:00:00"},
		{"dayofweek", []fntest.Arg{dtv("0001-01-01")}, "1.00:00:00"},
		{"week_of_year", []fntest.Arg{dtv("2020-12-31")}, "53"},
		{"week_of_year", []fntest.Arg{dtv("2020-06-15")}, "25"},
		{"week_of_year", []fntest.Arg{dtv("1970-01-01")}, "1"},
		{"week_of_year", []fntest.Arg{dtv("2000-01-01")}, "52"},
		{"week_of_year", []fntest.Arg{dtv("2024-12-30")}, "1"},
		{"getyear", []fntest.Arg{nullDT}, "null"},
		{"getyear", []fntest.Arg{strv("2020-01-01")}, "error"},
		{"datetime_part", []fntest.Arg{strv("year"), d}, "2017"},
		{"datetime_part", []fntest.Arg{strv("Quarter"), d}, "4"},
		{"datetime_part", []fntest.Arg{strv("month"), d}, "10"},
		{"datetime_part", []fntest.Arg{strv("week_of_year"), d}, "44"},
		{"datetime_part", []fntest.Arg{strv("day"), d}, "30"},
		{"datetime_part", []fntest.Arg{strv("dayOfYear"), d}, "303"},
		{"datetime_part", []fntest.Arg{strv("hour"), d}, "1"},
		{"datetime_part", []fntest.Arg{strv("minute"), d}, "2"},
		{"datetime_part", []fntest.Arg{strv("second"), d}, "3"},
		{"datetime_part", []fntest.Arg{strv("millisecond"), d}, "765"},
		{"datetime_part", []fntest.Arg{strv("microsecond"), d}, "765432"},
		{"datetime_part", []fntest.Arg{strv("nanosecond"), d}, "765432100"},
		{"datepart", []fntest.Arg{strv("year"), d}, "2017"},
		{"datetime_part", []fntest.Arg{strv("week"), d}, "error: week_of_year"},
		{"datetime_part", []fntest.Arg{fntest.Col(types.String, "year"), d}, "error: literal"},
	})
}

func TestPartsColumn(t *testing.T) {
	res, typ, err := fntest.Call(t, "hourofday", fntest.Col(types.DateTime, fntest.DT("2024-01-01T05:00:00Z"), nil, fntest.DT("9999-12-31T23:59:59.9999999Z")))
	if err != nil || typ != types.Int {
		t.Fatal(err, typ)
	}
	if fntest.Text(res[0]) != "5" || res[1] != nil || fntest.Text(res[2]) != "23" {
		t.Errorf("got %v", res)
	}
}

func TestStartEnd(t *testing.T) {
	d := dtv("2017-01-01 10:10:17")
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"startofday", []fntest.Arg{d}, "2017-01-01T00:00:00Z"},
		{"startofday", []fntest.Arg{d, lng(-1)}, "2016-12-31T00:00:00Z"},
		{"startofweek", []fntest.Arg{d, lng(-1)}, "2016-12-25T00:00:00Z"},
		{"startofweek", []fntest.Arg{d}, "2017-01-01T00:00:00Z"},
		{"startofweek", []fntest.Arg{d, lng(1)}, "2017-01-08T00:00:00Z"},
		{"startofmonth", []fntest.Arg{d, lng(-1)}, "2016-12-01T00:00:00Z"},
		{"startofmonth", []fntest.Arg{d, lng(1)}, "2017-02-01T00:00:00Z"},
		{"startofyear", []fntest.Arg{d, lng(-1)}, "2016-01-01T00:00:00Z"},
		{"startofyear", []fntest.Arg{d, lng(1)}, "2018-01-01T00:00:00Z"},
		{"endofday", []fntest.Arg{d, lng(-1)}, "2016-12-31T23:59:59.9999999Z"},
		{"endofday", []fntest.Arg{d}, "2017-01-01T23:59:59.9999999Z"},
		{"endofweek", []fntest.Arg{dtv("2025-06-14")}, "2025-06-14T23:59:59.9999999Z"},
		{"endofweek", []fntest.Arg{dtv("2025-06-15")}, "2025-06-21T23:59:59.9999999Z"},
		{"endofmonth", []fntest.Arg{dtv("2024-02-10")}, "2024-02-29T23:59:59.9999999Z"},
		{"endofyear", []fntest.Arg{d, lng(1)}, "2018-12-31T23:59:59.9999999Z"},
		{"endofyear", []fntest.Arg{dtv("9999-05-01")}, "9999-12-31T23:59:59.9999999Z"},
		{"endofyear", []fntest.Arg{dtv("9999-05-01"), lng(1)}, "null"},
		{"startofyear", []fntest.Arg{dtv("0001-05-01"), lng(-1)}, "null"},
		{"startofweek", []fntest.Arg{dtv("0001-01-01")}, "null"},
		{"startofday", []fntest.Arg{d, fntest.Lit(types.Long, nil)}, "null"},
		{"startofday", []fntest.Arg{d, fntest.Lit(types.Int, int32(2))}, "2017-01-03T00:00:00Z"},
		{"startofday", []fntest.Arg{d, real(1.5)}, "error: integer"},
		{"startofmonth", []fntest.Arg{d, lng(1 << 62)}, "null"},
	})
}

func TestStartOfColumnOffsets(t *testing.T) {
	res, _, err := fntest.Call(t, "startofmonth", dtv("2017-01-31 10:00"), fntest.Col(types.Long, int64(-1), int64(0), nil, int64(13)))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2016-12-01T00:00:00Z", "2017-01-01T00:00:00Z", "null", "2018-02-01T00:00:00Z"}
	for i, w := range want {
		if fntest.Text(res[i]) != w {
			t.Errorf("row %d = %s, want %s", i, fntest.Text(res[i]), w)
		}
	}
}

func TestDatetimeAdd(t *testing.T) {
	base := dtv("2017-01-01")
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"datetime_add", []fntest.Arg{strv("year"), lng(1), base}, "2018-01-01T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("quarter"), lng(1), base}, "2017-04-01T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("month"), lng(1), base}, "2017-02-01T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("week"), lng(1), base}, "2017-01-08T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("day"), lng(1), base}, "2017-01-02T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("hour"), lng(1), base}, "2017-01-01T01:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("minute"), lng(1), base}, "2017-01-01T00:01:00Z"},
		{"datetime_add", []fntest.Arg{strv("second"), lng(1), base}, "2017-01-01T00:00:01Z"},
		{"datetime_add", []fntest.Arg{strv("year"), lng(-5), base}, "2012-01-01T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("quarter"), lng(12), base}, "2020-01-01T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("month"), lng(-15), base}, "2015-10-01T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("week"), lng(100), base}, "2018-12-02T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("Month"), lng(1), dtv("2017-01-31 08:00")}, "2017-02-28T08:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("year"), lng(1), dtv("2020-02-29")}, "2021-02-28T00:00:00Z"},
		{"datetime_add", []fntest.Arg{strv("millisecond"), lng(5), base}, "2017-01-01T00:00:00.005Z"},
		{"datetime_add", []fntest.Arg{strv("microsecond"), lng(5), base}, "2017-01-01T00:00:00.000005Z"},
		{"datetime_add", []fntest.Arg{strv("nanosecond"), lng(250), base}, "2017-01-01T00:00:00.0000002Z"},
		{"datetime_add", []fntest.Arg{strv("year"), lng(8000), base}, "null"},
		{"datetime_add", []fntest.Arg{strv("day"), lng(1 << 60), base}, "null"},
		{"datetime_add", []fntest.Arg{strv("day"), fntest.Lit(types.Long, nil), base}, "null"},
		{"datetime_add", []fntest.Arg{strv("day"), lng(1), nullDT}, "null"},
		{"datetime_add", []fntest.Arg{strv("fortnight"), lng(1), base}, "error: period"},
		{"datetime_add", []fntest.Arg{strv("day"), real(1.5), base}, "error: integer"},
		{"datetime_add", []fntest.Arg{fntest.Col(types.String, "day"), lng(1), base}, "error: literal"},
	})
}

func TestDatetimeDiff(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"datetime_diff", []fntest.Arg{strv("year"), dtv("2017-01-01"), dtv("2000-12-31")}, "17"},
		{"datetime_diff", []fntest.Arg{strv("quarter"), dtv("2017-07-01"), dtv("2017-03-30")}, "2"},
		{"datetime_diff", []fntest.Arg{strv("month"), dtv("2017-01-01"), dtv("2015-12-30")}, "13"},
		{"datetime_diff", []fntest.Arg{strv("week"), dtv("2017-10-29 00:00"), dtv("2017-09-30 23:59")}, "5"},
		{"datetime_diff", []fntest.Arg{strv("day"), dtv("2017-10-29 00:00"), dtv("2017-09-30 23:59")}, "29"},
		{"datetime_diff", []fntest.Arg{strv("hour"), dtv("2017-10-31 01:00"), dtv("2017-10-30 23:59")}, "2"},
		{"datetime_diff", []fntest.Arg{strv("minute"), dtv("2017-10-30 23:05:01"), dtv("2017-10-30 23:00:59")}, "5"},
		{"datetime_diff", []fntest.Arg{strv("second"), dtv("2017-10-30 23:00:10.100"), dtv("2017-10-30 23:00:00.900")}, "10"},
		{"datetime_diff", []fntest.Arg{strv("millisecond"), dtv("2017-10-30 23:00:00.200100"), dtv("2017-10-30 23:00:00.100900")}, "100"},
		{"datetime_diff", []fntest.Arg{strv("microsecond"), dtv("2017-10-30 23:00:00.1009001"), dtv("2017-10-30 23:00:00.1008009")}, "100"},
		{"datetime_diff", []fntest.Arg{strv("nanosecond"), dtv("2017-10-30 23:00:00.0000000"), dtv("2017-10-30 23:00:00.0000007")}, "-700"},
		{"datetime_diff", []fntest.Arg{strv("year"), dtv("2000-12-31"), dtv("2017-01-01")}, "-17"},
		{"datetime_diff", []fntest.Arg{strv("nanosecond"), dtv("9999-12-31"), dtv("0001-01-01")}, "null"},
		{"datetime_diff", []fntest.Arg{strv("day"), nullDT, dtv("2017-01-01")}, "null"},
		{"datetime_diff", []fntest.Arg{strv("days"), dtv("2017-01-01"), dtv("2017-01-01")}, "error"},
	})
}

func TestBin(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"bin", []fntest.Arg{real(4.5), lng(1)}, "4"},
		{"bin", []fntest.Arg{tsv("16d"), tsv("7d")}, "14.00:00:00"},
		{"bin", []fntest.Arg{dtv("1970-05-11 13:45:07"), tsv("1d")}, "1970-05-11T00:00:00Z"},
		{"bin", []fntest.Arg{dtv("2024-03-10 13:45:07"), tsv("7d")}, "2024-03-04T00:00:00Z"}, // Monday: counted from 0001-01-01
		{"bin", []fntest.Arg{lng(-1), lng(2)}, "-2"},
		{"bin", []fntest.Arg{real(-1.5), lng(1)}, "-2"},
		{"bin", []fntest.Arg{tsv("-1h"), tsv("1d")}, "-1.00:00:00"},
		{"bin", []fntest.Arg{lng(5), lng(0)}, "null"},
		{"bin", []fntest.Arg{lng(5), lng(-2)}, "null"},
		{"bin", []fntest.Arg{lng(5), fntest.Lit(types.Long, nil)}, "null"},
		{"bin", []fntest.Arg{real(5), real(0)}, "null"},
		{"floor", []fntest.Arg{lng(7), lng(5)}, "5"},
		{"bin", []fntest.Arg{fntest.Lit(types.Int, int32(7)), fntest.Lit(types.Int, int32(5))}, "5"},
		{"bin", []fntest.Arg{dtv("2024-01-01"), lng(5)}, "error: not compatible"},
		{"bin", []fntest.Arg{tsv("1d"), lng(5)}, "error: not compatible"},
		{"bin", []fntest.Arg{lng(1), tsv("1d")}, "error: not compatible"},
		{"bin", []fntest.Arg{strv("a"), lng(1)}, "error: not compatible"},
		{"bin", []fntest.Arg{lng(1)}, "error: 2 arguments"},
		{"bin_at", []fntest.Arg{real(6.5), real(2.5), lng(7)}, "4.5"},
		{"bin_at", []fntest.Arg{tsv("1h"), tsv("1d"), tsv("12h")}, "-12:00:00"},
		{"bin_at", []fntest.Arg{dtv("2017-05-15 10:20:00"), tsv("1d"), dtv("1970-01-01 12:00:00")}, "2017-05-14T12:00:00Z"},
		{"bin_at", []fntest.Arg{dtv("2017-05-17 10:20:00"), tsv("7d"), dtv("2017-06-04 00:00:00")}, "2017-05-14T00:00:00Z"},
		{"bin_at", []fntest.Arg{lng(7), lng(5), lng(1)}, "6"},
		{"bin_at", []fntest.Arg{dtv("2017-05-17"), tsv("7d"), tsv("1d")}, "error: fixed point"},
	})
}

func TestBinTypes(t *testing.T) {
	for _, c := range []struct {
		v, r types.Type
		want types.Type
	}{
		{types.Int, types.Int, types.Long},
		{types.Long, types.Real, types.Real},
		{types.Decimal, types.Long, types.Decimal},
		{types.Long, types.Decimal, types.Decimal},
		{types.Real, types.Int, types.Real},
		{types.DateTime, types.TimeSpan, types.DateTime},
		{types.TimeSpan, types.TimeSpan, types.TimeSpan},
	} {
		_, typ, err := fntest.Call(t, "bin", fntest.Lit(c.v, nil), fntest.Lit(c.r, nil))
		if err != nil || typ != c.want {
			t.Errorf("bin(%s, %s) = %s, %v; want %s", c.v, c.r, typ, err, c.want)
		}
	}
}

func TestBinColumn(t *testing.T) {
	res, _, err := fntest.Call(t, "bin", fntest.Col(types.DateTime, fntest.DT("2024-01-01T10:59:59Z"), nil, fntest.DT("2024-01-01T11:00:00Z")), tsv("1h"))
	if err != nil {
		t.Fatal(err)
	}
	if fntest.Text(res[0]) != "2024-01-01T10:00:00Z" || res[1] != nil || fntest.Text(res[2]) != "2024-01-01T11:00:00Z" {
		t.Errorf("got %v", res)
	}
	res, _, err = fntest.Call(t, "bin", fntest.Col(types.Long, int64(-7), int64(7), nil), fntest.Col(types.Long, int64(5), int64(0), int64(5)))
	if err != nil {
		t.Fatal(err)
	}
	if fntest.Text(res[0]) != "-10" || res[1] != nil || res[2] != nil {
		t.Errorf("got %v", res)
	}
	res, _, err = fntest.Call(t, "bin", fntest.Col(types.Real, 2.5, nil, -0.5), real(1))
	if err != nil {
		t.Fatal(err)
	}
	if fntest.Text(res[0]) != "2" || res[1] != nil || fntest.Text(res[2]) != "-1" {
		t.Errorf("got %v", res)
	}
}

func TestMake(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"make_datetime", []fntest.Arg{lng(2017), lng(10), lng(1)}, "2017-10-01T00:00:00Z"},
		{"make_datetime", []fntest.Arg{lng(2017), lng(10), lng(1), lng(12), lng(10)}, "2017-10-01T12:10:00Z"},
		{"make_datetime", []fntest.Arg{lng(2017), lng(10), lng(1), lng(12), lng(11), real(0.1234567)}, "2017-10-01T12:11:00.1234567Z"},
		{"make_datetime", []fntest.Arg{lng(2017), lng(2), lng(29)}, "null"},
		{"make_datetime", []fntest.Arg{lng(2016), lng(2), lng(29)}, "2016-02-29T00:00:00Z"},
		{"make_datetime", []fntest.Arg{lng(0), lng(1), lng(1)}, "null"},
		{"make_datetime", []fntest.Arg{lng(2017), lng(13), lng(1)}, "null"},
		{"make_datetime", []fntest.Arg{lng(2017), lng(1), lng(1), lng(24), lng(0)}, "null"},
		{"make_datetime", []fntest.Arg{lng(2017), lng(1), lng(1), lng(0), lng(0), real(60)}, "null"},
		{"make_datetime", []fntest.Arg{lng(2017), lng(1), fntest.Lit(types.Long, nil)}, "null"},
		{"make_datetime", []fntest.Arg{lng(2017), lng(1)}, "error"},
		{"make_datetime", []fntest.Arg{dtv("2017-01-02 03:04")}, "2017-01-02T03:04:00Z"},
		{"make_datetime", []fntest.Arg{strv("2017-01-02 03:04")}, "2017-01-02T03:04:00Z"},
		{"make_datetime", []fntest.Arg{fntest.Lit(types.Dynamic, "2017-01-02T03:04:00Z")}, "2017-01-02T03:04:00Z"},
		{"make_datetime", []fntest.Arg{strv("not a date")}, "null"},
		{"make_datetime", []fntest.Arg{lng(2017)}, "error"},
		{"make_timespan", []fntest.Arg{lng(1), lng(12), lng(30), real(55.123)}, "1.12:30:55.1230000"},
		{"make_timespan", []fntest.Arg{lng(2), lng(30)}, "02:30:00"},
		{"make_timespan", []fntest.Arg{lng(2), lng(30), real(1.5)}, "02:30:01.5000000"},
		{"make_timespan", []fntest.Arg{lng(1)}, "error"},
		{"make_timespan", []fntest.Arg{real(1.5), lng(1)}, "error: integer"},
		{"unixtime_seconds_todatetime", []fntest.Arg{lng(1546300800)}, "2019-01-01T00:00:00Z"},
		{"unixtime_seconds_todatetime", []fntest.Arg{real(1546300800.5)}, "2019-01-01T00:00:00.5Z"},
		{"unixtime_seconds_todatetime", []fntest.Arg{real(-1)}, "1969-12-31T23:59:59Z"},
		{"unixtime_milliseconds_todatetime", []fntest.Arg{lng(1546300800000)}, "2019-01-01T00:00:00Z"},
		{"unixtime_milliseconds_todatetime", []fntest.Arg{real(1.5)}, "1970-01-01T00:00:00.0015Z"},
		{"unixtime_microseconds_todatetime", []fntest.Arg{lng(1546300800000000)}, "2019-01-01T00:00:00Z"},
		{"unixtime_nanoseconds_todatetime", []fntest.Arg{lng(1546300800000000000)}, "2019-01-01T00:00:00Z"},
		{"unixtime_nanoseconds_todatetime", []fntest.Arg{lng(1546300800000000123)}, "2019-01-01T00:00:00.0000001Z"},
		{"unixtime_seconds_todatetime", []fntest.Arg{lng(1 << 62)}, "null"},
		{"unixtime_seconds_todatetime", []fntest.Arg{real(1e300)}, "null"},
		{"unixtime_seconds_todatetime", []fntest.Arg{fntest.Lit(types.Long, nil)}, "null"},
		{"unixtime_seconds_todatetime", []fntest.Arg{strv("1")}, "error"},
	})
}

func TestFormat(t *testing.T) {
	d := dtv("2017-01-29 09:00:05")
	f := dtv("2009-06-15T13:45:30.6175425")
	ts := tsv("29.09:00:05.12345")
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"format_datetime", []fntest.Arg{d, strv("yy-MM-dd [HH:mm:ss]")}, "17-01-29 [09:00:05]"},
		{"format_datetime", []fntest.Arg{d, strv("yyyy-M-dd [H:mm:ss]")}, "2017-1-29 [9:00:05]"},
		{"format_datetime", []fntest.Arg{d, strv("yy-MM-dd [hh:mm:ss tt]")}, "17-01-29 [09:00:05 AM]"},
		{"format_datetime", []fntest.Arg{f, strv("h hh tt")}, "1 01 PM"},
		{"format_datetime", []fntest.Arg{f, strv("f.ff.fff.ffff.fffffff")}, "6.61.617.6175.6175425"},
		{"format_datetime", []fntest.Arg{dtv("2009-06-15T13:45:30.0001150"), strv("FFFFFFF|fffffff")}, "000115|0001150"},
		{"format_datetime", []fntest.Arg{dtv("2009-06-15T13:45:30.05"), strv("[F]")}, "[]"},
		{"format_datetime", []fntest.Arg{dtv("2009-06-15T13:45:30"), strv("ss.FFF|")}, "30|"},
		{"format_datetime", []fntest.Arg{dtv("2009-06-15T13:45:30.5"), strv("ss.FFF|")}, "30.5|"},
		{"format_timespan", []fntest.Arg{tsv("00:00:30"), strv("ss.FFF|")}, "30.|"},
		{"format_datetime", []fntest.Arg{dtv("0001-01-01"), strv("y yy yyyy")}, "1 01 0001"},
		{"format_datetime", []fntest.Arg{dtv("1900-01-01"), strv("y yy")}, "0 00"},
		{"format_datetime", []fntest.Arg{dtv("2024-01-01 00:30"), strv("h:mm tt")}, "12:30 AM"},
		{"format_datetime", []fntest.Arg{nullDT, strv("yyyy")}, ""},
		{"format_datetime", []fntest.Arg{d, strv("yyyy-MM-ddTHH")}, "error: 'T'"},
		{"format_datetime", []fntest.Arg{d, strv("MMM")}, "error: 'MMM'"},
		{"format_datetime", []fntest.Arg{d, fntest.Col(types.String, "yyyy")}, "error: literal"},
		{"format_timespan", []fntest.Arg{ts, strv("dd.hh:mm:ss:FF")}, "29.09:00:05:12"},
		{"format_timespan", []fntest.Arg{ts, strv("ddd.h:mm:ss [fffffff]")}, "029.9:00:05 [1234500]"},
		{"format_timespan", []fntest.Arg{tsv("15.13:45:30"), strv("d dd ddd H HH")}, "15 15 015 13 13"},
		{"format_timespan", []fntest.Arg{tsv("-01:02:03"), strv("HH:mm:ss")}, "01:02:03"},
		{"format_timespan", []fntest.Arg{ts, strv("yy")}, "error"},
	})
}

func TestTimeZones(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"datetime_utc_to_local", []fntest.Arg{dtv("2022-07-11 22:18:48.4678620"), strv("US/Pacific")}, "2022-07-11T15:18:48.467862Z"},
		{"datetime_utc_to_local", []fntest.Arg{dtv("2022-07-11 22:18:48.4678620"), strv("Australia/Canberra")}, "2022-07-12T08:18:48.467862Z"},
		{"datetime_utc_to_local", []fntest.Arg{dtv("2022-01-11 22:00"), strv("Europe/London")}, "2022-01-11T22:00:00Z"},
		{"datetime_local_to_utc", []fntest.Arg{dtv("2022-07-11 15:18:48"), strv("US/Pacific")}, "2022-07-11T22:18:48Z"},
		{"datetime_local_to_utc", []fntest.Arg{dtv("2022-12-01 09:00"), strv("Asia/Kolkata")}, "2022-12-01T03:30:00Z"},
		{"datetime_utc_to_local", []fntest.Arg{nullDT, strv("UTC")}, "null"},
		{"datetime_utc_to_local", []fntest.Arg{dtv("2022-01-01"), strv("Mars/Olympus")}, "error: time zone"},
	})
	res, _, err := fntest.Call(t, "datetime_utc_to_local", dtv("2022-07-01"), fntest.Col(types.String, "Asia/Tokyo", "nowhere", "UTC"))
	if err != nil {
		t.Fatal(err)
	}
	if fntest.Text(res[0]) != "2022-07-01T09:00:00Z" || res[1] != nil || fntest.Text(res[2]) != "2022-07-01T00:00:00Z" {
		t.Errorf("got %v", res)
	}
}

func TestCalendarRoundTrip(t *testing.T) {
	for days := int64(0); days < 3652059; days += 37 {
		y, m, d := civil(days)
		if got := daysFromCivil(y, m, d); got != days {
			t.Fatalf("days %d -> %d-%d-%d -> %d", days, y, m, d, got)
		}
	}
	if y, m, d := civil(maxTicks / day); y != 9999 || m != 12 || d != 31 {
		t.Errorf("max date %d-%d-%d", y, m, d)
	}
}

func BenchmarkBinDatetime(b *testing.B) {
	const n = 8192
	ticks := make([]int64, n)
	for i := range ticks {
		ticks[i] = int64(fntest.DT("2024-01-01")) + int64(i)*second
	}
	f, _ := functions.Lookup("bin")
	bound, err := f.Bind([]functions.Arg{{Type: types.DateTime}, {Type: types.TimeSpan, IsConst: true, Value: fntest.TS("1h")}})
	if err != nil {
		b.Fatal(err)
	}
	vecs := []*column.Vector{column.FromInts(types.DateTime, ticks, nil), column.Const(types.TimeSpan, int64(hour), n)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bound.Eval(nil, vecs, n); err != nil {
			b.Fatal(err)
		}
	}
}

func TestISOWeekBoundaries(t *testing.T) {
	for _, c := range []struct {
		d    string
		want string
	}{
		{"2021-01-03", "53"}, {"2021-01-04", "1"}, {"2008-12-29", "1"}, {"2010-01-03", "53"},
		{"2004-12-31", "53"}, {"0001-01-01", "1"}, {"9999-12-31", "52"},
	} {
		if got := fntest.Text(fntest.One(t, "week_of_year", dtv(c.d))); got != c.want {
			t.Errorf("week_of_year(%s) = %s, want %s", c.d, got, c.want)
		}
	}
}

// FuzzFormat checks that any format either fails to bind or formats
// every datetime and timespan without panicking.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{"yyyy-MM-dd HH:mm:ss.fffffff", "FFFFFFF tt h", "dddddddd.HH", "", "[]"} {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, format string, ticks int64) {
		if toks, err := parseFormat("f", format, datetimeSpecs); err == nil {
			appendDatetime(nil, toks, uint64mod(ticks, maxTicks+1))
		}
		if toks, err := parseFormat("f", format, timespanSpecs); err == nil {
			appendTimespan(nil, toks, ticks)
		}
	})
}

func uint64mod(x, m int64) int64 { return int64(uint64(x) % uint64(m)) }
