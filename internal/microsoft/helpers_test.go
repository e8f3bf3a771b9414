package microsoft

import "github.com/cspfix/cspfix/scenarios"

func catalog() *scenarios.Catalog { return scenarios.Embedded() }

func langOf(s string) scenarios.Lang { return scenarios.Lang(s) }
