package diagnose

import (
	"slices"
	"strings"
	"sync"

	"github.com/cspfix/cspfix/internal/sanitize"

	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// A scenario's steps apply to a case only where their conditions hold, and may name the case's
// own facts (README "How the diagnosis decides"). The steps are prepared once per engine, in its
// language: a batch repeats them for every result.

// step is a catalog step, ready to apply.
type step struct {
	text  string
	when  []condition // its named conditions
	facts bool        // the text has {placeholders} to fill from the case
}

// waitFacts are the step facts that name the end of the scenario's waiting time.
var waitFacts = []string{"retry", "retry_at"}

// stepFact is a fact a step may name: its name (the {placeholder}), its name in words, shown
// where there is no case (`cspfix scenarios C`), and how it is filled from the case; w is the
// waiting time of the scenario whose step it is.
type stepFact struct {
	name  string
	words txt.Key
	fill  func(f *facts, w wait, lang scenarios.Lang) string
}

// stepFacts are the facts a step may name. A slice, not a map: it is made when the program is
// linked, not when it starts (README "Performance").
var stepFacts = []stepFact{
	// The confirmed ID in its canonical form, to paste: only steps for a valid one name it.
	{"confirmed_tenant_id", txt.StepFactConfirmedTenantID, func(f *facts, _ wait, _ scenarios.Lang) string { return f.confirmed.Canonical }},
	// When to retry: when the waiting time after the change ends, or now when that has passed.
	{"retry", txt.StepFactRetry, func(f *facts, w wait, lang scenarios.Lang) string {
		retry, ok := w.end(f.c)
		if !ok || !f.now.Before(retry) {
			return f.cat.Text(txt.StepRetryNow, lang)
		}
		return f.cat.Text(txt.StepRetryAt, lang, "time", FormatLocal(retry))
	}},
	// When we try again, as the customer reads it: the time the desk chose when it paused the
	// walkthrough (the case's retry_at), else the end of the waiting time; soon when it has passed.
	{"retry_at", txt.StepFactRetryAt, func(f *facts, w wait, lang scenarios.Lang) string {
		retry, ok := w.end(f.c)
		if f.c.RetryAt != nil {
			retry, ok = f.c.RetryAt.Time, true
		}
		if ok && f.now.Before(retry) {
			return f.cat.Text(txt.MessageRetryAt, lang, "time", customerTime(f.cat, retry, lang))
		}
		return f.cat.Text(txt.MessageRetrySoon, lang)
	}},
	// Where the customer finds our invitation link: in our invitation e-mail, and at the end of
	// the message when it carries the link (never promised when it does not).
	{"invitation_link", txt.StepFactInvitationLink, func(f *facts, _ wait, lang scenarios.Lang) string {
		if f.invitationLink {
			return f.cat.Text(txt.MessageInvitationLinkHere, lang)
		}
		return f.cat.Text(txt.MessageInvitationLinkEmail, lang)
	}},
	// The customer's domain, for a command to run with it; a placeholder where it is not known.
	{"domain", txt.StepFactDomain, func(f *facts, _ wait, lang scenarios.Lang) string {
		if d := strings.TrimSpace(f.c.Customer.Domain); d != "" {
			return f.cat.Cut(d, sanitize.MaxID, lang)
		}
		return f.cat.Text(txt.StepDomainPlaceholder, lang)
	}},
	// The number of the support request the outcome records, cut to an ID's length.
	{"reference", txt.StepFactReference, func(f *facts, _ wait, lang scenarios.Lang) string {
		return f.cat.Cut(strings.TrimSpace(f.c.Outcome.Reference), sanitize.MaxID, lang)
	}},
}

// stepFactNamed is the step fact with the name, or nil.
func stepFactNamed(name string) *stepFact {
	for i := range stepFacts {
		if stepFacts[i].name == name {
			return &stepFacts[i]
		}
	}
	return nil
}

// StepFact reports whether a step may name the fact with this name; a model refuses a catalog
// whose steps name any other.
func StepFact(name string) bool { return stepFactNamed(name) != nil }

// StepFactWords is the text that names the step fact in words, where there is no case to fill
// it from.
func StepFactWords(name string) (txt.Key, bool) {
	if sf := stepFactNamed(name); sf != nil {
		return sf.words, true
	}
	return "", false
}

// maxLangs bounds the languages of the catalog (scenarios.Langs) whose steps an engine prepares.
const maxLangs = 2

// preparedSteps are the steps of every scenario in one language, ready to apply, made once.
type preparedSteps struct {
	once sync.Once
	by   map[scenarios.ID][]step
}

// resellerStepsOf and customerStepsOf choose a scenario's steps for the reseller or the customer.
func resellerStepsOf(s *scenarios.Scenario) []scenarios.Step { return s.Steps }
func customerStepsOf(s *scenarios.Scenario) []scenarios.Step { return s.Customer.Steps }

// stepsOf are the steps of every scenario in lang that of chooses, prepared the first time they
// are asked for: a batch needs the reseller's in one language, and is spared reading the others'
// texts (README "Performance").
func (e *Engine) stepsOf(prepared *[maxLangs]preparedSteps, lang scenarios.Lang, of func(*scenarios.Scenario) []scenarios.Step) map[scenarios.ID][]step {
	p := &prepared[max(slices.Index(scenarios.Langs, lang), 0)]
	p.once.Do(func() {
		p.by = make(map[scenarios.ID][]step, len(e.Model.Catalog.Scenarios))
		for i := range e.Model.Catalog.Scenarios {
			s := &e.Model.Catalog.Scenarios[i]
			p.by[s.ID] = e.prepareSteps(of(s), lang)
		}
	})
	return p.by
}

// prepareSteps makes list ready to apply in lang: each step's conditions, and whether its
// text names facts to fill in.
func (e *Engine) prepareSteps(list []scenarios.Step, lang scenarios.Lang) []step {
	steps := make([]step, len(list))
	for i, st := range list {
		var when []condition
		if len(st.When) > 0 {
			when = make([]condition, len(st.When))
			for j, code := range st.When {
				when[j] = e.Model.conditions[code]
			}
		}
		text := st.In(lang)
		steps[i] = step{text: text, when: when, facts: scenarios.HasPlaceholders(text)}
	}
	return steps
}

// appendSteps appends the steps of scenario id that apply to the case of f, its facts filled in.
func (e *Engine) appendSteps(out []string, id scenarios.ID, f *facts) []string {
	return appendApplying(out, e.stepsOf(&e.steps, e.lang(), resellerStepsOf)[id], f, e.Model.waits[id], e.Lang)
}

// applySteps are the steps that apply to the case of f, with its facts filled in, in lang; w is
// the waiting time of their scenario.
func applySteps(steps []step, f *facts, w wait, lang scenarios.Lang) []string {
	return appendApplying(make([]string, 0, len(steps)), steps, f, w, lang)
}

func appendApplying(out []string, steps []step, f *facts, w wait, lang scenarios.Lang) []string {
	for _, st := range steps {
		if !allHold(st.when, f) {
			continue
		}
		text := st.text
		if st.facts {
			text = scenarios.FillFunc(text, func(name string) (string, bool) {
				sf := stepFactNamed(name)
				if sf == nil {
					return "", false
				}
				return sf.fill(f, w, lang), true
			})
		}
		out = append(out, text)
	}
	return out
}
