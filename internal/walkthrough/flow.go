// Package walkthrough is the interactive diagnosis: which question comes next, what is saved
// when, and what happens when the person says the fix worked, did not, or must wait. It talks
// to the person only through a Prompter, so it runs and is tested without a terminal.
package walkthrough

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
)

// ErrAborted is returned by a Prompter when the person cancels (Ctrl-C, end of input).
var ErrAborted = errors.New("aborted")

// Option is one choice of a question: what the person sees and the value stored.
type Option struct {
	Label, Value string
}

// Prompt is one question to ask.
type Prompt struct {
	ID      string
	Title   string
	Help    string
	Options []Option // empty for free text
	Value   string   // the current answer, offered as the default
	// Validate rejects unusable free text with a message that says what to type.
	Validate func(string) error
	// Describe comments on free text as it is typed (a tenant ID's problems); may be nil.
	Describe func(string) string
}

// Prompter asks and tells. Ask returns ErrAborted when the person cancels.
type Prompter interface {
	Ask(p Prompt) (string, error)
	Say(text string)
}

// OutcomeKind is how a walkthrough ended.
type OutcomeKind int

const (
	Fixed      OutcomeKind = iota // the person confirmed the error is gone
	Later                         // paused, to be resumed at RetryAt
	Support                       // nothing left to try: the ticket is ready
	Incomplete                    // not enough known yet to name a cause
)

// Outcome is the end of a walkthrough and the last diagnosis.
type Outcome struct {
	Kind    OutcomeKind
	Result  diagnose.Result
	RetryAt time.Time
}

// Flow is one walkthrough of one case.
type Flow struct {
	Prompter Prompter
	Engine   *diagnose.Engine
	Now      func() time.Time
	// Save is called after every answer, so that nothing is lost when the person stops.
	Save func(*diagnose.Case) error
	// Render turns a diagnosis into text for the person.
	Render func(*diagnose.Result) string
}

func (f *Flow) lang() scenarios.Lang { return f.Engine.Lang }

func (f *Flow) t(k scenarios.Key) string { return k.In(f.lang()) }

// Run asks what is not known yet, diagnoses, and walks through the remedies until the error is
// fixed, the person must wait, the ticket is due, or more must be found out first.
func (f *Flow) Run(c *diagnose.Case) (Outcome, error) {
	if c.RetryAt != nil && f.Now().Before(c.RetryAt.Time) {
		f.Prompter.Say(scenarios.Fill(f.t(labels.NotYet), "time", c.RetryAt.Format("2006-01-02 15:04 -07:00")))
	}
	c.RetryAt = nil
	if err := f.askQuestions(c); err != nil {
		return Outcome{}, err
	}
	for {
		// The final result (incomplete, or the ticket) is the caller's to print; a scenario to try
		// is shown here, with its steps, before asking whether it worked.
		r := f.Engine.Diagnose(c, 1)
		switch {
		case r.Status == diagnose.Resolved:
			return Outcome{Kind: Fixed, Result: r}, f.Save(c)
		case r.Status == diagnose.Incomplete:
			return Outcome{Kind: Incomplete, Result: r}, f.Save(c)
		case r.Scenario == scenarios.E:
			return Outcome{Kind: Support, Result: r}, f.Save(c)
		}
		f.Prompter.Say(f.Render(&r))
		answer, err := f.ask(Prompt{
			ID:    "fixed",
			Title: f.t(labels.DidItWork),
			Options: []Option{
				{f.t(labels.FixedYes), "yes"}, {f.t(labels.FixedNo), "no"}, {f.t(labels.FixedLater), "later"},
			},
			Value: "yes",
		}, c)
		if err != nil {
			return Outcome{}, err
		}
		switch answer {
		case "yes":
			now := diagnose.Time{Time: f.Now().Truncate(time.Second)}
			c.Outcome = diagnose.Outcome{Status: diagnose.OutcomeFixed, Scenario: r.Scenario, At: &now}
			return Outcome{Kind: Fixed, Result: f.Engine.Diagnose(c, 1)}, f.Save(c)
		case "later":
			retry := f.retryTime(c, r.Scenario)
			c.RetryAt = &diagnose.Time{Time: retry}
			return Outcome{Kind: Later, Result: r, RetryAt: retry}, f.Save(c)
		}
		note, err := f.ask(Prompt{ID: "note", Title: f.t(labels.WhatHappened), Help: f.t(labels.WhatHappenedHelp)}, c)
		if err != nil {
			return Outcome{}, err
		}
		now := diagnose.Time{Time: f.Now().Truncate(time.Second)}
		c.Tried = append(c.Tried, diagnose.Tried{Scenario: r.Scenario, At: &now, Note: strings.TrimSpace(note)})
		c.Attempts = append(c.Attempts, now) // the error came back: one more failed attempt
		if err := f.Save(c); err != nil {
			return Outcome{}, err
		}
	}
}

