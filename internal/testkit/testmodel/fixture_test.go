package testmodel_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/internal/walkthrough/walkthroughtest"
	"github.com/cspfix/cspfix/scenarios"
)

// The knowledge grows as data: the tests' catalog adds a scenario (Z, with its evidence rule)
// and a question (answers.trial_tenant) in files only (scenarios/testdata/fixture), and the
// decoder, the diagnosis, the renderings, the ticket, the message and the walkthrough take them
// as they take the catalog's own, with no Go written for them.

func decode(t *testing.T, m *diagnose.Model, js string) (*diagnose.Case, error) {
	t.Helper()
	var c diagnose.Case
	err := m.NewDecoder(strings.NewReader(js)).Next(&c)
	return &c, err
}

// TestANewScenarioAndQuestionAreData: a case file answers the new question (in German, as an
// export writes it), and the diagnosis names the new scenario, in text and in JSON.
func TestANewScenarioAndQuestionAreData(t *testing.T) {
	m := testmodel.Fixture(t)
	js := `{"id":"z1","answers":{"trial_tenant":"ja","other_csp":"no"}}`
	if _, err := decode(t, testmodel.Embedded(), js); err == nil || !strings.Contains(err.Error(), "answers.trial_tenant") {
		t.Fatalf("the embedded catalog has no such question, but read it: %v", err)
	}
	c, err := decode(t, m, js)
	if err != nil {
		t.Fatal(err)
	}
	e := &diagnose.Engine{Model: m, Lang: scenarios.EN, Now: testkit.Now}
	r := e.Diagnose(c, 1)
	if r.Scenario != "Z" || r.Confidence != diagnose.High || len(r.Candidates) != 1 || r.Candidates[0].Evidence[0].Code != "trial_tenant" {
		t.Fatalf("diagnosed %s %s %+v", r.Scenario, r.Confidence, r.Candidates)
	}
	var text bytes.Buffer
	if err := render.NewText(&text, render.Options{Lang: scenarios.EN, Catalog: m.Catalog}).Write(&r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Most likely: Z — The customer's tenant is still a trial (a scenario of the tests) (high confidence)",
		"The customer's tenant is a trial.", "1. Ask the customer whether the tenant is still a trial."} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	enc := render.ResultJSON{Lang: scenarios.EN, Catalog: m.Catalog}
	if got := string(enc.Append(nil, &r)); !strings.Contains(got, `"scenario":"Z","confidence":"high","title":"The customer's tenant is still a trial`) ||
		!strings.Contains(got, `"evidence":[{"code":"trial_tenant","text":"The customer's tenant is a trial."}]`) {
		t.Errorf("JSON %s", got)
	}
	// The case writes the new answer back as the case file has it.
	if b, _ := r.Case.MarshalJSON(); !strings.Contains(string(b), `"answers":{"other_csp":"no","trial_tenant":"yes"}`) {
		t.Errorf("the case as JSON: %s", b)
	}
	// The schema and the CSV columns have the question.
	if !strings.Contains(string(m.Schema(scenarios.EN)), `"trial_tenant"`) || !strings.Contains(m.CSVTemplate(), "answers.direct_microsoft,answers.trial_tenant,") {
		t.Errorf("the schema or the CSV template lacks the question: %s", m.CSVTemplate())
	}
}

// TestANewScenarioTakesItsRank: Z's rank (15) puts it after C (10) and before B (20) when they
// are as confident; it is listed before the fallback, which stays last.
func TestANewScenarioTakesItsRank(t *testing.T) {
	m := testmodel.Fixture(t)
	// The catalog's own scenarios in their order, Z after them, the fallback last.
	own := ids(testmodel.Embedded().Scenarios())
	want := strings.Join(own[:len(own)-1], "") + "Z" + own[len(own)-1]
	if got := strings.Join(ids(m.Scenarios()), ""); got != want {
		t.Errorf("listed %s, want %s", got, want)
	}
	e := &diagnose.Engine{Model: m, Lang: scenarios.EN, Now: testkit.Now}
	for js, want := range map[string]string{
		`{"answers":{"trial_tenant":"yes","invitation_pending":"yes"}}`:                                        "Z B",
		`{"customer":{"tenant_id":"contoso.com"},"answers":{"trial_tenant":"yes","invitation_pending":"yes"}}`: "C Z B",
	} {
		c, err := decode(t, m, js)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, cand := range e.Diagnose(c, 1).Candidates {
			got = append(got, string(cand.Scenario))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: candidates %v, want %s", js, got, want)
		}
	}
}

