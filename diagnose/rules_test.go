package diagnose

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/casegen"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/scenarios"
)

var testNow = testkit.Now

// allAnswered has every question required before E answered with "no", and a confirmed ID.
const allAnswered = `"customer":{"tenant_id":"` + goodID + `","confirmed_tenant_id":"` + goodID + `"},
	"answers":{"other_csp":"no","direct_microsoft":"no","earlier_relationship_with_you":"no",
	"invitation_pending":"no","recent_change":"no","crm_duplicates":"no","partner_center_search":"not_found"}`

func mustCase(t testing.TB, js string) *Case {
	t.Helper()
	var c Case
	if err := NewDecoder(strings.NewReader(js)).Next(&c); err != nil {
		t.Fatalf("test case does not decode: %v\n%s", err, js)
	}
	return &c
}

// summary renders the candidates as "C:high B:medium(tried)" for comparison.
func summary(cands []Candidate) string {
	parts := make([]string, len(cands))
	for i, c := range cands {
		parts[i] = string(c.Scenario) + ":" + string(c.Confidence)
		if c.Tried {
			parts[i] += "(tried)"
		}
	}
	return strings.Join(parts, " ")
}

func codes(notes []Note) string {
	parts := make([]string, len(notes))
	for i, n := range notes {
		parts[i] = n.Code
	}
	return strings.Join(parts, " ")
}

func allEvidence(r Result) string {
	var parts []string
	for _, c := range r.Candidates {
		for _, ev := range c.Evidence {
			parts = append(parts, string(c.Scenario)+"/"+ev.Code)
		}
	}
	return strings.Join(parts, " ")
}

func at(d time.Duration) string { return testNow.Add(-d).Format(time.RFC3339) }

// change is the time of the recent change in the rows that measure it to a failed attempt.
const change = "2026-11-16T08:00:00+01:00"

// after is a time d after the change, as a case file writes it.
func after(d time.Duration) string {
	t, _ := time.Parse(time.RFC3339, change)
	return t.Add(d).Format(time.RFC3339)
}

// changed is a case whose change came at the change time and whose failures are at the given
// times after it.
func changed(kind string, failures ...time.Duration) string {
	js := `{"answers":{"recent_change":"yes","recent_change_at":"` + change + `"`
	if kind != "" {
		js += `,"change_kind":"` + kind + `"`
	}
	js += `},"attempts":[`
	for i, d := range failures {
		if i > 0 {
			js += ","
		}
		js += `"` + after(d) + `"`
	}
	return js + `]}`
}

