package diagnose

import (
	"slices"
	"strconv"
	"time"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

// Engine applies the diagnosis rules of a model. Now is the reference time for the
// recent-change windows.
type Engine struct {
	Model *Model
	Lang  scenarios.Lang
	Now   time.Time
	// Looker, when set, looks each case up in Microsoft's systems (diagnose --online): what comes
	// back joins the result's copy of the case (lookups.go).
	Looker Looker
	// TicketLang is the language of the support ticket that scenario E carries (default English:
	// partner support works in English); Generator names the program in it.
	TicketLang scenarios.Lang
	Generator  string
	// Desk is the desk's own facts from its settings: the ticket takes the partner's facts the
	// case does not give from here, and its contact person. The diagnosis never reads it.
	Desk Desk
	// Impact is what the error costs, as the ticket states it (ticket --impact); "" for none.
	Impact string

	// The steps every diagnosis repeats, the reseller's and the customer's, by language: each
	// prepared once, when first needed (stepsOf).
	steps, customerSteps [maxLangs]preparedSteps
}

// Desk is what the settings say about the reseller and the person who writes to support.
type Desk struct {
	Partner Partner
	Contact Contact
}

// Contact is the person partner support and the customer reply to.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// lang is the engine's language, English when it names none the catalog has.
func (e *Engine) lang() scenarios.Lang {
	if e.Lang == scenarios.DE {
		return scenarios.DE
	}
	return scenarios.EN
}

// Diagnose applies the rules to one case; n is its 1-based record number, used as its ID when
// the case has none. The result keeps its own copy of the case: the caller may reuse c.
func (e *Engine) Diagnose(c *Case, n int) Result {
	var r Result
	e.DiagnoseInto(&r, c, n)
	return r
}

// DiagnoseInto is Diagnose writing into r and reusing the memory r holds from an earlier
// result, which it overwrites: a batch that is done with each result before it diagnoses the
// next case allocates only what is new about the case (README "Performance").
func (e *Engine) DiagnoseInto(r *Result, c *Case, n int) {
	var looked Looked
	if e.Looker != nil {
		looked = e.Looker.Look(c)
	}
	d := r.own
	if d == nil {
		d = new(diagnosis)
	}
	answers := d.c.Answers // the memory of the last case's answers, reused
	d.c = *c
	c.Answers.copyInto(&answers)
	d.c.Answers = answers
	if len(looked.Lookups) > 0 {
		d.c.Lookups = MergeLookups(c.Lookups, looked.Lookups)
	}
	d.c.lookupFailures = looked.Failures
	c = &d.c
	*r = Result{ID: recordID(c.ID, n, e.Model.Catalog, e.Lang), Case: c, own: d,
		Candidates: r.Candidates[:0], Steps: r.Steps[:0], Missing: r.Missing[:0], Warnings: r.Warnings[:0],
		found: r.found[:0], warned: r.warned[:0], notes: r.notes[:0], text: r.text, held: r.held}
	f := &d.f
	e.factsInto(f, c, &d.em)
	r.facts = f
	if f.known >= 0 {
		r.KnownError = e.Model.Catalog.Errors[f.known].Code
	}
	r.found, r.warned, r.held = e.collect(f, r.found, r.warned, r.held)
	r.Warnings, r.text = e.appendNotes(r.Warnings, r.warned, r.text)

	var tried uint64 // by the scenario's index
	for i := range c.Tried {
		if j, ok := e.Model.index[c.Tried[i].Scenario]; ok && (f.earlyTry == nil || !f.triedTooEarly(&c.Tried[i])) {
			tried |= 1 << j
		}
	}
	r.Candidates, r.notes, r.text = e.candidates(r.Candidates, r.notes, r.found, tried, r.text)
	r.Missing = appendMissing(r.Missing, f)

	switch {
	case c.Outcome.Status == OutcomeFixed:
		// Nothing is left to do or to find out.
		r.Status, r.Scenario, r.Missing = Resolved, c.Outcome.Scenario, r.Missing[:0]
		if s, ok := e.Model.Catalog.Scenario(string(r.Scenario)); ok {
			r.Title = s.Title.In(e.Lang)
		}
		return
	case c.Outcome.Status == OutcomeTicketOpened:
		r.Status, r.Scenario, r.Confidence = Diagnosed, e.Model.fallback, High
	case len(r.Candidates) > 0 && !r.Candidates[0].Tried:
		r.Status, r.Scenario, r.Confidence = Diagnosed, r.Candidates[0].Scenario, r.Candidates[0].Confidence
	case readyForSupport(f):
		r.Status, r.Scenario, r.Confidence = Diagnosed, e.Model.fallback, Medium
		if len(c.Tried) > 0 {
			r.Confidence = High
		}
	default:
		r.Status = Incomplete
		return
	}
	if r.Scenario == e.Model.fallback {
		lang := e.TicketLang
		if lang == "" {
			lang = scenarios.EN
		}
		r.Ticket = e.Ticket(c, r, lang, e.Generator)
		for _, f := range r.Ticket.Missing {
			if !slices.Contains(r.Missing, f) {
				r.Missing = append(r.Missing, f)
			}
		}
	}
	s, _ := e.Model.Catalog.Scenario(string(r.Scenario))
	r.Title = s.Title.In(e.Lang)
	r.Steps = e.appendSteps(r.Steps, r.Scenario, f)
}

// InvalidResult is the result for a record of the model that could not be read; lang is for the
// note on an id that was cut.
func (m *Model) InvalidResult(err *InputError, lang scenarios.Lang) Result {
	return Result{ID: recordID(err.CaseID, err.Record, m.Catalog, lang), Status: Invalid, Error: err}
}

// recordID names a result: the record's id (bounded), else its number.
func recordID(id string, n int, cat *scenarios.Catalog, lang scenarios.Lang) string {
	if id != "" {
		return cat.Cut(id, sanitize.MaxLine, lang)
	}
	return "#" + strconv.Itoa(n)
}

// candidates groups the evidence by scenario and orders it: untried before tried, then by
// confidence, then by rank (tried has a bit for each scenario tried, by its index). The rules of a scenario are neighbours in the table, so
// the notes of all candidates share one array. It appends to out and notes, and returns them
// with buf, the memory for the texts (appendNotes).
func (e *Engine) candidates(out []Candidate, notes []Note, found []evidence, tried uint64, buf []byte) ([]Candidate, []Note, []byte) {
	notes, buf = e.appendNotes(notes, found, buf)
	start := 0 // the first note of the last candidate
	for i, ev := range found {
		if n := len(out); n == 0 || out[n-1].Scenario != ev.rule.scenario {
			out = append(out, Candidate{Scenario: ev.rule.scenario, Tried: tried&(1<<e.Model.index[ev.rule.scenario]) != 0})
			start = i
		}
		cand := &out[len(out)-1]
		if ev.rule.confidence.rank() > cand.Confidence.rank() {
			cand.Confidence = ev.rule.confidence
		}
		cand.Evidence = notes[start : i+1 : i+1]
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		if a.Tried != b.Tried {
			if a.Tried {
				return 1
			}
			return -1
		}
		if a.Confidence != b.Confidence {
			return b.Confidence.rank() - a.Confidence.rank()
		}
		return e.Model.rankOf(a.Scenario) - e.Model.rankOf(b.Scenario)
	})
	return out, notes, buf
}

