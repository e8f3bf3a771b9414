// Package render turns diagnosis results into text for people: plain text for a terminal or an
// e-mail, and Markdown for a wiki or a ticket system. Colour comes in through a Theme so that
// this package needs no terminal library.
package render

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Theme styles parts of the text output. The zero value leaves text unstyled.
type Theme struct {
	Heading func(string) string // verdict and section headings
	Strong  func(string) string // a scenario ID
	Dim     func(string) string // field paths, secondary details
	Warn    func(string) string // warnings
	Bad     func(string) string // invalid records
}

// Style applies a theme style to s; a nil style leaves it as it is.
func Style(f func(string) string, s string) string {
	if f == nil {
		return s
	}
	return f(s)
}

// Options for the human renderings.
type Options struct {
	Lang    scenarios.Lang
	Catalog *scenarios.Catalog
	Theme   Theme
	Width   int // wrap text output at this many columns; 0 means 80
	// Terminal says that the text goes to a terminal of Width columns: the verdict, one line in
	// files and pipes, wraps there too.
	Terminal bool
}

// ResultWriter writes a stream of diagnosis results, one at a time, in input order.
type ResultWriter interface {
	Write(r *diagnose.Result) error
}

// NewResults returns the writer of results in format: text, Markdown or JSON Lines.
func NewResults(w io.Writer, format Format, opts Options) ResultWriter {
	switch format {
	case JSON:
		// A result takes a few KB: the line is made to hold one from the start.
		return &jsonResults{w: w, enc: ResultJSON{Lang: opts.Lang, Catalog: opts.Catalog}, line: make([]byte, 0, 8<<10)}
	case Markdown:
		return NewMarkdown(w, opts)
	case CSV:
		return NewCSV(w, opts, false)
	}
	return NewText(w, opts)
}

// jsonResults writes one line of JSON per result.
type jsonResults struct {
	w    io.Writer
	enc  ResultJSON
	line []byte
}

func (j *jsonResults) Write(r *diagnose.Result) error {
	j.line = append(j.enc.Append(j.line[:0], r), '\n')
	_, err := j.w.Write(j.line)
	return err
}

// Writer renders a stream of results, separating consecutive ones.
type Writer struct {
	w        io.Writer
	opts     Options
	markdown bool
	n        int
	buf      bytes.Buffer // the text of the result in hand (Write)
	// wrapped are the items a batch repeats (item.fixed) as textResult writes them, made safe
	// and wrapped, by bullet and text (up to maxSteps of them, as JSON's steps).
	wrapped map[bulletText]string
	texts   map[txt.Key]string // the catalog's texts without arguments, once looked up (t)
	// verdicts are the headlines as written, by verdict (verdictLine); heads the lines that
	// name other possible causes, by cause (otherHead).
	verdicts map[verdict]string
	heads    map[otherCause]string
	sep      string // made once (separator)
}

// bulletText is an item's bullet and its text.
type bulletText struct{ bullet, text string }

// NewText returns a writer of plain text, one block per result.
func NewText(w io.Writer, opts Options) *Writer { return newWriter(w, opts, false) }

// NewMarkdown returns a writer of Markdown, one section per result.
func NewMarkdown(w io.Writer, opts Options) *Writer { return newWriter(w, opts, true) }

func newWriter(w io.Writer, opts Options, markdown bool) *Writer {
	if opts.Width <= 0 {
		opts.Width = 80
	}
	return &Writer{w: w, opts: opts, markdown: markdown}
}

// Write renders one result.
func (w *Writer) Write(r *diagnose.Result) error {
	b := &w.buf // one result's text, written whole; its memory serves the next
	b.Reset()
	if w.n > 0 {
		b.WriteString(w.separator())
	}
	w.n++
	if w.markdown {
		w.markdownResult(b, r)
	} else {
		w.textResult(b, r)
	}
	_, err := w.w.Write(b.Bytes())
	if b.Cap() > 64<<10 {
		w.buf = bytes.Buffer{} // a huge result's memory is not kept
	}
	return err
}

// WriteSummary ends the results with the summary of the batch, set apart as a result is.
func (w *Writer) WriteSummary(s *diagnose.Summary) error {
	summary := summaryText
	if w.markdown {
		summary = summaryMarkdown
	}
	_, err := io.WriteString(w.w, w.separator()+summary(s, w.opts))
	return err
}

