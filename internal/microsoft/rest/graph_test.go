package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/scenarios"
)

const (
	customer = "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"
	tidPath  = "/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='6babcaad-604b-40ac-a9d7-9fd97c0b779f')"
	gdapPath = "/v1.0/tenantRelationships/delegatedAdminRelationships"
)

func TestTenantByID(t *testing.T) {
	for _, tls := range []bool{false, true} {
		t.Run(map[bool]string{false: "http", true: "https"}[tls], func(t *testing.T) {
			f := newFake(t, tls)
			f.handle(tidPath, f.answer("graph/tenant-by-id.txtar", nil))
			g := f.graph(t, secretToken(t), nil)
			got, err := g.TenantByID(context.Background(), "6BABCAAD-604B-40AC-A9D7-9FD97C0B779F")
			if err != nil {
				t.Fatal(err)
			}
			want := microsoft.TenantInformation{TenantID: "6babcaad-604b-40ac-a9d7-9fd97c0b779f", DisplayName: "Contoso, Ltd",
				DefaultDomainName: "CONTOSO18839.onmicrosoft.com"}
			if got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
			r := f.request(0)
			if r.Header.Get("Authorization") != "Bearer "+secret || r.Header.Get("Accept") != "application/json" {
				t.Errorf("headers %v", r.Header)
			}
			// The function's parameter is sent literally, as Graph's examples write it.
			if !strings.Contains(r.RequestURI, "(tenantId='6babcaad-604b-40ac-a9d7-9fd97c0b779f')") {
				t.Errorf("request URI %s", r.RequestURI)
			}
		})
	}
}

func TestTenantByDomain(t *testing.T) {
	f := newFake(t, false)
	f.handle("/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='contoso.com')", f.answer("graph/tenant-by-domain.txtar", nil))
	got, err := f.graph(t, secretToken(t), nil).TenantByDomain(context.Background(), " Contoso.COM ")
	if err != nil {
		t.Fatal(err)
	}
	if got.TenantID != "6babcaad-604b-40ac-a9d7-9fd97c0b779f" || got.FederationBrandName != "Contoso" {
		t.Errorf("got %+v", got)
	}
}

func TestPathPrefixIsKept(t *testing.T) {
	f := newFake(t, false)
	f.handle("/graph-fake"+tidPath, f.answer("graph/tenant-by-id.txtar", nil))
	root, err := microsoft.ParseRoot(f.URL + "/graph-fake/")
	if err != nil {
		t.Fatal(err)
	}
	cfg := f.config(secretToken(t), nil)
	cfg.Root = root
	g, err := NewGraph(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f"); err != nil {
		t.Fatal(err)
	}
}

func TestTenantNotFound(t *testing.T) {
	f := newFake(t, false)
	f.handle("/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='"+customer+"')", f.answer("graph/tenant-not-found.txtar", nil))
	_, err := f.graph(t, secretToken(t), nil).TenantByID(context.Background(), customer)
	e := wantKind(t, err, microsoft.KindNotFound)
	if e.Status != 404 || e.Code != "Request_ResourceNotFound" || e.RequestID != "5e1f7c2a-0c3b-4f8e-9d61-7a2b3c4d5e6f" {
		t.Errorf("error %+v", e)
	}
	if !errors.Is(err, &microsoft.Error{Kind: microsoft.KindNotFound}) || !errors.Is(err, &microsoft.Error{Kind: microsoft.KindNotFound, Service: microsoft.ServiceGraph, Lookup: microsoft.LookupTenantByID}) {
		t.Error("errors.Is does not match the kind")
	}
}

