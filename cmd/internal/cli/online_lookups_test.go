package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/msfake"
)

// The lookups of diagnose --online and of the walkthrough, against one local fake that stands in
// for Microsoft's sign-in service, Microsoft Graph and Partner Center (internal/testkit/msfake,
// the answers of internal/microsoft/testdata): a route the fake does not know fails the test,
// and nothing leaves the loopback interface (TestMain).

// msToken is the token the tests give cspfix: no output may ever show it.
const msToken = "eyJ0eXAiOiJKV1QifQ.c2VjcmV0LXRva2VuLWZvci1jc3BmaXgtY21k.SECRET-cmd-7f3a"

// microsoftFake is the fake services, and the variables that point cspfix at them with the token.
type microsoftFake struct {
	*msfake.Server
	t    *testing.T
	vars map[string]string
}

func newMicrosoftFake(t *testing.T, tls bool) *microsoftFake {
	s := msfake.New(t, tls)
	return &microsoftFake{Server: s, t: t, vars: map[string]string{
		"CSPFIX_AUTHORITY": s.URL, "CSPFIX_GRAPH_URL": s.URL, "CSPFIX_PARTNER_CENTER_URL": s.URL,
		"CSPFIX_GRAPH_TOKEN": msToken, "CSPFIX_PARTNER_CENTER_TOKEN": msToken,
	}}
}

// customer registers what every service knows of a customer (its tenant ID and domain): the
// sign-in service's documents (testkit.AuthorityHandler), Graph's answers with the domain in
// the customer's tenant, the admin relationships, contracts and Partner Center's customer as
// the recorded answers have them, or empty lists and "not found" for plain.
func (f *microsoftFake) customer(id, domain string, plain bool) {
	auth := testkit.AuthorityHandler(f.t)
	f.Handle("/"+id+"/v2.0/.well-known/openid-configuration", auth)
	gdap := "/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=customer/tenantId eq '" + id + "'"
	contracts := "/v1.0/contracts?$filter=customerId eq " + id
	f.Handle("/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='"+id+"')", f.Answer("graph/tenant-by-id.txtar", nil))
	if domain != "" {
		f.Handle("/"+domain+"/v2.0/.well-known/openid-configuration", auth)
		f.Handle("/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='"+domain+"')",
			f.Answer("graph/tenant-by-domain-customer.txtar", map[string]string{"tenant": id, "name": "Contoso, Ltd", "domain": domain}))
	}
	if plain {
		empty := func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(`{"value":[]}`)) }
		f.Handle(gdap, empty)
		f.Handle(contracts, empty)
		f.Handle("/v1/customers/"+id, f.Answer("pc/customer-not-found.txtar", nil))
		return
	}
	f.Handle(gdap, f.Answer("graph/gdap-page1.txtar", nil))
	f.Handle("/v1.0/tenantRelationships/delegatedAdminRelationships?$skiptoken=page2", f.Answer("graph/gdap-page2.txtar", nil))
	f.Handle(contracts, f.Answer("graph/contracts.txtar", nil))
	f.Handle("/v1/customers/"+id, f.Answer("pc/customer.txtar", nil))
}

func (f *microsoftFake) organization(fixture string) {
	f.Handle("/v1.0/organization", f.Answer(fixture, nil))
}

// showsNoToken fails the test when an output shows the token.
func showsNoToken(t *testing.T, where, s string) {
	t.Helper()
	if strings.Contains(s, msToken) || strings.Contains(s, "SECRET-cmd") {
		t.Errorf("%s shows the token:\n%s", where, s)
	}
}

const onlineCase = `{"id":"c1","customer":{"name":"Contoso GmbH","domain":"contoso.onmicrosoft.com","tenant_id":"` + testkit.GoodID + `"}}`

