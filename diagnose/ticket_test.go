package diagnose

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

func TestTicketTimesAcrossOffsetsAndDST(t *testing.T) {
	tests := []struct{ in, local, utc string }{
		// Europe/Berlin, the night summer time starts: 02:00 CET becomes 03:00 CEST.
		{"2026-03-29T01:30:00+01:00", "2026-03-29 01:30 +01:00", "2026-03-29 00:30 UTC"},
		{"2026-03-29T03:30:00+02:00", "2026-03-29 03:30 +02:00", "2026-03-29 01:30 UTC"},
		// The night it ends: 02:30 happens twice, told apart only by the offset.
		{"2026-10-25T02:30:00+02:00", "2026-10-25 02:30 +02:00", "2026-10-25 00:30 UTC"},
		{"2026-10-25T02:30:00+01:00", "2026-10-25 02:30 +01:00", "2026-10-25 01:30 UTC"},
		// Across the date line and in UTC itself.
		{"2026-11-20T21:00:00-05:00", "2026-11-20 21:00 -05:00", "2026-11-21 02:00 UTC"},
		{"2026-11-20T09:14:00Z", "2026-11-20 09:14 +00:00", "2026-11-20 09:14 UTC"},
	}
	var attempts []string
	for _, tt := range tests {
		attempts = append(attempts, `"`+tt.in+`"`)
	}
	c := mustCase(t, `{"attempts":[`+strings.Join(attempts, ",")+`]}`)
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	r := e.Diagnose(c, 1)
	tk := e.Ticket(c, &r, scenarios.EN, "cspfix test")
	for i, tt := range tests {
		if got := tk.Attempts[i]; got.Local != tt.local || got.UTC != tt.utc {
			t.Errorf("%s: got %+v, want %s / %s", tt.in, got, tt.local, tt.utc)
		}
	}
}

func TestTicketMissingAndProblems(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	tests := []struct {
		js, missing, problems string
	}{
		{`{}`, "error_message customer.tenant_id partner.partner_id attempts", ""},
		{`{"error_message":"x","customer":{"tenant_id":"y"},"partner":{"partner_id":"4847383"},"attempts":["2026-11-20T09:14:00+01:00"]}`, "", ""},
		{`{"error_message":" ","partner":{"partner_id":"MPN-4847383"}}`, "error_message customer.tenant_id attempts", `The Partner ID (MPN ID) "MPN-4847383" should consist of digits only.`},
	}
	for _, tt := range tests {
		c := mustCase(t, tt.js)
		r := e.Diagnose(c, 1)
		tk := e.Ticket(c, &r, scenarios.EN, "cspfix test")
		if got := strings.Join(tk.Missing, " "); got != tt.missing {
			t.Errorf("%s: missing %q, want %q", tt.js, got, tt.missing)
		}
		if got := strings.Join(tk.Problems, " "); got != tt.problems {
			t.Errorf("%s: problems %q, want %q", tt.js, got, tt.problems)
		}
	}
}

func TestTicketCauses(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.DE, Now: testNow}
	c := mustCase(t, `{"customer":{"tenant_id":"`+goodID+`","confirmed_tenant_id":"`+goodID+`"},
		"answers":{"other_csp":"yes","direct_microsoft":"no","earlier_relationship_with_you":"no",
		"invitation_pending":"no","recent_change":"no","crm_duplicates":"no"},"tried":[{"scenario":"C"}]}`)
	r := e.Diagnose(c, 1)
	tk := e.Ticket(c, &r, scenarios.EN, "cspfix test")
	causes := func(list []TicketCause) string {
		var parts []string
		for _, c := range list {
			parts = append(parts, string(c.Scenario)+":"+strings.Join(c.Reasons, " "))
		}
		return strings.Join(parts, " | ")
	}
	// Partner Center was not searched, so B is not ruled out; A has evidence, in English.
	if got, want := causes(tk.Open), "B:We have not checked this yet. | A:Our customer says it already works with another CSP partner."; got != want {
		t.Errorf("open causes\n got: %s\nwant: %s", got, want)
	}
	if got, want := causes(tk.RuledOut), "C:Tried without success (see \"Steps already taken\"). The tenant ID we entered matches the one our customer confirmed. | D:Nothing in our customer's answers or in our own checks points to it."; got != want {
		t.Errorf("ruled out\n got: %s\nwant: %s", got, want)
	}
}

