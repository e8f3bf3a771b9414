package walkthrough_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/internal/walkthrough/walkthroughtest"
	"github.com/cspfix/cspfix/scenarios"
)

const goodID = testkit.GoodID

// run walks through c with the scripted answers and returns the outcome and every saved case.
func run(t *testing.T, c *diagnose.Case, p *walkthroughtest.Prompter) (walkthrough.Outcome, []diagnose.Case, error) {
	t.Helper()
	flow, saves := flowFor(t, p)
	out, err := flow.Run(c)
	return out, *saves, err
}

// flowFor is a walkthrough with the scripted prompter, the test clock and saves kept in memory.
func flowFor(t *testing.T, p *walkthroughtest.Prompter) (*walkthrough.Flow, *[]diagnose.Case) {
	t.Helper()
	p.T = t
	saves := &[]diagnose.Case{}
	now := testkit.Now
	flow := &walkthrough.Flow{
		Prompter: p,
		Engine:   &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: now, Generator: "cspfix test"},
		Now:      func() time.Time { return now },
		Save: func(c *diagnose.Case) error {
			// Save a deep copy, as a file would be.
			b, err := json.Marshal(c)
			if err != nil {
				return err
			}
			var saved diagnose.Case
			if err := testmodel.Embedded().UnmarshalCase(b, &saved); err != nil {
				return fmt.Errorf("a saved case must be a valid case file: %w\n%s", err, b)
			}
			*saves = append(*saves, saved)
			return nil
		},
		Render: func(r *diagnose.Result) string {
			return fmt.Sprintf("verdict %s %s %s", r.Status, r.Scenario, r.Confidence)
		},
	}
	return flow, saves
}

// everythingNo answers every question, pointing to no cause.
// answer is the answer at path in c, as the case file writes it.
func answer(c *diagnose.Case, path string) string { return testmodel.Embedded().FieldAt(path).Value(c) }

// withAnswers is c with the answers given (path → value).
func withAnswers(c *diagnose.Case, answers map[string]string) *diagnose.Case {
	for path, v := range answers {
		if !testmodel.Embedded().FieldAt(path).Set(c, v) {
			panic("not an answer to " + path + ": " + v)
		}
	}
	return c
}

func everythingNo() map[string][]string {
	return map[string][]string{
		"operation": {"link_existing"}, "error_place": {"distributor_portal"},
		"customer.name": {"Contoso GmbH"}, "customer.domain": {"contoso.com"}, "customer.tenant_id": {goodID},
		"partner.partner_id": {"4847383"}, "partner.indirect_provider": {"Northwind"}, "attempts": {"10:15"},
		"answers.other_csp": {"no"}, "answers.direct_microsoft": {"no"}, "answers.earlier_relationship_with_you": {"no"},
		"answers.invitation_pending": {"no"}, "answers.recent_change": {"no"}, "customer.confirmed_tenant_id": {goodID},
		"answers.crm_duplicates": {"no"}, "answers.partner_center_search": {"not_found"}, "answers.provider_has_relationship": {"no"},
	}
}

func TestQuestionOrderAndSaving(t *testing.T) {
	p := &walkthroughtest.Prompter{Answers: everythingNo()}
	out, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	want := "operation error_place error_message customer.name customer.domain customer.tenant_id partner.partner_id partner.indirect_provider attempts " +
		"answers.other_csp answers.direct_microsoft answers.earlier_relationship_with_you answers.invitation_pending answers.recent_change " +
		"customer.confirmed_tenant_id answers.crm_duplicates answers.partner_center_search answers.provider_has_relationship review"
	if got := strings.Join(p.Asked, " "); got != want {
		t.Errorf("asked\n got: %s\nwant: %s", got, want)
	}
	if out.Kind != walkthrough.Support || out.Result.Ticket == nil {
		t.Errorf("everything answered, nothing found: want the ticket, got %v", out.Kind)
	}
	// Saved after every answer, and the first save already holds the first answer.
	if len(saves) < len(p.Asked) || saves[0].Operation != "link_existing" {
		t.Errorf("%d saves for %d answers; first: %+v", len(saves), len(p.Asked), saves[0])
	}
	last := saves[len(saves)-1]
	if last.ErrorMessage != testmodel.Embedded().StandardError() || len(last.Attempts) != 1 || last.Attempts[0].Format(time.RFC3339) != "2026-11-20T10:15:00+01:00" {
		t.Errorf("error message or attempt not saved: %q %v", last.ErrorMessage, last.Attempts)
	}
	if !strings.Contains(p.SaidAll(), "1/3 The failed attempt") || !strings.Contains(p.SaidAll(), "3/3 Check your own systems") {
		t.Errorf("group headings missing:\n%s", p.SaidAll())
	}
}

// TestTheStandardErrorIsASuggestion: a new case's error question offers the error cspfix is
// about as a suggestion, which typing replaces; a resumed case's own text is its answer.
func TestTheStandardErrorIsASuggestion(t *testing.T) {
	p := &walkthroughtest.Prompter{Answers: everythingNo()}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	if q := p.Prompts["error_message"]; !q.Suggested || q.Value != testmodel.Embedded().StandardError() {
		t.Errorf("a new case's error question: suggested %v, value %q", q.Suggested, q.Value)
	}
	if q := p.Prompts["customer.name"]; q.Suggested || q.MultiLine {
		t.Errorf("the customer's name: suggested %v, multi-line %v", q.Suggested, q.MultiLine)
	}
	if !p.Prompts["error_message"].MultiLine {
		t.Errorf("the error text does not keep the lines of a paste")
	}
	// Back at the question, the text given is the answer to keep or edit, no suggestion.
	answers := everythingNo()
	answers["error_message"] = []string{"Request failed (409)"}
	answers["customer.name"] = []string{walkthroughtest.Back, "Contoso GmbH"}
	p = &walkthroughtest.Prompter{Answers: answers}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	if q := p.Prompts["error_message"]; q.Suggested || q.Value != "Request failed (409)" {
		t.Errorf("the case's own error text, asked again: suggested %v, value %q", q.Suggested, q.Value)
	}
}