// askQuestions asks, group by group, every question that applies and is not answered yet.
func (f *Flow) askQuestions(c *diagnose.Case) error {
	group := diagnose.Group(-1)
	for _, q := range diagnose.Questions() {
		if !q.Applies(c) || answered(q, c) {
			continue
		}
		if q.Ask.Group != group {
			group = q.Ask.Group
			f.Prompter.Say(f.t(groupLabels[group]))
		}
		if err := f.askQuestion(q, c); err != nil {
			return err
		}
		if err := f.Save(c); err != nil {
			return err
		}
	}
	return nil
}

func (f *Flow) askQuestion(q *diagnose.Field, c *diagnose.Case) error {
	cq, _ := f.Engine.Catalog.Question(q.Path)
	p := Prompt{ID: q.Path, Title: cq.Prompt.In(f.lang()), Help: cq.Help.In(f.lang()), Value: q.Value(c)}
	if q.Kind == diagnose.KindEnum {
		p.Options = options(q, f.lang())
	}
	switch {
	case isTime(q):
		p.Value = ""
		p.Help += " " + f.t(labels.TimeFormats)
		p.Validate = func(s string) error {
			if strings.TrimSpace(s) == "" {
				return nil
			}
			if _, err := ParseTime(s, f.Now()); err != nil {
				return errors.New(f.t(labels.BadTime))
			}
			return nil
		}
	case q.Ask.TenantID:
		p.Describe = f.describeTenantID
	}
	p.Value = defaultTo(p.Value, q.Ask.Default)
	v, err := f.ask(p, c)
	if err != nil {
		return err
	}
	if isTime(q) {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		t, _ := ParseTime(v, f.Now())
		v = t.Format(time.RFC3339)
	}
	store(q, c, v)
	if q.Ask.TenantID {
		f.reportTenantID(q, c)
	}
	return nil
}

// ask runs one prompt; on abort it saves the case first, so that Ctrl-C loses nothing.
func (f *Flow) ask(p Prompt, c *diagnose.Case) (string, error) {
	v, err := f.Prompter.Ask(p)
	if errors.Is(err, ErrAborted) {
		if serr := f.Save(c); serr != nil {
			return "", serr
		}
	}
	return v, err
}

func defaultTo(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// describeTenantID is the live comment on a tenant ID being typed: where each problem is.
func (f *Flow) describeTenantID(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	id := diagnose.CheckTenantID(s)
	switch {
	case id.Valid && len(id.Problems) == 0:
		return "✓ " + id.Canonical
	case id.Valid:
		return "! " + id.ProblemsText(f.Engine.Catalog, f.lang()) + " → " + id.Canonical
	}
	return "✗ " + id.ProblemsText(f.Engine.Catalog, f.lang())
}

// reportTenantID tells, after entry, what is wrong with an ID, and compares an ID that confirms
// another with it character by character.
func (f *Flow) reportTenantID(q *diagnose.Field, c *diagnose.Case) {
	value := q.Value(c)
	if d := f.describeTenantID(value); d != "" && !strings.HasPrefix(d, "✓") {
		f.Prompter.Say(d)
	}
	if q.Ask.Confirms == nil || value == "" {
		return
	}
	other := q.Ask.Confirms.Value(c)
	if other == "" {
		return
	}
	entered, confirmed := diagnose.CheckTenantID(other), diagnose.CheckTenantID(value)
	if entered.Valid && confirmed.Valid && entered.Canonical == confirmed.Canonical {
		f.Prompter.Say(f.t(labels.IDsMatch))
		return
	}
	top, bottom, marks := diagnose.AlignTenantIDs(other, value).Rows()
	f.Prompter.Say(fmt.Sprintf("%s\n  %s\n  %s\n  %s", f.t(labels.IDsDiffer), top, bottom, marks))
}

// retryTime is when to try again: for a replication delay, the retry time its steps name (or an
// hour from now if that has passed); otherwise in an hour.
func (f *Flow) retryTime(c *diagnose.Case, s scenarios.ID) time.Time {
	retry := f.Now().Truncate(time.Minute).Add(time.Hour)
	if at := c.Answers.RecentChangeAt; s == scenarios.D && at != nil && diagnose.RetryAfter(at.Time).After(retry) {
		retry = diagnose.RetryAfter(at.Time)
	}
	return retry
}
