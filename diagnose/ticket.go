package diagnose

import (
	"strings"
	"time"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

// Ticket is what partner support needs to investigate a case (SPEC §7). Its texts are in the
// ticket's own language, which is independent of the interface language.
type Ticket struct {
	ID           string         `json:"id"`
	Lang         scenarios.Lang `json:"lang"`
	Subject      string         `json:"subject"`
	ErrorMessage string         `json:"error_message"`
	Customer     Customer       `json:"customer"`
	Partner      Partner        `json:"partner"`
	Attempts     []TicketTime   `json:"attempts"`
	Tried        []TicketStep   `json:"tried"`
	RuledOut     []TicketCause  `json:"ruled_out"`
	Open         []TicketCause  `json:"not_ruled_out"`
	Conversation []string       `json:"conversation"`
	Notes        string         `json:"notes"`
	Problems     []string       `json:"problems"`
	Missing      []string       `json:"missing"`
	Generator    string         `json:"generator"`
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

// TicketStep is one remediation already done without success.
type TicketStep struct {
	Scenario scenarios.ID `json:"scenario"`
	Title    string       `json:"title"`
	At       *TicketTime  `json:"at"`
	Note     string       `json:"note"`
}

// TicketCause is a scenario with the reason it is, or is not, ruled out.
type TicketCause struct {
	Scenario scenarios.ID `json:"scenario"`
	Title    string       `json:"title"`
	Reasons  []string     `json:"reasons"`
}

// TicketMissing lists the facts support cannot work without that the case lacks, in the order
// of the ticket.
func TicketMissing(c *Case) []string {
	out := []string{}
	for _, f := range TicketFacts() {
		if !f.Known(c) {
			out = append(out, f.Path)
		}
	}
	return out
}

// Ticket writes the support ticket for a case and its diagnosis r, in lang. generator names the
// program and version that wrote it.
func (e *Engine) Ticket(c *Case, r *Result, lang scenarios.Lang, generator string) *Ticket {
	cat := e.Catalog
	msg := func(code string, args ...string) string {
		m, _ := cat.Message(code)
		return scenarios.Fill(m.Text.In(lang), args...)
	}
	// The scenario titles speak to the reseller; the ticket speaks to support.
	title := func(id scenarios.ID) string { return msg("ticket.cause." + string(id)) }
	// What comes from the case is bounded: a record up to the size limit gives a ticket of a
	// few pages.
	cut := func(s string, max int) string { return cat.Cut(s, max, lang) }
	cu, pa := c.Customer, c.Partner
	cu = Customer{Name: cut(cu.Name, sanitize.MaxLine), Domain: cut(cu.Domain, sanitize.MaxLine),
		TenantID: cut(cu.TenantID, sanitize.MaxID), ConfirmedTenantID: cut(cu.ConfirmedTenantID, sanitize.MaxID),
		Country: cut(cu.Country, sanitize.MaxLine)}
	pa = Partner{Name: cut(pa.Name, sanitize.MaxLine), PartnerID: cut(pa.PartnerID, sanitize.MaxID),
		IndirectProvider: cut(pa.IndirectProvider, sanitize.MaxLine), Country: cut(pa.Country, sanitize.MaxLine)}
	customer := cu.Name
	if customer == "" {
		customer = cu.Domain
	}
	if customer == "" {
		customer = cu.TenantID
	}
	t := &Ticket{
		ID:           r.ID,
		Lang:         lang,
		Subject:      strings.TrimSuffix(msg("ticket.subject", "customer", customer), ": "),
		ErrorMessage: cut(c.ErrorMessage, sanitize.MaxText),
		Customer:     cu,
		Partner:      pa,
		Attempts:     []TicketTime{},
		Tried:        []TicketStep{},
		RuledOut:     []TicketCause{},
		Open:         []TicketCause{},
		Conversation: []string{},
		Notes:        cut(c.Notes, sanitize.MaxText),
		Problems:     []string{},
		Missing:      TicketMissing(c),
		Generator:    generator,
	}
	for _, a := range c.Attempts {
		t.Attempts = append(t.Attempts, ticketTime(a.Time))
	}
	for _, tr := range c.Tried {
		step := TicketStep{Scenario: tr.Scenario, Title: title(tr.Scenario), Note: cut(tr.Note, sanitize.MaxText)}
		if tr.At != nil {
			at := ticketTime(tr.At.Time)
			step.At = &at
		}
		t.Tried = append(t.Tried, step)
	}

	// Each of A–D is either still open (untried evidence), or ruled out with its reasons.
	evidence := map[scenarios.ID]*Candidate{}
	for i := range r.Candidates {
		evidence[r.Candidates[i].Scenario] = &r.Candidates[i]
	}
	tried := map[scenarios.ID]bool{}
	for _, tr := range c.Tried {
		tried[tr.Scenario] = true
	}
	entered, confirmed := CheckTenantID(c.Customer.TenantID), CheckTenantID(c.Customer.ConfirmedTenantID)
	for _, id := range []scenarios.ID{scenarios.C, scenarios.B, scenarios.A, scenarios.D} {
		cause := TicketCause{Scenario: id, Title: title(id)}
		if cand := evidence[id]; cand != nil && !cand.Tried {
			for _, ev := range r.found {
				if ev.rule.scenario == id {
					cause.Reasons = append(cause.Reasons, ev.note(lang).Text)
				}
			}
			t.Open = append(t.Open, cause)
			continue
		}
		if !tried[id] && !checked(c, id) {
			cause.Reasons = append(cause.Reasons, msg("ticket.not_checked"))
			t.Open = append(t.Open, cause)
			continue
		}
		if tried[id] {
			cause.Reasons = append(cause.Reasons, msg("ticket.ruled_out.tried"))
		}
		switch {
		case id == scenarios.C && entered.Valid && confirmed.Valid && entered.Canonical == confirmed.Canonical:
			cause.Reasons = append(cause.Reasons, msg("ticket.ruled_out.ids_match"))
		case id == scenarios.D && r.hasWarning("recent_change_too_old"):
			for _, w := range r.warned {
				if w.rule.code == "recent_change_too_old" {
					cause.Reasons = append(cause.Reasons, w.note(lang).Text)
				}
			}
		case evidence[id] == nil:
			cause.Reasons = append(cause.Reasons, msg("ticket.ruled_out.answers"))
		}
		t.RuledOut = append(t.RuledOut, cause)
	}

	EachField(func(f *Field) {
		q, ok := cat.Question(f.Path)
		if !ok {
			return
		}
		st, ok := q.Statements[f.Value(c)]
		if !ok {
			return
		}
		sentence := st.In(lang)
		if at := followUpTime(f, c); at != nil {
			sentence = msg("ticket.changed_at", "statement", strings.TrimSuffix(sentence, "."), "time", ticketTime(at.Time).String()) + "."
		}
		t.Conversation = append(t.Conversation, sentence)
	})
	if id := strings.TrimSpace(c.Partner.PartnerID); id != "" && strings.Trim(id, "0123456789") != "" {
		t.Problems = append(t.Problems, msg("ticket.problem.partner_id", "id", cat.Quote(id, sanitize.MaxID, lang)))
	}
	return t
}

// followUpTime is the time that a follow-up question gave to the answer of f ("when was the
// change made?"), if one applies and was given.
func followUpTime(f *Field, c *Case) *Time {
	for _, q := range Questions() {
		if q.Ask.After == f && q.Kind == KindTime && q.Applies(c) {
			if t, ok := q.getTime(c, 0); ok {
				return &t
			}
		}
	}
	return nil
}

// checked reports whether every fact that rules scenario id out is known.
func checked(c *Case, id scenarios.ID) bool {
	for _, f := range Needed() {
		if f.Checks == id && !f.Known(c) {
			return false
		}
	}
	return true
}

func (r *Result) hasWarning(code string) bool {
	for _, w := range r.warned {
		if w.rule.code == code {
			return true
		}
	}
	return false
}
