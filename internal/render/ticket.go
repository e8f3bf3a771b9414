package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// ticketWidth suits e-mail: plain-text mail is conventionally wrapped below 78 columns.
const ticketWidth = 72

// TicketWriter writes support tickets for pasting into an e-mail or a web form: plain text or
// Markdown, never coloured, every text from input made safe; or JSON, one object per ticket
// with its plain text.
type TicketWriter struct {
	w      io.Writer
	cat    *scenarios.Catalog
	format Format
	n      int
}

// NewTickets returns the writer of tickets in format.
func NewTickets(w io.Writer, format Format, cat *scenarios.Catalog) *TicketWriter {
	return &TicketWriter{w: w, cat: cat, format: format}
}

// Write renders one ticket, separated from the one before.
func (tw *TicketWriter) Write(t *diagnose.Ticket) error {
	if tw.format == JSON {
		var text strings.Builder
		TicketText(&text, t, tw.cat, false)
		b := append(appendTicketFields(nil, t), `,"text":`...)
		b = append(sanitize.AppendJSONString(b, text.String()), "}\n"...)
		_, err := tw.w.Write(b)
		return err
	}
	markdown := tw.format == Markdown
	var b strings.Builder
	separate(&b, &tw.n, markdown)
	TicketText(&b, t, tw.cat, markdown)
	_, err := io.WriteString(tw.w, b.String())
	return err
}

// separate begins the n-th text of a batch (tickets, messages) with a rule that parts it from
// the one before, and counts it.
func separate(b *strings.Builder, n *int, markdown bool) {
	switch {
	case *n > 0 && markdown:
		b.WriteString("\n---\n\n")
	case *n > 0:
		b.WriteString("\n" + strings.Repeat("=", ticketWidth) + "\n\n")
	}
	*n++
}

// WriteInvalid marks the place of a record that could not be read, so that a batch of tickets
// shows which case has none and why.
func (tw *TicketWriter) WriteInvalid(r *diagnose.Result, lang scenarios.Lang) error {
	return WriteInvalid(tw.w, tw.format, r, tw.cat, lang)
}

// WriteInvalid writes, among tickets or messages in format, the line that says which record
// could not be read and why: a JSON object in JSON, else a line in text or Markdown.
func WriteInvalid(w io.Writer, format Format, r *diagnose.Result, cat *scenarios.Catalog, lang scenarios.Lang) error {
	var line []byte
	switch id, msgs := sanitize.Exact(r.ID), problemMessages(r.Error, cat, lang); format {
	case JSON:
		line = append((&ResultJSON{Lang: lang, Catalog: cat}).Append(nil, r), '\n')
	case Markdown:
		line = []byte("**" + sanitize.Markdown(id) + ":** " + sanitize.Markdown(strings.Join(msgs, "; ")) + "\n\n")
	default:
		line = []byte(id + ": " + sanitize.Text(strings.Join(msgs, "; ")) + "\n\n")
	}
	_, err := w.Write(line)
	return err
}

// TicketText writes the ticket t into b, as Markdown or as plain text wrapped for e-mail.
func TicketText(b *strings.Builder, t *diagnose.Ticket, cat *scenarios.Catalog, markdown bool) {
	ticketText(b, t, cat, markdown, ticketWidth)
}

// ticketText is TicketText with plain text wrapped at width: narrower than e-mail on a narrow
// terminal.
func ticketText(b *strings.Builder, t *diagnose.Ticket, cat *scenarios.Catalog, markdown bool, width int) {
	if width <= 0 || width > ticketWidth {
		width = ticketWidth
	}
	p := &ticketPrinter{b: b, t: t, cat: cat, markdown: markdown, width: width}
	for _, section := range []func(){p.header, p.errorMessage, p.impact, p.customer, p.partner, p.contact, p.attempts, p.tried,
		p.causes, p.conversation, p.ownChecks, p.lookedUp, p.reference, p.notes, p.problems, p.footer} {
		section()
	}
}

// ticketPrinter writes one ticket, a section at a time, as plain text wrapped for e-mail or as
// Markdown.
type ticketPrinter struct {
	b        *strings.Builder
	t        *diagnose.Ticket
	cat      *scenarios.Catalog
	markdown bool
	width    int // of plain text
}

