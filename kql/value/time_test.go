package value

import (
	"testing"
	"time"
)

func dt(y, mo, d, h, mi, s, ns int) DateTime {
	return FromTime(time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC))
}

func TestFormatDateTime(t *testing.T) {
	cases := []struct {
		in   DateTime
		want string
	}{
		{dt(2024, 1, 1, 0, 0, 0, 0), "2024-01-01T00:00:00Z"},
		{dt(2024, 1, 1, 10, 0, 0, 0), "2024-01-01T10:00:00Z"},
		{dt(2024, 2, 29, 23, 59, 59, 500000000), "2024-02-29T23:59:59.5Z"},
		{dt(2015, 12, 31, 23, 59, 59, 123456700), "2015-12-31T23:59:59.1234567Z"},
		{0, "0001-01-01T00:00:00Z"},
		{DateTime(MaxDateTime), "9999-12-31T23:59:59.9999999Z"},
		{DateTime(UnixEpoch), "1970-01-01T00:00:00Z"},
		{DateTime(31241376000000000), "0100-01-01T00:00:00Z"},
	}
	for _, c := range cases {
		if got := FormatDateTime(c.in); got != c.want {
			t.Errorf("FormatDateTime(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCivilRoundTrip(t *testing.T) {
	for days := int64(0); days < 3652059; days += 17 {
		y, m, d := civil(days)
		if back := daysFrom(y, m, d); back != days {
			t.Fatalf("daysFrom(civil(%d)) = %d (%d-%d-%d)", days, back, y, m, d)
		}
		want := DateTime(days * Day).Time()
		if want.Year() != y || int(want.Month()) != m || want.Day() != d {
			t.Fatalf("civil(%d) = %d-%d-%d, time says %v", days, y, m, d, want)
		}
	}
}

func TestTimeRoundTrip(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999900, time.UTC),
		time.Date(2024, 5, 6, 7, 8, 9, 100, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999900, time.UTC),
	} {
		if got := FromTime(tm).Time(); !got.Equal(tm) {
			t.Errorf("round trip of %v gave %v", tm, got)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	ok := []struct {
		in   string
		want DateTime
	}{
		{"2014-05-25T08:20:03.123456Z", dt(2014, 5, 25, 8, 20, 3, 123456000)},
		{"2014-05-25T08:20:03.123456", dt(2014, 5, 25, 8, 20, 3, 123456000)},
		{"2014-05-25T08:20", dt(2014, 5, 25, 8, 20, 0, 0)},
		{"2014-11-08 15:55:55.123456Z", dt(2014, 11, 8, 15, 55, 55, 123456000)},
		{"2014-11-08 15:55:55", dt(2014, 11, 8, 15, 55, 55, 0)},
		{"2014-11-08 15:55", dt(2014, 11, 8, 15, 55, 0, 0)},
		{"2014-11-08", dt(2014, 11, 8, 0, 0, 0, 0)},
		{"  2014-11-08  ", dt(2014, 11, 8, 0, 0, 0, 0)},
		{"2024-01-01T10:00:00.0000000Z", dt(2024, 1, 1, 10, 0, 0, 0)},
		{"2024-01-01T10:00:00.123456789Z", dt(2024, 1, 1, 10, 0, 0, 123456700)},
		{"2024-01-01T10:00:00+02:00", dt(2024, 1, 1, 8, 0, 0, 0)},
		{"2024-01-01T10:00:00-0130", dt(2024, 1, 1, 11, 30, 0, 0)},
		{"2024-01-01T10:00:00 GMT", dt(2024, 1, 1, 10, 0, 0, 0)},
		{"2024/01/01 10:00", dt(2024, 1, 1, 10, 0, 0, 0)},
		{"Sat, 8 Nov 14 15:05:02 GMT", dt(2014, 11, 8, 15, 5, 2, 0)},
		{"Sat, 8 Nov 14 15:05:02", dt(2014, 11, 8, 15, 5, 2, 0)},
		{"Sat, 8 Nov 14 15:05", dt(2014, 11, 8, 15, 5, 0, 0)},
		{"Sat, 8 Nov 14 15:05 GMT", dt(2014, 11, 8, 15, 5, 0, 0)},
		{"8 Nov 14 15:05:02 GMT", dt(2014, 11, 8, 15, 5, 2, 0)},
		{"Mon, 06 May 1999 04:57:00 GMT", dt(1999, 5, 6, 4, 57, 0, 0)},
		{"Sat, 08 Nov 2014 15:05:02 EST", dt(2014, 11, 8, 20, 5, 2, 0)},
		{"Saturday, 08-Nov-14 15:05:02 GMT", dt(2014, 11, 8, 15, 5, 2, 0)},
		{"Saturday, 08-Nov-14 15:05", dt(2014, 11, 8, 15, 5, 0, 0)},
		{"08-Nov-14 15:05:02 GMT", dt(2014, 11, 8, 15, 5, 2, 0)},
		{"08-Nov-99 15:05:02", dt(1999, 11, 8, 15, 5, 2, 0)},
		{"11/08/2014 3:05:02 PM", dt(2014, 11, 8, 15, 5, 2, 0)},
		{"11/08/2014 12:05:02 AM", dt(2014, 11, 8, 0, 5, 2, 0)},
		{"1/2/2014", dt(2014, 1, 2, 0, 0, 0, 0)},
		{"2024-02-29", dt(2024, 2, 29, 0, 0, 0, 0)},
		{"0001-01-01", 0},
		{"9999-12-31T23:59:59.9999999Z", DateTime(MaxDateTime)},
	}
	for _, c := range ok {
		got, good := ParseDateTime(c.in)
		if !good || got != c.want {
			t.Errorf("ParseDateTime(%q) = %v %v, want %v", c.in, FormatDateTime(got), good, FormatDateTime(c.want))
		}
	}
	bad := []string{"", "x", "2024", "2024-13-01", "2023-02-29", "2024-01-32", "2024-01-01T25:00",
		"2024-01-01T10:60", "2024-01-01T10:00:61", "2024-01-01X", "2024-01-01T10:00:00+", "hello world",
		"Sat, 32 Nov 14 15:05", "Sat, 8 Foo 14 15:05", "2024-01-01T10:00:00.Z", "0000-12-31", "9999-12-31T23:59:59-01:00",
		"2024-01-01T10:00:00 XYZ", "13/01/2024", "2024-01-01T10:00:00Zjunk", "１２３４-01-01"}
	for _, s := range bad {
		if got, good := ParseDateTime(s); good {
			t.Errorf("ParseDateTime(%q) = %v, want failure", s, FormatDateTime(got))
		}
	}
}

func TestTimeSpan(t *testing.T) {
	fmtCases := []struct {
		in   TimeSpan
		want string
	}{
		{0, "00:00:00"},
		{TimeSpan(3 * Minute), "00:03:00"},
		{TimeSpan(4 * Day), "4.00:00:00"},
		{TimeSpan(5 * Hour), "05:00:00"},
		{TimeSpan(Day + 12*Hour + 30*Minute + 55*Second + 1230000), "1.12:30:55.1230000"},
		{TimeSpan(-90 * Minute), "-01:30:00"},
		{TimeSpan(1), "00:00:00.0000001"},
		{TimeSpan(-1), "-00:00:00.0000001"},
	}
	for _, c := range fmtCases {
		if got := FormatTimeSpan(c.in); got != c.want {
			t.Errorf("FormatTimeSpan(%d) = %q, want %q", c.in, got, c.want)
		}
		if back, ok := ParseTimeSpan(c.want); !ok || back != c.in {
			t.Errorf("ParseTimeSpan(%q) = %d %v, want %d", c.want, back, ok, c.in)
		}
	}
	parse := []struct {
		in   string
		want int64
	}{
		{"0.00:03:00", 3 * Minute},
		{"00:10:00", 10 * Minute},
		{"1.02:03:04.5", Day + 2*Hour + 3*Minute + 4*Second + 5000000},
		{"10:30", 10*Hour + 30*Minute},
		{"1d", Day},
		{"2h", 2 * Hour},
		{"1.5h", 90 * Minute},
		{"30m", 30 * Minute},
		{"25min", 25 * Minute},
		{"10s", 10 * Second},
		{"0.1s", Second / 10},
		{"100ms", 100 * Millisecond},
		{"10microsecond", 10 * Microsecond},
		{"1tick", 1},
		{"15 seconds", 15 * Second},
		{"2", 2 * Day},
		{"-1d", -Day},
		{"  3h ", 3 * Hour},
	}
	for _, c := range parse {
		if got, ok := ParseTimeSpan(c.in); !ok || int64(got) != c.want {
			t.Errorf("ParseTimeSpan(%q) = %d %v, want %d", c.in, got, ok, c.want)
		}
	}
	for _, s := range []string{"", "abc", "1x", "1:60", "25:00:00", "1.2.3", "1d2h", "-", "1:2:3:4:5", "99999999999999999999d"} {
		if got, ok := ParseTimeSpan(s); ok {
			t.Errorf("ParseTimeSpan(%q) = %d, want failure", s, got)
		}
	}
}

func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"2024-01-01T10:00:00Z", "Sat, 8 Nov 14 15:05:02 GMT", "11/08/2014 3:05 PM", "2024-01-01 10:00:00.1234567+02:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDateTime(s)
		if !ok {
			return
		}
		if int64(d) < 0 || int64(d) > MaxDateTime {
			t.Fatalf("ParseDateTime(%q) out of range: %d", s, d)
		}
		back, ok := ParseDateTime(FormatDateTime(d))
		if !ok || back != d {
			t.Fatalf("round trip of %q via %q failed", s, FormatDateTime(d))
		}
	})
}

func FuzzParseTimeSpan(f *testing.F) {
	for _, s := range []string{"1.02:03:04.5", "1d", "-10:00", "15 seconds"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, ok := ParseTimeSpan(s)
		if !ok {
			return
		}
		if back, ok := ParseTimeSpan(FormatTimeSpan(ts)); !ok || back != ts {
			t.Fatalf("round trip of %q via %q failed", s, FormatTimeSpan(ts))
		}
	})
}
