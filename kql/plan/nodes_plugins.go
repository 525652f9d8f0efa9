package plan

import "github.com/quarryhunt/quarry/kql/types"

// Nodes of the evaluate plugins that analyse activity over a timeline
// (activity_counts_metrics, activity_metrics, activity_engagement,
// new_activity_metrics, active_users_count, sliding_window_counts,
// rolling_percentile, funnel_sequence_completion), sequence_detect and
// dcount_intersect.

// Timeline is one of the timeline plugins, named by Kind. Column fields
// are input column indexes (-1 when the plugin has none); the scalar
// arguments are expressions without columns, evaluated once at run time
// (nil when the query leaves them out). Which fields a Kind reads:
//
//	activity_counts_metrics  ID Time Start End Step Dims
//	activity_metrics         ID Time [Start End] Step Dims
//	activity_engagement      ID Time [Start End] Step (inner window) Window (outer window) Dims
//	new_activity_metrics     ID Time Start End Step [Cohort] Dims [Lookback LookbackID]
//	active_users_count       ID Time Start End Window (lookback) Period Count (active periods) Step Dims
//	sliding_window_counts    ID Time Start End Window (lookback) Step Dims
//	rolling_percentile       Value Percentile Time Step Count (bins per window) Dims
//	funnel_sequence_completion ID Time Start End Step State Sequence Periods
//
// Out is the plugin's result schema (Time's column keeps its name and
// type; see the binder for each Kind's columns).
type Timeline struct {
	Input      Node
	Kind       string
	ID, Time   int
	Value      int
	State      int
	Dims       []int
	Start, End Expr
	Step       Expr
	Window     Expr
	Period     Expr
	Count      Expr
	Cohort     Expr
	Percentile Expr
	Sequence   Expr // constant dynamic array of states
	Periods    Expr // constant dynamic array of timespans
	Lookback   Node
	LookbackID int // the id column of Lookback
	Out        types.Schema
}

// SequenceDetect is evaluate sequence_detect(Time, MaxStepWindow,
// MaxSpan, Steps..., Dims...): within each combination of the Dims
// columns, every chain of rows r1, r2, ... (one per step, in time order,
// row ri satisfying Steps[i]) whose consecutive steps are at most
// StepWindow apart and whose whole span is at most Span. Out is the Dims
// columns, one datetime column per step, then Duration:timespan.
type SequenceDetect struct {
	Input      Node
	Time       int
	StepWindow Expr
	Span       Expr
	Steps      []Expr
	Dims       []int
	Out        types.Schema
}

// DcountIntersect is evaluate dcount_intersect(hll_1, ..., hll_n): the
// input rows with n long columns s0..s(n-1) appended, s(k) being the
// distinct count of the intersection of the sets hll_1..hll_(k+1).
type DcountIntersect struct {
	Input Node
	Args  []Expr
	Out   types.Schema
}

func (n *Timeline) Schema() types.Schema        { return n.Out }
func (n *SequenceDetect) Schema() types.Schema  { return n.Out }
func (n *DcountIntersect) Schema() types.Schema { return n.Out }

func (n *Timeline) Inputs() []Node {
	if n.Lookback != nil {
		return []Node{n.Input, n.Lookback}
	}
	return []Node{n.Input}
}
func (n *SequenceDetect) Inputs() []Node  { return []Node{n.Input} }
func (n *DcountIntersect) Inputs() []Node { return []Node{n.Input} }

func rebuildOpt(e Expr, ex func(Expr) Expr) Expr {
	if e == nil {
		return nil
	}
	return ex(e)
}

// Rebuild implements Rebuilder.
func (n *Timeline) Rebuild(in func(Node) Node, ex func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	if n.Lookback != nil {
		c.Lookback = in(n.Lookback)
	}
	for _, p := range []*Expr{&c.Start, &c.End, &c.Step, &c.Window, &c.Period, &c.Count, &c.Cohort, &c.Percentile, &c.Sequence, &c.Periods} {
		*p = rebuildOpt(*p, ex)
	}
	return &c
}

// Rebuild implements Rebuilder.
func (n *SequenceDetect) Rebuild(in func(Node) Node, ex func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	c.StepWindow, c.Span = ex(n.StepWindow), ex(n.Span)
	c.Steps = make([]Expr, len(n.Steps))
	for i, s := range n.Steps {
		c.Steps[i] = ex(s)
	}
	return &c
}

// Rebuild implements Rebuilder.
func (n *DcountIntersect) Rebuild(in func(Node) Node, ex func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	c.Args = make([]Expr, len(n.Args))
	for i, a := range n.Args {
		c.Args[i] = ex(a)
	}
	return &c
}