// separator sets a result apart from the one before.
func (w *Writer) separator() string {
	if w.sep == "" {
		w.sep = "\n" + Style(w.opts.Theme.Dim, strings.Repeat("─", 40)) + "\n\n"
		if w.markdown {
			w.sep = "\n---\n\n"
		}
	}
	return w.sep
}

// t is the text k in the writer's language, looked up once: a batch writes the same labels for
// every result.
func (w *Writer) t(k txt.Key) string {
	return remembered(&w.texts, k, func() string { return w.opts.Catalog.Text(k, w.opts.Lang) })
}

// remembered is what made gives for key, kept in *m (made when first needed) while it holds
// fewer than maxSteps: a batch asks the writer for the same few texts result after result.
func remembered[K comparable](m *map[K]string, key K, made func() string) string {
	if s, ok := (*m)[key]; ok {
		return s
	}
	s := made()
	if *m == nil {
		*m = make(map[K]string, 16)
	}
	if len(*m) < maxSteps {
		(*m)[key] = s
	}
	return s
}

func (w *Writer) confidence(c diagnose.Confidence) string {
	if c == diagnose.High {
		return w.t(txt.RenderHigh)
	}
	return w.t(txt.RenderMedium)
}

func (w *Writer) title(id scenarios.ID) string {
	s, ok := w.opts.Catalog.Scenario(string(id))
	if !ok {
		return ""
	}
	return s.Title.In(w.opts.Lang)
}

// caseLine names the case: its ID and, when known, the customer.
func (w *Writer) caseLine(r *diagnose.Result) string {
	line := sanitize.Exact(r.ID)
	if r.Case != nil && r.Case.Customer.Name != "" {
		line += " · " + sanitize.Text(w.opts.Catalog.Cut(r.Case.Customer.Name, sanitize.MaxLine, w.opts.Lang))
	}
	return line
}

func (w *Writer) question(id string) string {
	if q, ok := w.opts.Catalog.Question(id); ok {
		return q.Prompt.In(w.opts.Lang)
	}
	return id
}

func (w *Writer) invalidHeading(r *diagnose.Result) string {
	return scenarios.Fill(w.t(txt.RenderInvalid), "id", sanitize.Exact(r.ID), "line", strconv.Itoa(r.Error.Line))
}

// Headline is the one-line verdict of a result ("Most likely: C — … (high confidence)").
func Headline(r *diagnose.Result, opts Options) string {
	return newWriter(io.Discard, opts, false).headline(r)
}

// verdictLine is the headline as the text output writes it, styled (and wrapped on a terminal):
// made once for each verdict, as a batch has few of them.
func (w *Writer) verdictLine(r *diagnose.Result) string {
	return remembered(&w.verdicts, verdict{r.Status, r.Scenario, r.Confidence, r.Title}, func() string {
		var b bytes.Buffer
		w.styledLines(&b, w.opts.Theme.Heading, "", "  ", w.headline(r))
		return b.String()
	})
}

// otherCause is what the line of another possible cause says.
type otherCause struct {
	scenario   scenarios.ID
	confidence diagnose.Confidence
	tried      bool
}

// otherHead is the line that names another possible cause: its scenario, title, confidence and
// whether it was tried, made once for each.
func (w *Writer) otherHead(c diagnose.Candidate) string {
	return remembered(&w.heads, otherCause{c.Scenario, c.Confidence, c.Tried}, func() string {
		head := string(c.Scenario) + " — " + w.title(c.Scenario) + " (" + w.confidence(c.Confidence) + ")"
		if c.Tried {
			head += ", " + w.t(txt.RenderTried)
		}
		return head
	})
}

// verdict is what a result's headline says.
type verdict struct {
	status     diagnose.Status
	scenario   scenarios.ID
	confidence diagnose.Confidence
	title      string
}

// headline is the one-line verdict that starts every rendering.
func (w *Writer) headline(r *diagnose.Result) string {
	switch r.Status {
	case diagnose.Invalid:
		return w.invalidHeading(r)
	case diagnose.Incomplete:
		return w.t(txt.RenderIncomplete)
	case diagnose.Resolved:
		if r.Scenario == "" {
			return w.t(txt.RenderResolvedUnknown)
		}
		return w.opts.Catalog.Text(txt.RenderResolved, w.opts.Lang, "scenario", string(r.Scenario), "title", r.Title)
	}
	return fmt.Sprintf("%s: %s — %s (%s)", w.t(txt.RenderMostLikely), r.Scenario, r.Title, w.confidence(r.Confidence))
}

