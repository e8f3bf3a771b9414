package lookups

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/discovery"
	"github.com/cspfix/cspfix/internal/discovery/oidc"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/microsoft/rest"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/msfake"
	"github.com/cspfix/cspfix/scenarios"
)

func TestMain(m *testing.M) {
	// Nothing here may leave the machine: every transport connects to loopback addresses only.
	testkit.RefuseNonLoopback()
	os.Exit(m.Run())
}

const (
	customer = testkit.GoodID
	domain   = "contoso.onmicrosoft.com"
	// secret is the tests' token: no output may show it.
	secret = "eyJ0eXAiOiJKV1QifQ.c2VjcmV0LXRva2VuLWZvci1jc3BmaXgtdGVzdHM.SECRET-lookups"

	orgPath   = "/v1.0/organization"
	gdapPath  = "/v1.0/tenantRelationships/delegatedAdminRelationships"
	contracts = "/v1.0/contracts"
	pcPath    = "/v1/customers/" + customer
)

func tidPath(id string) string {
	return "/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='" + id + "')"
}

func domainPath(d string) string {
	return "/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='" + d + "')"
}

// discoveryPath is where the public sign-in service's document of a tenant or domain is.
func discoveryPath(tenant string) string {
	return "/" + tenant + "/v2.0/.well-known/openid-configuration"
}

// services is one fake for the sign-in service, Graph and Partner Center, so that it counts the
// requests of all three at once.
type services struct {
	*msfake.Server
	t *testing.T
}

func newServices(t *testing.T) *services { return &services{msfake.New(t, false), t} }

// discovery answers the sign-in service's document for each of tenants as the test authority
// does (testkit.AuthorityHandler: known tenants and domains, AADSTS90002 for the others).
func (s *services) discovery(tenants ...string) {
	h := testkit.AuthorityHandler(s.t)
	for _, tenant := range tenants {
		s.Handle(discoveryPath(tenant), h)
	}
}

// everything registers every lookup of customer and domain, with the recorded answers.
func (s *services) everything() {
	s.discovery(customer, domain)
	s.Handle(orgPath, s.Answer("graph/organization-pascal.txtar", nil))
	s.Handle(tidPath(customer), s.Answer("graph/tenant-by-id.txtar", nil))
	s.Handle(domainPath(domain), s.Answer("graph/tenant-by-domain.txtar", nil))
	s.Handle(gdapPath+"?$filter=customer/tenantId eq '"+customer+"'", s.Answer("graph/gdap-page1.txtar", nil))
	s.Handle(gdapPath+"?$skiptoken=page2", s.Answer("graph/gdap-page2.txtar", nil))
	s.Handle(contracts+"?$filter=customerId eq "+customer, s.Answer("graph/contracts.txtar", nil))
	s.Handle(pcPath, s.Answer("pc/customer.txtar", nil))
}

