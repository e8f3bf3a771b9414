// Package diagnose holds the case model, its strict decoding, the tenant-ID checks and the
// diagnosis rules. It has no UI dependencies: it is a plain library, usable without a terminal.
package diagnose

import (
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

// Case is one customer's situation: the facts of the failed attempt and the answers to the
// diagnosis questions. Every field is optional. Its JSON form is defined by the field table of
// its model (fields.go, model.go), which the decoder and MarshalJSON read.
type Case struct {
	ID       string
	Customer Customer
	Partner  Partner
	// Operation and ErrorPlace say where it failed: what the person was doing and where the
	// error appeared (scenarios.CaseValues; "" when not known).
	Operation    string
	ErrorPlace   string
	ErrorMessage string
	Attempts     []Time
	// Answers are the answers to the questions the catalog defines, read and written through
	// the fields of the model (Model.FieldAt("answers.other_csp")).
	Answers Answers
	Tried   []Tried
	// Outcome is how the case ended, when it has.
	Outcome Outcome
	Notes   string
	// RetryAt is when to try again, set when a walkthrough was paused to wait.
	RetryAt *Time
	// Schema is where an editor finds the case file's JSON Schema; cspfix keeps it, unread.
	Schema string
	// Lookups are the facts cspfix looked up in Microsoft's systems (lookups.go);
	// lookupFailures those of this run's lookups that gave no answer, for its warnings (never
	// written: only a result's own copy of the case has them).
	Lookups        []Lookup
	lookupFailures []error

	model *Model // whose fields the answers are: the decoder's, or the first one set
}

// of ties the case to the model whose fields it is read and written through.
func (c *Case) of(m *Model) {
	if c.model == nil {
		c.model = m
	}
}

// Customer identifies the customer's tenant. TenantID is the ID entered in Partner Center;
// ConfirmedTenantID is the one the customer read out of their admin center.
type Customer struct {
	Name              string
	Domain            string
	TenantID          string
	ConfirmedTenantID string
	Country           string
}

// Partner is the reseller running the diagnosis.
type Partner struct {
	Name             string
	PartnerID        string
	IndirectProvider string
	Country          string
}

// Answers are the results of the conversation with the customer and of the reseller's own
// checks, by the slot the model gives each answer: texts (and enum values) and times. A slot
// that is not there, or empty, is an answer not given.
type Answers struct {
	texts []string
	times []*Time
}

func (a *Answers) text(slot int) string {
	if slot < len(a.texts) {
		return a.texts[slot]
	}
	return ""
}

func (a *Answers) time(slot int) *Time {
	if slot < len(a.times) {
		return a.times[slot]
	}
	return nil
}

// textAt and timeAt are where an answer is stored, the slots made when there are none yet (the
// decoder makes them first, from its arena).
func (a *Answers) textAt(slot int) *string {
	if slot >= len(a.texts) {
		a.texts = append(a.texts, make([]string, slot+1-len(a.texts))...)
	}
	return &a.texts[slot]
}

func (a *Answers) timeAt(slot int) **Time {
	if slot >= len(a.times) {
		a.times = append(a.times, make([]*Time, slot+1-len(a.times))...)
	}
	return &a.times[slot]
}

// copyInto makes dst a copy of a in dst's memory.
func (a *Answers) copyInto(dst *Answers) {
	dst.texts = append(dst.texts[:0], a.texts...)
	dst.times = append(dst.times[:0], a.times...)
}

// Tried records a scenario whose remediation was done without fixing the error.
type Tried struct {
	Scenario scenarios.ID
	At       *Time
	Note     string
}

// Outcome records how a case ended: fixed by the steps of a scenario, or handed to partner
// support (with the support request's number, when known). The zero value: not ended.
type Outcome struct {
	Status    OutcomeStatus
	Scenario  scenarios.ID
	Reference string
	At        *Time
}

// OutcomeStatus is "fixed" or "ticket_opened"; the zero value means the case is still open.
type OutcomeStatus string

const (
	OutcomeFixed        OutcomeStatus = "fixed"
	OutcomeTicketOpened OutcomeStatus = "ticket_opened"
)

// Answer values the engine itself knows: what yes means to a yes/no answer.
const (
	Yes = "yes"
	No  = "no"
)

// Time is an RFC 3339 timestamp that keeps the offset it was written with.
type Time struct{ time.Time }

// MarshalJSON writes RFC 3339 with the original offset.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.Format(time.RFC3339Nano) + `"`), nil
}
