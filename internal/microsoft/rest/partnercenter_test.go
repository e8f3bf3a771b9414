package rest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/microsoft"
)

const pcCustomer = "eebd1b55-5360-4438-a11d-5c06918c3014"

func TestCustomer(t *testing.T) {
	for _, tls := range []bool{false, true} {
		f := newFake(t, tls)
		f.handle("/v1/customers/"+pcCustomer, f.answer("pc/customer.txtar", nil))
		got, err := f.partnerCenter(t, secretToken(t), nil).Customer(context.Background(), pcCustomer)
		if err != nil {
			t.Fatal(err)
		}
		if got.TenantID != pcCustomer || got.Relationship.Value != "reseller" || got.CompanyName != "1kl as kjk" ||
			got.Domain != "abcdefgh1234.ccsctp.net" || got.AllowDelegatedAccess == nil || !*got.AllowDelegatedAccess {
			t.Errorf("got %+v", got)
		}
		if r := f.request(0); r.Header.Get("Authorization") != "Bearer "+secret {
			t.Errorf("headers %v", r.Header)
		}
	}
}

func TestCustomerRelationshipCase(t *testing.T) {
	f := newFake(t, false)
	f.handle("/v1/customers/"+pcCustomer, f.answer("pc/customer-microsoft-support.txtar", nil))
	got, err := f.partnerCenter(t, secretToken(t), nil).Customer(context.Background(), pcCustomer)
	if err != nil || got.Relationship.Value != "microsoft_support" || got.Relationship.Raw != "MicrosoftSupport" {
		t.Errorf("got %+v, %v", got, err)
	}
}

// TestPartnerCenterRefusals: a refusal is "not available" (or "MFA required"), never a fact;
// the code comes as a number or a string and is kept either way.
func TestPartnerCenterRefusals(t *testing.T) {
	withAMR := func(amr ...string) microsoft.Token {
		return jwt(t, map[string]any{"tid": "84841066-274d-4ec0-a5c1-276be684bdd3", "scp": "user_impersonation", "amr": amr})
	}
	tests := []struct {
		fixture string
		tok     microsoft.Token
		want    microsoft.Kind
		code    string
	}{
		{"pc/customer-20002-number.txtar", withAMR("pwd"), microsoft.KindNotAvailable, "20002"},
		{"pc/customer-20002-string.txtar", secretToken(t), microsoft.KindNotAvailable, "20002"},
		{"pc/customer-not-found.txtar", secretToken(t), microsoft.KindNotFound, "60003"},
		{"pc/error-401.txtar", secretToken(t), microsoft.KindNotAvailable, "800001"},
		{"pc/error-401.txtar", withAMR("pwd", "mfa"), microsoft.KindNotAvailable, "800001"},
		{"pc/error-401.txtar", withAMR("pwd"), microsoft.KindMFARequired, "800001"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			f := newFake(t, false)
			f.handle("/v1/customers/"+customer, f.answer(tt.fixture, nil))
			_, err := f.partnerCenter(t, tt.tok, nil).Customer(context.Background(), customer)
			e := wantKind(t, err, tt.want)
			if e.Code != tt.code || e.Service != microsoft.ServicePartnerCenter || e.Lookup != microsoft.LookupCustomer {
				t.Errorf("error %+v", e)
			}
		})
	}
}

func TestCustomerRelationships(t *testing.T) {
	t.Run("null", func(t *testing.T) {
		f := newFake(t, false)
		f.handle("/v1/customers/"+customer+"/relationships", f.answer("pc/customer-relationships-null.txtar", nil))
		got, err := f.partnerCenter(t, secretToken(t), nil).CustomerRelationships(context.Background(), customer)
		if err != nil || len(got.Relationships) != 0 || got.Truncated {
			t.Errorf("got %+v, %v", got, err)
		}
	})
	t.Run("paged with a continuation token", func(t *testing.T) {
		f := newFake(t, false)
		const token = "eyJ0b2tlbiI6IjEyMyJ9/+=,xyz"
		page1 := f.answer("pc/customer-relationships-page1.txtar", map[string]string{"token": token})
		page2 := f.answer("pc/customer-relationships-page2.txtar", nil)
		f.handle("/v1/customers/"+customer+"/relationships", func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.RawQuery {
			case "":
				page1(w, r)
			case "seekOperation=Next":
				if got := r.Header.Get("MS-ContinuationToken"); got != token {
					t.Errorf("continuation token %q", got)
				}
				page2(w, r)
			default:
				t.Errorf("query %q", r.URL.RawQuery)
			}
		})
		got, err := f.partnerCenter(t, secretToken(t), nil).CustomerRelationships(context.Background(), customer)
		if err != nil || len(got.Relationships) != 2 || got.Truncated {
			t.Fatalf("got %+v, %v", got, err)
		}
		provider, reseller := got.Relationships[0], got.Relationships[1]
		if provider.Type.Value != "is_indirect_cloud_solution_provider_of" || provider.State.Value != "active" || provider.PartnerID != "4847383" {
			t.Errorf("provider %+v", provider)
		}
		if reseller.Type.Value != "is_indirect_reseller_of" || reseller.Type.Raw != "IsIndirectResellerOf" || reseller.TenantID != "b01b1487-7b8c-4a4e-9e2b-5d9a0f1c2e3d" {
			t.Errorf("reseller %+v", reseller)
		}
	})
	t.Run("repeated continuation token", func(t *testing.T) {
		f := newFake(t, false)
		f.handle("/v1/customers/"+customer+"/relationships", f.answer("pc/customer-relationships-page1.txtar", map[string]string{"token": "same"}))
		got, err := f.partnerCenter(t, secretToken(t), nil).CustomerRelationships(context.Background(), customer)
		if err != nil || !got.Truncated || f.count() != 2 {
			t.Errorf("got %+v, %v after %d requests", got, err, f.count())
		}
	})
}