// TestNoRequestForWhatIsNoTenant: values that are no customer's tenant are refused before any
// request (the fake knows no route, so a request would fail the test).
func TestNoRequestForWhatIsNoTenant(t *testing.T) {
	f := newFake(t, false)
	g := f.graph(t, secretToken(t), nil)
	p := f.partnerCenter(t, secretToken(t), nil)
	ctx := context.Background()
	for _, id := range []string{"", "contoso.com", microsoft.NilTenant, microsoft.ConsumersTenant, "9188040D-6C67-4C5B-B112-36A304B66DAD",
		"{4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31}", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3g",
		"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31') or (x eq 'y", "../../me"} {
		for name, call := range map[string]func() error{
			"tenant":        func() error { _, err := g.TenantByID(ctx, id); return err },
			"gdap":          func() error { _, err := g.AdminRelationships(ctx, id); return err },
			"contracts":     func() error { _, err := g.Contracts(ctx, id); return err },
			"customer":      func() error { _, err := p.Customer(ctx, id); return err },
			"relationships": func() error { _, err := p.CustomerRelationships(ctx, id); return err },
		} {
			if err := call(); microsoft.KindOf(err) != microsoft.KindUnsupported {
				t.Errorf("%s(%q): %v", name, id, err)
			}
		}
	}
	for _, d := range []string{"", "contoso", "contoso.com/../x", "contoso.com')", "127.0.0.1", "a b.com"} {
		if _, err := g.TenantByDomain(ctx, d); microsoft.KindOf(err) != microsoft.KindUnsupported {
			t.Errorf("TenantByDomain(%q): %v", d, err)
		}
	}
	if f.count() != 0 {
		t.Errorf("%d requests", f.count())
	}
}

// TestOneLookupPerTenant: a client asks once per tenant and run, also when many ask at once;
// different tenants are asked separately.
func TestOneLookupPerTenant(t *testing.T) {
	f := newFake(t, false)
	f.handle(tidPath, f.answer("graph/tenant-by-id.txtar", nil))
	other := "/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='" + customer + "')"
	f.handle(other, f.answer("graph/tenant-not-found.txtar", nil))
	g := f.graph(t, secretToken(t), nil)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := "6babcaad-604b-40ac-a9d7-9fd97c0b779f"
			if i%2 == 1 {
				id = strings.ToUpper(customer)
			}
			_, err := g.TenantByID(context.Background(), id)
			if (i%2 == 1) != (microsoft.KindOf(err) == microsoft.KindNotFound) {
				t.Errorf("lookup %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if f.count() != 2 {
		t.Errorf("%d requests for two tenants", f.count())
	}
}

func TestAdminRelationshipsPaged(t *testing.T) {
	f := newFake(t, false)
	f.handle(gdapPath+"?$filter=customer/tenantId eq '"+customer+"'", f.answer("graph/gdap-page1.txtar", nil))
	f.handle(gdapPath+"?$skiptoken=page2", f.answer("graph/gdap-page2.txtar", nil))
	got, err := f.graph(t, secretToken(t), nil).AdminRelationships(context.Background(), customer)
	if err != nil {
		t.Fatal(err)
	}
	if got.Truncated || len(got.Relationships) != 3 {
		t.Fatalf("got %+v", got)
	}
	var statuses []string
	for _, r := range got.Relationships {
		statuses = append(statuses, r.Status.Value)
		if r.CustomerTenantID != customer {
			t.Errorf("relationship of %s", r.CustomerTenantID)
		}
	}
	if strings.Join(statuses, ",") != "active,terminated,approval_pending" {
		t.Errorf("statuses %v", statuses)
	}
	active, ended, pending := got.Relationships[0], got.Relationships[1], got.Relationships[2]
	if active.Status.Raw != "Active" || active.Activated.IsZero() || !active.End.Equal(time.Date(2026, 11, 28, 16, 55, 20, 210108800, time.UTC)) {
		t.Errorf("active %+v", active)
	}
	if !ended.End.Equal(time.Date(2026, 11, 19, 16, 57, 20, 210108800, time.UTC)) || ended.Reseller {
		t.Errorf("ended %+v", ended)
	}
	if !pending.Reseller || pending.IndirectProviderTenantID != "60ea59db-a506-485e-94c5-d115f369e239" ||
		pending.PartnerConsentPending == nil || !*pending.PartnerConsentPending || !pending.Activated.IsZero() || !pending.End.IsZero() {
		t.Errorf("pending %+v", pending)
	}
	if h := f.request(1).Header.Get("Authorization"); h != "Bearer "+secret {
		t.Errorf("the second page went without the token: %q", h)
	}
}

// TestAdminRelationshipsFilterRefused: when Graph refuses the filter on the customer, every
// relationship is listed and filtered here.
func TestAdminRelationshipsFilterRefused(t *testing.T) {
	f := newFake(t, false)
	f.handle(gdapPath+"?$filter=customer/tenantId eq '"+customer+"'", f.answer("graph/gdap-filter-refused.txtar", nil))
	f.handle(gdapPath+"?$top=300", f.answer("graph/gdap-page1.txtar", nil))
	f.handle(gdapPath+"?$skiptoken=page2", f.answer("graph/gdap-page2.txtar", nil))
	got, err := f.graph(t, secretToken(t), nil).AdminRelationships(context.Background(), customer)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Relationships) != 3 || f.count() != 3 {
		t.Errorf("%d relationships in %d requests", len(got.Relationships), f.count())
	}
	for _, r := range got.Relationships {
		if r.CustomerTenantID != customer {
			t.Errorf("another customer's relationship kept: %+v", r)
		}
	}
}

