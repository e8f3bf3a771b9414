package diagnose

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

// Time windows for a recent change (SPEC §4): within four hours it is strong evidence of a
// replication delay, up to three days weak evidence, older none.
const (
	strongDelayWindow = 4 * time.Hour
	weakDelayWindow   = 72 * time.Hour
	// clockSkew tolerates a change time a little after "now" (unsynchronised clocks).
	clockSkew = 5 * time.Minute
)

// tieOrder breaks ties between equally confident scenarios: cheapest to verify first.
var tieOrder = map[scenarios.ID]int{scenarios.C: 0, scenarios.B: 1, scenarios.A: 2, scenarios.D: 3}

// Engine applies the diagnosis rules. Now is the reference time for the recent-change windows.
type Engine struct {
	Catalog *scenarios.Catalog
	Lang    scenarios.Lang
	Now     time.Time
	// Resolver, when set, looks up the customer's domain (diagnose --online).
	Resolver Resolver
	// TicketLang is the language of the support ticket that scenario E carries (default English:
	// partner support works in English); Generator names the program in it.
	TicketLang scenarios.Lang
	Generator  string

	stepsOnce sync.Once
	steps     map[scenarios.ID][]string
}

// stepsFor are a scenario's steps in the engine's language, made once: every result of a batch
// repeats them.
func (e *Engine) stepsFor(id scenarios.ID) []string {
	e.stepsOnce.Do(func() {
		e.steps = map[scenarios.ID][]string{}
		for _, s := range e.Catalog.Scenarios {
			for _, st := range s.Steps {
				e.steps[s.ID] = append(e.steps[s.ID], st.In(e.Lang))
			}
		}
	})
	return e.steps[id]
}

// evidence is one finding before it is rendered: its scenario, strength and the arguments of
// its text. The arguments depend on the language (problem descriptions, durations), so that the
// same finding can be written in the interface language and in the ticket's.
type evidence struct {
	scenario   scenarios.ID
	confidence Confidence
	code       string
	args       func(scenarios.Lang) []string
}

// plain is the argument function for arguments that read the same in every language.
func plain(args ...string) func(scenarios.Lang) []string {
	if len(args) == 0 {
		return nil
	}
	return func(scenarios.Lang) []string { return args }
}

// Diagnose applies the rules to one case; n is its 1-based record number, used as its ID when
// the case has none.
func (e *Engine) Diagnose(c *Case, n int) Result {
	r := Result{ID: recordID(c.ID, n, e.Catalog, e.Lang), Case: c}
	found, warnings := e.collect(c)
	r.found, r.warned = found, warnings
	r.Warnings = e.notes(warnings)

	tried := map[scenarios.ID]bool{}
	for _, t := range c.Tried {
		tried[t.Scenario] = true
	}
	r.Candidates = e.candidates(found, tried)
	r.Missing = missing(c)

	switch {
	case len(r.Candidates) > 0 && !r.Candidates[0].Tried:
		r.Status, r.Scenario, r.Confidence = Diagnosed, r.Candidates[0].Scenario, r.Candidates[0].Confidence
	case readyForSupport(c):
		r.Status, r.Scenario, r.Confidence = Diagnosed, scenarios.E, Medium
		if len(c.Tried) > 0 {
			r.Confidence = High
		}
	default:
		r.Status = Incomplete
		return r
	}
	if r.Scenario == scenarios.E {
		lang := e.TicketLang
		if lang == "" {
			lang = scenarios.EN
		}
		r.Ticket = e.Ticket(c, &r, lang, e.Generator)
		for _, f := range r.Ticket.Missing {
			if !slices.Contains(r.Missing, f) {
				r.Missing = append(r.Missing, f)
			}
		}
	}
	s, _ := e.Catalog.Scenario(string(r.Scenario))
	r.Title = s.Title.In(e.Lang)
	r.Steps = slices.Clone(e.stepsFor(r.Scenario))
	return r
}

// InvalidResult is the result for a record that could not be read; lang is for the note on an
// id that was cut.
func InvalidResult(err *InputError, lang scenarios.Lang) Result {
	return Result{ID: recordID(err.CaseID, err.Record, scenarios.MustLoad(), lang), Status: Invalid, Error: err}
}

// recordID names a result: the record's id (bounded), else its number.
func recordID(id string, n int, cat *scenarios.Catalog, lang scenarios.Lang) string {
	if id != "" {
		return cat.Cut(id, sanitize.MaxLine, lang)
	}
	return "#" + strconv.Itoa(n)
}