// runner is a runner of the fake services with the tests' token; signedIn false asks the
// sign-in service only.
func (s *services) runner(signedIn bool, cfg rest.Config) *Runner {
	s.t.Helper()
	disc, err := oidc.New(s.URL, time.Second)
	if err != nil {
		s.t.Fatal(err)
	}
	tok, err := microsoft.NewToken(secret)
	if err != nil {
		s.t.Fatal(err)
	}
	lim := microsoft.NewLimiter(microsoft.DefaultConcurrency)
	r := &Runner{Ctx: context.Background(), Discovery: disc, Limiter: lim, Now: testkit.Clock}
	if !signedIn {
		return r
	}
	cfg.Root, cfg.Tokens, cfg.Transport, cfg.Limiter = s.Root, microsoft.StaticToken{T: tok}, s.Transport, lim
	if cfg.Sleep == nil {
		cfg.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
	if r.Graph, err = rest.NewGraph(cfg); err != nil {
		s.t.Fatal(err)
	}
	if r.PartnerCenter, err = rest.NewPartnerCenter(cfg); err != nil {
		s.t.Fatal(err)
	}
	return r
}

func lookupCase(id, dom string) *diagnose.Case {
	return &diagnose.Case{Customer: diagnose.Customer{TenantID: id, Domain: dom}}
}

// records writes the lookups as "source fact=value", one a line.
func records(list []diagnose.Lookup) string {
	var b strings.Builder
	for _, l := range list {
		fmt.Fprintf(&b, "%s %s=%s\n", l.Source, l.Fact, l.Value)
	}
	return b.String()
}

// failureTexts are the failures in English words.
func failureTexts(errs []error) string {
	var out []string
	for _, err := range errs {
		out = append(out, diagnose.LookupFailureText(scenarios.Embedded(), err, scenarios.EN))
	}
	return strings.Join(out, "\n")
}

// TestEveryLookup: one case, every service answering as its documented examples do (Graph's
// GDAP list over two pages, Partner Center's answer with a BOM), gives every fact, in one order,
// at the run's clock.
func TestEveryLookup(t *testing.T) {
	s := newServices(t)
	s.everything()
	looked := s.runner(true, rest.Config{}).Look(lookupCase("{"+strings.ToUpper(customer)+"}", domain))
	want := `openid_discovery tenant_exists=yes
openid_discovery tenant_cloud=public
openid_discovery tenant_region=WW
openid_discovery domain_tenant_id=4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31
openid_discovery domain_cloud=public
openid_discovery domain_region=WW
graph tenant_name=Contoso, Ltd
graph tenant_default_domain=CONTOSO18839.onmicrosoft.com
graph domain_tenant_id=6babcaad-604b-40ac-a9d7-9fd97c0b779f
graph domain_tenant_name=Contoso, Ltd
graph admin_relationship=active
graph admin_relationship=approval_pending
graph admin_relationship=terminated
graph admin_relationship_ended=2026-11-19T16:57:20Z
graph contract=reseller_partner
partner_center customer_relationship=reseller
`
	if got := records(looked.Lookups); got != want {
		t.Errorf("lookups\n%s\nwant\n%s", got, want)
	}
	if len(looked.Failures) > 0 {
		t.Errorf("failures: %s", failureTexts(looked.Failures))
	}
	for _, l := range looked.Lookups {
		if l.At == nil || !l.At.Equal(testkit.Now) {
			t.Fatalf("%s looked up at %v, want the run's clock", l.Fact, l.At)
		}
	}
	for _, r := range s.Requests() {
		if strings.Contains(r.URL.Path, "v2.0/.well-known") && r.Header.Get("Authorization") != "" {
			t.Errorf("the token went to the public sign-in service: %s", r.URL)
		}
	}
}

// TestRefusalsAreFailuresNeverFacts: 401 and 403 (with Partner Center's code 20002 as a number
// and as a string) become failures in words; 404 is a fact (not found); none of them shows the
// token.
func TestRefusalsAreFailuresNeverFacts(t *testing.T) {
	for _, tt := range []struct {
		name          string
		graph, pc     string
		wantRecords   string
		wantFailures  []string
		notInFailures string
	}{
		{name: "Graph 401: one failure for the service", graph: "graph/error-401.txtar", pc: "pc/customer.txtar",
			wantRecords:  "partner_center customer_relationship=reseller\n",
			wantFailures: []string{"Microsoft Graph did not accept the sign-in", "(HTTP 401, InvalidAuthenticationToken)"}},
		{name: "Graph 403 and Partner Center 20002 as a number", graph: "graph/error-403-denied.txtar", pc: "pc/customer-20002-number.txtar",
			wantFailures: []string{"Authorization_RequestDenied", "Partner Center does not offer the lookup of the customer in Partner Center to this account (HTTP 403, 20002); this says nothing about the customer"}},
		{name: "Partner Center 20002 as a string", graph: "graph/tenant-not-found.txtar", pc: "pc/customer-20002-string.txtar",
			wantRecords:  "graph tenant_exists=no\ngraph domain_tenant_id=none\ngraph admin_relationship=none\ngraph contract=none\n",
			wantFailures: []string{"(HTTP 403, 20002)"}, notInFailures: "4847383"},
		{name: "Partner Center 401", graph: "graph/tenant-not-found.txtar", pc: "pc/error-401.txtar",
			wantRecords:  "graph tenant_exists=no\ngraph domain_tenant_id=none\ngraph admin_relationship=none\ngraph contract=none\n",
			wantFailures: []string{"Partner Center does not offer the lookup", "(HTTP 401, 800001)"}},
		{name: "Partner Center 404 is a fact", graph: "graph/tenant-not-found.txtar", pc: "pc/customer-not-found.txtar",
			wantRecords: "graph tenant_exists=no\ngraph domain_tenant_id=none\ngraph admin_relationship=none\ngraph contract=none\npartner_center customer_relationship=not_found\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newServices(t)
			graph := s.Answer(tt.graph, nil)
			empty := func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(`{"value":[]}`)) }
			org, lists := s.Answer("graph/organization-pascal.txtar", nil), http.HandlerFunc(empty)
			if strings.Contains(tt.graph, "error-401") {
				org = graph
			}
			if strings.Contains(tt.graph, "403") {
				lists = graph
			}
			s.Handle(orgPath, org)
			s.Handle(tidPath(customer), graph)
			s.Handle(domainPath(domain), graph)
			s.Handle(gdapPath+"?$filter=customer/tenantId eq '"+customer+"'", lists)
			s.Handle(contracts+"?$filter=customerId eq "+customer, lists)
			s.Handle(pcPath, s.Answer(tt.pc, nil))
			r := s.runner(true, rest.Config{})
			r.Discovery = nil
			looked := r.Look(lookupCase(customer, domain))
			if got := records(looked.Lookups); got != tt.wantRecords {
				t.Errorf("lookups\n%s\nwant\n%s", got, tt.wantRecords)
			}
			failures := failureTexts(looked.Failures)
			for _, want := range tt.wantFailures {
				if !strings.Contains(failures, want) {
					t.Errorf("failures lack %q:\n%s", want, failures)
				}
			}
			if len(tt.wantFailures) == 0 && failures != "" {
				t.Errorf("failures: %s", failures)
			}
			if strings.Contains(failures, secret) || tt.notInFailures != "" && strings.Contains(failures, tt.notInFailures) {
				t.Errorf("a failure shows what it must not:\n%s", failures)
			}
			for _, l := range looked.Lookups {
				if l.Source == diagnose.SourcePartnerCenter && l.Value != "reseller" && l.Value != diagnose.LookupValueNotFound {
					t.Errorf("a refusal became a fact: %+v", l)
				}
			}
		})
	}
}

