package render

import (
	"io"
	"strconv"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// MessageWriter writes messages to the customer (README "Writing to the customer"): as plain
// text with a subject line, wrapped for e-mail; as Markdown; or as JSON, one object per message
// with its parts and its plain text. Every text from the case is made safe for the format. The
// e-mail draft is written by Eml, one message to a file.
type MessageWriter struct {
	w      io.Writer
	cat    *scenarios.Catalog
	format Format
	n      int
	width  int // of plain text
}

// NewMessages returns the writer of messages in format, its labels from cat.
func NewMessages(w io.Writer, cat *scenarios.Catalog, format Format) *MessageWriter {
	return &MessageWriter{w: w, cat: cat, format: format, width: ticketWidth}
}

// Within wraps plain text at width where that is narrower than e-mail: for a narrow terminal.
func (mw *MessageWriter) Within(width int) *MessageWriter {
	if width > 0 {
		mw.width = min(width, ticketWidth)
	}
	return mw
}

// Write renders one message, separated from the one before.
func (mw *MessageWriter) Write(m *diagnose.CustomerMessage) error {
	if mw.format == JSON {
		return writeJSONLine(mw.w, struct {
			*diagnose.CustomerMessage
			Text string `json:"text"`
		}{m, MessageBody(m)})
	}
	var b strings.Builder
	markdown := mw.format == Markdown
	separate(&b, &mw.n, markdown)
	label := mw.cat.Text(txt.RenderMessageSubject, m.Lang)
	if markdown {
		b.WriteString("**" + label + ":** " + sanitize.Markdown(m.Subject) + "\n\n")
	} else {
		b.WriteString(Wrap(label+": ", "  ", sanitize.Text(m.Subject), mw.width) + "\n")
	}
	writeMessageBody(&b, m, markdown, mw.width)
	_, err := io.WriteString(mw.w, b.String())
	return err
}

// MessageBody is the message's body as plain text, wrapped for e-mail, without its subject.
func MessageBody(m *diagnose.CustomerMessage) string {
	var b strings.Builder
	writeMessageBody(&b, m, false, ticketWidth)
	return b.String()
}

// writeMessageBody writes, wrapped at width, the greeting, the introduction, the numbered items,
// the invitation link on a line of its own (a mail program must see it whole to make it
// clickable), the closing and the signature.
func writeMessageBody(b *strings.Builder, m *diagnose.CustomerMessage, markdown bool, width int) {
	esc, para := sanitize.Text, func(s string) { b.WriteString(Wrap("", "", s, width)) }
	if markdown {
		esc, para = sanitize.Markdown, func(s string) { b.WriteString(s + "\n") }
	}
	para(esc(m.Greeting))
	b.WriteString("\n")
	for _, p := range m.Intro {
		para(esc(p))
		b.WriteString("\n")
	}
	indent := strings.Repeat(" ", len(strconv.Itoa(len(m.Items)))+2)
	for i, item := range m.Items {
		number := strconv.Itoa(i+1) + ". "
		if markdown {
			b.WriteString(number + esc(item) + "\n")
			continue
		}
		number += strings.Repeat(" ", len(indent)-len(number))
		b.WriteString(Wrap(number, indent, esc(item), width))
	}
	if m.Link != "" {
		b.WriteString("\n")
		para(esc(m.LinkIntro))
		if markdown {
			// The link was checked (an https address on a Microsoft host, no spaces or angle
			// brackets): an autolink cannot be broken by it.
			b.WriteString("<" + m.Link + ">\n")
		} else {
			b.WriteString(m.Link + "\n")
		}
	}
	b.WriteString("\n")
	para(esc(m.Closing))
	b.WriteString("\n")
	lines := append([]string{m.Regards}, m.Signature...)
	for i, line := range lines {
		switch {
		case !markdown:
			b.WriteString(esc(line) + "\n")
		case i < len(lines)-1:
			b.WriteString(esc(line) + "  \n") // a hard line break
		default:
			b.WriteString(esc(line) + "\n")
		}
	}
}