func TestFollowUpsOnlyWhereTheyApply(t *testing.T) {
	answers := everythingNo()
	answers["answers.recent_change"] = []string{"yes"}
	answers["answers.recent_change_at"] = []string{"2h ago"}
	answers["partner.indirect_provider"] = []string{""}
	answers["fixed"] = []string{"yes"}
	p := &walkthroughtest.Prompter{Answers: answers}
	out, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	asked := strings.Join(p.Asked, " ")
	if !strings.Contains(asked, "answers.recent_change answers.change_kind answers.recent_change_at customer.confirmed_tenant_id") {
		t.Errorf("the time of the change must follow its yes: %s", asked)
	}
	if strings.Contains(asked, "provider_has_relationship") {
		t.Errorf("no indirect provider, no question about it: %s", asked)
	}
	if got := answer(&saves[len(saves)-1], "answers.recent_change_at"); got != "2026-11-20T10:00:00+01:00" {
		t.Errorf("change time stored as %s", got)
	}
	if !strings.Contains(p.SaidAll(), "verdict diagnosed D high") {
		t.Errorf("a change 15 min before the failed attempt is D, high:\n%s", p.SaidAll())
	}
	if o := saves[len(saves)-1].Outcome; o.Status != diagnose.OutcomeFixed || o.Scenario != "D" || o.At == nil {
		t.Errorf("yes records how the case ended: %+v", o)
	}
	if out.Kind != walkthrough.Fixed || out.Result.Status != diagnose.Resolved || out.Result.Scenario != "D" {
		t.Errorf("want the case resolved by D, got %v %s %s", out.Kind, out.Result.Status, out.Result.Scenario)
	}
}

func TestNoMovesToTheNextCandidateAndEndsWithTheTicket(t *testing.T) {
	answers := everythingNo()
	answers["answers.other_csp"] = []string{"yes"}
	answers["answers.recent_change"] = []string{"yes"} // no time: D, medium
	answers["fixed"] = []string{"no", "no"}
	answers["note"] = []string{"customer removed the old partner, same error", ""}
	p := &walkthroughtest.Prompter{Answers: answers}
	flow, saves := flowFor(t, p)
	clock := testkit.Now
	flow.Now = func() time.Time { clock = clock.Add(3 * time.Minute); return clock } // each step takes time
	out, err := flow.Run(&diagnose.Case{})
	if err != nil {
		t.Fatal(err)
	}
	last := (*saves)[len(*saves)-1]
	if got := strings.Count(p.SaidAll(), "verdict diagnosed"); got != 2 {
		t.Errorf("want A, then D shown with their steps, got %d verdicts:\n%s", got, p.SaidAll())
	}
	for _, v := range []string{"verdict diagnosed A high", "verdict diagnosed D medium"} {
		if !strings.Contains(p.SaidAll(), v) {
			t.Errorf("missing %q", v)
		}
	}
	if out.Kind != walkthrough.Support || out.Result.Ticket == nil || out.Result.Confidence != diagnose.High {
		t.Fatalf("want the ticket at the end (E, high: something was tried), got %v %s", out.Kind, out.Result.Confidence)
	}
	if len(last.Tried) != 2 || last.Tried[0].Scenario != "A" || last.Tried[0].Note != "customer removed the old partner, same error" || last.Tried[0].At == nil {
		t.Errorf("tried: %+v", last.Tried)
	}
	if len(last.Attempts) != 3 {
		t.Errorf("each 'still there' is a failed attempt: %d attempts", len(last.Attempts))
	}
}

