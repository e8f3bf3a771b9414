package diagnose

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

// The evidence rules (README "How the diagnosis decides") are a table: each row says when it
// holds for a case, which scenario it lends which confidence (or that it is a warning), its
// stable code, and the arguments of its text. The rows are applied in order, which is also the
// order in which a scenario's evidence is listed.

// Time windows between a recent change and the last failure: up to four hours is strong
// evidence of a replication delay, up to three days weak evidence, longer none. Microsoft
// publishes no such figure: they are cspfix's own rule of thumb (docs/sources.md).
const (
	strongDelayWindow = 4 * time.Hour
	weakDelayWindow   = 72 * time.Hour
	// clockSkew is how far apart two clocks may be: a change up to five minutes after the last
	// failure counts as before it, and a time up to five minutes after now is not in the future.
	clockSkew = 5 * time.Minute
)

// delay classifies a recent change by its distance to the last failure.
type delay uint8

const (
	delayNone   delay = iota // no recent change reported
	delayNoTime              // reported, without a usable time
	delayStrong              // 0–4 h before the last failure (or up to clockSkew after it)
	delayWeak                // 4–72 h before it
	delayAfter               // after the last failure
	delayTooOld              // more than 72 h before it
)

// facts are what the rules look at, worked out once per case.
type facts struct {
	c     *Case
	model *Model
	cat   *scenarios.Catalog
	now   time.Time

	entered, confirmed           TenantID
	enteredGiven, confirmedGiven bool
	confirmedValid               bool // a confirmed ID that is a valid tenant ID

	// The answers the rules read ("" for not given); the follow-ups counted only when the
	// answer they follow is yes.
	a answerValues

	// The recent change, measured to the last failure: the latest failed attempt or tried step,
	// else now (failureRecorded false).
	delay           delay
	changeAt        time.Time
	failure         time.Time
	failureRecorded bool
	gap             time.Duration // from the change to the last failure

	future int // how many of the case's times lie in the future

	// earlyTry is the latest try of the steps of a scenario with a waiting time (a replication
	// delay) that came before the waiting time ended, when no try came after it (that try does
	// not rule the scenario out); earlyEnd is when the waiting time ended.
	earlyTry *Time
	earlyEnd time.Time

	// invitationLink says, for a message to the customer, that it ends with the invitation link.
	invitationLink bool

	customerRegion, partnerRegion *scenarios.Region

	// The lookup of the customer's domain (diagnose --online): its result or its error.
	domain    string // as the texts show it
	resolved  *Resolution
	lookupErr error
}

// settled is field.Settled for the case, with the confirmed tenant ID's check already made.
func (f *facts) settled(field *Field) bool {
	if field.Ask != nil && field.Ask.Confirms != nil && field.Path == confirmedPath {
		return f.confirmedValid
	}
	return field.Settled(f.c)
}

const confirmedPath = "customer.confirmed_tenant_id"

// delayEvidence reports whether the recent change is evidence for D.
func (f *facts) delayEvidence() bool {
	return f.delay != delayNone && f.delay != delayTooOld
}

// beingRemoved: the other partner was just removed, and the delay explains the error better.
func (f *facts) beingRemoved() bool {
	return f.a.changeKind == "partner_removed" && f.delayEvidence()
}

// idsMatch: the entered ID is the valid one the customer confirmed.
func (f *facts) idsMatch() bool {
	return f.confirmedValid && f.entered.Valid && f.entered.Canonical == f.confirmed.Canonical
}

// answerValues are the answers the rules read, as the case file writes them ("" when not
// given).
type answerValues struct {
	otherCSP, partnerKind, directMicrosoft, earlierRelationship, invitationPending string
	recentChange, changeKind, crmDuplicates, search, providerHasRelationship       string
	changeAt                                                                       *Time
}

// read takes the answers of c through the model's fields: a follow-up only where it counts.
func (a *answerValues) read(m *Model, c *Case) {
	ans := &m.ans
	get := func(f *Field) string {
		if !f.Counts(c) {
			return ""
		}
		return f.get(c, 0)
	}
	*a = answerValues{otherCSP: get(ans.otherCSP), partnerKind: get(ans.otherPartnerKind), directMicrosoft: get(ans.directMicrosoft),
		earlierRelationship: get(ans.earlierRelationship), invitationPending: get(ans.invitationPending),
		recentChange: get(ans.recentChange), changeKind: get(ans.changeKind), crmDuplicates: get(ans.crmDuplicates),
		search: get(ans.partnerCenterSearch), providerHasRelationship: get(ans.providerHasRelationship)}
	if t, ok := ans.recentChangeAt.getTime(c, 0); ok {
		a.changeAt = &t
	}
}

