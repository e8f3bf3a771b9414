package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// endTexts are what the end of a walkthrough says, in one language.
type endTexts struct {
	review, didItWork, retryWhen, offerMessage, subject, caseSaved, greeting, regards string
}

var endTextsIn = map[string]endTexts{
	"en": {"Check the answers before the diagnosis", "Did these steps fix the error?", "When do you want to try again?", "Write the message to the customer?",
		"Subject:", "Case saved:", "Hello,", "Kind regards"},
	"de": {"Antworten vor der Diagnose prüfen", "Haben diese Schritte den Fehler behoben?", "Wann möchten Sie es erneut versuchen?", "Die Nachricht an den Kunden schreiben?",
		"Betreff:", "Fall gespeichert:", "Guten Tag,", "Freundliche Grüße"},
}

// pausedCase is a case with every question answered that points to a replication delay (D): a
// partner was removed 30 minutes before the failed attempt.
func pausedCase(now time.Time) string {
	change := now.Add(-40 * time.Minute).Format(time.RFC3339)
	attempt := now.Add(-10 * time.Minute).Format(time.RFC3339)
	return `{"id": "litware-d", "customer": {"name": "Litware GmbH", "domain": "litware.de",
  "tenant_id": "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7", "confirmed_tenant_id": "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7"},
 "partner": {"partner_id": "4847383"}, "error_message": "Partner relation does not work because it is already existing",
 "attempts": ["` + attempt + `"],
 "answers": {"other_csp": "no", "direct_microsoft": "no", "earlier_relationship_with_you": "no", "invitation_pending": "no",
  "recent_change": "yes", "change_kind": "partner_removed", "recent_change_at": "` + change + `",
  "crm_duplicates": "no", "partner_center_search": "not_found"}}`
}

// TestTerminalEndArrivesWhole: the message to the customer at the end of a walkthrough reaches
// the terminal whole, line by line, at the terminal's width: no line stepping down the screen,
// none cut off or overwritten by the prompt, the closing and the signature included.
func TestTerminalEndArrivesWhole(t *testing.T) {
	for _, tc := range terminalCases {
		t.Run(tc.name, func(t *testing.T) {
			texts := endTextsIn[tc.lang]
			dir := t.TempDir()
			writeSettings(t, dir, `{"partner": {"name": "Fabrikam IT"}, "contact": {"name": "Anna Schmidt", "email": "anna@fabrikam.example"}}`)
			path := filepath.Join(dir, "case.json")
			if err := os.WriteFile(path, []byte(pausedCase(time.Now())), 0o600); err != nil {
				t.Fatal(err)
			}
			term := openTerminalSized(t, dir, tc.cols, 24, "cspfix diagnose --resume case.json --lang "+tc.lang+"; echo $? > exit.txt; sleep 60")
			term.answer(texts.review, "Enter")    // a resumed case: its answers first
			term.answer(texts.didItWork, "Enter") // not yet
			term.answer(texts.retryWhen, "Enter") // at the time suggested
			term.answer(texts.offerMessage, "Down", "Enter")
			if code := term.exitCode(); code != "0" {
				t.Fatalf("exit %s:\n%s", code, term.screen())
			}
			term.waitFor(texts.caseSaved)
			joined, _ := term.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "main")
			lines := strings.Split(joined, "\n")
			start, end := -1, -1
			for i, line := range lines {
				switch {
				case start < 0 && strings.HasPrefix(line, texts.subject):
					start = i
				case start >= 0 && strings.HasPrefix(line, texts.caseSaved):
					end = i
				}
			}
			if start < 0 || end < 0 {
				t.Fatalf("no message between %q and %q:\n%s", texts.subject, texts.caseSaved, joined)
			}
			message := lines[start:end]
			for _, line := range message {
				if len([]rune(line)) > tc.cols || len(line)-len(strings.TrimLeft(line, " ")) > 4 {
					t.Errorf("line wider than the terminal or stepped down the screen: %q\n%s", line, strings.Join(message, "\n"))
				}
			}
			if !slicesContain(message, texts.greeting) || !slicesContain(message, texts.regards) || !slicesContain(message, "Anna Schmidt") {
				t.Errorf("greeting, regards or signature not on lines of their own:\n%s", strings.Join(message, "\n"))
			}
			// Word for word what `cspfix message` writes for the saved case.
			cmd := exec.Command(cspfixBinary(t), "message", "--answers", path, "--lang", tc.lang)
			cmd.Env = append(terminalEnv(), "CSPFIX_CONFIG="+filepath.Join(dir, "config.json"))
			want, err := cmd.Output()
			if err != nil {
				t.Fatalf("cspfix message: %v", err)
			}
			if got, want := strings.Fields(strings.Join(message, "\n")), strings.Fields(string(want)); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("the message on the terminal:\n%s\nwant, word for word:\n%s", strings.Join(message, "\n"), want)
			}
		})
	}
}

func slicesContain(lines []string, line string) bool {
	for _, l := range lines {
		if strings.TrimRight(l, " ") == line {
			return true
		}
	}
	return false
}

// TestTerminalCtrlCAtTheMessageOffer: Ctrl-C at "Write the message to the customer?" is a stop,
// not a no: exit 130, as everywhere in the walkthrough, with the case already saved.
func TestTerminalCtrlCAtTheMessageOffer(t *testing.T) {
	for _, tc := range terminalCases[:1] {
		t.Run(tc.name, func(t *testing.T) {
			texts := endTextsIn[tc.lang]
			dir := t.TempDir()
			path := filepath.Join(dir, "case.json")
			if err := os.WriteFile(path, []byte(pausedCase(time.Now())), 0o600); err != nil {
				t.Fatal(err)
			}
			term := openTerminalSized(t, dir, tc.cols, 24, "cspfix diagnose --resume case.json --lang "+tc.lang+"; echo $? > exit.txt; sleep 60")
			term.answer(texts.review, "Enter")
			term.answer(texts.didItWork, "Enter") // not yet
			term.answer(texts.retryWhen, "Enter")
			term.answer(texts.offerMessage, "C-c")
			if code := term.exitCode(); code != "130" {
				t.Fatalf("exit %s, want 130:\n%s", code, term.screen())
			}
			if data, err := os.ReadFile(path); err != nil || !strings.Contains(string(data), `"retry_at"`) {
				t.Errorf("the case is not saved with its retry time (%v):\n%s", err, data)
			}
		})
	}
}