// TestPagingIsBounded: a repeated link ends the list, as does the bound on pages; either way
// the list says it may be incomplete. A link to another host is not followed.
func TestPagingIsBounded(t *testing.T) {
	page := func(next string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"value":[],"@odata.nextLink":%q}`, next)
		}
	}
	t.Run("repeated link", func(t *testing.T) {
		f := newFake(t, false)
		f.handle(gdapPath+"?$filter=customer/tenantId eq '"+customer+"'", page(f.URL+gdapPath+"?$skiptoken=a"))
		f.handle(gdapPath+"?$skiptoken=a", page(f.URL+gdapPath+"?$skiptoken=b"))
		f.handle(gdapPath+"?$skiptoken=b", page(f.URL+gdapPath+"?$skiptoken=a"))
		got, err := f.graph(t, secretToken(t), nil).AdminRelationships(context.Background(), customer)
		if err != nil || !got.Truncated || f.count() != 3 {
			t.Errorf("got %+v, %v after %d requests", got, err, f.count())
		}
	})
	t.Run("bound", func(t *testing.T) {
		f := newFake(t, false)
		n := 0
		var mu sync.Mutex
		endless := func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n++
			next := fmt.Sprintf("%s%s?$skiptoken=%d", f.URL, gdapPath, n)
			mu.Unlock()
			page(next)(w, r)
		}
		f.handle(gdapPath, endless)
		got, err := f.graph(t, secretToken(t), nil).AdminRelationships(context.Background(), customer)
		if err != nil || !got.Truncated || f.count() != microsoft.DefaultMaxPages {
			t.Errorf("got %+v, %v after %d requests", got, err, f.count())
		}
	})
	t.Run("another host", func(t *testing.T) {
		elsewhere := newFake(t, false) // knows no route: a request there fails the test
		f := newFake(t, false)
		f.handle(gdapPath+"?$filter=customer/tenantId eq '"+customer+"'", page(elsewhere.URL+gdapPath+"?$skiptoken=a"))
		_, err := f.graph(t, secretToken(t), nil).AdminRelationships(context.Background(), customer)
		wantKind(t, err, microsoft.KindRedirect)
		if elsewhere.count() != 0 {
			t.Error("the other host got a request")
		}
	})
}

func TestContracts(t *testing.T) {
	f := newFake(t, false)
	// customerId is a GUID: compared without quotes.
	f.handle("/v1.0/contracts?$filter=customerId eq "+customer, f.answer("graph/contracts.txtar", nil))
	got, err := f.graph(t, secretToken(t), nil).Contracts(context.Background(), customer)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Contracts) != 1 || got.Contracts[0].Type.Value != "reseller_partner" || got.Contracts[0].Type.Raw != "ResellerPartner" ||
		got.Contracts[0].DefaultDomainName != "fabrikam.onmicrosoft.com" {
		t.Errorf("got %+v", got)
	}
}

func TestContractsFilterRefused(t *testing.T) {
	f := newFake(t, false)
	f.handle("/v1.0/contracts?$filter=customerId eq "+customer, f.answer("graph/gdap-filter-refused.txtar", nil))
	f.handle("/v1.0/contracts", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			t.Errorf("query %q", r.URL.RawQuery)
		}
		fmt.Fprint(w, `{"value":[{"id":"1","contractType":"BreadthPartner","customerId":"52eaad04-13a2-4a2f-9ce8-93a294fadf36"},`+
			`{"id":"2","contractType":"SyndicationPartner","customerId":"`+customer+`"}]}`)
	})
	got, err := f.graph(t, secretToken(t), nil).Contracts(context.Background(), customer)
	if err != nil || len(got.Contracts) != 1 || got.Contracts[0].Type.Value != "syndication_partner" {
		t.Errorf("got %+v, %v", got, err)
	}
}

func TestOrganization(t *testing.T) {
	for fixture, want := range map[string]string{
		"graph/organization-pascal.txtar": "reseller_partner_delegated_admin",
		"graph/organization-camel.txtar":  "value_added_reseller_partner_delegated_admin",
		"graph/organization-null.txtar":   "",
	} {
		t.Run(fixture, func(t *testing.T) {
			f := newFake(t, false)
			f.handle("/v1.0/organization", f.answer(fixture, nil))
			got, err := f.graph(t, secretToken(t), nil).Organization(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got.TenantID != "84841066-274d-4ec0-a5c1-276be684bdd3" || got.PartnerTenantType.Value != want || got.IsPartner() != (want != "") {
				t.Errorf("got %+v", got)
			}
		})
	}
}

// TestGraphRefusals: what each refusal becomes, and that none is taken for a fact.
func TestGraphRefusals(t *testing.T) {
	withScope := func(scp string) microsoft.Token {
		return jwt(t, map[string]any{"tid": "84841066-274d-4ec0-a5c1-276be684bdd3", "scp": scp, "amr": []string{"pwd", "mfa"}})
	}
	tests := []struct {
		name    string
		fixture string
		tok     microsoft.Token
		want    microsoft.Kind
		code    string
	}{
		{"expired token", "graph/error-401.txtar", secretToken(t), microsoft.KindSignInRequired, "InvalidAuthenticationToken"},
		{"permission not granted", "graph/error-403-denied.txtar", withScope("User.Read Organization.Read.All"), microsoft.KindConsentMissing, "Authorization_RequestDenied"},
		{"granted, but no role", "graph/error-403-denied.txtar", withScope("User.Read CrossTenantInformation.ReadBasic.All"), microsoft.KindNotAvailable, "Authorization_RequestDenied"},
		{"opaque token", "graph/error-403-denied.txtar", secretToken(t), microsoft.KindNotAvailable, "Authorization_RequestDenied"},
		{"conditional access", "graph/error-403-claims.txtar", secretToken(t), microsoft.KindMFARequired, "insufficient_claims"},
		{"filter refused", "graph/gdap-filter-refused.txtar", secretToken(t), microsoft.KindRefused, "Request_BadRequest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, false)
			f.handle(tidPath, f.answer(tt.fixture, nil))
			_, err := f.graph(t, tt.tok, nil).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
			e := wantKind(t, err, tt.want)
			if e.Code != tt.code || e.Service != microsoft.ServiceGraph || e.Lookup != microsoft.LookupTenantByID {
				t.Errorf("error %+v", e)
			}
			if f.count() != 1 {
				t.Errorf("%d requests for a refusal", f.count())
			}
		})
	}
}

func TestThrottled(t *testing.T) {
	ok := func(f *fake) http.HandlerFunc { return f.answer("graph/tenant-by-id.txtar", nil) }
	throttled := func(f *fake, retry string) http.HandlerFunc {
		return f.answer("graph/throttled.txtar", map[string]string{"retry": retry})
	}
	t.Run("waits as asked, then tries again", func(t *testing.T) {
		f, s := newFake(t, false), &sleeps{}
		f.handle(tidPath, sequence(throttled(f, "1"), ok(f)))
		if _, err := f.graph(t, secretToken(t), s).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f"); err != nil {
			t.Fatal(err)
		}
		if got := s.all(); len(got) != 1 || got[0] != time.Second || f.count() != 2 {
			t.Errorf("waits %v, %d requests", got, f.count())
		}
	})
	t.Run("asked to wait longer than a request may take", func(t *testing.T) {
		f, s := newFake(t, false), &sleeps{}
		f.handle(tidPath, sequence(throttled(f, "315"), ok(f)))
		_, err := f.graph(t, secretToken(t), s).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
		e := wantKind(t, err, microsoft.KindThrottled)
		if e.RetryAfter != 315*time.Second || len(s.all()) != 0 || f.count() != 1 {
			t.Errorf("error %+v, waits %v, %d requests", e, s.all(), f.count())
		}
	})
	t.Run("throttled twice", func(t *testing.T) {
		f, s := newFake(t, false), &sleeps{}
		f.handle(tidPath, throttled(f, "2"))
		_, err := f.graph(t, secretToken(t), s).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
		wantKind(t, err, microsoft.KindThrottled)
		if f.count() != microsoft.MaxTries {
			t.Errorf("%d requests", f.count())
		}
	})
	t.Run("server error, then an answer", func(t *testing.T) {
		f, s := newFake(t, false), &sleeps{}
		f.handle(tidPath, sequence(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }, ok(f)))
		if _, err := f.graph(t, secretToken(t), s).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("server error twice", func(t *testing.T) {
		f, s := newFake(t, false), &sleeps{}
		f.handle(tidPath, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
		_, err := f.graph(t, secretToken(t), s).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
		if e := wantKind(t, err, microsoft.KindServiceError); e.Status != 500 || f.count() != 2 {
			t.Errorf("error %+v, %d requests", e, f.count())
		}
	})
}

// TestSlowServer: a request that takes longer than its time ends as a timeout, and is not
// tried again. The deadline is short, and the server waits for the request to end instead of
// sleeping, so that the test takes no time of its own.
func TestSlowServer(t *testing.T) {
	f := newFake(t, false)
	f.handle(tidPath, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	cfg := f.config(secretToken(t), &sleeps{})
	cfg.Timeout = 50 * time.Millisecond
	g, err := NewGraph(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = g.TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
	wantKind(t, err, microsoft.KindTimeout)
	if f.count() != 1 {
		t.Errorf("%d requests", f.count())
	}
	// A slow body is a timeout too: the time covers reading the answer.
	f2 := newFake(t, false)
	f2.handle(tidPath, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"tenantId":`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	cfg = f2.config(secretToken(t), &sleeps{})
	cfg.Timeout = 50 * time.Millisecond
	g, _ = NewGraph(cfg)
	_, err = g.TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
	wantKind(t, err, microsoft.KindTimeout)
}