// section is one titled list of a rendering; both formats print the same sections.
type section struct {
	label    txt.Key
	numbered bool
	items    []item
}

type item struct {
	text  string
	code  string          // a field path shown after the text
	notes []diagnose.Note // nested bullets
	// fixed says that text is one a batch repeats (a step, an open question, another cause's
	// line, a rule's text that names no fact of the case): the text output keeps what it made
	// of it (Writer.wrapped, bounded).
	fixed bool
}

func (w *Writer) sections(r *diagnose.Result) []section {
	out := make([]section, 0, 6)
	others := r.Candidates
	if len(others) > 0 && others[0].Scenario == r.Scenario {
		// The cause named (or the one that fixed it) is no other possible cause.
		if r.Status == diagnose.Diagnosed {
			out = append(out, section{label: txt.RenderEvidence, items: notesAsItems(others[0].Evidence)})
		}
		others = others[1:]
	}
	if len(r.Steps) > 0 {
		// As the result holds them: text writes each made safe once (step), Markdown as it
		// writes any text.
		s := section{label: txt.RenderSteps, numbered: true, items: make([]item, len(r.Steps))}
		for i, step := range r.Steps {
			s.items[i] = item{text: step, fixed: true}
		}
		out = append(out, s)
	}
	if len(others) > 0 && r.Status != diagnose.Resolved {
		// A fixed case has no other cause to look into.
		s := section{label: txt.RenderOthers, items: make([]item, 0, len(others))}
		for _, c := range others {
			it := item{text: w.otherHead(c), fixed: true, notes: c.Evidence}
			s.items = append(s.items, it)
		}
		out = append(out, s)
	}
	if r.Case != nil && len(r.Case.Tried) > 0 {
		s := section{label: txt.RenderAlreadyTried}
		for _, tr := range r.Case.Tried {
			text := string(tr.Scenario) + " — " + w.title(tr.Scenario)
			if tr.At != nil {
				text += ", " + tr.At.Format("2006-01-02 15:04 -07:00")
			}
			if tr.Note != "" {
				text += ": " + sanitize.Text(w.opts.Catalog.Cut(tr.Note, sanitize.MaxText, w.opts.Lang))
			}
			s.items = append(s.items, item{text: text})
		}
		out = append(out, s)
	}
	if len(r.Missing) > 0 {
		s := section{label: txt.RenderMissing, items: make([]item, len(r.Missing))}
		for i, id := range r.Missing {
			s.items[i] = item{text: w.question(id), fixed: true}
		}
		out = append(out, s)
	}
	if s, ok := w.lookupSection(r); ok {
		out = append(out, s)
	}
	if len(r.Warnings) > 0 {
		out = append(out, section{label: txt.RenderWarnings, items: notesAsItems(r.Warnings)})
	}
	return out
}

// notesAsItems are evidence or warnings as items, as the result holds them (made safe where
// they are written).
func notesAsItems(notes []diagnose.Note) []item {
	items := make([]item, len(notes))
	for i, n := range notes {
		items[i] = item{text: n.Text, fixed: n.Fixed}
	}
	return items
}

func (w *Writer) textResult(b *bytes.Buffer, r *diagnose.Result) {
	th := w.opts.Theme
	if r.Status == diagnose.Invalid {
		b.WriteString(Style(th.Bad, w.headline(r)) + "\n")
		for _, msg := range problemMessages(r.Error, w.opts.Catalog, w.opts.Lang) {
			w.wrapTo(b, "  • ", "    ", sanitize.Text(msg))
		}
		return
	}
	b.WriteString(w.verdictLine(r))
	w.styledLines(b, th.Dim, w.t(txt.RenderCase)+": ", "  ", w.caseLine(r))
	for _, s := range w.sections(r) {
		b.WriteString("\n" + Style(th.Heading, w.t(s.label)) + "\n")
		for i, it := range s.items {
			bullet := "  • "
			switch {
			case s.numbered:
				bullet = numbered(i + 1)
			case s.label == txt.RenderWarnings:
				bullet = "  " + Style(th.Warn, "!") + " "
			}
			switch text := it.text; {
			case it.fixed && it.code == "":
				b.WriteString(w.wrappedItem(bullet, text))
			default:
				text = sanitize.Text(text)
				if it.code != "" {
					text += " " + Style(th.Dim, "("+it.code+")")
				}
				w.wrapTo(b, bullet, strings.Repeat(" ", visibleWidth(bullet)), text)
			}
			for _, n := range it.notes {
				if n.Fixed {
					b.WriteString(w.wrappedItem("    • ", n.Text))
				} else {
					w.wrapTo(b, "    • ", "      ", sanitize.Text(n.Text))
				}
			}
		}
	}
}

