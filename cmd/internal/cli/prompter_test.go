package cli

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
)

func TestChooseAcceptsNumbersAndWords(t *testing.T) {
	yesNo := options("Yes", "yes", "No", "no", "Don't know yet", "unknown")
	fixed := options("Noch nicht: später erneut versuchen", "later", "Nein, der Fehler besteht weiter", "no", "Ja, der Fehler ist weg", "yes")
	search := options("Found", "found", "Not found", "not_found", "Not checked yet", "not_checked")
	kinds := options("A partner was removed", "partner_removed", "An invitation was accepted", "invitation_accepted",
		"A new tenant was created or replaced the old one", "new_tenant", "Something else", "other", "Don't know yet", "unknown")
	for _, tt := range []struct {
		options []walkthrough.Option
		typed   string
		want    string
		ok      bool
	}{
		{yesNo, "1", "yes", true},
		{yesNo, "3", "unknown", true},
		{yesNo, "4", "", false},
		{yesNo, "0", "", false},
		{yesNo, "yes", "yes", true},
		{yesNo, "YES", "yes", true},
		{yesNo, "ja", "yes", true},
		{yesNo, "J", "yes", true},
		{yesNo, "nein", "no", true},
		{yesNo, "n", "no", true},
		{yesNo, "?", "unknown", true},
		{yesNo, "weiß nicht", "unknown", true},
		{yesNo, "don", "unknown", true}, // the start of one label
		{yesNo, "maybe", "", false},
		{yesNo, "", "", false},
		{fixed, "später", "later", true},
		{fixed, "ja", "yes", true},
		{fixed, "nein", "no", true},
		{fixed, "n", "no", true},
		{search, "not", "", false}, // the start of two labels
		{search, "found", "found", true},
		{search, "not found", "not_found", true},
		{search, "not-found", "not_found", true},
		{kinds, "partner removed", "partner_removed", true}, // the words of a label, not only its start
		{kinds, "Partner wurde entfernt", "", false},        // words of another language do not fit
		{kinds, "partner_removed", "partner_removed", true},
		{kinds, "new tenant", "new_tenant", true},
		{kinds, "tenant", "new_tenant", true},
		{kinds, "a", "", false},  // "A partner …" and "An invitation …": more than one fits
		{kinds, "no", "", false}, // a word for no where no option is no
		{kinds, "nein", "", false},
		{kinds, "?", "unknown", true},
		{options("Etwas anderes", "other", "Noch nicht bekannt", "unknown"), "n", "", false}, // not the start of "Noch"
		{options("Etwas anderes", "other", "Noch nicht bekannt", "unknown"), "noch", "unknown", true},
	} {
		got, ok, _ := pick(tt.options, nil, tt.typed)
		if got != tt.want || ok != tt.ok {
			t.Errorf("pick(%q) = %q, %v; want %q, %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}

// TestChooseAcceptsTheWordsOfTheOtherLanguage: under --lang de, the English words of an option
// are an answer too, as they are for every other question; the walkthrough's own language
// comes first.
func TestChooseAcceptsTheWordsOfTheOtherLanguage(t *testing.T) {
	saw := options("Die Bitte, die Zustimmung zur Microsoft-Kundenvereinbarung vom Partner bestätigen zu lassen", "confirm_agreement",
		"Eine Ablehnung, weil der Tenant schon einen Partner hat", "already_has_partner",
		"Einen Anmelde- oder Kontofehler (falsches Konto oder falscher Tenant)", "sign_in_error", "Etwas anderes", "other")
	english := options("A request to have the partner confirm the acceptance of the Microsoft Customer Agreement", "confirm_agreement",
		"A refusal because the tenant already has a partner", "already_has_partner",
		"A sign-in or account error (wrong account or wrong tenant)", "sign_in_error", "Something else", "other")
	for _, tt := range []struct {
		typed string
		want  string
		ok    bool
	}{
		{"request", "confirm_agreement", true},
		{"refusal", "already_has_partner", true},
		{"sign-in", "sign_in_error", true},
		{"something else", "other", true},
		{"ablehnung", "already_has_partner", true},
		{"partner", "", false}, // English words that fit two options
		{"a", "", false},
		{"5", "", false}, // numbers are the list's own
	} {
		got, ok, _ := pick(saw, english, tt.typed)
		if got != tt.want || ok != tt.ok {
			t.Errorf("pick(%q) = %q, %v; want %q, %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}

// options are the choices of a question from label and value pairs.
func options(pairs ...string) []walkthrough.Option {
	var o []walkthrough.Option
	for i := 0; i+1 < len(pairs); i += 2 {
		o = append(o, walkthrough.Option{Label: pairs[i], Value: pairs[i+1]})
	}
	return o
}

func TestReadBoundedLine(t *testing.T) {
	long := strings.Repeat("x", maxAnswerLine+5000)
	br := bufio.NewReaderSize(strings.NewReader("short\n"+long+"\nafter"), 16)
	for _, want := range []struct {
		line string
		err  error
	}{
		{"short\n", nil},
		{long[:maxAnswerLine] + "\n", nil}, // cut, and still a line of its own
		{"after", io.EOF},
	} {
		line, err := readBoundedLine(br)
		if string(line) != want.line || !errors.Is(err, want.err) && err != want.err {
			t.Fatalf("got %d bytes (%v), want %d bytes (%v)", len(line), err, len(want.line), want.err)
		}
	}
}

// TestLinePrompterReadsLikeAScreenReaderNeeds: the question comes before its help, the way back
// is told once, and a wrong answer says what to type.
func TestLinePrompterReadsLikeAScreenReaderNeeds(t *testing.T) {
	var out strings.Builder
	p := &linePrompter{ctx: context.Background(), lines: newLineReader(context.Background(), strings.NewReader("maybe\nja\nzurück\nback\n")), out: &out, tr: testTexts(scenarios.EN)}
	q := walkthrough.Prompt{Title: "Question?", Help: "Help.", Options: options("Yes", "yes", "No", "no"), Value: "no"}
	if v, err := p.Ask(q); v != "yes" || err != nil {
		t.Fatalf("got %q, %v", v, err)
	}
	q.Back = true
	if _, err := p.Ask(q); !errors.Is(err, walkthrough.ErrBack) {
		t.Fatalf("zurück: %v", err)
	}
	if _, err := p.Ask(q); !errors.Is(err, walkthrough.ErrBack) {
		t.Fatalf("back: %v", err)
	}
	got := out.String()
	if strings.Index(got, "Question?") > strings.Index(got, "Help.") {
		t.Errorf("the help comes before the question:\n%s", got)
	}
	if !strings.Contains(got, "please enter a number from 1 to 2 or one of the answers") {
		t.Errorf("a wrong answer is not explained:\n%s", got)
	}
	if n := strings.Count(got, `type "back"`); n != 1 {
		t.Errorf("the way back is told %d times, want once:\n%s", n, got)
	}
}

// TestSayIsSafe: what the walkthrough says about a resumed case (a name, a note) reaches the
// terminal without escape sequences or invisible characters.
func TestSayIsSafe(t *testing.T) {
	var out strings.Builder
	p := &linePrompter{ctx: context.Background(), lines: newLineReader(context.Background(), strings.NewReader("")), out: &out, tr: testTexts(scenarios.EN)}
	p.Say("Resuming case evil · Evil\x1b]0;owned\x07 Corp\u202e\n  Tried: A: note\x1b[31m red")
	if got := out.String(); strings.ContainsAny(got, "\x1b\x07\u202e") || !strings.Contains(got, "\n  Tried: A: note red") {
		t.Errorf("%q", got)
	}
}

// TestPlainLinesKeepTheirIndent: a said line that is indented (the lookups' list under its
// source) keeps its indent when wrapped, and its further lines stand under its text.
func TestPlainLinesKeepTheirIndent(t *testing.T) {
	var out strings.Builder
	p := &linePrompter{ctx: context.Background(), out: &out, tr: testTexts(scenarios.EN), width: 40}
	p.Say("Looked up:\n  Microsoft Graph:\n    • name of the tenant with the entered ID: \"Contoso, Ltd\"")
	want := "\nLooked up:\n  Microsoft Graph:\n    • name of the tenant with the\n      entered ID: \"Contoso, Ltd\"\n"
	if out.String() != want {
		t.Errorf("got\n%q\nwant\n%q", out.String(), want)
	}
}

// TestPipedAnswersStopAtTheFirstRefused: piped answers are written for the questions in order;
// after one is refused, the lines after it are not tried against its question one by one:
// the walkthrough ends there (what was answered is saved), naming the line and the question.
func TestPipedAnswersStopAtTheFirstRefused(t *testing.T) {
	var out strings.Builder
	lines := newLineReader(context.Background(), strings.NewReader("request\nLitware GmbH\n"))
	p := &linePrompter{ctx: context.Background(), lines: lines, out: &out, tr: testTexts(scenarios.EN), echo: true}
	q := walkthrough.Prompt{Title: "What did the customer see?", Options: options("Yes", "yes", "No", "no")}
	if _, err := p.Ask(q); !errors.Is(err, walkthrough.ErrEndOfInput) {
		t.Fatalf("a refused piped answer: %v", err)
	}
	if !strings.Contains(out.String(), `line 1, for "What did the customer see?"`) {
		t.Errorf("the refused line is not named:\n%s", out.String())
	}
	if next, err := lines.line(); err != nil || next != "Litware GmbH" {
		t.Errorf("the next line was consumed: %q, %v", next, err)
	}
	// Typed at a terminal, the question is asked again.
	out.Reset()
	p = &linePrompter{ctx: context.Background(), lines: newLineReader(context.Background(), strings.NewReader("request\nyes\n")), out: &out, tr: testTexts(scenarios.EN)}
	if v, err := p.Ask(q); v != "yes" || err != nil {
		t.Errorf("at a terminal: %q, %v", v, err)
	}
}

// TestAmbiguousAnswerNamesItsOptions: words that fit several options are refused with the
// numbers of those, so that the person can pick one.
func TestAmbiguousAnswerNamesItsOptions(t *testing.T) {
	kinds := options("A partner was removed", "partner_removed", "An invitation was accepted", "invitation_accepted",
		"A new tenant was created or replaced the old one", "new_tenant", "Something else", "other")
	for _, tt := range []struct {
		typed, value, numbers string
	}{
		{"a", "", "1, 2, 3"},
		{"was", "", "1, 2, 3"},
		{"partner", "partner_removed", ""},
		{"zzz", "", ""},
	} {
		v, ok, fits := pick(kinds, nil, tt.typed)
		if got := strings.Join(optionNumbers(kinds, fits), ", "); v != tt.value || ok != (tt.value != "") || got != tt.numbers {
			t.Errorf("%q: %q %v, numbers %q; want %q, numbers %q", tt.typed, v, ok, got, tt.value, tt.numbers)
		}
	}
}
