package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
)

// reviewTexts are what the review says, in one language.
type reviewTexts struct {
	review, allCorrect, lastQuestion, notFound, back, yesNoKeys, yesKey      string
	recentNo, recentYes, recentQuestion, whatChanged, whenChanged, didItWork string
	recentAnswered                                                           string // the end of the line the changed answer leaves above
}

var reviewTextsIn = map[string]reviewTexts{
	"en": {"Check the answers before the diagnosis", "> All correct", "Is the customer found in your Partner",
		"Not found", "esc back", "y yes • n no", "y",
		"> Recent change: No", "> Recent change: Yes", "Was anything changed recently", "What was changed?", "When was the change made?",
		"Did these steps fix the error?", "partners or tenant? Yes"},
	"de": {"Antworten vor der Diagnose prüfen", "> Alles richtig", "Wird der Kunde in Ihrer Kundenliste",
		"Nicht gefunden", "Esc zurück", "j ja • n nein", "j",
		"> Kürzliche Änderung: Nein", "> Kürzliche Änderung: Ja", "Wurde kürzlich etwas", "Was wurde geändert?", "Wann wurde die Änderung vorgenommen?",
		"Haben diese Schritte den Fehler behoben?", "Kunden geändert? Ja"},
}

// openCase is a saved case with every question answered but the search of the customer list.
const openCase = `{"id": "fabrikam-open", "customer": {"name": "Fabrikam AG", "domain": "fabrikam.de",
  "tenant_id": "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7", "confirmed_tenant_id": "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7"},
 "partner": {"partner_id": "4847383"}, "error_message": "Partner relation does not work because it is already existing",
 "attempts": ["2026-11-20T09:14:00+01:00"],
 "answers": {"other_csp": "no", "direct_microsoft": "no", "earlier_relationship_with_you": "no", "invitation_pending": "no",
  "recent_change": "no", "crm_duplicates": "no"}}`

// reviewRow is how many rows below its first ("all correct") the review shows the answer to the
// question id of the case js: it lists the questions that apply to the case, in the order they
// are asked. Counted from the catalog, so that a question added before id moves nothing here.
func reviewRow(t *testing.T, js, id string) int {
	t.Helper()
	m := testmodel.Embedded()
	c := m.NewCase()
	if err := m.UnmarshalCase([]byte(js), c); err != nil {
		t.Fatal(err)
	}
	row := 0
	for _, q := range m.Questions() {
		if q.Applies(c) {
			row++
			if q.Path == id {
				return row
			}
		}
	}
	t.Fatalf("the review shows no %s", id)
	return 0
}

// TestTerminalReview: the review fits the screen (title, cursor and keys in view, at 60×24
// too), the back key goes to the question asked last and from there back to the review, a
// yes/no answer changed with y (j in German) asks its follow-ups, and the cursor comes back to
// the row just changed.
func TestTerminalReview(t *testing.T) {
	for _, tc := range terminalCases {
		t.Run(tc.name, func(t *testing.T) {
			texts := reviewTextsIn[tc.lang]
			dir := t.TempDir()
			path := filepath.Join(dir, "case.json")
			if err := os.WriteFile(path, []byte(openCase), 0o600); err != nil {
				t.Fatal(err)
			}
			term := openTerminalSized(t, dir, tc.cols, 24, "cspfix diagnose --resume case.json --lang "+tc.lang+"; echo $? > exit.txt; sleep 60")
			term.answer(texts.review, "Enter")             // a resumed case: its answers first
			term.answer(texts.lastQuestion, "Up", "Enter") // from "not checked yet" to "not found"
			term.waitForVisible(texts.review, texts.allCorrect, texts.back)
			term.keys("Escape") // to the question asked last, and back
			term.waitForVisible(texts.lastQuestion, texts.back)
			term.keys("Escape")
			term.waitForVisible(texts.review, texts.back)
			term.keys("Home")
			// A tenant ID wider than the row is wrapped, never cut: it is what is compared.
			term.waitForVisible(texts.review, texts.allCorrect, "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7")
			for range reviewRow(t, openCase, "answers.recent_change") {
				term.keys("Down")
			}
			term.waitForVisible(texts.review, texts.recentNo, texts.back)
			term.keys("Enter")
			term.waitForVisible(texts.recentQuestion, texts.yesNoKeys)
			term.keys(texts.yesKey)
			term.answer(texts.whatChanged, "Enter")
			term.answer(texts.whenChanged, "10:00", "Enter")
			term.waitForVisible(texts.review, texts.recentYes, texts.back)
			term.keys("Home", "Enter")
			term.waitFor(texts.didItWork)
			term.keys("C-c")
			if code := term.exitCode(); code != "130" {
				t.Fatalf("exit %s:\n%s", code, term.screen())
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c := readCase(t, data)
			m := testmodel.Embedded()
			if m.FieldAt("answers.recent_change").Value(c) != diagnose.Yes || !m.FieldAt("answers.recent_change_at").Known(c) ||
				m.FieldAt("answers.partner_center_search").Value(c) != "not_found" {
				t.Errorf("saved answers: %+v", c.Answers)
			}
			// The changed answer stays above the questions (the review's own lines are drawn over,
			// and whatever of them the terminal scrolled into its history proves nothing).
			if !strings.Contains(strings.Join(strings.Fields(term.screen()), " "), texts.recentAnswered) {
				t.Errorf("the changed answer is not on the screen:\n%s", term.screen())
			}
		})
	}
}

// readCase reads the one case of a case file.
func readCase(t *testing.T, data []byte) *diagnose.Case {
	t.Helper()
	var c diagnose.Case
	if err := testmodel.Embedded().NewDecoder(strings.NewReader(string(data))).Next(&c); err != nil {
		t.Fatalf("not a valid case file: %v\n%s", err, data)
	}
	return &c
}
