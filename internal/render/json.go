package render

import (
	"slices"
	"strconv"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// ResultJSON writes results as JSON Lines, the layout of the README's "Output", by hand, as fast
// as a batch needs: what it writes is what encoding/json writes of the result's Go type,
// ResultDoc or InvalidDoc (Doc; a test and a fuzz target hold the two together). Every result
// repeats steps of the catalog: the JSON of each is made when it is first written and copied
// after that; up to maxSteps of them are kept, which a catalog's steps and the few a batch
// fills with the same facts stay within.
type ResultJSON struct {
	Lang    scenarios.Lang
	Catalog *scenarios.Catalog // the texts of the problems of an invalid record, the steps
	steps   map[string][]byte  // the JSON strings of the steps written so far
}

// maxSteps bounds the steps a ResultJSON keeps the JSON of: a step filled with a case's own
// facts is seldom written twice, and a batch of a million cases must not keep them all.
const maxSteps = 1024

func (w *ResultJSON) appendSteps(b []byte, r *diagnose.Result) []byte {
	b = append(b, '[')
	for i, st := range r.Steps {
		if i > 0 {
			b = append(b, ',')
		}
		if js, ok := w.steps[st]; ok {
			b = append(b, js...)
			continue
		}
		start := len(b)
		b = sanitize.AppendJSONString(b, st)
		if len(w.steps) < maxSteps {
			if w.steps == nil {
				w.steps = make(map[string][]byte, 64)
			}
			w.steps[st] = slices.Clone(b[start:])
		}
	}
	return append(b, ']')
}

// Append appends r as one line of JSON (without the newline). The layout is the README's
// "Output": every key always present, null where there is no value; an invalid record only has
// id, status, error (its first problem) and errors (all of them). Texts of an invalid record's
// messages are in lang.
func (w *ResultJSON) Append(b []byte, r *diagnose.Result) []byte {
	lang := w.Lang
	b = append(b, `{"id":`...)
	b = sanitize.AppendJSONString(b, r.ID)
	b = append(b, `,"status":`...)
	b = sanitize.AppendJSONString(b, string(r.Status))
	if r.Status == diagnose.Invalid {
		b = append(b, `,"error":`...)
		b = appendProblem(b, w.Catalog, &r.Error.Problem, lang)
		b = append(b, `,"errors":[`...)
		for i, p := range r.Error.Problems() {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendProblem(b, w.Catalog, &p, lang)
		}
		if n := r.Error.Omitted; n > 0 {
			b = append(b, `,{"message":`...)
			b = sanitize.AppendJSONString(b, w.Catalog.Text(txt.InputOmitted, lang, "n", strconv.Itoa(n)))
			b = append(b, `,"line":null,"field":null}`...)
		}
		return append(b, "]}"...)
	}
	b = append(b, `,"scenario":`...)
	b = appendNullable(b, string(r.Scenario))
	b = append(b, `,"confidence":`...)
	b = appendNullable(b, string(r.Confidence))
	b = append(b, `,"title":`...)
	b = appendNullable(b, r.Title)
	b = append(b, `,"known_error":`...)
	b = appendNullable(b, r.KnownError)
	b = append(b, `,"candidates":[`...)
	for i, c := range r.Candidates {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"scenario":`...)
		b = sanitize.AppendJSONString(b, string(c.Scenario))
		b = append(b, `,"confidence":`...)
		b = sanitize.AppendJSONString(b, string(c.Confidence))
		b = append(b, `,"tried":`...)
		b = strconv.AppendBool(b, c.Tried)
		b = append(b, `,"evidence":`...)
		b = appendNotes(b, c.Evidence)
		b = append(b, '}')
	}
	b = append(b, `],"steps":`...)
	b = w.appendSteps(b, r)
	b = append(b, `,"missing":`...)
	b = appendStrings(b, r.Missing)
	b = append(b, `,"warnings":`...)
	b = appendNotes(b, r.Warnings)
	b = appendLookups(b, r)
	b = append(b, `,"ticket":`...)
	if r.Ticket == nil {
		b = append(b, "null"...)
	} else {
		b = appendTicket(b, r.Ticket)
	}
	return append(b, '}')
}

// ResultDoc is a result as -o json writes it, a Go value: every key always there, null where
// there is no value.
type ResultDoc struct {
	ID         string               `json:"id"`
	Status     diagnose.Status      `json:"status"`
	Scenario   *scenarios.ID        `json:"scenario"`
	Confidence *diagnose.Confidence `json:"confidence"`
	Title      *string              `json:"title"`
	KnownError *string              `json:"known_error"`
	Candidates []CandidateDoc       `json:"candidates"`
	Steps      []string             `json:"steps"`
	Missing    []string             `json:"missing"`
	Warnings   []diagnose.Note      `json:"warnings"`
	Lookups    []LookupDoc          `json:"lookups,omitempty"`
	Ticket     *diagnose.Ticket     `json:"ticket"`
}

// CandidateDoc is a candidate of a ResultDoc.
type CandidateDoc struct {
	Scenario   scenarios.ID        `json:"scenario"`
	Confidence diagnose.Confidence `json:"confidence"`
	Tried      bool                `json:"tried"`
	Evidence   []diagnose.Note     `json:"evidence"`
}

// InvalidDoc is a record that is not a valid case, as -o json writes it: its first problem, and
// all of them (with, when the list is bounded, one that says how many were left out).
type InvalidDoc struct {
	ID     string       `json:"id"`
	Status string       `json:"status"`
	Error  ProblemDoc   `json:"error"`
	Errors []ProblemDoc `json:"errors"`
}

// ProblemDoc is one problem of an invalid record: its message in the language asked for, its
// line and field (null for none).
type ProblemDoc struct {
	Message string  `json:"message"`
	Line    *int    `json:"line"`
	Field   *string `json:"field"`
}

// Doc is r as a Go value whose JSON (encoding/json, HTML left unescaped) is what Append writes:
// a ResultDoc, or an InvalidDoc for an invalid record.
func (w *ResultJSON) Doc(r *diagnose.Result) any {
	nullable := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	if r.Status == diagnose.Invalid {
		problem := func(p *diagnose.Problem) ProblemDoc {
			line := p.Line
			return ProblemDoc{Message: p.Message(w.Catalog, w.Lang), Line: &line, Field: nullable(p.Field)}
		}
		d := InvalidDoc{ID: r.ID, Status: string(r.Status), Error: problem(&r.Error.Problem), Errors: []ProblemDoc{}}
		for _, p := range r.Error.Problems() {
			d.Errors = append(d.Errors, problem(&p))
		}
		if n := r.Error.Omitted; n > 0 {
			d.Errors = append(d.Errors, ProblemDoc{Message: w.Catalog.Text(txt.InputOmitted, w.Lang, "n", strconv.Itoa(n))})
		}
		return d
	}
	d := ResultDoc{ID: r.ID, Status: r.Status, Title: nullable(r.Title), KnownError: nullable(r.KnownError), Candidates: []CandidateDoc{},
		Steps: append([]string{}, r.Steps...), Missing: append([]string{}, r.Missing...),
		Warnings: append([]diagnose.Note{}, r.Warnings...), Lookups: lookupDocs(r), Ticket: r.Ticket}
	if r.Scenario != "" {
		d.Scenario = &r.Scenario
	}
	if r.Confidence != "" {
		d.Confidence = &r.Confidence
	}
	for _, c := range r.Candidates {
		d.Candidates = append(d.Candidates, CandidateDoc{Scenario: c.Scenario, Confidence: c.Confidence, Tried: c.Tried,
			Evidence: append([]diagnose.Note{}, c.Evidence...)})
	}
	return d
}

// appendProblem appends one problem of an invalid record: its message, line and field.
func appendProblem(b []byte, cat *scenarios.Catalog, p *diagnose.Problem, lang scenarios.Lang) []byte {
	b = append(b, `{"message":`...)
	b = sanitize.AppendJSONString(b, p.Message(cat, lang))
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, `,"field":`...)
	b = appendNullable(b, p.Field)
	return append(b, '}')
}

// appendTicket appends the ticket's JSON: the keys and layout its struct tags give to
// encoding/json, which a test holds it to, written by hand because a batch writes one for
// every case it sends to support.
func appendTicket(b []byte, t *diagnose.Ticket) []byte {
	return append(appendTicketFields(b, t), '}')
}

// appendTicketFields appends the ticket's object without its closing brace, so that the
// ticket command can add its text.
func appendTicketFields(b []byte, t *diagnose.Ticket) []byte {
	b = append(b, `{"id":`...)
	b = sanitize.AppendJSONString(b, t.ID)
	b = append(b, `,"lang":`...)
	b = sanitize.AppendJSONString(b, string(t.Lang))
	b = append(b, `,"subject":`...)
	b = sanitize.AppendJSONString(b, t.Subject)
	b = append(b, `,"desk":`...)
	b = sanitize.AppendJSONString(b, t.Desk)
	b = append(b, `,"error_message":`...)
	b = sanitize.AppendJSONString(b, t.ErrorMessage)
	b = append(b, `,"known_error":`...)
	b = sanitize.AppendJSONString(b, t.KnownError)
	b = append(b, `,"customer":`...)
	b = diagnose.AppendCustomerJSON(b, &t.Customer)
	b = append(b, `,"tenant_id_differences":`...)
	b = appendStrings(b, t.TenantIDDifferences)
	b = append(b, `,"partner":`...)
	b = diagnose.AppendPartnerJSON(b, &t.Partner)
	b = append(b, `,"contact":{"name":`...)
	b = sanitize.AppendJSONString(b, t.Contact.Name)
	b = append(b, `,"email":`...)
	b = sanitize.AppendJSONString(b, t.Contact.Email)
	b = append(b, `,"phone":`...)
	b = sanitize.AppendJSONString(b, t.Contact.Phone)
	b = append(b, `},"attempts":`...)
	b = appendList(b, t.Attempts, appendTicketTime)
	b = append(b, `,"tried":`...)
	b = appendList(b, t.Tried, func(b []byte, s *diagnose.TicketStep) []byte {
		b = append(b, `{"scenario":`...)
		b = sanitize.AppendJSONString(b, string(s.Scenario))
		b = append(b, `,"title":`...)
		b = sanitize.AppendJSONString(b, s.Title)
		b = append(b, `,"at":`...)
		if s.At == nil {
			b = append(b, "null"...)
		} else {
			b = appendTicketTime(b, s.At)
		}
		b = append(b, `,"note":`...)
		b = sanitize.AppendJSONString(b, s.Note)
		b = append(b, `,"note_lang":`...)
		b = sanitize.AppendJSONString(b, string(s.NoteLang))
		return append(b, '}')
	})
	b = append(b, `,"ruled_out":`...)
	b = appendList(b, t.RuledOut, appendTicketCause)
	b = append(b, `,"not_ruled_out":`...)
	b = appendList(b, t.Open, appendTicketCause)
	b = append(b, `,"conversation":`...)
	b = appendStringList(b, t.Conversation)
	b = append(b, `,"own_checks":`...)
	b = appendStringList(b, t.OwnChecks)
	b = append(b, `,"notes":`...)
	b = sanitize.AppendJSONString(b, t.Notes)
	b = append(b, `,"notes_lang":`...)
	b = sanitize.AppendJSONString(b, string(t.NotesLang))
	b = append(b, `,"impact":`...)
	b = sanitize.AppendJSONString(b, t.Impact)
	b = append(b, `,"reference":`...)
	if t.Reference == nil {
		b = append(b, "null"...)
	} else {
		b = sanitize.AppendJSONString(b, *t.Reference)
	}
	b = append(b, `,"problems":`...)
	b = appendStringList(b, t.Problems)
	b = append(b, `,"missing":`...)
	b = appendStringList(b, t.Missing)
	b = append(b, `,"generator":`...)
	b = sanitize.AppendJSONString(b, t.Generator)
	if len(t.LookedUp) > 0 {
		b = append(b, `,"looked_up":`...)
		b = appendStringList(b, t.LookedUp)
	}
	return b
}

func appendTicketTime(b []byte, t *diagnose.TicketTime) []byte {
	b = append(b, `{"local":`...)
	b = sanitize.AppendJSONString(b, t.Local)
	b = append(b, `,"utc":`...)
	b = sanitize.AppendJSONString(b, t.UTC)
	return append(b, '}')
}

func appendTicketCause(b []byte, c *diagnose.TicketCause) []byte {
	b = append(b, `{"scenario":`...)
	b = sanitize.AppendJSONString(b, string(c.Scenario))
	b = append(b, `,"title":`...)
	b = sanitize.AppendJSONString(b, c.Title)
	b = append(b, `,"reasons":`...)
	b = appendStringList(b, c.Reasons)
	return append(b, '}')
}

// appendList appends a list as encoding/json writes a slice: null when it is nil.
func appendList[T any](b []byte, list []T, item func([]byte, *T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, &list[i])
	}
	return append(b, ']')
}

func appendStringList(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	return appendStrings(b, ss)
}

func appendNotes(b []byte, notes []diagnose.Note) []byte {
	b = append(b, '[')
	for i, n := range notes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"code":`...)
		b = sanitize.AppendJSONString(b, n.Code)
		b = append(b, `,"text":`...)
		b = sanitize.AppendJSONString(b, n.Text)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = sanitize.AppendJSONString(b, s)
	}
	return append(b, ']')
}

func appendNullable(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return sanitize.AppendJSONString(b, s)
}