func TestIndirectProviders(t *testing.T) {
	f := newFake(t, false)
	f.handle("/v1/relationships?relationship_type=IsIndirectResellerOf", f.answer("pc/indirect-providers.txtar", nil))
	p := f.partnerCenter(t, secretToken(t), nil)
	got, err := p.IndirectProviders(context.Background())
	if err != nil || len(got.Relationships) != 1 || got.Relationships[0].Name != "Northwind Distribution" ||
		got.Relationships[0].Type.Value != "is_indirect_reseller_of" {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := p.IndirectProviders(context.Background()); err != nil || f.count() != 1 {
		t.Errorf("asked %d times in one run", f.count())
	}
}

func TestPartnerCenterThrottled(t *testing.T) {
	f, s := newFake(t, false), &sleeps{}
	f.handle("/v1/customers/"+pcCustomer, sequence(f.answer("pc/throttled.txtar", map[string]string{"retry": "3"}), f.answer("pc/customer.txtar", nil)))
	if _, err := f.partnerCenter(t, secretToken(t), s).Customer(context.Background(), pcCustomer); err != nil {
		t.Fatal(err)
	}
	if got := s.all(); len(got) != 1 || got[0] != 3*time.Second {
		t.Errorf("waits %v", got)
	}
	f2 := newFake(t, false)
	f2.handle("/v1/customers/"+pcCustomer, f2.answer("pc/throttled.txtar", map[string]string{"retry": "60"}))
	_, err := f2.partnerCenter(t, secretToken(t), &sleeps{}).Customer(context.Background(), pcCustomer)
	if e := wantKind(t, err, microsoft.KindThrottled); e.RetryAfter != time.Minute || e.Code != "429" {
		t.Errorf("error %+v", e)
	}
}

// TestPartnerCenterNextLink: links.next is relative to the API's root, with or without /v1,
// or a full URL on the same host; another host is not followed.
func TestPartnerCenterNextLink(t *testing.T) {
	f := newFake(t, false)
	root, _ := microsoft.ParseRoot(f.URL + "/pc")
	cfg := f.config(secretToken(t), nil)
	cfg.Root = root
	p, err := NewPartnerCenter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ uri, want string }{
		{"/customers?size=40&seekOperation=Next", f.URL + "/pc/v1/customers?size=40&seekOperation=Next"},
		{"/v1/customers?size=40", f.URL + "/pc/v1/customers?size=40"},
		{f.URL + "/pc/v1/relationships?x=1", f.URL + "/pc/v1/relationships?x=1"},
	}
	for _, tt := range tests {
		n, err := p.next(&microsoft.Link{URI: tt.uri, ContinuationToken: "abc"})
		if err != nil || n.url.String() != tt.want || n.header["MS-ContinuationToken"][0] != "abc" {
			t.Errorf("next(%q) = %v, %v", tt.uri, n, err)
		}
	}
	for _, bad := range []string{"https://elsewhere.example/v1/x", "//elsewhere.example/v1/x"} {
		n, err := p.next(&microsoft.Link{URI: bad})
		if err == nil && sameOrigin(n.url, root) {
			t.Errorf("next(%q) stays on the host: %v", bad, n.url)
		}
	}
	if _, err := p.next(&microsoft.Link{URI: "/v1/x", ContinuationToken: "a\r\nX-Injected: 1"}); err == nil {
		t.Error("a continuation token with a line break is accepted")
	}
}
