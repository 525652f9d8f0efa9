package phishing

import (
	"math"
	"sort"
)

// click is one UrlClickEvents row.
type click struct {
	t                                         int64
	url, action, upn, workload, nmid, threats string
	methods, ip, chain, reportID              string
	through                                   bool
}

// Rates per hour at scale 1, averaged over the week (the daily and
// weekly shape moves them around). Together with the scheduled
// campaigns and benign episodes they give about 100k rows at scale 1.
const (
	rateMail          = 16.0
	rateOtherClicks   = 2.2
	rateBgAlerts      = 0.30
	ratePhishNoise    = 0.20
	rateMalwareNoise  = 0.10
	campaignsAtScale1 = 8
	episodesAtScale1  = 10 // per benign case
)

// item is a pending row event: a *message, *click or *alert.
type item struct {
	t   int64
	seq uint64
	ev  any
}

// sim advances through time an hour at a time. Each hour it starts new
// root events (mail arriving, campaigns, background alerts); everything
// a root causes later (clicks, alerts) is queued with its time, and all
// queued events before the hour's end are written in time order. Memory
// is bounded by what is pending, not by the output.
type sim struct {
	r          *rng
	w          *world
	scale      float64
	start, end int64
	cutoff     int64 // end - 30 days: the rule's ago(30d)
	queue      []item
	seq        uint64
	out        *output
	truth      *truthWriter
	sched      []scheduled
	shape      [7 * 24]float64
}

type scheduled struct {
	t   int64
	run func()
}

func newSim(seed uint64, scale float64, start, end int64, w *world, out *output, truth *truthWriter) *sim {
	s := &sim{r: newRNG(seed, 1), w: w, scale: scale, start: start, end: end, cutoff: end - 30*day, out: out, truth: truth}
	s.initShape()
	s.schedule()
	return s
}

// initShape weighs each hour of the week: office hours busy, nights and
// weekends quiet; the weights average to one.
func (s *sim) initShape() {
	total := 0.0
	for i := range s.shape {
		wd, h := i/24, i%24
		x := 0.15
		switch {
		case h >= 7 && h < 18:
			x = 1
		case h >= 18 && h < 22:
			x = 0.35
		}
		if wd >= 5 {
			x *= 0.3
		}
		s.shape[i] = x
		total += x
	}
	mean := total / float64(len(s.shape))
	for i := range s.shape {
		s.shape[i] = float64(s.shape[i] / mean)
	}
}

func (s *sim) weight(t int64) float64 {
	return s.shape[weekday(t)*24+int(t%day/hour)]
}

// countFor scales a count, keeping at least min.
func countFor(base, scale float64, min int) int {
	n := int(math.Round(base * scale))
	if n < min {
		n = min
	}
	return n
}

// schedule places the phishing campaigns and the benign episodes. The
// first of each lands in the rule's 30-day window and the second before
// it, so every scale has both a finding and an old decoy.
func (s *sim) schedule() {
	r := s.r
	span := s.end - s.start
	placed := func(i int) int64 {
		switch i {
		case 0: // inside the window, clear of its edges
			return s.end - 27*day + r.int64n(24*day)
		case 1: // too old for the rule
			return s.start + r.int64n(span/2-2*day)
		}
		return s.start + r.int64n(span-hour)
	}
	sq := math.Sqrt(s.scale)
	for i, n := 0, countFor(campaignsAtScale1, sq, 3); i < n; i++ {
		t := placed(i)
		targets := int(math.Round(float64(20+r.intn(130)) * sq))
		if targets < 6 {
			targets = 6
		}
		malware := i >= 2 && r.chance(0.2)
		sure := i == 0
		s.sched = append(s.sched, scheduled{t, func() { s.runCampaign(s.newCampaign(t, targets, malware, sure)) }})
	}
	for bc := benignCase(0); bc < numCases; bc++ {
		for i, n := 0, countFor(episodesAtScale1, s.scale, 3); i < n; i++ {
			t := placed(i)
			s.sched = append(s.sched, scheduled{t, func() { s.benignEpisode(t, bc) }})
		}
	}
	// One alert of every background kind, so that every AlertEvidence
	// column has values at any scale.
	for i, bg := range backgroundAlerts {
		t := s.start + int64(i+1)*span/int64(len(backgroundAlerts)+2) + r.int64n(day)
		s.sched = append(s.sched, scheduled{t, func() { s.raise(t, bg) }})
	}
	sort.SliceStable(s.sched, func(i, j int) bool { return s.sched[i].t < s.sched[j].t })
}

