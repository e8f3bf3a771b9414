// Package walkthrough is the interactive diagnosis: which question comes next, what is saved
// when, and what happens when the person says the fix worked, did not, or must wait. It talks
// to the person only through a Prompter, so it runs and is tested without a terminal.
package walkthrough

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// ErrAborted is returned by a Prompter when the person cancels (Ctrl-C, a signal).
var ErrAborted = errors.New("aborted")

// ErrEndOfInput is returned by a Prompter when the answers ran out (piped answers, Ctrl-D): the
// walkthrough stops as at ErrAborted, which it wraps, but nobody asked it to.
var ErrEndOfInput error = endOfInput{}

// endOfInput is ErrEndOfInput: an ErrAborted nobody asked for (a type, not fmt.Errorf, which
// would run in every process at start-up).
type endOfInput struct{}

func (endOfInput) Error() string        { return "aborted: the answers ended" }
func (endOfInput) Is(target error) bool { return target == ErrAborted }

// ErrBack is returned by a Prompter when the person asks to go back to the previous question.
var ErrBack = errors.New("back")

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
	// Also are the options again, labelled in the catalog's other languages: an answer typed
	// in words may use them (the English words under --lang de).
	Also  []Option
	Value string // the current answer, offered as the default
	// Suggested says that Value is the question's suggestion (the error cspfix is about), not an
	// answer given: what is typed replaces it.
	Suggested bool
	// MultiLine says that the answer keeps the line breaks of a paste (an error text, whose
	// lines the ticket quotes as they were); other answers take them as spaces.
	MultiLine bool
	// Validate rejects unusable free text with a message that says what to type.
	Validate func(string) error
	// Describe comments on free text as it is typed (a tenant ID's problems, the time a phrase
	// stands for), shown below the input; may be nil.
	Describe func(string) string
	// Recap is a line shown with the question, so that what it is about stays in view (the
	// verdict when asking whether its steps worked).
	Recap string
	// Back says that the person may go back from this question (ErrBack).
	Back bool
	// EchoDescription says that what Describe says of the answer is worth saying after it was
	// given, where it could not be shown while typing (the time a phrase stands for).
	EchoDescription bool
}

// Prompter asks and tells. Ask returns ErrAborted when the person cancels and ErrBack when the
// person goes back.
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
	// Headline is the one-line verdict of a diagnosis, shown again with the question whether its
	// steps worked; may be nil.
	Headline func(*diagnose.Result) string
	// Resumed says that the case was saved before: the walkthrough first says where it stands.
	Resumed bool
	// Accessible says that a screen reader may be reading: differences between IDs are told in
	// words instead of marked in aligned rows.
	Accessible bool
	// Preset are the paths of the fields the desk's settings answered (the Partner ID): they are
	// not asked, and they never count as a sign that the questions before them were asked.
	Preset []string
	// Lookup, when set, looks the case up in Microsoft's systems once the tenant ID and the
	// domain are known (lookups.go): after asking whether to when LookupAsk is set. LookupNote is
	// said at that point instead, or before (why it does not, or what it cannot ask);
	// DescribeLookups says looked-up facts, a line each.
	Lookup          func(c *diagnose.Case) diagnose.Looked
	LookupAsk       bool
	LookupNote      string
	DescribeLookups func(list []diagnose.Lookup) []string
	lookups         lookupState

	asked map[string]bool // the questions asked in this run, answered or left empty
	last  *diagnose.Field // the question answered last, where the back key goes from the review
}

func (f *Flow) lang() scenarios.Lang { return f.Engine.Lang }

func (f *Flow) model() *diagnose.Model { return f.Engine.Model }

func (f *Flow) cat() *scenarios.Catalog { return f.Engine.Model.Catalog }

func (f *Flow) t(k txt.Key, args ...string) string { return f.cat().Text(k, f.lang(), args...) }

