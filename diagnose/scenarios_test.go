package diagnose

import (
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/scenarios"
)

// modelWith is the model of scenarios/data with scenario files changed by edit (by ID), which
// must be accepted.
func modelWith(t *testing.T, edit map[string]func(*scenarios.Scenario)) *Model {
	t.Helper()
	changes := map[string]string{}
	for id, f := range edit {
		changes[id+".json"] = editJSON(t, id+".json", f)
	}
	cat, err := catalogWith(t, changes)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(cat)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTiesGoByTheCatalogsRanks: two scenarios as confident as each other are named in the order
// of their ranks in the catalog, whatever their letters.
func TestTiesGoByTheCatalogsRanks(t *testing.T) {
	// A (another partner, high) and C (a tenant ID with invisible characters, high).
	js := `{"customer":{"tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3\u200b1"},"answers":{"other_csp":"yes"}}`
	for _, tt := range []struct {
		name string
		m    *Model
		want string
	}{
		{"the catalog's ranks", testModel, "C:high A:high"},
		{"A ranked first", modelWith(t, map[string]func(*scenarios.Scenario){"A": func(s *scenarios.Scenario) { s.Rank = 5 }}), "A:high C:high"},
	} {
		e := &Engine{Model: tt.m, Lang: scenarios.EN, Now: testNow}
		r := e.Diagnose(mustCaseOf(t, tt.m, js), 1)
		if got := summary(r.Candidates); got != tt.want || r.Scenario != scenarios.ID(tt.want[:1]) {
			t.Errorf("%s: %s, named %s; want %s", tt.name, got, r.Scenario, tt.want)
		}
		// The ticket lists the causes by rank too.
		var causes []string
		for _, c := range e.Ticket(r.Case, &r, scenarios.EN, "test").Open {
			causes = append(causes, string(c.Scenario))
		}
		if got := strings.Join(causes, ""); got[0] != tt.want[0] {
			t.Errorf("%s: the ticket's open causes %s", tt.name, got)
		}
	}
}

// mustCaseOf decodes one case of model m.
func mustCaseOf(t testing.TB, m *Model, js string) *Case {
	t.Helper()
	var c Case
	if err := m.NewDecoder(strings.NewReader(js)).Next(&c); err != nil {
		t.Fatalf("test case does not decode: %v\n%s", err, js)
	}
	return &c
}

// TestTheFallbackIsTheCatalogs: the scenario that ends the diagnosis is the one the catalog
// marks, listed last; a tried step and an outcome name the catalog's scenarios.
func TestTheFallbackIsTheCatalogs(t *testing.T) {
	// The others by their letters (A, B, C, D today), then the fallback (E).
	var others []string
	for _, s := range scenarios.Embedded().Scenarios {
		if !s.Fallback {
			others = append(others, string(s.ID))
		}
	}
	slices.Sort(others)
	listed := strings.Join(others, "")
	if got := strings.Join(strs(testModel.Scenarios()), ""); got != listed+"E" || testModel.Fallback() != "E" {
		t.Errorf("scenarios %s, fallback %s", got, testModel.Fallback())
	}
	if got := strings.Join(FieldAt("tried[].scenario").Values, ""); got != listed {
		t.Errorf("a tried step may name %s", got)
	}
	if got := strings.Join(FieldAt("outcome.scenario").Values, ""); got != listed+"E" {
		t.Errorf("an outcome may name %s", got)
	}
	// The fallback under another letter: it ends the diagnosis, and is listed last.
	cat, err := catalogWith(t, map[string]string{"E.json": "",
		"Z.json": editJSON(t, "E.json", func(s *scenarios.Scenario) { s.ID = "Z" })})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(cat)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(strs(m.Scenarios()), ""); got != listed+"Z" || m.Fallback() != "Z" {
		t.Errorf("scenarios %s, fallback %s", got, m.Fallback())
	}
	e := &Engine{Model: m, Lang: scenarios.EN, Now: testNow}
	if r := e.Diagnose(mustCaseOf(t, m, `{`+allAnswered+`}`), 1); r.Scenario != "Z" || r.Ticket == nil {
		t.Errorf("nothing fits: %s %v", r.Scenario, r.Ticket)
	}
}

func strs(ids []scenarios.ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// TestInvitationLinkIsTheScenarios: a message carries the invitation link only for the
// scenarios whose steps for the customer end with it.
func TestInvitationLinkIsTheScenarios(t *testing.T) {
	js := `{"answers":{"other_csp":"yes"}}`
	for _, tt := range []struct {
		m    *Model
		link bool
	}{
		{testModel, true},
		{modelWith(t, map[string]func(*scenarios.Scenario){"A": func(s *scenarios.Scenario) { s.InvitationLink = false }}), false},
	} {
		e := &Engine{Model: tt.m, Lang: scenarios.EN, Now: testNow}
		r := e.Diagnose(mustCaseOf(t, tt.m, js), 1)
		msg, _ := e.Message(&r, MessageOptions{InvitationURL: "https://admin.microsoft.com/x"})
		if (msg.Link != "") != tt.link {
			t.Errorf("link %q, want one: %v", msg.Link, tt.link)
		}
	}
}

// TestWaitingTimeIsTheScenarios: the retry time the steps name, the end of the waiting time in
// the walkthrough and a try too early all count the catalog's hours.
func TestWaitingTimeIsTheScenarios(t *testing.T) {
	js := `{"answers":{"recent_change":"yes","recent_change_at":"2026-11-20T11:00:00+01:00"},
		"tried":[{"scenario":"D","at":"2026-11-20T12:30:00+01:00"}]}`
	for _, tt := range []struct {
		m     *Model
		retry string
		early bool
	}{
		{testModel, "2026-11-20 15:00 +01:00", true},
		{modelWith(t, map[string]func(*scenarios.Scenario){"D": func(s *scenarios.Scenario) { s.Wait.Hours = 1 }}), "2026-11-20 12:00 +01:00", false},
	} {
		e := &Engine{Model: tt.m, Lang: scenarios.EN, Now: testNow.Add(-2 * 60 * 60 * 1e9)} // 10:00
		c := mustCaseOf(t, tt.m, js)
		end, ok := tt.m.WaitEnds(c, "D")
		if !ok || FormatLocal(end) != tt.retry {
			t.Errorf("the wait ends %s, want %s", FormatLocal(end), tt.retry)
		}
		r := e.Diagnose(c, 1)
		if got := strings.Contains(codes(r.Warnings), "tried_too_early"); got != tt.early {
			t.Errorf("wait of %s: tried too early %v, want %v", tt.retry, got, tt.early)
		}
	}
}

// TestRouteIsTheCatalogs: the fallback goes to the first desk of its route whose conditions
// hold.
func TestRouteIsTheCatalogs(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	r := e.Diagnose(mustCase(t, `{"partner":{"indirect_provider":"Northwind"}}`), 1)
	if got := r.Route(); got != "indirect_provider" {
		t.Errorf("with an indirect provider: %q", got)
	}
	r = e.Diagnose(mustCase(t, `{}`), 1)
	if got := r.Route(); got != "partner_support" {
		t.Errorf("without one: %q", got)
	}
}

// TestCompileRefusesWaitsThatCannotBe: a waiting time counts from a time of the case, and only a
// scenario with one names its end.
func TestCompileRefusesWaitsThatCannotBe(t *testing.T) {
	for _, tt := range []struct {
		id   string
		edit func(*scenarios.Scenario)
		want string
	}{
		{"D", func(s *scenarios.Scenario) { s.Wait.From = "customer.name" }, `counts from "customer.name", which is no time`},
		{"A", func(s *scenarios.Scenario) { s.Steps[1].EN += " {retry}"; s.Steps[1].DE += " {retry}" }, "scenario A: a step names {retry}"},
	} {
		cat, err := catalogWith(t, map[string]string{tt.id + ".json": editJSON(t, tt.id+".json", tt.edit)})
		if err == nil {
			_, err = Compile(cat)
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("want an error naming %q, got %v", tt.want, err)
		}
	}
}