func TestYesEndsTheWalkthrough(t *testing.T) {
	answers := everythingNo()
	answers["customer.tenant_id"] = []string{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5а31"}
	answers["fixed"] = []string{"yes"}
	p := &walkthroughtest.Prompter{Answers: answers}
	out, _, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != walkthrough.Fixed || out.Result.Scenario != "C" {
		t.Errorf("got %v %s", out.Kind, out.Result.Scenario)
	}
}

func TestTenantIDProblemsAreShownWhereTheyAre(t *testing.T) {
	answers := everythingNo()
	answers["customer.tenant_id"] = []string{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3\u200b1"}
	answers["fixed"] = []string{"yes"}
	p := &walkthroughtest.Prompter{Answers: answers}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	said := p.SaidAll()
	if !strings.Contains(said, "an invisible character at position 36 (U+200B ZERO WIDTH SPACE)") {
		t.Errorf("the hidden character's position is not shown:\n%s", said)
	}
	if !strings.Contains(said, "✗ It differs from the tenant ID that was entered:\n  entered    4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3·1\n  confirmed  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3 1\n                                                +") {
		t.Errorf("no character diff of entered and confirmed ID:\n%s", said)
	}
	// The live description says the same while typing.
	if got := p.Prompts["customer.tenant_id"].Describe("4b9d3f1c-2а7e-4c1d-9f0a-6e2b8c7d5a31"); !strings.Contains(got, "position 11") {
		t.Errorf("live description: %q", got)
	}
}

func TestLaterSavesTheTimeToRetry(t *testing.T) {
	answers := everythingNo()
	answers["answers.recent_change"] = []string{"yes"}
	answers["answers.recent_change_at"] = []string{"11:00"}
	answers["fixed"] = []string{"later"}
	p := &walkthroughtest.Prompter{Answers: answers}
	out, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != walkthrough.Later {
		t.Fatalf("got %v", out.Kind)
	}
	want := "2026-11-20T15:00:00+01:00" // four hours after the change
	if got := out.RetryAt.Format(time.RFC3339); got != want {
		t.Errorf("retry at %s, want %s", got, want)
	}
	if got := saves[len(saves)-1].RetryAt; got == nil || got.Format(time.RFC3339) != want {
		t.Errorf("saved retry_at %v", got)
	}
}

func TestAbortSavesWhatWasAnswered(t *testing.T) {
	p := &walkthroughtest.Prompter{Answers: everythingNo(), AbortAt: "answers.invitation_pending"}
	_, saves, err := run(t, &diagnose.Case{}, p)
	if !errors.Is(err, walkthrough.ErrAborted) {
		t.Fatalf("want walkthrough.ErrAborted, got %v", err)
	}
	last := saves[len(saves)-1]
	if answer(&last, "answers.earlier_relationship_with_you") != diagnose.No || last.Customer.TenantID != goodID {
		t.Errorf("answers before the abort were not saved: %+v", last.Answers)
	}
	if answer(&last, "answers.invitation_pending") != "unknown" {
		t.Errorf("the aborted question must stay unanswered")
	}
}

func TestResumeAsksOnlyWhatIsOpen(t *testing.T) {
	c := withAnswers(&diagnose.Case{
		Customer:     diagnose.Customer{Name: "Contoso", Domain: "contoso.com", TenantID: goodID, ConfirmedTenantID: goodID},
		Partner:      diagnose.Partner{PartnerID: "4847383", IndirectProvider: "Northwind"},
		ErrorMessage: testmodel.Embedded().StandardError(),
		Attempts:     []diagnose.Time{{Time: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}},
		RetryAt:      &diagnose.Time{Time: time.Date(2026, 11, 20, 14, 0, 0, 0, time.FixedZone("CET", 3600))},
	}, map[string]string{"answers.other_csp": "no", "answers.direct_microsoft": "no", "answers.earlier_relationship_with_you": "no",
		"answers.invitation_pending": "no", "answers.recent_change": "yes", "answers.crm_duplicates": "no",
		"answers.partner_center_search": "not_found", "answers.recent_change_at": "2026-11-20T10:00:00+01:00"})
	p := &walkthroughtest.Prompter{Answers: map[string][]string{"fixed": {"yes"}}}
	out, saves, err := run(t, c, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Asked, " "); got != "operation error_place answers.change_kind answers.provider_has_relationship review fixed" {
		t.Errorf("asked %s", got)
	}
	if !strings.Contains(p.SaidAll(), "paused to wait until 2026-11-20 14:00 +01:00") {
		t.Errorf("no word about the retry time:\n%s", p.SaidAll())
	}
	if out.Kind != walkthrough.Fixed || saves[len(saves)-1].RetryAt != nil {
		t.Errorf("a finished case keeps no retry time")
	}
}

func TestIncompleteWhenNothingIsKnown(t *testing.T) {
	p := &walkthroughtest.Prompter{Answers: map[string][]string{}}
	out, _, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != walkthrough.Incomplete || out.Result.Status != diagnose.Incomplete {
		t.Errorf("got %v %s", out.Kind, out.Result.Status)
	}
}

func TestTimePromptValidates(t *testing.T) {
	answers := everythingNo()
	p := &walkthroughtest.Prompter{Answers: answers}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	v := p.Prompts["attempts"].Validate
	if v("yesterday-ish") == nil || v("2h ago") != nil || v("") != nil {
		t.Errorf("time validation accepts or rejects the wrong things")
	}
	if !strings.Contains(p.Prompts["attempts"].Help, "14:05") {
		t.Errorf("the help must show the formats: %q", p.Prompts["attempts"].Help)
	}
}

// TestBackGoesToThePreviousQuestion: going back asks the previous question again, with its
// answer as the default; then the walkthrough goes on from there.
func TestBackGoesToThePreviousQuestion(t *testing.T) {
	answers := everythingNo()
	answers["customer.domain"] = []string{walkthroughtest.Back, "contoso.de"}
	answers["customer.name"] = []string{"Contoso", "Contoso GmbH"}
	answers["fixed"] = []string{"yes"}
	p := &walkthroughtest.Prompter{Answers: answers}
	_, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	first := slices.Index(p.Asked, "customer.name")
	if got := strings.Join(p.Asked[first:first+4], " "); got != "customer.name customer.domain customer.name customer.domain" {
		t.Errorf("asked %s", got)
	}
	if p.Prompts["customer.name"].Value != "Contoso" || p.Prompts[p.Asked[0]].Back {
		t.Errorf("asked again with the answer given as its default, and no way back before the first: %+v %+v", p.Prompts["customer.name"], p.Prompts[p.Asked[0]])
	}
	if last := saves[len(saves)-1]; last.Customer.Name != "Contoso GmbH" || last.Customer.Domain != "contoso.de" {
		t.Errorf("saved %+v", last.Customer)
	}
}

// TestReviewChangesAnAnswer: before the result every answer is listed; choosing one asks it
// again, and the diagnosis uses the new answer.
func TestReviewChangesAnAnswer(t *testing.T) {
	answers := everythingNo()
	answers["review"] = []string{"answers.invitation_pending", ""}
	answers["answers.invitation_pending"] = []string{"no", "yes"}
	answers["fixed"] = []string{"yes"}
	p := &walkthroughtest.Prompter{Answers: answers}
	out, _, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	review := p.Prompts["review"]
	if len(review.Options) < 10 || review.Options[0].Value != "" {
		t.Fatalf("review options %+v", review.Options)
	}
	found := false
	for _, o := range review.Options {
		found = found || o.Value == "answers.invitation_pending" && o.Label == "Invitation still open: Yes"
	}
	if !found {
		t.Errorf("the review lists no answer in words: %+v", review.Options)
	}
	if out.Result.Scenario != "B" {
		t.Errorf("the changed answer (a pending invitation) was not used: %s", out.Result.Scenario)
	}
}

// TestAfterNoTheOpenQuestionIsAskedThere: the question left open ("don't know yet") is asked
// again after "still failing", before the next diagnosis.
func TestAfterNoTheOpenQuestionIsAskedThere(t *testing.T) {
	answers := everythingNo()
	answers["answers.other_csp"] = []string{"yes"}
	answers["answers.partner_center_search"] = []string{"not_checked", "not_found"}
	answers["fixed"] = []string{"no"}
	p := &walkthroughtest.Prompter{Answers: answers}
	out, _, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	asked := strings.Join(p.Asked, " ")
	if !strings.Contains(asked, "fixed note answers.other_partner_kind answers.partner_center_search") {
		t.Errorf("the open question was not asked after no: %s", asked)
	}
	if out.Kind != walkthrough.Support {
		t.Errorf("with the list searched, nothing is left but the ticket: %v", out.Kind)
	}
}

// TestFixedHasNoYesByDefault: Enter alone on "did it fix it?" never closes the case, and the
// question shows the verdict it is about.
func TestFixedHasNoYesByDefault(t *testing.T) {
	answers := everythingNo()
	answers["answers.other_csp"] = []string{"yes"}
	p := &walkthroughtest.Prompter{Answers: answers}
	f, _ := flowFor(t, p)
	f.Headline = func(r *diagnose.Result) string { return "Most likely: " + string(r.Scenario) }
	out, err := f.Run(&diagnose.Case{})
	if err != nil {
		t.Fatal(err)
	}
	fixed := p.Prompts["fixed"]
	if fixed.Value == "yes" || fixed.Options[0].Value == "yes" || out.Kind == walkthrough.Fixed {
		t.Errorf("Enter chose %q (first option %q): %v", fixed.Value, fixed.Options[0].Value, out.Kind)
	}
	if fixed.Recap != "Most likely: A" {
		t.Errorf("recap %q", fixed.Recap)
	}
}

// TestLaterAsksTheRetryTime: "later" asks when to try again, suggesting four hours after the
// change, and takes the time the person gives.
func TestLaterAsksTheRetryTime(t *testing.T) {
	answers := everythingNo()
	answers["answers.recent_change"] = []string{"yes"}
	answers["answers.recent_change_at"] = []string{"11:00"}
	answers["fixed"] = []string{"later"}
	answers["retry_at"] = []string{"16:30"}
	p := &walkthroughtest.Prompter{Answers: answers}
	out, _, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Prompts["retry_at"].Value; got != "2026-11-20 15:00" {
		t.Errorf("suggested %q, want four hours after the change", got)
	}
	if got := out.RetryAt.Format(time.RFC3339); got != "2026-11-20T16:30:00+01:00" {
		t.Errorf("retry at %s", got)
	}
}

// TestRecordTicketKeepsTheReference: the support request's number becomes the case's outcome.
func TestRecordTicketKeepsTheReference(t *testing.T) {
	p := &walkthroughtest.Prompter{T: t, Answers: map[string][]string{"reference": {" 2611200010004271 "}}}
	f, saves := flowFor(t, p)
	c := &diagnose.Case{}
	if err := f.RecordTicket(c); err != nil {
		t.Fatal(err)
	}
	if o := (*saves)[0].Outcome; o.Status != diagnose.OutcomeTicketOpened || o.Reference != "2611200010004271" || o.Scenario != "E" {
		t.Errorf("outcome %+v", o)
	}
	p = &walkthroughtest.Prompter{T: t, Answers: map[string][]string{"reference": {""}}}
	f, saves = flowFor(t, p)
	if err := f.RecordTicket(c); err != nil || len(*saves) != 0 {
		t.Errorf("no number, nothing recorded: %v, %d saves", err, len(*saves))
	}
}

// TestResumeSaysWhereTheCaseStands: a resumed case first names the customer, what was tried
// and what is open; an optional answer left empty is not asked again.
func TestResumeSaysWhereTheCaseStands(t *testing.T) {
	at := diagnose.Time{Time: time.Date(2026, 11, 20, 10, 0, 0, 0, time.FixedZone("CET", 3600))}
	c := withAnswers(&diagnose.Case{ID: "contoso-1", Customer: diagnose.Customer{Name: "Contoso GmbH", TenantID: goodID},
		Partner:      diagnose.Partner{PartnerID: "4847383"}, // no indirect provider: left empty before
		ErrorMessage: testmodel.Embedded().StandardError(), Attempts: []diagnose.Time{at},
		Tried: []diagnose.Tried{{Scenario: "A", At: &at, Note: "old partner removed"}}},
		map[string]string{"answers.other_csp": "yes"})
	p := &walkthroughtest.Prompter{Answers: map[string][]string{}}
	f, _ := flowFor(t, p)
	f.Resumed = true
	if _, err := f.Run(c); err != nil {
		t.Fatal(err)
	}
	said := p.Said[0]
	for _, want := range []string{"Resuming case contoso-1 · Contoso GmbH", "Tried without success: A — The customer already works with another partner (2026-11-20 10:00 +01:00): old partner removed",
		"Still open:", "• Which tenant ID does the customer see in their admin center?"} {
		if !strings.Contains(said, want) {
			t.Errorf("lacks %q:\n%s", want, said)
		}
	}
	if strings.Contains(strings.Join(p.Asked, " "), "partner.indirect_provider") || strings.Contains(said, "indirect provider") {
		t.Errorf("an optional answer left empty was asked again: %v", p.Asked)
	}
}

// TestResumeOfACaseWithoutAName: a case without the customer's name is named by its ID alone,
// with no separator left hanging.
func TestResumeOfACaseWithoutAName(t *testing.T) {
	p := &walkthroughtest.Prompter{Answers: map[string][]string{}}
	f, _ := flowFor(t, p)
	f.Resumed = true
	if _, err := f.Run(&diagnose.Case{ID: "resume-1"}); err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(p.Said[0], "\n"); first != "Resuming case resume-1" {
		t.Errorf("first line %q", first)
	}
}

// TestLiveChecks: the Partner ID, the confirmed ID against the entered one, and times are
// checked as they are typed.
func TestLiveChecks(t *testing.T) {
	answers := everythingNo()
	answers["customer.tenant_id"] = []string{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"}
	answers["fixed"] = []string{"yes"}
	p := &walkthroughtest.Prompter{Answers: answers}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	pid := p.Prompts["partner.partner_id"]
	if got := pid.Describe("4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"); !strings.Contains(got, "looks like a tenant ID") {
		t.Errorf("a tenant ID as Partner ID: %q", got)
	}
	if pid.Validate("48-47") == nil || pid.Validate("4847383") != nil {
		t.Error("the Partner ID must be digits only")
	}
	confirmed := p.Prompts["customer.confirmed_tenant_id"]
	if got := confirmed.Describe("4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a32"); !strings.Contains(got, "differs") || !strings.Contains(got, "entered    4b9d") || !strings.Contains(got, "confirmed  4b9d") {
		t.Errorf("the confirmed ID is not compared while typed: %q", got)
	}
	if got := confirmed.Describe(goodID); !strings.Contains(got, "matches") {
		t.Errorf("match: %q", got)
	}
	attempt := p.Prompts["attempts"]
	if got := attempt.Describe("yesterday 14:00"); got != "→ 2026-11-19 14:00 +01:00" {
		t.Errorf("the resolved time: %q", got)
	}
	if got := attempt.Describe("23:30"); !strings.Contains(got, "in the future") {
		t.Errorf("a time in the future is not warned of: %q", got)
	}
	if err := attempt.Validate("14.05"); err == nil || !strings.Contains(err.Error(), "a time with a colon (14:05)") {
		t.Errorf("14.05: %v", err)
	}
}

// TestAccessibleDifferencesInWords: with a screen reader, the differences are sentences.
func TestAccessibleDifferencesInWords(t *testing.T) {
	answers := everythingNo()
	answers["customer.tenant_id"] = []string{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5а31"}
	answers["fixed"] = []string{"yes"}
	p := &walkthroughtest.Prompter{Answers: answers}
	f, _ := flowFor(t, p)
	f.Accessible = true
	if _, err := f.Run(&diagnose.Case{}); err != nil {
		t.Fatal(err)
	}
	said := p.SaidAll()
	if !strings.Contains(said, `Character 34: entered "а" U+0430 CYRILLIC SMALL LETTER A, confirmed "a" U+0061.`) || strings.Contains(said, "^") {
		t.Errorf("differences not in words:\n%s", said)
	}
}

// TestSettingsSkipOnlyTheirQuestions: a Partner ID from the settings skips the Partner ID and
// nothing else, in a new case and in a resumed one that holds nothing but the settings' facts
// (an optional question before it was never asked).
func TestSettingsSkipOnlyTheirQuestions(t *testing.T) {
	for _, resumed := range []bool{false, true} {
		t.Run(fmt.Sprintf("resumed=%v", resumed), func(t *testing.T) {
			answers := everythingNo()
			delete(answers, "partner.partner_id")
			p := &walkthroughtest.Prompter{Answers: answers}
			flow, saves := flowFor(t, p)
			flow.Resumed, flow.Preset = resumed, []string{"partner.partner_id"}
			c := &diagnose.Case{ID: "c1", Partner: diagnose.Partner{PartnerID: "4847383"}}
			if _, err := flow.Run(c); err != nil {
				t.Fatal(err)
			}
			asked := p.Asked
			if resumed && asked[0] == "review" { // a resumed case shows its answers first
				asked = asked[1:]
			}
			if got := strings.Join(asked[:7], " "); got != "operation error_place error_message customer.name customer.domain customer.tenant_id partner.indirect_provider" {
				t.Errorf("asked first: %s", got)
			}
			if last := (*saves)[len(*saves)-1]; last.Customer.Name != "Contoso GmbH" || last.Customer.Domain != "contoso.com" ||
				last.Customer.TenantID != goodID || last.Partner.PartnerID != "4847383" {
				t.Errorf("saved %+v %+v", last.Customer, last.Partner)
			}
		})
	}
}

// TestOptionalQuestionLeftEmptyIsNotAskedAgain: an optional question left empty is not asked
// again after "no" in the same run, nor in a resumed case where a later question was answered.
func TestOptionalQuestionLeftEmptyIsNotAskedAgain(t *testing.T) {
	answers := everythingNo()
	answers["customer.domain"] = []string{""}
	answers["answers.other_csp"] = []string{"yes"}
	answers["fixed"] = []string{"no"}
	p := &walkthroughtest.Prompter{Answers: answers}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(p.Asked, " "), "customer.domain"); n != 1 {
		t.Errorf("the domain left empty was asked %d times: %v", n, p.Asked)
	}
	p = &walkthroughtest.Prompter{Answers: map[string][]string{}, AbortAt: "answers.other_csp"}
	flow, _ := flowFor(t, p)
	flow.Resumed = true
	c := &diagnose.Case{Customer: diagnose.Customer{Name: "Contoso", TenantID: goodID}}
	if _, err := flow.Run(c); !errors.Is(err, walkthrough.ErrAborted) {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(p.Asked, " "), "customer.domain") {
		t.Errorf("a resumed case asked the domain left empty before: %v", p.Asked)
	}
}

// TestReviewChangeToYesAsksItsFollowUps: changing an answer to yes in the review asks what it
// opens (what changed, and when), and the review comes back with the cursor on that row.
func TestReviewChangeToYesAsksItsFollowUps(t *testing.T) {
	answers := everythingNo()
	answers["review"] = []string{"answers.recent_change", ""}
	answers["answers.recent_change"] = []string{"no", "yes"}
	answers["answers.change_kind"] = []string{"partner_removed"}
	answers["answers.recent_change_at"] = []string{"10:00"}
	answers["fixed"] = []string{"yes"}
	var reviews []walkthrough.Prompt
	p := &reviewRecorder{Prompter: walkthroughtest.Prompter{Answers: answers}, reviews: &reviews}
	flow, saves := flowFor(t, &p.Prompter)
	flow.Prompter = p
	out, err := flow.Run(&diagnose.Case{})
	if err != nil {
		t.Fatal(err)
	}
	if asked := strings.Join(p.Asked, " "); !strings.Contains(asked, "review answers.recent_change answers.change_kind answers.recent_change_at review fixed") {
		t.Errorf("the follow-ups of the new yes were not asked: %s", asked)
	}
	if len(reviews) != 2 || reviews[1].Value != "answers.recent_change" {
		t.Errorf("the cursor is not back on the row changed: %+v", reviews)
	}
	last := (*saves)[len(*saves)-1]
	if answer(&last, "answers.change_kind") != "partner_removed" || answer(&last, "answers.recent_change_at") == "" || out.Result.Scenario != "D" {
		t.Errorf("saved %+v, diagnosis %s", last.Answers, out.Result.Scenario)
	}
}

// reviewRecorder keeps the review prompts as they were asked.
type reviewRecorder struct {
	walkthroughtest.Prompter
	reviews *[]walkthrough.Prompt
}

func (r *reviewRecorder) Ask(p walkthrough.Prompt) (string, error) {
	if p.ID == "review" {
		*r.reviews = append(*r.reviews, p)
	}
	return r.Prompter.Ask(p)
}

// TestReviewBackKey: the back key goes from the review to the question asked last, and from a
// question chosen in the review back to the review, its answer unchanged.
func TestReviewBackKey(t *testing.T) {
	answers := everythingNo()
	answers["review"] = []string{walkthroughtest.Back, "answers.other_csp", ""}
	answers["answers.other_csp"] = []string{"no", walkthroughtest.Back}
	answers["answers.provider_has_relationship"] = []string{"no", "yes"}
	answers["fixed"] = []string{"yes"}
	p := &walkthroughtest.Prompter{Answers: answers}
	_, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if asked := strings.Join(p.Asked, " "); !strings.Contains(asked, "answers.provider_has_relationship review answers.provider_has_relationship review answers.other_csp review") {
		t.Errorf("asked %s", asked)
	}
	if !p.Prompts["review"].Back {
		t.Errorf("the review offers no way back")
	}
	last := saves[len(saves)-1]
	if answer(&last, "answers.provider_has_relationship") != diagnose.Yes || answer(&last, "answers.other_csp") != diagnose.No {
		t.Errorf("saved %+v", last.Answers)
	}
}

// TestResumeReviewsFirst: a resumed case shows its answers first, to change any of them.
func TestResumeReviewsFirst(t *testing.T) {
	var reviews []walkthrough.Prompt
	p := &reviewRecorder{Prompter: walkthroughtest.Prompter{Answers: map[string][]string{"review": {"answers.other_csp", ""},
		"answers.other_csp": {"yes"}, "answers.other_partner_kind": {"reseller"}, "fixed": {"yes"}}}, reviews: &reviews}
	flow, saves := flowFor(t, &p.Prompter)
	flow.Prompter, flow.Resumed = p, true
	c := withAnswers(&diagnose.Case{ID: "c1"}, map[string]string{"answers.other_csp": "no"})
	if _, err := flow.Run(c); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Asked[:3], " "); got != "review answers.other_csp answers.other_partner_kind" {
		t.Errorf("asked %v", p.Asked)
	}
	if reviews[0].Back {
		t.Errorf("nothing was asked before the first review: no way back")
	}
	if last := (*saves)[len(*saves)-1]; answer(&last, "answers.other_csp") != diagnose.Yes || answer(&last, "answers.other_partner_kind") != "reseller" {
		t.Errorf("saved %+v", last.Answers)
	}
}

// TestNoBeforeTheWaitingTimeEnds: "no" on a replication delay before its waiting time ends asks
// whether the try came too early; yes pauses the case until then, instead of ruling D out.
func TestNoBeforeTheWaitingTimeEnds(t *testing.T) {
	answers := everythingNo()
	answers["answers.recent_change"] = []string{"yes"}
	answers["answers.change_kind"] = []string{"partner_removed"}
	answers["answers.recent_change_at"] = []string{"11:00"} // an hour before now: waiting until 15:00
	answers["fixed"] = []string{"no"}
	answers["tried_early"] = []string{"wait"}
	p := &walkthroughtest.Prompter{Answers: answers}
	out, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if asked := strings.Join(p.Asked, " "); !strings.Contains(asked, "fixed tried_early retry_at") {
		t.Errorf("asked %s", asked)
	}
	if got := p.Prompts["tried_early"].Title; !strings.Contains(got, "2026-11-20 15:00 +01:00") {
		t.Errorf("the question names no end of the waiting time: %q", got)
	}
	last := saves[len(saves)-1]
	if out.Kind != walkthrough.Later || len(last.Tried) != 0 || out.RetryAt.Format("15:04") != "15:00" {
		t.Errorf("want the case paused until 15:00 with D not ruled out: %v %v %+v", out.Kind, out.RetryAt, last.Tried)
	}

	// The change was earlier than the case said: its time is asked again, and D with it.
	answers = everythingNo()
	answers["answers.recent_change"] = []string{"yes"}
	answers["answers.recent_change_at"] = []string{"11:00", "yesterday 10:00"}
	answers["fixed"] = []string{"no", "no"}
	answers["tried_early"] = []string{"change"}
	p = &walkthroughtest.Prompter{Answers: answers}
	if _, _, err = run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	if asked := strings.Join(p.Asked, " "); !strings.Contains(asked, "fixed tried_early answers.recent_change_at") {
		t.Errorf("asked %s", asked)
	}
}

// TestTheAttemptAnsweredNowIsNotRecordedTwice: "no" in the minute of the failed attempt that
// was answered as "now" is that attempt, not a second one.
func TestTheAttemptAnsweredNowIsNotRecordedTwice(t *testing.T) {
	answers := everythingNo()
	answers["attempts"] = []string{"now"}
	answers["answers.other_csp"] = []string{"yes"}
	answers["fixed"] = []string{"no"}
	p := &walkthroughtest.Prompter{Answers: answers}
	_, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if last := saves[len(saves)-1]; len(last.Attempts) != 1 || len(last.Tried) != 1 {
		t.Errorf("attempts %v, tried %+v", last.Attempts, last.Tried)
	}
}

// TestAClosedCaseIsReopenedOnlyWhenAsked: resuming a fixed case asks whether to reopen it; no
// leaves it as it was, yes clears its outcome and walks through it again.
func TestAClosedCaseIsReopenedOnlyWhenAsked(t *testing.T) {
	at := diagnose.Time{Time: testkit.Now}
	closed := func() *diagnose.Case {
		return &diagnose.Case{ID: "c1", Customer: diagnose.Customer{TenantID: "4b9d3f1c"},
			Outcome: diagnose.Outcome{Status: diagnose.OutcomeFixed, Scenario: "C", At: &at}}
	}
	p := &walkthroughtest.Prompter{Answers: map[string][]string{}}
	flow, saves := flowFor(t, p)
	flow.Resumed = true
	out, err := flow.Run(closed())
	if err != nil || out.Kind != walkthrough.Fixed || len(*saves) != 0 || strings.Join(p.Asked, " ") != "reopen" {
		t.Errorf("no: %v %v, %d saves, asked %v", out.Kind, err, len(*saves), p.Asked)
	}
	p = &walkthroughtest.Prompter{Answers: map[string][]string{"reopen": {"yes"}, "fixed": {"later"}}}
	flow, saves = flowFor(t, p)
	flow.Resumed = true
	out, err = flow.Run(closed())
	if err != nil || out.Kind != walkthrough.Later || (*saves)[0].Outcome.Status != "" {
		t.Errorf("yes: %v %v, saves %+v", out.Kind, err, *saves)
	}
	if asked := strings.Join(p.Asked, " "); !strings.HasPrefix(asked, "reopen review") {
		t.Errorf("asked %s", asked)
	}
}

// TestRetryTimeLiesAhead: a time to try again that has passed is refused with a reason, and
// the help names where the suggestion comes from: D's waiting time, else an hour from now.
func TestRetryTimeLiesAhead(t *testing.T) {
	answers := everythingNo()
	answers["answers.invitation_pending"] = []string{"yes"} // B: no waiting time in its steps
	answers["fixed"] = []string{"later"}
	answers["retry_at"] = []string{"tomorrow 9:00"}
	p := &walkthroughtest.Prompter{Answers: answers}
	out, _, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	q := p.Prompts["retry_at"]
	if q.Validate("yesterday 10:00") == nil || q.Validate("11:30") == nil || q.Validate("16:00") != nil {
		t.Errorf("a retry time that has passed is not refused, or one to come is")
	}
	if !strings.Contains(q.Help, "in an hour") || q.Value != "2026-11-20 13:00" {
		t.Errorf("B's retry suggestion: %q, help %q", q.Value, q.Help)
	}
	if out.RetryAt.Format(time.RFC3339) != "2026-11-21T09:00:00+01:00" {
		t.Errorf("retry at %v", out.RetryAt)
	}
}

// TestAKnownErrorTextIsNamedAtOnce: right after the error text is pasted, the walkthrough names
// a known one and what it points to, says when it held invisible characters, and says of any
// other that it goes into the ticket as it is (SPEC §6 v3).
func TestAKnownErrorTextIsNamedAtOnce(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		want, not  []string
	}{
		{"the agreement to be confirmed, pasted with a zero-width space",
			"Please reach out to your Partner\u200b to confirm your acceptance of the Microsoft Customer Agreement.",
			[]string{"Known message: The customer was asked to have its partner confirm the Microsoft Customer Agreement.",
				"It points to F (Microsoft Customer Agreement: the partner side must confirm the customer's acceptance).",
				"The error text held invisible characters"},
			[]string{"does not know this message"}},
		{"the name in use", "Could not provision customer 'Fabrikam' - the specified subdomain 'fabrikam' is already in use",
			[]string{"Known message: The requested initial domain is already in use.", "It points to G ("}, nil},
		{"the error cspfix is about, which by itself points nowhere", "Partner relation does not work because it is already existing",
			[]string{"Known message: Partner relation already existing"}, []string{"It points to"}},
		{"a text cspfix does not know", "Quota exceeded",
			[]string{"cspfix does not know this message yet; it goes into the ticket as it is."}, []string{"Known message"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			answers := everythingNo()
			answers["error_message"] = []string{tt.text}
			answers["fixed"] = []string{"yes"}
			p := &walkthroughtest.Prompter{Answers: answers}
			if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
				t.Fatal(err)
			}
			said := p.SaidAll()
			for _, w := range tt.want {
				if !strings.Contains(said, w) {
					t.Errorf("not said: %q\n%s", w, said)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(said, n) {
					t.Errorf("said: %q\n%s", n, said)
				}
			}
		})
	}
}

// TestACorrectedAttemptTimeReplacesTheOneGiven: going back to the failed attempt's time shows
// the time given, and a new one (there, or in the review) replaces it instead of adding a
// second failed attempt.
func TestACorrectedAttemptTimeReplacesTheOneGiven(t *testing.T) {
	answers := everythingNo()
	answers["attempts"] = []string{"10:00", "11:00", "09:30"}
	answers["answers.other_csp"] = []string{walkthroughtest.Back, "no"}
	answers["review"] = []string{"attempts", ""}
	p := &walkthroughtest.Prompter{Answers: answers}
	var shown []string
	p.OnAsk = func(pr walkthrough.Prompt) {
		if pr.ID == "attempts" {
			shown = append(shown, pr.Value)
		}
	}
	_, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"", "2026-11-20 10:00 +01:00", "2026-11-20 11:00 +01:00"}; !slices.Equal(shown, want) {
		t.Errorf("the time prompt showed %q, want %q", shown, want)
	}
	last := saves[len(saves)-1]
	if len(last.Attempts) != 1 || last.Attempts[0].Format(time.RFC3339) != "2026-11-20T09:30:00+01:00" {
		t.Errorf("a corrected time must replace the one given: %v", last.Attempts)
	}
}

