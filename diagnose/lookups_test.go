package diagnose

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

const withLookups = `{"id":"l1","customer":{"name":"Contoso GmbH","tenant_id":"` + goodID + `"},"lookups":[` +
	`{"source":"partner_center","fact":"customer_relationship","value":"reseller","at":"2026-11-20T10:02:00+01:00"},` +
	`{"source":"graph","fact":"tenant_name","value":"Contoso, Ltd","at":"2026-11-20T10:02:00+01:00"}]}`

// TestLookupsAreAFieldOfTheCase: the decoder reads them, the encoder writes them back as they
// were, and the table's checks hold for them (a source of the list, a fact and a time required).
func TestLookupsAreAFieldOfTheCase(t *testing.T) {
	c := mustCase(t, withLookups)
	if len(c.Lookups) != 2 || c.Lookups[1].Value != "Contoso, Ltd" || c.Lookups[0].At.Format(time.RFC3339) != "2026-11-20T10:02:00+01:00" {
		t.Fatalf("lookups %+v", c.Lookups)
	}
	b, err := json.Marshal(c)
	if err != nil || string(b) != withLookups {
		t.Errorf("written back as\n%s\nwant\n%s", b, withLookups)
	}
	for js, want := range map[string]string{
		`{"lookups":[{"source":"bing","fact":"x","value":"y","at":"2026-11-20T10:00:00Z"}]}`:              "lookups[0].source",
		`{"lookups":[{"source":"graph","value":"y","at":"2026-11-20T10:00:00Z"}]}`:                        "lookups[0].fact",
		`{"lookups":[{"source":"graph","fact":"x","value":"y"}]}`:                                         "lookups[0].at",
		`{"lookups":[{"source":"graph","fact":"x","value":"y","at":"2026-11-20T10:00:00Z","token":"z"}]}`: "lookups[0].token: unknown key",
		`{"lookups":{"source":"graph"}}`:                                                                  "lookups",
	} {
		var c Case
		err := NewDecoder(strings.NewReader(js)).Next(&c)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one about %s", js, err, want)
		}
	}
	// A spreadsheet has no column for them: cspfix writes them itself.
	for _, f := range testModel.CSVColumns() {
		if strings.HasPrefix(f.Path, "lookups") {
			t.Errorf("a CSV column for %s", f.Path)
		}
	}
}

func TestMergeLookups(t *testing.T) {
	l := func(source, fact, value string) Lookup { return Lookup{Source: source, Fact: fact, Value: value} }
	old := []Lookup{l("graph", "admin_relationship", "active"), l("graph", "admin_relationship", "terminated"),
		l("graph", "tenant_name", "Old"), l("openid_discovery", "tenant_exists", "yes")}
	fresh := []Lookup{l("graph", "admin_relationship", "none"), l("graph", "tenant_name", "New")}
	got := MergeLookups(old, fresh)
	want := []Lookup{l("openid_discovery", "tenant_exists", "yes"), l("graph", "admin_relationship", "none"), l("graph", "tenant_name", "New")}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if old[0].Value != "active" || len(old) != 4 {
		t.Error("the old list was changed")
	}
}

