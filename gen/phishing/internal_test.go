package phishing

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
	"time"
)

func TestLn(t *testing.T) {
	for _, x := range []float64{1, 0.5, 0.1, 1e-9, 2.2250738585072014e-308, 0.999999, 0.7071, 3, 1e300} {
		got, want := ln(x), math.Log(x)
		if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("ln(%g) = %.17g, want %.17g", x, got, want)
		}
	}
}

func TestRNG(t *testing.T) {
	a, b := newRNG(1, 1), newRNG(1, 1)
	c := newRNG(2, 1)
	same := 0
	for i := 0; i < 100; i++ {
		x, y, z := a.u64(), b.u64(), c.u64()
		if x != y {
			t.Fatal("same seed, different streams")
		}
		if x == z {
			same++
		}
	}
	if same > 0 {
		t.Error("seeds 1 and 2 agree")
	}
	r := newRNG(3, 3)
	sum := 0.0
	for i := 0; i < 100000; i++ {
		if n := r.intn(7); n < 0 || n >= 7 {
			t.Fatalf("intn(7) = %d", n)
		}
		sum += r.exp(2)
	}
	if mean := sum / 100000; math.Abs(mean-2) > 0.05 {
		t.Errorf("exp mean %g, want 2", mean)
	}
	if g := r.guid(); len(g) != 36 || g[8] != '-' || g[23] != '-' {
		t.Errorf("guid %q", g)
	}
}

func TestAppendTime(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 23, 59, 59, 999999900, time.UTC),
		time.Date(1969, 12, 31, 23, 0, 0, 100, time.UTC),
		time.Date(2000, 1, 1, 12, 30, 5, 123456700, time.UTC),
		time.Date(2100, 12, 31, 1, 2, 3, 0, time.UTC),
	} {
		got := timeText(toTicks(tm))
		want := tm.Format("2006-01-02T15:04:05.0000000Z")
		if got != want {
			t.Errorf("%v: %s, want %s", tm, got, want)
		}
		if !fromTicks(toTicks(tm)).Equal(tm) {
			t.Errorf("%v does not round-trip", tm)
		}
	}
	// Monday 2025-03-03.
	if wd := weekday(toTicks(time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC))); wd != 0 {
		t.Errorf("weekday = %d, want 0 (Monday)", wd)
	}
}

func TestAppendStr(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "tab\tnl\ncr\r", "\x00\x01\x1f", "José 見積書 Ваш", "emoji 🎣"} {
		b := appendStr(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Errorf("%q -> %s -> %q (%v)", s, b, back, err)
		}
	}
	o := jsonText(func(o *obj) {
		o.str("a", "x")
		o.int("b", -3)
		o.intOrNull("c", -1)
		o.bool("d", true)
		o.raw("e", []byte(jsonArray("p", "q")))
	})
	if o != `{"a":"x","b":-3,"c":null,"d":true,"e":["p","q"]}` {
		t.Errorf("jsonText: %s", o)
	}
}

func TestHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.b.com/x?y": "a.b.com", "http://10.0.0.1:8443/ui/": "10.0.0.1", "https://h#frag": "h", "https://h": "h",
	} {
		if got := hostOf(in); got != want {
			t.Errorf("hostOf(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{"見積書の送付 (1)": "ja", "恭喜您获得大奖": "zh-Hans", "Ваш выигрыш": "ru",
		"RE: Angebot Nr. 5": "de", "Rappel : facture": "fr", "Hello": ""} {
		if got := langOf(in); got != want {
			t.Errorf("langOf(%s) = %q, want %q", in, got, want)
		}
	}
	r := newRNG(5, 5)
	for i := 0; i < 1000; i++ {
		ip := r.publicIPv4()
		if ip[:3] == "10." || ip[:4] == "127." || ip[:8] == "192.168." {
			t.Fatalf("publicIPv4 gave %s", ip)
		}
	}
	if got := r.ipv6("2a01:111:f403:"); countColons(got) != 7 {
		t.Errorf("ipv6 %s", got)
	}
	if n := len(permN(r, 10, 10)); n != 10 {
		t.Errorf("permN gave %d", n)
	}
}

// BenchmarkGenerate measures output speed (MB/s of JSON) at scale 0.5,
// or QUARRY_GEN_SCALE; QUARRY_GEN_GZIP=1 compresses:
//
//	QUARRY_GEN_SCALE=10 go test -run - -bench Generate ./gen/phishing
func BenchmarkGenerate(b *testing.B) {
	scale := 0.5
	if s := os.Getenv("QUARRY_GEN_SCALE"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 {
			b.Fatalf("QUARRY_GEN_SCALE=%q: want a positive number", s)
		}
		scale = v
	}
	gz := os.Getenv("QUARRY_GEN_GZIP") == "1"
	dir := b.TempDir()
	var rows int64
	for b.Loop() {
		sum, err := Generate(Config{Dir: dir, Scale: scale, Seed: 1, Gzip: gz})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(sum.Bytes)
		rows = sum.Rows
	}
	b.ReportMetric(float64(rows), "rows/op")
}