// Run asks what is not known yet, lets the person review the answers, diagnoses, and walks
// through the remedies until the error is fixed, the person must wait, the ticket is due, or
// more must be found out first.
func (f *Flow) Run(c *diagnose.Case) (Outcome, error) {
	if f.Resumed {
		f.sayWhereItStands(c)
	}
	if c.RetryAt != nil && f.Now().Before(c.RetryAt.Time) {
		f.Prompter.Say(scenarios.Fill(f.t(txt.WalkthroughNotYet), "time", diagnose.FormatLocal(c.RetryAt.Time)))
	}
	c.RetryAt = nil
	if f.Resumed && c.Outcome.Status != "" {
		// A closed case (fixed, or handed to support) is reopened only when asked to: the error
		// came back, or it was closed by mistake.
		r := f.Engine.Diagnose(c, 1)
		p := Prompt{ID: "reopen", Title: f.t(txt.WalkthroughReopen), Help: f.t(txt.WalkthroughReopenHelp), Value: "no",
			Options: []Option{{f.t(txt.WalkthroughReopenNo), "no"}, {f.t(txt.WalkthroughReopenYes), "yes"}}}
		if f.Headline != nil {
			p.Recap = f.Headline(&r)
		}
		v, err := f.ask(p, c)
		if err != nil {
			return Outcome{}, err
		}
		if v != "yes" {
			if r.Status == diagnose.Resolved {
				return Outcome{Kind: Fixed, Result: r}, nil
			}
			return Outcome{Kind: Support, Result: r}, nil
		}
		c.Outcome = diagnose.Outcome{}
		if err := f.Save(c); err != nil {
			return Outcome{}, err
		}
	}
	if f.Resumed {
		// The answers saved may have changed since (the customer called back): the review
		// comes first, and any of them can be changed.
		if err := f.review(c, nil); err != nil {
			return Outcome{}, err
		}
	}
	asked, err := f.askQuestions(c)
	if err != nil {
		return Outcome{}, err
	}
	if asked > 0 {
		if err := f.review(c, f.last); err != nil {
			return Outcome{}, err
		}
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
		case r.Scenario == f.model().Fallback():
			return Outcome{Kind: Support, Result: r}, f.Save(c)
		}
		f.Prompter.Say(f.Render(&r))
		answer, err := f.ask(f.fixedPrompt(&r), c)
		if err != nil {
			return Outcome{}, err
		}
		now := diagnose.Time{Time: f.Now().Truncate(time.Second)}
		switch answer {
		case "yes":
			c.Outcome = diagnose.Outcome{Status: diagnose.OutcomeFixed, Scenario: r.Scenario, At: &now}
			return Outcome{Kind: Fixed, Result: f.Engine.Diagnose(c, 1)}, f.Save(c)
		case "later":
			retry, err := f.askRetryTime(c, r.Scenario)
			if err != nil {
				return Outcome{}, err
			}
			c.RetryAt = &diagnose.Time{Time: retry}
			return Outcome{Kind: Later, Result: r, RetryAt: retry}, f.Save(c)
		}
		if retry, early := f.tooEarly(c, r.Scenario); early {
			// Before the end of the waiting time, a failure says nothing: wait, unless the
			// change was earlier than the case says.
			v, err := f.ask(Prompt{ID: "tried_early", Title: f.t(txt.WalkthroughTriedEarly, "time", diagnose.FormatLocal(retry)),
				Help: f.t(txt.WalkthroughTriedEarlyHelp), Value: "wait", Options: []Option{
					{f.t(txt.WalkthroughTriedEarlyWait, "time", diagnose.FormatLocal(retry)), "wait"},
					{f.t(txt.WalkthroughTriedEarlyChange), "change"},
				}}, c)
			if err != nil {
				return Outcome{}, err
			}
			if v == "change" {
				if err := f.askQuestion(f.model().WaitField(r.Scenario), c, false); err != nil && !errors.Is(err, ErrBack) {
					return Outcome{}, err
				}
				if err := f.Save(c); err != nil {
					return Outcome{}, err
				}
				continue
			}
			retry, err = f.askRetryTime(c, r.Scenario)
			if err != nil {
				return Outcome{}, err
			}
			c.RetryAt = &diagnose.Time{Time: retry}
			return Outcome{Kind: Later, Result: r, RetryAt: retry}, f.Save(c)
		}
		note, err := f.ask(Prompt{ID: "note", Title: f.t(txt.WalkthroughWhatHappened), Help: f.t(txt.WalkthroughWhatHappenedHelp)}, c)
		if err != nil {
			return Outcome{}, err
		}
		c.Tried = append(c.Tried, diagnose.Tried{Scenario: r.Scenario, At: &now, Note: strings.TrimSpace(note)})
		if n := len(c.Attempts); n == 0 || !sameMinute(c.Attempts[n-1].Time, now.Time) {
			c.Attempts = append(c.Attempts, now) // the error came back: one more failed attempt
		}
		if err := f.Save(c); err != nil {
			return Outcome{}, err
		}
		// What could not be answered before may be known now: ask it there and then.
		if _, err := f.askQuestions(c); err != nil {
			return Outcome{}, err
		}
	}
}

