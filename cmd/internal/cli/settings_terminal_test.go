package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cspfix/cspfix/scenarios"
)

// terminalCase is one way of meeting the walkthrough in a real terminal: its width and its
// language, with the texts the test waits for in that language.
type terminalCase struct {
	name       string
	cols       int
	lang       string
	fromConfig string // the line that says what the settings gave
	prompts    []string
}

// The first questions of the walkthrough, in each language: what the person was doing, where
// the error appeared and its text, the customer's name and domain, the entered tenant ID, the
// indirect provider and the time of the attempt.
var (
	firstQuestions = []string{"operation", "error_place", "error_message", "customer.name", "customer.domain", "customer.tenant_id",
		"partner.indirect_provider", "attempts"}
	firstPromptsEN = asks(scenarios.EN, firstQuestions...)
	firstPromptsDE = asks(scenarios.DE, firstQuestions...)
)

var terminalCases = []terminalCase{
	{"80 columns", 80, "en", "From your settings: Partner ID (MPN ID) 4847383.", firstPromptsEN},
	{"60 columns", 60, "en", "From your settings: Partner ID (MPN ID) 4847383.", firstPromptsEN},
	{"German at 60 columns", 60, "de", "Aus Ihren Einstellungen: Partner-ID (MPN-ID) 4847383.", firstPromptsDE},
}

// writeSettings writes the settings file the terminal's cspfix reads (CSPFIX_CONFIG).
func writeSettings(t *testing.T, dir, json string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(json), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestTerminalSettingsSkipOnlyTheirQuestion: with a Partner ID in the settings, as the README
// recommends, the walkthrough still starts with the customer's name and domain, and each answer
// lands in its own field; only the Partner ID is not asked.
func TestTerminalSettingsSkipOnlyTheirQuestion(t *testing.T) {
	for _, tc := range terminalCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSettings(t, dir, `{"partner": {"partner_id": "4847383"}}`)
			term := openTerminalSized(t, dir, tc.cols, 24, "cspfix diagnose --lang "+tc.lang+"; echo $? > exit.txt; sleep 60")
			term.waitFor(tc.fromConfig)
			term.answer(tc.prompts[0], "Enter")
			term.answer(tc.prompts[1], "Enter")
			term.answer(tc.prompts[2], "Enter")
			term.answer(tc.prompts[3], "Contoso GmbH", "Enter")
			term.answer(tc.prompts[4], "contoso.com", "Enter")
			term.answer(tc.prompts[5], "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7", "Enter")
			term.answer(tc.prompts[6], "Enter")
			term.waitFor(tc.prompts[7])
			term.keys("C-c")
			if code := term.exitCode(); code != "130" {
				t.Fatalf("exit %s:\n%s", code, term.screen())
			}
			_, c := term.savedCase()
			if c.Customer.Name != "Contoso GmbH" || c.Customer.Domain != "contoso.com" ||
				c.Customer.TenantID != "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7" || c.Partner.PartnerID != "4847383" {
				t.Errorf("saved case: %+v %+v", c.Customer, c.Partner)
			}
		})
	}
}
