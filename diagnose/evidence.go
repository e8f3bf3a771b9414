package diagnose

import (
	"errors"
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

// facts are what the rules look at, worked out once per case.
type facts struct {
	c                            *Case
	cat                          *scenarios.Catalog
	entered, confirmed           TenantID
	enteredGiven, confirmedGiven bool
	// changeAge is how long ago the change was, when changeAt is set.
	changeAt  *Time
	changeAge time.Duration
	// The lookup of the customer's domain (diagnose --online): its result or its error.
	domain    string // as the texts show it
	resolved  *Resolution
	lookupErr error
}

// rule is one row of the table.
type rule struct {
	scenario   scenarios.ID // "" for a warning
	confidence Confidence
	code       string
	holds      func(f *facts) bool
	// arg gives the value of a placeholder of the rule's text; only those the text has are
	// asked for.
	arg func(f *facts, lang scenarios.Lang, name string) string
}

// evidence is a rule that held for a case: it is written in a language only when a result or a
// ticket needs it.
type evidence struct {
	rule *rule
	f    *facts
}

// Time windows for a recent change: within four hours it is strong evidence of a replication
// delay, up to three days weak evidence, older none (the project's rule of thumb, docs/sources.md).
const (
	strongDelayWindow = 4 * time.Hour
	weakDelayWindow   = 72 * time.Hour
	// clockSkew tolerates a change time a little after "now" (unsynchronised clocks).
	clockSkew = 5 * time.Minute
)

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
	{"", "", "confirmed_tenant_id_invalid", func(f *facts) bool {
		return f.confirmedGiven && !f.confirmed.Valid
	}, func(f *facts, l scenarios.Lang, name string) string { return problemArg(f, f.confirmed, l, name) }},
	{scenarios.C, High, "tenant_id_mismatch", func(f *facts) bool {
		return f.confirmedGiven && f.confirmed.Valid && f.entered.Valid && f.entered.Canonical != f.confirmed.Canonical
	}, func(f *facts, _ scenarios.Lang, name string) string {
		switch name {
		case "entered":
			return f.entered.Canonical
		case "confirmed":
			return f.confirmed.Canonical
		}
		return strconv.Itoa(FirstDifference(f.entered.Canonical, f.confirmed.Canonical))
	}},
	{scenarios.C, Medium, "crm_duplicates_no_confirmed_id", func(f *facts) bool {
		return !f.confirmedGiven && f.c.Answers.CRMDuplicates == Yes
	}, nil},

	// C and warnings from the lookup of the customer's domain (diagnose --online).
	{scenarios.C, High, "domain_resolves_elsewhere", func(f *facts) bool {
		return f.resolved != nil && f.entered.Valid && f.resolved.TenantID != f.entered.Canonical
	}, func(f *facts, _ scenarios.Lang, name string) string {
		switch name {
		case "resolved":
			return f.resolved.TenantID
		case "entered":
			return f.entered.Canonical
		}
		return f.domain
	}},
	{"", "", "domain_not_found", func(f *facts) bool { return lookupKind(f.lookupErr) == LookupNotFound }, domainArgs},
	{"", "", "online_lookup_failed", func(f *facts) bool {
		return f.lookupErr != nil && lookupKind(f.lookupErr) != LookupNotFound
	}, func(f *facts, l scenarios.Lang, name string) string {
		if name == "domain" {
			return f.domain
		}
		var le *LookupError
		if errors.As(f.lookupErr, &le) {
			return le.Message(f.cat, l)
		}
		return f.lookupErr.Error()
	}},
	{"", "", "cloud_us_government", func(f *facts) bool {
		return f.resolved != nil && f.resolved.Cloud() == CloudUSGovernment
	}, domainArgs},
	{"", "", "cloud_china", func(f *facts) bool { return f.resolved != nil && f.resolved.Cloud() == CloudChina }, domainArgs},

	// B: a relationship with you.
	{scenarios.B, High, "partner_center_found", func(f *facts) bool { return f.c.Answers.PartnerCenterSearch == Found }, nil},
	{scenarios.B, High, "invitation_pending", func(f *facts) bool { return f.c.Answers.InvitationPending == Yes }, nil},
	{scenarios.B, Medium, "earlier_relationship_with_you", func(f *facts) bool {
		return f.c.Answers.EarlierRelationshipWithYou == Yes
	}, nil},
	{scenarios.B, Medium, "crm_duplicates", func(f *facts) bool { return f.c.Answers.CRMDuplicates == Yes }, nil},

	// A: another partner.
	{scenarios.A, High, "other_csp", func(f *facts) bool { return f.c.Answers.OtherCSP == Yes }, nil},
	{scenarios.A, Medium, "direct_microsoft", func(f *facts) bool { return f.c.Answers.DirectMicrosoft == Yes }, nil},
	{scenarios.A, Medium, "provider_has_relationship", func(f *facts) bool {
		return f.c.Answers.ProviderHasRelationship == Yes
	}, nil},

	// D: a recent change. A time in the future is a warning, and the change counts as one
	// without a time.
	{"", "", "recent_change_in_future", func(f *facts) bool {
		return f.changeAt != nil && f.changeAge < -clockSkew
	}, changeArgs},
	{scenarios.D, Medium, "recent_change_no_time", func(f *facts) bool {
		return f.c.Answers.RecentChange == Yes && (f.changeAt == nil || f.changeAge < -clockSkew)
	}, nil},
	{scenarios.D, High, "recent_change", func(f *facts) bool {
		return f.changeAt != nil && f.changeAge >= -clockSkew && f.changeAge <= strongDelayWindow
	}, changeArgs},
	{scenarios.D, Medium, "recent_change_within_72h", func(f *facts) bool {
		return f.changeAt != nil && f.changeAge > strongDelayWindow && f.changeAge <= weakDelayWindow
	}, changeArgs},
	{"", "", "recent_change_too_old", func(f *facts) bool {
		return f.changeAt != nil && f.changeAge > weakDelayWindow
	}, changeArgs},
}

