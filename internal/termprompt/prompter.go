// Package termprompt asks the walkthrough's questions in a terminal: one question at a time,
// drawn below what was said before, with the answer checked as it is typed and the keys named
// under it (README "The walkthrough"). It puts the terminal in raw mode only while a question
// waits, asks the terminal nothing (no colour or cursor queries: a terminal that never answers
// costs nothing, and no key typed ahead is swallowed), and keeps every key that arrives while no
// question is shown for the next one.
//
// It is plain Go on golang.org/x/term, without a terminal UI library: those initialise
// themselves in every process that links them, which cost every cspfix command more start-up
// time than its budget allows (docs/architecture.md).
package termprompt

import (
	"context"
	"io"
	"strings"
	"sync"

	"golang.org/x/term"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/walkthrough"
)

// Look is how questions are drawn: the styles, and the lines that name the keys in the person's
// language. KeysInput and KeysChoice may hold {back}, replaced by KeysBack where the person may
// go back; KeysChoice may hold {yesno}, replaced by KeysYesNo on a list of yes and no;
// KeysInput may hold {offered}, replaced by KeysOffered while a suggestion is offered.
type Look struct {
	Theme                                                   render.Theme
	KeysInput, KeysChoice, KeysBack, KeysYesNo, KeysOffered string
}

// Settings are what the prompter needs of the terminal.
type Settings struct {
	Ctx context.Context
	// In is the terminal's input; InFd its descriptor, put in raw mode while a question waits
	// (-1: In is no terminal, as in tests).
	In   io.Reader
	InFd int
	// Out is where questions are drawn (standard error); OutFd its descriptor, for its size
	// and, on Windows, to turn on its escape sequences (-1: none).
	Out   io.Writer
	OutFd int
	// Size is the terminal's size; nil reads it from OutFd, else 80×24.
	Size func() (width, height int)
	Look Look
}

// Prompter asks in a terminal; it implements walkthrough.Prompter. Close leaves the terminal
// as it was; the next question puts it in raw mode again.
type Prompter struct {
	s      Settings
	once   sync.Once
	chunks chan []byte // what the reader read, in order; closed at the end of the input
	parser keyParser
	keys   []key // keys read and not used yet: typed ahead for the next question

	raw           *term.State
	active        bool // raw mode (or its stand-in, for an input that is no terminal)
	resized       <-chan struct{}
	stopResize    func()
	restoreOutput func()

	drawn  int // lines of the question drawn last, 0 when none is on the screen
	curRow int // the row of the cursor within them

	// The transcript: what was said and answered above the questions, so that an answer taken
	// back with the back key can be taken off the screen with everything said after it.
	said   []said
	backed bool     // the last question was left with the back key
	held   []string // what was said since then, shown only if no answer is taken back
}

// said is a block of the transcript: a text said, or the line of an answer (id, the question's).
type said struct {
	id     string
	lines  func(width int) string // the block as drawn at a width
	width  int                    // the width it was drawn at
	rows   int                    // the rows it took there
	answer bool
}

// maxSaid bounds the transcript kept: an answer further back is never taken off the screen
// (the flow goes back one question at a time).
const maxSaid = 256

// New returns the prompter for a terminal.
func New(s Settings) *Prompter {
	if s.Ctx == nil {
		s.Ctx = context.Background()
	}
	return &Prompter{s: s}
}

// startReading reads the input in its own goroutine for as long as the process runs, so that
// keys typed while no question waits are kept, in order, for the next one; a signal (the
// context) ends a question that waits for a key.
func (p *Prompter) startReading() {
	p.once.Do(func() {
		p.chunks = make(chan []byte)
		go func() {
			defer close(p.chunks)
			buf := make([]byte, 4096)
			for {
				n, err := p.s.In.Read(buf)
				if n > 0 {
					select {
					case p.chunks <- append([]byte(nil), buf[:n]...):
					case <-p.s.Ctx.Done():
						return
					}
				}
				if err != nil {
					return
				}
			}
		}()
	})
}

// begin puts the terminal in raw mode for questions, with bracketed paste, so that a pasted line
// break never answers a question.
func (p *Prompter) begin() {
	p.startReading()
	if p.active {
		return
	}
	p.active = true
	if p.s.InFd >= 0 {
		if st, err := term.MakeRaw(p.s.InFd); err == nil {
			p.raw = st
		}
	}
	p.restoreOutput = enableEscapes(p.s.OutFd)
	p.resized, p.stopResize = notifyResize()
	p.write("\x1b[?2004h")
}