// TestThrottledAndSlow: a 429 with a Retry-After within the limit is tried again; one beyond it,
// and a service slower than a request may take, are failures that say so.
func TestThrottledAndSlow(t *testing.T) {
	s := newServices(t)
	var waits []time.Duration
	s.Handle(orgPath, s.Answer("graph/organization-pascal.txtar", nil))
	s.Handle(tidPath(customer), msfake.Sequence(s.Answer("graph/throttled.txtar", map[string]string{"retry": "1"}), s.Answer("graph/tenant-by-id.txtar", nil)))
	s.Handle(gdapPath+"?$filter=customer/tenantId eq '"+customer+"'", s.Answer("graph/throttled.txtar", map[string]string{"retry": "315"}))
	s.Handle(contracts+"?$filter=customerId eq "+customer, func(w http.ResponseWriter, r *http.Request) {
		select { // slower than the request may take
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	s.Handle(pcPath, s.Answer("pc/throttled.txtar", map[string]string{"retry": "1"}))
	var mu sync.Mutex
	r := s.runner(true, rest.Config{Timeout: time.Second, Sleep: func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}})
	r.Discovery = nil
	looked := r.Look(lookupCase(customer, ""))
	if got := records(looked.Lookups); !strings.Contains(got, "graph tenant_name=Contoso, Ltd") {
		t.Errorf("the throttled lookup was not tried again: %s", got)
	}
	mu.Lock()
	if !slices.Contains(waits, time.Second) || slices.ContainsFunc(waits, func(d time.Duration) bool { return d > time.Second }) {
		t.Errorf("waits %v: Retry-After within the time of a request, never beyond it", waits)
	}
	mu.Unlock()
	failures := failureTexts(looked.Failures)
	for _, want := range []string{"is limiting requests and did not answer the lookup of your admin relationships", "did not answer the lookup of your contracts with the customer in time", "Partner Center is limiting requests"} {
		if !strings.Contains(failures, want) {
			t.Errorf("failures lack %q:\n%s", want, failures)
		}
	}
}

// TestNotAPartnerTenant: signed in to a tenant that is no partner tenant (and the token may read
// its type), the reseller's own relationships are not looked up, and the failure says why.
func TestNotAPartnerTenant(t *testing.T) {
	s := newServices(t)
	s.Handle(orgPath, s.Answer("graph/organization-null.txtar", nil))
	s.Handle(tidPath(customer), s.Answer("graph/tenant-by-id.txtar", nil))
	s.Handle(pcPath, s.Answer("pc/customer-not-found.txtar", nil))
	r := s.runner(true, rest.Config{})
	tok := jwt(t, map[string]any{"tid": "84841066-274d-4ec0-a5c1-276be684bdd3", "scp": "Organization.Read.All CrossTenantInformation.ReadBasic.All"})
	var err error
	if r.Graph, err = rest.NewGraph(rest.Config{Root: s.Root, Tokens: microsoft.StaticToken{T: tok}, Transport: s.Transport, Limiter: r.Limiter}); err != nil {
		t.Fatal(err)
	}
	r.Discovery = nil
	looked := r.Look(lookupCase(customer, ""))
	if got := failureTexts(looked.Failures); !strings.Contains(got, "the signed-in tenant 84841066-274d-4ec0-a5c1-276be684bdd3 is no partner tenant") {
		t.Errorf("failures: %s", got)
	}
	if n := s.Count(gdapPath) + s.Count(contracts); n != 0 {
		t.Errorf("%d requests for the relationships of a tenant that is no partner", n)
	}
}

// TestOnceAndBounded: a batch's cases are looked up side by side, but never more than the
// limiter's requests at once, and each tenant and domain once per run however many cases name it.
func TestOnceAndBounded(t *testing.T) {
	s := newServices(t)
	s.Slow(20 * time.Millisecond)
	var ids []string
	for i := range 12 {
		ids = append(ids, fmt.Sprintf("4b9d3f1c-2a7e-4c1d-9f0a-%012d", i))
	}
	s.Handle(orgPath, s.Answer("graph/organization-pascal.txtar", nil))
	empty := func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(`{"value":[]}`)) }
	for _, id := range ids {
		s.discovery(id)
		s.Handle(tidPath(id), s.Answer("graph/tenant-by-id.txtar", nil))
		s.Handle(gdapPath+"?$filter=customer/tenantId eq '"+id+"'", empty)
		s.Handle(contracts+"?$filter=customerId eq "+id, empty)
		s.Handle("/v1/customers/"+id, s.Answer("pc/customer-not-found.txtar", nil))
	}
	r := s.runner(true, rest.Config{})
	done := make(chan struct{})
	for range 3 { // every tenant three times, all at once
		for _, id := range ids {
			go func() {
				r.Look(lookupCase(id, ""))
				done <- struct{}{}
			}()
		}
	}
	for range 3 * len(ids) {
		<-done
	}
	if most := s.MostAtOnce(); most > microsoft.DefaultConcurrency {
		t.Errorf("%d requests at once, more than %d", most, microsoft.DefaultConcurrency)
	}
	if want := 1 + 5*len(ids); s.Count() != want {
		t.Errorf("%d requests, want %d: each tenant once (and the organisation once)", s.Count(), want)
	}
	if r.Cases() != int64(3*len(ids)) || r.Limiter.Started() != int64(s.Count()) {
		t.Errorf("counted %d cases and %d requests", r.Cases(), r.Limiter.Started())
	}
}

