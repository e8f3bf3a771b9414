// Package testmodel gives tests the diagnosis model of the catalog the binary carries (testkit
// imports nothing of cspfix; this is its part that does). Only tests import it.
package testmodel

import (
	"sync"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
)

// Embedded is the model of the embedded catalog, made once.
var Embedded = sync.OnceValue(func() *diagnose.Model {
	cat, err := scenarios.Load()
	if err != nil {
		panic(err)
	}
	m, err := diagnose.Compile(cat)
	if err != nil {
		panic(err)
	}
	return m
})
