package diagnose

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

// TestStepsFitTheCase: a result lists the steps whose conditions hold, with the case's facts.
func TestStepsFitTheCase(t *testing.T) {
	tests := []struct {
		name     string
		js       string
		scenario scenarios.ID
		want     []string // in the steps, in order
		not      []string // in no step
	}{
		{name: "A, kind unknown: find out who, and how a reseller relationship ends",
			js: `{"answers":{"other_csp":"yes"}}`, scenario: "A",
			want: []string{"Find out who the other partner is", "relationship is ended in Partner Center by the partner that buys from Microsoft", "Microsoft Customer Agreement"},
			not:  []string{"syndication partner is the only one who may sell to the tenant", "Its relationship does not replace yours", "Buying directly"}},
		{name: "A, a syndication partner: its release, nothing about ending a reseller relationship",
			js: `{"answers":{"other_csp":"yes","other_partner_kind":"syndication"}}`, scenario: "A",
			want: []string{"Settings → Partner relationships", "A syndication partner is the only one who may sell to the tenant"},
			not:  []string{"Find out who", "relationship is ended in Partner Center"}},
		{name: "A, your own provider: a relationship of your own all the same",
			js: `{"answers":{"other_csp":"yes","other_partner_kind":"your_provider","direct_microsoft":"yes"}}`, scenario: "A",
			want: []string{"Its relationship does not replace yours", "Buying directly from Microsoft creates no partner relationship"},
			not:  []string{"relationship is ended in Partner Center", "syndication partner is the only one who may sell to the tenant"}},
		{name: "A, a kind given after a no counts as unknown",
			js: `{"answers":{"other_csp":"no","other_partner_kind":"syndication","direct_microsoft":"yes"}}`, scenario: "A",
			want: []string{"Find out who the other partner is"}, not: []string{"syndication partner is the only one who may sell to the tenant"}},
		{name: "B, not found in the list: no step about using the listed customer",
			js: `{"answers":{"invitation_pending":"yes","partner_center_search":"not_found"}}`, scenario: "B",
			want: []string{"Microsoft ID", "If your invitation is still open", "send it again"},
			not:  []string{"Being in your customer list does not by itself mean", "indirect provider whether"}},
		{name: "B, no invitation open, through a provider",
			js: `{"partner":{"indirect_provider":"Northwind"},"answers":{"partner_center_search":"found","invitation_pending":"no"}}`, scenario: "B",
			want: []string{"Being in your customer list does not by itself mean", "Ask your indirect provider whether"},
			not:  []string{"If your invitation is still open"}},
		{name: "C, the confirmed ID named where it is to be pasted",
			js: `{"customer":{"tenant_id":"4b9d3f1c-2a7e","confirmed_tenant_id":" {4B9D3F1C-2A7E-4C1D-9F0A-6E2B8C7D5A31}"}}`, scenario: "C",
			want: []string{"Compare 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31, the ID the customer confirmed", "Enter 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31 again"},
			not:  []string{"Ask the customer to read the tenant ID", "{confirmed_tenant_id}"}},
		{name: "C, no valid confirmed ID: ask for it",
			js: `{"customer":{"tenant_id":"4b9d3f1c-2a7e","confirmed_tenant_id":"4b9d"}}`, scenario: "C",
			want: []string{"Ask the customer to read the tenant ID in the Microsoft Entra admin center", "Enter the confirmed ID again"},
			not:  []string{"Enter 4b9d"}},
		{name: "D, the retry time four hours after the change",
			js: `{"answers":{"recent_change":"yes","recent_change_at":"` + at(time.Hour) + `"}}`, scenario: "D",
			want: []string{"Try again from 2026-11-20 15:00 +01:00 on; attempts before then"},
			not:  []string{"Find out when", "Wait four hours"}},
		{name: "D, retry now when four hours have passed",
			js: `{"attempts":["` + at(3*time.Hour) + `"],"answers":{"recent_change":"yes","recent_change_at":"` + at(5*time.Hour) + `"}}`, scenario: "D",
			want: []string{"Try again now: four hours have passed"}},
		{name: "D, no time: find it out, and wait four hours",
			js: `{"answers":{"recent_change":"yes"}}`, scenario: "D",
			want: []string{"Find out when the change was made", "Wait four hours after the change"},
			not:  []string{"try again at"}},
		{name: "E, through a provider",
			js: `{"partner":{"indirect_provider":"Northwind"},"outcome":{"status":"ticket_opened"}}`, scenario: "E",
			want: []string{"your indirect provider's support first", "Problems of your own Partner Center account"},
			not:  []string{"Open a support request with Microsoft"}},
		{name: "E, directly", js: `{"outcome":{"status":"ticket_opened"}}`, scenario: "E",
			want: []string{"Open a support request with Microsoft", "Help + support"}, not: []string{"indirect provider"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
			r := e.Diagnose(mustCase(t, tt.js), 1)
			if r.Scenario != tt.scenario {
				t.Fatalf("got scenario %q, want %s", r.Scenario, tt.scenario)
			}
			all := strings.Join(r.Steps, "\n")
			from := 0
			for _, w := range tt.want {
				i := strings.Index(all[from:], w)
				if i < 0 {
					t.Errorf("steps lack %q (after position %d):\n%s", w, from, all)
					continue
				}
				from += i
			}
			for _, n := range tt.not {
				if strings.Contains(all, n) {
					t.Errorf("steps hold %q:\n%s", n, all)
				}
			}
			if strings.ContainsAny(all, "{}") {
				t.Errorf("a placeholder is left:\n%s", all)
			}
		})
	}
}

