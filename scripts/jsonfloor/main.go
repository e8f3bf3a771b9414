// Command jsonfloor reads case files as JSON Lines from standard input with encoding/json into Go
// structs of the case's shape, and does nothing else: the floor that `cspfix diagnose -o json`
// is held to (README "Performance": at least as many cases a second as this, on the same input,
// in the same run). It prints the number of records read, so that the run can check it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// The case's shape: what a decoder of it has to fill in, no more.
type (
	customer struct {
		Name              string `json:"name"`
		Domain            string `json:"domain"`
		TenantID          string `json:"tenant_id"`
		ConfirmedTenantID string `json:"confirmed_tenant_id"`
		Country           string `json:"country"`
	}
	partner struct {
		Name             string `json:"name"`
		PartnerID        string `json:"partner_id"`
		IndirectProvider string `json:"indirect_provider"`
		Country          string `json:"country"`
	}
	answers struct {
		OtherCSP                   string `json:"other_csp"`
		OtherPartnerKind           string `json:"other_partner_kind"`
		DirectMicrosoft            string `json:"direct_microsoft"`
		EarlierRelationshipWithYou string `json:"earlier_relationship_with_you"`
		InvitationPending          string `json:"invitation_pending"`
		RecentChange               string `json:"recent_change"`
		ChangeKind                 string `json:"change_kind"`
		RecentChangeAt             string `json:"recent_change_at"`
		CRMDuplicates              string `json:"crm_duplicates"`
		PartnerCenterSearch        string `json:"partner_center_search"`
		ProviderHasRelationship    string `json:"provider_has_relationship"`
	}
	tried struct {
		Scenario string `json:"scenario"`
		At       string `json:"at"`
		Note     string `json:"note"`
	}
	outcome struct {
		Status    string `json:"status"`
		Scenario  string `json:"scenario"`
		Reference string `json:"reference"`
		At        string `json:"at"`
	}
	caseFile struct {
		ID           string   `json:"id"`
		Customer     customer `json:"customer"`
		Partner      partner  `json:"partner"`
		ErrorMessage string   `json:"error_message"`
		Attempts     []string `json:"attempts"`
		Answers      answers  `json:"answers"`
		Tried        []tried  `json:"tried"`
		Outcome      outcome  `json:"outcome"`
		Notes        string   `json:"notes"`
		RetryAt      string   `json:"retry_at"`
	}
)

func main() {
	dec := json.NewDecoder(bufio.NewReaderSize(os.Stdin, 64<<10))
	n := 0
	for {
		var c caseFile
		err := dec.Decode(&c)
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "jsonfloor:", err)
			os.Exit(1)
		}
		n++
	}
	fmt.Println(n)
}