func (p *ticketPrinter) msg(k txt.Key, args ...string) string {
	return p.cat.Text(k, p.t.Lang, args...)
}

// esc makes text from the case safe for the format.
func (p *ticketPrinter) esc(s string) string {
	if p.markdown {
		return sanitize.Markdown(s)
	}
	return sanitize.Text(s)
}

// orMissing is a value, or a mark that a required one is missing, or a dash.
func (p *ticketPrinter) orMissing(s string, required bool) string {
	switch {
	case strings.TrimSpace(s) != "":
		return p.esc(s)
	case required:
		return p.msg(txt.TicketMissing)
	}
	return "—"
}

func (p *ticketPrinter) heading(k txt.Key) { p.headingText(p.msg(k)) }

func (p *ticketPrinter) headingText(h string) {
	if p.markdown {
		p.b.WriteString("\n### " + h + "\n\n")
	} else {
		p.b.WriteString("\n" + h + "\n" + strings.Repeat("-", len([]rune(h))) + "\n")
	}
}

func (p *ticketPrinter) para(s string) {
	if p.markdown {
		p.b.WriteString(s + "\n")
	} else {
		p.b.WriteString(Wrap("", "", s, p.width))
	}
}

func (p *ticketPrinter) bullet(s string) {
	if p.markdown {
		p.b.WriteString("- " + s + "\n")
	} else {
		p.b.WriteString(Wrap("- ", "  ", s, p.width))
	}
}

func (p *ticketPrinter) field(k txt.Key, value string) {
	if p.markdown {
		p.b.WriteString("- **" + p.msg(k) + ":** " + value + "\n")
		return
	}
	label := "- " + p.msg(k) + ":"
	if first, _, _ := strings.Cut(value, " "); visibleWidth(label)+1+visibleWidth(first) > p.width {
		// A long label and an unbreakable value (a tenant ID): the value gets its own line.
		p.b.WriteString(label + "\n" + Wrap("  ", "  ", value, p.width))
		return
	}
	p.b.WriteString(Wrap(label+" ", "  ", value, p.width))
}

func (p *ticketPrinter) header() {
	if p.markdown {
		p.b.WriteString("## " + p.esc(p.t.Subject) + "\n\n")
	} else {
		// On one line with its label, whatever the width: a support form takes the subject
		// as one field, copied in one go.
		p.b.WriteString(p.msg("render.message_subject") + ": " + p.esc(p.t.Subject) + "\n\n")
	}
	// Whom it is for: the support desk of the fallback's route (README "Writing the support
	// ticket").
	if to, ok := p.cat.Lookup(diagnose.DeskText(p.t.Desk), p.t.Lang); ok && p.t.Desk != "" {
		p.para(p.esc(scenarios.Fill(to, "provider", p.t.Partner.IndirectProvider)))
		p.b.WriteString("\n")
	}
	p.para(p.msg(txt.TicketGreeting))
	p.b.WriteString("\n")
	done := p.msg(txt.TicketIntroUntried)
	if len(p.t.Tried) > 0 {
		done = p.msg(txt.TicketIntroTried)
	}
	request := p.t.Request
	if request == "" { // a ticket made without a diagnosis
		request = p.msg(txt.TicketIntro)
	}
	p.para(request + " " + done)
}

func (p *ticketPrinter) errorMessage() {
	p.heading(txt.TicketHeadingError)
	lines := errorLines(p.t.ErrorMessage)
	if len(lines) == 0 {
		p.para(p.orMissing("", true))
	}
	for i, line := range lines {
		switch {
		case !p.markdown && line == "":
			p.b.WriteString("\n")
		case !p.markdown:
			// Indented lines (a stack trace, JSON) keep their indent, up to a bound.
			text := p.esc(line)
			rest := strings.TrimLeft(text, " ")
			indent := strings.Repeat(" ", min(len(text)-len(rest), maxQuoteIndent))
			p.b.WriteString(Wrap(indent, indent, rest, p.width))
		case line == "":
			p.b.WriteString(">\n")
		case i+1 < len(lines) && lines[i+1] != "":
			p.b.WriteString("> " + p.esc(line) + "\\\n") // a hard line break, as pasted
		default:
			p.b.WriteString("> " + p.esc(line) + "\n")
		}
	}
	// A known text other than the error cspfix is about is named in words too.
	if e := p.knownError(); e != nil {
		p.b.WriteString("\n")
		p.para(p.msg(txt.TicketErrorKnown, "title", e.Title.In(p.t.Lang)))
	}
}