// rule is one row of the table.
type rule struct {
	scenario   scenarios.ID // "" for a warning
	confidence Confidence
	code       string
	holds      func(f *facts) bool
	// arg appends the value of a placeholder of the rule's text; only those the text has are
	// asked for.
	arg func(b []byte, f *facts, lang scenarios.Lang, name string) []byte
}

// evidence is a rule that held for a case: it is written in a language only when a result or a
// ticket needs it.
type evidence struct {
	rule  *rule
	f     *facts
	index int // of the rule in evidenceRules, for the texts an engine prepares
}

var evidenceRules = []rule{
	// C: the tenant ID.
	{scenarios.C, High, "tenant_id_is_domain", func(f *facts) bool {
		return f.enteredGiven && f.entered.Has(ProblemDomain)
	}, enteredProblems},
	{scenarios.C, High, "tenant_id_invisible_chars", func(f *facts) bool {
		return f.enteredGiven && !f.entered.Has(ProblemDomain) && f.entered.Has(ProblemInvisible, ProblemLookalike)
	}, enteredProblems},
	{scenarios.C, High, "tenant_id_invalid", func(f *facts) bool {
		return f.enteredGiven && !f.entered.Has(ProblemDomain, ProblemInvisible, ProblemLookalike) && !f.entered.Valid
	}, enteredProblems},
	{scenarios.C, Medium, "tenant_id_formatting", func(f *facts) bool {
		return f.enteredGiven && f.entered.Cosmetic()
	}, enteredProblems},
	{scenarios.C, High, "tenant_id_mismatch", func(f *facts) bool {
		return f.confirmedValid && f.entered.Valid && f.entered.Canonical != f.confirmed.Canonical
	}, func(b []byte, f *facts, _ scenarios.Lang, name string) []byte {
		switch name {
		case "entered":
			return append(b, f.entered.Canonical...)
		case "confirmed":
			return append(b, f.confirmed.Canonical...)
		}
		return strconv.AppendInt(b, int64(FirstDifference(f.entered.Canonical, f.confirmed.Canonical)), 10)
	}},
	{scenarios.C, Medium, "confirmed_tenant_id_invalid", func(f *facts) bool {
		return f.confirmedGiven && !f.confirmed.Valid
	}, func(b []byte, f *facts, l scenarios.Lang, name string) []byte {
		return problemArg(b, f, f.confirmed, l, name)
	}},
	{scenarios.C, Medium, "crm_duplicates_no_confirmed_id", func(f *facts) bool {
		return !f.confirmedValid && f.a.crmDuplicates == Yes
	}, nil},
	{scenarios.C, Medium, "new_tenant", func(f *facts) bool {
		return f.a.changeKind == "new_tenant" && !f.idsMatch()
	}, nil},

	// C and warnings from the lookup of the customer's domain (diagnose --online).
	{scenarios.C, High, "domain_resolves_elsewhere", func(f *facts) bool {
		return f.resolved != nil && f.entered.Valid && f.resolved.TenantID != f.entered.Canonical
	}, func(b []byte, f *facts, _ scenarios.Lang, name string) []byte {
		switch name {
		case "resolved":
			return append(b, f.resolved.TenantID...)
		case "entered":
			return append(b, f.entered.Canonical...)
		}
		return append(b, f.domain...)
	}},
	{"", "", "domain_not_found", func(f *facts) bool { return lookupKind(f.lookupErr) == LookupNotFound }, domainArgs},
	{"", "", "online_lookup_failed", func(f *facts) bool {
		return f.lookupErr != nil && lookupKind(f.lookupErr) != LookupNotFound
	}, func(b []byte, f *facts, l scenarios.Lang, name string) []byte {
		if name == "domain" {
			return append(b, f.domain...)
		}
		var le *LookupError
		if errors.As(f.lookupErr, &le) {
			return append(b, le.Message(f.cat, l)...)
		}
		return append(b, f.lookupErr.Error()...)
	}},
	{"", "", "cloud_us_government", func(f *facts) bool {
		return f.resolved != nil && f.resolved.Cloud() == CloudUSGovernment
	}, domainArgs},
	{"", "", "cloud_china", func(f *facts) bool { return f.resolved != nil && f.resolved.Cloud() == CloudChina }, domainArgs},

	// B: a relationship with you. A search of the customer list that found nothing outweighs
	// the memory of an earlier relationship.
	{scenarios.B, High, "partner_center_found", func(f *facts) bool { return f.a.search == "found" }, nil},
	{scenarios.B, High, "invitation_pending", func(f *facts) bool { return f.a.invitationPending == Yes }, nil},
	{scenarios.B, Medium, "earlier_relationship_with_you", func(f *facts) bool {
		return f.a.earlierRelationship == Yes && f.a.search != "not_found"
	}, nil},
	{scenarios.B, Medium, "crm_duplicates", func(f *facts) bool {
		return f.a.crmDuplicates == Yes && f.a.search != "not_found"
	}, nil},
	{scenarios.B, Medium, "invitation_accepted_recently", func(f *facts) bool {
		return f.a.changeKind == "invitation_accepted"
	}, nil},
	{"", "", "earlier_relationship_not_in_list", func(f *facts) bool {
		return f.a.earlierRelationship == Yes && f.a.search == "not_found"
	}, nil},

	// A: another partner. One that was just removed counts less than the delay after it.
	{scenarios.A, High, "other_csp", func(f *facts) bool {
		return f.a.otherCSP == Yes && !f.beingRemoved() &&
			f.a.partnerKind != "syndication" && f.a.partnerKind != "your_provider"
	}, nil},
	{scenarios.A, High, "other_partner_syndication", func(f *facts) bool {
		return f.a.partnerKind == "syndication" && !f.beingRemoved()
	}, nil},
	{scenarios.A, High, "other_partner_is_your_provider", func(f *facts) bool {
		return f.a.partnerKind == "your_provider" && !f.beingRemoved()
	}, nil},
	{scenarios.A, Medium, "other_partner_being_removed", func(f *facts) bool {
		return f.a.otherCSP == Yes && f.beingRemoved()
	}, nil},
	{scenarios.A, Medium, "direct_microsoft", func(f *facts) bool { return f.a.directMicrosoft == Yes }, nil},
	{scenarios.A, Medium, "provider_has_relationship", func(f *facts) bool {
		return f.a.providerHasRelationship == Yes
	}, nil},

	// D: a recent change, measured to the last failure.
	{scenarios.D, High, "recent_change", func(f *facts) bool { return f.delay == delayStrong }, changeArgs},
	{scenarios.D, Medium, "recent_change_within_72h", func(f *facts) bool { return f.delay == delayWeak }, changeArgs},
	{scenarios.D, Medium, "change_after_last_attempt", func(f *facts) bool { return f.delay == delayAfter }, changeArgs},
	{scenarios.D, Medium, "recent_change_no_time", func(f *facts) bool { return f.delay == delayNoTime }, nil},
	{"", "", "recent_change_too_old", func(f *facts) bool { return f.delay == delayTooOld }, changeArgs},

	{"", "", "tried_too_early", func(f *facts) bool { return f.earlyTry != nil }, func(b []byte, f *facts, _ scenarios.Lang, name string) []byte {
		if name == "tried" {
			return appendLocal(b, f.earlyTry.Time)
		}
		return appendLocal(b, f.earlyEnd)
	}},

	// Warnings about the case as a whole.
	{"", "", "different_region", func(f *facts) bool {
		return f.customerRegion != nil && f.partnerRegion != nil && f.customerRegion.ID != f.partnerRegion.ID
	}, func(b []byte, f *facts, l scenarios.Lang, name string) []byte {
		switch name {
		case "customer_country":
			return append(b, strings.ToUpper(strings.TrimSpace(f.c.Customer.Country))...)
		case "partner_country":
			return append(b, strings.ToUpper(strings.TrimSpace(f.c.Partner.Country))...)
		case "customer_region":
			return append(b, f.customerRegion.Name.In(l)...)
		}
		return append(b, f.partnerRegion.Name.In(l)...)
	}},
	{"", "", "time_in_future", func(f *facts) bool { return f.future > 0 }, futureArgs},
}

