package cli

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit"
)

// fakeAuthority is the fake sign-in service of the tests.
func fakeAuthority(t *testing.T) (string, *atomic.Int32) { return testkit.Authority(t) }

func TestTenantResolve(t *testing.T) {
	url, _ := fakeAuthority(t)
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string
		stderr   string
		vars     map[string]string
		noServer bool
	}{
		{name: "public cloud", args: []string{"tenant", "resolve", "contoso.onmicrosoft.com"}, code: exitOK,
			stdout: []string{"Tenant ID:  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", "Region:     WW", "microsoftonline.com: public cloud", "within the same region"}},
		{name: "US Government", args: []string{"tenant", "resolve", "agency.us", "--lang", "de"}, code: exitOK,
			stdout: []string{"Tenant-ID:  7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18", "NA / DODCON", "laut Microsoft nicht vorgesehen"}},
		{name: "JSON", args: []string{"tenant", "resolve", "agency.us", "-o", "json"}, code: exitOK,
			stdout: []string{`"tenant_id":"7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18"`, `"cloud_instance_name":"microsoftonline.us"`, `"cloud":"us_government"`}},
		{name: "unknown domain", args: []string{"tenant", "resolve", "nonexistent-cspfix.example"}, code: exitCheckFailed,
			stderr: "error: no tenant found for \"nonexistent-cspfix.example\"\nhint: check the spelling"},
		{name: "not a domain", args: []string{"tenant", "resolve", "not a domain"}, code: exitUsage,
			stderr: `error: "not a domain" is not a domain name`},
		{name: "a web address: its host", args: []string{"tenant", "resolve", "https://contoso.onmicrosoft.com/"}, code: exitOK,
			stdout: []string{"Tenant ID:  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"}},
		{name: "service unreachable, in German", args: []string{"tenant", "resolve", "contoso.com", "--lang", "de"}, code: exitFailure,
			vars: map[string]string{"CSPFIX_AUTHORITY": "http://127.0.0.1:1"}, noServer: true,
			stderr: "Fehler: der Anmeldedienst ist nicht erreichbar (die Verbindung wurde abgelehnt)"},
		{name: "service unreachable", args: []string{"tenant", "resolve", "contoso.com"}, code: exitFailure,
			vars: map[string]string{"CSPFIX_AUTHORITY": "http://127.0.0.1:1"}, noServer: true,
			stderr: "error: the sign-in service cannot be reached"},
		{name: "bad authority", args: []string{"tenant", "resolve", "contoso.com"}, code: exitUsage,
			vars: map[string]string{"CSPFIX_AUTHORITY": "ftp://x"}, noServer: true,
			stderr: "CSPFIX_AUTHORITY is not usable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := tt.vars
			if !tt.noServer {
				vars = map[string]string{"CSPFIX_AUTHORITY": url}
			}
			e, out, errOut := testEnv("", vars)
			if code := run(e, tt.args); code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(out.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if tt.stderr == "" && errOut.String() != "" || !strings.Contains(errOut.String(), tt.stderr) { // "" wants nothing at all
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
		})
	}
}

func TestDiagnoseOnline(t *testing.T) {
	url, hits := fakeAuthority(t)
	vars := map[string]string{"CSPFIX_AUTHORITY": url}
	// The domain belongs to 4b9d…, the entered ID is another one; both records share the domain.
	input := `{"id":"one","customer":{"domain":"contoso.onmicrosoft.com","tenant_id":"11111111-2222-3333-4444-555555555555"}}
{"id":"two","customer":{"domain":"CONTOSO.onmicrosoft.com","tenant_id":"11111111-2222-3333-4444-555555555555"}}
{"id":"three","customer":{"domain":"agency.us","tenant_id":"7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18"}}
{"id":"four","customer":{"domain":"nonexistent-cspfix.example","tenant_id":"7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18"}}`

	e, out, _ := testEnv(input, vars)
	if code := run(e, []string{"diagnose", "-o", "json"}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if hits.Load() != 0 {
		t.Fatalf("diagnose without --online made %d requests", hits.Load())
	}
	if strings.Contains(out.String(), "domain_resolves_elsewhere") {
		t.Fatal("online evidence without --online")
	}

	e, out, _ = testEnv(input, vars)
	if code := run(e, []string{"diagnose", "-o", "json", "--online"}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 results, got %d", len(lines))
	}
	for i, want := range []string{
		`"scenario":"C","confidence":"high","title":"Wrong or mistyped tenant ID, or the wrong tenant accepted","known_error":null,"candidates":[{"scenario":"C","confidence":"high","tried":false,"evidence":[{"code":"domain_resolves_elsewhere","text":"The customer's domain contoso.onmicrosoft.com belongs to tenant 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31, not to the entered tenant 11111111-2222-3333-4444-555555555555."},{"code":"tenant_not_found","text":"No Microsoft cloud knows a tenant with the entered ID 11111111-2222-3333-4444-555555555555`,
		`"evidence":[{"code":"domain_resolves_elsewhere"`,
		`"status":"incomplete"`,
		`"warnings":[{"code":"domain_not_found"`,
	} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("result %d lacks %s:\n%s", i+1, want, lines[i])
		}
	}
	if !strings.Contains(lines[2], `"code":"cloud_us_government"`) {
		t.Errorf("US Government warning missing: %s", lines[2])
	}
	if got := hits.Load(); got != 5 {
		t.Errorf("want 5 lookups (each of the 3 domains and 2 tenant IDs once), got %d", got)
	}

	// An unreachable service becomes a warning; the diagnosis does not change.
	e, out, _ = testEnv(`{"customer":{"domain":"contoso.com"},"answers":{"other_csp":"yes"}}`, map[string]string{"CSPFIX_AUTHORITY": "http://127.0.0.1:1"})
	if code := run(e, []string{"diagnose", "-o", "json", "--online"}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out.String(), `"scenario":"A"`) || !strings.Contains(out.String(), `"code":"lookup_failed","text":"Not every lookup in Microsoft's systems gave an answer: the lookup of the tenant of a domain (\"contoso.com\") gave no answer: the sign-in service cannot be reached`) {
		t.Errorf("unexpected result: %s", out)
	}
}