// TestCancelled: a lookup ended by its caller returns the cause, and is not remembered.
func TestCancelled(t *testing.T) {
	f := newFake(t, false)
	started := make(chan struct{})
	f.handle(tidPath, sequence(func(w http.ResponseWriter, r *http.Request) { close(started); <-r.Context().Done() },
		f.answer("graph/tenant-by-id.txtar", nil)))
	g := f.graph(t, secretToken(t), nil)
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("stopped by a signal")
	go func() { <-started; cancel(stop) }()
	if _, err := g.TenantByID(ctx, "6babcaad-604b-40ac-a9d7-9fd97c0b779f"); err != stop {
		t.Fatalf("error %v, want the cause", err)
	}
	if _, err := g.TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f"); err != nil {
		t.Errorf("the stopped lookup was remembered: %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	f := newFake(t, false)
	f.handle(tidPath, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"displayName":"`))
		w.Write([]byte(strings.Repeat("x", microsoft.DefaultMaxBytes)))
		w.Write([]byte(`"}`))
	})
	_, err := f.graph(t, secretToken(t), nil).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
	wantKind(t, err, microsoft.KindTooLarge)
	if f.count() != 1 {
		t.Errorf("%d requests", f.count())
	}
}

func TestByteOrderMark(t *testing.T) {
	f := newFake(t, false)
	f.handle(tidPath, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("\xef\xbb\xbf{\"tenantId\":\"6babcaad-604b-40ac-a9d7-9fd97c0b779f\",\"displayName\":\"Contoso\"}"))
	})
	got, err := f.graph(t, secretToken(t), nil).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
	if err != nil || got.DisplayName != "Contoso" {
		t.Errorf("got %+v, %v", got, err)
	}
}

