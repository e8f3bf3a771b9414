package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/internal/walkthrough/walkthroughtest"
)

// TestDiagnoseOptions runs `cspfix diagnose` with a run function of the test's own: the flags
// and the environment decide between the walkthrough and the batch as documented.
func TestDiagnoseOptions(t *testing.T) {
	tests := []struct {
		name             string
		args             []string
		terminal         bool
		vars             map[string]string
		walkthrough, acc bool
		online           bool
		save, resume     string
	}{
		{name: "a terminal and no file", terminal: true, walkthrough: true},
		{name: "piped input", walkthrough: false},
		{name: "a file in a terminal", args: []string{"--answers", "x.json"}, terminal: true},
		{name: "piped answers, --accessible", args: []string{"--accessible"}, walkthrough: true, acc: true},
		{name: "ACCESSIBLE=1 alone keeps a pipe a batch", vars: map[string]string{"ACCESSIBLE": "1"}, acc: true},
		{name: "CSPFIX_NO_PROMPT in a terminal", terminal: true, vars: map[string]string{"CSPFIX_NO_PROMPT": "1"}},
		{name: "--resume", args: []string{"--resume", "c.json", "--lang", "de"}, walkthrough: true, resume: "c.json"},
		{name: "--online --save", args: []string{"--online", "--save", "s.json"}, terminal: true, walkthrough: true, online: true, save: "s.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, errOut := testEnv("", tt.vars)
			e.stdinTerminal = tt.terminal
			e.ctx = context.Background()
			var got *diagnoseOptions
			g := &globalOptions{lang: "en", catalog: e.catalog}
			cmd := newDiagnoseCmd(e, g, func(o *diagnoseOptions) error { got = o; return nil })
			cmd.SetArgs(append(tt.args, "--now", "2026-11-20T12:00:00+01:00"))
			cmd.Flags().StringVar(&g.langFlag, "lang", "", "")
			if err := cmd.Execute(); err != nil {
				t.Fatalf("%v %s", err, errOut)
			}
			if got.walkthrough != tt.walkthrough || got.accessible != tt.acc || got.online != tt.online ||
				got.save != tt.save || got.resume != tt.resume || !got.now.Equal(testkit.Now) {
				t.Errorf("options %+v", got)
			}
		})
	}
}