// TestStepConditionsFitTheFieldTable: every condition of the catalog names a field of the table
// with values it can take, and every fact a step names can be filled in; both languages name the
// same facts.
func TestStepConditionsFitTheFieldTable(t *testing.T) {
	cat := scenarios.Embedded()
	for _, cond := range cat.Conditions {
		if fact, isFact := strings.CutPrefix(cond.Field, scenarios.FactPrefix); isFact || len(cond.Any) > 0 {
			if isFact && factIndex(fact) < 0 {
				t.Errorf("condition %s: no fact %s", cond.Code, fact)
			}
			continue // a fact's values, and a condition made of others, the model checks (TestCompile)
		}
		f, ok := byPathOK(cond.Field)
		if !ok {
			t.Errorf("condition %s: no field %s", cond.Code, cond.Field)
			continue
		}
		for _, v := range cond.Is {
			if f.Kind == KindEnum && !slices.Contains(f.Values, v) || f.Kind != KindEnum && v != scenarios.Given && v != scenarios.NotGiven {
				t.Errorf("condition %s: %s cannot be %q", cond.Code, cond.Field, v)
			}
		}
	}
	for _, s := range cat.Scenarios {
		for i, st := range append(slices.Clone(s.Steps), s.Customer.Steps...) {
			en, de := slices.Collect(scenarios.Placeholders(st.EN)), slices.Collect(scenarios.Placeholders(st.DE))
			if !slices.Equal(en, de) {
				t.Errorf("%s step %d: facts %v in English, %v in German", s.ID, i+1, en, de)
			}
			for _, name := range en {
				if !StepFact(name) {
					t.Errorf("%s step %d: no fact %q", s.ID, i+1, name)
				}
			}
		}
	}
}

func byPathOK(path string) (*Field, bool) { return testModel.Field(path) }

