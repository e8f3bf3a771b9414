package termprompt

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/walkthrough"
)

func TestKeys(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   []keyKind
	}{
		{"letters and Enter", []string{"ab\r"}, []keyKind{keyRune, keyRune, keyEnter}},
		{"arrows, CSI and SS3", []string{"\x1b[A\x1b[B\x1bOC\x1bOD"}, []keyKind{keyUp, keyDown, keyRight, keyLeft}},
		{"a sequence split across two reads", []string{"\x1b[", "A"}, []keyKind{keyUp}},
		{"a lone ESC at the end of a read is Esc", []string{"\x1b"}, []keyKind{keyEsc}},
		{"Esc and a key in one burst", []string{"\x1bx"}, []keyKind{keyEsc, keyRune}},
		{"Shift+Tab, Delete, Home, End", []string{"\x1b[Z\x1b[3~\x1b[H\x1b[4~"}, []keyKind{keyBackTab, keyDelete, keyHome, keyEnd}},
		{"control keys", []string{"\x03\x15\x17\x7f"}, []keyKind{keyCtrlC, keyKillLine, keyKillWord, keyBackspace}},
		{"a character split across two reads", []string{"\xc3", "\xa4"}, []keyKind{keyRune}},
		{"a paste: its line break is text, CRLF one", []string{"\x1b[200~a\r\nb\x1b[201~\r"}, []keyKind{keyRune, keyPasteControl, keyRune, keyEnter}},
		{"a paste's CRLF split across reads", []string{"\x1b[200~a\r", "\nb\nc\x1b[201~"}, []keyKind{keyRune, keyPasteControl, keyRune, keyPasteControl, keyRune}},
		{"a paste split across reads", []string{"\x1b[200~a", "b\x1b[2", "01~x"}, []keyKind{keyRune, keyRune, keyRune}},
		{"an unknown sequence is dropped whole", []string{"\x1b[99;5uq"}, []keyKind{keyIgnored, keyRune}},
		{"colours and a title copied along with a paste are dropped whole", []string{"\x1b[200~a\x1b[1;31mb\x1b[0m\x1b]0;t\x07\x1b]8;;u\x1b\\c\x1b(Bd\x1b[201~"},
			[]keyKind{keyRune, keyRune, keyRune, keyRune}},
		{"a pasted sequence split across reads", []string{"\x1b[200~a\x1b[3", "1mb\x1b", "]0;t", "\x07c\x1b[201~"}, []keyKind{keyRune, keyRune, keyRune}},
		{"a pasted ESC that starts no sequence goes alone", []string{"\x1b[200~a\x1b\x1b[201~b"}, []keyKind{keyRune, keyRune}},
		{"a pasted sequence without an end is bounded", []string{"\x1b[200~\x1b[" + strings.Repeat("1", 300) + "m\x1b[201~"},
			append(slices.Repeat([]keyKind{keyRune}, 301), keyRune)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p keyParser
			var keys []key
			for _, c := range tt.chunks {
				keys = p.feed([]byte(c), keys)
			}
			var got []keyKind
			for _, k := range keys {
				got = append(got, k.kind)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

var testLook = Look{KeysInput: "enter confirm{back}", KeysChoice: "↑/↓ choose{yesno} • enter confirm{back}", KeysBack: " • esc back", KeysYesNo: " • y yes • n no"}

func yesNo() []walkthrough.Option {
	return []walkthrough.Option{{Label: "Yes", Value: "yes"}, {Label: "No", Value: "no"}, {Label: "Don't know yet", Value: "unknown"}}
}

// TestYesNoKeys: on a list of yes and no, y and j answer yes and n no; elsewhere they do
// nothing, and a pasted letter never answers.
func TestYesNoKeys(t *testing.T) {
	for _, tt := range []struct {
		r      rune
		paste  bool
		want   string
		choice bool
	}{{'y', false, "yes", true}, {'j', false, "yes", true}, {'J', false, "yes", true}, {'n', false, "no", true}, {'x', false, "", true}, {'j', true, "", true}} {
		q := newQuestion(walkthrough.Prompt{Title: "Q?", Options: yesNo(), Value: "unknown"})
		act, v := q.update(key{kind: keyRune, r: tt.r, paste: tt.paste})
		if got := map[bool]string{true: v, false: ""}[act == actSubmit]; got != tt.want {
			t.Errorf("%q (paste %v): got %q, want %q", tt.r, tt.paste, got, tt.want)
		}
	}
	other := newQuestion(walkthrough.Prompt{Title: "Kind?", Options: []walkthrough.Option{{Label: "Reseller", Value: "reseller"}, {Label: "Unknown", Value: "unknown"}}})
	if act, _ := other.update(key{kind: keyRune, r: 'j'}); act != actNone {
		t.Errorf("j answered a list without yes and no")
	}
	// "Did the steps fix it?" is no yes/no list: a stray key never closes a case.
	fixed := newQuestion(walkthrough.Prompt{Title: "Fixed?", Value: "later", Options: []walkthrough.Option{
		{Label: "Not yet", Value: "later"}, {Label: "No", Value: "no"}, {Label: "Yes", Value: "yes"}}})
	if act, _ := fixed.update(key{kind: keyRune, r: 'y'}); act != actNone {
		t.Errorf("y answered whether the steps fixed the error")
	}
	if keys := newQuestion(walkthrough.Prompt{Title: "Q?", Options: yesNo()}).keys(testLook); keys != "↑/↓ choose • y yes • n no • enter confirm" {
		t.Errorf("key line %q", keys)
	}
}

// TestReviewFitsASmallScreen: a list longer than the screen scrolls; the title, the cursor's
// option and the keys stay in view at 60×24, wherever the cursor is.
func TestReviewFitsASmallScreen(t *testing.T) {
	var options []walkthrough.Option
	for i := range 20 {
		options = append(options, walkthrough.Option{Label: "Answer number " + itoa(i) + ": a label long enough to be cut at sixty columns", Value: itoa(i)})
	}
	q := newQuestion(walkthrough.Prompt{Title: "Check the answers before the diagnosis", Help: "Choose an answer to change it, or go on.", Options: options, Value: "12", Back: true})
	for _, moves := range []int{0, 7, 12} {
		for range moves {
			q.update(key{kind: keyDown})
		}
		f := q.view(testLook, 60, 24)
		screen := strings.Join(f.lines, "\n")
		if len(f.lines) > 23 {
			t.Errorf("%d lines on a screen of 24:\n%s", len(f.lines), screen)
		}
		for _, line := range f.lines {
			if textWidth(line) > 60 {
				t.Errorf("line wider than 60: %q", line)
			}
		}
		want := "> Answer number " + itoa(q.choice) + ":"
		if !strings.Contains(screen, "Check the answers before the diagnosis") || !strings.Contains(screen, want) || !strings.Contains(screen, "esc back") {
			t.Errorf("title, cursor (%q) or keys out of view:\n%s", want, screen)
		}
	}
}

// TestLongInputStaysReadable: an answer longer than a line is shown whole over several lines
// while it is typed, with the cursor at its end; one longer than the screen shows a mark where
// its start is out of view.
func TestLongInputStaysReadable(t *testing.T) {
	long := "Contoso Handelsgesellschaft für Bürobedarf und Informationstechnik mbH & Co. KG"
	q := newQuestion(walkthrough.Prompt{Title: "Customer name", Value: long})
	f := q.view(testLook, 60, 24)
	screen := strings.Join(f.lines, "\n")
	if !strings.Contains(screen, "┃ > Contoso Handelsgesellschaft") || !strings.Contains(strings.Join(strings.Fields(screen), " "), "mbH & Co. KG") {
		t.Errorf("the answer is not shown whole:\n%s", screen)
	}
	if !strings.HasSuffix(f.lines[f.row], "Co. KG") || f.col != textWidth(f.lines[f.row]) {
		t.Errorf("cursor at %d,%d, not after the end:\n%s", f.row, f.col, screen)
	}
	huge := newQuestion(walkthrough.Prompt{Title: "The exact error message", Value: strings.Repeat("Partner relation does not work ", 200)})
	f = huge.view(testLook, 60, 24)
	if len(f.lines) > 23 || !strings.Contains(strings.Join(f.lines, "\n"), "┃   "+moreHidden) {
		t.Errorf("a huge answer: %d lines, no mark for what is out of view:\n%s", len(f.lines), strings.Join(f.lines, "\n"))
	}
}

// ask runs one question of a prompter that reads the keys typed in input.
func ask(t *testing.T, p *Prompter, q walkthrough.Prompt) (string, error) {
	t.Helper()
	return p.Ask(q)
}

func newTestPrompter(input string) (*Prompter, *strings.Builder) {
	var out strings.Builder
	return New(Settings{In: strings.NewReader(input), InFd: -1, Out: &out, OutFd: -1, Size: func() (int, int) { return 60, 24 }, Look: testLook}), &out
}

// TestKeysTypedAheadWaitForTheNextQuestion: keys that arrive in one burst answer one question
// after the other; the keys after an answer are the next question's.
func TestKeysTypedAheadWaitForTheNextQuestion(t *testing.T) {
	p, out := newTestPrompter("Contoso GmbH\rcontoso.com\rn\x1b")
	for _, want := range []string{"Contoso GmbH", "contoso.com", "no"} {
		q := walkthrough.Prompt{Title: "Q"}
		if want == "no" {
			q = walkthrough.Prompt{Title: "Q?", Options: yesNo(), Value: "unknown"}
		}
		if v, err := ask(t, p, q); v != want || err != nil {
			t.Fatalf("got %q (%v), want %q", v, err, want)
		}
	}
	if _, err := ask(t, p, walkthrough.Prompt{Title: "Q", Back: true}); !errors.Is(err, walkthrough.ErrBack) {
		t.Fatalf("Esc: %v", err)
	}
	if _, err := ask(t, p, walkthrough.Prompt{Title: "Q"}); !errors.Is(err, walkthrough.ErrAborted) {
		t.Fatalf("the end of the input: %v", err)
	}
	if !strings.Contains(out.String(), "Q: Contoso GmbH") || !strings.Contains(out.String(), "Q? No") {
		t.Errorf("the answers are not kept above:\n%q", out.String())
	}
}

// TestHostileAnswersShownEscaped: an answer from a case file is shown with its unsafe
// characters escaped and kept as it was when it is not changed.
func TestHostileAnswersShownEscaped(t *testing.T) {
	const hostile = "Evil\x1b]0;owned\x07 Corp\u200b"
	p, out := newTestPrompter("\r")
	v, err := ask(t, p, walkthrough.Prompt{Title: "Customer name", Value: hostile})
	if v != hostile || err != nil {
		t.Fatalf("kept %q (%v), want the original", v, err)
	}
	got := out.String()
	if strings.ContainsAny(got, "\x07\u200b") || strings.Contains(got, "\x1b]") {
		t.Errorf("raw characters from the answer on the screen: %q", got)
	}
	if !strings.Contains(got, `Evil\u001b]0;owned\u0007 Corp\u200b`) {
		t.Errorf("the answer is not shown escaped:\n%q", got)
	}
}

// TestStopsAtCtrlCAndSignals: Ctrl-C stops the question; so does a signal (the context) while
// it waits for a key.
func TestStopsAtCtrlCAndSignals(t *testing.T) {
	p, _ := newTestPrompter("abc\x03")
	if _, err := ask(t, p, walkthrough.Prompt{Title: "Q"}); !errors.Is(err, walkthrough.ErrAborted) {
		t.Fatalf("Ctrl-C: %v", err)
	}
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out strings.Builder
	p = New(Settings{Ctx: ctx, In: r, InFd: -1, Out: &out, OutFd: -1, Look: testLook})
	done := make(chan error)
	go func() {
		_, err := p.Ask(walkthrough.Prompt{Title: "Q"})
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, walkthrough.ErrAborted) {
		t.Fatalf("a signal: %v", err)
	}
}

// TestValidateKeepsTheQuestion: an answer its check refuses keeps the question, says why below
// the input, and a key that changes the answer takes the complaint away.
func TestValidateKeepsTheQuestion(t *testing.T) {
	q := newQuestion(walkthrough.Prompt{Title: "Partner ID", Validate: func(s string) error {
		if strings.Trim(s, "0123456789") != "" {
			return errors.New("digits only")
		}
		return nil
	}})
	for _, r := range "48a" {
		q.update(key{kind: keyRune, r: r})
	}
	if act, _ := q.update(key{kind: keyEnter}); act != actNone || !strings.Contains(strings.Join(q.view(testLook, 60, 24).lines, "\n"), "✗ digits only") {
		t.Fatalf("the refused answer is not explained")
	}
	q.update(key{kind: keyBackspace})
	if act, v := q.update(key{kind: keyEnter}); act != actSubmit || v != "48" {
		t.Errorf("got %v %q", act, v)
	}
}

// TestOfferedAnswerIsReplaced: the suggestion a free-text question offers (the error cspfix is
// about) is replaced by what is typed or pasted first, never extended by it; Enter keeps it; a
// deletion removes it; a cursor key edits it; keys that edit nothing (Tab, ↑, Ctrl-V) leave it
// offered; the key line says so while it is. An answer given before is edited as it stands.
func TestOfferedAnswerIsReplaced(t *testing.T) {
	const offered = "Partner relation does not work because it is already existing"
	ask := func(suggested bool, keys ...key) (action, string) {
		q := newQuestion(walkthrough.Prompt{Title: "Error?", Value: offered, Suggested: suggested})
		for _, k := range keys[:len(keys)-1] {
			q.update(k)
		}
		return q.update(keys[len(keys)-1])
	}
	enter := key{kind: keyEnter}
	paste := []key{{kind: keyRune, r: 'E', paste: true}, {kind: keyRune, r: 'r', paste: true}}
	for _, tt := range []struct {
		name      string
		suggested bool
		keys      []key
		want      string
	}{
		{"enter keeps it", true, []key{enter}, offered},
		{"a paste replaces it", true, append(paste, enter), "Er"},
		{"a line break first in a paste replaces it too (a space in a one-line answer)", true, []key{{kind: keyPasteControl, r: '\n', paste: true}, {kind: keyRune, r: 'x', paste: true}, enter}, " x"},
		{"typing replaces it", true, []key{{kind: keyRune, r: 'x'}, enter}, "x"},
		{"backspace removes it", true, []key{{kind: keyBackspace}, enter}, ""},
		{"a cursor key edits it", true, []key{{kind: keyEnd}, {kind: keyRune, r: '!'}, enter}, offered + "!"},
		{"a control key leaves it", true, []key{{kind: keyRune, r: 0x16}, enter}, offered},
		{"Tab, ↑ and Ctrl-V leave it offered for the paste", true, append([]key{{kind: keyIgnored}, {kind: keyUp}, {kind: keyRune, r: 0x16}}, append(paste, enter)...), "Er"},
		{"an answer given before is edited as it stands", false, []key{{kind: keyRune, r: '!'}, enter}, offered + "!"},
	} {
		if act, got := ask(tt.suggested, tt.keys...); act != actSubmit || got != tt.want {
			t.Errorf("%s: %v %q, want %q", tt.name, act, got, tt.want)
		}
	}
	q := newQuestion(walkthrough.Prompt{Title: "Error?", Value: offered, Suggested: true})
	lk := testLook
	lk.KeysInput, lk.KeysOffered = "enter confirm{offered}", " • typing replaces the suggestion"
	if keys := q.keys(lk); keys != "enter confirm • typing replaces the suggestion" {
		t.Errorf("key line while offered: %q", keys)
	}
	q.update(key{kind: keyRune, r: 'x'})
	if keys := q.keys(lk); keys != "enter confirm" {
		t.Errorf("key line after typing: %q", keys)
	}
}

// TestPastedLinesOfAnErrorText: an error text (MultiLine) keeps the line breaks of a paste and
// shows its lines as lines; a one-line answer takes them as spaces.
func TestPastedLinesOfAnErrorText(t *testing.T) {
	var p keyParser
	keys := p.feed([]byte("\x1b[200~Partner Exception:\r\nError code: 27002\x1b[201~\r"), nil)
	for multi, want := range map[bool]string{true: "Partner Exception:\nError code: 27002", false: "Partner Exception: Error code: 27002"} {
		q := newQuestion(walkthrough.Prompt{Title: "Error?", MultiLine: multi})
		var act action
		var got string
		for _, k := range keys {
			if act, got = q.update(k); act == actSubmit {
				break
			}
		}
		if act != actSubmit || got != want {
			t.Errorf("multi-line %v: %v %q, want %q", multi, act, got, want)
		}
	}
	q := newQuestion(walkthrough.Prompt{Title: "Error?", MultiLine: true})
	for _, k := range keys[:len(keys)-1] {
		q.update(k)
	}
	lines, row, col := q.answerLines(testLook, 60, 10)
	if len(lines) != 2 || !strings.HasSuffix(lines[0], "Partner Exception:") || !strings.HasSuffix(lines[1], "Error code: 27002") ||
		row != 1 || col != len([]rune(gutter+inputMark))+len("Error code: 27002") {
		t.Errorf("lines %q, cursor %d,%d", lines, row, col)
	}
}

// TestTimeKeptAsItStandsFor: a time typed as people say it is kept above as the time it stands
// for, not as typed ("now").
func TestTimeKeptAsItStandsFor(t *testing.T) {
	p, out := newTestPrompter("now\r")
	q := walkthrough.Prompt{Title: "When did the attempt fail?", EchoDescription: true,
		Describe: func(s string) string { return "→ 2026-11-20 12:00 +01:00" }}
	if v, err := ask(t, p, q); v != "now" || err != nil {
		t.Fatalf("got %q %v", v, err)
	}
	if !strings.Contains(out.String(), "When did the attempt fail? 2026-11-20 12:00 +01:00") {
		t.Errorf("%q", out.String())
	}
}

// TestBackTakesTheAnswerOff: after the back key, the question answered last comes back without
// its answer and what was said after it on the screen: erased in place while it is on the
// screen, drawn again with what stands once it has scrolled off; what is said on the way back
// (a group's heading again) is dropped with it, and shown when another question comes.
func TestBackTakesTheAnswerOff(t *testing.T) {
	for _, tt := range []struct {
		name   string
		height int
		want   string // what the screen is told after the back key
	}{
		{"on the screen", 24, "\r\x1b[6A\x1b[J"},
		{"scrolled off", 6, "\x1b[H\x1b[2JHeading\r\nQ1: a\r\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			p := New(Settings{In: strings.NewReader("a\rb\r\x1bx\r\x1b"), InFd: -1, Out: &out, OutFd: -1,
				Size: func() (int, int) { return 60, tt.height }, Look: testLook})
			p.Say("Heading")
			for _, q := range []string{"Q1", "Q2"} {
				if _, err := p.Ask(walkthrough.Prompt{ID: q, Title: q, Back: q != "Q1"}); err != nil {
					t.Fatal(err)
				}
			}
			p.Say("one\ntwo\nthree\nfour\nfive")
			if _, err := p.Ask(walkthrough.Prompt{ID: "Q3", Title: "Q3", Back: true}); !errors.Is(err, walkthrough.ErrBack) {
				t.Fatalf("Esc: %v", err)
			}
			p.Say("Heading") // said again on the way back
			before := out.Len()
			if v, err := p.Ask(walkthrough.Prompt{ID: "Q2", Title: "Q2", Back: true}); v != "x" || err != nil {
				t.Fatalf("got %q %v", v, err)
			}
			after := out.String()[before:]
			if !strings.HasPrefix(after, tt.want) || strings.Contains(after, "Q2: b") || strings.Contains(after, "Heading\r\nQ1: a\r\nHeading") {
				t.Errorf("after the back key:\n%q\nwant it to start with %q, without the answer taken back", after, tt.want)
			}
			if !strings.Contains(after, "Q2: x") {
				t.Errorf("the new answer is not kept:\n%q", after)
			}
			// Back from a question to one that is not the one answered last: nothing is taken
			// off, and what was said on the way is shown.
			if _, err := p.Ask(walkthrough.Prompt{ID: "Q3", Title: "Q3", Back: true}); !errors.Is(err, walkthrough.ErrBack) {
				t.Fatalf("Esc: %v", err)
			}
			p.Say("Said on the way")
			before = out.Len()
			_, _ = p.Ask(walkthrough.Prompt{ID: "review", Title: "Review"})
			if after := out.String()[before:]; !strings.HasPrefix(after, "Said on the way\r\n") {
				t.Errorf("what was said on the way back is lost:\n%q", after)
			}
		})
	}
}

