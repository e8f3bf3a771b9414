package render

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

// hostileMessage is a German message whose items and signature carry what a case file could
// hold: line breaks with headers after them, Markdown, HTML, escape sequences, bidi controls.
func hostileMessage(t *testing.T) *diagnose.CustomerMessage {
	t.Helper()
	js := `{"customer":{"tenant_id":"x"},"partner":{"name":"Evil\r\nBcc: victim@example.com\r\n\r\n<b>x</b>"},"answers":{"other_csp":"no","direct_microsoft":"no",
		"earlier_relationship_with_you":"no","invitation_pending":"no","recent_change":"no","crm_duplicates":"no","partner_center_search":"not_found"},
		"outcome":{"status":"ticket_opened","reference":"1\r\nBcc: a@b.c\u001b]52;c;ZXZpbA==\u0007 # [x](javascript:1) \u202e"}}`
	var c diagnose.Case
	if err := testmodel.Embedded().NewDecoder(strings.NewReader(js)).Next(&c); err != nil {
		t.Fatal(err)
	}
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testkit.Now,
		Desk: diagnose.Desk{Contact: diagnose.Contact{Name: "Jürgen Weiß", Email: "jw@fabrikam.example"}}}
	r := e.Diagnose(&c, 1)
	m, skip := e.Message(&r, diagnose.MessageOptions{Lang: scenarios.DE,
		InvitationURL: "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=1&msppId=0#/BillingAccounts/partner-invitation"})
	if m == nil {
		t.Fatalf("no message: %s", skip)
	}
	return m
}

// TestEmlParsesBack: the draft is a message that Go's mail parser reads back with the headers it
// was given and no other, its subject and body decoding to the message's own.
func TestEmlParsesBack(t *testing.T) {
	m := hostileMessage(t)
	to, err := mail.ParseAddressList(`Frau Müller <mueller@contoso.example>, it@contoso.example`)
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2026, 11, 23, 9, 30, 0, 0, time.FixedZone("", 3600))
	raw := Eml(m, Draft{To: to, From: &mail.Address{Name: "Jürgen Weiß", Address: "jw@fabrikam.example"}, Date: date})

	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, line := range bytes.Split(head, []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") || len(line) > 998 {
			t.Errorf("header line %q is not a line of its own", line)
		}
	}
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("a line ends in a bare LF")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the draft does not parse: %v\n%s", err, raw)
	}
	var names []string
	for name := range msg.Header {
		names = append(names, name)
	}
	if len(names) != 8 || msg.Header.Get("Bcc") != "" {
		t.Errorf("headers %v, want exactly the eight written", names)
	}
	dec := new(mime.WordDecoder)
	if subject, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || subject != m.Subject {
		t.Errorf("subject %q (%v), want %q", subject, err, m.Subject)
	}
	if got, err := msg.Header.AddressList("To"); err != nil || len(got) != 2 || got[0].Name != "Frau Müller" {
		t.Errorf("To %v (%v)", got, err)
	}
	if got, err := msg.Header.Date(); err != nil || !got.Equal(date) {
		t.Errorf("Date %v (%v), want %v", got, err, date)
	}
	if msg.Header.Get("X-Unsent") != "1" || msg.Header.Get("Content-Transfer-Encoding") != "quoted-printable" ||
		msg.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("draft headers %v", msg.Header)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.ReplaceAll(MessageBody(m), "\n", "\r\n")
	if string(body) != want {
		t.Errorf("body\n%q\nwant\n%q", body, want)
	}
	for _, bad := range []string{"\x1b", "\u202e", "\a"} {
		if strings.Contains(string(body), bad) {
			t.Errorf("body holds %q", bad)
		}
	}
	if !strings.Contains(string(body), m.Link+"\r\n") {
		t.Errorf("the link is not on a line of its own")
	}
}

// TestMessageMarkdownIsEscaped: nothing from the case forms Markdown or HTML.
func TestMessageMarkdownIsEscaped(t *testing.T) {
	var b bytes.Buffer
	if err := NewMessages(&b, scenarios.Embedded(), Markdown).Write(hostileMessage(t)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<b>", "[x](", "\x1b", "\u202e", "\r"} {
		if strings.Contains(out, bad) {
			t.Errorf("Markdown holds %q:\n%s", bad, out)
		}
	}
	if !strings.HasPrefix(out, "**Betreff:** ") || !strings.Contains(out, "\n1. ") {
		t.Errorf("Markdown layout:\n%s", out)
	}
}

// TestMessageTextIsWrapped: plain text stays within e-mail width but for the link, and numbers
// its items with a hanging indent.
func TestMessageTextIsWrapped(t *testing.T) {
	var b bytes.Buffer
	m := hostileMessage(t)
	if err := NewMessages(&b, scenarios.Embedded(), Text).Write(m); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if len([]rune(line)) > ticketWidth && line != m.Link {
			t.Errorf("line longer than %d: %q", ticketWidth, line)
		}
	}
	if !strings.HasPrefix(b.String(), "Betreff: ") || !strings.Contains(b.String(), "\n1. ") {
		t.Errorf("text layout:\n%s", b.String())
	}
}

// allRuledOut is a case that rules every cause out: its message names the request's number.
const allRuledOut = `{"customer":{"tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31","confirmed_tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"},
	"answers":{"other_csp":"no","direct_microsoft":"no","earlier_relationship_with_you":"no","invitation_pending":"no",
	"recent_change":"no","crm_duplicates":"no","partner_center_search":"not_found"},"outcome":{"status":"ticket_opened"}}`

