package diagnose

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// The evidence rules are the catalog's (README "How the diagnosis decides"): each scenario's
// evidence, then the warnings, each a condition on the case and its facts, a code, the
// confidence it lends (none for a warning) and the rules it drops. They are applied in that
// order, which is also the order in which a result lists a scenario's evidence and the warnings.
// Go holds the mechanisms: the facts (facts.go), the evaluator of conditions (conditions.go),
// the fillers of the texts' placeholders (argFillers) and the choice of the result (rules.go).

// rule is a catalog rule ready to apply.
type rule struct {
	scenario   scenarios.ID // "" for a warning
	confidence Confidence
	code       string
	when       []condition
	drops      []int // the rules, by index, that this one removes when it holds
	// arg is the value of a placeholder of the rule's text; only those the text has are asked
	// for; nil for a text without placeholders.
	arg func(f *facts, lang scenarios.Lang, name string) string
	// texts are the rule's catalog texts: its text and its ticket's, by language.
	text, ticket scenarios.Text
}

// evidence is a rule that held for a case: it is written in a language only when a result or a
// ticket needs it.
type evidence struct {
	rule *rule
	f    *facts
}

// argFiller is a mechanism that fills the placeholders of rules' texts (the catalog's "args"):
// names are those it knows.
type argFiller struct {
	names []string
	fill  func(f *facts, lang scenarios.Lang, name string) string
}

// argFillers are the fillers a rule may name.
var argFillers = lazy.Value[map[string]argFiller]{Make: func() map[string]argFiller {
	return map[string]argFiller{
		// The tenant ID entered: what is wrong with it, the ID as entered, its canonical form.
		"entered_id": {[]string{"problems", "id", "canonical"}, func(f *facts, l scenarios.Lang, name string) string {
			return problemArg(f, f.entered, l, name)
		}},
		// The tenant ID confirmed, the same.
		"confirmed_id": {[]string{"problems", "id", "canonical"}, func(f *facts, l scenarios.Lang, name string) string {
			return problemArg(f, f.confirmed, l, name)
		}},
		// The two IDs, and the first position where they differ.
		"id_mismatch": {[]string{"entered", "confirmed", "pos"}, func(f *facts, _ scenarios.Lang, name string) string {
			switch name {
			case "entered":
				return f.entered.Canonical
			case "confirmed":
				return f.confirmed.Canonical
			}
			return strconv.Itoa(FirstDifference(f.entered.Canonical, f.confirmed.Canonical))
		}},
		// The domain looked up, the tenant it belongs to and the entered one.
		"domain_elsewhere": {[]string{"domain", "resolved", "entered"}, func(f *facts, _ scenarios.Lang, name string) string {
			switch name {
			case "resolved":
				return f.resolved.TenantID
			case "entered":
				return f.entered.Canonical
			}
			return f.domain
		}},
		// The domain looked up.
		"domain": {[]string{"domain"}, func(f *facts, _ scenarios.Lang, _ string) string { return f.domain }},
		// The domain, and why its lookup failed.
		"lookup_error": {[]string{"domain", "reason"}, func(f *facts, l scenarios.Lang, name string) string {
			if name == "domain" {
				return f.domain
			}
			var le *LookupError
			if errors.As(f.lookupErr, &le) {
				return le.Message(f.cat, l)
			}
			return f.lookupErr.Error()
		}},
		// The recent change: its time, its distance to the last failure, the last failure.
		"change": {[]string{"at", "gap", "failed"}, changeArgs},
		// The try that came too early, and when the waiting time ended.
		"early_try": {[]string{"tried", "retry"}, func(f *facts, _ scenarios.Lang, name string) string {
			if name == "tried" {
				return FormatLocal(f.earlyTry.Time)
			}
			return FormatLocal(f.earlyEnd)
		}},
		// The countries of the customer and the partner, and their regions.
		"regions": {[]string{"customer_country", "partner_country", "customer_region", "partner_region"}, func(f *facts, l scenarios.Lang, name string) string {
			switch name {
			case "customer_country":
				return strings.ToUpper(strings.TrimSpace(f.c.Customer.Country))
			case "partner_country":
				return strings.ToUpper(strings.TrimSpace(f.c.Partner.Country))
			case "customer_region":
				return f.customerRegion.Name.In(l)
			}
			return f.partnerRegion.Name.In(l)
		}},
		// The times that lie in the future.
		"future": {[]string{"times"}, futureArgs},
	}
}}

// compileRules makes the catalog's rules ready to apply: each scenario's evidence in the
// catalog's order, then the warnings. A rule's conditions must name fields and facts with their
// values, its drops other rules, its texts only placeholders its filler knows.
func (m *Model) compileRules() []error {
	var errs []error
	type source struct {
		scenario scenarios.ID
		r        *scenarios.Rule
	}
	var all []source
	conds := 0
	for _, s := range m.scenario {
		for i := range s.Evidence {
			all = append(all, source{s.ID, &s.Evidence[i]})
			conds += len(s.Evidence[i].When)
		}
	}
	for i := range m.Catalog.Warnings {
		all = append(all, source{"", &m.Catalog.Warnings[i]})
		conds += len(m.Catalog.Warnings[i].When)
	}
	index := make(map[string]int, len(all))
	for i, src := range all {
		index[src.r.Code] = i
	}
	m.rules = slices.Grow(m.rules, len(all))
	m.conds = slices.Grow(m.conds, conds)
	for _, src := range all {
		r := src.r
		where := func() string { return fmt.Sprintf("rule %q", r.Code) }
		when, err := m.compileConditions(where, r.When)
		if err != nil {
			errs = append(errs, err)
		}
		compiled := rule{scenario: src.scenario, confidence: Confidence(r.Confidence), code: r.Code, when: when, text: r.Text, ticket: r.Ticket}
		for _, code := range r.Drops {
			compiled.drops = append(compiled.drops, index[code])
		}
		if r.Args != "" {
			filler, ok := fillerOf(r.Args)
			if !ok {
				errs = append(errs, fmt.Errorf("%s: no args %q", where(), r.Args))
			}
			compiled.arg = filler.fill
		}
		m.rules = append(m.rules, compiled)
	}
	return errs
}