// TestWalkthroughInProcess runs the walkthrough through the command with a scripted prompter
// from the environment: the answers are saved, the outcome goes to stdout, and the path of the
// case to stderr.
func TestWalkthroughInProcess(t *testing.T) {
	answers := map[string][]string{
		"customer.name": {"Contoso GmbH"}, "customer.domain": {"contoso.onmicrosoft.com"},
		"customer.tenant_id": {"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5а31"}, "partner.partner_id": {"4847383"},
		"partner.indirect_provider": {""}, "attempts": {"10:15"},
		"answers.other_csp": {"no"}, "answers.direct_microsoft": {"no"}, "answers.earlier_relationship_with_you": {"no"},
		"answers.invitation_pending": {"no"}, "answers.recent_change": {"no"},
		"customer.confirmed_tenant_id": {testkit.GoodID}, "answers.crm_duplicates": {"no"},
		"answers.partner_center_search": {"not_found"}, "fixed": {"yes"},
	}
	script := &walkthroughtest.Prompter{T: t, Answers: answers}
	e, out, errOut := testEnv("", nil)
	e.stdinTerminal = true
	e.prompter = func(promptSettings) walkthrough.Prompter { return script }
	path := filepath.Join(t.TempDir(), "case.json")
	if code := run(e, []string{"diagnose", "--save", path}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := out.String(); got != "Fixed by C: Wrong or mistyped tenant ID, or the wrong tenant accepted.\n" {
		t.Errorf("stdout %q", got)
	}
	if !strings.Contains(errOut.String(), "Case saved: "+path) {
		t.Errorf("stderr %q", errOut)
	}
	for _, want := range []string{"It differs from the tenant ID that was entered", "entered    4b9d3f1c", "confirmed  4b9d3f1c"} {
		if !strings.Contains(script.SaidAll(), want) {
			t.Errorf("the IDs were not compared in labelled rows (%q):\n%s", want, script.SaidAll())
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c diagnose.Case
	if err := testmodel.Embedded().UnmarshalCase(data, &c); err != nil || c.Customer.Name != "Contoso GmbH" || len(c.Attempts) != 1 ||
		c.Outcome.Status != diagnose.OutcomeFixed || c.Outcome.Scenario != "C" {
		t.Errorf("saved case %+v (%v)", c, err)
	}
}

// TestWalkthroughWritesJSON: -o json with the walkthrough writes the JSON result on stdout and
// nothing else, the outcome included.
func TestWalkthroughWritesJSON(t *testing.T) {
	answers := map[string][]string{
		"customer.name": {"Contoso GmbH"}, "customer.tenant_id": {testkit.GoodID}, "answers.other_csp": {"yes"},
		"answers.other_partner_kind": {"reseller"}, "fixed": {"yes"},
	}
	script := &walkthroughtest.Prompter{T: t, Answers: answers}
	e, out, errOut := testEnv("", nil)
	e.stdinTerminal = true
	e.prompter = func(promptSettings) walkthrough.Prompter { return script }
	if code := run(e, []string{"diagnose", "-o", "json", "--save", filepath.Join(t.TempDir(), "case.json")}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Status   string `json:"status"`
		Scenario string `json:"scenario"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("stdout is not one JSON result: %v\n%s", err, out)
	}
	if got.Status != "resolved" || got.Scenario != "A" {
		t.Errorf("status %q, scenario %q, want resolved by A:\n%s", got.Status, got.Scenario, out)
	}
}

// fakeLookup answers every domain with one tenant, and counts the lookups.
type fakeLookup struct{ n int }

func (f *fakeLookup) ResolveContext(_ context.Context, domain string) (diagnose.Resolution, error) {
	f.n++
	return diagnose.Resolution{Domain: domain, TenantID: testkit.GoodID, RegionScope: "EU", CloudInstance: "microsoftonline.com"}, nil
}

func (f *fakeLookup) ResolveTenantContext(_ context.Context, id string) (diagnose.Resolution, error) {
	f.n++
	return diagnose.Resolution{TenantID: id, RegionScope: "EU", CloudInstance: "microsoftonline.com"}, nil
}

// TestLookupFromTheEnvironment: --online and tenant resolve use the environment's client of the
// sign-in service, so that tests need no network and no server.
func TestLookupFromTheEnvironment(t *testing.T) {
	fake := &fakeLookup{}
	e, out, errOut := testEnv(`{"customer":{"domain":"a.example","tenant_id":"2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7"}}`, nil)
	e.lookup = func(string) (lookup, error) { return fake, nil }
	if code := run(e, []string{"diagnose", "--online", "-o", "json", "--now", "2026-11-20T12:00:00+01:00"}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if fake.n != 2 || !strings.Contains(out.String(), `"code":"domain_resolves_elsewhere"`) { // the domain and the tenant ID
		t.Errorf("lookups %d, output %s", fake.n, out)
	}
	e, out, _ = testEnv("", nil)
	e.lookup = func(string) (lookup, error) { return fake, nil }
	if code := run(e, []string{"tenant", "resolve", "a.example"}); code != exitOK || !strings.Contains(out.String(), testkit.GoodID) {
		t.Errorf("exit %d, output %s", code, out)
	}
}

// TestWalkthroughTakesPartnerFactsFromSettings: the configured partner facts are shown, stored
// in the case and not asked.
func TestWalkthroughTakesPartnerFactsFromSettings(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.json")
	if err := os.WriteFile(cfgPath, []byte(`{"partner":{"name":"Fabrikam IT","partner_id":"4847383","indirect_provider":"Northwind"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	script := &walkthroughtest.Prompter{T: t, Answers: map[string][]string{
		"customer.name": {"Contoso GmbH"}, "customer.domain": {""}, "customer.tenant_id": {testkit.GoodID}, "attempts": {"10:15"},
		"answers.other_csp": {"yes"}, "fixed": {"later"},
	}}
	e, _, errOut := testEnv("", map[string]string{"CSPFIX_CONFIG": cfgPath})
	e.stdinTerminal = true
	e.prompter = func(promptSettings) walkthrough.Prompter { return script }
	path := filepath.Join(dir, "case.json")
	if code := run(e, []string{"diagnose", "--save", path}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	asked := strings.Join(script.Asked, " ")
	if strings.Contains(asked, "partner.partner_id") || strings.Contains(asked, "partner.indirect_provider") {
		t.Errorf("configured facts asked again: %s", asked)
	}
	if !strings.Contains(script.SaidAll(), "From your settings: Company Fabrikam IT · Partner ID (MPN ID) 4847383 · Indirect provider Northwind.") {
		t.Errorf("the settings were not shown:\n%s", script.SaidAll())
	}
	c, err := casefile.Load(testmodel.Embedded(), path)
	if err != nil || c.Partner.PartnerID != "4847383" || c.Partner.IndirectProvider != "Northwind" {
		t.Errorf("saved case %+v (%v)", c.Partner, err)
	}
}

// TestWalkthroughWritesTheCustomerMessage: after the ticket and its request number, the
// walkthrough offers the message to the customer; it names the request number, in the
// customer's language from the settings.
func TestWalkthroughWritesTheCustomerMessage(t *testing.T) {
	answers := map[string][]string{
		"customer.name": {"Contoso GmbH"}, "customer.tenant_id": {testkit.GoodID}, "partner.partner_id": {"4847383"},
		"partner.indirect_provider": {""}, "attempts": {"10:15"},
		"answers.other_csp": {"no"}, "answers.direct_microsoft": {"no"}, "answers.earlier_relationship_with_you": {"no"},
		"answers.invitation_pending": {"no"}, "answers.recent_change": {"no"},
		"customer.confirmed_tenant_id": {testkit.GoodID}, "answers.crm_duplicates": {"no"},
		"answers.partner_center_search": {"not_found"}, "reference": {"2611230040001234"}, "message": {"yes"},
	}
	cfg := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(cfg, []byte(`{"customer_lang":"de","contact":{"name":"Jana Roth"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	script := &walkthroughtest.Prompter{T: t, Answers: answers}
	e, out, errOut := testEnv("", map[string]string{"CSPFIX_CONFIG": cfg})
	e.stdinTerminal = true
	e.prompter = func(promptSettings) walkthrough.Prompter { return script }
	if code := run(e, []string{"diagnose", "--save", filepath.Join(t.TempDir(), "case.json")}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := strings.Join(strings.Fields(out.String()), " ")
	for _, want := range []string{"Reseller relationship request fails", "Betreff: Unsere Partnerbeziehung",
		"ihre Nummer lautet 2611230040001234", "Freundliche Grüße Jana Roth"} {
		if !strings.Contains(got, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if i := slices.Index(script.Asked, "message"); i != len(script.Asked)-1 || script.Asked[i-1] != "reference" {
		t.Errorf("the offer comes last, after the request number: %v", script.Asked)
	}
}
