package diagnose

import (
	"strings"
	"time"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Ticket is what partner support needs to investigate a case (README "Writing the support ticket"). Its texts are in the
// ticket's own language, which is independent of the interface language.
type Ticket struct {
	ID      string         `json:"id"`
	Lang    scenarios.Lang `json:"lang"`
	Subject string         `json:"subject"`
	// Request is the paragraph that says what failed and asks the desk what to do: the leading
	// scenario's own request, or the general one (README "Writing the support ticket").
	Request string `json:"-"`
	// Desk is the support desk the ticket is for: the fallback's route for the case
	// (README "Writing the support ticket").
	Desk         string `json:"desk"`
	ErrorMessage string `json:"error_message"`
	// KnownError is the code of the known error text the message is ("" for none): the ticket
	// names it when it is not the error cspfix is about, which the subject names.
	KnownError string   `json:"known_error"`
	Customer   Customer `json:"customer"`
	// TenantIDDifferences says where the entered and the confirmed tenant ID differ, one
	// sentence a position, when they differ in a few characters only (a look-alike letter, an
	// invisible one): IDs that look the same on a screen.
	TenantIDDifferences []string      `json:"tenant_id_differences"`
	Partner             Partner       `json:"partner"`
	Contact             Contact       `json:"contact"`
	Attempts            []TicketTime  `json:"attempts"`
	Tried               []TicketStep  `json:"tried"`
	RuledOut            []TicketCause `json:"ruled_out"`
	Open                []TicketCause `json:"not_ruled_out"`
	Conversation        []string      `json:"conversation"`
	OwnChecks           []string      `json:"own_checks"`
	Notes               string        `json:"notes"`
	// NotesLang is the language the notes seem to be written in ("" when it cannot tell): the
	// ticket marks notes in another language than its own.
	NotesLang scenarios.Lang `json:"notes_lang"`
	// Impact is what the error costs the customer and the reseller (ticket --impact).
	Impact string `json:"impact"`
	// Reference is the number of the support request the case's outcome records, if any.
	Reference *string  `json:"reference"`
	Problems  []string `json:"problems"`
	Missing   []string `json:"missing"`
	Generator string   `json:"generator"`

	// LookedUp is what cspfix checked in Microsoft's systems, one sentence a fact with its
	// source and time; left out of the JSON when nothing was looked up.
	LookedUp []string `json:"looked_up,omitempty"`
}

// TicketTime is a time as it was written (with its offset) and in UTC, so that support can
// match it against its logs. UTC is empty for a time whose UTC date is outside 0000–9999.
type TicketTime struct {
	Local string `json:"local"`
	UTC   string `json:"utc"`
}

func ticketTime(t time.Time) TicketTime {
	utc, _ := FormatUTC(t)
	return TicketTime{Local: FormatLocal(t), UTC: utc}
}

// String is the time as the ticket shows it: local, and UTC in parentheses.
func (t TicketTime) String() string {
	if t.UTC == "" {
		return t.Local
	}
	return t.Local + " (" + t.UTC + ")"
}

// TicketStep is one remediation already done without success; NoteLang is the language its
// note seems to be written in.
type TicketStep struct {
	Scenario scenarios.ID   `json:"scenario"`
	Title    string         `json:"title"`
	At       *TicketTime    `json:"at"`
	Note     string         `json:"note"`
	NoteLang scenarios.Lang `json:"note_lang"`
}

// TicketCause is a scenario with the reason it is, or is not, ruled out.
type TicketCause struct {
	Scenario scenarios.ID `json:"scenario"`
	Title    string       `json:"title"`
	Reasons  []string     `json:"reasons"`
}

// withDesk is c with the partner's facts it does not give taken from the desk's settings.
func withDesk(c *Case, d Desk) *Case {
	pa := &c.Partner
	if (pa.Name != "" || d.Partner.Name == "") && (pa.PartnerID != "" || d.Partner.PartnerID == "") &&
		(pa.IndirectProvider != "" || d.Partner.IndirectProvider == "") && (pa.Country != "" || d.Partner.Country == "") {
		return c
	}
	filled := *c
	for _, f := range []struct {
		to   *string
		from string
	}{
		{&filled.Partner.Name, d.Partner.Name}, {&filled.Partner.PartnerID, d.Partner.PartnerID},
		{&filled.Partner.IndirectProvider, d.Partner.IndirectProvider}, {&filled.Partner.Country, d.Partner.Country},
	} {
		if strings.TrimSpace(*f.to) == "" {
			*f.to = f.from
		}
	}
	return &filled
}

// TicketMissing lists the facts support cannot work without that the case lacks, in the order
// of the ticket.
func (m *Model) TicketMissing(c *Case) []string {
	out := []string{}
	for _, f := range m.ticketFacts {
		if !f.Known(c) && f.Applies(c) {
			out = append(out, f.Path)
		}
	}
	return out
}

// Ticket writes the support ticket for a case and its diagnosis r, in lang. generator names the
// program and version that wrote it.
func (e *Engine) Ticket(c *Case, r *Result, lang scenarios.Lang, generator string) *Ticket {
	c = withDesk(c, e.Desk)
	tb := &ticketBuilder{model: e.Model, desk: e.Desk.Contact, impact: e.Impact, c: c, r: r, lang: lang, cat: e.Model.Catalog, t: &Ticket{
		ID:                  r.ID,
		Lang:                lang,
		Attempts:            []TicketTime{},
		Tried:               []TicketStep{},
		TenantIDDifferences: []string{},
		RuledOut:            []TicketCause{},
		Open:                []TicketCause{},
		Conversation:        []string{},
		OwnChecks:           []string{},
		Problems:            []string{},
		Missing:             e.Model.TicketMissing(c),
		Generator:           generator,
	}}
	tb.parties()
	tb.history()
	tb.causes()
	tb.conversation()
	tb.t.LookedUp = ticketLookups(e.Model.Catalog, c.Lookups, lang)
	tb.problems()
	return tb.t
}

// ticketBuilder fills a ticket, section by section.
type ticketBuilder struct {
	model  *Model
	desk   Contact
	impact string
	c      *Case
	r      *Result
	lang   scenarios.Lang
	cat    *scenarios.Catalog
	t      *Ticket
}

func (tb *ticketBuilder) msg(k txt.Key, args ...string) string {
	return tb.cat.Text(k, tb.lang, args...)
}

// cut bounds what comes from the case: a record up to the size limit gives a ticket of a few
// pages.
func (tb *ticketBuilder) cut(s string, max int) string { return tb.cat.Cut(s, max, tb.lang) }

// title is a scenario as the ticket names it: the scenario titles speak to the reseller, the
// ticket to support.
func (tb *ticketBuilder) title(id scenarios.ID) string {
	if s, ok := tb.cat.Scenario(string(id)); ok {
		return s.TicketTitle.In(tb.lang)
	}
	return ""
}

// parties are the customer and the partner, the subject that names the customer, the error
// message and the notes.
func (tb *ticketBuilder) parties() {
	c, t := tb.c, tb.t
	cu, pa := c.Customer, c.Partner
	t.Customer = Customer{Name: tb.cut(cu.Name, sanitize.MaxLine), Domain: tb.cut(cu.Domain, sanitize.MaxLine),
		TenantID: tb.cut(cu.TenantID, sanitize.MaxID), ConfirmedTenantID: tb.cut(cu.ConfirmedTenantID, sanitize.MaxID),
		Country: tb.cut(cu.Country, sanitize.MaxLine)}
	t.Contact = Contact{Name: tb.cut(tb.desk.Name, sanitize.MaxLine), Email: tb.cut(tb.desk.Email, sanitize.MaxLine),
		Phone: tb.cut(tb.desk.Phone, sanitize.MaxLine)}
	t.Partner = Partner{Name: tb.cut(pa.Name, sanitize.MaxLine), PartnerID: tb.cut(pa.PartnerID, sanitize.MaxID),
		IndirectProvider: tb.cut(pa.IndirectProvider, sanitize.MaxLine), Country: tb.cut(pa.Country, sanitize.MaxLine)}
	if cu.TenantID != "" && cu.ConfirmedTenantID != "" && !tb.idsMatch() &&
		len(cu.TenantID) <= sanitize.MaxID && len(cu.ConfirmedTenantID) <= sanitize.MaxID {
		if lines, n := DescribeIDDifferences(tb.cat, cu.TenantID, cu.ConfirmedTenantID, tb.lang); n <= MaxDifferencesTold {
			t.TenantIDDifferences = lines
		}
	}
	t.ErrorMessage = tb.cut(c.ErrorMessage, sanitize.MaxText)
	t.Desk = tb.r.Route()
	if f := tb.r.facts; f != nil && f.known >= 0 {
		t.KnownError = tb.cat.Errors[f.known].Code
	}
	t.Subject = tb.subject()
	t.Request = tb.request()
	t.Notes = tb.cut(c.Notes, sanitize.MaxText)
	t.NotesLang = scenarios.GuessLang(t.Notes)
	t.Impact = tb.cut(strings.TrimSpace(tb.impact), sanitize.MaxText)
	if ref := strings.TrimSpace(c.Outcome.Reference); c.Outcome.Status == OutcomeTicketOpened && ref != "" {
		ref = tb.cut(ref, sanitize.MaxID)
		t.Reference = &ref
	}
}

// subjectErrorMax bounds the words of an unknown error text that a subject quotes: a subject
// line is read at a glance, the whole text is in the ticket.
const subjectErrorMax = 60

// subject names what failed and for whom: the known error text the message is, by its title;
// the error cspfix is about when that is the message, or when there is none; else the start of
// the case's own text. A subject quotes no error text the case does not have.
func (tb *ticketBuilder) subject() string {
	customer := tb.subjectCustomer()
	var s string
	switch f := tb.r.facts; {
	case f != nil && f.known > 0: // the first known error is the one the standard subject names
		s = tb.msg(txt.TicketSubjectKnown, "error", tb.cat.Errors[f.known].Title.In(tb.lang), "customer", customer)
	case f != nil && f.errorGiven && f.known < 0:
		text := strings.Join(strings.Fields(sanitize.Text(tb.c.ErrorMessage)), " ")
		if head, more := sanitize.Cut(text, subjectErrorMax); more > 0 {
			text = strings.TrimSpace(head) + "…"
		}
		s = tb.msg(txt.TicketSubjectText, "error", text, "customer", customer)
	default:
		s = tb.msg(txt.TicketSubject, "customer", customer)
	}
	// Without a customer to name, the subject ends with what failed.
	return strings.TrimRight(s, " :—–")
}

// request is what the ticket asks of the desk: the request of the leading scenario's evidence
// the case has, else the scenario's own, the first whose conditions hold; with nothing left to
// try, that of a scenario tried; else the general one.
func (tb *ticketBuilder) request() string {
	if tb.r.facts == nil {
		return tb.msg(txt.TicketIntro)
	}
	if text, ok := tb.requestOf(tb.r.Scenario); ok {
		return text
	}
	if tb.r.Scenario == tb.model.fallback || tb.r.Scenario == "" {
		// Support after a scenario's steps were tried, nothing else to try: the request is
		// that scenario's (the agreement was confirmed, yet the customer is still asked for it).
		for _, c := range tb.r.Candidates {
			if !c.Tried {
				continue
			}
			if text, ok := tb.requestOf(c.Scenario); ok {
				return text
			}
		}
	}
	return tb.msg(txt.TicketIntro)
}

// requestOf is the request a scenario makes of support for the case: that of its evidence
// found, else its own, in the ticket's language; false for none that holds.
func (tb *ticketBuilder) requestOf(id scenarios.ID) (string, bool) {
	s, ok := tb.cat.Scenario(string(id))
	if !ok {
		return "", false
	}
	for _, rule := range s.Evidence {
		if len(rule.TicketRequest) == 0 || !tb.r.hasEvidence(s.ID, rule.Code) {
			continue
		}
		if text, ok := tb.firstHolding(rule.TicketRequest); ok {
			return text, true
		}
	}
	return tb.firstHolding(s.TicketRequest)
}

// firstHolding is the first of list whose conditions hold for the case, in the ticket's language.
func (tb *ticketBuilder) firstHolding(list []scenarios.Step) (string, bool) {
	for _, st := range list {
		if tb.model.named(st.When, tb.r.facts) {
			return st.In(tb.lang), true
		}
	}
	return "", false
}

// subjectCustomer names the customer in the subject: by its name, else its domain, else its
// tenant ID in the canonical form; "" when the case gives none of them, or no valid ID.
func (tb *ticketBuilder) subjectCustomer() string {
	cu := tb.t.Customer
	switch id := CheckTenantID(tb.c.Customer.TenantID); {
	case strings.TrimSpace(cu.Name) != "":
		return sanitize.Text(cu.Name)
	case strings.TrimSpace(cu.Domain) != "":
		return sanitize.Exact(cu.Domain) // every character of a domain matters, as of an ID
	case id.Valid:
		return tb.msg(txt.TicketSubjectTenant, "id", id.Canonical)
	}
	return ""
}

// history is every failed attempt and every step already taken.
func (tb *ticketBuilder) history() {
	for i, a := range tb.c.Attempts {
		if i > 0 && sameMinute(tb.c.Attempts[i-1].Time, a.Time) {
			continue // one attempt recorded twice (as "now", and again after "no") is listed once
		}
		tb.t.Attempts = append(tb.t.Attempts, ticketTime(a.Time))
	}
	for _, tr := range tb.c.Tried {
		step := TicketStep{Scenario: tr.Scenario, Title: tb.title(tr.Scenario), Note: tb.cut(tr.Note, sanitize.MaxText)}
		step.NoteLang = scenarios.GuessLang(step.Note)
		if tr.At != nil {
			at := ticketTime(tr.At.Time)
			step.At = &at
		}
		tb.t.Tried = append(tb.t.Tried, step)
	}
}

// causes sorts the scenarios that can be tried, by rank, into those still open (untried
// evidence, or not checked) and those ruled out, each with its reasons.
func (tb *ticketBuilder) causes() {
	c, r := tb.c, tb.r
	candidates := map[scenarios.ID]*Candidate{}
	for i := range r.Candidates {
		candidates[r.Candidates[i].Scenario] = &r.Candidates[i]
	}
	tried := map[scenarios.ID]bool{}
	for _, tr := range c.Tried {
		tried[tr.Scenario] = true
	}
	for _, id := range tb.model.ranked {
		cause := TicketCause{Scenario: id, Title: tb.title(id)}
		switch cand := candidates[id]; {
		case cand == nil && !tried[id] && !tb.model.questioned[id]:
			// Nothing the questions ask checks it (it is found from the error text and where it
			// failed): neither open nor ruled out by the answers.
			continue
		case cand != nil && !cand.Tried:
			cause.Reasons = tb.notes(r.found, func(ev evidence) bool { return ev.rule.scenario == id })
			tb.t.Open = append(tb.t.Open, cause)
		case !tried[id] && !tb.model.checked(c, id):
			if reasons := tb.ruledOutBy(id); len(reasons) > 0 {
				// The catalog rules it out without a question: a new tenant has no entered ID.
				cause.Reasons = reasons
				tb.t.RuledOut = append(tb.t.RuledOut, cause)
				continue
			}
			cause.Reasons = []string{tb.msg(txt.TicketNotChecked)}
			tb.t.Open = append(tb.t.Open, cause)
		default:
			cause.Reasons = tb.ruledOut(id, tried[id], cand != nil)
			tb.t.RuledOut = append(tb.t.RuledOut, cause)
		}
	}
}

// ruledOut are the reasons why scenario id is ruled out.
func (tb *ticketBuilder) ruledOut(id scenarios.ID, tried, hadEvidence bool) []string {
	var reasons []string
	if tried {
		reasons = append(reasons, tb.msg(txt.TicketRuledOutTried))
	}
	if reason := tb.ruledOutBy(id); len(reason) > 0 {
		return append(reasons, reason...)
	}
	if !hadEvidence {
		reasons = append(reasons, tb.msg(txt.TicketRuledOutAnswers))
	}
	return reasons
}

// ruledOutBy is the first reason of the catalog to rule scenario id out that holds for the
// case: its text, or the ticket's words of the warning it names, when the case has it.
func (tb *ticketBuilder) ruledOutBy(id scenarios.ID) []string {
	f := tb.r.facts
	if f == nil {
		return nil
	}
	for _, ro := range tb.model.ruledOut[id] {
		switch {
		case !allHold(ro.when, f):
		case ro.text != "":
			return []string{tb.msg(ro.text)}
		case tb.r.hasWarning(ro.warning):
			return tb.notes(tb.r.warned, func(ev evidence) bool { return ev.rule.code == ro.warning })
		}
	}
	return nil
}

// idsMatch: the entered ID is the valid one the customer confirmed.
func (tb *ticketBuilder) idsMatch() bool {
	if tb.r.facts != nil {
		return tb.r.facts.idsMatch()
	}
	entered, confirmed := CheckTenantID(tb.c.Customer.TenantID), CheckTenantID(tb.c.Customer.ConfirmedTenantID)
	return entered.Valid && confirmed.Valid && entered.Canonical == confirmed.Canonical
}

// notes are the findings that keep says to, as the ticket says them.
func (tb *ticketBuilder) notes(found []evidence, keep func(evidence) bool) []string {
	var out []string
	for _, ev := range found {
		if keep(ev) {
			out = append(out, ev.ticketNote(tb.lang))
		}
	}
	return out
}

// conversation states every answer of the case as a sentence, with the time a follow-up gave:
// what the customer told us, and what we checked in our own systems.
func (tb *ticketBuilder) conversation() {
	tb.model.EachField(func(f *Field) {
		q := f.Question
		if q == nil || !f.Applies(tb.c) {
			return
		}
		st, ok := q.Statements.Get(f.Value(tb.c))
		if !ok {
			return
		}
		sentence := st.In(tb.lang)
		if at := tb.model.followUpTime(f, tb.c); at != nil {
			sentence = tb.msg(txt.TicketChangedAt, "statement", strings.TrimSuffix(sentence, "."), "time", ticketTime(at.Time).String()) + "."
		}
		if f.Ask != nil && f.Ask.Group == GroupOwnSystems {
			tb.t.OwnChecks = append(tb.t.OwnChecks, sentence)
		} else {
			tb.t.Conversation = append(tb.t.Conversation, sentence)
		}
	})
}

// problems are what to fix before sending: a Partner ID that is not all digits, places in the
// request marked to fill in (the person who accepts the agreement, the date of a confirmation).
func (tb *ticketBuilder) problems() {
	if id := strings.TrimSpace(tb.c.Partner.PartnerID); id != "" && !IsPartnerID(id) {
		tb.t.Problems = append(tb.t.Problems, tb.msg(txt.TicketProblemPartnerID, "id", tb.cat.Quote(id, sanitize.MaxID, tb.lang)))
	}
	if strings.Contains(tb.t.Request, tb.msg(txt.TicketFillInMark)) {
		tb.t.Problems = append(tb.t.Problems, tb.msg(txt.TicketProblemFillIn))
	}
}

// followUpTime is the time that a follow-up question gave to the answer of f ("when was the
// change made?"), if one applies and was given.
func (m *Model) followUpTime(f *Field, c *Case) *Time {
	for _, q := range m.questions {
		if q.Ask.After == f && q.Kind == KindTime && q.Applies(c) {
			if t, ok := q.getTime(c, 0); ok {
				return &t
			}
		}
	}
	return nil
}

// checked reports whether every fact that rules scenario id out is known.
func (m *Model) checked(c *Case, id scenarios.ID) bool {
	for _, f := range m.needed {
		if f.Checks == id && !f.Settled(c) {
			return false
		}
	}
	return true
}

// hasEvidence reports whether the case has the evidence code for scenario id.
func (r *Result) hasEvidence(id scenarios.ID, code string) bool {
	for _, ev := range r.found {
		if ev.rule.scenario == id && ev.rule.code == code {
			return true
		}
	}
	return false
}

func (r *Result) hasWarning(code string) bool {
	for _, w := range r.warned {
		if w.rule.code == code {
			return true
		}
	}
	return false
}

// sameMinute reports whether two times fall in the same minute, as the ticket shows them.
func sameMinute(a, b time.Time) bool { return a.Truncate(time.Minute).Equal(b.Truncate(time.Minute)) }