func TestScenarioEResultCarriesTheTicket(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.DE, Now: testNow, Generator: "cspfix test"}
	r := e.Diagnose(mustCase(t, `{`+allAnswered+`}`), 1)
	if r.Scenario != "E" || r.Ticket == nil {
		t.Fatalf("want E with a ticket, got %s %v", r.Scenario, r.Ticket)
	}
	if r.Ticket.Lang != scenarios.EN {
		t.Errorf("the ticket defaults to English whatever the interface language, got %s", r.Ticket.Lang)
	}
	if got := strings.Join(r.Missing, " "); got != "error_message partner.partner_id attempts" {
		t.Errorf("E lists the ticket's missing facts, got %q", got)
	}
	if r := e.Diagnose(mustCase(t, `{"answers":{"other_csp":"yes"}}`), 1); r.Ticket != nil {
		t.Errorf("only E carries a ticket")
	}
}

// TestTicketSubjectNamesTheCustomer: the subject names the customer, else its domain, else its
// tenant ID in the canonical form, and never repeats an ID as it was typed.
func TestTicketSubjectNamesTheCustomer(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	tests := []struct{ customer, want string }{
		{`{"name":"Contoso GmbH","domain":"contoso.de","tenant_id":"{` + goodID + `}"}`, ": Contoso GmbH"},
		{`{"domain":"contoso.de","tenant_id":"{` + goodID + `}"}`, ": contoso.de"},
		{`{"tenant_id":"{` + strings.ToUpper(goodID) + `}"}`, ": tenant " + goodID},
		{`{"tenant_id":"{not-an-id}"}`, `existing"`},
		{`{}`, `existing"`},
	}
	for _, tt := range tests {
		c := mustCase(t, `{"customer":`+tt.customer+`}`)
		r := e.Diagnose(c, 1)
		tk := e.Ticket(c, &r, scenarios.EN, "cspfix test")
		if !strings.HasSuffix(tk.Subject, tt.want) || strings.Contains(tk.Subject, "{") {
			t.Errorf("%s: subject %q, want it to end in %q", tt.customer, tk.Subject, tt.want)
		}
	}
}

// TestTicketTimesAreBetweenEvents: a change is told relative to the failed attempt, and without
// an attempt by its own time, never relative to when the ticket is written.
func TestTicketTimesAreBetweenEvents(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	change := testNow.Add(-150 * time.Hour).Format(time.RFC3339)
	attempt := testNow.Add(-149 * time.Hour).Format(time.RFC3339)
	tests := []struct{ name, js, want string }{
		{"with attempt", `{"attempts":["` + attempt + `"],"answers":{"recent_change":"yes","recent_change_at":"` + change + `"}}`, "came 1 h before"},
		{"no attempt", `{"answers":{"recent_change":"yes","recent_change_at":"` + change + `"}}`, "no failed attempt"},
	}
	for _, tt := range tests {
		c := mustCase(t, tt.js)
		r := e.Diagnose(c, 1)
		tk := e.Ticket(c, &r, scenarios.EN, "cspfix test")
		all := strings.Join(append(causeReasons(tk.Open), causeReasons(tk.RuledOut)...), " ")
		if !strings.Contains(all, tt.want) || strings.Contains(all, " ago") || strings.Contains(all, "{") {
			t.Errorf("%s: causes say %q, want %q and no time relative to now", tt.name, all, tt.want)
		}
	}
}

func causeReasons(list []TicketCause) []string {
	var out []string
	for _, c := range list {
		out = append(out, c.Reasons...)
	}
	return out
}