// sameMinute reports whether two times are the same minute: a failure after "no" in the minute
// of the attempt recorded last (answered as "now" a moment ago) is that attempt, not another.
func sameMinute(a, b time.Time) bool { return a.Truncate(time.Minute).Equal(b.Truncate(time.Minute)) }

// tooEarly reports whether the steps of scenario s end with a waiting time that has not passed
// yet (a replication delay: four hours after the change), and when it ends.
func (f *Flow) tooEarly(c *diagnose.Case, s scenarios.ID) (time.Time, bool) {
	retry, ok := f.model().WaitEnds(c, s)
	return retry, ok && f.Now().Before(retry)
}

// fixedPrompt asks whether the steps of r worked. Its first choice, where the cursor starts,
// is "later": a stray Enter never closes the case.
func (f *Flow) fixedPrompt(r *diagnose.Result) Prompt {
	p := Prompt{
		ID:    "fixed",
		Title: f.t(txt.WalkthroughDidItWork),
		Options: []Option{
			{f.t(txt.WalkthroughFixedLater), "later"}, {f.t(txt.WalkthroughFixedNo), "no"}, {f.t(txt.WalkthroughFixedYes), "yes"},
		},
		Value: "later",
	}
	if f.Headline != nil {
		p.Recap = f.Headline(r)
	}
	return p
}

// askRetryTime asks when to try again, suggesting the time the steps name.
func (f *Flow) askRetryTime(c *diagnose.Case, s scenarios.ID) (time.Time, error) {
	suggested := f.retryTime(c, s)
	help := f.t(txt.WalkthroughRetryWhenHelpHour)
	if end, ok := f.model().WaitEnds(c, s); ok && suggested.Equal(end) {
		help = f.t(txt.WalkthroughRetryWhenHelp) // the time the steps name
	}
	for {
		v, err := f.ask(f.timePrompt("retry_at", f.t(txt.WalkthroughRetryWhen), help, suggested.Format("2006-01-02 15:04"), false, timeAhead), c)
		if err != nil {
			return time.Time{}, err
		}
		if t, err := ParseTime(v, f.Now()); err == nil {
			return t, nil
		}
		if strings.TrimSpace(v) == "" {
			return suggested, nil
		}
	}
}

// RecordTicket asks, after the ticket was shown, for the number of the support request that
// was opened with it, and records it as the case's outcome; nothing when none is given.
func (f *Flow) RecordTicket(c *diagnose.Case) error {
	v, err := f.ask(Prompt{ID: "reference", Title: f.t(txt.WalkthroughTicketReference), Help: f.t(txt.WalkthroughTicketReferenceHelp)}, c)
	if err != nil {
		return err
	}
	if v = strings.TrimSpace(v); v == "" {
		return nil
	}
	now := diagnose.Time{Time: f.Now().Truncate(time.Second)}
	c.Outcome = diagnose.Outcome{Status: diagnose.OutcomeTicketOpened, Scenario: f.model().Fallback(), Reference: v, At: &now}
	return f.Save(c)
}

