package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
)

// promptSettings are what a prompter needs to know of the terminal and the person.
type promptSettings struct {
	ctx        context.Context
	in         io.Reader
	out        io.Writer
	accessible bool
	colour     bool
	width      int
	theme      render.Theme // the styles of the prompt stream
	lang       scenarios.Lang
}

// newHuhPrompter is the walkthrough's prompter: in a terminal, huh's fields in one program for
// the whole walkthrough; in accessible mode, plain lines.
func newHuhPrompter(s promptSettings) walkthrough.Prompter {
	if s.accessible {
		return &linePrompter{ctx: s.ctx, lines: newLineReader(s.ctx, s.in), out: s.out, lang: s.lang}
	}
	// Style the fields for the prompt stream, and ask the terminal for its background now,
	// before the program owns it (see internal/noprobe for why this is not done at start-up).
	// The colour switch decides, not termenv's own reading, which sees no terminal whenever CI
	// is set.
	r := lipgloss.NewRenderer(s.out, termenv.WithTTY(s.colour))
	if !s.colour {
		r.SetColorProfile(termenv.Ascii)
	}
	lipgloss.SetDefaultRenderer(r)
	_ = r.HasDarkBackground()
	return &termPrompter{settings: s, done: make(chan struct{})}
}

// termPrompter asks in a terminal. One bubbletea program runs for the whole walkthrough and
// shows one huh field at a time, so that keys typed ahead (a paste, a fast typist) wait for the
// next question instead of being lost between two programs; the flow, in its own goroutine,
// hands it each question and waits for the answer.
type termPrompter struct {
	settings promptSettings
	once     sync.Once
	program  *tea.Program
	done     chan struct{} // closed when the program has ended
}

// answer is what the program sends back for a question.
type answer struct {
	value string
	err   error
}

type askMsg struct {
	prompt walkthrough.Prompt
	reply  chan answer
}

type sayMsg string

type closeMsg struct{}

func (p *termPrompter) start() {
	p.once.Do(func() {
		s := p.settings
		m := &session{settings: s, keys: sessionKeys(), help: promptHelp(s.lang)}
		p.program = tea.NewProgram(m, tea.WithInput(s.in), tea.WithOutput(s.out), tea.WithContext(s.ctx),
			// cspfix handles the signals itself (Main): bubbletea's handler would answer the question
			// with its default on SIGTERM.
			tea.WithoutSignalHandler())
		go func() {
			defer close(p.done)
			_, _ = p.program.Run()
		}()
	})
}

// Ask shows the question and waits for its answer; ErrAborted when the person stops or the
// program ends (a signal).
func (p *termPrompter) Ask(q walkthrough.Prompt) (string, error) {
	p.start()
	reply := make(chan answer, 1)
	p.program.Send(askMsg{q, reply})
	select {
	case a := <-reply:
		return a.value, a.err
	case <-p.done:
		return "", walkthrough.ErrAborted
	}
}