// TestCorrectingTheAttemptKeepsEarlierOnes: in a resumed case, the review shows the latest failed
// attempt, and changing it replaces that one; the earlier attempts stay.
func TestCorrectingTheAttemptKeepsEarlierOnes(t *testing.T) {
	first := diagnose.Time{Time: time.Date(2026, 11, 19, 9, 0, 0, 0, time.FixedZone("CET", 3600))}
	second := diagnose.Time{Time: time.Date(2026, 11, 20, 9, 0, 0, 0, time.FixedZone("CET", 3600))}
	c := withAnswers(&diagnose.Case{Attempts: []diagnose.Time{first, second}}, map[string]string{})
	answers := everythingNo()
	answers["review"] = []string{"attempts", ""}
	answers["attempts"] = []string{"09:30"}
	p := &walkthroughtest.Prompter{Answers: answers}
	flow, saves := flowFor(t, p)
	flow.Resumed = true
	if _, err := flow.Run(c); err != nil {
		t.Fatal(err)
	}
	last := (*saves)[len(*saves)-1]
	if len(last.Attempts) != 2 || !last.Attempts[0].Equal(first.Time) || last.Attempts[1].Format("15:04") != "09:30" {
		t.Errorf("the review changes the attempt it shows, the last: %v", last.Attempts)
	}
}

