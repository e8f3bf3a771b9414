package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
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
	line   []byte
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
		return writeJSONLine(tw.w, struct {
			*diagnose.Ticket
			Text string `json:"text"`
		}{t, text.String()})
	}
	markdown := tw.format == Markdown
	var b strings.Builder
	switch {
	case tw.n > 0 && markdown:
		b.WriteString("\n---\n\n")
	case tw.n > 0:
		b.WriteString("\n" + strings.Repeat("=", ticketWidth) + "\n\n")
	}
	tw.n++
	TicketText(&b, t, tw.cat, markdown)
	_, err := io.WriteString(tw.w, b.String())
	return err
}

// WriteInvalid marks the place of a record that could not be read, so that a batch of tickets
// shows which case has none and why.
func (tw *TicketWriter) WriteInvalid(r *diagnose.Result, lang scenarios.Lang) error {
	if tw.format == JSON {
		enc := ResultJSON{Lang: lang}
		tw.line = append(enc.Append(tw.line[:0], r), '\n')
		_, err := tw.w.Write(tw.line)
		return err
	}
	id, msg := sanitize.Exact(r.ID), r.Error.Message(lang)
	var line string
	if tw.format == Markdown {
		line = "**" + sanitize.Markdown(id) + ":** " + sanitize.Markdown(msg) + "\n\n"
	} else {
		line = id + ": " + sanitize.Text(msg) + "\n\n"
	}
	_, err := io.WriteString(tw.w, line)
	return err
}

// TicketText writes the ticket t into b, as Markdown or as plain text.
func TicketText(b *strings.Builder, t *diagnose.Ticket, cat *scenarios.Catalog, markdown bool) {
	msg := func(code string, args ...string) string {
		m, _ := cat.Message(code)
		return scenarios.Fill(m.Text.In(t.Lang), args...)
	}
	missing := msg("ticket.missing")
	esc := func(s string) string {
		if markdown {
			return sanitize.Markdown(s)
		}
		return sanitize.Text(s)
	}

	orMissing := func(s string, required bool) string {
		switch {
		case strings.TrimSpace(s) != "":
			return esc(s)
		case required:
			return missing
		}
		return "—"
	}
	heading := func(code string) {
		if markdown {
			b.WriteString("\n### " + msg(code) + "\n\n")
		} else {
			h := msg(code)
			b.WriteString("\n" + h + "\n" + strings.Repeat("-", len([]rune(h))) + "\n")
		}
	}
	para := func(s string) {
		if markdown {
			b.WriteString(s + "\n")
		} else {
			b.WriteString(Wrap("", "", s, ticketWidth))
		}
	}
	bullet := func(s string) {
		if markdown {
			b.WriteString("- " + s + "\n")
		} else {
			b.WriteString(Wrap("- ", "  ", s, ticketWidth))
		}
	}
	field := func(code, value string) {
		if markdown {
			b.WriteString("- **" + msg(code) + ":** " + value + "\n")
			return
		}
		label := "- " + msg(code) + ":"
		if first, _, _ := strings.Cut(value, " "); visibleWidth(label)+1+visibleWidth(first) > ticketWidth {
			// A long label and an unbreakable value (a tenant ID): the value gets its own line.
			b.WriteString(label + "\n" + Wrap("  ", "  ", value, ticketWidth))
			return
		}
		b.WriteString(Wrap(label+" ", "  ", value, ticketWidth))
	}

	if markdown {
		b.WriteString("## " + esc(t.Subject) + "\n\n")
	} else {
		b.WriteString(Wrap("", "", esc(t.Subject), ticketWidth) + "\n")
	}
	para(msg("ticket.intro"))

	heading("ticket.heading.error")
	if markdown && t.ErrorMessage != "" {
		b.WriteString("> " + esc(t.ErrorMessage) + "\n")
	} else {
		para(orMissing(t.ErrorMessage, true))
	}

	heading("ticket.heading.customer")
	field("ticket.field.name", orMissing(t.Customer.Name, false))
	field("ticket.field.domain", orMissing(t.Customer.Domain, false))
	field("ticket.field.tenant_id", orMissing(sanitize.Exact(t.Customer.TenantID), true))
	field("ticket.field.confirmed_tenant_id", orMissing(sanitize.Exact(t.Customer.ConfirmedTenantID), false))
	if t.Customer.Country != "" {
		field("ticket.field.country", esc(t.Customer.Country))
	}

	heading("ticket.heading.partner")
	field("ticket.field.partner_name", orMissing(t.Partner.Name, false))
	field("ticket.field.partner_id", orMissing(sanitize.Exact(t.Partner.PartnerID), true))
	field("ticket.field.indirect_provider", orMissing(t.Partner.IndirectProvider, false))

	heading("ticket.heading.attempts")
	if len(t.Attempts) == 0 {
		bullet(missing)
	}
	for _, a := range t.Attempts {
		bullet(a.String())
	}

	heading("ticket.heading.tried")
	if len(t.Tried) == 0 {
		bullet(msg("ticket.none"))
	}
	for _, s := range t.Tried {
		line := string(s.Scenario) + " — " + s.Title
		if s.At != nil {
			line = s.At.String() + ": " + line
		}
		if s.Note != "" {
			line += ": " + esc(s.Note)
		}
		bullet(line)
	}

	causes := func(code string, list []diagnose.TicketCause) {
		if len(list) == 0 {
			return
		}
		heading(code)
		for _, c := range list {
			bullet(fmt.Sprintf("%s — %s: %s", c.Scenario, c.Title, esc(strings.Join(c.Reasons, " "))))
		}
	}
	causes("ticket.heading.ruled_out", t.RuledOut)
	causes("ticket.heading.open", t.Open)

	heading("ticket.heading.conversation")
	for _, s := range t.Conversation {
		bullet(s)
	}
	if t.Notes != "" {
		heading("ticket.heading.notes")
		para(esc(t.Notes))
	}

	if len(t.Missing) > 0 || len(t.Problems) > 0 {
		heading("ticket.heading.problems")
		for _, f := range t.Missing {
			bullet(msg("ticket.problem.missing", "field", fieldName(cat, f, t.Lang)))
		}
		for _, p := range t.Problems {
			bullet(esc(p))
		}
	}
	b.WriteString("\n")
	para(msg("ticket.screenshot"))
	para(msg("ticket.generated", "generator", t.Generator))
}

// fieldName names a required fact for a person, by the ticket's label for it, with its field
// path for the case file.
func fieldName(cat *scenarios.Catalog, path string, lang scenarios.Lang) string {
	if m, ok := cat.Lookup(diagnose.FieldAt(path).TicketLabel, lang); ok {
		return m + " (" + path + ")"
	}
	return path
}
