package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/termprompt"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// promptSettings are what a prompter needs to know of the terminal and the person.
type promptSettings struct {
	ctx        context.Context
	in         io.Reader
	out        io.Writer
	accessible bool
	dumb       bool         // TERM=dumb: no cursor movement
	inTerminal bool         // the answers are typed in a terminal, which shows them as they are typed
	theme      render.Theme // the styles of the prompt stream
	tr         scenarios.Texts
	width      int // columns of the terminal the prompts go to, 0 when they go to none
}

// newPrompter is the walkthrough's prompter: in a terminal, one question at a time with the
// answer checked as it is typed (internal/termprompt); in accessible mode, or on a terminal that
// cannot move its cursor (TERM=dumb), plain lines.
func newPrompter(s promptSettings) walkthrough.Prompter {
	if s.accessible || s.dumb {
		return &linePrompter{ctx: s.ctx, lines: newLineReader(s.ctx, s.in), out: s.out, tr: s.tr, echo: !s.inTerminal, width: s.width}
	}
	return termprompt.New(termprompt.Settings{
		Ctx: s.ctx, In: s.in, InFd: fdOf(s.in), Out: s.out, OutFd: fdOf(s.out),
		Look: termprompt.Look{
			Theme:     s.theme,
			KeysInput: s.tr.T(txt.CLIKeysInput), KeysChoice: s.tr.T(txt.CLIKeysChoice),
			KeysBack: s.tr.T(txt.CLIKeysBack), KeysYesNo: s.tr.T(txt.CLIKeysYesNo), KeysOffered: s.tr.T(txt.CLIKeysOffered),
		},
	})
}

// fdOf is the descriptor of a stream that is a file (a terminal), else -1.
func fdOf(v any) int {
	if f, ok := v.(*os.File); ok {
		return int(f.Fd())
	}
	return -1
}

// safeLines makes each line of text safe for the terminal: what the walkthrough says may hold
// the case's own values (a customer's name, a note from a resumed file).
func safeLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		lines[i] = sanitize.Text(line)
	}
	return strings.Join(lines, "\n")
}

// linePrompter asks in plain lines, for screen readers and piped answers: the question, then
// its help, then numbered choices; a choice is taken by its number or its word ("yes", "ja").
type linePrompter struct {
	ctx   context.Context
	lines *lineReader
	out   io.Writer
	tr    scenarios.Texts
	// toldBack says that the person was told how to go back: once, at the first question that
	// allows it, not at every question a screen reader reads out.
	toldBack bool
	// echo writes each answer after its prompt, as a terminal shows what is typed: piped
	// answers would leave the next question on the prompt's line.
	echo bool
	// read counts the lines read, to name the one a piped answer was refused on.
	read int
	// width is the terminal's, to wrap lines at between words (TERM=dumb, --accessible in a
	// terminal), so that the terminal never breaks a word in two; 0 wraps nothing.
	width int
}

// println writes text and a line end, each of its lines wrapped at the terminal's width.
func (p *linePrompter) println(text string) {
	if p.width <= 0 {
		fmt.Fprintln(p.out, text)
		return
	}
	for _, line := range strings.Split(text, "\n") {
		if len([]rune(line)) <= p.width {
			fmt.Fprintln(p.out, line)
			continue
		}
		lead := line[:len(line)-len(strings.TrimLeft(line, " "))]
		indent := lead
		if n, _, ok := strings.Cut(strings.TrimLeft(line, " "), ". "); ok && len(n) <= 2 && strings.Trim(n, "0123456789") == "" {
			indent += strings.Repeat(" ", len(n)+2) // a numbered choice: its lines after the number
		} else if lead != "" {
			indent += "  " // an indented line (a list's item): its lines under its text
		}
		fmt.Fprint(p.out, render.Wrap(lead, indent, line, p.width))
	}
}

// prompt writes the line the answer is typed after, wrapped like println (a default value as
// long as an error message makes it wider than a terminal): its last line stays open.
func (p *linePrompter) prompt(text string) {
	if p.width > 0 && len([]rune(text))+1 > p.width {
		lines := strings.Split(strings.TrimSuffix(render.Wrap("", "", text, p.width-1), "\n"), "\n")
		for _, line := range lines[:len(lines)-1] {
			fmt.Fprintln(p.out, line)
		}
		text = lines[len(lines)-1]
	}
	fmt.Fprint(p.out, text+" ")
}