// TestOptionsWrapNeverCut: an option wider than the terminal is wrapped over several lines,
// never cut with "…", and a word wider than a line (a tenant ID) is broken where the line
// ends; the cursor's option stays in view when the list scrolls.
func TestOptionsWrapNeverCut(t *testing.T) {
	const id = "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7"
	options := []walkthrough.Option{{Label: "All correct: show the diagnosis", Value: ""}}
	for i := range 12 {
		options = append(options, walkthrough.Option{Label: "Tenant ID entered " + itoa(i) + ": " + id, Value: itoa(i)})
	}
	for _, width := range []int{60, 40, 30} {
		q := newQuestion(walkthrough.Prompt{Title: "Check the answers", Options: options, Value: "11", Back: true})
		f := q.view(testLook, width, 24)
		screen := strings.Join(f.lines, "\n")
		if strings.Contains(screen, "…") || len(f.lines) > 23 {
			t.Errorf("width %d: cut, or %d lines:\n%s", width, len(f.lines), screen)
		}
		for _, line := range f.lines {
			if textWidth(line) > width {
				t.Errorf("width %d: line wider: %q", width, line)
			}
		}
		var joined strings.Builder
		for _, line := range f.lines {
			joined.WriteString(strings.TrimLeft(line, "┃ >"))
		}
		if !strings.Contains(strings.ReplaceAll(joined.String(), " ", ""), "TenantIDentered11:"+id) {
			t.Errorf("width %d: the cursor's option is not whole:\n%s", width, screen)
		}
	}
}

