package render

import (
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

// TestTicketShowsWhereLookAlikeIDsDiffer: below the two tenant IDs, the ticket says in words
// where they differ, in text and in Markdown, within its width.
func TestTicketShowsWhereLookAlikeIDsDiffer(t *testing.T) {
	cat := scenarios.Embedded()
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testkit.Now}
	var c diagnose.Case
	if err := testmodel.Embedded().NewDecoder(strings.NewReader(`{"customer":{"tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5а31","confirmed_tenant_id":"` + testkit.GoodID + `"}}`)).Next(&c); err != nil {
		t.Fatal(err)
	}
	r := e.Diagnose(&c, 1)
	tk := e.Ticket(&c, &r, scenarios.EN, "cspfix test")
	for _, markdown := range []bool{false, true} {
		var b strings.Builder
		TicketText(&b, tk, cat, markdown)
		got := b.String()
		if !strings.Contains(got, "The two tenant IDs look alike but differ:") ||
			!strings.Contains(strings.Join(strings.Fields(got), " "), `Character 34: entered "а" U+0430 CYRILLIC SMALL LETTER A, confirmed "a" U+0061.`) {
			t.Errorf("markdown %v:\n%s", markdown, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if !markdown && len([]rune(line)) > ticketWidth {
				t.Errorf("line wider than %d: %q", ticketWidth, line)
			}
		}
	}
}

// TestEveryLanguageIsNamedInATicket: a text in another language than the ticket's is marked
// with that language's name, whichever it is.
func TestEveryLanguageIsNamedInATicket(t *testing.T) {
	for _, l := range scenarios.Langs {
		if inLangTexts[l] == "" {
			t.Errorf("a ticket cannot name %s", l)
		}
	}
}
