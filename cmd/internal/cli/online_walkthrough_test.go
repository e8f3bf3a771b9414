package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/internal/walkthrough/walkthroughtest"
)

// TestTheTokenIsNeverShown: a service that echoes the token in its errors, a walkthrough that
// looks up and saves the case, the ticket of that case: no output, saved case or ticket shows
// the token.
func TestTheTokenIsNeverShown(t *testing.T) {
	f := newMicrosoftFake(t, false)
	echo := func(w http.ResponseWriter, r *http.Request) { // as a careless service might
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `{"code":%q,"description":"denied for %s"}`, r.Header.Get("Authorization"), r.Header.Get("Authorization"))
	}
	f.Handle("/v1/customers/"+testkit.GoodID, echo) // the first route of a path answers
	f.organization("graph/organization-pascal.txtar")
	f.customer(testkit.GoodID, "contoso.onmicrosoft.com", true)
	dir := t.TempDir()
	save := filepath.Join(dir, "case.json")
	answers := map[string][]string{"customer.name": {"Contoso GmbH"}, "customer.domain": {"contoso.onmicrosoft.com"},
		"customer.tenant_id": {testkit.GoodID}, "partner.partner_id": {"4847383"}, "attempts": {"10:15"}, "fixed": {"later"}}
	script := &walkthroughtest.Prompter{T: t, Answers: answers}
	e, out, errOut := testEnv("", f.vars)
	e.stdinTerminal = true
	e.prompter = func(promptSettings) walkthrough.Prompter { return script }
	if code := run(e, []string{"diagnose", "--online", "--save", save}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, id := range script.Asked {
		if id == "lookup" {
			t.Error("--online asked whether to look up")
		}
	}
	said := script.SaidAll()
	if !strings.Contains(said, "Looked up:\n") || !strings.Contains(said, "Not looked up: Partner Center does not offer the lookup of the customer") {
		t.Errorf("said:\n%s", said)
	}
	saved, err := os.ReadFile(save)
	var c struct{ Lookups []diagnose.Lookup }
	if err == nil {
		err = json.Unmarshal(saved, &c)
	}
	if err != nil || len(c.Lookups) != 12 || c.Lookups[0].Fact != "tenant_exists" {
		t.Fatalf("saved case (%v):\n%s", err, saved)
	}
	e, ticket, ticketErr := testEnv("", nil)
	if code := run(e, []string{"ticket", "--answers", save}); code != exitOK {
		t.Fatalf("ticket: exit %d: %s", code, ticketErr)
	}
	words := strings.Join(strings.Fields(ticket.String()), " ")
	if !strings.Contains(words, "What we checked in Microsoft's systems") ||
		!strings.Contains(words, "- tenant with the entered ID exists: yes (Microsoft's sign-in service, 2026-11-20 12:00 +01:00)") {
		t.Errorf("ticket:\n%s", ticket)
	}
	for where, s := range map[string]string{"stdout": out.String(), "stderr": errOut.String(), "prompts": said,
		"saved case": string(saved), "ticket": ticket.String() + ticketErr.String()} {
		showsNoToken(t, where, s)
	}
}