func TestRedirects(t *testing.T) {
	t.Run("same host: followed, with the token", func(t *testing.T) {
		f := newFake(t, false)
		f.handle(tidPath, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/moved", http.StatusTemporaryRedirect)
		})
		f.handle("/moved", f.answer("graph/tenant-by-id.txtar", nil))
		if _, err := f.graph(t, secretToken(t), nil).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f"); err != nil {
			t.Fatal(err)
		}
		if h := f.request(1).Header.Get("Authorization"); h != "Bearer "+secret {
			t.Errorf("Authorization after the redirect: %q", h)
		}
	})
	t.Run("another host: refused, nothing sent there", func(t *testing.T) {
		elsewhere := newFake(t, false)
		f := newFake(t, false)
		f.handle(tidPath, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+"/steal", http.StatusFound)
		})
		_, err := f.graph(t, secretToken(t), nil).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
		wantKind(t, err, microsoft.KindRedirect)
		if elsewhere.count() != 0 || f.count() != 1 {
			t.Errorf("requests: %d elsewhere, %d here", elsewhere.count(), f.count())
		}
	})
	t.Run("endless", func(t *testing.T) {
		f := newFake(t, false)
		f.handle(tidPath, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path, http.StatusFound) })
		_, err := f.graph(t, secretToken(t), nil).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
		wantKind(t, err, microsoft.KindRedirect)
	})
}