// enteredProblems gives the placeholders of the texts about the entered ID.
func enteredProblems(b []byte, f *facts, l scenarios.Lang, name string) []byte {
	return problemArg(b, f, f.entered, l, name)
}

// problemArg appends what is wrong with an ID ("problems"), the ID itself quoted, escaped and
// bounded ("id"), or its canonical form.
func problemArg(b []byte, f *facts, t TenantID, l scenarios.Lang, name string) []byte {
	switch name {
	case "problems":
		return t.appendProblemsText(b, f.cat, l)
	case "id":
		return append(b, f.cat.Quote(t.Input, sanitize.MaxID, l)...)
	}
	return append(b, t.Canonical...)
}

func domainArgs(b []byte, f *facts, _ scenarios.Lang, _ string) []byte { return append(b, f.domain...) }

// changeArgs are the time of the change ("at"), its distance to the last failure ("gap") and
// the last failure in words ("failed").
func changeArgs(b []byte, f *facts, l scenarios.Lang, name string) []byte {
	switch name {
	case "gap":
		return append(b, formatDuration(f.gap, l)...)
	case "failed":
		if !f.failureRecorded {
			return append(b, f.cat.Text("failure.now", l)...)
		}
		text, _ := f.cat.Lookup("failure.attempt", l)
		return scenarios.AppendFill(b, text, func(b []byte, name string) ([]byte, bool) {
			if name != "time" {
				return b, false
			}
			return appendLocal(b, f.failure), true
		})
	}
	return appendLocal(b, f.changeAt)
}