// checkRuleTexts checks that the texts of every rule (evidence and warnings) name only the
// facts its args fill in, in every language (checkTexts).
func (m *Model) checkRuleTexts() []error {
	var errs []error
	check := func(r *scenarios.Rule) {
		var names []string
		if filler, ok := fillerOf(r.Args); ok {
			names = filler.names
		}
		for _, lang := range scenarios.Langs {
			for _, text := range []string{r.Text.In(lang), r.Ticket.In(lang)} {
				for name := range scenarios.Placeholders(text) {
					if !slices.Contains(names, name) {
						errs = append(errs, fmt.Errorf("rule %q: its text names {%s}, which its args (%q) do not fill", r.Code, name, r.Args))
					}
				}
			}
		}
	}
	for _, s := range m.scenario {
		for i := range s.Evidence {
			check(&s.Evidence[i])
		}
	}
	for i := range m.Catalog.Warnings {
		check(&m.Catalog.Warnings[i])
	}
	return errs
}

// problemArg is what is wrong with an ID ("problems"), the ID itself quoted, escaped and
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

// changeArgs are the time of the change ("at"), its distance to the last failure ("gap") and
// the last failure in words ("failed").
func changeArgs(f *facts, l scenarios.Lang, name string) string {
	switch name {
	case "gap":
		return formatDuration(f.cat, f.gap, l)
	case "failed":
		if !f.failureRecorded {
			return f.cat.Text(txt.FailureNow, l)
		}
		text, _ := f.cat.Lookup(txt.FailureAttempt, l)
		return strings.Replace(text, "{time}", FormatLocal(f.failure), 1)
	}
	return FormatLocal(f.changeAt)
}

// maxFutureListed bounds the list of times in the future: a case may hold thousands.
const maxFutureListed = 3

// futureArgs lists the times that lie in the future, in words.
func futureArgs(f *facts, l scenarios.Lang, _ string) string {
	var list []string
	add := func(code txt.Key, t time.Time) {
		if t.After(f.now.Add(clockSkew)) && len(list) < maxFutureListed {
			list = append(list, f.cat.Text(code, l, "time", FormatLocal(t)))
		}
	}
	if f.timed && f.changed {
		add(txt.TimeRecentChangeAt, f.changedAt)
	}
	for _, t := range f.c.Attempts {
		add(txt.TimeAttempt, t.Time)
	}
	for _, t := range f.c.Tried {
		if t.At != nil {
			add(txt.TimeTried, t.At.Time)
		}
	}
	if f.c.Outcome.At != nil {
		add(txt.TimeOutcome, f.c.Outcome.At.Time)
	}
	if more := f.future - len(list); more > 0 {
		list = append(list, f.cat.Text(txt.TimeMore, l, "n", strconv.Itoa(more)))
	}
	return strings.Join(list, ", ")
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

// collect applies the rules to the case of f, appending the evidence to found and the
// warnings to warnings. A rule that holds drops the rules it names, whether they were dropped
// themselves or not. held is memory, reused from case to case.
func (e *Engine) collect(f *facts, found, warnings []evidence, held []bool) ([]evidence, []evidence, []bool) {
	rules := e.Model.rules
	n := len(rules)
	held = append(held[:0], make([]bool, 2*n)...)
	holds, kept := held[:n], held[n:]
	dropping := false
	for i := range rules {
		h := allHold(rules[i].when, f)
		holds[i], kept[i] = h, h
		dropping = dropping || h && len(rules[i].drops) > 0
	}
	for i := 0; dropping && i < n; i++ {
		if holds[i] {
			for _, d := range rules[i].drops {
				kept[d] = false
			}
		}
	}
	for i := range rules {
		r := &rules[i]
		if !kept[i] {
			continue
		}
		if r.scenario == "" {
			warnings = append(warnings, evidence{r, f})
		} else {
			found = append(found, evidence{r, f})
		}
	}
	return found, warnings, held
}

// note writes a finding in lang; text is the rule's catalog text in lang.
func (ev evidence) note(lang scenarios.Lang, text string) Note {
	if ev.rule.arg != nil {
		text = string(ev.appendText(nil, lang, text))
	}
	return Note{Code: ev.rule.code, Text: text, Fixed: ev.rule.arg == nil}
}

// appendText appends text, the rule's catalog text in lang, with the placeholders filled.
func (ev evidence) appendText(b []byte, lang scenarios.Lang, text string) []byte {
	return scenarios.AppendFill(b, text, func(b []byte, name string) ([]byte, bool) {
		return append(b, ev.rule.arg(ev.f, lang, name)...), true
	})
}

// hasPlaceholder tells whether s has the placeholder {name}.
func hasPlaceholder(s, name string) bool {
	for n := range scenarios.Placeholders(s) {
		if n == name {
			return true
		}
	}
	return false
}

// ticketNote writes a finding as the ticket says it: in the reseller's voice, to partner
// support. A time is only ever compared with another recorded event, never with the moment the
// ticket is written: without a failed attempt's time, the change's time is given alone.
func (ev evidence) ticketNote(lang scenarios.Lang) string {
	text := ev.rule.ticket.In(lang)
	if !ev.f.failureRecorded && hasPlaceholder(text, "failed") {
		text = ev.f.cat.Text(txt.TicketChangeWithoutAttempt, lang)
	}
	return ev.note(lang, text).Text
}
