package main

import "github.com/cspfix/cspfix/scenarios"

// onlineKeys name the command line's texts of the lookups in Microsoft's systems and of the
// sign-in (cspfix login): in the catalog under "online." (scenarios/data/texts/online.json).
type onlineKeys struct {
	NeitherDomainNorTenant, NotCustomerTenant, TenantCheckHint, HintUnknownID scenarios.Key
}

var online = func() (keys onlineKeys) {
	scenarios.Bind(&keys, "online")
	return keys
}()