// Say prints text above the question, where it stays.
func (p *termPrompter) Say(text string) {
	p.start()
	p.program.Send(sayMsg(wrapLines(safeLines(text), p.settings.width)))
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

// Close ends the program, leaving the terminal as it was; what was said stays on the screen.
// The next question starts a new program.
func (p *termPrompter) Close() error {
	if p.program == nil {
		return nil
	}
	p.program.Send(closeMsg{})
	<-p.done
	p.once, p.program, p.done = sync.Once{}, nil, make(chan struct{})
	return nil
}

// sessionKeys are the keys the session handles itself, before a field sees them.
type keys struct {
	submit, back, quit key.Binding
}

func sessionKeys() keys {
	return keys{
		submit: key.NewBinding(key.WithKeys("enter")),
		back:   key.NewBinding(key.WithKeys("esc", "shift+tab")),
		quit:   key.NewBinding(key.WithKeys("ctrl+c")),
	}
}

// promptHelpText is the help line under a question, for text and for a choice, without and
// with the back key.
type promptHelpText struct{ input, choice, inputBack, choiceBack string }

func promptHelp(lang scenarios.Lang) promptHelpText {
	back := ui.KeysBack.In(lang)
	return promptHelpText{
		input: ui.KeysInput.In(lang, "back", ""), choice: ui.KeysChoice.In(lang, "back", ""),
		inputBack: ui.KeysInput.In(lang, "back", back), choiceBack: ui.KeysChoice.In(lang, "back", back),
	}
}

// session is the program's model: the question in hand, if any, as a huh field, with the live
// check of what is typed and the help line under it.
type session struct {
	settings promptSettings
	keys     keys
	help     promptHelpText

	prompt  walkthrough.Prompt
	field   huh.Field // nil while no question is asked
	value   *string
	reply   chan answer
	problem string // why the last Enter was refused

	typedAhead []tea.KeyMsg // keys that came while no question was asked
	size       *tea.WindowSizeMsg
}

func (s *session) Init() tea.Cmd { return nil }

func (s *session) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case askMsg:
		cmd := s.show(msg)
		// The keys typed ahead are this question's, up to the one that answers it.
		var cmds []tea.Cmd
		cmds = append(cmds, cmd)
		for len(s.typedAhead) > 0 && s.field != nil {
			k := s.typedAhead[0]
			s.typedAhead = s.typedAhead[1:]
			cmds = append(cmds, s.key(k))
		}
		return s, tea.Batch(cmds...)
	case sayMsg:
		return s, tea.Println(string(msg))
	case closeMsg:
		return s, tea.Quit
	case tea.WindowSizeMsg:
		s.size = &msg
		if s.field != nil {
			_, cmd := s.field.Update(msg)
			return s, cmd
		}
	case tea.KeyMsg:
		if s.field == nil {
			s.typedAhead = append(s.typedAhead, msg)
			return s, nil
		}
		return s, s.key(msg)
	default:
		if s.field != nil {
			_, cmd := s.field.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

// show makes the field for a question.
func (s *session) show(m askMsg) tea.Cmd {
	q := m.prompt
	s.prompt, s.reply, s.problem = q, m.reply, ""
	// An answer from a file may hold characters that must not reach the terminal: the field
	// shows them escaped, and the answer kept unchanged stays the original (shown, not lost).
	value := q.Value
	if len(q.Options) == 0 {
		value = sanitize.Exact(q.Value)
	}
	s.value = &value
	km := huh.NewDefaultKeyMap()
	for _, b := range []*key.Binding{&km.Select.Filter, &km.Select.SetFilter, &km.Select.ClearFilter, &km.Input.Next, &km.Input.Prev,
		&km.Select.Next, &km.Select.Prev, &km.Input.Submit, &km.Select.Submit} {
		b.SetEnabled(false) // the session submits and goes back itself
	}
	width := s.width()
	if len(q.Options) > 0 {
		options := make([]huh.Option[string], len(q.Options))
		for i, o := range q.Options {
			options[i] = huh.NewOption(sanitize.Text(o.Label), o.Value)
		}
		sel := huh.NewSelect[string]().Title(q.Title).Description(q.Help).Options(options...).Value(s.value)
		s.field = sel.WithTheme(huh.ThemeBase()).WithKeyMap(km).WithWidth(width)
		// A list longer than the screen scrolls inside the field, so that its title and the
		// cursor stay in view: the review at 60×24.
		if room := s.screenRoom(); room > 0 && lipgloss.Height(sel.View()) > room {
			sel.Height(max(room, 5))
		}
	} else {
		s.field = huh.NewInput().Title(q.Title).Description(q.Help).Value(s.value).
			WithTheme(huh.ThemeBase()).WithKeyMap(km).WithWidth(width)
	}
	cmds := []tea.Cmd{s.field.Init(), s.field.Focus()}
	if s.size != nil {
		_, cmd := s.field.Update(*s.size)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// screenRoom is how many lines the field may take: the screen less the recap above it and the
// blank line and the keys below it; 0 while the size is unknown.
func (s *session) screenRoom() int {
	if s.size == nil {
		return 0
	}
	room := s.size.Height - 1 - lipgloss.Height(wrapLines(s.helpLine(), s.width()))
	if s.prompt.Recap != "" {
		room -= lipgloss.Height(wrapLines(s.prompt.Recap, s.width()))
	}
	return room
}

// width is the width of the prompts: the terminal's, or 80 while it is unknown.
func (s *session) width() int {
	if s.settings.width <= 0 {
		return 80
	}
	return s.settings.width
}

// helpLine names the keys of the question in hand.
func (s *session) helpLine() string {
	switch choice := len(s.prompt.Options) > 0; {
	case choice && s.prompt.Back:
		return s.help.choiceBack
	case choice:
		return s.help.choice
	case s.prompt.Back:
		return s.help.inputBack
	}
	return s.help.input
}

// key handles a key for the question in hand: Enter answers it (when its check allows), the
// back key goes back, Ctrl-C stops; the others go to the field.
func (s *session) key(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, s.keys.quit):
		return s.answer(answer{err: walkthrough.ErrAborted}, "")
	case key.Matches(k, s.keys.back) && s.prompt.Back:
		return s.answer(answer{err: walkthrough.ErrBack}, "")
	case key.Matches(k, s.keys.submit):
		v := *s.value
		if len(s.prompt.Options) == 0 && v == sanitize.Exact(s.prompt.Value) {
			v = s.prompt.Value
		}
		if s.prompt.Validate != nil && len(s.prompt.Options) == 0 {
			if err := s.prompt.Validate(v); err != nil {
				s.problem = err.Error()
				return nil
			}
		}
		return s.answer(answer{value: v}, v)
	}
	s.problem = ""
	_, cmd := s.field.Update(k)
	return cmd
}

// answer keeps a line of the answer above, where the field was, and then hands the answer to
// the flow: what the flow says next comes below that line.
func (s *session) answer(a answer, value string) tea.Cmd {
	q, reply := s.prompt, s.reply
	s.field, s.reply = nil, nil
	if a.err != nil {
		reply <- a
		return nil
	}
	shown := value
	for _, o := range q.Options {
		if o.Value == value {
			shown = o.Label
		}
	}
	line := q.Title
	if !strings.HasSuffix(line, "?") {
		line += ":"
	}
	line = render.Wrap("", "  ", line+" "+sanitize.Text(sanitize.Exact(shown)), max(s.settings.width, 40))
	return tea.Sequence(
		tea.Println(render.Style(s.settings.theme.Dim, strings.TrimSuffix(line, "\n"))),
		func() tea.Msg { reply <- a; return nil },
	)
}

// View is the question in hand: the verdict it is about, the field, what the check says of the
// input (below it, so that the input line never moves), and the keys.
func (s *session) View() string {
	if s.field == nil {
		return ""
	}
	th, width := s.settings.theme, s.width()
	var b strings.Builder
	if s.prompt.Recap != "" {
		b.WriteString(render.Style(th.Heading, strings.TrimSuffix(render.Wrap("", "  ", s.prompt.Recap, width), "\n")) + "\n")
	}
	b.WriteString(strings.TrimRight(s.field.View(), "\n") + "\n")
	switch {
	case s.problem != "":
		b.WriteString(render.Style(th.Bad, strings.TrimSuffix(render.Wrap("✗ ", "  ", s.problem, width), "\n")) + "\n")
	case s.prompt.Describe != nil:
		if d := s.prompt.Describe(*s.value); d != "" {
			b.WriteString(render.Style(th.Dim, wrapLines(d, width)) + "\n")
		}
	}
	b.WriteString("\n" + render.Style(th.Dim, wrapLines(s.helpLine(), width)))
	return b.String()
}

// wrapLines wraps each line of text that is wider than width, keeping its indent.
func wrapLines(text string, width int) string {
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("\n")
		}
		if width > 0 && len([]rune(line)) > width {
			indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
			b.WriteString(strings.TrimSuffix(render.Wrap(indent, indent+"  ", line, width), "\n"))
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}

// linePrompter asks in plain lines, for screen readers and piped answers: the question, then
// its help, then numbered choices; a choice is taken by its number or its word ("yes", "ja").
type linePrompter struct {
	ctx   context.Context
	lines *lineReader
	out   io.Writer
	lang  scenarios.Lang
	// toldBack says that the person was told how to go back: once, at the first question that
	// allows it, not at every question a screen reader reads out.
	toldBack bool
}

func (p *linePrompter) Say(text string) { fmt.Fprintln(p.out, "\n"+safeLines(text)) }

func (p *linePrompter) Ask(q walkthrough.Prompt) (string, error) {
	lang := p.lang
	if q.Back && !p.toldBack {
		p.toldBack = true
		fmt.Fprintln(p.out, ui.BackWord.In(lang))
	}
	if q.Recap != "" {
		fmt.Fprintln(p.out, q.Recap)
	}
	fmt.Fprintln(p.out, q.Title)
	if q.Help != "" {
		fmt.Fprintln(p.out, q.Help)
	}
	def := 0
	for i, o := range q.Options {
		fmt.Fprintf(p.out, "%d. %s\n", i+1, sanitize.Text(o.Label))
		if o.Value == q.Value {
			def = i + 1
		}
	}
	for {
		switch {
		case len(q.Options) > 0 && def == 0:
			fmt.Fprint(p.out, ui.ChooseAny.In(lang, "n", strconv.Itoa(len(q.Options))))
		case len(q.Options) > 0:
			fmt.Fprint(p.out, ui.ChooseNumber.In(lang, "n", strconv.Itoa(len(q.Options)), "default", strconv.Itoa(def)))
		case q.Value != "":
			fmt.Fprint(p.out, ui.AnswerKeeps.In(lang, "value", sanitize.Exact(q.Value)))
		default:
			fmt.Fprint(p.out, ui.Answer.In(lang))
		}
		fmt.Fprint(p.out, " ")
		line, err := p.lines.line()
		if err != nil {
			fmt.Fprintln(p.out)
			return "", walkthrough.ErrAborted
		}
		typed := strings.TrimSpace(line)
		if q.Back && isBackWord(typed) {
			return "", walkthrough.ErrBack
		}
		if len(q.Options) > 0 {
			if typed == "" && def > 0 {
				return q.Options[def-1].Value, nil
			}
			if v, ok := choose(q.Options, typed); ok {
				return v, nil
			}
			fmt.Fprintln(p.out, ui.BadNumber.In(lang, "n", strconv.Itoa(len(q.Options))))
			continue
		}
		if typed == "" {
			typed = q.Value
		}
		if q.Validate != nil {
			if err := q.Validate(typed); err != nil {
				fmt.Fprintln(p.out, err.Error())
				continue
			}
		}
		if q.Describe != nil && q.EchoDescription {
			if d := q.Describe(typed); d != "" {
				fmt.Fprintln(p.out, d)
			}
		}
		return typed, nil
	}
}

// isBackWord reports a word that goes back to the previous question.
func isBackWord(s string) bool {
	return slices.Contains(scenarios.BackWords, strings.ToLower(s))
}

// choose finds the option typed: by its number, its value, a word for yes or no, or the start
// of its label when only one label starts so.
func choose(options []walkthrough.Option, typed string) (string, bool) {
	if n, err := strconv.Atoi(typed); err == nil {
		if n >= 1 && n <= len(options) {
			return options[n-1].Value, true
		}
		return "", false
	}
	word := strings.ToLower(typed)
	if w, ok := scenarios.AnswerWords[word]; ok {
		word = w
	}
	if word == "" {
		return "", false
	}
	match := ""
	for _, o := range options {
		switch {
		case strings.EqualFold(o.Value, word) || strings.EqualFold(o.Label, typed):
			return o.Value, true
		case strings.HasPrefix(strings.ToLower(o.Label), word):
			if match != "" {
				return "", false // more than one fits
			}
			match = o.Value
		}
	}
	return match, match != ""
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
