package cli

import (
	"sync"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
)

// compileOnce makes the diagnosis model of cat when it is first asked for: the commands that
// only print texts never ask.
func compileOnce(cat *scenarios.Catalog) func() (*diagnose.Model, error) {
	return sync.OnceValues(func() (*diagnose.Model, error) { return diagnose.Compile(cat) })
}

// model is the run's diagnosis model, made from the run's catalog. The catalog the binary
// carries is held to it by the tests (TestEmbeddedModel), and a catalog a test gives is refused
// by diagnose.Compile: a defect of either is a test's failure, not a user's.
func (e *env) model() *diagnose.Model {
	m, err := e.compiled()
	if err != nil {
		panic(err)
	}
	return m
}
