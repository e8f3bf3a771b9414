package main

import (
	"sync"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
)

// embeddedCatalog is the catalog the binary carries: the one place a run gets its catalog. The
// code that says things is given it (a model, render's options, a Texts value).
func embeddedCatalog() *scenarios.Catalog { return scenarios.Embedded() }

// embeddedModel is the diagnosis model of the catalog the binary carries, made once per run when
// a command first needs it: the commands that only print texts never do.
var embeddedModel = sync.OnceValues(func() (*diagnose.Model, error) {
	return diagnose.Compile(embeddedCatalog())
})

// model is the run's diagnosis model. The catalog the binary carries is held to it by the
// tests (TestEmbeddedModel): a defect of it is a test's failure, not a user's.
func (e *env) model() *diagnose.Model {
	m, err := embeddedModel()
	if err != nil {
		panic(err)
	}
	return m
}
