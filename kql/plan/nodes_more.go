package plan

import "github.com/quarryhunt/quarry/kql/types"

// Unsupported stands for an operator that Quarry binds only far enough
// to know its output schema (make-series, top-nested, most evaluate
// plugins, ...). The binder always reports an error with it, so a plan
// holding one is never executed; it exists so that `quarry check` can
// still show the result columns.
type Unsupported struct {
	Op  string // the operator's name, e.g. "top-nested"
	In  []Node
	Out types.Schema
}

// ExternalData is externaldata(...)[uris] with (props): rows read from
// the listed URIs in the declared schema. Executors that cannot fetch
// them must fail with a clear error.
type ExternalData struct {
	Out   types.Schema
	URIs  []string
	Props map[string]string
}

func (n *Unsupported) Schema() types.Schema  { return n.Out }
func (n *ExternalData) Schema() types.Schema { return n.Out }
func (n *Unsupported) Inputs() []Node        { return n.In }
func (n *ExternalData) Inputs() []Node       { return nil }