// collect applies every evidence rule of SPEC §4.
func (e *Engine) collect(c *Case) (found, warnings []evidence) {
	add := func(s scenarios.ID, conf Confidence, code string, args func(scenarios.Lang) []string) {
		found = append(found, evidence{s, conf, code, args})
	}
	warn := func(code string, args func(scenarios.Lang) []string) {
		warnings = append(warnings, evidence{code: code, args: args})
	}
	// problems describes what is wrong with an ID; the ID itself is quoted, escaped and bounded.
	problems := func(t TenantID) func(scenarios.Lang) []string {
		return func(l scenarios.Lang) []string {
			return []string{"problems", t.ProblemsText(e.Catalog, l), "id", e.Catalog.Quote(t.Input, sanitize.MaxID, l),
				"canonical", t.Canonical}
		}
	}
	a := &c.Answers

	// C: the tenant ID.
	entered, confirmed := c.Customer.TenantID, c.Customer.ConfirmedTenantID
	var enteredID TenantID
	if entered != "" {
		enteredID = CheckTenantID(entered)
		switch {
		case enteredID.Has(ProblemDomain):
			add(scenarios.C, High, "tenant_id_is_domain", problems(enteredID))
		case enteredID.Has(ProblemInvisible, ProblemLookalike):
			add(scenarios.C, High, "tenant_id_invisible_chars", problems(enteredID))
		case !enteredID.Valid:
			add(scenarios.C, High, "tenant_id_invalid", problems(enteredID))
		case enteredID.Cosmetic():
			add(scenarios.C, Medium, "tenant_id_formatting", problems(enteredID))
		}
	}
	if confirmed != "" {
		confirmedID := CheckTenantID(confirmed)
		switch {
		case !confirmedID.Valid:
			warn("confirmed_tenant_id_invalid", problems(confirmedID))
		case enteredID.Valid && enteredID.Canonical != confirmedID.Canonical:
			add(scenarios.C, High, "tenant_id_mismatch", plain(
				"entered", enteredID.Canonical, "confirmed", confirmedID.Canonical,
				"pos", strconv.Itoa(FirstDifference(enteredID.Canonical, confirmedID.Canonical))))
		}
	} else if a.CRMDuplicates == Yes {
		add(scenarios.C, Medium, "crm_duplicates_no_confirmed_id", nil)
	}
	e.online(c, enteredID, add, warn)

	// B: a relationship with you.
	if a.PartnerCenterSearch == Found {
		add(scenarios.B, High, "partner_center_found", nil)
	}
	if a.InvitationPending == Yes {
		add(scenarios.B, High, "invitation_pending", nil)
	}
	if a.EarlierRelationshipWithYou == Yes {
		add(scenarios.B, Medium, "earlier_relationship_with_you", nil)
	}
	if a.CRMDuplicates == Yes {
		add(scenarios.B, Medium, "crm_duplicates", nil)
	}

	// A: another partner.
	if a.OtherCSP == Yes {
		add(scenarios.A, High, "other_csp", nil)
	}
	if a.DirectMicrosoft == Yes {
		add(scenarios.A, Medium, "direct_microsoft", nil)
	}
	if a.ProviderHasRelationship == Yes {
		add(scenarios.A, Medium, "provider_has_relationship", nil)
	}

	// D: a recent change.
	if a.RecentChange == Yes {
		if a.RecentChangeAt == nil {
			add(scenarios.D, Medium, "recent_change_no_time", nil)
		} else {
			at := a.RecentChangeAt.Time
			age := e.Now.Sub(at)
			args := func(l scenarios.Lang) []string {
				return []string{"ago", formatDuration(age, l), "at", FormatLocal(at)}
			}
			switch {
			case age < -clockSkew:
				warn("recent_change_in_future", args)
				add(scenarios.D, Medium, "recent_change_no_time", nil)
			case age <= strongDelayWindow:
				add(scenarios.D, High, "recent_change", args)
			case age <= weakDelayWindow:
				add(scenarios.D, Medium, "recent_change_within_72h", args)
			default:
				warn("recent_change_too_old", args)
			}
		}
	}
	return found, warnings
}

// candidates groups the evidence by scenario and orders it: untried before tried, then by
// confidence, then by the tie order.
func (e *Engine) candidates(found []evidence, tried map[scenarios.ID]bool) []Candidate {
	var out []Candidate
	index := map[scenarios.ID]int{}
	for _, ev := range found {
		i, ok := index[ev.scenario]
		if !ok {
			i = len(out)
			index[ev.scenario] = i
			out = append(out, Candidate{Scenario: ev.scenario, Tried: tried[ev.scenario]})
		}
		cand := &out[i]
		if ev.confidence.rank() > cand.Confidence.rank() {
			cand.Confidence = ev.confidence
		}
		cand.Evidence = append(cand.Evidence, e.note(ev, e.Lang))
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
		return tieOrder[a.Scenario] - tieOrder[b.Scenario]
	})
	return out
}

func (e *Engine) notes(found []evidence) []Note {
	out := make([]Note, len(found))
	for i, ev := range found {
		out[i] = e.note(ev, e.Lang)
	}
	return out
}

func (e *Engine) note(ev evidence, lang scenarios.Lang) Note {
	m, ok := e.Catalog.Message(ev.code)
	if !ok {
		// The catalog test keeps every code the rules emit in the catalog.
		panic(fmt.Sprintf("diagnose: no catalog text for %q", ev.code))
	}
	var args []string
	if ev.args != nil {
		args = ev.args(lang)
	}
	return Note{Code: ev.code, Text: scenarios.Fill(m.Text.In(lang), args...)}
}

// readyForSupport reports whether everything the diagnosis needs before it can conclude that
// nothing else fits (scenario E) is known.
func readyForSupport(c *Case) bool {
	for _, f := range Needed() {
		if f.ForE && !f.Known(c) {
			return false
		}
	}
	return true
}

// missing lists what is not known yet, cheapest to find out first, follow-ups only where they
// apply (the time of a change reported without one).
func missing(c *Case) []string {
	out := []string{}
	for _, f := range Needed() {
		if f.Applies(c) && !f.Known(c) {
			out = append(out, f.Path)
		}
	}
	return out
}