// TestNetworkErrorTriedTwice: a connection lost before the answer is tried once more.
func TestNetworkErrorTriedTwice(t *testing.T) {
	f := newFake(t, false)
	lose := func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}
	f.handle(tidPath, sequence(lose, f.answer("graph/tenant-by-id.txtar", nil)))
	if _, err := f.graph(t, secretToken(t), &sleeps{}).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f"); err != nil {
		t.Fatal(err)
	}
	f2 := newFake(t, false)
	f2.handle(tidPath, lose)
	_, err := f2.graph(t, secretToken(t), &sleeps{}).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
	wantKind(t, err, microsoft.KindNetwork)
	if f2.count() != microsoft.MaxTries {
		t.Errorf("%d requests", f2.count())
	}
}

// TestTokenNeverShown: a service that echoes the request's token into its error cannot make
// cspfix show it, in any language or format.
func TestTokenNeverShown(t *testing.T) {
	f := newFake(t, false)
	f.handle(tidPath, func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("request-id", auth)
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `{"error":{"code":%q,"message":%q,"innerError":{"request-id":%q}}}`, auth, auth, auth)
	})
	_, err := f.graph(t, secretToken(t), nil).TenantByID(context.Background(), "6babcaad-604b-40ac-a9d7-9fd97c0b779f")
	e := wantKind(t, err, microsoft.KindNotAvailable)
	texts := []string{err.Error(), fmt.Sprintf("%v %+v %#v %s", e, e, e, e), fmt.Sprint(*e)}
	for _, lang := range []string{"en", "de"} {
		cat := scenarios.Embedded()
		texts = append(texts, e.Message(cat, scenarios.Lang(lang)), e.Hint(cat, scenarios.Lang(lang)))
	}
	tok := secretToken(t)
	texts = append(texts, fmt.Sprintf("%v %+v %#v %s %q %x", tok, tok, tok, tok, tok, tok), fmt.Sprint(microsoft.StaticToken{T: tok}))
	for _, s := range texts {
		if strings.Contains(s, "SECRET") || strings.Contains(s, secret) {
			t.Errorf("the token shows: %s", s)
		}
	}
}

// TestConcurrencyIsLimited: no more requests at once than the limiter allows, across clients.
func TestConcurrencyIsLimited(t *testing.T) {
	f := newFake(t, false)
	var mu sync.Mutex
	inFlight, most := 0, 0
	arrived := make(chan struct{}, 100)
	release := make(chan struct{})
	f.handle(gdapPath, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		arrived <- struct{}{}
		<-release
		mu.Lock()
		inFlight--
		mu.Unlock()
		fmt.Fprint(w, `{"value":[]}`)
	})
	lim := microsoft.NewLimiter(microsoft.DefaultConcurrency)
	cfg := f.config(secretToken(t), nil)
	cfg.Limiter = lim
	g1, _ := NewGraph(cfg)
	g2, _ := NewGraph(cfg)
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := []*Graph{g1, g2}[i%2]
			if _, err := g.AdminRelationships(context.Background(), fmt.Sprintf("4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a%02d", i)); err != nil {
				t.Error(err)
			}
		}()
	}
	for range microsoft.DefaultConcurrency {
		<-arrived
	}
	// Four are in the server; the limiter holds the other six in the client.
	if err := lim.Do(cancelled(), func() {}); err == nil {
		t.Error("the limiter has a free slot while four requests are in flight")
	}
	close(release)
	wg.Wait()
	if most > microsoft.DefaultConcurrency || f.count() != 10 {
		t.Errorf("%d at once, %d requests", most, f.count())
	}
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