// enteredProblems gives the placeholders of the texts about the entered ID.
func enteredProblems(f *facts, l scenarios.Lang, name string) string {
	return problemArg(f, f.entered, l, name)
}

// problemArg gives what is wrong with an ID ("problems"), the ID itself quoted, escaped and
// bounded ("id"), or its canonical form.
func problemArg(f *facts, t TenantID, l scenarios.Lang, name string) string {
	switch name {
	case "problems":
		return t.ProblemsText(f.cat, l)
	case "id":
		return f.cat.Quote(t.Input, sanitize.MaxID, l)
	}
	return t.Canonical
}

func domainArgs(f *facts, _ scenarios.Lang, _ string) string { return f.domain }

func changeArgs(f *facts, l scenarios.Lang, name string) string {
	if name == "ago" {
		return formatDuration(f.changeAge, l)
	}
	return FormatLocal(f.changeAt.Time)
}

func lookupKind(err error) LookupKind {
	var le *LookupError
	if errors.As(err, &le) {
		return le.Kind
	}
	return ""
}

// facts works out what the rules look at in c.
func (e *Engine) facts(c *Case) *facts {
	f := &facts{c: c, cat: e.Catalog}
	if c.Customer.TenantID != "" {
		f.enteredGiven, f.entered = true, CheckTenantID(c.Customer.TenantID)
	}
	if c.Customer.ConfirmedTenantID != "" {
		f.confirmedGiven, f.confirmed = true, CheckTenantID(c.Customer.ConfirmedTenantID)
	}
	if a := &c.Answers; a.RecentChange == Yes && a.RecentChangeAt != nil {
		f.changeAt, f.changeAge = a.RecentChangeAt, e.Now.Sub(a.RecentChangeAt.Time)
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
	return f
}

// collect applies the rules to c: the evidence, and the warnings.
func (e *Engine) collect(c *Case) (found, warnings []evidence) {
	f := e.facts(c)
	for i := range evidenceRules {
		r := &evidenceRules[i]
		if !r.holds(f) {
			continue
		}
		if r.scenario == "" {
			warnings = append(warnings, evidence{r, f})
		} else {
			found = append(found, evidence{r, f})
		}
	}
	return found, warnings
}

// note writes a finding in lang.
func (ev evidence) note(lang scenarios.Lang) Note {
	text := ev.f.cat.TextFunc(ev.rule.code, lang, func(name string) (string, bool) {
		if ev.rule.arg == nil {
			return "", false
		}
		return ev.rule.arg(ev.f, lang, name), true
	})
	return Note{Code: ev.rule.code, Text: text}
}