// maxFutureListed bounds the list of times in the future: a case may hold thousands.
const maxFutureListed = 3

// futureArgs lists the times that lie in the future, in words.
func futureArgs(b []byte, f *facts, l scenarios.Lang, _ string) []byte {
	var list []string
	add := func(code string, t time.Time) {
		if t.After(f.now.Add(clockSkew)) && len(list) < maxFutureListed {
			list = append(list, f.cat.Text(code, l, "time", FormatLocal(t)))
		}
	}
	if at := f.a.changeAt; at != nil && f.a.recentChange == Yes {
		add("time.recent_change_at", at.Time)
	}
	for _, t := range f.c.Attempts {
		add("time.attempt", t.Time)
	}
	for _, t := range f.c.Tried {
		if t.At != nil {
			add("time.tried", t.At.Time)
		}
	}
	if f.c.Outcome.At != nil {
		add("time.outcome", f.c.Outcome.At.Time)
	}
	if more := f.future - len(list); more > 0 {
		list = append(list, f.cat.Text("time.more", l, "n", strconv.Itoa(more)))
	}
	return append(b, strings.Join(list, ", ")...)
}

func lookupKind(err error) LookupKind {
	if err == nil {
		return "" // every case without a lookup: errors.As would cost an allocation
	}
	var le *LookupError
	if errors.As(err, &le) {
		return le.Kind
	}
	return ""
}

// diagnosis is a result's own copy of its case and the facts about it, allocated together.
type diagnosis struct {
	c Case
	f facts
}

// factsInto works out what the rules look at in c.
func (e *Engine) factsInto(f *facts, c *Case) {
	*f = facts{c: c, model: e.Model, cat: e.Model.Catalog, now: e.Now}
	if c.Customer.TenantID != "" {
		f.enteredGiven, f.entered = true, CheckTenantID(c.Customer.TenantID)
	}
	if c.Customer.ConfirmedTenantID != "" {
		f.confirmedGiven, f.confirmed = true, CheckTenantID(c.Customer.ConfirmedTenantID)
		f.confirmedValid = f.confirmed.Valid
	}
	f.a.read(e.Model, c)
	f.lastFailure()
	f.countFuture()
	f.classifyDelay()
	f.findEarlyTry()
	if c.Customer.Country != "" && c.Partner.Country != "" {
		f.customerRegion, _ = e.Model.Catalog.RegionOf(c.Customer.Country)
		f.partnerRegion, _ = e.Model.Catalog.RegionOf(c.Partner.Country)
	}
	if domain := strings.TrimSpace(c.Customer.Domain); e.Resolver != nil && domain != "" {
		f.domain = sanitize.Exact(cut(domain))
		res, err := e.Resolver.Resolve(domain)
		if err != nil {
			f.lookupErr = err
		} else {
			f.resolved = &res
		}
	}
}

// lastFailure finds the latest failed attempt or tried step; without one, the failure is now.
func (f *facts) lastFailure() {
	f.failure = f.now
	latest := func(t time.Time) {
		if !f.failureRecorded || t.After(f.failure) {
			f.failure, f.failureRecorded = t, true
		}
	}
	for _, t := range f.c.Attempts {
		latest(t.Time)
	}
	for _, t := range f.c.Tried {
		if t.At != nil {
			latest(t.At.Time)
		}
	}
}

