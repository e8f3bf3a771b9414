package scenarios

import (
	"fmt"
	"slices"
)

// The knowledge about what cspfix looks up in Microsoft's systems (README "Looking facts up in
// Microsoft's systems") is one file of the catalog, lookups.json: the evidence and the warnings
// the looked-up facts give, the questions they answer, and the explanations of the case file's
// field that keeps them. Its evidence joins the scenarios' own, after it, and its warnings and
// fields those of warnings.json and fields.json, when the catalog is loaded: the rest of cspfix
// sees one catalog.

// lookupsFile is lookups.json.
type lookupsFile struct {
	// Evidence are rules of the scenarios, each naming its scenario, in the order a result
	// lists them after the scenario's own.
	Evidence []ScenarioRule `json:"evidence"`
	// Warnings are rules of no scenario, listed after those of warnings.json.
	Warnings []Rule `json:"warnings"`
	// Answers say which questions the looked-up facts answer.
	Answers []LookupAnswer `json:"answers"`
	// Fields explain the case file's fields of the lookups (the schema's descriptions).
	Fields []Field `json:"fields"`
}

// ScenarioRule is an evidence rule of the scenario Scenario, kept apart from the scenario's file.
type ScenarioRule struct {
	Scenario ID `json:"scenario"`
	Rule
}

// LookupAnswer is an answer the looked-up facts give to a question: the question at Field has
// the value Value when every condition of When holds (conditions on the facts the diagnosis
// works out of the case's lookups). Text says what was found, as the answer's reason ("Partner
// Center shows the customer with a reseller relationship to you"). A person's own answer always
// decides; one that differs from the looked-up one is a warning, never overwritten.
type LookupAnswer struct {
	Field string      `json:"field"`
	Value string      `json:"value"`
	When  []Condition `json:"when"`
	Text  Text        `json:"text"`
}

// addLookups joins what lookups.json holds to the rest of the catalog's data.
func (c *catalogData) addLookups(l lookupsFile) error {
	for _, r := range l.Evidence {
		i := slices.IndexFunc(c.Scenarios, func(s Scenario) bool { return s.ID == r.Scenario })
		if i < 0 {
			return fmt.Errorf("lookups.json: evidence %q names scenario %q, which the catalog does not have", r.Code, r.Scenario)
		}
		c.Scenarios[i].Evidence = append(c.Scenarios[i].Evidence, r.Rule)
	}
	c.Warnings = append(c.Warnings, l.Warnings...)
	c.LookupAnswers = append(c.LookupAnswers, l.Answers...)
	c.Fields = append(c.Fields, l.Fields...)
	return nil
}

// lookupAnswers checks the answers the lookups give: each names a question with a list of
// values and one of them, has conditions and says what was found.
func (v *validator) lookupAnswers() {
	for i, a := range v.c.LookupAnswers {
		where := fmt.Sprintf("lookups.json: answer %d (%s)", i+1, a.Field)
		q, ok := v.c.byQuestion[a.Field]
		switch {
		case !ok:
			v.bad("%s: no question %q", where, a.Field)
		case !slices.Contains(q.Values(), a.Value):
			v.bad("%s: %q is not an answer to it", where, a.Value)
		}
		if len(a.When) == 0 {
			v.bad("%s: needs conditions", where)
		}
		v.when(where, a.When)
		if !a.Text.complete() {
			v.bad("%s: its text needs en and de", where)
		}
	}
}
