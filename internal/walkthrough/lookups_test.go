package walkthrough_test

import (
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/internal/walkthrough/walkthroughtest"
)

// fakeLooker records the cases it looked up and finds the customer in Partner Center with a
// reseller relationship; a Graph lookup fails.
type fakeLooker struct{ looked []string }

func (f *fakeLooker) look(c *diagnose.Case) diagnose.Looked {
	f.looked = append(f.looked, c.Customer.TenantID+"|"+c.Customer.Domain)
	at := &diagnose.Time{Time: testkit.Now}
	return diagnose.Looked{
		Lookups:  []diagnose.Lookup{{Source: diagnose.SourcePartnerCenter, Fact: diagnose.FactCustomerRelationship, Value: "reseller", At: at}},
		Failures: []error{&diagnose.LookupError{Domain: "contoso.com", Kind: diagnose.LookupTimeout}},
	}
}

func lookupFlow(t *testing.T, p *walkthroughtest.Prompter, f *fakeLooker, ask bool) (*walkthrough.Flow, *[]diagnose.Case) {
	flow, saves := flowFor(t, p)
	flow.Lookup, flow.LookupAsk = f.look, ask
	flow.DescribeLookups = func(list []diagnose.Lookup) []string {
		var lines []string
		for _, l := range list {
			lines = append(lines, "  • "+l.Source+":"+l.Fact+"="+l.Value)
		}
		return lines
	}
	return flow, saves
}

// TestTheWalkthroughLooksUp: once the tenant ID and the domain are asked, the walkthrough offers
// the lookup, keeps what came back in the case (saved), says it, and does not ask the questions
// it answers ("Looked up: …"); the failure is a warning of the diagnosis.
func TestTheWalkthroughLooksUp(t *testing.T) {
	answers := everythingNo()
	delete(answers, "answers.partner_center_search")
	delete(answers, "answers.earlier_relationship_with_you")
	answers["lookup"] = []string{"yes"}
	answers["fixed"] = []string{"later"}
	answers["retry_at"] = []string{"tomorrow 9:00"}
	p := &walkthroughtest.Prompter{Answers: answers}
	f := &fakeLooker{}
	flow, saves := lookupFlow(t, p, f, true)
	out, err := flow.Run(&diagnose.Case{})
	if err != nil {
		t.Fatal(err)
	}
	asked := strings.Join(p.Asked, " ")
	if !strings.Contains(asked, "customer.tenant_id partner.partner_id") && !strings.Contains(asked, "customer.tenant_id lookup partner.partner_id") {
		t.Errorf("the lookup is not offered right after the tenant ID: %s", asked)
	}
	if !strings.Contains(asked, "customer.tenant_id lookup ") {
		t.Errorf("asked: %s", asked)
	}
	for _, skipped := range []string{"answers.partner_center_search", "answers.earlier_relationship_with_you"} {
		if strings.Contains(asked, skipped) {
			t.Errorf("%s was asked although the lookup answered it", skipped)
		}
	}
	if len(f.looked) != 1 || f.looked[0] != testkit.GoodID+"|contoso.com" {
		t.Errorf("looked up %v", f.looked)
	}
	said := p.SaidAll()
	for _, want := range []string{"Looked up:\n  • partner_center:customer_relationship=reseller",
		"Not looked up: the sign-in service did not answer in time",
		"Looked up: Partner Center search: Found — Partner Center's API gives the customer's relationship to you as reseller (Partner Center, 2026-11-20 12:00 +01:00)."} {
		if !strings.Contains(said, want) {
			t.Errorf("not said: %q\n%s", want, said)
		}
	}
	last := (*saves)[len(*saves)-1]
	if len(last.Lookups) != 1 || last.Lookups[0].Value != "reseller" {
		t.Errorf("saved lookups %+v", last.Lookups)
	}
	if out.Result.Scenario != "B" || !strings.Contains(warnings(out.Result), "lookup_failed") {
		t.Errorf("diagnosis %s, warnings %s", out.Result.Scenario, warnings(out.Result))
	}
	// The review shows the looked-up answer as such.
	review := p.Prompts["review"]
	found := false
	for _, o := range review.Options {
		found = found || strings.Contains(o.Label, "Found (looked up)")
	}
	if !found {
		t.Errorf("the review does not show the looked-up answer: %+v", review.Options)
	}
}