// TestAccessibleReviewGoesOnAfterAChange: in the accessible mode Enter takes the default, so
// after a change the review's default is "all correct", not the row just changed (which Enter
// would open again and again).
func TestAccessibleReviewGoesOnAfterAChange(t *testing.T) {
	answers := everythingNo()
	answers["review"] = []string{"answers.other_csp"} // then Enter: the default
	answers["answers.other_csp"] = []string{"no", "no"}
	p := &walkthroughtest.Prompter{Answers: answers}
	reviews := 0
	var defaults []string
	p.OnAsk = func(pr walkthrough.Prompt) {
		if pr.ID == "review" {
			reviews++
			defaults = append(defaults, pr.Value)
			if reviews > 3 {
				t.Fatalf("Enter in the review reopens the question changed: defaults %q", defaults)
			}
		}
	}
	flow, _ := flowFor(t, p)
	flow.Accessible = true
	if _, err := flow.Run(&diagnose.Case{}); err != nil {
		t.Fatal(err)
	}
	if reviews != 2 || defaults[1] != "" {
		t.Errorf("after a change the review's default must be all correct: %d reviews, defaults %q", reviews, defaults)
	}
}

// TestRetrySuggestionIsTheStepsTime: a waiting time that ends in less than an hour is still the
// time suggested, as the steps name it, and the help says so; one that has passed gives way to
// "in an hour".
func TestRetrySuggestionIsTheStepsTime(t *testing.T) {
	for _, tt := range []struct{ change, want, help string }{
		{"08:30", "2026-11-20 12:30", "the time the steps name"},
		{"07:00", "2026-11-20 13:00", "in an hour"},
	} {
		answers := everythingNo()
		answers["answers.recent_change"] = []string{"yes"}
		answers["answers.recent_change_at"] = []string{tt.change}
		answers["attempts"] = []string{"07:00"}
		answers["fixed"] = []string{"later"}
		p := &walkthroughtest.Prompter{Answers: answers}
		if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
			t.Fatal(err)
		}
		if pr := p.Prompts["retry_at"]; pr.Value != tt.want || !strings.Contains(pr.Help, tt.help) {
			t.Errorf("change at %s: suggested %q (%q), want %q (%q)", tt.change, pr.Value, pr.Help, tt.want, tt.help)
		}
	}
}