func ids(list []scenarios.ID) []string {
	out := make([]string, len(list))
	for i, id := range list {
		out[i] = string(id)
	}
	return out
}

// TestANewScenarioInTheTicketAndTheMessage: the ticket states the new answer and names the new
// scenario among the causes; the message to the customer gives its next steps, with the
// invitation link its data asks for.
func TestANewScenarioInTheTicketAndTheMessage(t *testing.T) {
	m := testmodel.Fixture(t)
	c, err := decode(t, m, `{"answers":{"trial_tenant":"yes"}}`)
	if err != nil {
		t.Fatal(err)
	}
	e := &diagnose.Engine{Model: m, Lang: scenarios.EN, Now: testkit.Now}
	r := e.Diagnose(c, 1)
	tk := e.Ticket(r.Case, &r, scenarios.DE, "test")
	if len(tk.Open) == 0 || tk.Open[1].Scenario != "Z" || tk.Open[1].Title != "Der Tenant unseres Kunden ist eine Testversion" ||
		!strings.Contains(strings.Join(tk.Conversation, " "), "Der Tenant unseres Kunden ist eine Testversion.") {
		t.Errorf("ticket: open %+v, conversation %v", tk.Open, tk.Conversation)
	}
	msg, _ := e.Message(&r, diagnose.MessageOptions{Lang: scenarios.EN, InvitationURL: "https://admin.microsoft.com/x"})
	if msg == nil || msg.Scenario != "Z" || msg.Intro[1] != "Your tenant seems to be a trial." || msg.Link == "" {
		t.Errorf("message %+v", msg)
	}
}

// TestTheWalkthroughAsksTheNewQuestion: the walkthrough asks the new question where the catalog
// puts it, and after a yes shows the new scenario's steps.
func TestTheWalkthroughAsksTheNewQuestion(t *testing.T) {
	m := testmodel.Fixture(t)
	p := &walkthroughtest.Prompter{T: t, Answers: map[string][]string{"answers.trial_tenant": {"yes"}, "fixed": {"yes"}}}
	var shown []string
	flow := &walkthrough.Flow{
		Prompter: p,
		Engine:   &diagnose.Engine{Model: m, Lang: scenarios.DE, Now: testkit.Now},
		Now:      func() time.Time { return testkit.Now },
		Save:     func(*diagnose.Case) error { return nil },
		Render: func(r *diagnose.Result) string {
			shown = append(shown, string(r.Scenario))
			return string(r.Scenario)
		},
	}
	out, err := flow.Run(m.NewCase())
	if err != nil {
		t.Fatal(err)
	}
	asked := strings.Join(p.Asked, " ")
	if !strings.Contains(asked, "answers.direct_microsoft answers.trial_tenant ") { // after the question question.json names
		t.Errorf("asked %s", asked)
	}
	q := p.Prompts["answers.trial_tenant"]
	if q.Title != "Ist der Tenant des Kunden noch eine Testversion?" || len(q.Options) != 3 || q.Options[0].Label != "Ja" {
		t.Errorf("the question as asked: %+v", q)
	}
	if len(shown) == 0 || shown[0] != "Z" || out.Result.Scenario != "Z" || out.Kind != walkthrough.Fixed {
		t.Errorf("shown %v, outcome %v %s", shown, out.Kind, out.Result.Scenario)
	}
}
