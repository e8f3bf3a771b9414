package walkthrough

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
)

const goodID = "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"

// fake answers prompts from a script keyed by prompt ID; "fixed" and "note" may be answered
// several times in turn. It records what was asked and said.
type fake struct {
	t       *testing.T
	answers map[string][]string
	abortAt string
	asked   []string
	said    []string
	prompts map[string]Prompt
}

func (f *fake) Ask(p Prompt) (string, error) {
	f.asked = append(f.asked, p.ID)
	if f.prompts == nil {
		f.prompts = map[string]Prompt{}
	}
	f.prompts[p.ID] = p
	if p.ID == f.abortAt {
		return "", ErrAborted
	}
	queue := f.answers[p.ID]
	if len(queue) == 0 {
		return p.Value, nil // Enter: keep the default
	}
	f.answers[p.ID] = queue[1:]
	v := queue[0]
	if p.Validate != nil {
		if err := p.Validate(v); err != nil {
			f.t.Fatalf("%s: scripted answer %q rejected: %v", p.ID, v, err)
		}
	}
	if len(p.Options) > 0 {
		ok := false
		for _, o := range p.Options {
			ok = ok || o.Value == v
		}
		if !ok {
			f.t.Fatalf("%s: %q is not an option", p.ID, v)
		}
	}
	return v, nil
}

func (f *fake) Say(text string) { f.said = append(f.said, text) }

func (f *fake) saidAll() string { return strings.Join(f.said, "\n") }

// run walks through c with the scripted answers and returns the outcome and every saved case.
func run(t *testing.T, c *diagnose.Case, p *fake) (Outcome, []diagnose.Case, error) {
	t.Helper()
	p.t = t
	var saves []diagnose.Case
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	flow := &Flow{
		Prompter: p,
		Engine:   &diagnose.Engine{Catalog: scenarios.MustLoad(), Lang: scenarios.EN, Now: now, Generator: "cspfix test"},
		Now:      func() time.Time { return now },
		Save: func(c *diagnose.Case) error {
			// Save a deep copy, as a file would be.
			b, err := json.Marshal(c)
			if err != nil {
				return err
			}
			var saved diagnose.Case
			if err := json.Unmarshal(b, &saved); err != nil {
				return fmt.Errorf("a saved case must be a valid case file: %w\n%s", err, b)
			}
			saves = append(saves, saved)
			return nil
		},
		Render: func(r *diagnose.Result) string {
			return fmt.Sprintf("verdict %s %s %s", r.Status, r.Scenario, r.Confidence)
		},
	}
	out, err := flow.Run(c)
	return out, saves, err
}

// everythingNo answers every question, pointing to no cause.
func everythingNo() map[string][]string {
	return map[string][]string{
		"customer.name": {"Contoso GmbH"}, "customer.domain": {"contoso.com"}, "customer.tenant_id": {goodID},
		"partner.partner_id": {"4847383"}, "partner.indirect_provider": {"Northwind"}, "attempts": {"10:15"},
		"answers.other_csp": {"no"}, "answers.direct_microsoft": {"no"}, "answers.earlier_relationship_with_you": {"no"},
		"answers.invitation_pending": {"no"}, "answers.recent_change": {"no"}, "customer.confirmed_tenant_id": {goodID},
		"answers.crm_duplicates": {"no"}, "answers.partner_center_search": {"not_found"}, "answers.provider_has_relationship": {"no"},
	}
}

func TestQuestionOrderAndSaving(t *testing.T) {
	p := &fake{answers: everythingNo()}
	out, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	want := "customer.name customer.domain customer.tenant_id partner.partner_id partner.indirect_provider error_message attempts " +
		"answers.other_csp answers.direct_microsoft answers.earlier_relationship_with_you answers.invitation_pending answers.recent_change " +
		"customer.confirmed_tenant_id answers.crm_duplicates answers.partner_center_search answers.provider_has_relationship"
	if got := strings.Join(p.asked, " "); got != want {
		t.Errorf("asked\n got: %s\nwant: %s", got, want)
	}
	if out.Kind != Support || out.Result.Ticket == nil {
		t.Errorf("everything answered, nothing found: want the ticket, got %v", out.Kind)
	}
	// Saved after every answer, and the first save already holds the first answer.
	if len(saves) < len(p.asked) || saves[0].Customer.Name != "Contoso GmbH" {
		t.Errorf("%d saves for %d answers; first: %+v", len(saves), len(p.asked), saves[0].Customer)
	}
	last := saves[len(saves)-1]
	if last.ErrorMessage != diagnose.StandardError || len(last.Attempts) != 1 || last.Attempts[0].Format(time.RFC3339) != "2026-11-20T10:15:00+01:00" {
		t.Errorf("error message or attempt not saved: %q %v", last.ErrorMessage, last.Attempts)
	}
	if !strings.Contains(p.saidAll(), "1/3 The failed attempt") || !strings.Contains(p.saidAll(), "3/3 Check your own systems") {
		t.Errorf("group headings missing:\n%s", p.saidAll())
	}
}

