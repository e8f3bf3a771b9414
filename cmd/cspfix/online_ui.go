package main

import "github.com/cspfix/cspfix/scenarios"

// onlineKeys name the command line's texts of the lookups in Microsoft's systems and of the
// sign-in (cspfix login): in the catalog under "online." (scenarios/data/texts/online.json).
type onlineKeys struct {
	NeitherDomainNorTenant, NotCustomerTenant, TenantCheckHint, HintUnknownID                        scenarios.Key
	BadVariable, BadTokenHint, BadRootHint, NoRecordPlace                                            scenarios.Key
	LoginShort, LoginLong, OneMethod, FlagDeviceCode, FlagUseAz, FlagClientID, FlagTenant, FlagCloud scenarios.Key
	StatusShort, StatusLong, LogoutShort, LogoutLong                                                 scenarios.Key
	OpeningBrowser, UsingAzureCLI, DeviceCodePrompt, SignedIn, TokensFromAzureCLI, NextStatus        scenarios.Key
	StoreOther, CannotKeepSignIn, NotSignedIn, SignedOut, AzureCliStays                              scenarios.Key

	// OpenURL shows the browser sign-in's address when no browser could be opened.
	OpenURL scenarios.Key
}

var online = func() (keys onlineKeys) {
	scenarios.Bind(&keys, "online")
	return keys
}()