// TestTicketMarksNotesInAnotherLanguage: German notes in an English ticket are marked as German.
func TestTicketMarksNotesInAnotherLanguage(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	c := mustCase(t, `{"notes":"Kunde sagt, es hat sich nichts geändert","tried":[{"scenario":"C","note":"re-entered the ID, same error"}]}`)
	r := e.Diagnose(c, 1)
	tk := e.Ticket(c, &r, scenarios.EN, "cspfix test")
	if tk.NotesLang != scenarios.DE || tk.Tried[0].NoteLang != scenarios.EN {
		t.Errorf("notes %q, step note %q: want de and en", tk.NotesLang, tk.Tried[0].NoteLang)
	}
}

// TestTicketTextsSpeakAsTheReseller: partner support reads the ticket; no finding addresses it
// as if it were the reseller.
func TestTicketTextsSpeakAsTheReseller(t *testing.T) {
	cat := scenarios.Embedded()
	for _, s := range cat.Scenarios {
		for _, m := range s.Evidence {
			for _, word := range []string{"you", "You", "your", "Your", " ago"} {
				if strings.Contains(m.Ticket.EN, word) {
					t.Errorf("%s: ticket text %q says %q", m.Code, m.Ticket.EN, word)
				}
			}
			for _, word := range []string{"Sie ", "Ihr", "Ihnen"} {
				if strings.Contains(m.Ticket.DE, word) {
					t.Errorf("%s: ticket text %q says %q", m.Code, m.Ticket.DE, word)
				}
			}
		}
	}
}

