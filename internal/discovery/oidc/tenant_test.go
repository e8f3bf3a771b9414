package oidc

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/discovery"
)

// byTenantID answers like the sign-in service for tenant IDs: 4b9d… (public cloud, its
// document in testdata), AADSTS90002 for any other.
func byTenantID(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31/v2.0/.well-known/openid-configuration":
			w.Write(fixture(t, "commercial-ww.json"))
		default:
			w.WriteHeader(http.StatusBadRequest)
			w.Write(fixture(t, "unknown-domain.json"))
		}
	}
}

func TestResolveTenant(t *testing.T) {
	c, paths := server(t, byTenantID(t))
	// The ID as people paste it: upper case, braces, white space.
	res, err := c.ResolveTenantContext(context.Background(), " {4B9D3F1C-2A7E-4C1D-9F0A-6E2B8C7D5A31} ")
	if err != nil {
		t.Fatal(err)
	}
	if res.TenantID != "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31" || res.Domain != "" || res.Cloud() != diagnose.CloudPublic {
		t.Errorf("got %+v", res)
	}
	_, err = c.ResolveTenantContext(context.Background(), "11111111-2222-3333-4444-555555555555")
	var le *diagnose.LookupError
	if !errors.As(err, &le) || le.Kind != diagnose.LookupNotFound || le.Domain != "11111111-2222-3333-4444-555555555555" {
		t.Errorf("unknown tenant: %v", err)
	}
	if len(*paths) != 2 || (*paths)[0] != "/4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31/v2.0/.well-known/openid-configuration" {
		t.Errorf("paths %q", *paths)
	}
}

// TestResolveTenantRefusesWhatIsNoTenant: nothing that is no customer's tenant ID is sent.
func TestResolveTenantRefusesWhatIsNoTenant(t *testing.T) {
	c, paths := server(t, byTenantID(t))
	for _, id := range []string{"", "contoso.com", "common", "organizations", "consumers", discovery.NilTenant, discovery.ConsumersTenant,
		"9188040D-6C67-4C5B-B112-36A304B66DAD", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3", "../4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"} {
		_, err := c.ResolveTenantContext(context.Background(), id)
		var le *diagnose.LookupError
		if !errors.As(err, &le) || le.Kind != diagnose.LookupInvalidDomain {
			t.Errorf("%q: %v", id, err)
		}
	}
	if len(*paths) != 0 {
		t.Errorf("requests: %q", *paths)
	}
}

// TestResolveTenantIssuerMustMatch: a document whose issuer names another tenant is no answer.
func TestResolveTenantIssuerMustMatch(t *testing.T) {
	c, _ := server(t, func(w http.ResponseWriter, r *http.Request) { w.Write(fixture(t, "commercial-eu.json")) })
	_, err := c.ResolveTenantContext(context.Background(), "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31")
	var le *diagnose.LookupError
	if !errors.As(err, &le) || le.Kind != diagnose.LookupMalformed {
		t.Errorf("got %v", err)
	}
}

// TestAnswersWithBOMAndStringCodes: a document or an error may start with a BOM, and the
// error's codes may be strings.
func TestAnswersWithBOMAndStringCodes(t *testing.T) {
	c, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/4b9d") {
			w.Write(append([]byte("\xef\xbb\xbf"), fixture(t, "commercial-ww.json")...))
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte("\xef\xbb\xbf" + `{"error":"invalid_tenant","error_description":"Tenant not found.","error_codes":["90002"]}`))
	})
	if _, err := c.ResolveTenantContext(context.Background(), "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"); err != nil {
		t.Error(err)
	}
	_, err := c.ResolveContext(context.Background(), "contoso.com")
	var le *diagnose.LookupError
	if !errors.As(err, &le) || le.Kind != diagnose.LookupNotFound {
		t.Errorf("got %v", err)
	}
}