// Close leaves the terminal as it was before the first question; what was said stays on the
// screen. It implements io.Closer.
func (p *Prompter) Close() error {
	if p.backed {
		// Nothing was asked after the back key: what was said on the way stands.
		held := p.held
		p.backed, p.held = false, nil
		for _, text := range held {
			p.Say(text)
		}
	}
	if !p.active {
		return nil
	}
	p.clear()
	p.write("\x1b[?2004l\x1b[?25h")
	if p.raw != nil {
		_ = term.Restore(p.s.InFd, p.raw)
		p.raw = nil
	}
	p.stopResize()
	p.restoreOutput()
	p.active = false
	return nil
}

// size is the terminal's size now.
func (p *Prompter) size() (int, int) {
	if p.s.Size != nil {
		return p.s.Size()
	}
	if p.s.OutFd >= 0 {
		if w, h, err := term.GetSize(p.s.OutFd); err == nil && w > 0 && h > 0 {
			return w, h
		}
	}
	return 80, 24
}

// Say prints text above the questions, where it stays: each line made safe for the terminal (it
// may hold the case's own values) and wrapped at its width.
func (p *Prompter) Say(text string) {
	if p.backed {
		// Said on the way back (a group's heading again): shown at the next question, unless
		// that takes the answer back under which it already stands.
		p.held = append(p.held, text)
		return
	}
	safe := safeLines(text)
	p.say("", false, func(width int) string { return wrapLines(safe, width) })
}

// say prints a block of the transcript and keeps it.
func (p *Prompter) say(id string, answer bool, lines func(width int) string) {
	width, _ := p.size()
	text := lines(width)
	p.print(text)
	if len(p.said) == maxSaid {
		p.said = append(p.said[:0], p.said[1:]...)
	}
	p.said = append(p.said, said{id: id, lines: lines, width: width, rows: rows(text, width), answer: answer})
}

// rows is how many rows of a terminal width columns wide text takes.
func rows(text string, width int) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n += max(1, (textWidth(stripStyle(line))+width-1)/max(width, 1))
	}
	return n
}

// stripStyle is s without its escape sequences of style (render.Style's).
func stripStyle(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// takeBack is called when a question is asked after the back key: when it is the question
// answered last, its answer comes off the screen with everything said after it, so that what
// the screen shows is what stands (README "The walkthrough"); else what was said on the way
// is shown now.
func (p *Prompter) takeBack(id string) {
	held := p.held
	p.backed, p.held = false, nil
	last := -1
	for i := len(p.said) - 1; i >= 0; i-- {
		if p.said[i].answer {
			last = i
			break
		}
	}
	if last < 0 || id == "" || p.said[last].id != id {
		for _, text := range held {
			p.Say(text)
		}
		return
	}
	p.clear()
	width, height := p.size()
	n, same := 0, true
	for _, s := range p.said[last:] {
		n += s.rows
		same = same && s.width == width
	}
	p.said = p.said[:last]
	if same && n < height {
		// Still on the screen: up to where the answer stood, and clear from there.
		p.write("\r\x1b[" + itoa(n) + "A\x1b[J")
		return
	}
	// Scrolled off the top, or drawn at another width: the screen drawn again with what stands.
	var kept []string
	for i := len(p.said) - 1; i >= 0 && len(kept) < height; i-- {
		kept = append(strings.Split(p.said[i].lines(width), "\n"), kept...)
		p.said[i].width, p.said[i].rows = width, rows(p.said[i].lines(width), width)
	}
	if len(kept) >= height {
		kept = kept[len(kept)-(height-1):]
	}
	var b strings.Builder
	b.WriteString("\x1b[H\x1b[2J")
	for _, line := range kept {
		b.WriteString(line + "\r\n")
	}
	p.write(b.String())
}

// safeLines makes each line of text safe for the terminal.
func safeLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		lines[i] = sanitize.Text(line)
	}
	return strings.Join(lines, "\n")
}

// print writes lines where the question was (or at the cursor), so that the next question comes
// below them.
func (p *Prompter) print(text string) {
	p.clear()
	if p.active {
		text = strings.ReplaceAll(text, "\n", "\r\n")
		p.write(text + "\r\n")
		return
	}
	p.write(text + "\n")
}

