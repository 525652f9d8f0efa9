package engine

import "github.com/quarryhunt/quarry/exec"

// WithExternalData returns a copy of e whose queries' externaldata
// operators read only what opts allow (by default: local files and
// http(s) URLs).
func (e *Engine) WithExternalData(opts exec.ExternalDataOptions) *Engine {
	c := *e
	c.external = opts
	return &c
}

// ExternalData returns the externaldata rules of e's queries.
func (e *Engine) ExternalData() exec.ExternalDataOptions { return e.external }