// numbers are the bullets of the first numbered items: a literal, made when the program is
// linked, not when it starts.
var numbers = [...]string{"  0. ", "  1. ", "  2. ", "  3. ", "  4. ", "  5. ", "  6. ", "  7. ", "  8. ",
	"  9. ", "  10. ", "  11. ", "  12. ", "  13. ", "  14. ", "  15. "}

// numbered is the bullet of item n of a numbered list.
func numbered(n int) string {
	if n < len(numbers) {
		return numbers[n]
	}
	return "  " + strconv.Itoa(n) + ". "
}

// wrappedItem is an item a batch repeats after its bullet, made safe and wrapped to the writer's
// width, once for each bullet and text (remembered).
func (w *Writer) wrappedItem(bullet, text string) string {
	return remembered(&w.wrapped, bulletText{bullet, text}, func() string {
		var b bytes.Buffer
		w.wrapTo(&b, bullet, strings.Repeat(" ", visibleWidth(bullet)), sanitize.Text(text))
		return b.String()
	})
}

func (w *Writer) markdownResult(b *bytes.Buffer, r *diagnose.Result) {
	b.WriteString("### " + sanitize.Markdown(w.caseLine(r)) + "\n\n")
	if r.Status == diagnose.Invalid {
		b.WriteString("**" + sanitize.Markdown(w.headline(r)) + "**\n\n")
		for _, msg := range problemMessages(r.Error, w.opts.Catalog, w.opts.Lang) {
			b.WriteString("- " + sanitize.Markdown(msg) + "\n")
		}
		return
	}
	b.WriteString("**" + sanitize.Markdown(w.headline(r)) + "**\n")
	for _, s := range w.sections(r) {
		b.WriteString("\n**" + w.t(s.label) + "**\n\n")
		for i, it := range s.items {
			bullet := "- "
			if s.numbered {
				bullet = strconv.Itoa(i+1) + ". "
			}
			b.WriteString(bullet + sanitize.Markdown(it.text))
			if it.code != "" {
				b.WriteString(" (`" + it.code + "`)")
			}
			b.WriteString("\n")
			for _, n := range it.notes {
				b.WriteString("  - " + sanitize.Markdown(n.Text) + "\n")
			}
		}
	}
}

// problemMessages are every problem of an invalid record in lang, and how many more there were.
func problemMessages(err *diagnose.InputError, cat *scenarios.Catalog, lang scenarios.Lang) []string {
	var out []string
	for _, p := range err.Problems() {
		out = append(out, p.Message(cat, lang))
	}
	if err.Omitted > 0 {
		out = append(out, cat.Text(txt.InputOmitted, lang, "n", strconv.Itoa(err.Omitted)))
	}
	return out
}

// styledLines writes first and text on one line in style; on a terminal it fills them to the
// writer's width as wrapTo does, each line in style, so that the verdict and the line that
// names the case wrap like the rest ("(high confidence)" never split at 60 columns).
func (w *Writer) styledLines(b *bytes.Buffer, style func(string) string, first, indent, text string) {
	if !w.opts.Terminal {
		b.WriteString(Style(style, first+text) + "\n")
		return
	}
	if style == nil {
		w.wrapTo(b, first, indent, text)
		return
	}
	var lines bytes.Buffer
	w.wrapTo(&lines, first, indent, text)
	for _, line := range strings.Split(strings.TrimSuffix(lines.String(), "\n"), "\n") {
		b.WriteString(Style(style, line) + "\n")
	}
}

// wrap fills text to the writer's width, the first line after first, the others after indent.
func (w *Writer) wrapTo(b *bytes.Buffer, first, indent, text string) {
	wrapTo(b, first, indent, text, w.opts.Width)
}