// TestDiagnoseOnlineLooksEverythingUp: with a token and the services answering, the result says
// what they found in every format, turns it into evidence, and lists no question they answered.
func TestDiagnoseOnlineLooksEverythingUp(t *testing.T) {
	f := newMicrosoftFake(t, false)
	f.organization("graph/organization-pascal.txtar")
	f.customer(testkit.GoodID, "contoso.onmicrosoft.com", false)
	e, out, errOut := testEnv(onlineCase, f.vars)
	if code := run(e, []string{"diagnose", "--online", "-o", "json", "--now", "2026-11-20T12:00:00+01:00"}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Scenario   string
		Confidence string
		Candidates []struct {
			Scenario string
			Evidence []diagnose.Note
		}
		Missing  []string
		Warnings []diagnose.Note
		Lookups  []struct{ Source, Fact, Value, At string }
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var evidence []string
	for _, c := range r.Candidates {
		for _, ev := range c.Evidence {
			evidence = append(evidence, c.Scenario+"/"+ev.Code)
		}
	}
	if r.Scenario != "B" || r.Confidence != "high" || strings.Join(evidence, " ") != "B/pc_relationship_reseller B/contract_found B/gdap_active B/gdap_pending D/gdap_ended_recently" {
		t.Errorf("diagnosis %s %s, evidence %v", r.Scenario, r.Confidence, evidence)
	}
	for _, m := range r.Missing {
		if m == "answers.partner_center_search" || m == "answers.earlier_relationship_with_you" {
			t.Errorf("%s was looked up, but is missing", m)
		}
	}
	if len(r.Lookups) != 16 || r.Lookups[0].At != "2026-11-20T12:00:00+01:00" || len(r.Warnings) != 0 {
		t.Errorf("%d lookups (%+v), warnings %v", len(r.Lookups), r.Lookups, r.Warnings)
	}
	if !strings.Contains(errOut.String(), "Looking each case up in Microsoft's systems (Microsoft's sign-in service, Microsoft Graph, Partner Center), at most 4 requests at once") ||
		!strings.Contains(errOut.String(), "Looked up in Microsoft's systems: cases 1, requests 9, lookups without an answer 0.") {
		t.Errorf("stderr: %s", errOut)
	}
	for _, format := range []string{"text", "markdown", "csv"} {
		e, out, errOut := testEnv(onlineCase, f.vars)
		if code := run(e, []string{"diagnose", "--online", "-o", format, "--lang", "de"}); code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		want := map[string]string{"text": "In den Systemen von Microsoft nachgeschlagen • Anmeldedienst von Microsoft, 2026-11-20 12:00 +01:00 • Tenant mit der eingegebenen ID existiert: ja",
			"markdown": "**In den Systemen von Microsoft nachgeschlagen** - Anmeldedienst von Microsoft, 2026-11-20 12:00 +01:00 - Tenant mit der eingegebenen ID existiert: ja",
			"csv":      "openid_discovery/tenant_exists=yes; openid_discovery/tenant_cloud=public;"}[format]
		if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), want) {
			t.Errorf("%s lacks %q:\n%s", format, want, out)
		}
		showsNoToken(t, format, out.String()+errOut.String())
	}
	// Everything was asked once per run: the second and third runs asked anew.
	for _, r := range f.Requests() {
		if strings.Contains(r.URL.Path, "/v2.0/.well-known/") != (r.Header.Get("Authorization") == "") {
			t.Errorf("%s: the token went where it must not, or not where it must", r.URL)
		}
	}
}

// TestFailedLookupsChangeNothingButWarn: a refused sign-in (Graph 401) and Partner Center's "no
// commerce relationship" (403, code 20002) are a warning in words; the diagnosis and the exit
// status are what they are without --online, and no refusal is evidence.
func TestFailedLookupsChangeNothingButWarn(t *testing.T) {
	f := newMicrosoftFake(t, false)
	f.organization("graph/error-401.txtar")
	f.Handle("/"+testkit.GoodID+"/v2.0/.well-known/openid-configuration", testkit.AuthorityHandler(t))
	f.Handle("/v1/customers/"+testkit.GoodID, f.Answer("pc/customer-20002-number.txtar", nil))
	input := `{"customer":{"tenant_id":"` + testkit.GoodID + `"},"answers":{"other_csp":"yes"}}` + "\n{\"answers\":{\"other_csp\":\"maybe\"}}"
	e, offline, _ := testEnv(input, nil)
	offlineCode := run(e, []string{"diagnose", "-o", "json"})
	e, out, errOut := testEnv(input, f.vars)
	if code := run(e, []string{"diagnose", "--online", "-o", "json"}); code != offlineCode || code != exitInvalid {
		t.Fatalf("exit %d online, %d offline: %s", code, offlineCode, errOut)
	}
	first := strings.SplitN(out.String(), "\n", 2)[0]
	for _, want := range []string{`"scenario":"A","confidence":"high"`,
		`"code":"lookup_failed","text":"Not every lookup in Microsoft's systems gave an answer: Microsoft Graph did not accept the sign-in for the lookup of your own tenant (HTTP 401, InvalidAuthenticationToken); Partner Center does not offer the lookup of the customer in Partner Center to this account (HTTP 403, 20002); this says nothing about the customer.`} {
		if !strings.Contains(first, want) {
			t.Errorf("result lacks %s:\n%s", want, first)
		}
	}
	if strings.Contains(first, `"source":"partner_center"`) || !strings.HasPrefix(offline.String(), `{"id":"#1","status":"diagnosed","scenario":"A"`) {
		t.Errorf("a refusal became a fact, or the offline result differs:\n%s\n%s", first, offline)
	}
	if n := f.Count("/v1.0/tenantRelationships/delegatedAdminRelationships") + f.Count("/v1.0/contracts"); n != 0 {
		t.Errorf("%d lookups with a sign-in Graph refused", n)
	}
}

