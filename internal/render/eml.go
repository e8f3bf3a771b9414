package render

import (
	"bytes"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
)

// Draft is what an e-mail draft needs besides the message: whom it goes to, whom it is from
// (nil to let the mail program fill it in) and when it was written.
type Draft struct {
	To   []*mail.Address
	From *mail.Address
	Date time.Time
}

// Eml writes message m as an e-mail draft (RFC 5322, an .eml file) that mail programs open for
// editing: UTF-8 plain text, quoted-printable, with the subject as an encoded word, lines ending
// in CRLF. X-Unsent marks it as a draft for Outlook. Nothing from the case is written into a
// header: the subject is the catalog's, the addresses are parsed ones, and a header value with a
// line break in it is left out, so that nothing can add a header or end the header block. Long
// headers (many addresses) are folded at their spaces into lines of at most 78 characters.
func Eml(m *diagnose.CustomerMessage, d Draft) []byte {
	var b bytes.Buffer
	header := func(name, value string) {
		if value != "" && !strings.ContainsAny(value, "\r\n") {
			writeFolded(&b, name, value)
		}
	}
	header("MIME-Version", "1.0")
	header("Date", d.Date.Format(time.RFC1123Z))
	if d.From != nil {
		header("From", formatAddress(d.From))
	}
	var to []string
	for _, a := range d.To {
		if s := formatAddress(a); !strings.ContainsAny(s, "\r\n") {
			to = append(to, s)
		}
	}
	header("To", strings.Join(to, ", "))
	header("Subject", encodeSubject(sanitize.Text(m.Subject)))
	header("X-Unsent", "1")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	// The writer ends every line in CRLF; the body's own line ends are LF.
	_, _ = qp.Write([]byte(MessageBody(m)))
	_ = qp.Close()
	return b.Bytes()
}

// maxHeaderLine is the length RFC 5322 §2.1.1 asks header lines to keep to (998 is the limit).
const maxHeaderLine = 78

// writeFolded writes the header "name: value" folded as RFC 5322 §2.2.3 allows: a line break is
// put before a space, where the line would grow beyond maxHeaderLine, so that removing the
// breaks gives the value back. Only a single space between two words outside a quoted string
// is a place to fold, since readers squeeze the white space around a fold. A word longer than
// a line stays whole (the values are bounded before they get here, so no line reaches 998).
func writeFolded(b *bytes.Buffer, name, value string) {
	b.WriteString(name)
	b.WriteString(":")
	n := len(name) + 1
	quoted, escaped := false, false
	word := 0 // where the word after the last place to fold starts
	flush := func(end int) {
		w := value[word:end]
		// The space before the word is a place to fold, unless it is the header's own.
		if n+1+len(w) > maxHeaderLine && (word > 0 || len(w) <= maxHeaderLine-1) {
			b.WriteString("\r\n")
			n = 0
		}
		b.WriteByte(' ')
		b.WriteString(w)
		n += 1 + len(w)
	}
	for i := 0; i < len(value); i++ {
		c := value[i]
		switch {
		case escaped:
			escaped = false
		case c == '\\' && quoted:
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == ' ' && !quoted && i > word && value[i-1] != ' ' && i+1 < len(value) && value[i+1] != ' ':
			flush(i)
			word = i + 1
		}
	}
	flush(len(value))
	b.WriteString("\r\n")
}

// formatAddress writes a as a header does, in a form that reads back as a: net/mail's own,
// unless that does not read back (a backslash next to non-ASCII letters in a name), then the
// name in base64 encoded words, and in the last resort the address alone.
func formatAddress(a *mail.Address) string {
	for _, s := range []string{a.String(), mime.BEncoding.Encode("utf-8", a.Name) + " " + (&mail.Address{Address: a.Address}).String()} {
		if back, err := mail.ParseAddress(s); err == nil && back.Name == a.Name && back.Address == a.Address {
			return s
		}
	}
	return (&mail.Address{Address: a.Address}).String()
}

// encodeSubject writes a subject for its header: as it is when it is printable ASCII, else as
// RFC 2047 encoded words of at most 16 bytes of text each (under 64 characters), so that the
// first fits on the line after "Subject: " and the header folds between them. Adjacent encoded
// words are read as one text, without the spaces between them.
func encodeSubject(s string) string {
	if mime.QEncoding.Encode("utf-8", s) == s {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		n := min(len(s), 16)
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("=?utf-8?q?")
		for i := 0; i < n; i++ {
			switch c := s[i]; {
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!*+-/", c) >= 0:
				b.WriteByte(c)
			case c == ' ':
				b.WriteByte('_')
			default:
				b.WriteString(fmt.Sprintf("=%02X", c))
			}
		}
		b.WriteString("?=")
		s = s[n:]
	}
	return b.String()
}
