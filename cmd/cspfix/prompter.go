package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

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

// huhPrompter asks with huh, one small form per question, so that the Go flow decides what comes
// next (huh's own hide and options functions do not work in accessible mode).
type huhPrompter struct {
	ctx        context.Context // cancelled by a signal: the question in hand is left unanswered
	in         io.Reader
	out        io.Writer
	accessible bool
	lines      *lineReader // the input in accessible mode, to notice its end
	theme      *huh.Theme
	keys       *huh.KeyMap
	dim        func(string) string // style of the transcript lines
	width      int
	texts      promptTexts
}

// promptTexts are the prompter's own words in the interface language.
type promptTexts struct{ ChooseNumber, BadNumber string }

// promptSettings are what a prompter needs to know of the terminal and the person.
type promptSettings struct {
	ctx        context.Context
	in         io.Reader
	out        io.Writer
	accessible bool
	colour     bool
	width      int
	dim        func(string) string // style of the transcript lines
	lang       scenarios.Lang
}

// newHuhPrompter is the walkthrough's prompter in a terminal: huh's forms.
func newHuhPrompter(s promptSettings) walkthrough.Prompter {
	ctx, in, out, accessible, colour, width, dim, lang := s.ctx, s.in, s.out, s.accessible, s.colour, s.width, s.dim, s.lang
	p := &huhPrompter{ctx: ctx, in: in, out: out, accessible: accessible, width: width, dim: dim,
		texts: promptTexts{ChooseNumber: ui.ChooseNumber.In(lang), BadNumber: ui.BadNumber.In(lang)}}
	if accessible {
		// huh's accessible mode reads each prompt with a new scanner, which would swallow the
		// lines meant for the next prompts: hand it one line per Read.
		p.lines = newLineReader(ctx, in)
		p.in = p.lines
		p.theme = huh.ThemeBase()
		return p
	}
	// Style the forms for the prompt stream, and ask the terminal for its background now,
	// before a form owns it (see internal/noprobe for why this is not done at start-up).
	// The colour switch decides, not termenv's own reading, which sees no terminal whenever
	// CI is set.
	r := lipgloss.NewRenderer(out, termenv.WithTTY(colour))
	if !colour {
		r.SetColorProfile(termenv.Ascii)
	}
	lipgloss.SetDefaultRenderer(r)
	_ = r.HasDarkBackground()
	p.theme = huh.ThemeBase()
	p.keys = formKeys(lang)
	return p
}

// formKeys is huh's key map with the help line of the fields cspfix uses (inputs and selects)
// in lang.
func formKeys(lang scenarios.Lang) *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	for _, keys := range []any{&km.Input, &km.Select} {
		v := reflect.ValueOf(keys).Elem()
		for i := range v.NumField() {
			if b, ok := v.Field(i).Addr().Interface().(*key.Binding); ok {
				if t, ok := formKeyText(b.Help().Desc, lang); ok {
					b.SetHelp(b.Help().Key, t)
				}
			}
		}
	}
	return km
}

func (p *huhPrompter) Ask(q walkthrough.Prompt) (string, error) {
	value := q.Value
	if err := p.run(p.field(q, &value)); err != nil {
		return "", err
	}
	if len(q.Options) > 0 && p.accessible {
		typed := value
		value = "" // no valid choice: the question stays unanswered
		if n := choiceNumber(typed, len(q.Options)); n > 0 {
			value = q.Options[n-1].Value
		}
	}
	if !p.accessible {
		p.transcript(q, value)
	}
	return value, nil
}