// Ask shows the question and waits for its answer: ErrBack when the person goes back,
// ErrAborted when the person stops (Ctrl-C), the input ends or a signal comes.
func (p *Prompter) Ask(wp walkthrough.Prompt) (string, error) {
	p.begin()
	if p.backed {
		p.takeBack(wp.ID)
	}
	q := newQuestion(wp)
	for {
		for len(p.keys) > 0 {
			k := p.keys[0]
			p.keys = p.keys[1:]
			switch act, v := q.update(k); act {
			case actSubmit:
				p.answered(q, v)
				return v, nil
			case actBack:
				p.clear()
				p.backed = true
				return "", walkthrough.ErrBack
			case actAbort:
				p.clear()
				return "", walkthrough.ErrAborted
			}
		}
		p.draw(q)
		select {
		case b, ok := <-p.chunks:
			if !ok {
				p.keys = p.parser.flush(p.keys)
				if len(p.keys) == 0 {
					p.clear()
					return "", walkthrough.ErrAborted
				}
				p.chunks = closedChunks.Get()
				continue
			}
			p.keys = p.parser.feed(b, p.keys)
		case <-p.resized:
			// Drawn again at the new width below.
		case <-p.s.Ctx.Done():
			p.clear()
			return "", walkthrough.ErrAborted
		}
	}
}

// closedChunks stands for an input that has ended: reading from it never waits.
var closedChunks = lazy.Value[chan []byte]{Make: func() chan []byte {
	c := make(chan []byte)
	close(c)
	return c
}}

// maxEcho is how much of an answer stays on the screen after it was given: a pasted error text of
// 200 KB would otherwise fill the scrollback (the case and the ticket keep it whole).
const maxEcho = 240

// shorten cuts s after max characters, marking the cut with "…".
func shorten(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return strings.TrimRight(s[:i], " ") + " …"
		}
		n++
	}
	return s
}

// answered keeps a line of the answer where the question was, and what the flow says next
// comes below it.
func (p *Prompter) answered(q *question, v string) {
	shown := v
	for _, o := range q.p.Options {
		if o.Value == v {
			shown = o.Label
		}
	}
	if q.p.EchoDescription && q.p.Describe != nil {
		// What the answer stands for ("now" → the time it was), not the words typed.
		if d := strings.TrimSpace(strings.TrimPrefix(q.p.Describe(v), "→")); d != "" {
			shown = d
		}
	}
	line := q.p.Title
	if !strings.HasSuffix(line, "?") {
		line += ":"
	}
	if q.p.MultiLine {
		shown = walkthrough.OneLine(shown)
	}
	text := line + " " + shorten(sanitize.Text(sanitize.Exact(shown)), maxEcho)
	dim := p.s.Look.Theme.Dim
	p.say(q.p.ID, true, func(width int) string {
		var lines []string
		for _, l := range wrap("", "  ", text, width) {
			lines = append(lines, render.Style(dim, l))
		}
		return strings.Join(lines, "\n")
	})
}

// draw shows the question in place of the one drawn before, and puts the cursor where the
// answer is typed (hidden on a choice).
func (p *Prompter) draw(q *question) {
	width, height := p.size()
	f := q.view(p.s.Look, width, height)
	var b strings.Builder
	p.moveToTop(&b)
	b.WriteString("\x1b[?25l\x1b[J")
	b.WriteString(strings.Join(f.lines, "\r\n"))
	last := len(f.lines) - 1
	p.drawn, p.curRow = len(f.lines), last
	if f.row >= 0 {
		if up := last - f.row; up > 0 {
			b.WriteString("\x1b[" + itoa(up) + "A")
		}
		b.WriteString("\r")
		if f.col > 0 {
			b.WriteString("\x1b[" + itoa(f.col) + "C")
		}
		b.WriteString("\x1b[?25h")
		p.curRow = f.row
	}
	p.write(b.String())
}

// moveToTop moves the cursor to the first line of the question drawn last.
func (p *Prompter) moveToTop(b *strings.Builder) {
	b.WriteString("\r")
	if p.drawn > 0 && p.curRow > 0 {
		b.WriteString("\x1b[" + itoa(p.curRow) + "A")
	}
}

// clear takes the question drawn last off the screen.
func (p *Prompter) clear() {
	if p.drawn == 0 {
		return
	}
	var b strings.Builder
	p.moveToTop(&b)
	b.WriteString("\x1b[J")
	p.write(b.String())
	p.drawn, p.curRow = 0, 0
}

func (p *Prompter) write(s string) {
	_, _ = io.WriteString(p.s.Out, s)
}
