package walkthrough

import (
	"slices"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// The walkthrough looks the case up in Microsoft's systems (README "Looking facts up in
// Microsoft's systems") once what the lookups are about is known: the tenant ID and the domain.
// With --online it looks up without asking; with a sign-in or a token it offers to; without
// either it says once why it does not. What comes back is kept in the case, and the questions
// it answers are not asked ("Looked up: …"); a person's own answer always decides.

// lookupState is the walkthrough's part of the lookups.
type lookupState struct {
	offered bool            // the lookup was offered (or made, or said to be unavailable) in this run
	said    map[string]bool // the questions whose looked-up answer was said
}

// lookupDue reports whether the lookup comes now: not yet offered in this run, something to say
// or do, and every field the lookups are about either known or asked (left empty), one of them
// known.
func (f *Flow) lookupDue(c *diagnose.Case) bool {
	if f.lookups.offered || f.Lookup == nil && f.LookupNote == "" {
		return false
	}
	known := false
	for _, path := range diagnose.LookupFields {
		q, ok := f.model().Field(path)
		if !ok {
			continue
		}
		switch {
		case q.Known(c):
			known = true
		case q.Ask != nil && !f.asked[path] && q.Applies(c):
			return false // still to be asked
		}
	}
	return known
}

// offerLookup looks the case up when it is due: it keeps what came back, says it, and says
// what failed. A case looked up before is looked up again only with --online.
func (f *Flow) offerLookup(c *diagnose.Case) error {
	if !f.lookupDue(c) {
		return nil
	}
	f.lookups.offered = true
	if f.LookupNote != "" {
		f.Prompter.Say(f.LookupNote)
	}
	if f.Lookup == nil || f.LookupAsk && len(c.Lookups) > 0 {
		return nil
	}
	if f.LookupAsk {
		v, err := f.ask(Prompt{ID: "lookup", Title: f.t(txt.LookupsOffer), Help: f.t(txt.LookupsOfferHelp), Value: "yes",
			Options: []Option{{f.t(txt.LookupsOfferYes), "yes"}, {f.t(txt.LookupsOfferNo), "no"}}}, c)
		if err != nil || v != "yes" {
			return err
		}
	}
	f.Prompter.Say(f.t(txt.LookupsLooking))
	looked := f.Lookup(c)
	c.Lookups = diagnose.MergeLookups(c.Lookups, looked.Lookups)
	// The failures are part of this run's diagnosis (a warning), not of the case.
	f.Engine.Looker = failures(looked.Failures)
	var lines []string
	if len(looked.Lookups) == 0 {
		lines = append(lines, f.t(txt.LookupsFoundNothing))
	} else {
		lines = append(lines, f.t(txt.LookupsFound))
		lines = append(lines, f.DescribeLookups(looked.Lookups)...)
	}
	for _, err := range looked.Failures {
		lines = append(lines, f.t(txt.LookupsNotLookedUp, "reason", diagnose.LookupFailureText(f.cat(), err, f.lang())))
	}
	f.Prompter.Say(strings.Join(lines, "\n"))
	if len(looked.Lookups) == 0 {
		return nil
	}
	return f.Save(c)
}

// failures is the looker of a walkthrough after its lookup: nothing new to look up, the
// failures of the lookup it made.
type failures []error

func (fs failures) Look(*diagnose.Case) diagnose.Looked { return diagnose.Looked{Failures: fs} }

// lookedUp reports whether the case's lookups answer q (and the person did not answer it
// otherwise); the first time, it says so.
func (f *Flow) lookedUp(q *diagnose.Field, c *diagnose.Case) bool {
	a, ok := f.lookedUpAnswer(q, c)
	if !ok {
		return false
	}
	if !f.lookups.said[q.Path] {
		if f.lookups.said == nil {
			f.lookups.said = map[string]bool{}
		}
		f.lookups.said[q.Path] = true
		at := ""
		if a.At != nil {
			at = diagnose.FormatLocal(a.At.Time)
		}
		f.Prompter.Say(f.t(txt.LookupsAnswered, "question", q.Question.Label.In(f.lang()),
			"answer", f.cat().Option(q.Question, a.Value).In(f.lang()), "found", a.Found.In(f.lang()),
			"source", diagnose.LookupSourceText(f.cat(), a.Source, f.lang()), "at", at))
	}
	return true
}

// lookedUpAnswer is the answer the case's lookups give to q, unless the person answered it
// otherwise.
func (f *Flow) lookedUpAnswer(q *diagnose.Field, c *diagnose.Case) (diagnose.LookedUpAnswer, bool) {
	if len(c.Lookups) == 0 {
		return diagnose.LookedUpAnswer{}, false
	}
	answers := f.Engine.LookedUp(c)
	i := slices.IndexFunc(answers, func(a diagnose.LookedUpAnswer) bool { return a.Field == q && !a.Conflict })
	if i < 0 {
		return diagnose.LookedUpAnswer{}, false
	}
	return answers[i], true
}

// dropStaleLookups forgets the case's lookups when q, one of the fields they are about, was
// changed from an earlier value, and offers the lookup again.
func (f *Flow) dropStaleLookups(q *diagnose.Field, c *diagnose.Case, before string) {
	if !slices.Contains(diagnose.LookupFields, q.Path) || before == "" || q.Value(c) == before || len(c.Lookups) == 0 && !f.lookups.offered {
		return
	}
	if len(c.Lookups) > 0 {
		c.Lookups = nil
		f.Prompter.Say(f.t(txt.LookupsDropped))
	}
	f.lookups.offered = false
	f.Engine.Looker = nil
}