// TestTicketSaysWhereLookAlikeIDsDiffer: an entered ID with a Cyrillic "а" looks like the
// confirmed one on any screen; the ticket says that they differ, and where, in its language.
// IDs that differ everywhere are simply other IDs: no list.
func TestTicketSaysWhereLookAlikeIDsDiffer(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	for _, tt := range []struct {
		entered, confirmed string
		lang               scenarios.Lang
		want               string
	}{
		{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5а31", goodID, scenarios.EN, `Character 34: entered "а" U+0430 CYRILLIC SMALL LETTER A, confirmed "a" U+0061`},
		{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5а31", goodID, scenarios.DE, `Zeichen 34: eingegeben "а" U+0430 CYRILLIC SMALL LETTER A, bestätigt "a" U+0061`},
		{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31\u200b", goodID, scenarios.EN, "Character 37:"},
		{"9f1e2d3c-4b5a-4968-8776-655443322110", goodID, scenarios.EN, ""},
		{strings.ToUpper(goodID), goodID, scenarios.EN, ""}, // the same ID
	} {
		c := mustCase(t, `{"customer":{"tenant_id":"`+tt.entered+`","confirmed_tenant_id":"`+tt.confirmed+`"}}`)
		r := e.Diagnose(c, 1)
		tk := e.Ticket(c, &r, tt.lang, "cspfix test")
		got := strings.Join(tk.TenantIDDifferences, "\n")
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.entered, got, tt.want)
		}
	}
}

// TestTicketListsAnAttemptOnce: the same attempt recorded twice in one minute (the walkthrough's
// "now", and the failure after "no") is one attempt in the ticket.
func TestTicketListsAnAttemptOnce(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	c := mustCase(t, `{"attempts":["2026-11-20T10:15:00+01:00","2026-11-20T10:15:42+01:00","2026-11-20T11:30:00+01:00"]}`)
	r := e.Diagnose(c, 1)
	if tk := e.Ticket(c, &r, scenarios.EN, "cspfix test"); len(tk.Attempts) != 2 {
		t.Errorf("attempts %+v", tk.Attempts)
	}
}

// TestTicketNamesItsDeskAndAKnownText: the ticket is addressed to the support desk the
// fallback's route chooses (the indirect provider's, where there is one), and names a known
// error text other than the one its subject names; scenarios no question checks (F, G) are
// neither open nor ruled out unless something points to them.
func TestTicketNamesItsDeskAndAKnownText(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	for _, tt := range []struct {
		js, desk, known string
		open            string
	}{
		{`{` + allAnswered + `,"partner":{"indirect_provider":"Northwind"},"error_message":"Partner relation does not work because it is already existing"}`,
			"indirect_provider", "already_existing", ""},
		{`{` + allAnswered + `,"error_message":"Quota exceeded"}`, "partner_support", "", ""},
		{`{` + allAnswered + `,"error_message":` + jsonString(subdomainInUseText) + `}`, "partner_support", "subdomain_in_use", "G"},
	} {
		c := mustCase(t, tt.js)
		r := e.Diagnose(c, 1)
		tk := e.Ticket(c, &r, scenarios.EN, "cspfix test")
		var open, all []string
		for _, cause := range tk.Open {
			open = append(open, string(cause.Scenario))
		}
		for _, cause := range append(tk.Open, tk.RuledOut...) {
			all = append(all, string(cause.Scenario))
		}
		if tk.Desk != tt.desk || tk.KnownError != tt.known {
			t.Errorf("%s: desk %q, known error %q; want %q, %q", tt.js, tk.Desk, tk.KnownError, tt.desk, tt.known)
		}
		if strings.Contains(strings.Join(all, ""), "F") || strings.Contains(strings.Join(all, ""), "G") != (tt.open == "G") ||
			tt.open != "" && !strings.Contains(strings.Join(open, ""), tt.open) {
			t.Errorf("%s: causes %v, open %v", tt.js, all, open)
		}
	}
}

// TestSummaryCountsUnknownErrorTexts: a batch's summary counts the error texts cspfix does not
// know, each text once in one line, and only so many different ones.
func TestSummaryCountsUnknownErrorTexts(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	s := testModel.NewSummary()
	for _, msg := range []string{"Quota exceeded", "Quota\n exceeded", "Partner relation does not work because it is already existing", "", "Tenant blocked"} {
		r := e.Diagnose(mustCase(t, `{"error_message":`+jsonString(msg)+`}`), 1)
		s.Add(&r)
	}
	if s.UnknownErrors != 3 || s.UnknownErrorTexts["Quota exceeded"] != 2 || s.UnknownErrorTexts["Tenant blocked"] != 1 || len(s.UnknownErrorTexts) != 2 {
		t.Errorf("unknown %d: %v", s.UnknownErrors, s.UnknownErrorTexts)
	}
	for i := range MaxSummaryTexts + 5 {
		r := e.Diagnose(mustCase(t, `{"error_message":"Error number `+strings.Repeat("x", i%7)+fmt.Sprint(i)+`"}`), 1)
		s.Add(&r)
	}
	if len(s.UnknownErrorTexts) != MaxSummaryTexts || s.UnknownErrors != 3+MaxSummaryTexts+5 {
		t.Errorf("%d texts kept, %d counted", len(s.UnknownErrorTexts), s.UnknownErrors)
	}
}

// TestSummaryCountsOneTextOnce: unknown texts that differ only in an ID, a timestamp or a long
// number are counted as one text, with "…" where they differ; short codes stay.
func TestSummaryCountsOneTextOnce(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	s := testModel.NewSummary()
	for i, id := range []string{"2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7", "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"} {
		msg := fmt.Sprintf("Request failed (code 40012). CorrelationId: %s. Timestamp: 2026-11-2%dT10:00:0%dZ, order 10023456%d", id, i, i, i)
		r := e.Diagnose(mustCase(t, `{"error_message":`+jsonString(msg)+`}`), 1)
		s.Add(&r)
	}
	want := "Request failed (code 40012). CorrelationId: … Timestamp: …, order …"
	if s.UnknownErrorTexts[want] != 3 || len(s.UnknownErrorTexts) != 1 {
		t.Errorf("counted %v, want %q three times", s.UnknownErrorTexts, want)
	}
}