func TestDiagnoseRules(t *testing.T) {
	tests := []struct {
		name       string
		js         string
		status     Status
		scenario   scenarios.ID
		confidence Confidence
		candidates string
		evidence   string
		warnings   string
		looker     Looker
	}{
		// C: the entered ID alone
		{name: "C high: not a GUID", js: `{"customer":{"tenant_id":"4b9d3f1c-2a7e"}}`,
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/tenant_id_invalid"},
		{name: "C high: nil GUID", js: `{"customer":{"tenant_id":"00000000-0000-0000-0000-000000000000"}}`,
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/tenant_id_invalid"},
		{name: "C high: domain", js: `{"customer":{"tenant_id":"contoso.onmicrosoft.com"}}`,
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/tenant_id_is_domain"},
		{name: "C high: look-alike", js: `{"customer":{"tenant_id":"4b9d3f1c-2а7e-4c1d-9f0a-6e2b8c7d5a31"}}`,
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/tenant_id_invisible_chars"},
		{name: "C high: invisible", js: `{"customer":{"tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31\u200b"}}`,
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/tenant_id_invisible_chars"},
		{name: "C medium: formatting", js: `{"customer":{"tenant_id":" ` + goodID + `"}}`,
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium", evidence: "C/tenant_id_formatting"},
		{name: "letter case alone is no evidence", js: `{"customer":{"tenant_id":"` + strings.ToUpper(goodID) + `"}}`,
			status: Incomplete},
		// C: the entered ID against the confirmed one
		{name: "C high: mismatch", js: `{"customer":{"tenant_id":"` + goodID + `","confirmed_tenant_id":"5b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"}}`,
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/tenant_id_mismatch"},
		{name: "no mismatch when equal after normalisation", js: `{"customer":{"tenant_id":"` + strings.ToUpper(goodID) + `","confirmed_tenant_id":"{` + goodID + `}"}}`,
			status: Incomplete},
		{name: "C medium: the confirmed ID is not valid (and no mismatch)", js: `{"customer":{"tenant_id":"` + goodID + `","confirmed_tenant_id":"4b9d"}}`,
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium", evidence: "C/confirmed_tenant_id_invalid"},
		{name: "an invalid confirmed ID never leads to E", js: strings.Replace(`{`+allAnswered+`,"tried":[{"scenario":"C"}]}`, `"confirmed_tenant_id":"`+goodID+`"`, `"confirmed_tenant_id":"4b9d"`, 1),
			status: Incomplete, candidates: "C:medium(tried)", evidence: "C/confirmed_tenant_id_invalid"},
		{name: "C and B medium: CRM duplicates without confirmed ID", js: `{"answers":{"crm_duplicates":"yes"}}`,
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium B:medium", evidence: "C/crm_duplicates_no_confirmed_id B/crm_duplicates"},
		{name: "CRM duplicates with an invalid confirmed ID still point to C", js: `{"customer":{"confirmed_tenant_id":"nope"},"answers":{"crm_duplicates":"yes"}}`,
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium B:medium",
			evidence: "C/confirmed_tenant_id_invalid C/crm_duplicates_no_confirmed_id B/crm_duplicates"},
		{name: "CRM duplicates with a valid confirmed ID point to B only", js: `{"customer":{"confirmed_tenant_id":"` + goodID + `"},"answers":{"crm_duplicates":"yes"}}`,
			status: Diagnosed, scenario: "B", confidence: Medium, candidates: "B:medium", evidence: "B/crm_duplicates"},
		{name: "C medium: a new tenant and no matching confirmed ID", js: `{"answers":{"recent_change":"yes","change_kind":"new_tenant"}}`,
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium D:medium", evidence: "C/new_tenant D/recent_change_no_time"},
		{name: "a new tenant whose ID was confirmed is no evidence for C", js: `{"customer":{"tenant_id":"` + goodID + `","confirmed_tenant_id":"` + goodID + `"},"answers":{"recent_change":"yes","change_kind":"new_tenant"}}`,
			status: Diagnosed, scenario: "D", confidence: Medium, candidates: "D:medium", evidence: "D/recent_change_no_time"},
		{name: "a change kind counts only after a yes", js: `{"answers":{"recent_change":"no","change_kind":"new_tenant"}}`,
			status: Incomplete},
		// B
		{name: "B high: found in Partner Center", js: `{"answers":{"partner_center_search":"found"}}`,
			status: Diagnosed, scenario: "B", confidence: High, candidates: "B:high", evidence: "B/partner_center_found"},
		{name: "B high: pending invitation", js: `{"answers":{"invitation_pending":"yes"}}`,
			status: Diagnosed, scenario: "B", confidence: High, candidates: "B:high", evidence: "B/invitation_pending"},
		{name: "B medium: earlier relationship", js: `{"answers":{"earlier_relationship_with_you":"yes"}}`,
			status: Diagnosed, scenario: "B", confidence: Medium, candidates: "B:medium", evidence: "B/earlier_relationship_with_you"},
		{name: "not found in Partner Center outweighs an earlier relationship", js: `{"answers":{"earlier_relationship_with_you":"yes","partner_center_search":"not_found"}}`,
			status: Incomplete, warnings: "earlier_relationship_not_in_list"},
		{name: "not found in Partner Center outweighs CRM duplicates for B", js: `{"answers":{"crm_duplicates":"yes","partner_center_search":"not_found"}}`,
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium", evidence: "C/crm_duplicates_no_confirmed_id"},
		{name: "B medium: an invitation accepted recently", js: `{"answers":{"recent_change":"yes","change_kind":"invitation_accepted"}}`,
			status: Diagnosed, scenario: "B", confidence: Medium, candidates: "B:medium D:medium", evidence: "B/invitation_accepted_recently D/recent_change_no_time"},
		// A
		{name: "A high: other partner", js: `{"answers":{"other_csp":"yes"}}`,
			status: Diagnosed, scenario: "A", confidence: High, candidates: "A:high", evidence: "A/other_csp"},
		{name: "A high: another reseller", js: `{"answers":{"other_csp":"yes","other_partner_kind":"reseller"}}`,
			status: Diagnosed, scenario: "A", confidence: High, candidates: "A:high", evidence: "A/other_csp"},
		{name: "A high: a syndication partner", js: `{"answers":{"other_csp":"yes","other_partner_kind":"syndication"}}`,
			status: Diagnosed, scenario: "A", confidence: High, candidates: "A:high", evidence: "A/other_partner_syndication"},
		{name: "A high: your own indirect provider", js: `{"answers":{"other_csp":"yes","other_partner_kind":"your_provider"}}`,
			status: Diagnosed, scenario: "A", confidence: High, candidates: "A:high", evidence: "A/other_partner_is_your_provider"},
		{name: "a partner kind counts only after a yes", js: `{"answers":{"other_csp":"no","other_partner_kind":"syndication"}}`,
			status: Incomplete},
		{name: "A medium: direct Microsoft", js: `{"answers":{"direct_microsoft":"yes"}}`,
			status: Diagnosed, scenario: "A", confidence: Medium, candidates: "A:medium", evidence: "A/direct_microsoft"},
		{name: "A medium: provider relationship", js: `{"answers":{"provider_has_relationship":"yes"}}`,
			status: Diagnosed, scenario: "A", confidence: Medium, candidates: "A:medium", evidence: "A/provider_has_relationship"},
		{name: "A: strongest evidence decides", js: `{"answers":{"direct_microsoft":"yes","other_csp":"yes"}}`,
			status: Diagnosed, scenario: "A", confidence: High, candidates: "A:high", evidence: "A/other_csp A/direct_microsoft"},
		{name: "a partner just removed: the delay before removing it again", js: `{"answers":{"other_csp":"yes","recent_change":"yes","change_kind":"partner_removed","recent_change_at":"` + at(time.Hour) + `"}}`,
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high A:medium", evidence: "D/recent_change A/other_partner_being_removed"},
		{name: "a partner just removed, time unknown: D before A", js: `{"answers":{"other_csp":"yes","other_partner_kind":"syndication","recent_change":"yes","change_kind":"partner_removed"}}`,
			status: Diagnosed, scenario: "D", confidence: Medium, candidates: "D:medium A:medium", evidence: "D/recent_change_no_time A/other_partner_being_removed"},
		{name: "a partner removed long ago: A stays high", js: `{"answers":{"other_csp":"yes","recent_change":"yes","change_kind":"partner_removed","recent_change_at":"` + at(100*time.Hour) + `"}}`,
			status: Diagnosed, scenario: "A", confidence: High, candidates: "A:high", evidence: "A/other_csp", warnings: "recent_change_too_old"},
		// D: measured from the last failure
		{name: "D high: failed at the moment of the change", js: changed("", 0),
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high", evidence: "D/recent_change"},
		{name: "D high: failed exactly 4 h after", js: changed("", 4*time.Hour),
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high", evidence: "D/recent_change"},
		{name: "D medium: failed 4 h 1 min after", js: changed("", 4*time.Hour+time.Minute),
			status: Diagnosed, scenario: "D", confidence: Medium, candidates: "D:medium", evidence: "D/recent_change_within_72h"},
		{name: "D medium: failed exactly 72 h after", js: changed("", 72*time.Hour),
			status: Diagnosed, scenario: "D", confidence: Medium, candidates: "D:medium", evidence: "D/recent_change_within_72h"},
		{name: "D: failed 72 h 1 min after is only a warning", js: changed("", 72*time.Hour+time.Minute),
			status: Incomplete, warnings: "recent_change_too_old"},
		{name: "D high: a change 5 min after the failure is clock skew", js: changed("", -5*time.Minute),
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high", evidence: "D/recent_change"},
		{name: "D medium: a change 6 min after the failure came after it", js: changed("", -6*time.Minute),
			status: Diagnosed, scenario: "D", confidence: Medium, candidates: "D:medium", evidence: "D/change_after_last_attempt"},
		{name: "D: the latest attempt is the last failure", js: changed("", -time.Hour, 2*time.Hour),
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high", evidence: "D/recent_change"},
		{name: "D: a tried step is a failure too", js: strings.Replace(changed("", time.Hour), `]}`, `],"tried":[{"scenario":"C","at":"`+after(5*time.Hour)+`"}]}`, 1),
			status: Diagnosed, scenario: "D", confidence: Medium, candidates: "D:medium", evidence: "D/recent_change_within_72h"},
		{name: "D: a change at 09:00 and a failure at 09:15, looked at 4 days later", js: `{"attempts":["` + at(96*time.Hour) + `"],"answers":{"recent_change":"yes","recent_change_at":"` + at(96*time.Hour+15*time.Minute) + `"}}`,
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high", evidence: "D/recent_change"},
		{name: "D high: no failure recorded, measured from now", js: `{"answers":{"recent_change":"yes","recent_change_at":"` + at(time.Hour) + `"}}`,
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high", evidence: "D/recent_change"},
		{name: "D: no failure recorded, 73 h ago is too old", js: `{"answers":{"recent_change":"yes","recent_change_at":"` + at(73*time.Hour) + `"}}`,
			status: Incomplete, warnings: "recent_change_too_old"},
		{name: "D medium: no time", js: `{"answers":{"recent_change":"yes"}}`,
			status: Diagnosed, scenario: "D", confidence: Medium, candidates: "D:medium", evidence: "D/recent_change_no_time"},
		{name: "D: a change time in the future is unusable", js: `{"answers":{"recent_change":"yes","recent_change_at":"` + at(-time.Hour) + `"}}`,
			status: Diagnosed, scenario: "D", confidence: Medium, candidates: "D:medium", evidence: "D/recent_change_no_time", warnings: "time_in_future"},
		{name: "D: a few minutes ahead of now is clock skew", js: `{"answers":{"recent_change":"yes","recent_change_at":"` + at(-3*time.Minute) + `"}}`,
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high", evidence: "D/recent_change"},
		{name: "D: other offsets compare as instants", js: `{"answers":{"recent_change":"yes","recent_change_at":"2026-11-20T04:30:00-05:00"}}`,
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high", evidence: "D/recent_change"},
		{name: "D tried before its waiting time ended is no try, but a warning", js: `{"answers":{"recent_change":"yes","recent_change_at":"` + at(2*time.Hour) + `"},"tried":[{"scenario":"D","at":"` + at(time.Hour) + `"}]}`,
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high", evidence: "D/recent_change", warnings: "tried_too_early"},
		{name: "D tried after its waiting time rules it out", js: `{"answers":{"recent_change":"yes","recent_change_at":"` + at(6*time.Hour) + `"},"tried":[{"scenario":"D","at":"` + at(time.Hour) + `"}]}`,
			status: Incomplete, candidates: "D:medium(tried)", evidence: "D/recent_change_within_72h"},
		{name: "one try of D in time is enough", js: `{"answers":{"recent_change":"yes","recent_change_at":"` + at(6*time.Hour) + `"},"tried":[{"scenario":"D","at":"` + at(5*time.Hour) + `"},{"scenario":"D","at":"` + at(time.Hour) + `"}]}`,
			status: Incomplete, candidates: "D:medium(tried)", evidence: "D/recent_change_within_72h"},
		{name: "time without yes is ignored", js: `{"answers":{"recent_change":"no","recent_change_at":"` + at(time.Hour) + `"}}`,
			status: Incomplete},
		// Warnings about the case as a whole
		{name: "an attempt in the future is a warning", js: `{"attempts":["` + at(-48*time.Hour) + `"]}`,
			status: Incomplete, warnings: "time_in_future"},
		{name: "customer and partner in different CSP regions", js: `{"customer":{"country":"de"},"partner":{"country":"US"}}`,
			status: Incomplete, warnings: "different_region"},
		{name: "two countries of one region", js: `{"customer":{"country":"FR"},"partner":{"country":"DE"}}`,
			status: Incomplete},
		{name: "a country the table does not know gives no warning", js: `{"customer":{"country":"Germany"},"partner":{"country":"US"}}`,
			status: Incomplete},
		// Ties and order
		{name: "tie of highs: C before B before D before A", js: `{"customer":{"tenant_id":"x"},"answers":{"other_csp":"yes","invitation_pending":"yes","recent_change":"yes","recent_change_at":"` + at(time.Hour) + `"}}`,
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high B:high D:high A:high",
			evidence: "C/tenant_id_invalid B/invitation_pending D/recent_change A/other_csp"},
		{name: "tie of mediums: C before B before D before A", js: `{"answers":{"direct_microsoft":"yes","crm_duplicates":"yes","recent_change":"yes"}}`,
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium B:medium D:medium A:medium",
			evidence: "C/crm_duplicates_no_confirmed_id B/crm_duplicates D/recent_change_no_time A/direct_microsoft"},
		{name: "high beats the tie order", js: `{"answers":{"crm_duplicates":"yes","recent_change":"yes","recent_change_at":"` + at(time.Hour) + `"}}`,
			status: Diagnosed, scenario: "D", confidence: High, candidates: "D:high C:medium B:medium",
			evidence: "D/recent_change C/crm_duplicates_no_confirmed_id B/crm_duplicates"},
		// Tried
		{name: "tried scenario is not primary", js: `{"answers":{"other_csp":"yes","direct_microsoft":"yes","earlier_relationship_with_you":"yes"},"tried":[{"scenario":"A"}]}`,
			status: Diagnosed, scenario: "B", confidence: Medium, candidates: "B:medium A:high(tried)",
			evidence: "B/earlier_relationship_with_you A/other_csp A/direct_microsoft"},
		{name: "all candidates tried, questions open: incomplete", js: `{"answers":{"other_csp":"yes"},"tried":[{"scenario":"A"}]}`,
			status: Incomplete, candidates: "A:high(tried)", evidence: "A/other_csp"},
		// v3: the error text and where it failed (README "How the diagnosis decides")
		{name: "B high: the distributor's record of an earlier order", js: `{"error_message":` + jsonString(platformRecordText) + `}`,
			status: Diagnosed, scenario: "B", confidence: High, candidates: "B:high", evidence: "B/platform_record_exists"},
		{name: "G high: the name is taken", js: `{"error_message":` + jsonString(subdomainInUseText) + `}`,
			status: Diagnosed, scenario: "G", confidence: High, candidates: "G:high", evidence: "G/tenant_name_taken"},
		{name: "G medium: creating a tenant for a customer that has one", js: `{"operation":"create_tenant","customer":{"confirmed_tenant_id":"` + goodID + `"}}`,
			status: Diagnosed, scenario: "G", confidence: Medium, candidates: "G:medium", evidence: "G/create_tenant_customer_has_tenant"},
		{name: "G medium: a new tenant was the recent change", js: `{"operation":"create_tenant","answers":{"recent_change":"yes","change_kind":"new_tenant"}}`,
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium G:medium D:medium",
			evidence: "C/new_tenant G/create_tenant_customer_has_tenant D/recent_change_no_time"},
		{name: "G medium: an earlier attempt failed", js: `{"operation":"create_tenant","attempts":["` + at(3*time.Hour) + `","` + at(time.Hour) + `"]}`,
			status: Diagnosed, scenario: "G", confidence: Medium, candidates: "G:medium", evidence: "G/create_tenant_after_failed_attempt"},
		{name: "G medium: the first failure of a new tenant may have created it", js: `{"error_message":` + jsonString(emailInvalidText) + `}`,
			status: Diagnosed, scenario: "G", confidence: Medium, candidates: "G:medium", evidence: "G/create_tenant_after_failed_attempt"},
		{name: "one attempt recorded twice in a minute is no earlier failure", js: `{"operation":"create_tenant","attempts":["` + at(time.Hour) + `","` + at(time.Hour-10*time.Second) + `"]}`,
			status: Incomplete},
		{name: "F high: the text asks for the partner's confirmation", js: `{"error_message":` + jsonString(confirmAgreementText) + `}`,
			status: Diagnosed, scenario: "F", confidence: High, candidates: "F:high", evidence: "F/agreement_confirmation_requested"},
		{name: "F high: the customer saw the request", js: `{"operation":"customer_accepting","answers":{"customer_saw":"confirm_agreement"}}`,
			status: Diagnosed, scenario: "F", confidence: High, candidates: "F:high", evidence: "F/agreement_confirmation_requested"},
		{name: "what the customer saw counts only while accepting", js: `{"operation":"order","answers":{"customer_saw":"confirm_agreement"}}`,
			status: Incomplete},
		{name: "F medium: no agreement at an order", js: `{"error_message":` + jsonString(mcaMissingText) + `}`,
			status: Diagnosed, scenario: "F", confidence: Medium, candidates: "F:medium", evidence: "F/agreement_missing_at_order"},
		{name: "A medium: the acceptance was refused", js: `{"operation":"customer_accepting","answers":{"customer_saw":"already_has_partner"}}`,
			status: Diagnosed, scenario: "A", confidence: Medium, candidates: "A:medium", evidence: "A/acceptance_blocked_other_partner"},
		{name: "C medium: a sign-in error while accepting", js: `{"operation":"customer_accepting","answers":{"customer_saw":"sign_in_error"}}`,
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium", evidence: "C/acceptance_sign_in_error"},
		{name: "creating a tenant rules out B's pending invitation", js: `{"operation":"create_tenant","answers":{"invitation_pending":"yes"}}`,
			status: Incomplete},
		{name: "a GDAP request is said to be no reseller relationship", js: `{"operation":"admin_relationship"}`,
			status: Incomplete, warnings: "admin_relationship_not_reseller"},
		{name: "an error text matched without its invisible characters", js: `{"error_message":"Partner relation does not work​ because it is already existing"}`,
			status: Incomplete, warnings: "error_text_normalised"},
		{name: "an unknown error text is no evidence", js: `{"error_message":"Quota exceeded"}`, status: Incomplete},
		{name: "German quotes around a known text are no reason for a warning", js: `{"error_message":"Fehler: „Die Partnerbeziehung besteht bereits.“"}`,
			status: Incomplete},
		// v3 ties: C, F, B, G, D, A
		{name: "tie: C before F", js: `{"customer":{"tenant_id":"contoso.onmicrosoft.com"},"error_message":` + jsonString(confirmAgreementText) + `}`,
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high F:high", evidence: "C/tenant_id_is_domain F/agreement_confirmation_requested"},
		{name: "tie: F before B", js: `{"error_message":` + jsonString(confirmAgreementText) + `,"answers":{"invitation_pending":"yes"}}`,
			status: Diagnosed, scenario: "F", confidence: High, candidates: "F:high B:high", evidence: "F/agreement_confirmation_requested B/invitation_pending"},
		{name: "tie: B before G", js: `{"error_message":` + jsonString(subdomainInUseText) + `,"answers":{"partner_center_search":"found"}}`,
			status: Diagnosed, scenario: "B", confidence: High, candidates: "B:high G:high", evidence: "B/partner_center_found G/tenant_name_taken"},
		{name: "tie: G before D", js: `{"error_message":` + jsonString(subdomainInUseText) + `,"answers":{"recent_change":"yes","recent_change_at":"` + at(2*time.Hour) + `"},"attempts":["` + at(time.Hour) + `"]}`,
			status: Diagnosed, scenario: "G", confidence: High, candidates: "G:high D:high", evidence: "G/tenant_name_taken D/recent_change"},
		// E
		{name: "E medium: everything answered, nothing tried", js: `{` + allAnswered + `}`,
			status: Diagnosed, scenario: "E", confidence: Medium},
		{name: "E high: everything answered, something tried", js: `{` + allAnswered + `,"tried":[{"scenario":"C","at":"` + at(time.Hour) + `","note":"re-entered"}]}`,
			status: Diagnosed, scenario: "E", confidence: High},
		{name: "E: provider question may stay open", js: strings.Replace(`{`+allAnswered+`}`, `"other_csp"`, `"provider_has_relationship":"unknown","other_csp"`, 1),
			status: Diagnosed, scenario: "E", confidence: Medium},
		{name: "E: follow-ups are never required", js: strings.Replace(`{`+allAnswered+`,"tried":[{"scenario":"A"}]}`, `"other_csp":"no"`, `"other_csp":"yes"`, 1),
			status: Diagnosed, scenario: "E", confidence: High, candidates: "A:high(tried)", evidence: "A/other_csp"},
		{name: "not E without a confirmed ID", js: strings.Replace(`{`+allAnswered+`}`, `"confirmed_tenant_id":"`+goodID+`"`, `"country":"DE"`, 1),
			status: Incomplete},
		{name: "not E with one question unknown", js: strings.Replace(`{`+allAnswered+`}`, `"invitation_pending":"no"`, `"invitation_pending":"unknown"`, 1),
			status: Incomplete},
		{name: "not E when Partner Center was not checked", js: strings.Replace(`{`+allAnswered+`}`, `"not_found"`, `"not_checked"`, 1),
			status: Incomplete},
		{name: "empty case is incomplete", js: `{}`, status: Incomplete},
		// The outcome
		{name: "fixed: resolved by the scenario that fixed it", js: `{"answers":{"other_csp":"yes"},"outcome":{"status":"fixed","scenario":"A","at":"` + at(time.Hour) + `"}}`,
			status: Resolved, scenario: "A", candidates: "A:high", evidence: "A/other_csp"},
		{name: "fixed without a scenario", js: `{"outcome":{"status":"fixed"}}`, status: Resolved},
		{name: "a support request opened: E with its ticket", js: `{"answers":{"other_csp":"yes"},"outcome":{"status":"ticket_opened","reference":"2611200010001"}}`,
			status: Diagnosed, scenario: "E", confidence: High, candidates: "A:high", evidence: "A/other_csp"},
		// Online (diagnose --online): what a lookup of this run found, and what a case kept
		{name: "C high: domain resolves to another tenant", js: `{"customer":{"domain":"contoso.com","tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceDiscovery, FactDomainTenantID, "11111111-2222-3333-4444-555555555555", FactDomainCloud, "public")}},
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/domain_resolves_elsewhere"},
		{name: "domain resolves to the entered tenant", js: `{"customer":{"domain":"contoso.com","tenant_id":"` + strings.ToUpper(goodID) + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceDiscovery, FactDomainTenantID, goodID, FactDomainCloud, "public")}},
			status: Incomplete},
		{name: "US Government cloud is a warning", js: `{"customer":{"domain":"agency.us","tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceDiscovery, FactDomainTenantID, goodID, FactDomainCloud, "us_government")}},
			status: Incomplete, warnings: "cloud_us_government"},
		{name: "China cloud of the entered ID is a warning", js: `{"customer":{"tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceDiscovery, FactTenantExists, "yes", FactTenantCloud, "china")}},
			status: Incomplete, warnings: "cloud_china"},
		{name: "unknown domain is a warning", js: `{"customer":{"domain":"nope.example","tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceDiscovery, FactDomainTenantID, "none")}},
			status: Incomplete, warnings: "domain_not_found"},
		{name: "a failed lookup is a warning, not another diagnosis", js: `{"customer":{"domain":"contoso.com","tenant_id":"` + goodID + `"},"answers":{"other_csp":"yes"}}`,
			looker: fakeLooker{Looked{Failures: []error{&LookupError{Domain: "contoso.com", Kind: LookupTimeout}}}},
			status: Diagnosed, scenario: "A", confidence: High, candidates: "A:high", evidence: "A/other_csp", warnings: "lookup_failed"},
		{name: "C high: no cloud knows the entered ID", js: `{"customer":{"tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceDiscovery, FactTenantExists, "no")}},
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/tenant_not_found"},
		{name: "kept in the case: the lookups decide without --online", js: `{"customer":{"tenant_id":"` + goodID + `"},"lookups":[` +
			`{"source":"openid_discovery","fact":"tenant_exists","value":"no","at":"2026-11-20T09:00:00+01:00"}]}`,
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/tenant_not_found"},
		{name: "C medium: the tenant's name fits neither name nor domain", js: `{"customer":{"name":"Contoso GmbH","domain":"contoso.de","tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceGraph, FactTenantName, "Fabrikam, Inc.", FactTenantDefaultDomain, "fabrikam.onmicrosoft.com")}},
			status: Diagnosed, scenario: "C", confidence: Medium, candidates: "C:medium", evidence: "C/tenant_name_differs"},
		{name: "the tenant's name fits apart from the legal form", js: `{"customer":{"name":"Contoso GmbH","tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceGraph, FactTenantName, "Contoso, Ltd", FactTenantDefaultDomain, "CONTOSO18839.onmicrosoft.com")}},
			status: Incomplete},
		{name: "C high: Graph puts the domain in another tenant, one evidence", js: `{"customer":{"domain":"contoso.com","tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: append(looked(SourceDiscovery, FactDomainTenantID, "11111111-2222-3333-4444-555555555555"),
				looked(SourceGraph, FactDomainTenantID, "11111111-2222-3333-4444-555555555555", FactDomainTenantName, "Fabrikam")...)}},
			status: Diagnosed, scenario: "C", confidence: High, candidates: "C:high", evidence: "C/domain_tenant_differs"},
		{name: "B high: Partner Center says reseller", js: `{"customer":{"tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourcePartnerCenter, FactCustomerRelationship, "reseller")}},
			status: Diagnosed, scenario: "B", confidence: High, candidates: "B:high", evidence: "B/pc_relationship_reseller"},
		{name: "a person's answer decides over Partner Center's, with a warning", js: `{"customer":{"tenant_id":"` + goodID + `"},"answers":{"partner_center_search":"not_found"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourcePartnerCenter, FactCustomerRelationship, "reseller")}},
			status: Incomplete, warnings: "lookup_conflicts_answer"},
		{name: "B high: a contract", js: `{"customer":{"tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceGraph, FactContract, "reseller_partner")}},
			status: Diagnosed, scenario: "B", confidence: High, candidates: "B:high", evidence: "B/contract_found"},
		{name: "no contract is no evidence", js: `{"customer":{"tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceGraph, FactContract, "none")}},
			status: Incomplete},
		{name: "B medium: active and pending GDAP", js: `{"customer":{"tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceGraph, FactAdminRelationship, "active", FactAdminRelationship, "approval_pending")}},
			status: Diagnosed, scenario: "B", confidence: Medium, candidates: "B:medium", evidence: "B/gdap_active B/gdap_pending"},
		{name: "D medium: GDAP ended the day before the failure", js: `{"customer":{"tenant_id":"` + goodID + `"},"attempts":["` + at(time.Hour) + `"]}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceGraph, FactAdminRelationship, "terminated", FactAdminRelationshipEnds, at(25*time.Hour))}},
			status: Diagnosed, scenario: "D", confidence: Medium, candidates: "D:medium", evidence: "D/gdap_ended_recently"},
		{name: "GDAP that ended long ago is no evidence", js: `{"customer":{"tenant_id":"` + goodID + `"},"attempts":["` + at(time.Hour) + `"]}`,
			looker: fakeLooker{Looked{Lookups: looked(SourceGraph, FactAdminRelationship, "expired", FactAdminRelationshipEnds, at(400*time.Hour))}},
			status: Incomplete},
		{name: "no domain, no lookup", js: `{"customer":{"tenant_id":"` + goodID + `"}}`,
			looker: fakeLooker{},
			status: Incomplete},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range scenarios.Langs {
				e := &Engine{Model: testModel, Lang: lang, Now: testNow, Looker: tt.looker}
				r := e.Diagnose(mustCase(t, tt.js), 7)
				if r.Status != tt.status || r.Scenario != tt.scenario || r.Confidence != tt.confidence {
					t.Fatalf("%s: got %s %q %q, want %s %q %q", lang, r.Status, r.Scenario, r.Confidence, tt.status, tt.scenario, tt.confidence)
				}
				if got := summary(r.Candidates); got != tt.candidates {
					t.Errorf("candidates: got %q, want %q", got, tt.candidates)
				}
				if got := allEvidence(r); got != tt.evidence {
					t.Errorf("evidence: got %q, want %q", got, tt.evidence)
				}
				if got := codes(r.Warnings); got != tt.warnings {
					t.Errorf("warnings: got %q, want %q", got, tt.warnings)
				}
				if r.ID != "#7" {
					t.Errorf("a case without id is named by its record number, got %q", r.ID)
				}
				if r.Status == Diagnosed && (r.Title == "" || len(r.Steps) == 0) {
					t.Errorf("a diagnosis needs a title and steps")
				}
				if r.Status == Resolved && (len(r.Steps) != 0 || len(r.Missing) != 0 || r.Confidence != "") {
					t.Errorf("a resolved case has nothing left to do or find out: %+v", r)
				}
				if (r.Scenario == "E") != (r.Ticket != nil) {
					t.Errorf("scenario E, and only E, carries the ticket")
				}
				if r.Status == Incomplete && (r.Title != "" || len(r.Steps) != 0 || len(r.Missing) == 0) {
					t.Errorf("an incomplete result has no title or steps but says what is missing: %+v", r)
				}
				for _, c := range r.Candidates {
					for _, ev := range c.Evidence {
						seen[ev.Code] = true
						if ev.Text == "" || strings.Contains(ev.Text, "{") {
							t.Errorf("%s: evidence %s text not filled in: %q", lang, ev.Code, ev.Text)
						}
					}
				}
				for _, w := range r.Warnings {
					seen[w.Code] = true
				}
			}
		})
	}
	// Every evidence text in the catalog must be reachable by a rule tested above.
	for _, s := range scenarios.Embedded().Scenarios {
		for _, m := range s.Evidence {
			if !seen[m.Code] {
				t.Errorf("catalog evidence %q (scenario %s) is produced by no tested rule", m.Code, s.ID)
			}
		}
	}
}

// fakeLooker gives every case the same lookups.
type fakeLooker struct{ looked Looked }

func (f fakeLooker) Look(*Case) Looked { return f.looked }

// looked are lookups of source: fact and value pairs, looked up an hour before testNow.
func looked(source string, pairs ...string) []Lookup {
	at := &Time{testNow.Add(-time.Hour)}
	var out []Lookup
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Lookup{Source: source, Fact: pairs[i], Value: pairs[i+1], At: at})
	}
	return out
}

func TestLookupErrorTexts(t *testing.T) {
	cat := scenarios.Embedded()
	kinds := []LookupKind{LookupInvalidDomain, LookupNotFound, LookupTimeout, LookupNetwork, LookupStatus, LookupTooLarge, LookupMalformed}
	for _, k := range kinds {
		for _, lang := range scenarios.Langs {
			msg := (&LookupError{Domain: "d.example", Kind: k, Detail: "x"}).Message(cat, lang)
			if msg == "" || strings.Contains(msg, "{") {
				t.Errorf("%s/%s: %q", k, lang, msg)
			}
		}
	}
}

func TestEvidenceTextsNameTheDetails(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	r := e.Diagnose(mustCase(t, `{"customer":{"tenant_id":"`+goodID+`","confirmed_tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a32"}}`), 1)
	if got, want := r.Candidates[0].Evidence[0].Text, "first difference at character 36"; !strings.Contains(got, want) {
		t.Errorf("mismatch text %q lacks %q", got, want)
	}
	withAttempt := `{"attempts":["2026-11-20T11:00:00+01:00"],"answers":{"recent_change":"yes","recent_change_at":"2026-11-20T09:25:00+01:00"}}`
	r = e.Diagnose(mustCase(t, withAttempt), 1)
	if got, want := r.Candidates[0].Evidence[0].Text, "The change (2026-11-20 09:25 +01:00) came 1 h 35 min before the last failed attempt (2026-11-20 11:00 +01:00)"; !strings.Contains(got, want) {
		t.Errorf("recent change text %q lacks %q", got, want)
	}
	r = e.Diagnose(mustCase(t, `{"answers":{"recent_change":"yes","recent_change_at":"`+at(2*time.Hour+35*time.Minute)+`"}}`), 1)
	if got, want := r.Candidates[0].Evidence[0].Text, "came 2 h 35 min before the time of this diagnosis (no failed attempt with a time is recorded)"; !strings.Contains(got, want) {
		t.Errorf("recent change text %q lacks %q", got, want)
	}
	r = e.Diagnose(mustCase(t, `{"attempts":["`+at(-30*time.Hour)+`"],"answers":{"recent_change":"yes","recent_change_at":"`+at(-time.Hour)+`"}}`), 1)
	if got, want := r.Warnings[0].Text, "Some of the times given are in the future: the change (2026-11-20 13:00 +01:00), a failed attempt (2026-11-21 18:00 +01:00)."; !strings.Contains(got, want) {
		t.Errorf("future text %q lacks %q", got, want)
	}
	e.Lang = scenarios.DE
	r = e.Diagnose(mustCase(t, withAttempt), 1)
	if got, want := r.Candidates[0].Evidence[0].Text, "lag 1 Std. 35 Min. vor dem letzten fehlgeschlagenen Versuch (2026-11-20 11:00 +01:00)"; !strings.Contains(got, want) {
		t.Errorf("German recent change text %q lacks %q", got, want)
	}
	r = e.Diagnose(mustCase(t, `{"customer":{"country":"DE"},"partner":{"country":"us"}}`), 1)
	if got, want := r.Warnings[0].Text, "liegt das Land des Kunden, DE, in der CSP-Region Europa, Ihres (US) in Vereinigte Staaten"; !strings.Contains(got, want) {
		t.Errorf("German region text %q lacks %q", got, want)
	}
}

// TestFutureTimesAreBounded: a case with thousands of attempts in the future lists a few.
func TestFutureTimesAreBounded(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	var b strings.Builder
	b.WriteString(`{"attempts":[`)
	for i := range 5000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"2030-01-01T00:00:00Z"`)
	}
	b.WriteString(`]}`)
	r := e.Diagnose(mustCase(t, b.String()), 1)
	if got := r.Warnings[0].Text; strings.Count(got, "2030") != maxFutureListed || !strings.Contains(got, "and 4997 more") {
		t.Errorf("future text not bounded: %.300s", got)
	}
}

func TestMissingOrder(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	r := e.Diagnose(mustCase(t, `{"answers":{"recent_change":"yes","other_csp":"no"}}`), 1)
	want := "customer.tenant_id customer.confirmed_tenant_id answers.partner_center_search answers.invitation_pending " +
		"answers.earlier_relationship_with_you answers.crm_duplicates answers.direct_microsoft answers.recent_change_at answers.change_kind"
	if got := strings.Join(r.Missing, " "); got != want {
		t.Errorf("missing\n got: %s\nwant: %s", got, want)
	}
}

// TestQuestionsHaveCatalogTexts keeps the field table and the catalog in step: every field the
// walkthrough asks or the diagnosis needs has a question, every ticket fact a label, every
// enum value a label where it is offered.
func TestQuestionsHaveCatalogTexts(t *testing.T) {
	cat := scenarios.Embedded()
	EachField(func(f *Field) {
		if f.Ask == nil && f.Need == 0 {
			return
		}
		if _, ok := cat.Question(f.Path); !ok {
			t.Errorf("question %s has no catalog text", f.Path)
		}
		if f.TicketNeed > 0 {
			if _, ok := cat.Lookup(f.TicketLabel, scenarios.DE); !ok {
				t.Errorf("ticket fact %s: no text %s", f.Path, f.TicketLabel)
			}
		}
		for _, v := range f.Values {
			if label := cat.Option(f.Question, v); f.Ask != nil && (label.EN == "" || label.DE == "") {
				t.Errorf("question %s: no label for %q", f.Path, v)
			}
		}
	})
	// And every catalog question is a field of the case file.
	for _, q := range cat.Questions {
		if !isCaseField(q.ID) {
			t.Errorf("catalog question %q is not a field of the case file", q.ID)
		}
	}
}

func isCaseField(path string) bool {
	_, ok := testModel.Field(path)
	return ok
}

// TestResultKeepsItsCase: a result does not change when the case it was made from is reused
// for the next record, as the batch does.
func TestResultKeepsItsCase(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	dec := NewDecoder(strings.NewReader(`{"id":"a","customer":{"name":"First"}}` + "\n" + `{"id":"b","customer":{"name":"Second"}}`))
	var c Case
	var results []Result
	for dec.Next(&c) == nil {
		results = append(results, e.Diagnose(&c, dec.Record()))
	}
	if len(results) != 2 || results[0].Case.Customer.Name != "First" || results[1].Case.Customer.Name != "Second" {
		t.Errorf("results %q %q", results[0].Case.Customer.Name, results[1].Case.Customer.Name)
	}
}

// TestRulesGroupedByScenario: the rules of a scenario are neighbours in the table, which lets
// the candidates share one array of notes.
func TestRulesGroupedByScenario(t *testing.T) {
	seen := map[scenarios.ID]bool{}
	var last scenarios.ID
	for _, r := range testModel.rules {
		if r.scenario == "" || r.scenario == last {
			continue
		}
		if seen[r.scenario] {
			t.Errorf("rule %s: the rules of %s are not together in the table", r.code, r.scenario)
		}
		seen[r.scenario], last = true, r.scenario
	}
}

// TestDiagnoseIntoReusesNothingStale: a result whose memory serves case after case (a batch)
// is, every time, exactly the result of a fresh diagnosis; and the case it carries stays its
// own copy.
func TestDiagnoseIntoReusesNothingStale(t *testing.T) {
	var in bytes.Buffer
	if err := casegen.Write(&in, 3000, 7); err != nil {
		t.Fatal(err)
	}
	for _, lang := range scenarios.Langs {
		e := &Engine{Model: testModel, Lang: lang, Now: testNow}
		dec := NewDecoder(bytes.NewReader(in.Bytes()))
		var c Case
		var reused Result
		statuses := map[Status]int{}
		for n := 1; ; n++ {
			err := dec.Next(&c)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				continue // an invalid record is not diagnosed
			}
			fresh := e.Diagnose(&c, n)
			e.DiagnoseInto(&reused, &c, n)
			if !reflect.DeepEqual(normalised(fresh), normalised(reused)) {
				t.Fatalf("%s, record %d: reused result\n%+v\ndiffers from a fresh one\n%+v", lang, n, reused, fresh)
			}
			if reused.Case == &c {
				t.Fatal("the result holds the caller's case, not its own copy")
			}
			statuses[fresh.Status]++
		}
		if statuses[Diagnosed] == 0 || statuses[Incomplete] == 0 {
			t.Fatalf("the generated cases do not cover both diagnosed and incomplete: %v", statuses)
		}
	}
}

// normalised is a result as it is written: nil and empty lists alike, the reused memory left out.
func normalised(r Result) Result {
	r.own, r.notes, r.found, r.warned, r.facts, r.text = nil, nil, nil, nil, nil, nil
	for _, l := range []*[]string{&r.Steps, &r.Missing} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	if len(r.Warnings) == 0 {
		r.Warnings = nil
	}
	if len(r.Candidates) == 0 {
		r.Candidates = nil
	}
	return r
}
