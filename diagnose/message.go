package diagnose

import (
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// The message to the customer (README "Writing to the customer"): before a diagnosis, the
// questions the customer can answer that are still open; after one, what the customer's admin
// does for the scenario and what the reseller does next. It is written in the customer's
// language, as the reseller ("we") to the customer ("you").

// MessageKind is what a message to the customer is for.
type MessageKind string

const (
	MessageQuestions MessageKind = "questions"
	MessageNextSteps MessageKind = "next-steps"
)

// MessageKinds are the kinds in the order `--kind` offers them.
var MessageKinds = []MessageKind{MessageQuestions, MessageNextSteps}

// messageSubjects are the subjects of the messages, by kind.
var messageSubjects = lazy.Value[map[MessageKind]txt.Key]{Make: func() map[MessageKind]txt.Key {
	return map[MessageKind]txt.Key{
		MessageQuestions: txt.MessageSubjectQuestions,
		MessageNextSteps: txt.MessageSubjectNextSteps,
	}
}}

// CustomerMessage is one message to the customer, in parts that render lays out as text, Markdown
// or an e-mail draft. Texts from the case in it are cut to length but not yet made safe: render
// does that for its format.
type CustomerMessage struct {
	ID       string         `json:"id"`
	Kind     MessageKind    `json:"kind"`
	Lang     scenarios.Lang `json:"lang"`
	Scenario scenarios.ID   `json:"scenario"`
	Subject  string         `json:"subject"`
	Greeting string         `json:"greeting"`
	// Intro are the paragraphs before the items: why we write, and the likely cause.
	Intro []string `json:"intro"`
	// Items are the questions or the next steps, to be numbered.
	Items []string `json:"items"`
	// Link is the invitation link (message --invitation-url), LinkIntro the sentence before it.
	Link      string `json:"link"`
	LinkIntro string `json:"link_intro"`
	Closing   string `json:"closing"`
	Regards   string `json:"regards"`
	// Signature is who writes: the contact's name, the partner's name, e-mail and phone, as
	// far as they are known; a placeholder for the desk to fill in when none is.
	Signature []string `json:"signature"`
}

// MessageOptions say which message to write. An empty Kind chooses: the next steps when a
// scenario is diagnosed, else the questions.
type MessageOptions struct {
	Kind          MessageKind
	Lang          scenarios.Lang
	InvitationURL string
}

// namesInvitationLink reports whether a step that applies to the case of f says where the
// invitation link is.
func namesInvitationLink(steps []step, f *facts) bool {
	for _, st := range steps {
		if st.facts && strings.Contains(st.text, "{invitation_link}") && allHold(st.when, f) {
			return true
		}
	}
	return false
}

// Message writes the message to the customer about result r. When there is none to write, it
// returns nil and the text of the reason: a resolved case, a kind that does not fit.
func (e *Engine) Message(r *Result, o MessageOptions) (*CustomerMessage, txt.Key) {
	switch {
	case r.Status == Invalid || r.Case == nil:
		return nil, txt.MessageSkipInvalid
	case r.Status == Resolved:
		return nil, txt.MessageSkipResolved
	}
	kind := o.Kind
	if kind == "" {
		kind = MessageQuestions
		if r.Scenario != "" {
			kind = MessageNextSteps
		}
	}
	lang := o.Lang
	if lang != scenarios.DE {
		lang = scenarios.EN
	}
	m := &CustomerMessage{ID: r.ID, Kind: kind, Lang: lang, Items: []string{}, Signature: []string{}}
	text := func(k txt.Key, args ...string) string { return e.Model.Catalog.Text(k, lang, args...) }
	lead := text(txt.MessageLead, "error", e.Model.StandardError())
	if f := r.facts; f != nil && f.known > 0 {
		// Another known error than the one cspfix is about: the message does not quote that one.
		lead = text(txt.MessageLeadOther)
	}
	switch kind {
	case MessageQuestions:
		m.Items = e.Model.customerQuestions(r.Case, lang)
		if len(m.Items) == 0 {
			return nil, txt.MessageSkipNothingToAsk
		}
		m.Intro = []string{lead, text(txt.MessageQuestionsIntro)}
		m.Closing = text(txt.MessageQuestionsClosing)
	case MessageNextSteps:
		s, ok := e.Model.Catalog.Scenario(string(r.Scenario))
		if !ok {
			return nil, txt.MessageSkipNoScenario
		}
		m.Scenario = s.ID
		if s.Customer.Lead != (scenarios.Text{}) {
			lead = s.Customer.Lead.In(lang)
		}
		intro := s.Customer.Intro.In(lang)
		for _, st := range s.Customer.Intros {
			if e.Model.named(st.When, r.facts) {
				intro = st.In(lang)
				break
			}
		}
		m.Intro = []string{lead, intro}
		// The steps say where the link is: at the end of this message only when it is there, and
		// it is there only when a step that applies asks for it (not for a distributor's record).
		steps := e.stepsOf(&e.customerSteps, lang, customerStepsOf)[s.ID]
		f := *r.facts
		link := o.InvitationURL != "" && s.InvitationLink && namesInvitationLink(steps, &f)
		f.invitationLink = link
		m.Items = applySteps(steps, &f, e.Model.waits[s.ID], lang)
		if link {
			m.Link, m.LinkIntro = o.InvitationURL, text(txt.MessageLink)
		}
		m.Closing = text(txt.MessageNextStepsClosing)
	}
	m.Subject = text(messageSubjects.Get()[kind])
	if s, ok := e.Model.Catalog.Scenario(string(m.Scenario)); ok && kind == MessageNextSteps && s.Customer.Subject != (scenarios.Text{}) {
		m.Subject = s.Customer.Subject.In(lang) // a new tenant is no partner relationship
	}
	m.Greeting = text(txt.MessageGreeting)
	m.Regards = text(txt.MessageRegards)
	c := withDesk(r.Case, e.Desk)
	for _, v := range []string{e.Desk.Contact.Name, c.Partner.Name, e.Desk.Contact.Email, e.Desk.Contact.Phone} {
		if v = strings.TrimSpace(v); v != "" {
			m.Signature = append(m.Signature, e.Model.Catalog.Cut(v, sanitize.MaxLine, lang))
		}
	}
	if len(m.Signature) == 0 {
		// No contact and no partner name are set (cspfix config): a line in brackets for the
		// desk to fill in, so that the draft does not end in a bare "Kind regards" that
		// reads as if a signature had been lost.
		m.Signature = append(m.Signature, text(txt.MessageSignaturePlaceholder))
	}
	return m, ""
}

// customerQuestions are the questions of the conversation with the customer that c leaves
// open, as the customer is asked them. A follow-up is asked on its own only after the answer it
// follows; before that, the question it follows asks for it too.
func (m *Model) customerQuestions(c *Case, lang scenarios.Lang) []string {
	var out []string
	for _, f := range m.questions {
		if f.Ask.Group != GroupConversation || !f.Applies(c) || f.Settled(c) {
			continue
		}
		if q := f.Question; q.Customer.In(lang) != "" {
			out = append(out, q.Customer.In(lang))
		}
	}
	return out
}

// invitationHosts are where Microsoft's invitation links for a reseller relationship lead: the
// Microsoft 365 admin center under its addresses, and the admin portal of Microsoft Cloud for
// US Government (docs/sources.md).
var invitationHosts = []string{"admin.microsoft.com", "admin.cloud.microsoft", "portal.office.com", "portal.office365.us"}

// ErrInvitationURL is an invitation link that is not one: not https, or not on a Microsoft
// admin host, or with what a link in a message must not hold.
var ErrInvitationURL = errors.New("not an invitation link")

// CheckInvitationURL checks a link to put in a message as the invitation: an https address on a
// Microsoft admin host, without user name, port, white space or control characters, at most
// 2,000 characters long. It returns the link as it was given.
func CheckInvitationURL(s string) (string, error) {
	if len(s) > 2000 || strings.ContainsFunc(s, func(r rune) bool {
		return r <= ' ' || r == 0x7f || r == '<' || r == '>' || r == '"' || r == '\\' || sanitize.Unsafe(r)
	}) {
		return "", ErrInvitationURL
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" || u.Opaque != "" ||
		!slices.Contains(invitationHosts, strings.ToLower(u.Hostname())) {
		return "", ErrInvitationURL
	}
	return s, nil
}

// InvitationHosts names the hosts an invitation link may lead to, for messages.
func InvitationHosts() string { return strings.Join(invitationHosts, ", ") }
