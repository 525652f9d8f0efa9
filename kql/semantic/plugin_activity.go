package semantic

import (
	"fmt"
	"strconv"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// activityPlugin binds the timeline plugins (see plan.Timeline), and
// sequence_detect and dcount_intersect. ok is false when name is none of
// them.
func (b *binder) activityPlugin(name string, call *syntax.Call, in plan.Node, sc *scope) (plan.Node, bool) {
	if in == nil {
		switch name {
		case "activity_counts_metrics", "activity_metrics", "activity_engagement", "new_activity_metrics",
			"active_users_count", "sliding_window_counts", "rolling_percentile", "funnel_sequence_completion",
			"sequence_detect", "dcount_intersect", "session_count", "funnel_sequence":
			b.errorf(call.Pos(), "KS205", "%s needs an input table.", name)
			return nil, true
		}
		return nil, false
	}
	p := &pluginArgs{b: b, name: name, call: call, in: in, sc: sc, inS: in.Schema()}
	switch name {
	case "activity_counts_metrics":
		return p.activityCounts(), true
	case "activity_metrics":
		return p.activityMetrics(), true
	case "activity_engagement":
		return p.activityEngagement(), true
	case "new_activity_metrics":
		return p.newActivityMetrics(), true
	case "active_users_count":
		return p.activeUsers(), true
	case "sliding_window_counts":
		return p.slidingWindow(), true
	case "rolling_percentile":
		return p.rollingPercentile(), true
	case "funnel_sequence_completion":
		return p.funnelCompletion(), true
	case "sequence_detect":
		return p.sequenceDetect(), true
	case "dcount_intersect":
		return p.dcountIntersect(), true
	case "session_count":
		b.errorf(call.Pos(), codeUnsupported, "the evaluate plugin 'session_count' is not supported: its documentation does not define when a session starts and ends precisely enough to give Kusto's counts.")
		return nil, true
	case "funnel_sequence":
		b.errorf(call.Pos(), codeUnsupported, "the evaluate plugin 'funnel_sequence' is not supported: it returns three tables, and its documentation does not define which states count as previous and next or which ids are sampled.")
		return nil, true
	}
	return nil, false
}

// pluginArgs reads a plugin's positional arguments.
type pluginArgs struct {
	b    *binder
	name string
	call *syntax.Call
	in   plan.Node
	sc   *scope
	inS  types.Schema
	bad  bool
}

func (p *pluginArgs) fail(x syntax.Expr, format string, args ...any) {
	if !p.bad {
		p.b.errorf(x.Pos(), "KS107", format, args...)
	}
	p.bad = true
}

func (p *pluginArgs) count(min, max int) bool {
	n := len(p.call.Args)
	if n < min || (max >= 0 && n > max) {
		if max < 0 {
			p.b.errorf(p.call.Pos(), "KS119", "The plugin '%s' expects at least %d arguments.", p.name, min)
		} else {
			p.b.errorf(p.call.Pos(), "KS119", "The plugin '%s' expects %d to %d arguments.", p.name, min, max)
		}
		p.bad = true
		return false
	}
	return true
}

// column reads argument i as a column name of the input.
func (p *pluginArgs) column(i int) int {
	x := p.call.Args[i]
	if ne, ok := x.(*syntax.NamedExpr); ok {
		x = ne.X
	}
	id, ok := x.(*syntax.Ident)
	if !ok || p.inS.Index(id.Name) < 0 {
		p.fail(x, "Column name expected: argument %d of '%s' must name a column of its input.", i+1, p.name)
		return -1
	}
	return p.inS.Index(id.Name)
}

// timeline reads argument i as the timeline column: a datetime, a
// timespan or an integer.
func (p *pluginArgs) timeline(i int) int {
	c := p.column(i)
	if c < 0 {
		return -1
	}
	switch p.inS[c].Type {
	case types.DateTime, types.TimeSpan, types.Long, types.Int:
		return c
	}
	p.fail(p.call.Args[i], "The timeline column '%s' of '%s' must be a datetime, a timespan or an integer, not %s.", p.inS[c].Name, p.name, p.inS[c].Type)
	return -1
}

// scalar reads argument i as an expression without columns whose type is
// one of ts (any type when ts is empty).
func (p *pluginArgs) scalar(i int, what string, ts ...types.Type) plan.Expr {
	x := p.call.Args[i]
	e := p.b.expr(x, p.sc, nil)
	if isBad(e) {
		p.bad = true
		return nil
	}
	if len(ts) == 0 {
		return e
	}
	for _, t := range ts {
		if e.Type() == t {
			return e
		}
	}
	p.fail(x, "The %s of '%s' must be a constant of type %s, not %s.", what, p.name, typeList(ts), e.Type())
	return nil
}

// step reads a bin size: a timespan for a datetime or timespan timeline,
// an integer for an integer timeline.
func (p *pluginArgs) step(i, time int, what string) plan.Expr {
	if time < 0 {
		return nil
	}
	if p.inS[time].Type.IsTemporal() {
		return p.scalar(i, what, types.TimeSpan)
	}
	return p.scalar(i, what, types.Long, types.Int)
}

// bound reads Start or End: the timeline's type (a timespan or datetime
// as the timeline is, an integer for an integer timeline).
func (p *pluginArgs) bound(i, time int, what string) plan.Expr {
	if time < 0 {
		return nil
	}
	t := p.inS[time].Type
	if t == types.Int {
		t = types.Long
	}
	if t == types.Long {
		return p.scalar(i, what, types.Long, types.Int)
	}
	return p.scalar(i, what, t)
}

// dims reads the arguments from i on as dimension column names.
func (p *pluginArgs) dims(i int) []int {
	var out []int
	for ; i < len(p.call.Args); i++ {
		if c := p.column(i); c >= 0 {
			out = append(out, c)
		}
	}
	return out
}

func typeList(ts []types.Type) string {
	s := ""
	for i, t := range ts {
		if i > 0 {
			s += " or "
		}
		s += t.String()
	}
	return s
}

// outTime is the output column of the timeline, then the dimensions.
func (p *pluginArgs) outTime(time int, dims []int) types.Schema {
	out := types.Schema{p.inS[time]}
	for _, d := range dims {
		out = append(out, p.inS[d])
	}
	return out
}

func longs(names ...string) types.Schema {
	s := make(types.Schema, len(names))
	for i, n := range names {
		s[i] = types.Column{Name: n, Type: types.Long}
	}
	return s
}

func (p *pluginArgs) node(n *plan.Timeline) plan.Node {
	if p.bad {
		return nil
	}
	n.Input, n.Kind = p.in, p.name
	return n
}

func (p *pluginArgs) activityCounts() plan.Node {
	if !p.count(5, -1) {
		return nil
	}
	n := &plan.Timeline{ID: p.column(0), Time: p.timeline(1), Value: -1, State: -1}
	n.Start, n.End = p.bound(2, n.Time, "start"), p.bound(3, n.Time, "end")
	n.Step = p.step(4, n.Time, "step")
	n.Dims = p.dims(5)
	if p.bad {
		return nil
	}
	n.Out = append(p.outTime(n.Time, n.Dims), longs("count", "dcount", "new_dcount", "aggregated_dcount")...)
	return p.node(n)
}

func (p *pluginArgs) activityMetrics() plan.Node {
	if !p.count(3, -1) {
		return nil
	}
	n := &plan.Timeline{ID: p.column(0), Time: p.timeline(1), Value: -1, State: -1}
	if len(p.call.Args) == 3 {
		n.Step = p.step(2, n.Time, "window")
	} else {
		if !p.count(5, -1) {
			return nil
		}
		n.Start, n.End = p.bound(2, n.Time, "start"), p.bound(3, n.Time, "end")
		n.Step = p.step(4, n.Time, "window")
		n.Dims = p.dims(5)
	}
	if p.bad {
		return nil
	}
	n.Out = append(p.outTime(n.Time, n.Dims), longs("dcount_values", "dcount_newvalues")...)
	n.Out = append(n.Out, types.Column{Name: "retention_rate", Type: types.Real}, types.Column{Name: "churn_rate", Type: types.Real})
	return p.node(n)
}

func (p *pluginArgs) activityEngagement() plan.Node {
	if !p.count(4, -1) {
		return nil
	}
	n := &plan.Timeline{ID: p.column(0), Time: p.timeline(1), Value: -1, State: -1}
	if len(p.call.Args) == 4 {
		n.Step, n.Window = p.step(2, n.Time, "inner activity window"), p.step(3, n.Time, "outer activity window")
	} else {
		if !p.count(6, -1) {
			return nil
		}
		n.Start, n.End = p.bound(2, n.Time, "start"), p.bound(3, n.Time, "end")
		n.Step, n.Window = p.step(4, n.Time, "inner activity window"), p.step(5, n.Time, "outer activity window")
		n.Dims = p.dims(6)
	}
	if p.bad {
		return nil
	}
	n.Out = append(p.outTime(n.Time, n.Dims), longs("dcount_activities_inner", "dcount_activities_outer")...)
	n.Out = append(n.Out, types.Column{Name: "activity_ratio", Type: types.Real})
	return p.node(n)
}

// newActivityMetrics binds new_activity_metrics(Id, Time, Start, End,
// Window [, Cohort] [, dims...] [, Lookback]): after Window, a column
// name is a dimension, a tabular name the lookback table, and anything
// else the cohort.
func (p *pluginArgs) newActivityMetrics() plan.Node {
	if !p.count(5, -1) {
		return nil
	}
	n := &plan.Timeline{ID: p.column(0), Time: p.timeline(1), Value: -1, State: -1, LookbackID: -1}
	n.Start, n.End = p.bound(2, n.Time, "start"), p.bound(3, n.Time, "end")
	n.Step = p.step(4, n.Time, "window")
	for i := 5; i < len(p.call.Args) && !p.bad; i++ {
		x := p.call.Args[i]
		if id, ok := x.(*syntax.Ident); ok {
			if p.inS.Index(id.Name) >= 0 {
				n.Dims = append(n.Dims, p.inS.Index(id.Name))
				continue
			}
			if sym := p.sc.lookup(id.Name); sym == nil || sym.kind != symScalar {
				if i != len(p.call.Args)-1 {
					p.fail(x, "The lookback table of 'new_activity_metrics' must be its last argument.")
					break
				}
				n.Lookback = p.b.tabular(x, p.sc, nil)
				if n.Lookback == nil {
					p.bad = true
					break
				}
				if n.ID >= 0 {
					ls := n.Lookback.Schema()
					n.LookbackID = ls.Index(p.inS[n.ID].Name)
					if n.LookbackID < 0 || ls[n.LookbackID].Type != p.inS[n.ID].Type {
						p.fail(x, "The lookback table of 'new_activity_metrics' needs a column '%s' of type %s, as the id column.", p.inS[n.ID].Name, p.inS[n.ID].Type)
					}
				}
				continue
			}
		}
		if i != 5 || len(n.Dims) > 0 {
			p.fail(x, "The cohort of 'new_activity_metrics' must come right after the window.")
			break
		}
		n.Cohort = p.bound(i, n.Time, "cohort")
	}
	if p.bad {
		return nil
	}
	tc := p.inS[n.Time]
	n.Out = types.Schema{{Name: "from_" + tc.Name, Type: tc.Type}, {Name: "to_" + tc.Name, Type: tc.Type}}
	for _, d := range n.Dims {
		n.Out = append(n.Out, p.inS[d])
	}
	n.Out = append(n.Out, longs("dcount_new_values", "dcount_retained_values", "dcount_churn_values")...)
	n.Out = append(n.Out, types.Column{Name: "retention_rate", Type: types.Real}, types.Column{Name: "churn_rate", Type: types.Real})
	return p.node(n)
}

func (p *pluginArgs) activeUsers() plan.Node {
	if !p.count(8, -1) {
		return nil
	}
	n := &plan.Timeline{ID: p.column(0), Time: p.timeline(1), Value: -1, State: -1}
	n.Start, n.End = p.bound(2, n.Time, "start"), p.bound(3, n.Time, "end")
	n.Window = p.step(4, n.Time, "lookback window")
	n.Period = p.step(5, n.Time, "period")
	n.Count = p.scalar(6, "active periods count", types.Int, types.Long)
	n.Step = p.step(7, n.Time, "bin")
	n.Dims = p.dims(8)
	if p.bad {
		return nil
	}
	n.Out = append(p.outTime(n.Time, n.Dims), longs("dcount")...)
	return p.node(n)
}

func (p *pluginArgs) slidingWindow() plan.Node {
	if !p.count(6, -1) {
		return nil
	}
	n := &plan.Timeline{ID: p.column(0), Time: p.timeline(1), Value: -1, State: -1}
	n.Start, n.End = p.bound(2, n.Time, "start"), p.bound(3, n.Time, "end")
	n.Window = p.step(4, n.Time, "lookback window")
	n.Step = p.step(5, n.Time, "bin")
	n.Dims = p.dims(6)
	if p.bad {
		return nil
	}
	// Kusto names these Count and dcount.
	n.Out = append(p.outTime(n.Time, n.Dims), longs("Count", "dcount")...)
	return p.node(n)
}

func (p *pluginArgs) rollingPercentile() plan.Node {
	if !p.count(5, -1) {
		return nil
	}
	n := &plan.Timeline{ID: -1, Value: p.column(0), State: -1}
	n.Percentile = p.scalar(1, "percentile", types.Int, types.Long, types.Real)
	n.Time = p.timeline(2)
	n.Step = p.step(3, n.Time, "bin size")
	n.Count = p.scalar(4, "bins per window", types.Int, types.Long)
	n.Dims = p.dims(5)
	if p.bad {
		return nil
	}
	vc := p.inS[n.Value]
	if !vc.Type.IsNumeric() && !vc.Type.IsTemporal() {
		p.fail(p.call.Args[0], "The value column '%s' of 'rolling_percentile' must be a number, a timespan or a datetime, not %s.", vc.Name, vc.Type)
		return nil
	}
	pct, ok := constValue(n.Percentile)
	bins, ok2 := constValue(n.Count)
	if !ok || !ok2 {
		p.fail(p.call.Args[1], "The percentile and the bins per window of 'rolling_percentile' must be constants.")
		return nil
	}
	name := fmt.Sprintf("rolling_%v_percentile_%s_%s", bins, vc.Name, numText(pct))
	n.Out = append(p.outTime(n.Time, n.Dims), types.Column{Name: name, Type: vc.Type})
	return p.node(n)
}

// numText writes a number as Kusto writes it in a column name (50, 50.5).
func numText(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}

func (p *pluginArgs) funnelCompletion() plan.Node {
	if !p.count(8, 8) {
		return nil
	}
	n := &plan.Timeline{ID: p.column(0), Time: p.timeline(1), Value: -1}
	if n.Time >= 0 && p.inS[n.Time].Type != types.DateTime {
		p.fail(p.call.Args[1], "The timeline column of 'funnel_sequence_completion' must be a datetime: its periods are timespans.")
	}
	n.Start, n.End = p.bound(2, n.Time, "start"), p.bound(3, n.Time, "end")
	n.Step = p.step(4, n.Time, "bin size")
	n.State = p.column(5)
	n.Sequence = p.scalar(6, "sequence", types.Dynamic)
	n.Periods = p.scalar(7, "periods", types.Dynamic)
	if p.bad {
		return nil
	}
	if p.inS[n.State].Type != types.String {
		p.fail(p.call.Args[5], "The state column of 'funnel_sequence_completion' must be a string.")
		return nil
	}
	n.Out = types.Schema{p.inS[n.Time], p.inS[n.State], {Name: "Period", Type: types.TimeSpan}, {Name: "dcount", Type: types.Long}}
	return p.node(n)
}

// sequenceDetect binds sequence_detect(Time, MaxStepWindow, MaxSpan,
// Expr1, Expr2, ..., Dim1, ...): the bool arguments are the steps, the
// column names after them the dimensions.
func (p *pluginArgs) sequenceDetect() plan.Node {
	if !p.count(4, -1) {
		return nil
	}
	n := &plan.SequenceDetect{Input: p.in, Time: p.timeline(0)}
	if n.Time >= 0 && p.inS[n.Time].Type != types.DateTime {
		p.fail(p.call.Args[0], "The timeline column of 'sequence_detect' must be a datetime.")
	}
	n.StepWindow = p.scalar(1, "max sequence step window", types.TimeSpan)
	n.Span = p.scalar(2, "max sequence span", types.TimeSpan)
	if p.bad {
		return nil
	}
	row := p.b.rowFor(p.in)
	var names []string
	i := 3
	for ; i < len(p.call.Args); i++ {
		x := p.call.Args[i]
		var name string
		if ne, ok := x.(*syntax.NamedExpr); ok && len(ne.Names) == 1 {
			name, x = ne.Names[0].Name, ne.X
		} else if id, ok := x.(*syntax.Ident); ok && p.inS.Index(id.Name) >= 0 && p.inS[p.inS.Index(id.Name)].Type != types.Bool {
			break // the first dimension
		}
		e := p.b.expr(x, p.sc, row)
		if isBad(e) {
			return nil
		}
		if e.Type() != types.Bool {
			break
		}
		n.Steps = append(n.Steps, e)
		names = append(names, name+"_"+p.inS[n.Time].Name)
	}
	if len(n.Steps) == 0 {
		p.fail(p.call.Args[3], "'sequence_detect' needs at least one step: a bool expression after the max span.")
		return nil
	}
	n.Dims = p.dims(i)
	if p.bad {
		return nil
	}
	for _, d := range n.Dims {
		n.Out = append(n.Out, p.inS[d])
	}
	for _, name := range names {
		n.Out = append(n.Out, types.Column{Name: name, Type: types.DateTime})
	}
	n.Out = append(n.Out, types.Column{Name: "Duration", Type: types.TimeSpan})
	return n
}

func (p *pluginArgs) dcountIntersect() plan.Node {
	if !p.count(2, 16) {
		return nil
	}
	n := &plan.DcountIntersect{Input: p.in, Out: append(types.Schema(nil), p.inS...)}
	row := p.b.rowFor(p.in)
	for i, x := range p.call.Args {
		e := p.b.expr(x, p.sc, row)
		if isBad(e) {
			return nil
		}
		if e.Type() != types.Dynamic {
			p.fail(x, "Argument %d of 'dcount_intersect' must be an hll() value (dynamic), not %s.", i+1, e.Type())
			return nil
		}
		n.Args = append(n.Args, e)
		n.Out = append(n.Out, types.Column{Name: fmt.Sprintf("s%d", i), Type: types.Long})
	}
	return n
}

// outsidePlugins are the evaluate plugins that run code or queries on a
// service outside the cluster.
var outsidePlugins = map[string]bool{
	"python": true, "r": true, "sql_request": true, "http_request": true, "http_request_post": true,
	"cosmosdb_sql_request": true, "mysql_request": true, "postgresql_request": true,
	"azure_digital_twins_query_request": true, "ai_embed_text": true, "ai_embeddings": true,
	"ai_chat_completion": true, "ai_chat_completion_prompt": true,
}

// outsidePlugin reports, for a plugin of outsidePlugins, that Quarry does
// not call outside services.
func (b *binder) outsidePlugin(id *syntax.Ident) bool {
	if !outsidePlugins[lowerName(id.Name)] {
		return false
	}
	b.errorf(id.Pos(), codeUnsupported, "the evaluate plugin '%s' is not available in Quarry: it runs code on an outside service", id.Name)
	return true
}

// morePlugins binds the plugins of this file; ok is false for any other.
func (b *binder) morePlugins(id *syntax.Ident, call *syntax.Call, in plan.Node, sc *scope) (plan.Node, bool) {
	if b.outsidePlugin(id) {
		return nil, true
	}
	return b.activityPlugin(lowerName(id.Name), call, in, sc)
}

// outsideEvaluate reports an input-less evaluate of an outside-service
// plugin (evaluate sql_request(...)); false for any other evaluate.
func (b *binder) outsideEvaluate(o *syntax.EvaluateOp) bool {
	id, ok := o.Call.Fun.(*syntax.Ident)
	return ok && b.outsidePlugin(id)
}