// field is the huh field that asks q, bound to value.
func (p *huhPrompter) field(q walkthrough.Prompt, value *string) huh.Field {
	switch {
	case len(q.Options) > 0 && p.accessible:
		// huh's accessible select asks in English only; number the choices here instead.
		return p.numberedChoice(q, value)
	case len(q.Options) > 0:
		options := make([]huh.Option[string], len(q.Options))
		for i, o := range q.Options {
			options[i] = huh.NewOption(o.Label, o.Value)
		}
		// A bound value gives the select a default, which accessible mode needs at end of input.
		return huh.NewSelect[string]().Title(q.Title).Description(q.Help).Options(options...).Value(value)
	}
	input := huh.NewInput().Title(q.Title).Value(value)
	if q.Validate != nil {
		input.Validate(q.Validate)
	}
	switch {
	case p.accessible:
		// Accessible mode shows no descriptions; say the help before the prompt.
		if q.Help != "" {
			fmt.Fprintln(p.out, q.Help)
		}
	case q.Describe != nil:
		input.DescriptionFunc(func() string {
			if d := q.Describe(*value); d != "" {
				return q.Help + "\n" + d
			}
			return q.Help
		}, value)
	default:
		input.Description(q.Help)
	}
	return input
}

// run shows one field as a form until it is answered, and says when the person stopped.
func (p *huhPrompter) run(field huh.Field) error {
	// cspfix handles the signals itself (Main): bubbletea's handler would answer the question
	// with its default on SIGTERM.
	form := huh.NewForm(huh.NewGroup(field)).
		WithProgramOptions(tea.WithoutSignalHandler()).
		WithAccessible(p.accessible).
		WithInput(p.in).
		WithOutput(p.out).
		WithTheme(p.theme).
		WithKeyMap(p.keys).
		WithShowHelp(!p.accessible)
	if p.width > 0 {
		form = form.WithWidth(p.width)
	}
	err := form.RunWithContext(p.ctx)
	switch {
	case errors.Is(err, huh.ErrUserAborted) || p.ctx.Err() != nil:
		return walkthrough.ErrAborted
	case err != nil:
		return err
	case p.lines != nil && p.lines.eof:
		// At the end of piped input huh returns the default; that is not an answer.
		return walkthrough.ErrAborted
	}
	return nil
}

// transcript keeps a line of what was answered: a finished form disappears from the screen.
func (p *huhPrompter) transcript(q walkthrough.Prompt, value string) {
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
	line = render.Wrap("", "  ", line+" "+sanitize.Text(sanitize.Exact(shown)), max(p.width, 40))
	fmt.Fprint(p.out, render.Style(p.dim, strings.TrimSuffix(line, "\n"))+"\n")
}

// numberedChoice asks for a choice by number, in the interface language: the title, the help
// and the numbered options are said first, then a line prompt takes the number. value goes in
// as the default's option value and comes out as the number typed.
func (p *huhPrompter) numberedChoice(q walkthrough.Prompt, value *string) huh.Field {
	def := 0
	fmt.Fprintln(p.out, q.Title)
	if q.Help != "" {
		fmt.Fprintln(p.out, q.Help)
	}
	for i, o := range q.Options {
		fmt.Fprintf(p.out, "%d. %s\n", i+1, o.Label)
		if o.Value == *value {
			def = i + 1
		}
	}
	*value = strconv.Itoa(def)
	n := len(q.Options)
	return huh.NewInput().
		Title(scenarios.Fill(p.texts.ChooseNumber, "n", strconv.Itoa(n), "default", strconv.Itoa(def))).
		Value(value).
		Validate(func(s string) error {
			if strings.TrimSpace(s) == "" || choiceNumber(s, n) > 0 {
				return nil
			}
			return errors.New(scenarios.Fill(p.texts.BadNumber, "n", strconv.Itoa(n)))
		})
}

// choiceNumber is the 1-based choice typed, or 0 when s is not a number from 1 to n.
func choiceNumber(s string, n int) int {
	i, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || i < 1 || i > n {
		return 0
	}
	return i
}

// Say writes text on the prompt stream, wrapping lines that are too long for the terminal.
func (p *huhPrompter) Say(text string) {
	var b strings.Builder
	b.WriteString("\n")
	for _, line := range strings.Split(text, "\n") {
		if p.width > 0 && len([]rune(line)) > p.width {
			indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
			b.WriteString(render.Wrap(indent, indent+"  ", line, p.width))
			continue
		}
		b.WriteString(line + "\n")
	}
	fmt.Fprint(p.out, b.String())
}

// lineReader returns at most one line per Read and remembers when its input ended. A goroutine
// reads the lines, so that a signal (ctx) ends a Read that waits for one.
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
			line, err := br.ReadBytes('\n')
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