// TestANewTenantIsNotAskedForAnEnteredID: creating a new tenant, nobody entered a tenant ID and
// no invitation of yours can be open: the walkthrough asks neither.
func TestANewTenantIsNotAskedForAnEnteredID(t *testing.T) {
	answers := everythingNo()
	answers["operation"] = []string{"create_tenant"}
	p := &walkthroughtest.Prompter{Answers: answers}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	asked := " " + strings.Join(p.Asked, " ") + " "
	for _, id := range []string{"customer.tenant_id", "answers.invitation_pending"} {
		if strings.Contains(asked, " "+id+" ") {
			t.Errorf("asked %s while creating a new tenant: %s", id, asked)
		}
	}
	if !strings.Contains(asked, " customer.confirmed_tenant_id ") {
		t.Errorf("whether the customer already has a tenant is still asked: %s", asked)
	}
}

// TestAKnownTextOffersWhatItImplies: after the text that asks to have the partner confirm the
// agreement, "What did the customer see?" comes with that answer chosen, not "don't know".
func TestAKnownTextOffersWhatItImplies(t *testing.T) {
	answers := everythingNo()
	answers["operation"] = []string{"customer_accepting"}
	answers["error_message"] = []string{"Please reach out to your Partner to confirm your acceptance of the Microsoft Customer Agreement."}
	answers["answers.customer_saw"] = []string{"confirm_agreement"}
	p := &walkthroughtest.Prompter{Answers: answers}
	offered := "(not asked)"
	p.OnAsk = func(pr walkthrough.Prompt) {
		if pr.ID == "answers.customer_saw" {
			offered = pr.Value
		}
	}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	if offered != "confirm_agreement" {
		t.Errorf("offered %q, want the answer the text implies", offered)
	}
}