// OfferMessage asks, once the outcome is shown, whether to write the message to the customer
// about it. No is where the cursor starts; stopping here (Ctrl-C, the end of piped answers)
// counts as no, since the case is saved already.
func (f *Flow) OfferMessage() (bool, error) {
	v, err := f.Prompter.Ask(Prompt{ID: "message", Title: f.t(txt.WalkthroughOfferMessage), Help: f.t(txt.WalkthroughOfferMessageHelp),
		Options: []Option{{f.t(txt.WalkthroughOfferNo), "no"}, {f.t(txt.WalkthroughOfferYes), "yes"}}, Value: "no"})
	if errors.Is(err, ErrAborted) {
		return false, nil
	}
	return v == "yes", err
}

// askQuestions asks, group by group, every question that applies and is not answered yet. The
// person may go back to the questions asked before and answer them again. It returns how many
// questions it asked.
func (f *Flow) askQuestions(c *diagnose.Case) (int, error) {
	questions := f.model().Questions()
	var asked []int // the questions answered in turn, to go back through
	redo := -1      // a question reached by going back, asked again whatever its answer
	group := diagnose.Group(-1)
	for i := 0; i < len(questions); {
		q := questions[i]
		if err := f.offerLookup(c); err != nil {
			return len(asked), err
		}
		if i != redo && (!q.Applies(c) || answered(q, c) || f.leftEmpty(q, c) || f.lookedUp(q, c)) {
			i++
			continue
		}
		if q.Ask.Group != group {
			group = q.Ask.Group
			f.Prompter.Say(f.t(groupLabels[group]))
		}
		err := f.askQuestion(q, c, len(asked) > 0)
		switch {
		case errors.Is(err, ErrBack):
			if len(asked) > 0 {
				i, asked = asked[len(asked)-1], asked[:len(asked)-1]
			}
			redo = i
			continue
		case err != nil:
			return len(asked), err
		}
		asked, redo = append(asked, i), -1
		f.last = q
		if err := f.Save(c); err != nil {
			return len(asked), err
		}
		i++
	}
	return len(asked), nil
}

// leftEmpty reports whether an optional question was asked before and left empty, so that it
// is not asked again: in this run, or, in a resumed case, before it was saved, which shows in a
// later question that has an answer. An answer the settings gave says nothing about what the
// person was asked (README "The walkthrough"). Optional are the free texts and the choices of
// where it failed that nothing needs: what happened at the attempt does not change when a fix
// did not work, unlike an answer the customer may know by then.
func (f *Flow) leftEmpty(q *diagnose.Field, c *diagnose.Case) bool {
	choice := q.Kind == diagnose.KindEnum && q.Question.Answer.Kind == ""
	if q.Need > 0 || q.TicketNeed > 0 || q.Kind != diagnose.KindText && !choice {
		return false
	}
	if f.asked[q.Path] {
		return true
	}
	if !f.Resumed {
		return false
	}
	for _, later := range f.model().Questions() {
		if later.Ask.Index > q.Ask.Index && later.Known(c) && !slices.Contains(f.Preset, later.Path) {
			return true
		}
	}
	return false
}

// review shows every answer in one choice, to change any before the result: choosing one asks
// it again; the first choice goes on.
//
// Changing an answer asks the follow-ups it opens (what changed, and when, after a new "yes"),
// and the cursor comes back to the row just changed (in the accessible mode, where Enter takes
// the default, the default stays "all correct"). The back key goes from the review to the
// question asked last (last; nil for none), and from a question chosen in the review back to
// the review, unchanged.
func (f *Flow) review(c *diagnose.Case, last *diagnose.Field) error {
	at := ""
	for {
		opts := []Option{{f.t(txt.WalkthroughReviewDone), ""}}
		for _, q := range f.model().Questions() {
			if q.Applies(c) {
				opts = append(opts, Option{f.answerLine(q, c), q.Path})
			}
		}
		v, err := f.ask(Prompt{ID: "review", Title: f.t(txt.WalkthroughReview), Help: f.t(txt.WalkthroughReviewHelp), Options: opts,
			Value: at, Back: last != nil}, c)
		switch {
		case errors.Is(err, ErrBack):
			v = last.Path
		case err != nil:
			return err
		case v == "":
			return nil
		}
		if !f.Accessible {
			// The cursor comes back to the row changed; in the accessible mode Enter takes the
			// default, and after a change it must go on, not open the same question again.
			at = v
		}
		q := f.model().FieldAt(v)
		err = f.askQuestion(q, c, true)
		switch {
		case errors.Is(err, ErrBack):
			continue
		case err != nil:
			return err
		}
		if err := f.Save(c); err != nil {
			return err
		}
		if err := f.askFollowUps(q, c); err != nil {
			return err
		}
		if err := f.offerLookup(c); err != nil {
			return err
		}
	}
}