// maxQuoteIndent bounds the indent an error text's line keeps in a plain-text ticket.
const maxQuoteIndent = 12

// lineBreaks are the line breaks an error text may hold, each made a line feed.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n")

// errorLines are the lines of an error text as it was pasted (API output and logs come in
// several): blank lines at its ends dropped, and a run of them inside kept as one.
func errorLines(s string) []string {
	var lines []string
	blank := false
	for line := range strings.Lines(lineBreaks.Replace(s)) {
		line = strings.TrimRight(line, " \t\n")
		if strings.TrimSpace(line) == "" {
			blank = len(lines) > 0
			continue
		}
		if blank {
			lines = append(lines, "")
			blank = false
		}
		lines = append(lines, line)
	}
	return lines
}

// knownError is the known error text the ticket's message is, when it is not the error cspfix
// is about (the first of the catalog).
func (p *ticketPrinter) knownError() *scenarios.KnownError {
	for i := range p.cat.Errors {
		if e := &p.cat.Errors[i]; i > 0 && e.Code == p.t.KnownError {
			return e
		}
	}
	return nil
}

// customer shows the domain and the tenant IDs with their unsafe characters escaped: every
// character matters.
func (p *ticketPrinter) customer() {
	cu := p.t.Customer
	p.heading(txt.TicketHeadingCustomer)
	p.field(txt.TicketFieldName, p.orMissing(cu.Name, false))
	p.field(txt.TicketFieldDomain, p.orMissing(sanitize.Exact(cu.Domain), false))
	p.field(txt.TicketFieldTenantID, p.orMissing(sanitize.Exact(cu.TenantID), slices.Contains(p.t.Missing, diagnose.TenantIDPath)))
	p.field(txt.TicketFieldConfirmedTenantID, p.orMissing(sanitize.Exact(cu.ConfirmedTenantID), false))
	if len(p.t.TenantIDDifferences) > 0 {
		// IDs that look the same on a screen: where they differ, in words.
		label := p.msg(txt.TicketFieldIDsDiffer)
		if p.markdown {
			p.b.WriteString("- **" + label + ":**\n")
		} else {
			p.b.WriteString(Wrap("- ", "  ", label+":", p.width))
		}
		for _, d := range p.t.TenantIDDifferences {
			if p.markdown {
				p.b.WriteString("  - " + p.esc(d) + "\n")
			} else {
				p.b.WriteString(Wrap("  - ", "    ", p.esc(d), p.width))
			}
		}
	}
	if cu.Country != "" {
		p.field(txt.TicketFieldCountry, p.esc(cu.Country))
	}
}

func (p *ticketPrinter) partner() {
	pa := p.t.Partner
	p.heading(txt.TicketHeadingPartner)
	p.field(txt.TicketFieldPartnerName, p.orMissing(pa.Name, false))
	p.field(txt.TicketFieldPartnerID, p.orMissing(sanitize.Exact(pa.PartnerID), true))
	p.field(txt.TicketFieldIndirectProvider, p.orMissing(pa.IndirectProvider, false))
}

// contact is who at the reseller partner support answers to, from the desk's setup; only the
// facts that are known.
func (p *ticketPrinter) contact() {
	co := p.t.Contact
	if co.Name == "" && co.Email == "" && co.Phone == "" {
		return
	}
	p.heading(txt.TicketHeadingContact)
	for _, f := range []struct {
		code  txt.Key
		value string
	}{{txt.TicketFieldName, co.Name}, {txt.TicketFieldEmail, co.Email}, {txt.TicketFieldPhone, co.Phone}} {
		if f.value != "" {
			p.field(f.code, p.esc(f.value))
		}
	}
}

// impact is what the error costs, in the reseller's words (ticket --impact).
func (p *ticketPrinter) impact() {
	if p.t.Impact != "" {
		p.heading(txt.TicketHeadingImpact)
		p.para(p.esc(p.t.Impact))
	}
}