// TestEveryStepIsReachable: no step has conditions that never hold together.
func TestEveryStepIsReachable(t *testing.T) {
	cases := []string{
		`{"answers":{"other_csp":"yes"}}`,
		`{"answers":{"other_csp":"yes","other_partner_kind":"syndication"}}`,
		`{"answers":{"other_csp":"yes","other_partner_kind":"your_provider","direct_microsoft":"yes"}}`,
		`{"partner":{"indirect_provider":"N"},"answers":{"partner_center_search":"found","invitation_pending":"yes"}}`,
		`{"customer":{"tenant_id":"x","confirmed_tenant_id":"` + goodID + `"}}`,
		`{"customer":{"tenant_id":"x"}}`,
		`{"answers":{"recent_change":"yes"}}`,
		`{"answers":{"recent_change":"yes","recent_change_at":"` + at(time.Hour) + `"}}`,
		`{"partner":{"indirect_provider":"N"},"outcome":{"status":"ticket_opened"}}`,
		`{"outcome":{"status":"ticket_opened"}}`,
		`{"error_message":` + jsonString(platformRecordText) + `}`,
		`{"operation":"create_tenant","customer":{"tenant_id":"x"}}`,
		`{"operation":"create_tenant","error_message":` + jsonString(domainUsedText) + `,"customer":{"confirmed_tenant_id":"` + goodID + `"},
		  "attempts":["` + at(3*time.Hour) + `","` + at(time.Hour) + `"]}`,
		`{"error_message":` + jsonString(confirmAgreementText) + `,"partner":{"indirect_provider":"N"}}`,
		`{"error_message":` + jsonString(confirmAgreementText) + `}`,
	}
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	shown := map[string]bool{}
	for _, js := range cases {
		for _, st := range e.Diagnose(mustCase(t, js), 1).Steps {
			shown[st] = true
		}
	}
	for _, s := range e.Model.Catalog.Scenarios {
		for i, st := range s.Steps {
			if scenarios.HasPlaceholders(st.EN) {
				continue // its text depends on the case
			}
			if !shown[st.EN] {
				t.Errorf("%s step %d is never shown: %.60s…", s.ID, i+1, st.EN)
			}
		}
	}
}

// TestBAsksTheProviderOnlyWhileItIsUnknown: B's step that asks the indirect provider about its
// own relationship with the customer goes once the answer is known.
func TestBAsksTheProviderOnlyWhileItIsUnknown(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	for answer, want := range map[string]bool{"unknown": true, "no": false, "yes": false} {
		c := mustCase(t, `{"partner":{"indirect_provider":"Northwind"},"answers":{"invitation_pending":"yes","provider_has_relationship":"`+answer+`"}}`)
		r := e.Diagnose(c, 1)
		got := strings.Contains(strings.Join(r.Steps, "\n"), "Ask your indirect provider whether it has a reseller relationship")
		if r.Scenario != "B" || got != want {
			t.Errorf("provider_has_relationship %s: scenario %s, step shown %v, want %v", answer, r.Scenario, got, want)
		}
	}
}

// TestStepsAreMadeWhenFirstNeeded: an engine prepares the steps of one kind and language when a
// result first needs them (a batch in English reads no other texts), and room for every
// language of the catalog.
func TestStepsAreMadeWhenFirstNeeded(t *testing.T) {
	if len(scenarios.Langs) > maxLangs {
		t.Fatalf("%d languages, room for %d", len(scenarios.Langs), maxLangs)
	}
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	var made []string
	count := func() {
		made = made[:0]
		for i, lang := range scenarios.Langs {
			if e.steps[i].by != nil {
				made = append(made, "reseller "+string(lang))
			}
			if e.customerSteps[i].by != nil {
				made = append(made, "customer "+string(lang))
			}
		}
	}
	if r := e.Diagnose(testModel.NewCase(), 1); r.Status != Incomplete {
		t.Fatalf("an empty case: %s", r.Status)
	}
	if count(); len(made) != 0 {
		t.Fatalf("after a result without steps: %v", made)
	}
	r := e.Diagnose(mustCase(t, `{"answers":{"other_csp":"yes"}}`), 2)
	if count(); len(r.Steps) == 0 || !slices.Equal(made, []string{"reseller en"}) {
		t.Fatalf("after a diagnosis (%s, %d steps) in English: %v", r.Scenario, len(r.Steps), made)
	}
	if m, _ := e.Message(&r, MessageOptions{Kind: MessageNextSteps, Lang: scenarios.DE}); m == nil || len(m.Items) == 0 {
		t.Fatalf("no message with steps for %s", r.Scenario)
	}
	count()
	if !slices.Equal(made, []string{"reseller en", "customer de"}) {
		t.Fatalf("after a German message: %v", made)
	}
}
