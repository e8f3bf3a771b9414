package cli

import (
	"strings"
	"testing"
)

// backTexts are what the test of the back key waits for, in one language.
type backTexts struct {
	partnerID, provider, anotherPartner, group1, group2 string
	stop                                                string // a phrase of the key line, never broken
}

var backTextsIn = map[string]backTexts{
	"en": {"Your Partner ID", "Your indirect provider", "already work with another partner", "1/3 The failed attempt", "2/3 Ask the customer", "ctrl+c stop (answers are kept)"},
	"de": {"Ihre Partner-ID", "Ihr indirekter Anbieter", "bereits mit einem anderen Partner", "1/3 Der fehlgeschlagene Versuch", "2/3 Fragen an den Kunden", "Strg+C anhalten (Antworten bleiben)"},
}

// TestTerminalBackTakesTheAnswerOff: the back key takes the answer it goes back to off the
// screen with everything said after it, so that the screen shows only answers that stand: a
// corrected Partner ID is shown once, and going back over the start of a group does not repeat
// the groups' headings.
func TestTerminalBackTakesTheAnswerOff(t *testing.T) {
	for _, tc := range terminalCases {
		t.Run(tc.name, func(t *testing.T) {
			texts := backTextsIn[tc.lang]
			term := openTerminalSized(t, t.TempDir(), tc.cols, 24, "cspfix diagnose --lang "+tc.lang+"; echo $? > exit.txt; sleep 60")
			term.answer(tc.prompts[0], "Enter")
			term.answer(tc.prompts[1], "Enter")
			term.answer(tc.prompts[2], "Enter")
			term.answer(tc.prompts[3], "Contoso GmbH", "Enter")
			term.answer(tc.prompts[4], "Enter")
			term.answer(tc.prompts[5], "Enter")
			term.answer(texts.partnerID, "4847383", "Enter")
			term.waitFor(texts.provider)
			term.keys("Escape") // back to the Partner ID, its answer offered
			term.waitForVisible(texts.partnerID, "> 4847383")
			term.keys("C-u", "4847399", "Enter")
			term.answer(texts.provider, "Enter")
			term.answer(tc.prompts[7], "10:00", "Enter")
			term.waitForVisible(texts.anotherPartner, texts.stop) // the key line breaks between phrases
			term.keys("Escape")                                   // back over the start of group 2, to the time of the attempt
			term.waitForVisible("┃ " + tc.prompts[7])
			term.keys("C-u", "11:00", "Enter")
			term.waitFor(texts.anotherPartner)
			screen := term.screen()
			term.keys("C-c")
			if code := term.exitCode(); code != "130" {
				t.Fatalf("exit %s:\n%s", code, term.screen())
			}
			for text, want := range map[string]int{"4847383": 0, "4847399": 1, "10:00": 0, "11:00": 1, texts.group1: 1, texts.group2: 1} {
				if got := strings.Count(screen, text); got != want {
					t.Errorf("%q is on the screen %d times, want %d:\n%s", text, got, want, screen)
				}
			}
			_, c := term.savedCase()
			if c.Partner.PartnerID != "4847399" {
				t.Errorf("saved Partner ID %q", c.Partner.PartnerID)
			}
		})
	}
}
