package oidc

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit"
)

// server answers like login.microsoftonline.com: a document per known domain, AADSTS90002 for
// the rest. It records the paths it was asked for.
func server(t *testing.T, handler http.HandlerFunc) (*Client, *[]string) {
	t.Helper()
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, 500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	return c, &paths
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// microsoftLike answers as Microsoft's sign-in service does for the tests' domains.
func microsoftLike(t *testing.T) http.HandlerFunc { return testkit.AuthorityHandler(t) }

func TestResolve(t *testing.T) {
	c, paths := server(t, microsoftLike(t))
	tests := []struct {
		domain, tenant, scope, cloudInstance string
		cloud                                diagnose.Cloud
	}{
		{"contoso.onmicrosoft.com", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", "WW", "microsoftonline.com", diagnose.CloudPublic},
		{"Fabrikam.DE.", "9e2c4a71-5b3d-4f8e-a1c6-3d7b9f2e4a10", "EU", "microsoftonline.com", diagnose.CloudPublic},
		{"agency.us", "7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18", "NA", "microsoftonline.us", diagnose.CloudUSGovernment},
		{"müller.de", "9e2c4a71-5b3d-4f8e-a1c6-3d7b9f2e4a10", "EU", "microsoftonline.com", diagnose.CloudPublic},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			res, err := c.Resolve(tt.domain)
			if err != nil {
				t.Fatal(err)
			}
			if res.TenantID != tt.tenant || res.RegionScope != tt.scope || res.CloudInstance != tt.cloudInstance || res.Cloud() != tt.cloud {
				t.Errorf("got %+v (cloud %s)", res, res.Cloud())
			}
		})
	}
	if got := (*paths)[0]; got != "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration" {
		t.Errorf("request path %q", got)
	}
	if got := (*paths)[3]; got != "/xn--mller-kva.de/v2.0/.well-known/openid-configuration" {
		t.Errorf("internationalised domain must be sent as Punycode, got %q", got)
	}
}

func TestResolveFailures(t *testing.T) {
	big := strings.Repeat(" ", DefaultMaxBytes+10)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    diagnose.LookupKind
	}{
		{"unknown domain (AADSTS90002)", nil, diagnose.LookupNotFound},
		{"server error", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusServiceUnavailable) }, diagnose.LookupStatus},
		{"hangs", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		}, diagnose.LookupTimeout},
		{"oversized body", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"issuer":"` + big + `"}`)) }, diagnose.LookupTooLarge},
		{"malformed JSON", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"issuer": "https://login`)) }, diagnose.LookupMalformed},
		{"no tenant in the issuer", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"issuer":"https://login.microsoftonline.com/{tenantid}/v2.0"}`))
		}, diagnose.LookupMalformed},
		{"redirect to another host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:1/elsewhere", http.StatusFound)
		}, diagnose.LookupNetwork},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.handler
			if h == nil {
				h = microsoftLike(t)
			}
			c, _ := server(t, h)
			start := time.Now()
			_, err := c.Resolve("nonexistent-cspfix.example")
			var le *diagnose.LookupError
			if !errors.As(err, &le) || le.Kind != tt.want {
				t.Fatalf("got %v, want a %s lookup error", err, tt.want)
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("lookup was not bounded in time")
			}
		})
	}
}

func TestInvalidDomainSendsNoRequest(t *testing.T) {
	c, paths := server(t, microsoftLike(t))
	for _, d := range []string{
		"evil.com/../../x", "...", "..", ".", "a..b", ".x", "x..", strings.Repeat("a", 64) + ".com",
		"10.0.0.1", "[::1]", "1.2.3.4", "010.1", "-a.com", "a-.com", "a_b.com", "contoso", "xn--.com",
	} {
		_, err := c.Resolve(d)
		var le *diagnose.LookupError
		if !errors.As(err, &le) || le.Kind != diagnose.LookupInvalidDomain {
			t.Errorf("Resolve(%q): want an invalid_domain lookup error, got %v", d, err)
		}
	}
	if len(*paths) != 0 {
		t.Errorf("a request was sent: %q", *paths)
	}
}

func TestRequestPathHoldsTheASCIIName(t *testing.T) {
	c, paths := server(t, microsoftLike(t))
	for _, d := range []string{"Contoso.COM.", "contoso。com", "MÜLLER.de"} {
		c.Resolve(d)
	}
	want := []string{
		"/contoso.com/v2.0/.well-known/openid-configuration",
		"/contoso.com/v2.0/.well-known/openid-configuration",
		"/xn--mller-kva.de/v2.0/.well-known/openid-configuration",
	}
	if !slices.Equal(*paths, want) {
		t.Errorf("paths %q, want %q", *paths, want)
	}
}

func TestNewRejectsBadAuthority(t *testing.T) {
	for _, a := range []string{"ftp://x", "not a url", "https://"} {
		if _, err := New(a, 0); err == nil {
			t.Errorf("New(%q) accepted", a)
		}
	}
}