// askFollowUps asks the questions that follow the answer to q (and their own follow-ups) and
// are still open, as the walkthrough would have asked them after that answer. The back key ends
// them: what was answered is kept.
func (f *Flow) askFollowUps(q *diagnose.Field, c *diagnose.Case) error {
	for _, next := range f.model().Questions() {
		if !follows(next, q) || !next.Applies(c) || answered(next, c) {
			continue
		}
		switch err := f.askQuestion(next, c, true); {
		case errors.Is(err, ErrBack):
			return nil
		case err != nil:
			return err
		}
		if err := f.Save(c); err != nil {
			return err
		}
	}
	return nil
}

// follows reports whether q is asked after an answer to parent, directly or through another
// follow-up.
func follows(q, parent *diagnose.Field) bool {
	for a := q.Ask.After; a != nil; a = a.Ask.After {
		if a == parent {
			return true
		}
		if a.Ask == nil {
			break
		}
	}
	return false
}

// maxReviewAnswer bounds an answer in the review, so that each stays about one line.
const maxReviewAnswer = 64

// answerLine is a question and its answer in words, for the review.
func (f *Flow) answerLine(q *diagnose.Field, c *diagnose.Case) string {
	cq := q.Question
	value := q.Value(c)
	shown := value
	switch {
	case q.Kind == diagnose.KindEnum:
		shown = f.cat().Option(cq, value).In(f.lang())
	case isTime(q) && value != "":
		if t, err := time.Parse(time.RFC3339, value); err == nil {
			shown = diagnose.FormatLocal(t)
		}
	}
	if a, ok := f.lookedUpAnswer(q, c); ok && !q.Known(c) {
		shown = f.t(txt.LookupsReviewAnswer, "answer", f.cat().Option(cq, a.Value).In(f.lang()))
	}
	if strings.TrimSpace(shown) == "" {
		shown = f.t(txt.WalkthroughNoAnswer)
	}
	return cq.Label.In(f.lang()) + ": " + f.cat().Cut(OneLine(shown), maxReviewAnswer, f.lang())
}

// sayWhereItStands tells, before the first question of a resumed case, whose case it is, what
// was tried and what is still open.
func (f *Flow) sayWhereItStands(c *diagnose.Case) {
	label := OneLine(c.ID) // and the customer's name, when the case has one
	if name := OneLine(c.Customer.Name); name != "" {
		label += " · " + name
	}
	lines := []string{scenarios.Fill(f.t(txt.WalkthroughResuming), "case", label)}
	if len(c.Tried) == 0 {
		lines = append(lines, f.t(txt.WalkthroughResumingNothingTried))
	}
	for _, tr := range c.Tried {
		title := ""
		if s, ok := f.cat().Scenario(string(tr.Scenario)); ok {
			title = s.Title.In(f.lang())
		}
		line := f.t(txt.WalkthroughResumingTried, "scenario", string(tr.Scenario), "title", title)
		if tr.At != nil {
			line += " (" + diagnose.FormatLocal(tr.At.Time) + ")"
		}
		if tr.Note != "" {
			line += ": " + OneLine(tr.Note)
		}
		lines = append(lines, line)
	}
	var open []string
	for _, q := range f.model().Questions() {
		if _, looked := f.lookedUpAnswer(q, c); q.Applies(c) && !answered(q, c) && !f.leftEmpty(q, c) && !looked {
			open = append(open, "  • "+q.Question.Prompt.In(f.lang()))
		}
	}
	if len(open) > 0 {
		lines = append(lines, f.t(txt.WalkthroughResumingOpen))
		lines = append(lines, open...)
	} else {
		lines = append(lines, f.t(txt.WalkthroughResumingNothingOpen))
	}
	f.Prompter.Say(strings.Join(lines, "\n"))
}