// TestKeyLineBreaksBetweenPhrases: the key line breaks between its phrases, never inside one.
func TestKeyLineBreaksBetweenPhrases(t *testing.T) {
	const keys = "↑/↓ choose • y yes • n no • enter confirm • esc back • ctrl+c stop (answers are kept)"
	for _, width := range []int{80, 60, 40} {
		lines := keyLines(keys, width)
		for _, line := range lines {
			if textWidth(line) > width {
				t.Errorf("width %d: %q is wider", width, line)
			}
		}
		if got := strings.Join(lines, keySep); got != keys {
			t.Errorf("width %d: a phrase broken: %q", width, lines)
		}
	}
	if got := keyLines("a • an extremely long phrase", 10); len(got) != 5 || got[0] != "a" || got[2] != "extremely" {
		t.Errorf("a phrase wider than the line is wrapped by its words: %q", got)
	}
}

// TestShortenKeepsShortAnswersWhole: an answer stays on the screen whole up to maxEcho
// characters; a longer one is cut there, on a character boundary, and says so.
func TestShortenKeepsShortAnswersWhole(t *testing.T) {
	long := strings.Repeat("ä", maxEcho+5)
	for _, tc := range []struct{ in, want string }{
		{"Contoso GmbH", "Contoso GmbH"},
		{strings.Repeat("x", maxEcho), strings.Repeat("x", maxEcho)},
		{long, strings.Repeat("ä", maxEcho) + " …"},
	} {
		if got := shorten(tc.in, maxEcho); got != tc.want {
			t.Errorf("shorten(%d runes) = %d runes", len([]rune(tc.in)), len([]rune(got)))
		}
	}
}

