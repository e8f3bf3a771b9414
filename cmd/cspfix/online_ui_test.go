package main

import (
	"testing"

	"github.com/cspfix/cspfix/scenarios"
)

// TestOnlineTexts: every text of the sign-in and lookups' commands is in the catalog (a key's
// code is its field's name in snake case: AzureCLIStays would look for "azure_clistays").
func TestOnlineTexts(t *testing.T) {
	if missing := scenarios.Embedded().Missing(&online); len(missing) > 0 {
		t.Errorf("the catalog lacks %v", missing)
	}
}