// OneLine is a value from the case fit for one line of the prompt stream: an error text's lines
// joined, as the review and the answered question show it.
func OneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (f *Flow) askQuestion(q *diagnose.Field, c *diagnose.Case, back bool) error {
	cq := q.Question
	p := Prompt{ID: q.Path, Title: cq.Prompt.In(f.lang()), Help: cq.Help.In(f.lang()), Value: q.Value(c), Back: back}
	if q.Kind == diagnose.KindEnum {
		p.Options, p.Also = f.options(q), f.otherOptions(q)
	}
	switch {
	case isTime(q):
		// The time given before comes back as it was said, with its offset, to be kept or
		// corrected (ParseTime reads it back).
		shown := ""
		if t, err := time.Parse(time.RFC3339, p.Value); err == nil {
			shown = diagnose.FormatLocal(t)
		}
		p = f.timePrompt(q.Path, p.Title, p.Help+" "+f.t(txt.WalkthroughTimeFormats), shown, back, timePast)
	case q.Ask.TenantID:
		p.Describe = f.describeTenantID(q, c)
	case q.Ask.PartnerID:
		p.Describe, p.Validate = f.describePartnerID, f.validatePartnerID
	}
	p.Suggested = p.Value == "" && q.Ask.Default != "" && q.Kind != diagnose.KindEnum
	p.MultiLine = q.Ask.ErrorText
	p.Value = defaultTo(p.Value, q.Ask.Default)
	if q.Kind == diagnose.KindEnum && p.Value == q.Unset {
		// What a known error text implies is offered, not asked from nothing: the text that
		// asks to have the partner confirm the agreement says what the customer saw.
		if known, _ := f.model().RecognisedError(c.ErrorMessage); known != nil {
			if v, ok := known.Implies.Get(q.Path); ok {
				p.Value = v
			}
		}
	}
	before := q.Value(c)
	v, err := f.ask(p, c)
	if err != nil {
		return err
	}
	if f.asked == nil {
		f.asked = map[string]bool{}
	}
	f.asked[q.Path] = true
	if isTime(q) {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		t, _ := ParseTime(v, f.Now())
		v = t.Format(time.RFC3339)
	}
	store(q, c, v)
	f.dropStaleLookups(q, c, before)
	if q.Ask.TenantID {
		f.reportTenantID(q, c)
	}
	if q.Ask.ErrorText {
		f.reportErrorText(q, c)
	}
	return nil
}

// reportErrorText names, right after it was pasted, a known error text and the scenarios it
// points to by itself (with where it failed, as far as answered), or says that cspfix does not
// know it; and what the text alone warns of, such as characters it was compared without
// (SPEC §6 v3).
func (f *Flow) reportErrorText(q *diagnose.Field, c *diagnose.Case) {
	text := q.Value(c)
	if strings.TrimSpace(text) == "" {
		return
	}
	probe := f.model().NewCase()
	probe.Operation, probe.ErrorPlace, probe.ErrorMessage = c.Operation, c.ErrorPlace, text
	r := f.Engine.Diagnose(probe, 1)
	var lines []string
	if known, _ := f.model().RecognisedError(text); known == nil {
		lines = append(lines, f.t(txt.WalkthroughErrorUnknown))
	} else {
		lines = append(lines, f.t(txt.WalkthroughErrorKnown, "title", known.Title.In(f.lang()))+" "+known.Means.In(f.lang()))
		var points []string
		for _, cand := range r.Candidates {
			if s, ok := f.cat().Scenario(string(cand.Scenario)); ok {
				points = append(points, string(s.ID)+" ("+s.Title.In(f.lang())+")")
			}
		}
		if len(points) > 0 {
			lines = append(lines, f.t(txt.WalkthroughErrorPoints, "scenarios", strings.Join(points, ", ")))
		}
	}
	for _, w := range r.Warnings {
		lines = append(lines, w.Text)
	}
	f.Prompter.Say(strings.Join(lines, "\n"))
}