// FuzzPastedKeys: whatever a paste holds, the parser gives the same keys however the reads
// split it, keeps no control character as text, and ends the paste at its end marker.
func FuzzPastedKeys(f *testing.F) {
	for _, seed := range []string{"a\r\nb", "a\x1b[1;31mb\x1b[0m", "\x1b]8;;u\x1b\\c", "\xc3\xa4\x1b", "\x1b[" + strings.Repeat("1", 300)} {
		f.Add([]byte(seed), uint16(3))
	}
	f.Fuzz(func(t *testing.T, text []byte, at uint16) {
		if strings.Contains(string(text), pasteEnd) {
			t.Skip()
		}
		in := pasteStart + string(text) + pasteEnd + "z"
		var whole keyParser
		want := whole.feed([]byte(in), nil)
		// Split after the paste began: before, an ESC alone at the end of a read is the Esc key.
		cut := len(pasteStart) + int(at)%(len(in)-len(pasteStart)+1)
		var split keyParser
		got := split.feed([]byte(in[cut:]), split.feed([]byte(in[:cut]), nil))
		if len(got) != len(want) {
			t.Fatalf("split at %d: %d keys, whole: %d", cut, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("split at %d: key %d is %+v, whole: %+v", cut, i, got[i], want[i])
			}
		}
		if last := want[len(want)-1]; last.kind != keyRune || last.r != 'z' || last.paste {
			t.Fatalf("the paste did not end at its marker: last key %+v", last)
		}
		for _, k := range want[:len(want)-1] {
			if !k.paste || k.kind == keyRune && (k.r < 0x20 || k.r == 0x7f) {
				t.Fatalf("key %+v from a paste", k)
			}
		}
	})
}
