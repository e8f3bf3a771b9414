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
			// The subject stands on one line, whatever its length (TestTicketSubjectOnOneLine).
			if !markdown && len([]rune(line)) > ticketWidth && !strings.HasPrefix(line, "Subject: ") {
				t.Errorf("line wider than %d: %q", ticketWidth, line)
			}
		}
	}
}

// TestEveryLanguageIsNamedInATicket: a text in another language than the ticket's is marked
// with that language's name, whichever it is.
func TestEveryLanguageIsNamedInATicket(t *testing.T) {
	for _, l := range scenarios.Langs {
		if inLangTexts.Get()[l] == "" {
			t.Errorf("a ticket cannot name %s", l)
		}
	}
}

// TestTicketSubjectOnOneLine: the text ticket starts with its subject after a label, on one
// line however long (a support form takes it as one field), in the ticket's language.
func TestTicketSubjectOnOneLine(t *testing.T) {
	cat := scenarios.Embedded()
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testkit.Now}
	var c diagnose.Case
	if err := testmodel.Embedded().NewDecoder(strings.NewReader(`{"id":"t","customer":{"name":"Tailspin Toys GmbH","tenant_id":"2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7"}}`)).Next(&c); err != nil {
		t.Fatal(err)
	}
	r := e.Diagnose(&c, 1)
	for lang, label := range map[scenarios.Lang]string{scenarios.EN: "Subject: ", scenarios.DE: "Betreff: "} {
		tk := e.Ticket(&c, &r, lang, "cspfix test")
		var b strings.Builder
		TicketText(&b, tk, cat, false)
		first, rest, _ := strings.Cut(b.String(), "\n")
		if first != label+tk.Subject || !strings.HasPrefix(rest, "\n") {
			t.Errorf("%s: the ticket starts\n%s", lang, b.String()[:min(200, b.Len())])
		}
	}
}

// TestTicketShowsHiddenCharactersOfTheDomain: a format character in the customer's domain (a
// right-to-left override) is shown escaped where it stands, as in the tenant ID, never dropped:
// the domain support looks up must be the one the case holds.
func TestTicketShowsHiddenCharactersOfTheDomain(t *testing.T) {
	cat := scenarios.Embedded()
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testkit.Now}
	var c diagnose.Case
	if err := testmodel.Embedded().NewDecoder(strings.NewReader(`{"customer":{"domain":"ex\u202eample.com"}}`)).Next(&c); err != nil {
		t.Fatal(err)
	}
	r := e.Diagnose(&c, 1)
	tk := e.Ticket(&c, &r, scenarios.EN, "cspfix test")
	for _, markdown := range []bool{false, true} {
		var b strings.Builder
		TicketText(&b, tk, cat, markdown)
		got := b.String()
		want := `Domain: ex\u202eample.com`
		if markdown {
			want = `Domain:** ex\\u202eample.com`
		}
		if !strings.Contains(got, want) || strings.Contains(got, "\u202e") {
			t.Errorf("markdown %v: want %q:\n%s", markdown, want, got)
		}
	}
	if !strings.HasSuffix(tk.Subject, `: ex\u202eample.com`) {
		t.Errorf("the subject hides the character: %q", tk.Subject)
	}
}

// TestTicketKeepsTheLinesOfTheErrorText: API output and logs come in several lines; the ticket
// quotes them line by line, as they were pasted (blank lines at the ends dropped, a run of them
// kept as one), in text and in Markdown, where a line break inside the quote is a hard one.
func TestTicketKeepsTheLinesOfTheErrorText(t *testing.T) {
	cat := scenarios.Embedded()
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testkit.Now}
	var c diagnose.Case
	text := `"\r\nRequest failed.\r\nPartner relation does not work because it is already existing\n\n\n\nCorrelation ID: 1234\u2028  at Partner.Link()\n\n"`
	if err := testmodel.Embedded().NewDecoder(strings.NewReader(`{"error_message":` + text + `}`)).Next(&c); err != nil {
		t.Fatal(err)
	}
	r := e.Diagnose(&c, 1)
	tk := e.Ticket(&c, &r, scenarios.EN, "cspfix test")
	for markdown, want := range map[bool]string{
		false: "-------------\nRequest failed.\nPartner relation does not work because it is already existing\n\nCorrelation ID: 1234\n  at Partner.Link()\n\n",
		true:  "\n\n> Request failed.\\\n> Partner relation does not work because it is already existing\n>\n> Correlation ID: 1234\\\n> &#x20;&#x20;at Partner.Link()\n\n",
	} {
		var b strings.Builder
		TicketText(&b, tk, cat, markdown)
		if !strings.Contains(b.String(), want) {
			t.Errorf("markdown %v: the error text is not quoted line by line:\n%s", markdown, b.String())
		}
	}
}