// run generates everything from start to end.
func (s *sim) run() error {
	next := 0
	for h := s.start; h < s.end; h += hour {
		to := min(h+hour, s.end)
		k := float64(s.scale * s.weight(h))
		s.poisson(h, to, rateMail*k, s.ordinaryMail)
		s.poisson(h, to, rateOtherClicks*k, s.teamsClick)
		s.poisson(h, to, rateBgAlerts*s.scale, s.backgroundAlert)
		s.poisson(h, to, ratePhishNoise*k, func(t int64) { s.runCampaign(s.newCampaign(t, s.r.between(1, 3), false, false)) })
		s.poisson(h, to, rateMalwareNoise*k, func(t int64) { s.runCampaign(s.newCampaign(t, s.r.between(1, 2), true, false)) })
		for ; next < len(s.sched) && s.sched[next].t < to; next++ {
			s.sched[next].run()
		}
		if err := s.drain(to); err != nil {
			return err
		}
	}
	return s.drain(s.end)
}

// poisson calls f at the arrivals of a Poisson process of the given
// hourly rate in [from, to).
func (s *sim) poisson(from, to int64, perHour float64, f func(int64)) {
	if perHour <= 0 {
		return
	}
	mean := float64(float64(hour) / perHour)
	for t := from + int64(s.r.exp(mean)); t < to; t += int64(s.r.exp(mean)) {
		f(t)
	}
}

func (s *sim) push(t int64, ev any) bool {
	if t >= s.end || t < s.start {
		return false
	}
	s.seq++
	s.queue = append(s.queue, item{t, s.seq, ev})
	// sift up
	q := s.queue
	i := len(q) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(q[i], q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
	return true
}

func less(a, b item) bool { return a.t < b.t || a.t == b.t && a.seq < b.seq }

func (s *sim) pop() item {
	q := s.queue
	top := q[0]
	n := len(q) - 1
	q[0] = q[n]
	q[n] = item{}
	q = q[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && less(q[r], q[l]) {
			m = r
		}
		if !less(q[m], q[i]) {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	s.queue = q
	return top
}

// drain writes every queued event before to, in time order.
func (s *sim) drain(to int64) error {
	for len(s.queue) > 0 && s.queue[0].t < to {
		it := s.pop()
		switch ev := it.ev.(type) {
		case *message:
			s.emitMessage(ev)
		case *click:
			s.emitClick(ev)
		case *alert:
			s.emitAlert(ev)
		}
		if err := s.out.err(); err != nil {
			return err
		}
	}
	return nil
}

func (s *sim) pushMessage(m *message) bool { return s.push(m.t, m) }
func (s *sim) pushClick(c *click) bool     { return s.push(c.t, c) }
func (s *sim) pushAlert(a *alert) bool     { return s.push(a.t, a) }

// msgTrack follows one message that may raise rule-matching alerts, to
// write truth.json: the clicks written for it and its alerts.
type msgTrack struct {
	m         *message
	caseName  string
	malicious bool
	clicks    []*click
	alerts    []*alert
}

func (s *sim) track(m *message, caseName string, malicious bool) *msgTrack {
	return &msgTrack{m: m, caseName: caseName, malicious: malicious}
}

func (s *sim) trackClick(tr *msgTrack, c *click) {
	if s.pushClick(c) {
		tr.clicks = append(tr.clicks, c)
	}
}

// finish records the message's clicks in truth.json when the rule finds
// them: some alert of a matching title, within the last 30 days, holds
// the message as MailMessage evidence; the rule's second join then
// returns every click on the message.
func (s *sim) finish(tr *msgTrack) {
	var ids []string
	for _, a := range tr.alerts {
		if a.t > s.cutoff {
			ids = append(ids, a.id)
		}
	}
	if len(ids) == 0 || len(tr.clicks) == 0 {
		return
	}
	s.truth.add(tr, ids)
}