// appendNotes appends the findings, written in the engine's language, to out. The texts
// filled in for the case are written one after another into buf, and become one string:
// one allocation for all of them. It returns out and buf, for reuse.
func (e *Engine) appendNotes(out []Note, found []evidence, buf []byte) ([]Note, []byte) {
	lang := e.lang()
	first, buf := len(out), buf[:0]
	var few [16]int
	ends := few[:0] // where each filled text ends in buf
	for _, ev := range found {
		text := ev.rule.text.In(lang)
		if ev.rule.arg != nil {
			buf = ev.appendText(buf, e.Lang, text)
			text, ends = "", append(ends, len(buf))
		}
		out = append(out, Note{Code: ev.rule.code, Text: text, Fixed: ev.rule.arg == nil})
	}
	if len(ends) > 0 {
		all, start := string(buf), 0
		for i, ev := range found {
			if ev.rule.arg != nil {
				out[first+i].Text, start, ends = all[start:ends[0]], ends[0], ends[1:]
			}
		}
	}
	return out, buf
}

// readyForSupport reports whether everything the diagnosis needs before it can conclude that
// nothing else fits (scenario E) is known: a confirmed ID only counts when it is a valid one.
func readyForSupport(f *facts) bool {
	for _, field := range f.model.needed {
		if field.BeforeFallback && !f.settledOrLookedUp(field) {
			return false
		}
	}
	return true
}

// appendMissing appends what is not known yet, cheapest to find out first, follow-ups only
// where they apply (the time of a change reported without one).
func appendMissing(out []string, f *facts) []string {
	for _, field := range f.model.needed {
		if field.applies(f.c, f.known) && !f.settledOrLookedUp(field) {
			out = append(out, field.Path)
		}
	}
	return out
}
