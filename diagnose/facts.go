package diagnose

import (
	"strings"
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

// The facts are what the diagnosis works out of a case before any rule looks at it: whether a
// tenant ID is one, how long before the last failure a change came, what the lookup of the
// domain found. The rules of the catalog name them in their conditions ("fact.entered_id is
// domain"); Go declares each with the values it can have, so that the model checks every
// condition on a fact when it is made (README "How the diagnosis decides").

// fact is one fact: its name and values, and which of them a case has (an index of values).
type fact struct {
	name   string
	values []string
	of     func(f *facts) int
}

// factDefs are the facts, in no particular order. The known error text's values are the
// catalog's codes (errorTextFact).
var factDefs = []fact{
	// What the case's lookups found (lookups.go).
	{"tenant_lookup", tenantLookupValues, (*facts).tenantLookup},
	{"tenant_fit", tenantFitValues, (*facts).tenantFitFact},
	{"domain_tenant", domainTenantValues, (*facts).domainTenant},
	{"gdap_active", gdapValues, (*facts).gdapActive},
	{"gdap_pending", gdapValues, (*facts).gdapPending},
	{"gdap_ended", gdapEndedValues, (*facts).gdapEnded},
	{"contract", contractValues, (*facts).contractFact},
	{"pc_relationship", pcRelationshipValues, (*facts).pcRelationship},
	{"lookup_failed", noYes, (*facts).lookupFailed},
	{lookupConflictFact, noYes, (*facts).lookupConflict},
	// The tenant ID entered: not given, a domain, with invisible or look-alike characters,
	// otherwise invalid, valid after removing what was copied along, valid as it stands.
	{"entered_id", []string{"not_given", "domain", "invisible", "invalid", "formatting", "valid"}, func(f *facts) int {
		t := &f.entered
		switch {
		case !f.enteredGiven:
			return 0
		case t.Has(ProblemDomain):
			return 1
		case t.Has(ProblemInvisible, ProblemLookalike):
			return 2
		case !t.Valid:
			return 3
		case t.Cosmetic():
			return 4
		}
		return 5
	}},
	// The tenant ID the customer confirmed: not given, given but no tenant ID, a valid one.
	{"confirmed_id", []string{"not_given", "invalid", "valid"}, func(f *facts) int {
		switch {
		case !f.confirmedGiven:
			return 0
		case !f.confirmed.Valid:
			return 1
		}
		return 2
	}},
	// The two IDs, when both are valid: the same or different.
	{"ids", []string{"unknown", "match", "differ"}, func(f *facts) int {
		switch {
		case !f.confirmedValid || !f.entered.Valid:
			return 0
		case f.entered.Canonical == f.confirmed.Canonical:
			return 1
		}
		return 2
	}},
	// The recent change, measured to the last failure (delay).
	{"change_delay", []string{"none", "no_time", "strong", "weak", "after", "too_old"}, func(f *facts) int { return int(f.delay) }},
	// The customer's domain in Microsoft's public sign-in service, as the case's lookups say
	// (fromLookups): not looked up, the tenant found (and not another one than the valid ID
	// entered), another tenant than the entered ID, no tenant; "failed" is no more (a failed
	// lookup is lookup_failed).
	{"domain_lookup", []string{"none", "resolved", "elsewhere", "not_found", "failed"}, func(f *facts) int {
		switch {
		case f.resolved != nil && f.entered.Valid && f.resolved.TenantID != f.entered.Canonical:
			return 2
		case f.resolved != nil:
			return 1
		case f.lookupErr == nil:
			return 0
		case lookupKind(f.lookupErr) == LookupNotFound:
			return 3
		}
		return 4
	}},
	// The cloud the lookups found the customer's tenant in (the domain's, else the entered ID's).
	{"cloud", []string{"unknown", "public", "us_government", "china", "other"}, func(f *facts) int {
		if f.resolved == nil {
			return 0
		}
		switch f.resolved.Cloud() {
		case CloudPublic:
			return 1
		case CloudUSGovernment:
			return 2
		case CloudChina:
			return 3
		}
		return 4
	}},
	// The customer's and the partner's countries: in the same Partner Center region or not,
	// unknown when either is not given or in no region of the table.
	{"regions", []string{"unknown", "same", "different"}, func(f *facts) int {
		switch {
		case f.customerRegion == nil || f.partnerRegion == nil:
			return 0
		case f.customerRegion.ID == f.partnerRegion.ID:
			return 1
		}
		return 2
	}},
	// Whether any time of the case lies in the future.
	{"times_in_future", []string{"no", "yes"}, func(f *facts) int { return boolIndex(f.future > 0) }},
	// Whether a try of a scenario with a waiting time came before it ended (and none after).
	{"tried_too_early", []string{"no", "yes"}, func(f *facts) int { return boolIndex(f.earlyTry != nil) }},
	// The known error text the error message is: none given, one the catalog does not know, or
	// a known one's code.
	{errorTextFact, nil, func(f *facts) int {
		switch {
		case !f.errorGiven:
			return 0
		case f.known < 0:
			return 1
		}
		return 2 + f.known
	}},
	// Whether the error message held invisible characters or unusual quotes, which it was
	// matched without.
	{"error_text_normalised", []string{"no", "yes"}, func(f *facts) int { return boolIndex(f.errorNormalised) }},
	// Whether the customer already has a tenant: it confirmed a valid tenant ID, or the recent
	// change was a new tenant.
	{"customer_has_tenant", []string{"no", "yes"}, func(f *facts) int {
		ck := f.model.factAnswers.changeKind
		return boolIndex(f.confirmedValid || ck.Counts(f.c) && ck.Value(f.c) == newTenant)
	}},
	// Whether an earlier attempt failed: failed attempts in more than one minute, a step tried
	// without success, or an error text that reports a failed attempt which may have left
	// something behind.
	{"earlier_attempt_failed", []string{"no", "yes"}, func(f *facts) int {
		return boolIndex(f.attemptMinutes() > 1 || len(f.c.Tried) > 0 || f.known >= 0 && f.cat.Errors[f.known].EarlierFailure)
	}},
}

// noneImplied stands for the values implied by no known error text.
var noneImplied []int8

// newTenant is the kind of change that set up a new tenant (answers.change_kind).
const newTenant = "new_tenant"

// attemptMinutes counts the failed attempts in different minutes (an attempt recorded twice
// in a minute is one, as the ticket lists it).
func (f *facts) attemptMinutes() int {
	n := 0
	for i, a := range f.c.Attempts {
		if i == 0 || !sameMinute(f.c.Attempts[i-1].Time, a.Time) {
			n++
		}
	}
	return n
}

// errorTextFact is the fact of the known error text, whose values are the catalog's.
const errorTextFact = "error_text"

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// factValues are the values of fact i for the model: the declared ones, or, for the known error
// text, "none", "unknown" and the codes of the catalog's known errors.
func (m *Model) factValues(i int) []string {
	if factDefs[i].name != errorTextFact {
		return factDefs[i].values
	}
	values := []string{"none", "unknown"}
	for _, e := range m.Catalog.Errors {
		values = append(values, e.Code)
	}
	return values
}

// factIndex is the index of the fact with the given name, -1 for none.
func factIndex(name string) int {
	for i := range factDefs {
		if factDefs[i].name == name {
			return i
		}
	}
	return -1
}

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

// delay classifies a recent change by its distance to the last failure (the values of the fact
// change_delay, in order).
type delay uint8

const (
	delayNone   delay = iota // no recent change reported
	delayNoTime              // reported, without a usable time
	delayStrong              // 0–4 h before the last failure (or up to clockSkew after it)
	delayWeak                // 4–72 h before it
	delayAfter               // after the last failure
	delayTooOld              // more than 72 h before it
)

// factAnswers are the answers the facts read, found by path when the model is made: a catalog
// without them, or with them of another kind, is refused.
type factAnswers struct {
	recentChange   *Field // answers.recent_change: yes when something changed
	recentChangeAt *Field // answers.recent_change_at: when
	changeKind     *Field // answers.change_kind: new_tenant when a new tenant was set up
}

// factPaths are the paths of factAnswers, with the kind each must have and the value the facts
// look for in an enum.
var factPaths = []struct {
	path  string
	kind  Kind
	value string
	to    func(a *factAnswers) **Field
}{
	{"answers.recent_change", KindEnum, Yes, func(a *factAnswers) **Field { return &a.recentChange }},
	{"answers.recent_change_at", KindTime, "", func(a *factAnswers) **Field { return &a.recentChangeAt }},
	{"answers.change_kind", KindEnum, newTenant, func(a *factAnswers) **Field { return &a.changeKind }},
}

// facts are what the rules look at, worked out once per case.
type facts struct {
	c     *Case
	model *Model
	cat   *scenarios.Catalog
	now   time.Time

	entered, confirmed           TenantID
	enteredGiven, confirmedGiven bool
	confirmedValid               bool // a confirmed ID that is a valid tenant ID

	// The recent change as the facts read it: reported (recent_change yes), and when (when
	// timed).
	changed, timed bool
	changedAt      time.Time

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

	// What the case's lookups say of the customer's domain (fromLookups): its tenant, or that
	// none has it.
	domain    string // as the texts show it
	resolved  *Resolution
	lookupErr error

	// The error message: given, the known error it is (its index in the catalog, -1 for none)
	// and whether matching it changed it (error_text_normalised).
	errorGiven      bool
	known           int
	errorNormalised bool

	// values are, for the fields and facts the conditions read (Model.values), the index of
	// their value.
	values []int8

	// looked is what the case's lookups answer, and the lookups of this run that failed.
	looked lookupState
}

// settled is field.Settled for the case, with the confirmed tenant ID's check already made.
func (f *facts) settled(field *Field) bool {
	if field == f.model.confirmed {
		return f.confirmedValid
	}
	return field.Settled(f.c)
}

// idsMatch: the entered ID is the valid one the customer confirmed.
func (f *facts) idsMatch() bool {
	return f.confirmedValid && f.entered.Valid && f.entered.Canonical == f.confirmed.Canonical
}

// diagnosis is a result's own copy of its case and the facts about it, allocated together, and
// the memory of matching its error text, kept for the next case.
type diagnosis struct {
	c  Case
	f  facts
	em errorMatcher
}

// factsInto works out what the rules look at in c.
func (e *Engine) factsInto(f *facts, c *Case, em *errorMatcher) {
	values := f.values[:0]
	*f = facts{c: c, model: e.Model, cat: e.Model.Catalog, now: e.Now, known: -1}
	if strings.TrimSpace(c.ErrorMessage) != "" {
		f.errorGiven = true
		f.known, f.errorNormalised = em.match(e.Model, c.ErrorMessage)
	}
	if c.Customer.TenantID != "" {
		f.enteredGiven, f.entered = true, CheckTenantID(c.Customer.TenantID)
	}
	if c.Customer.ConfirmedTenantID != "" {
		f.confirmedGiven, f.confirmed = true, CheckTenantID(c.Customer.ConfirmedTenantID)
		f.confirmedValid = f.confirmed.Valid
	}
	fa := &e.Model.factAnswers
	f.changed = fa.recentChange.get(c, 0) == Yes
	if t, ok := fa.recentChangeAt.getTime(c, 0); ok {
		f.changedAt, f.timed = t.Time, true
	}
	f.lastFailure()
	f.countFuture()
	f.classifyDelay()
	f.findEarlyTry()
	if c.Customer.Country != "" && c.Partner.Country != "" {
		f.customerRegion, _ = e.Model.Catalog.RegionOf(c.Customer.Country)
		f.partnerRegion, _ = e.Model.Catalog.RegionOf(c.Partner.Country)
	}
	f.fromLookups()
	// The values the conditions read, once.
	implied := noneImplied
	if f.known >= 0 {
		implied = e.Model.implied[f.known]
	}
	for i := range e.Model.values {
		imp := int8(-1)
		if implied != nil {
			imp = implied[i]
		}
		values = append(values, e.Model.values[i].valueOf(f, imp))
	}
	f.values = values
	f.lookedUpAnswersInto()
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

// triedTooEarly reports whether a try of the steps of a scenario with a waiting time came
// before it ended: it says nothing about the scenario (README "How the diagnosis decides").
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
	if f.timed && f.changed {
		count(f.changedAt)
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
	switch {
	case !f.changed:
		return
	case !f.timed || f.changedAt.After(f.now.Add(clockSkew)):
		f.delay = delayNoTime
		return
	}
	f.changeAt = f.changedAt
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
