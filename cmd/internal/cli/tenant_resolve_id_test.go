package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/discovery/oidc"
	"github.com/cspfix/cspfix/internal/microsoft"
)

// idAuthority is a fake sign-in service that knows the tenants in docs by their IDs (the
// discovery documents of internal/discovery/testdata) and answers AADSTS90002 for the rest.
func idAuthority(t *testing.T, docs map[string]string) (url string, paths func() []string) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path)
		mu.Unlock()
		id, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if rest != "v2.0/.well-known/openid-configuration" {
			t.Errorf("unexpected request %s", r.URL)
			http.NotFound(w, r)
			return
		}
		name, ok := docs[id]
		if !ok {
			name = "unknown-domain.json"
			w.WriteHeader(http.StatusBadRequest)
		}
		b, err := os.ReadFile("../../../internal/discovery/testdata/" + name)
		if err != nil {
			t.Error(err)
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), seen...) }
}

func TestTenantResolveByID(t *testing.T) {
	url, paths := idAuthority(t, map[string]string{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31": "commercial-ww.json"})
	vars := map[string]string{"CSPFIX_AUTHORITY": url}
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string
		notOut   []string
		stderr   string
		requests int
	}{
		{name: "found", args: []string{"tenant", "resolve", "{4B9D3F1C-2A7E-4C1D-9F0A-6E2B8C7D5A31}"}, code: exitOK, requests: 1,
			stdout: []string{"Tenant ID:  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", "Region:     WW", "public cloud"}, notOut: []string{"Domain:"}},
		{name: "JSON", args: []string{"tenant", "resolve", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", "-o", "json"}, code: exitOK, requests: 1,
			stdout: []string{`"tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"`, `"cloud":"public"`}, notOut: []string{`"domain"`}},
		{name: "German", args: []string{"tenant", "resolve", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", "--lang", "de"}, code: exitOK, requests: 1,
			stdout: []string{"Tenant-ID:  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"}},
		{name: "unknown", args: []string{"tenant", "resolve", "11111111-2222-3333-4444-555555555555"}, code: exitCheckFailed, requests: 1,
			stderr: "error: no tenant found for \"11111111-2222-3333-4444-555555555555\"\nhint: no cloud knows this tenant ID"},
		{name: "consumers", args: []string{"tenant", "resolve", "9188040d-6c67-4c5b-b112-36a304b66dad"}, code: exitUsage,
			stderr: "is no customer's tenant"},
		{name: "empty GUID", args: []string{"tenant", "resolve", "00000000-0000-0000-0000-000000000000"}, code: exitUsage,
			stderr: "is no customer's tenant"},
		{name: "one digit short", args: []string{"tenant", "resolve", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3"}, code: exitUsage,
			stderr: "is neither a domain nor a tenant ID: "},
		{name: "one digit short, German", args: []string{"tenant", "resolve", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3", "--lang", "de"}, code: exitUsage,
			stderr: "ist weder eine Domain noch eine Tenant-ID: "},
		{name: "hostile", args: []string{"tenant", "resolve", "\x1b]0;pwned\x07"}, code: exitUsage, stderr: `"\u001b]0;pwned\u0007" is not a domain name`},
		{name: "near-miss ID", args: []string{"tenant", "resolve", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3"}, code: exitUsage, stderr: "is neither a domain nor a tenant ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(paths())
			e, out, errOut := testEnv("", vars)
			if code := run(e, tt.args); code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(out.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			for _, not := range tt.notOut {
				if strings.Contains(out.String(), not) {
					t.Errorf("stdout has %q:\n%s", not, out)
				}
			}
			if !strings.Contains(errOut.String(), tt.stderr) || strings.Contains(errOut.String(), "\x1b") {
				t.Errorf("stderr lacks %q:\n%q", tt.stderr, errOut)
			}
			if got := len(paths()) - before; got != tt.requests {
				t.Errorf("%d requests, want %d", got, tt.requests)
			}
		})
	}
}

// TestTenantResolveAsksEveryCloud: without CSPFIX_AUTHORITY, the public cloud's sign-in service
// is asked first, then US Government's and China's, until one knows the tenant.
func TestTenantResolveAsksEveryCloud(t *testing.T) {
	public, publicPaths := idAuthority(t, nil)
	usgov, usgovPaths := idAuthority(t, map[string]string{"7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18": "us-government.json"})
	china, chinaPaths := idAuthority(t, nil)
	fakes := map[string]string{}
	for _, c := range microsoft.Clouds() {
		fakes[c.Authority] = map[diagnose.Cloud]string{diagnose.CloudPublic: public, diagnose.CloudUSGovernment: usgov, diagnose.CloudChina: china}[c.Cloud]
	}
	newEnv := func() (*env, *bytes.Buffer) {
		e, out, _ := testEnv("", nil)
		e.lookup = func(authority string) (lookup, error) {
			url, ok := fakes[authority]
			if !ok {
				t.Fatalf("asked for the authority %q", authority)
			}
			return oidc.New(url, oidc.DefaultTimeout)
		}
		return e, out
	}
	e, out := newEnv()
	if code := run(e, []string{"tenant", "resolve", "7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18", "-o", "json"}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out.String(), `"cloud":"us_government"`) {
		t.Errorf("output %s", out)
	}
	if len(publicPaths()) != 1 || len(usgovPaths()) != 1 || len(chinaPaths()) != 0 {
		t.Errorf("asked public %d, US Government %d, China %d times", len(publicPaths()), len(usgovPaths()), len(chinaPaths()))
	}
	e, _ = newEnv()
	if code := run(e, []string{"tenant", "resolve", "11111111-2222-3333-4444-555555555555"}); code != exitCheckFailed {
		t.Fatalf("exit %d", code)
	}
	if len(publicPaths()) != 2 || len(usgovPaths()) != 2 || len(chinaPaths()) != 1 {
		t.Errorf("asked public %d, US Government %d, China %d times", len(publicPaths()), len(usgovPaths()), len(chinaPaths()))
	}
}