// inLang marks a text from the case written in another language than the ticket's, so that
// partner support knows to translate it; "" when it is in the ticket's language or unknown.
// inLangTexts name each language as a ticket marks a text written in it.
var inLangTexts = lazy.Value[map[scenarios.Lang]txt.Key]{Make: func() map[scenarios.Lang]txt.Key {
	return map[scenarios.Lang]txt.Key{
		scenarios.EN: txt.TicketInLangEn,
		scenarios.DE: txt.TicketInLangDe,
	}
}}

func (p *ticketPrinter) inLang(l scenarios.Lang) string {
	if l == "" || l == p.t.Lang {
		return ""
	}
	return " (" + p.msg(inLangTexts.Get()[l]) + ")"
}

func (p *ticketPrinter) attempts() {
	p.heading(txt.TicketHeadingAttempts)
	if len(p.t.Attempts) == 0 {
		p.bullet(p.msg(txt.TicketMissing))
	}
	for _, a := range p.t.Attempts {
		p.bullet(a.String())
	}
}

func (p *ticketPrinter) tried() {
	p.heading(txt.TicketHeadingTried)
	if len(p.t.Tried) == 0 {
		p.bullet(p.msg(txt.TicketNone))
	}
	for _, s := range p.t.Tried {
		line := string(s.Scenario) + " — " + s.Title
		if s.At != nil {
			line = s.At.String() + ": " + line
		}
		if s.Note != "" {
			line += ": " + p.esc(s.Note) + p.inLang(s.NoteLang)
		}
		p.bullet(line)
	}
}

func (p *ticketPrinter) causes() {
	for _, part := range []struct {
		code txt.Key
		list []diagnose.TicketCause
	}{{txt.TicketHeadingRuledOut, p.t.RuledOut}, {txt.TicketHeadingOpen, p.t.Open}} {
		if len(part.list) == 0 {
			continue
		}
		p.heading(part.code)
		for _, c := range part.list {
			p.bullet(fmt.Sprintf("%s — %s: %s", c.Scenario, c.Title, p.esc(strings.Join(c.Reasons, " "))))
		}
	}
}

func (p *ticketPrinter) conversation() {
	p.heading(txt.TicketHeadingConversation)
	for _, s := range p.t.Conversation {
		p.bullet(s)
	}
}

func (p *ticketPrinter) ownChecks() {
	if len(p.t.OwnChecks) == 0 {
		return
	}
	p.heading(txt.TicketHeadingOwnChecks)
	for _, s := range p.t.OwnChecks {
		p.bullet(s)
	}
}

func (p *ticketPrinter) reference() {
	if p.t.Reference != nil {
		p.heading(txt.TicketHeadingOutcome)
		p.para(p.msg(txt.TicketOutcomeReference, "reference", p.esc(*p.t.Reference)))
	}
}

func (p *ticketPrinter) notes() {
	if p.t.Notes != "" {
		p.headingText(p.msg(txt.TicketHeadingNotes) + p.inLang(p.t.NotesLang))
		p.para(p.esc(p.t.Notes))
	}
}

func (p *ticketPrinter) problems() {
	if len(p.t.Missing) == 0 && len(p.t.Problems) == 0 {
		return
	}
	p.heading(txt.TicketHeadingProblems)
	for _, f := range p.t.Missing {
		p.bullet(p.msg(txt.TicketProblemMissing, "field", fieldName(p.cat, f, p.t.Lang)))
	}
	for _, problem := range p.t.Problems {
		p.bullet(p.esc(problem))
	}
}

func (p *ticketPrinter) footer() {
	p.b.WriteString("\n")
	p.para(p.msg(txt.TicketScreenshot))
	p.para(p.msg(txt.TicketGenerated, "generator", p.t.Generator))
}

// fieldName names a required fact for a person, by the ticket's label for it, with its field
// path for the case file.
func fieldName(cat *scenarios.Catalog, path string, lang scenarios.Lang) string {
	if label := cat.TicketLabel(path); label != "" {
		m, _ := cat.Lookup(label, lang) // a text of the catalog, which names it in needs.json
		return m + " (" + path + ")"
	}
	return path
}