func (p *linePrompter) Say(text string) { p.println("\n" + safeLines(text)) }

func (p *linePrompter) Ask(q walkthrough.Prompt) (string, error) {
	tr := p.tr
	if q.Back && !p.toldBack {
		p.toldBack = true
		p.println(tr.T(txt.CLIBackWord))
	}
	if q.Recap != "" {
		p.println(q.Recap)
	}
	p.println(q.Title)
	if q.Help != "" {
		p.println(q.Help)
	}
	def := 0
	for i, o := range q.Options {
		p.println(strconv.Itoa(i+1) + ". " + sanitize.Text(o.Label))
		if o.Value == q.Value {
			def = i + 1
		}
	}
	for {
		switch {
		case len(q.Options) > 0 && def == 0:
			p.prompt(tr.T(txt.CLIChooseAny, "n", strconv.Itoa(len(q.Options))))
		case len(q.Options) > 0:
			p.prompt(tr.T(txt.CLIChooseNumber, "n", strconv.Itoa(len(q.Options)), "default", strconv.Itoa(def)))
		case q.Value != "" && q.MultiLine:
			// An error text's lines, on the one line of the prompt.
			p.prompt(tr.T(txt.CLIAnswerKeeps, "value", sanitize.Exact(walkthrough.OneLine(q.Value))))
		case q.Value != "":
			p.prompt(tr.T(txt.CLIAnswerKeeps, "value", sanitize.Exact(q.Value)))
		default:
			p.prompt(tr.T(txt.CLIAnswer))
		}
		line, err := p.lines.line()
		if err != nil {
			fmt.Fprintln(p.out)
			if p.ctx.Err() != nil {
				return "", walkthrough.ErrAborted // a signal
			}
			return "", walkthrough.ErrEndOfInput
		}
		p.read++
		if p.echo {
			fmt.Fprintln(p.out, sanitize.Text(line))
		}
		typed := strings.TrimSpace(line)
		if q.Back && isBackWord(typed) {
			return "", walkthrough.ErrBack
		}
		if len(q.Options) > 0 {
			if typed == "" && def > 0 {
				return q.Options[def-1].Value, nil
			}
			v, ok, fits := pick(q.Options, q.Also, typed)
			if ok {
				return v, nil
			}
			if numbers := optionNumbers(q.Options, fits); len(numbers) > 1 {
				p.println(tr.T(txt.CLIAmbiguousAnswer, "answer", sanitize.Text(tr.Catalog.Cut(typed, sanitize.MaxLine, tr.Lang)), "numbers", strings.Join(numbers, ", ")))
			} else {
				p.println(tr.T(txt.CLIBadNumber, "n", strconv.Itoa(len(q.Options))))
			}
			if err := p.refused(q); err != nil {
				return "", err
			}
			continue
		}
		if typed == "" {
			typed = q.Value
		}
		if q.Validate != nil {
			if err := q.Validate(typed); err != nil {
				p.println(err.Error())
				if err := p.refused(q); err != nil {
					return "", err
				}
				continue
			}
		}
		if q.Describe != nil && q.EchoDescription {
			if d := q.Describe(typed); d != "" {
				p.println(d)
			}
		}
		return typed, nil
	}
}

// refused ends piped answers at the first one refused: the lines after it were written for
// the questions after it, and trying each against this question would refuse them all. Typed
// at a terminal, the question is asked again.
func (p *linePrompter) refused(q walkthrough.Prompt) error {
	if !p.echo {
		return nil
	}
	p.println(p.tr.T(txt.CLIPipedRefused, "line", strconv.Itoa(p.read), "question", sanitize.Text(q.Title)))
	return walkthrough.ErrEndOfInput
}

// isBackWord reports a word that goes back to the previous question.
func isBackWord(s string) bool {
	return slices.Contains(scenarios.BackWords, strings.ToLower(s))
}

