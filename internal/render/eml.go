package render

import (
	"bytes"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"

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
// line break in it is left out, so that nothing can add a header or end the header block.
func Eml(m *diagnose.CustomerMessage, d Draft) []byte {
	var b bytes.Buffer
	header := func(name, value string) {
		if value != "" && !strings.ContainsAny(value, "\r\n") {
			b.WriteString(name + ": " + value + "\r\n")
		}
	}
	header("MIME-Version", "1.0")
	header("Date", d.Date.Format(time.RFC1123Z))
	if d.From != nil {
		header("From", d.From.String())
	}
	var to []string
	for _, a := range d.To {
		if s := a.String(); !strings.ContainsAny(s, "\r\n") {
			to = append(to, s)
		}
	}
	header("To", strings.Join(to, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", sanitize.Text(m.Subject)))
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