// triedTooEarly reports whether a try of a replication delay's steps came before the waiting
// time after the change ended: it says nothing about the delay (README "How the diagnosis
// decides").
func (f *facts) triedTooEarly(t *Tried) bool {
	end, ok := f.model.WaitEnds(f.c, t.Scenario)
	return ok && t.At != nil && t.At.Before(end)
}

// findEarlyTry finds the latest try of the steps of a scenario with a waiting time that came
// too early, unless one came in time (or without a time, which counts as one in time).
func (f *facts) findEarlyTry() {
	for i := range f.c.Tried {
		t := &f.c.Tried[i]
		if _, waits := f.model.waits[t.Scenario]; !waits {
			continue
		}
		if !f.triedTooEarly(t) {
			f.earlyTry = nil
			return
		}
		if f.earlyTry == nil || t.At.After(f.earlyTry.Time) {
			f.earlyTry = t.At
			f.earlyEnd, _ = f.model.WaitEnds(f.c, t.Scenario)
		}
	}
}

// countFuture counts the times that lie further in the future than clocks drift apart.
func (f *facts) countFuture() {
	limit := f.now.Add(clockSkew)
	count := func(t time.Time) {
		if t.After(limit) {
			f.future++
		}
	}
	if at := f.a.changeAt; at != nil && f.a.recentChange == Yes {
		count(at.Time)
	}
	for _, t := range f.c.Attempts {
		count(t.Time)
	}
	for _, t := range f.c.Tried {
		if t.At != nil {
			count(t.At.Time)
		}
	}
	if f.c.Outcome.At != nil {
		count(f.c.Outcome.At.Time)
	}
}

// classifyDelay measures the recent change to the last failure. A change time in the future
// is unusable: the change counts as one without a time (and time_in_future says why).
func (f *facts) classifyDelay() {
	a := &f.a
	switch {
	case a.recentChange != Yes:
		return
	case a.changeAt == nil || a.changeAt.After(f.now.Add(clockSkew)):
		f.delay = delayNoTime
		return
	}
	f.changeAt = a.changeAt.Time
	f.gap = f.failure.Sub(f.changeAt)
	switch {
	case f.gap < -clockSkew:
		f.delay = delayAfter
	case f.gap <= strongDelayWindow:
		f.delay = delayStrong
	case f.gap <= weakDelayWindow:
		f.delay = delayWeak
	default:
		f.delay = delayTooOld
	}
}

// collect applies the rules to the case of f, appending the evidence to found and the
// warnings to warnings.
func (e *Engine) collect(f *facts, found, warnings []evidence) ([]evidence, []evidence) {
	for i := range evidenceRules {
		r := &evidenceRules[i]
		if !r.holds(f) {
			continue
		}
		if r.scenario == "" {
			warnings = append(warnings, evidence{r, f, i})
		} else {
			found = append(found, evidence{r, f, i})
		}
	}
	return found, warnings
}

// note writes a finding in lang; text is the rule's catalog text in lang.
func (ev evidence) note(lang scenarios.Lang, text string) Note {
	if ev.rule.arg != nil {
		text = string(ev.appendText(nil, lang, text))
	}
	return Note{Code: ev.rule.code, Text: text}
}

// appendText appends text, the rule's catalog text in lang, with the placeholders filled.
func (ev evidence) appendText(b []byte, lang scenarios.Lang, text string) []byte {
	return scenarios.AppendFill(b, text, func(b []byte, name string) ([]byte, bool) {
		return ev.rule.arg(b, ev.f, lang, name), true
	})
}

// ticketNote writes a finding as the ticket says it: in the reseller's voice, to partner
// support. A time is only ever compared with another recorded event, never with the moment the
// ticket is written: without a failed attempt's time, the change's time is given alone.
func (ev evidence) ticketNote(lang scenarios.Lang) string {
	m, _ := ev.f.cat.Message(ev.rule.code)
	text := m.Ticket.In(lang)
	if !ev.f.failureRecorded && slices.Contains(scenarios.Placeholders(text), "failed") {
		text = ev.f.cat.Text("ticket.change_without_attempt", lang)
	}
	return ev.note(lang, text).Text
}
