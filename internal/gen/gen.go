// Package gen generates synthetic Defender XDR tables (AlertInfo,
// AlertEvidence, UrlClickEvents) for benchmarks and scale tests. Output is
// a pure function of Config: the same seed gives the same rows, so a
// benchmark measures the engine and not the data.
//
// Shapes follow what a tenant's export looks like: a few percent of alerts
// are URL-click phishing alerts, each alert has a handful of evidence rows
// of several entity types, and NetworkMessageIds of mail evidence are
// shared with URL clicks (campaign mail gets most clicks and most alerts).
package gen

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/table"
)

// Full-scale row counts (Scale 1).
const (
	BaseAlerts   = 200_000
	BaseEvidence = 1_000_000
	BaseClicks   = 5_000_000
)

// Config says what to generate.
type Config struct {
	Seed  uint64
	Scale float64 // 1 = 200k alerts, 1M evidence rows, 5M clicks
	// Now anchors timestamps: rows fall within the Days before it.
	Now  value.DateTime
	Days int // default 60
	// Schema gives each table's columns (normally the built-in catalog).
	// Columns the generator knows get realistic values; any others are
	// constant empty strings or nulls.
	Schema func(name string) (types.Schema, bool)
}

// Data is a generated data set.
type Data struct {
	AlertInfo, AlertEvidence, UrlClickEvents *table.Table
}

// Tables lists the three tables.
func (d *Data) Tables() []*table.Table {
	return []*table.Table{d.AlertInfo, d.AlertEvidence, d.UrlClickEvents}
}

func scaled(base int, s float64) int {
	n := int(float64(base)*s + 0.5)
	return max(n, 1)
}

// Generate builds the three tables.
func Generate(cfg Config) (*Data, error) {
	if cfg.Scale <= 0 {
		return nil, fmt.Errorf("gen: scale must be positive, got %v", cfg.Scale)
	}
	if cfg.Days <= 0 {
		cfg.Days = 60
	}
	if cfg.Now == 0 {
		return nil, fmt.Errorf("gen: Config.Now is required (generated data must not depend on the clock)")
	}
	schemas := map[string]types.Schema{}
	for _, name := range []string{"AlertInfo", "AlertEvidence", "UrlClickEvents"} {
		s, ok := cfg.Schema(name)
		if !ok {
			return nil, fmt.Errorf("gen: no schema for %s", name)
		}
		schemas[name] = s
	}
	g := &generator{
		cfg:       cfg,
		rng:       rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		nAlerts:   scaled(BaseAlerts, cfg.Scale),
		nEvidence: scaled(BaseEvidence, cfg.Scale),
		nClicks:   scaled(BaseClicks, cfg.Scale),
		nMessages: scaled(2*BaseAlerts*5, cfg.Scale),
		nUsers:    scaled(20_000, cfg.Scale),
		start:     int64(cfg.Now) - int64(cfg.Days)*value.Day,
	}
	g.users = make([]string, g.nUsers)
	for i := range g.users {
		g.users[i] = fmt.Sprintf("%s.%s%d@contoso.com", firstNames[i%len(firstNames)], lastNames[(i/len(firstNames))%len(lastNames)], i)
	}
	g.messages = make([]string, g.nMessages)
	for i := range g.messages {
		g.messages[i] = g.messageID(i)
	}
	d := &Data{}
	d.AlertInfo = g.alerts(schemas["AlertInfo"])
	d.AlertEvidence = g.evidence(schemas["AlertEvidence"])
	d.UrlClickEvents = g.clicks(schemas["UrlClickEvents"])
	return d, nil
}

type alert struct {
	ts    int64
	id    string
	title int
}

type generator struct {
	cfg                                    Config
	rng                                    *rand.Rand
	nAlerts, nEvidence, nClicks, nMessages int
	nUsers                                 int
	start                                  int64
	users                                  []string
	messages                               []string // NetworkMessageId of message i
	alertRows                              []alert
}

// messageID is the NetworkMessageId of message i: a GUID derived from
// the seed, so evidence and clicks agree on it without a shared table.
func (g *generator) messageID(i int) string {
	a := mix(g.cfg.Seed ^ uint64(i)*0x9e3779b97f4a7c15)
	b := mix(a ^ 0xda942042e4dd58b5)
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[:8], a)
	binary.BigEndian.PutUint64(raw[8:], b)
	var out [36]byte
	hex.Encode(out[0:8], raw[0:4])
	hex.Encode(out[9:13], raw[4:6])
	hex.Encode(out[14:18], raw[6:8])
	hex.Encode(out[19:23], raw[8:10])
	hex.Encode(out[24:36], raw[10:16])
	out[8], out[13], out[18], out[23] = '-', '-', '-', '-'
	return string(out[:])
}

// mix is splitmix64's finalizer: a bijection, so distinct inputs give
// distinct ids.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// clickedMessage draws the message a click comes from: mostly any mail,
// but one click in ten is on a campaign message (the first 1% of the
// pool), so campaign mail gets about ten times the clicks of other mail.
func (g *generator) clickedMessage() int {
	if g.rng.IntN(10) == 0 {
		return g.rng.IntN(g.campaign())
	}
	return g.rng.IntN(g.nMessages)
}

// alertedMessage draws the mail behind a URL-click alert: mostly campaign
// mail.
func (g *generator) alertedMessage() int {
	if g.rng.IntN(10) < 7 {
		return g.rng.IntN(g.campaign())
	}
	return g.rng.IntN(g.nMessages)
}

func (g *generator) campaign() int { return max(1, g.nMessages/100) }

func (g *generator) timestamp() int64 {
	return g.start + g.rng.Int64N(int64(g.cfg.Days)*value.Day)
}

func pick(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