// pick finds the option typed: by its number, its value (with spaces or hyphens for its
// underscores), a word for yes or no, the start of its label, or the words of its label ("partner
// removed" for "A partner was removed"), when only one option fits; failing that, by the start
// or the words of its label in another language (also: "request" under --lang de).
// When the words typed fit more than one option, it returns the values of those.
func pick(options, also []walkthrough.Option, typed string) (string, bool, []string) {
	if n, err := strconv.Atoi(typed); err == nil {
		if n >= 1 && n <= len(options) {
			return options[n-1].Value, true, nil
		}
		return "", false, nil
	}
	word := strings.ToLower(typed)
	w, answerWord := scenarios.AnswerWords()[word]
	if answerWord {
		word = w
	}
	if word == "" {
		return "", false, nil
	}
	asValue := strings.NewReplacer(" ", "_", "-", "_").Replace(word)
	for _, o := range options {
		if strings.EqualFold(o.Value, word) || strings.EqualFold(o.Value, asValue) || strings.EqualFold(o.Label, typed) {
			return o.Value, true, nil
		}
	}
	if answerWord {
		return "", false, nil // "no" where no option is no: not the start of "Noch nicht bekannt"
	}
	fit := byLabel(options, word)
	if len(fit) == 0 { // the walkthrough's own language first: another's words only where it has none
		fit = byLabel(also, word)
	}
	if len(fit) != 1 {
		return "", false, fit // none, or more than one, fits
	}
	return fit[0], true, nil
}

// byLabel are the values of the options whose label starts with word, else of those whose label
// has each of word's words: by the first way that finds any, each value once.
func byLabel(options []walkthrough.Option, word string) []string {
	for _, fits := range [...]func(label string) bool{
		func(label string) bool { return strings.HasPrefix(label, word) },
		func(label string) bool { return hasWords(label, strings.Fields(word)) },
	} {
		var values []string
		for _, o := range options {
			if fits(strings.ToLower(o.Label)) && !slices.Contains(values, o.Value) {
				values = append(values, o.Value)
			}
		}
		if len(values) > 0 {
			return values
		}
	}
	return nil
}

// optionNumbers are the numbers of the options with the values given, in the list's order.
func optionNumbers(options []walkthrough.Option, values []string) []string {
	var numbers []string
	for i, o := range options {
		if slices.Contains(values, o.Value) {
			numbers = append(numbers, strconv.Itoa(i+1))
		}
	}
	return numbers
}

// hasWords reports whether each of words starts a word of label.
func hasWords(label string, words []string) bool {
	if len(words) == 0 {
		return false
	}
	fields := strings.FieldsFunc(label, func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == ',' || r == ':' || r == ';' })
	for _, w := range words {
		found := false
		for _, f := range fields {
			found = found || strings.HasPrefix(f, w)
		}
		if !found {
			return false
		}
	}
	return true
}

// lineReader reads lines in a goroutine, so that a signal (ctx) ends a wait for one.
type lineReader struct {
	ctx     context.Context
	lines   chan []byte
	pending []byte
	eof     bool
}

func newLineReader(ctx context.Context, r io.Reader) *lineReader {
	l := &lineReader{ctx: ctx, lines: make(chan []byte)}
	go func() {
		defer close(l.lines)
		br := bufio.NewReader(r)
		for {
			line, err := readBoundedLine(br)
			if len(line) > 0 {
				select {
				case l.lines <- line:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return l
}

// maxAnswerLine bounds one answer typed or piped in: what comes after it on the same line is
// dropped, so that a line without end cannot fill the memory.
const maxAnswerLine = 64 << 10

// readBoundedLine reads one line with its end, keeping at most maxAnswerLine bytes of it.
func readBoundedLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if room := maxAnswerLine - len(line); room > 0 {
			line = append(line, chunk[:min(len(chunk), room)]...)
		}
		if err != bufio.ErrBufferFull {
			if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' && (len(line) == 0 || line[len(line)-1] != '\n') {
				line = append(line, '\n')
			}
			return line, err
		}
	}
}

// line is the next line without its end; io.EOF at the end of the input or on a signal.
func (l *lineReader) line() (string, error) {
	var b []byte
	for {
		buf := make([]byte, 4096)
		n, err := l.Read(buf)
		b = append(b, buf[:n]...)
		if len(b) > 0 && b[len(b)-1] == '\n' {
			return strings.TrimRight(string(b), "\r\n"), nil
		}
		if err != nil {
			if len(b) > 0 {
				return strings.TrimRight(string(b), "\r\n"), nil
			}
			return "", err
		}
	}
}

// Read returns at most one line per call.
func (l *lineReader) Read(b []byte) (int, error) {
	if len(l.pending) == 0 {
		select {
		case line, ok := <-l.lines:
			if !ok {
				l.eof = true
				return 0, io.EOF
			}
			l.pending = line
		case <-l.ctx.Done():
			l.eof = true
			return 0, io.EOF
		}
	}
	n := copy(b, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}