// timeKind says when a time asked for lies: it happened (a failed attempt, a change), or it
// lies ahead (when to try again).
type timeKind int

const (
	timePast timeKind = iota
	timeAhead
)

// timePrompt asks for a time as people say it: the form checks it, and shows below the input
// the time it stands for, warning when that is in the future for a time that has happened
// (pastOnly).
func (f *Flow) timePrompt(id, title, help, value string, back bool, when timeKind) Prompt {
	pastOnly := when == timePast
	return Prompt{ID: id, Title: title, Help: help, Value: value, Back: back, EchoDescription: true,
		Validate: func(s string) error {
			if strings.TrimSpace(s) == "" {
				return nil
			}
			var zone *ZoneError
			switch t, err := ParseTime(s, f.Now()); {
			case errors.Is(err, ErrDotTime):
				return errors.New(f.t(txt.WalkthroughDotTime))
			case errors.As(err, &zone) && errors.Is(err, ErrTimeSkipped):
				return errors.New(f.t(txt.WalkthroughTimeSkipped, "after", zone.After, "wall", zone.Wall))
			case errors.As(err, &zone):
				return errors.New(f.t(txt.WalkthroughTimeTwice, "before", zone.Before, "after", zone.After, "wall", zone.Wall))
			case err != nil:
				return errors.New(f.t(txt.WalkthroughBadTime))
			case when == timeAhead && t.Before(f.Now().Add(-5*time.Minute)):
				return errors.New(f.t(txt.WalkthroughTimePassed)) // a retry time that has passed
			}
			return nil
		},
		Describe: func(s string) string {
			t, err := ParseTime(s, f.Now())
			if err != nil || strings.TrimSpace(s) == "" {
				return ""
			}
			d := "→ " + diagnose.FormatLocal(t)
			if pastOnly && t.After(f.Now().Add(5*time.Minute)) {
				d += "  " + f.t(txt.WalkthroughInTheFuture)
			}
			return d
		}}
}

// ask runs one prompt. Every answer is saved as soon as it is given, so that Ctrl-C loses
// nothing; a stop saves nothing more (a case nobody answered anything in is never written).
func (f *Flow) ask(p Prompt, c *diagnose.Case) (string, error) {
	return f.Prompter.Ask(p)
}

