package render

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

// lookedUpCase has every question answered but nothing found (so E and its ticket), and what
// was looked up, with a name that must be escaped.
const lookedUpCase = `{"id":"l1","customer":{"name":"Contoso GmbH","tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31","confirmed_tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"},"a` +
	`nswers":{"other_csp":"no","direct_microsoft":"no","earlier_relationship_with_you":"no","invitation_pending":"no","recent_change":"no","crm_duplicates":"no","partner_center_search":"not_found"},"lookups":[{"source":"openid_discovery","fact":"tenant_exists","val` +
	`ue":"yes","at":"2026-11-20T10:02:00+01:00"},{"source":"graph","fact":"tenant_name","value":"Contoso *Ltd* <b>","at":"2026-11-20T10:02:00+01:00"},{"source":"graph","fact":"admin_relationship","value":"none","at":"2026-11-20T10:02:00+01:00"}]}`

func lookedUpResult(t *testing.T, lang scenarios.Lang) diagnose.Result {
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: lang, Now: testNow, Generator: "cspfix test"}
	r := e.Diagnose(decodeOne(t, lookedUpCase), 1)
	if r.Scenario != "E" || r.Ticket == nil {
		t.Fatalf("the fixture is meant for E with a ticket: %s", r.Scenario)
	}
	return r
}

// TestLookupsInEveryOutput: text and Markdown list them in words with source and time (the name
// escaped for Markdown), JSON has them as the case holds them, as encoding/json writes
// ResultDoc, CSV in a column, the ticket says what was checked.
func TestLookupsInEveryOutput(t *testing.T) {
	r := lookedUpResult(t, scenarios.EN)
	opts := Options{Lang: scenarios.EN, Catalog: scenarios.Embedded(), Width: 200}
	var text, md bytes.Buffer
	NewText(&text, opts).Write(&r)
	NewMarkdown(&md, opts).Write(&r)
	for _, want := range []string{
		"Looked up in Microsoft's systems\n" +
			"  • Microsoft's sign-in service, 2026-11-20 10:02 +01:00\n" +
			"    • tenant with the entered ID exists: yes\n" +
			"  • Microsoft Graph, 2026-11-20 10:02 +01:00\n" +
			`    • name of the tenant with the entered ID: "Contoso *Ltd* <b>"` + "\n" +
			"    • admin relationship (GDAP) with the customer: none found\n",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if !strings.Contains(md.String(), "**Looked up in Microsoft's systems**\n\n- Microsoft's sign-in service, 2026-11-20 10:02 +01:00\n  - tenant with the entered ID exists: yes\n") ||
		!strings.Contains(md.String(), `\*Ltd\* \<b\>`) {
		t.Errorf("Markdown:\n%s", md.String())
	}

	enc := ResultJSON{Lang: scenarios.EN, Catalog: scenarios.Embedded()}
	line := enc.Append(nil, &r)
	sameJSON(t, line, enc.Doc(&r), true)
	for _, want := range []string{
		`"warnings":[],"lookups":[{"source":"openid_discovery","fact":"tenant_exists","value":"yes","at":"2026-11-20T10:02:00+01:00"},`,
		`"looked_up":["tenant with the entered ID exists: yes (Microsoft's sign-in service, 2026-11-20 10:02 +01:00)",`,
	} {
		if !bytes.Contains(line, []byte(want)) {
			t.Errorf("JSON lacks %s:\n%s", want, line)
		}
	}
	sameTicketJSON(t, r.Ticket, true)

	var out bytes.Buffer
	NewCSV(&out, opts, false).Write(&r)
	rows, err := csv.NewReader(&out).ReadAll()
	col := slices.Index(CSVHeader, "lookups")
	if err != nil || rows[0][col] != "lookups" ||
		rows[1][col] != "openid_discovery/tenant_exists=yes; graph/tenant_name=Contoso *Ltd* <b>; graph/admin_relationship=none" {
		t.Errorf("CSV %q (%v)", rows, err)
	}

	de := lookedUpResult(t, scenarios.DE)
	var ticket strings.Builder
	TicketText(&ticket, de.Ticket, scenarios.Embedded(), false)
	words := strings.Join(strings.Fields(ticket.String()), " ")
	for _, want := range []string{"What we checked in Microsoft's systems", // the ticket's language is English
		"- admin relationship (GDAP) with the customer: none found (Microsoft Graph, 2026-11-20 10:02 +01:00)"} {
		if !strings.Contains(words, want) {
			t.Errorf("ticket lacks %q:\n%s", want, ticket.String())
		}
	}
}

// TestNoLookupsNoChange: a result without lookups is written as before (no key, no section).
func TestNoLookupsNoChange(t *testing.T) {
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testNow, Generator: "x"}
	r := e.Diagnose(decodeOne(t, `{"answers":{"other_csp":"yes"}}`), 1)
	enc := ResultJSON{Lang: scenarios.EN, Catalog: scenarios.Embedded()}
	var text bytes.Buffer
	NewText(&text, Options{Lang: scenarios.EN, Catalog: scenarios.Embedded()}).Write(&r)
	if bytes.Contains(enc.Append(nil, &r), []byte("lookups")) || strings.Contains(text.String(), "Looked up") {
		t.Error("a result without lookups names them")
	}
}

// TestLookupGroups: the facts of one source and time go under one head, the values of one fact
// on one line.
func TestLookupGroups(t *testing.T) {
	at := &diagnose.Time{Time: testNow}
	list := []diagnose.Lookup{{Source: "graph", Fact: "admin_relationship", Value: "active", At: at},
		{Source: "graph", Fact: "admin_relationship", Value: "terminated", At: at}, {Source: "graph", Fact: "contract", Value: "none", At: at},
		{Source: "partner_center", Fact: "customer_relationship", Value: "reseller", At: at}}
	got := LookupGroups(scenarios.Embedded(), list, scenarios.EN)
	if len(got) != 2 || got[0].Head() != "Microsoft Graph, 2026-11-20 12:00 +01:00" ||
		strings.Join(got[0].Facts, "|") != "admin relationship (GDAP) with the customer: active, ended|partner tenant's contract with the customer: none found" ||
		got[1].Facts[0] != "customer's relationship to the partner in Partner Center: reseller" {
		t.Errorf("%+v", got)
	}
}
