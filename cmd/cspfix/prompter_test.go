package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
)

func TestChooseAcceptsNumbersAndWords(t *testing.T) {
	yesNo := options("Yes", "yes", "No", "no", "Don't know yet", "unknown")
	fixed := options("Noch nicht: später erneut versuchen", "later", "Nein, der Fehler besteht weiter", "no", "Ja, der Fehler ist weg", "yes")
	search := options("Found", "found", "Not found", "not_found", "Not checked yet", "not_checked")
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
	} {
		got, ok := choose(tt.options, tt.typed)
		if got != tt.want || ok != tt.ok {
			t.Errorf("choose(%q) = %q, %v; want %q, %v", tt.typed, got, ok, tt.want, tt.ok)
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
	p := &linePrompter{ctx: context.Background(), lines: newLineReader(context.Background(), strings.NewReader("maybe\nja\nzurück\nback\n")), out: &out, lang: scenarios.EN}
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

// runCmd runs a bubbletea command the way the program would, through batches and sequences,
// and returns the messages that are not commands.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	var cmds []tea.Cmd
	switch m := msg.(type) {
	case tea.BatchMsg:
		cmds = m
	default:
		// tea.Sequence's message is a slice of commands of an unexported type.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := range v.Len() {
				cmds = append(cmds, v.Index(i).Interface().(tea.Cmd))
			}
		} else {
			return []tea.Msg{msg}
		}
	}
	var msgs []tea.Msg
	for _, c := range cmds {
		msgs = append(msgs, runCmd(c)...)
	}
	return msgs
}

// TestSessionShowsHostileAnswersEscaped: an answer from a case file is shown in the field with
// its unsafe characters escaped, and kept as it was when the person does not change it.
func TestSessionShowsHostileAnswersEscaped(t *testing.T) {
	const hostile = "Evil\x1b]0;owned\x07 Corp\u200b"
	s := &session{settings: promptSettings{width: 60, lang: scenarios.EN}, keys: sessionKeys(), help: promptHelp(scenarios.EN)}
	reply := make(chan answer, 1)
	_, cmd := s.Update(askMsg{prompt: walkthrough.Prompt{ID: "customer.name", Title: "Customer name", Value: hostile}, reply: reply})
	runCmd(cmd)
	view := s.View()
	if strings.ContainsAny(view, "\x07\u200b") || strings.Contains(view, "\x1b]") {
		t.Errorf("raw characters from the answer on the screen: %q", view)
	}
	if !strings.Contains(view, `Evil\u001b]0;owned\u0007 Corp\u200b`) {
		t.Errorf("the answer is not shown escaped:\n%s", view)
	}
	_, cmd = s.Update(tea.KeyMsg{Type: tea.KeyEnter})
	msgs := runCmd(cmd)
	if got := <-reply; got.value != hostile || got.err != nil {
		t.Errorf("the answer kept is %q (%v), want the original", got.value, got.err)
	}
	for _, m := range msgs {
		if strings.ContainsAny(fmt.Sprint(m), "\x07\u200b") {
			t.Errorf("the line kept above holds raw characters: %q", fmt.Sprint(m))
		}
	}
}

// TestSayIsSafe: what the walkthrough says about a resumed case (a name, a note) reaches the
// terminal without escape sequences or invisible characters.
func TestSayIsSafe(t *testing.T) {
	var out strings.Builder
	p := &linePrompter{ctx: context.Background(), lines: newLineReader(context.Background(), strings.NewReader("")), out: &out, lang: scenarios.EN}
	p.Say("Resuming case evil · Evil\x1b]0;owned\x07 Corp\u202e\n  Tried: A: note\x1b[31m red")
	if got := out.String(); strings.ContainsAny(got, "\x1b\x07\u202e") || !strings.Contains(got, "\n  Tried: A: note red") {
		t.Errorf("%q", got)
	}
}