func defaultTo(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// describeTenantID is the live comment on a tenant ID being typed: what is wrong with it and
// where, and for an ID that confirms another, whether the two are the same.
func (f *Flow) describeTenantID(q *diagnose.Field, c *diagnose.Case) func(string) string {
	other := ""
	if q.Ask.Confirms != nil {
		other = q.Ask.Confirms.Value(c)
	}
	return func(s string) string {
		if strings.TrimSpace(s) == "" {
			return ""
		}
		d := f.checkTenantID(s)
		if other != "" {
			if cmp := f.compareIDs(other, s); cmp != "" {
				d += "\n" + cmp
			}
		}
		return d
	}
}

// checkTenantID says whether s is a tenant ID, and what is wrong with it where.
func (f *Flow) checkTenantID(s string) string {
	id := diagnose.CheckTenantID(s)
	switch {
	case id.Valid && len(id.Problems) == 0:
		return "✓ " + id.Canonical
	case id.Valid:
		return "! " + id.ProblemsText(f.cat(), f.lang()) + " → " + id.Canonical
	}
	return "✗ " + id.ProblemsText(f.cat(), f.lang())
}

// compareIDs compares the entered ID with the confirmed one as typed so far: "" until the
// confirmed one is complete, then whether they match, and where they differ, in labelled rows.
func (f *Flow) compareIDs(entered, confirmed string) string {
	e, c := diagnose.CheckTenantID(entered), diagnose.CheckTenantID(confirmed)
	if !c.Valid {
		return ""
	}
	if e.Valid && e.Canonical == c.Canonical {
		return f.t(txt.WalkthroughIDsMatch)
	}
	if f.Accessible {
		return f.t(txt.WalkthroughIDsDiffer) + "\n" + DescribeDifferences(f.cat(), entered, confirmed, f.lang())
	}
	top, bottom, marks := diagnose.AlignTenantIDs(entered, confirmed).Rows()
	enteredLabel, confirmedLabel := f.t(txt.WalkthroughRowEntered), f.t(txt.WalkthroughRowConfirmed)
	width := max(len([]rune(enteredLabel)), len([]rune(confirmedLabel)))
	pad := func(s string) string { return s + strings.Repeat(" ", width-len([]rune(s))) }
	return f.t(txt.WalkthroughIDsDiffer) + "\n" +
		"  " + pad(enteredLabel) + "  " + top + "\n" +
		"  " + pad(confirmedLabel) + "  " + bottom + "\n" +
		"  " + strings.Repeat(" ", width) + "  " + marks
}

// reportTenantID tells, after entry, what is wrong with an ID, and compares an ID that confirms
// another with it, the same as while it was typed.
func (f *Flow) reportTenantID(q *diagnose.Field, c *diagnose.Case) {
	value := q.Value(c)
	if value == "" {
		return
	}
	if id := diagnose.CheckTenantID(value); !id.Valid || len(id.Problems) > 0 {
		f.Prompter.Say(f.checkTenantID(value))
	}
	if q.Ask.Confirms == nil || q.Ask.Confirms.Value(c) == "" {
		return
	}
	if cmp := f.compareIDs(q.Ask.Confirms.Value(c), value); cmp != "" {
		f.Prompter.Say(cmp)
	}
}

// describePartnerID checks a Partner ID as it is typed (diagnose.IsPartnerID); a tenant ID
// pasted in its place is named as one.
func (f *Flow) describePartnerID(s string) string {
	switch problem := f.partnerIDProblem(s); {
	case strings.TrimSpace(s) == "":
		return ""
	case problem == "":
		return "✓"
	default:
		return "✗ " + problem
	}
}

func (f *Flow) validatePartnerID(s string) error {
	if problem := f.partnerIDProblem(s); problem != "" {
		return errors.New(problem)
	}
	return nil
}

// partnerIDProblem says what is wrong with a Partner ID typed, or "" when nothing is (or it is
// empty).
func (f *Flow) partnerIDProblem(s string) string {
	switch s = strings.TrimSpace(s); {
	case s == "" || diagnose.IsPartnerID(s):
		return ""
	case diagnose.CheckTenantID(s).Valid:
		return f.t(txt.WalkthroughPartnerNumberLooksLikeTenant)
	}
	return f.t(txt.WalkthroughPartnerNumberDigits)
}

// retryTime is when to try again: for a replication delay, the retry time its steps name, even
// when that is less than an hour away (the steps and the suggestion must agree), or an hour from
// now if it has passed; otherwise in an hour.
func (f *Flow) retryTime(c *diagnose.Case, s scenarios.ID) time.Time {
	if end, ok := f.model().WaitEnds(c, s); ok && end.After(f.Now()) {
		return end
	}
	return f.Now().Truncate(time.Minute).Add(time.Hour)
}

// DescribeDifferences tells where two IDs differ, one sentence a position, for a screen reader:
// the position and both characters named (U+0430 CYRILLIC SMALL LETTER A), never markers.
func DescribeDifferences(cat *scenarios.Catalog, entered, confirmed string, lang scenarios.Lang) string {
	lines, _ := diagnose.DescribeIDDifferences(cat, entered, confirmed, lang)
	return strings.Join(lines, "\n")
}