func TestFollowUpsOnlyWhereTheyApply(t *testing.T) {
	answers := everythingNo()
	answers["answers.recent_change"] = []string{"yes"}
	answers["answers.recent_change_at"] = []string{"2h ago"}
	answers["partner.indirect_provider"] = []string{""}
	p := &fake{answers: answers}
	out, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	asked := strings.Join(p.asked, " ")
	if !strings.Contains(asked, "answers.recent_change answers.recent_change_at customer.confirmed_tenant_id") {
		t.Errorf("the time of the change must follow its yes: %s", asked)
	}
	if strings.Contains(asked, "provider_has_relationship") {
		t.Errorf("no indirect provider, no question about it: %s", asked)
	}
	if got := saves[len(saves)-1].Answers.RecentChangeAt.Format(time.RFC3339); got != "2026-11-20T10:00:00+01:00" {
		t.Errorf("change time stored as %s", got)
	}
	if out.Result.Scenario != scenarios.D || out.Result.Confidence != diagnose.High {
		t.Errorf("a change 2 h ago is D, high: got %s %s", out.Result.Scenario, out.Result.Confidence)
	}
}

func TestNoMovesToTheNextCandidateAndEndsWithTheTicket(t *testing.T) {
	answers := everythingNo()
	answers["answers.other_csp"] = []string{"yes"}
	answers["answers.crm_duplicates"] = []string{"yes"}
	answers["fixed"] = []string{"no", "no"}
	answers["note"] = []string{"customer removed the old partner, same error", ""}
	p := &fake{answers: answers}
	out, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(p.saidAll(), "verdict diagnosed"); got != 2 {
		t.Errorf("want A, then B shown with their steps, got %d verdicts:\n%s", got, p.saidAll())
	}
	for _, v := range []string{"verdict diagnosed A high", "verdict diagnosed B medium"} {
		if !strings.Contains(p.saidAll(), v) {
			t.Errorf("missing %q", v)
		}
	}
	if out.Kind != Support || out.Result.Ticket == nil || out.Result.Confidence != diagnose.High {
		t.Fatalf("want the ticket at the end (E, high: something was tried), got %v %s", out.Kind, out.Result.Confidence)
	}
	last := saves[len(saves)-1]
	if len(last.Tried) != 2 || last.Tried[0].Scenario != scenarios.A || last.Tried[0].Note != "customer removed the old partner, same error" || last.Tried[0].At == nil {
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
	p := &fake{answers: answers}
	out, _, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != Fixed || out.Result.Scenario != scenarios.C {
		t.Errorf("got %v %s", out.Kind, out.Result.Scenario)
	}
}

func TestTenantIDProblemsAreShownWhereTheyAre(t *testing.T) {
	answers := everythingNo()
	answers["customer.tenant_id"] = []string{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3\u200b1"}
	answers["fixed"] = []string{"yes"}
	p := &fake{answers: answers}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	said := p.saidAll()
	if !strings.Contains(said, "an invisible character at position 36 (U+200B ZERO WIDTH SPACE)") {
		t.Errorf("the hidden character's position is not shown:\n%s", said)
	}
	if !strings.Contains(said, "✗ It differs from the tenant ID you entered:\n  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3·1\n  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3 1\n                                     +") {
		t.Errorf("no character diff of entered and confirmed ID:\n%s", said)
	}
	// The live description says the same while typing.
	if got := p.prompts["customer.tenant_id"].Describe("4b9d3f1c-2а7e-4c1d-9f0a-6e2b8c7d5a31"); !strings.Contains(got, "position 11") {
		t.Errorf("live description: %q", got)
	}
}

func TestLaterSavesTheTimeToRetry(t *testing.T) {
	answers := everythingNo()
	answers["answers.recent_change"] = []string{"yes"}
	answers["answers.recent_change_at"] = []string{"11:00"}
	answers["fixed"] = []string{"later"}
	p := &fake{answers: answers}
	out, saves, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != Later {
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
	p := &fake{answers: everythingNo(), abortAt: "answers.invitation_pending"}
	_, saves, err := run(t, &diagnose.Case{}, p)
	if !errors.Is(err, ErrAborted) {
		t.Fatalf("want ErrAborted, got %v", err)
	}
	last := saves[len(saves)-1]
	if last.Answers.EarlierRelationshipWithYou != diagnose.No || last.Customer.TenantID != goodID {
		t.Errorf("answers before the abort were not saved: %+v", last.Answers)
	}
	if last.Answers.InvitationPending != diagnose.Unknown {
		t.Errorf("the aborted question must stay unanswered")
	}
}

func TestResumeAsksOnlyWhatIsOpen(t *testing.T) {
	c := &diagnose.Case{
		Customer:     diagnose.Customer{Name: "Contoso", Domain: "contoso.com", TenantID: goodID, ConfirmedTenantID: goodID},
		Partner:      diagnose.Partner{PartnerID: "4847383", IndirectProvider: "Northwind"},
		ErrorMessage: diagnose.StandardError,
		Attempts:     []diagnose.Time{{Time: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}},
		Answers: diagnose.Answers{OtherCSP: diagnose.No, DirectMicrosoft: diagnose.No, EarlierRelationshipWithYou: diagnose.No,
			InvitationPending: diagnose.No, RecentChange: diagnose.Yes, CRMDuplicates: diagnose.No, PartnerCenterSearch: diagnose.NotFound,
			RecentChangeAt: &diagnose.Time{Time: time.Date(2026, 11, 20, 10, 0, 0, 0, time.FixedZone("CET", 3600))}},
		RetryAt: &diagnose.Time{Time: time.Date(2026, 11, 20, 14, 0, 0, 0, time.FixedZone("CET", 3600))},
	}
	p := &fake{answers: map[string][]string{"fixed": {"yes"}}}
	out, saves, err := run(t, c, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.asked, " "); got != "answers.provider_has_relationship fixed" {
		t.Errorf("asked %s", got)
	}
	if !strings.Contains(p.saidAll(), "paused to wait until 2026-11-20 14:00 +01:00") {
		t.Errorf("no word about the retry time:\n%s", p.saidAll())
	}
	if out.Kind != Fixed || saves[len(saves)-1].RetryAt != nil {
		t.Errorf("a finished case keeps no retry time")
	}
}

func TestIncompleteWhenNothingIsKnown(t *testing.T) {
	p := &fake{answers: map[string][]string{}}
	out, _, err := run(t, &diagnose.Case{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != Incomplete || out.Result.Status != diagnose.Incomplete {
		t.Errorf("got %v %s", out.Kind, out.Result.Status)
	}
}

func TestTimePromptValidates(t *testing.T) {
	answers := everythingNo()
	p := &fake{answers: answers}
	if _, _, err := run(t, &diagnose.Case{}, p); err != nil {
		t.Fatal(err)
	}
	v := p.prompts["attempts"].Validate
	if v("yesterday-ish") == nil || v("2h ago") != nil || v("") != nil {
		t.Errorf("time validation accepts or rejects the wrong things")
	}
	if !strings.Contains(p.prompts["attempts"].Help, "14:05") {
		t.Errorf("the help must show the formats: %q", p.prompts["attempts"].Help)
	}
}

func TestEveryQuestionHasCatalogTextsAndOptions(t *testing.T) {
	cat := scenarios.MustLoad()
	for _, q := range diagnose.Questions() {
		if _, ok := cat.Question(q.Path); !ok {
			t.Errorf("question %s has no catalog text", q.Path)
		}
		if (q.Kind == diagnose.KindEnum) != (len(options(q, scenarios.DE)) > 0) {
			t.Errorf("question %s: options do not fit its kind", q.Path)
		}
	}
}

func TestLabelsInTheCatalog(t *testing.T) {
	if missing := scenarios.MustLoad().Missing(&labels); len(missing) > 0 {
		t.Errorf("labels missing from the catalog: %v", missing)
	}
}