// TestNotSignedIn: without a sign-in only the public sign-in service is asked; an unknown
// tenant is "no" only because every service asked said so.
func TestNotSignedIn(t *testing.T) {
	s := newServices(t)
	s.discovery("11111111-2222-3333-4444-555555555555", "nonexistent-cspfix.example")
	looked := s.runner(false, rest.Config{}).Look(lookupCase("11111111-2222-3333-4444-555555555555", "nonexistent-cspfix.example"))
	want := "openid_discovery tenant_exists=no\nopenid_discovery domain_tenant_id=none\n"
	if got := records(looked.Lookups); got != want || len(looked.Failures) > 0 {
		t.Errorf("lookups\n%s\nwant\n%s\nfailures: %s", got, want, failureTexts(looked.Failures))
	}
	// Placeholders and IDs that are none are never sent.
	for _, id := range []string{discovery.NilTenant, discovery.ConsumersTenant, "not-an-id"} {
		if looked := s.runner(false, rest.Config{}).Look(lookupCase(id, "")); len(looked.Lookups)+len(looked.Failures) > 0 {
			t.Errorf("%s was looked up: %+v", id, looked)
		}
	}
	if s.Count() != 2 {
		t.Errorf("%d requests, want 2", s.Count())
	}
}

func jwt(t *testing.T, claims map[string]any) microsoft.Token {
	t.Helper()
	tok, err := microsoft.NewToken(msfake.UnsignedJWT(t, claims))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