func warnings(r diagnose.Result) string {
	var codes []string
	for _, w := range r.Warnings {
		codes = append(codes, w.Code)
	}
	return strings.Join(codes, " ")
}

// TestNoMeansTheQuestionsAreAsked: declined, nothing is looked up and every question is asked.
func TestNoMeansTheQuestionsAreAsked(t *testing.T) {
	answers := everythingNo()
	answers["lookup"] = []string{"no"}
	p := &walkthroughtest.Prompter{Answers: answers}
	f := &fakeLooker{}
	flow, _ := lookupFlow(t, p, f, true)
	if _, err := flow.Run(&diagnose.Case{}); err != nil {
		t.Fatal(err)
	}
	if len(f.looked) != 0 || !strings.Contains(strings.Join(p.Asked, " "), "answers.partner_center_search") {
		t.Errorf("looked up %v; asked %v", f.looked, p.Asked)
	}
}

// TestNotSignedInIsSaidOnce: without a sign-in the walkthrough says why it does not offer the
// lookup, once, where it would have.
func TestNotSignedInIsSaidOnce(t *testing.T) {
	p := &walkthroughtest.Prompter{Answers: everythingNo()}
	flow, _ := flowFor(t, p)
	flow.LookupNote = "NOT SIGNED IN"
	if _, err := flow.Run(&diagnose.Case{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(p.SaidAll(), "NOT SIGNED IN"); n != 1 {
		t.Errorf("said %d times", n)
	}
	for _, id := range p.Asked {
		if id == "lookup" {
			t.Error("offered without a sign-in")
		}
	}
}

// TestChangedTenantIDDropsTheLookups: a tenant ID changed in the review makes the lookups of the
// old one go, and the lookup is offered again for the new one.
func TestChangedTenantIDDropsTheLookups(t *testing.T) {
	answers := everythingNo()
	answers["lookup"] = []string{"yes", "yes"}
	answers["review"] = []string{"customer.tenant_id", ""}
	answers["customer.tenant_id"] = []string{testkit.GoodID, "11111111-2222-3333-4444-555555555555"}
	p := &walkthroughtest.Prompter{Answers: answers}
	f := &fakeLooker{}
	flow, saves := lookupFlow(t, p, f, true)
	if _, err := flow.Run(&diagnose.Case{}); err != nil {
		t.Fatal(err)
	}
	if len(f.looked) != 2 || !strings.HasPrefix(f.looked[1], "11111111-") {
		t.Errorf("looked up %v", f.looked)
	}
	if !strings.Contains(p.SaidAll(), "the earlier lookups no longer apply") {
		t.Errorf("not said:\n%s", p.SaidAll())
	}
	if last := (*saves)[len(*saves)-1]; len(last.Lookups) != 1 {
		t.Errorf("saved %+v", last.Lookups)
	}
}

// TestOnlineLooksUpWithoutAsking: with --online the walkthrough looks up without asking, and a
// resumed case that holds lookups is looked up again.
func TestOnlineLooksUpWithoutAsking(t *testing.T) {
	p := &walkthroughtest.Prompter{Answers: everythingNo()}
	f := &fakeLooker{}
	flow, _ := lookupFlow(t, p, f, false)
	c := &diagnose.Case{Lookups: []diagnose.Lookup{{Source: "graph", Fact: "contract", Value: "none", At: &diagnose.Time{Time: testkit.Now}}}}
	if _, err := flow.Run(c); err != nil {
		t.Fatal(err)
	}
	if len(f.looked) != 1 || strings.Contains(strings.Join(p.Asked, " "), "lookup") {
		t.Errorf("looked up %v, asked %v", f.looked, p.Asked)
	}
	if len(c.Lookups) != 2 {
		t.Errorf("lookups %+v: the new ones join the kept ones", c.Lookups)
	}
}