// TestOnlineBatchIsBoundedAndPolite: a batch of 200 cases naming 25 tenants, against a slow
// fake: at most four requests at once, each tenant looked up once, the results in input order,
// and progress on stderr.
func TestOnlineBatchIsBoundedAndPolite(t *testing.T) {
	f := newMicrosoftFake(t, false)
	f.Slow(2 * time.Millisecond)
	f.organization("graph/organization-pascal.txtar")
	var ids []string
	for i := range 25 {
		id := fmt.Sprintf("4b9d3f1c-2a7e-4c1d-9f0a-%012d", i)
		ids = append(ids, id)
		f.customer(id, "", true)
	}
	var in strings.Builder
	for i := range 200 {
		fmt.Fprintf(&in, `{"id":"case-%03d","customer":{"tenant_id":"%s"}}`+"\n", i, ids[i%len(ids)])
	}
	e, out, errOut := testEnv(in.String(), f.vars)
	if code := run(e, []string{"diagnose", "--online", "-o", "json"}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 200 {
		t.Fatalf("%d results", len(lines))
	}
	for i, line := range lines {
		if !strings.HasPrefix(line, fmt.Sprintf(`{"id":"case-%03d"`, i)) {
			t.Fatalf("result %d out of order: %.40s", i, line)
		}
	}
	if most := f.MostAtOnce(); most > microsoft.DefaultConcurrency {
		t.Errorf("%d requests at once", most)
	}
	if want := 1 + 5*len(ids); f.Count() != want {
		t.Errorf("%d requests, want %d (each tenant once)", f.Count(), want)
	}
	if !strings.Contains(errOut.String(), "Looked up in Microsoft's systems: cases 200, requests 126, lookups without an answer 0.") {
		t.Errorf("stderr: %s", errOut)
	}
}

// TestNotSignedInAsksOnlyThePublicService: without a token or a sign-in, --online asks the
// public sign-in service alone, and says so once.
func TestNotSignedInAsksOnlyThePublicService(t *testing.T) {
	f := newMicrosoftFake(t, false)
	f.Handle("/"+testkit.GoodID+"/v2.0/.well-known/openid-configuration", testkit.AuthorityHandler(t))
	e, out, errOut := testEnv(`{"customer":{"tenant_id":"`+testkit.GoodID+`"}}`, map[string]string{"CSPFIX_AUTHORITY": f.URL})
	if code := run(e, []string{"diagnose", "--online", "-o", "json"}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out.String(), `{"source":"openid_discovery","fact":"tenant_exists","value":"yes"`) || f.Count() != 1 ||
		strings.Count(errOut.String(), "only Microsoft's public sign-in service is asked") != 1 {
		t.Errorf("%d requests; stdout %s\nstderr %s", f.Count(), out, errOut)
	}
}

// TestOnlineOverTLS: the real binary, its service roots https on the loopback interface, trusts
// the fake's certificate only through SSL_CERT_FILE, and looks up through it.
func TestOnlineOverTLS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("SSL_CERT_FILE is read by Go on Linux")
	}
	bin := testkit.Binary(t)
	f := newMicrosoftFake(t, true)
	f.organization("graph/organization-pascal.txtar")
	f.customer(testkit.GoodID, "", false)
	cmd := exec.Command(bin, "diagnose", "--online", "-o", "json", "--now", "2026-11-20T12:00:00+01:00")
	cmd.Stdin = strings.NewReader(`{"customer":{"tenant_id":"` + testkit.GoodID + `"}}`)
	cmd.Env = []string{"SSL_CERT_FILE=" + f.Certificate(t.TempDir()), "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	for k, v := range f.vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(string(out), `"code":"pc_relationship_reseller"`) || !strings.HasPrefix(f.URL, "https://127.0.0.1:") {
		t.Errorf("output %s", out)
	}
	showsNoToken(t, "stdout", string(out))
}

// TestProgressLineMakesWay: on a terminal, the line of progress is drawn in place, cut to the
// width, and taken away before anything else is written (the note of a signal).
func TestProgressLineMakesWay(t *testing.T) {
	var b strings.Builder
	p := &progressLine{w: &b, width: 20}
	p.show("Looked up 4 cases so far (40 requests, 119 waiting) …", true)
	p.show("Looked up 9 cases so far", true)
	fmt.Fprintln(p, "stopped by SIGINT")
	p.clear()
	want := "\r\x1b[KLooked up 4 cases s\r\x1b[KLooked up 9 cases s\r\x1b[Kstopped by SIGINT\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
}

// TestOnlineInputUnreadableIsAllThatIsSaid: an input that cannot be read is said alone, not
// after the start of lookups that never began.
func TestOnlineInputUnreadableIsAllThatIsSaid(t *testing.T) {
	f := newMicrosoftFake(t, false)
	e, out, errOut := testEnv("", f.vars)
	code := run(e, []string{"diagnose", "--online", "--answers", filepath.Join(t.TempDir(), "missing.json")})
	if code != exitUsage || out.Len() != 0 || !strings.Contains(errOut.String(), "cannot read") ||
		strings.Contains(errOut.String(), "Looking each case up") || strings.Contains(errOut.String(), "Looked up") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}
