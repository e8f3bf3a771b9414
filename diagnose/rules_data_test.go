package diagnose

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/scenarios"
)

// withFiles is the model of scenarios/data with files changed (a path under data/ to its JSON),
// or the error that refuses it.
func withFiles(t *testing.T, changes map[string]string) (*Model, error) {
	t.Helper()
	cat, err := catalogWith(t, changes)
	if err != nil {
		return nil, err
	}
	return Compile(cat)
}

// warningsWith is warnings.json with rules added at its end.
func warningsWith(t *testing.T, rules ...scenarios.Rule) string {
	return editJSON(t, "warnings.json", func(list *[]scenarios.Rule) { *list = append(*list, rules...) })
}

func when(field string, is ...string) []scenarios.Condition {
	return []scenarios.Condition{{Field: field, Is: is}}
}

var someText = scenarios.Text{EN: "t", DE: "t"}

// TestRulesAreTheCatalogs: a rule added to the catalog, or changed there, is what the
// diagnosis applies; nothing of it is written in Go.
func TestRulesAreTheCatalogs(t *testing.T) {
	js := `{"answers":{"other_csp":"yes","crm_duplicates":"yes"},"customer":{"country":"DE"},"partner":{"country":"DE"}}`
	m, err := withFiles(t, map[string]string{
		"warnings.json": warningsWith(t,
			scenarios.Rule{Code: "duplicates_and_partner", When: append(when("answers.crm_duplicates", "yes"), when("answers.other_csp", "yes")...), Text: someText},
			scenarios.Rule{Code: "same_region", When: when("fact.regions", "same"), Text: someText},
			scenarios.Rule{Code: "not_different", When: []scenarios.Condition{{Field: "fact.regions", Not: []string{"different"}}}, Text: someText},
			scenarios.Rule{Code: "never", When: when("answers.direct_microsoft", "yes"), Text: someText}),
		// A's evidence other_csp only while the search found nothing.
		"A.json": editJSON(t, "A.json", func(s *scenarios.Scenario) {
			s.Evidence[0].When = append(s.Evidence[0].When, scenarios.Condition{Field: "answers.partner_center_search", Is: []string{"not_found"}})
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{Model: m, Lang: scenarios.EN, Now: testNow}
	r := e.Diagnose(mustCaseOf(t, m, js), 1)
	if got, want := codes(r.Warnings), "duplicates_and_partner same_region not_different"; got != want {
		t.Errorf("warnings %q, want %q", got, want)
	}
	if strings.Contains(allEvidence(r), "A/other_csp") {
		t.Errorf("other_csp without its new condition: %s", allEvidence(r))
	}
	// The same case with the embedded catalog.
	r = (&Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}).Diagnose(mustCase(t, js), 1)
	if codes(r.Warnings) != "" || !strings.Contains(allEvidence(r), "A/other_csp") {
		t.Errorf("embedded: warnings %q, evidence %s", codes(r.Warnings), allEvidence(r))
	}
}

// TestDropsAreTheCatalogs: a rule that holds drops the rules it names; without the drop, both
// stay.
func TestDropsAreTheCatalogs(t *testing.T) {
	js := `{"answers":{"other_csp":"yes","recent_change":"yes","change_kind":"partner_removed","recent_change_at":"` + at(60*60*1e9) + `"}}`
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	if got := allEvidence(e.Diagnose(mustCase(t, js), 1)); strings.Contains(got, "A/other_csp ") || !strings.Contains(got, "A/other_partner_being_removed") {
		t.Errorf("with the drop: %s", got)
	}
	m, err := withFiles(t, map[string]string{"A.json": editJSON(t, "A.json", func(s *scenarios.Scenario) {
		for i := range s.Evidence {
			s.Evidence[i].Drops = nil
		}
	})})
	if err != nil {
		t.Fatal(err)
	}
	e.Model = m
	if got := allEvidence(e.Diagnose(mustCaseOf(t, m, js), 1)); !strings.Contains(got, "A/other_csp A/other_partner_being_removed") {
		t.Errorf("without the drop: %s", got)
	}
}

// TestRuledOutIsTheCatalogs: the ticket's reasons to rule a scenario out beyond "tried" and
// "nothing points to it" come from the scenario's data.
func TestRuledOutIsTheCatalogs(t *testing.T) {
	js := `{` + allAnswered + `}` // the IDs match
	m, err := withFiles(t, map[string]string{
		"C.json": editJSON(t, "C.json", func(s *scenarios.Scenario) { s.RuledOut = nil }),
		"B.json": editJSON(t, "B.json", func(s *scenarios.Scenario) {
			s.RuledOut = []scenarios.RuledOut{{When: when("answers.partner_center_search", "not_found"), Text: "ticket.ruled_out.ids_match"}}
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	reasons := func(m *Model) string {
		e := &Engine{Model: m, Lang: scenarios.EN, Now: testNow}
		c := mustCaseOf(t, m, js)
		r := e.Diagnose(c, 1)
		var out []string
		for _, cause := range e.Ticket(c, &r, scenarios.EN, "test").RuledOut {
			out = append(out, string(cause.Scenario)+":"+strings.Join(cause.Reasons, " "))
		}
		return strings.Join(out, " | ")
	}
	if got := reasons(testModel); !strings.Contains(got, "C:The tenant ID we entered matches") || !strings.Contains(got, "B:Nothing in our customer's answers") {
		t.Errorf("embedded: %s", got)
	}
	if got := reasons(m); !strings.Contains(got, "C:Nothing in our customer's answers") || !strings.Contains(got, "B:The tenant ID we entered matches") {
		t.Errorf("changed: %s", got)
	}
}

// TestKnownErrorTextIsAFact: a rule can name a known error text; the text matches whatever the
// letter case and the white space, and a text the catalog does not know is "unknown".
func TestKnownErrorTextIsAFact(t *testing.T) {
	m, err := withFiles(t, map[string]string{"warnings.json": warningsWith(t,
		scenarios.Rule{Code: "the_standard_error", When: when("fact.error_text", "already_existing"), Text: someText},
		scenarios.Rule{Code: "an_unknown_error", When: when("fact.error_text", "unknown"), Text: someText},
		scenarios.Rule{Code: "no_error", When: when("fact.error_text", "none"), Text: someText})})
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{Model: m, Lang: scenarios.EN, Now: testNow}
	for msg, want := range map[string]string{
		"  partner RELATION does not work\tbecause it is already existing ": "the_standard_error",
		"Something else went wrong":                                         "an_unknown_error",
		"":                                                                  "no_error",
	} {
		js, _ := json.Marshal(map[string]string{"error_message": msg})
		if got := codes(e.Diagnose(mustCaseOf(t, m, string(js)), 1).Warnings); got != want {
			t.Errorf("%q: %q, want %q", msg, got, want)
		}
	}
	if m.StandardError() != "Partner relation does not work because it is already existing" {
		t.Errorf("the standard error: %q", m.StandardError())
	}
}

// TestCompileRefusesRulesThatCannotBe: a rule's conditions name fields and facts with their
// values, its args fill its placeholders, a reason to rule out names a warning.
func TestCompileRefusesRulesThatCannotBe(t *testing.T) {
	for _, tt := range []struct {
		name string
		rule scenarios.Rule
		want string
	}{
		{"no such fact", scenarios.Rule{Code: "x", When: when("fact.moon_phase", "full"), Text: someText}, `no fact "moon_phase"`},
		{"no such value of a fact", scenarios.Rule{Code: "x", When: when("fact.regions", "far"), Text: someText}, `"far" is none of the values of fact.regions`},
		{"no such field", scenarios.Rule{Code: "x", When: when("answers.mood", "good"), Text: someText}, `no field "answers.mood"`},
		{"no such value of an answer", scenarios.Rule{Code: "x", When: when("answers.other_csp", "maybe"), Text: someText}, `"maybe" is none of the values of answers.other_csp`},
		{"values of a text", scenarios.Rule{Code: "x", When: when("customer.name", "Contoso"), Text: someText}, "use \"given\" or \"not_given\""},
		{"a field of a list", scenarios.Rule{Code: "x", When: when("tried[].scenario", "A"), Text: someText}, "a field of a list's items"},
		{"no such args", scenarios.Rule{Code: "x", When: when("answers.other_csp", "yes"), Args: "horoscope", Text: someText}, `no args "horoscope"`},
		{"a placeholder no args fill", scenarios.Rule{Code: "x", When: when("answers.other_csp", "yes"), Args: "domain",
			Text: scenarios.Text{EN: "{domain} {moon}", DE: "{domain}"}}, `names {moon}, which its args ("domain") do not fill`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := withFiles(t, map[string]string{"warnings.json": warningsWith(t, tt.rule)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error naming %q, got %v", tt.want, err)
			}
		})
	}
	_, err := withFiles(t, map[string]string{"D.json": editJSON(t, "D.json", func(s *scenarios.Scenario) {
		s.RuledOut[0].Warning = "tried_too_late"
	})})
	if err == nil || !strings.Contains(err.Error(), `no warning "tried_too_late"`) {
		t.Errorf("a reason naming no warning: %v", err)
	}
}