// FuzzEml: whatever a case holds (its request number and its partner's name reach the message),
// the draft parses back with the headers it was given and no other, and its body decodes to
// the message's own text.
func FuzzEml(f *testing.F) {
	f.Add("2611230040001234", "Fabrikam IT")
	f.Add("1\r\nBcc: a@b.c", "Evil\r\n\r\n<b>x</b>")
	f.Add("\u202e\x1b]52;c;eA==\a", "=?utf-8?q?x?=")
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testkit.Now}
	to := []*mail.Address{{Name: "Frau Müller", Address: "mueller@contoso.example"}}
	f.Fuzz(func(t *testing.T, reference, partner string) {
		var c diagnose.Case
		if err := testmodel.Embedded().NewDecoder(strings.NewReader(allRuledOut)).Next(&c); err != nil {
			t.Fatal(err)
		}
		c.Partner.Name, c.Outcome.Reference = partner, reference
		r := e.Diagnose(&c, 1)
		m, skip := e.Message(&r, diagnose.MessageOptions{})
		if m == nil || m.Scenario != "E" {
			t.Fatalf("want the next steps of E, got %v (%s)", m, skip)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(Eml(m, Draft{To: to, Date: testkit.Now})))
		if err != nil {
			t.Fatalf("the draft does not parse: %v", err)
		}
		if len(msg.Header) != 7 || msg.Header.Get("Bcc") != "" {
			t.Fatalf("headers %v", msg.Header)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil || string(body) != strings.ReplaceAll(MessageBody(m), "\n", "\r\n") {
			t.Fatalf("body does not decode to the message (%v)", err)
		}
	})
}

// TestEmlHeadersAreFolded: a draft to many people keeps every header line within the 78
// characters RFC 5322 asks for, and reads back with every address.
func TestEmlHeadersAreFolded(t *testing.T) {
	var to []*mail.Address
	for i := range 40 {
		to = append(to, &mail.Address{Name: fmt.Sprintf("Frau Müller-Lüdenscheidt %d", i), Address: fmt.Sprintf("person%d@contoso.example", i)})
	}
	m := &diagnose.CustomerMessage{Subject: strings.Repeat("Partnerbeziehung für Müller ", 8), Greeting: "Hallo"}
	draft := Eml(m, Draft{To: to, From: &mail.Address{Name: "Jana Roth", Address: "jana@fabrikam.example"}, Date: testkit.Now})
	head, _, _ := bytes.Cut(draft, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if len(line) > 78 {
			t.Errorf("a header line of %d characters: %q", len(line), line)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(draft))
	if err != nil {
		t.Fatal(err)
	}
	got, err := msg.Header.AddressList("To")
	if err != nil || len(got) != len(to) {
		t.Fatalf("%d addresses read back (%v)", len(got), err)
	}
	for i := range to {
		if got[i].Name != to[i].Name || got[i].Address != to[i].Address {
			t.Errorf("address %d: %v, want %v", i, got[i], to[i])
		}
	}
	var dec mime.WordDecoder
	if subject, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || subject != m.Subject {
		t.Errorf("subject %q (%v)", subject, err)
	}
}

// FuzzEmlTo: whatever name an address has (from --to, after decoding), the draft's header lines
// stay within 998 characters (78 where every word fits), no header is added, and the name
// reads back as it was.
func FuzzEmlTo(f *testing.F) {
	f.Add("Frau Müller", 3)
	f.Add("=?utf-8?q?x?= \r\nBcc: a@b.c", 1)
	f.Add("Anna, \"Maria\" \u202e Müller-Lüdenscheidt von und zu Hohenzollern-Sigmaringen", 30)
	m := &diagnose.CustomerMessage{Subject: "Unsere Partnerbeziehung in Microsoft 365: die nächsten Schritte", Greeting: "Hallo"}
	f.Fuzz(func(t *testing.T, name string, n int) {
		// --to refuses names with control or invisible characters, after decoding.
		if !utf8.ValidString(name) || len(name) > 400 || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f || sanitize.Unsafe(r) }) {
			return
		}
		n = max(1, min(n, 50))
		var to []*mail.Address
		for i := range n {
			to = append(to, &mail.Address{Name: name, Address: fmt.Sprintf("p%d@contoso.example", i)})
		}
		draft := Eml(m, Draft{To: to, Date: testkit.Now})
		head, _, _ := bytes.Cut(draft, []byte("\r\n\r\n"))
		for _, line := range strings.Split(string(head), "\r\n") {
			if len(line) > 998 {
				t.Fatalf("a header line of %d characters", len(line))
			}
		}
		msg, err := mail.ReadMessage(bytes.NewReader(draft))
		if err != nil {
			t.Fatalf("the draft does not parse: %v", err)
		}
		if len(msg.Header) != 7 && len(msg.Header) != 6 { // To is left out when it cannot be written safely
			t.Fatalf("headers %v", msg.Header)
		}
		if msg.Header.Get("To") == "" {
			return
		}
		got, err := msg.Header.AddressList("To")
		if err != nil || len(got) != n || got[0].Address != "p0@contoso.example" {
			t.Fatalf("To reads back as %v (%v)", got, err)
		}
		if got[0].Name != name && got[0].Name != "" {
			t.Fatalf("name %q reads back as %q", name, got[0].Name)
		}
	})
}