func TestNamesFit(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		fit  bool
	}{
		{"Contoso GmbH", "Contoso, Ltd", true},
		{"Müller & Söhne KG", "MÜLLER UND SÖHNE GMBH", true},
		{"Contoso Pharma AG", "ContosoPharma", true},
		{"Contoso GmbH", "Fabrikam, Inc.", false},
		{"GmbH", "Ltd", false},
		{"AG", "ag", true},
	} {
		if got := namesFit(tt.a, tt.b); got != tt.fit {
			t.Errorf("namesFit(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
	for _, tt := range []struct{ a, b string }{{"contoso.com", "Contoso.onmicrosoft.com"}, {"contoso.de.", "CONTOSO.DE"}} {
		if !domainsFit(tt.a, tt.b) {
			t.Errorf("domainsFit(%q, %q)", tt.a, tt.b)
		}
	}
}

// TestLookupsAnswerQuestions: what the lookups find answers the questions the catalog says they
// answer, so that those are neither missing nor asked; a person's different answer decides, and
// is marked.
func TestLookupsAnswerQuestions(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	c := mustCase(t, withLookups)
	answered := func(list []LookedUpAnswer) string {
		var out []string
		for _, a := range list {
			s := a.Field.Path + "=" + a.Value + "@" + a.Source
			if a.Conflict {
				s += "(conflict)"
			}
			out = append(out, s)
		}
		return strings.Join(out, " ")
	}
	if got := answered(e.LookedUp(c)); got != "answers.partner_center_search=found@partner_center answers.earlier_relationship_with_you=yes@partner_center" {
		t.Errorf("answered: %s", got)
	}
	r := e.Diagnose(c, 1)
	if slices.Contains(r.Missing, "answers.partner_center_search") || slices.Contains(r.Missing, "answers.earlier_relationship_with_you") {
		t.Errorf("looked-up answers listed as missing: %v", r.Missing)
	}
	if got := allEvidence(r); got != "B/pc_relationship_reseller" {
		t.Errorf("evidence %s", got)
	}

	// The person said the customer was never linked to them: no evidence from the lookup, a
	// warning instead, and the answer decides.
	testModel.FieldAt("answers.earlier_relationship_with_you").Set(c, "no")
	if got := answered(e.LookedUp(c)); got != "answers.earlier_relationship_with_you=yes@partner_center(conflict)" {
		t.Errorf("answered: %s", got)
	}
	r = e.Diagnose(c, 1)
	if allEvidence(r) != "" || codes(r.Warnings) != "lookup_conflicts_answer" {
		t.Fatalf("evidence %q, warnings %q", allEvidence(r), codes(r.Warnings))
	}
	for _, lang := range scenarios.Langs {
		e.Lang = lang
		text := e.Diagnose(c, 1).Warnings[0].Text
		want := map[scenarios.Lang]string{scenarios.EN: "“Has the customer been linked to your company before?” was answered “No”, but Partner Center's API gives the customer's relationship to you as reseller",
			scenarios.DE: "wurde mit „Nein“ beantwortet, aber laut der API des Partner Centers ist die Beziehung des Kunden zu Ihnen „reseller“"}[lang]
		if !strings.Contains(text, want) {
			t.Errorf("%s: %s", lang, text)
		}
	}
}

// TestTheTicketSaysWhatWasChecked: the ticket lists the lookups with their source and time, in
// the ticket's language, and its JSON has them only when there are any.
func TestTheTicketSaysWhatWasChecked(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	c := mustCase(t, withLookups)
	r := e.Diagnose(c, 1)
	tk := e.Ticket(c, &r, scenarios.DE, "cspfix test")
	want := []string{"Beziehung des Kunden zum Partner im Partner Center: Reseller (Partner Center, 2026-11-20 10:02 +01:00)",
		`Name des Tenants mit der eingegebenen ID: "Contoso, Ltd" (Microsoft Graph, 2026-11-20 10:02 +01:00)`}
	if !slices.Equal(tk.LookedUp, want) {
		t.Errorf("ticket lookups\n%q\nwant\n%q", tk.LookedUp, want)
	}
	b, _ := json.Marshal(e.Ticket(mustCase(t, `{}`), &r, scenarios.EN, "x"))
	if strings.Contains(string(b), "looked_up") {
		t.Errorf("a ticket without lookups names them: %s", b)
	}
}

// TestLookupWordsAreSafe: a value a service sent is shown escaped and bounded; a value of a list
// and a time in words.
func TestLookupWordsAreSafe(t *testing.T) {
	cat := scenarios.Embedded()
	for _, tt := range []struct {
		l    Lookup
		want string
	}{
		{Lookup{Source: SourceGraph, Fact: FactTenantName, Value: "Evil\x1b[31m Corp\u202e"}, `"Evil\u001b[31m Corp\u202e"`},
		{Lookup{Source: SourceGraph, Fact: FactAdminRelationship, Value: "approval_pending"}, "waiting for the customer's approval"},
		{Lookup{Source: SourcePartnerCenter, Fact: FactCustomerRelationship, Value: "none"}, "none: in the partner's customer list without a reseller relationship"},
		{Lookup{Source: SourceGraph, Fact: FactAdminRelationshipEnds, Value: "2026-11-19T16:57:20Z"}, "2026-11-19 16:57 +00:00"},
		{Lookup{Source: SourceDiscovery, Fact: FactTenantCloud, Value: "us_government"}, "Microsoft cloud for the US government"},
		{Lookup{Source: "x\x1b", Fact: "y", Value: strings.Repeat("a", 500)}, strings.Repeat("a", 80)},
	} {
		w := DescribeLookup(cat, tt.l, scenarios.EN)
		if w.Value != tt.want && !strings.HasPrefix(w.Value, tt.want) || strings.ContainsAny(w.Source+w.Fact+w.Value, "\x1b\u202e") {
			t.Errorf("%+v: %+v, want value %q", tt.l, w, tt.want)
		}
	}
}
