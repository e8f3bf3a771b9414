package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/internal/testkit"
)

const (
	loginTenant = "84841066-274d-4ec0-a5c1-276be684bdd3"
	loginClient = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
	// loginSecret is in every token of these tests: no output, file or error may show it.
	loginSecret = "SECRET-9c8b7a"
)

func loginJWT(claims map[string]any) string {
	b, _ := json.Marshal(claims)
	return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString(b) + "." + loginSecret
}

// fakeSignIn stands in for the sign-in and the protected store in the commands' tests.
type fakeSignIn struct {
	t       *testing.T
	tenant  string // the tenant the "person" signs in to
	store   string // "" for a system without a protected store
	err     error
	made    []signin.Options
	removed int
}

func (f *fakeSignIn) factory(o signin.Options) (signin.Credential, error) {
	f.made = append(f.made, o)
	return &fakeLoginCredential{f: f, o: o}, nil
}

func (f *fakeSignIn) Kind() (string, error) {
	if f.store == "" {
		return "", &signin.Error{Reason: signin.ReasonNoStore}
	}
	return f.store, nil
}

func (f *fakeSignIn) Remove(context.Context) error { f.removed++; return nil }

type fakeLoginCredential struct {
	f *fakeSignIn
	o signin.Options
}

func (c *fakeLoginCredential) Authenticate(ctx context.Context, scope string) (signin.Account, error) {
	if c.f.err != nil {
		return signin.Account{}, c.f.err
	}
	if c.o.Method == signin.MethodDeviceCode {
		if err := c.o.DeviceCode("https://microsoft.com/devicelogin", "ABCD-EFGH"); err != nil {
			return signin.Account{}, err
		}
	}
	if c.o.Progress != nil {
		fmt.Fprintln(c.o.Progress, "Opening in existing browser session.")
	}
	return signin.Account{Authority: "https://login.microsoftonline.com", ClientID: c.o.ClientID, HomeAccountID: "uid." + c.f.tenant,
		TenantID: c.f.tenant, Username: "anna@fabrikamit.onmicrosoft.com", Version: "1.0"}, nil
}

func (c *fakeLoginCredential) Token(ctx context.Context, scope string) (signin.AccessToken, error) {
	if c.f.err != nil {
		return signin.AccessToken{}, c.f.err
	}
	claims := map[string]any{"tid": c.f.tenant, "upn": "anna@fabrikamit.onmicrosoft.com", "amr": []string{"pwd", "mfa"}}
	if strings.HasSuffix(scope, "/.default") {
		claims["scp"] = "User.Read Organization.Read.All CrossTenantInformation.ReadBasic.All"
	} else {
		claims["scp"] = "user_impersonation"
	}
	tok, err := microsoft.NewToken(loginJWT(claims))
	if err != nil {
		c.f.t.Fatal(err)
	}
	return signin.AccessToken{Token: tok, ExpiresOn: testkit.Now.Add(time.Hour)}, nil
}

// loginEnv is a test environment with the fake sign-in, its settings and record in dir.
func loginEnv(t *testing.T, dir string, f *fakeSignIn, vars map[string]string) (*env, *bytes.Buffer, *bytes.Buffer) {
	all := map[string]string{"XDG_CONFIG_HOME": dir, "HOME": dir}
	for k, v := range vars {
		all[k] = v
	}
	e, out, errOut := testEnv("", all)
	e.signinFactory, e.signinStore = f.factory, f
	return e, out, errOut
}

// flat is s with every run of white space made one space, so that assertions do not depend on
// where the text wraps.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// noSecret fails when any text shows the tokens' secret part.
func noSecret(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(s, loginSecret) {
			t.Errorf("a token shows:\n%s", s)
		}
	}
}

// writeXDGSettings writes the settings file under an XDG_CONFIG_HOME of dir.
func writeXDGSettings(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "cspfix"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cspfix", "config.json"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoginCommand(t *testing.T) {
	settings := `{"login":{"client_id":"` + loginClient + `","tenant":"fabrikamit.onmicrosoft.com"}}`
	tests := []struct {
		name   string
		args   []string
		store  string
		stderr []string
	}{
		{"browser", []string{"login"}, "keyring", []string{"Opening a browser to sign in to Microsoft (public cloud)…", "Opening in existing browser session.",
			"✓ Signed in to Microsoft as anna@fabrikamit.onmicrosoft.com, tenant " + loginTenant + " (public cloud)", "kernel's key ring", "'cspfix login status'"}},
		{"device code", []string{"login", "--device-code"}, "keyring", []string{"To sign in, open https://microsoft.com/devicelogin in a browser on any device and enter the code ABCD-EFGH",
			"✓ Signed in"}},
		{"device code, German", []string{"login", "--device-code", "--lang", "de"}, "dpapi", []string{"Öffnen Sie zur Anmeldung https://microsoft.com/devicelogin",
			"Code ABCD-EFGH ein", "✓ Bei Microsoft angemeldet als anna@fabrikamit.onmicrosoft.com", "Windows-DPAPI"}},
		{"Azure CLI", []string{"login", "--use-az"}, "keyring", []string{"Taking the Azure CLI's sign-in…", "✓ Signed in", "come from the Azure CLI"}},
		{"no protected store", []string{"login"}, "", []string{"✓ Signed in", "! this system has no protected store", "later commands ask you to sign in again"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeXDGSettings(t, dir, settings)
			f := &fakeSignIn{t: t, tenant: loginTenant, store: tt.store}
			e, out, errOut := loginEnv(t, dir, f, nil)
			if code := run(e, tt.args); code != exitOK {
				t.Fatalf("exit %d\n%s", code, errOut)
			}
			if out.Len() != 0 {
				t.Errorf("stdout is for data, got:\n%s", out)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errOut.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if o := f.made[0]; o.Tenant != "fabrikamit.onmicrosoft.com" || tt.args[len(tt.args)-1] != "--use-az" && o.ClientID != loginClient {
				t.Errorf("options %+v", o)
			}
			record := filepath.Join(dir, "cspfix", "login.json")
			data, err := os.ReadFile(record)
			if err != nil || !strings.Contains(string(data), loginTenant) {
				t.Fatalf("record %s, %v", data, err)
			}
			if fi, _ := os.Stat(record); testkit.UnixModes && fi.Mode().Perm() != 0o600 {
				t.Errorf("record mode %v", fi.Mode())
			}
			noSecret(t, out.String(), errOut.String(), string(data))
		})
	}
}

func TestLoginRefused(t *testing.T) {
	tests := []struct {
		name     string
		settings string
		args     []string
		err      error
		code     int
		stderr   string
	}{
		{"no app registration", `{}`, []string{"login"}, nil, exitUsage,
			"error: cspfix has no app registration to sign in with: login.client_id is not set\nhint: register an app"},
		{"bad client ID flag", `{}`, []string{"login", "--client-id", "cspfix"}, nil, exitUsage, `login.client_id: "cspfix" is not an application (client) ID`},
		{"bad cloud flag", `{}`, []string{"login", "--use-az", "--cloud", "moon"}, nil, exitUsage, `login.cloud: "moon" is not a cloud`},
		{"another tenant than pinned", `{"login":{"client_id":"` + loginClient + `","tenant":"11111111-2222-3333-4444-555555555555"}}`, []string{"login"}, nil,
			exitFailure, "error: the sign-in is for tenant " + loginTenant + ", not for the one set in login.tenant"},
		{"Conditional Access", `{"login":{"client_id":"` + loginClient + `"}}`, []string{"login", "--device-code"},
			errors.New("DeviceCodeCredential: AADSTS53003: Access has been blocked by Conditional Access policies. " + loginSecret), exitFailure,
			"error: your organisation's Conditional Access blocked this sign-in (AADSTS53003)\nhint: sign in in the browser"},
		{"consent, German", `{"login":{"client_id":"` + loginClient + `"}}`, []string{"login", "--lang", "de"},
			errors.New("AADSTS65001: The user or administrator has not consented"), exitFailure, "Fehler: der App-Registrierung fehlt die Zustimmung"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeXDGSettings(t, dir, tt.settings)
			f := &fakeSignIn{t: t, tenant: loginTenant, store: "keyring", err: tt.err}
			e, out, errOut := loginEnv(t, dir, f, nil)
			if code := run(e, tt.args); code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, errOut)
			}
			if !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
			if _, err := os.Stat(filepath.Join(dir, "cspfix", "login.json")); err == nil {
				t.Error("a refused sign-in was kept")
			}
			noSecret(t, out.String(), errOut.String())
		})
	}
}

func TestLogoutCommand(t *testing.T) {
	dir := t.TempDir()
	writeXDGSettings(t, dir, `{"login":{"client_id":"`+loginClient+`"}}`)
	f := &fakeSignIn{t: t, tenant: loginTenant, store: "keyring"}
	e, _, errOut := loginEnv(t, dir, f, nil)
	if code := run(e, []string{"login"}); code != exitOK {
		t.Fatalf("login: exit %d\n%s", code, errOut)
	}
	e, out, errOut := loginEnv(t, dir, f, nil)
	if code := run(e, []string{"logout"}); code != exitOK || out.Len() != 0 ||
		!strings.Contains(errOut.String(), "✓ Signed out anna@fabrikamit.onmicrosoft.com (tenant "+loginTenant+"); cspfix's tokens are removed.") {
		t.Errorf("logout: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "cspfix", "login.json")); !errors.Is(err, os.ErrNotExist) || f.removed != 1 {
		t.Errorf("record %v, store removed %d times", err, f.removed)
	}
	e, _, errOut = loginEnv(t, dir, f, nil)
	if code := run(e, []string{"logout"}); code != exitOK || !strings.Contains(errOut.String(), "Not signed in to Microsoft: nothing to forget.") {
		t.Errorf("second logout: exit %d\n%s", code, errOut)
	}
	// A record that cannot be read is removed with the tokens, and said so: no empty user or tenant.
	if err := os.WriteFile(filepath.Join(dir, "cspfix", "login.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	e, _, errOut = loginEnv(t, dir, f, nil)
	if code := run(e, []string{"logout"}); code != exitOK || errOut.String() != "✓ Signed out: the sign-in's record could not be read, and it is removed with cspfix's tokens.\n" || f.removed != 3 {
		t.Errorf("logout of a broken record: exit %d, store removed %d times\n%s", code, f.removed, errOut)
	}
}

// fakeServices are local stand-ins for Microsoft Graph and Partner Center for `login status`:
// Graph's /organization answers, Partner Center refuses this account. Both echo the token
// into their answers, which must not make cspfix show it.
func fakeServices(t *testing.T, orgName string) (graph, pc string) {
	g := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1.0/organization" {
			t.Errorf("graph: unexpected %s", r.URL)
			http.NotFound(w, r)
			return
		}
		w.Header().Set("request-id", r.Header.Get("Authorization"))
		name, _ := json.Marshal(orgName)
		fmt.Fprintf(w, `{"value":[{"id":%q,"displayName":%s,"partnerTenantType":"ResellerPartnerDelegatedAdmin"}]}`, loginTenant, name)
	}))
	p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/relationships" || r.URL.Query().Get("relationship_type") != "IsIndirectResellerOf" {
			t.Errorf("partner center: unexpected %s", r.URL)
		}
		w.WriteHeader(http.StatusForbidden)
		desc, _ := json.Marshal("The requested action is not allowed for " + r.Header.Get("Authorization"))
		fmt.Fprintf(w, "\xef\xbb\xbf"+`{"code":600006,"description":%s,"source":"PartnerFD"}`, desc)
	}))
	t.Cleanup(g.Close)
	t.Cleanup(p.Close)
	return g.URL, p.URL
}

func TestLoginStatusCommand(t *testing.T) {
	dir := t.TempDir()
	writeXDGSettings(t, dir, `{"login":{"client_id":"`+loginClient+`","tenant":"`+loginTenant+`"}}`)
	f := &fakeSignIn{t: t, tenant: loginTenant, store: "keyring"}
	graph, pc := fakeServices(t, "Fabrikam IT\x1b]0;pwned\x07")
	vars := map[string]string{"CSPFIX_GRAPH_URL": graph, "CSPFIX_PARTNER_CENTER_URL": pc}

	e, out, errOut := loginEnv(t, dir, f, vars)
	if code := run(e, []string{"login", "status"}); code != exitCheckFailed || !strings.Contains(out.String(), "Not signed in.") {
		t.Errorf("before the sign-in: exit %d\n%s%s", code, out, errOut)
	}
	e, _, errOut = loginEnv(t, dir, f, vars)
	if code := run(e, []string{"login"}); code != exitOK {
		t.Fatalf("login: exit %d\n%s", code, errOut)
	}
	e, out, errOut = loginEnv(t, dir, f, vars)
	if code := run(e, []string{"login", "status"}); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"✓ Signed in as anna@fabrikamit.onmicrosoft.com (browser) on 2026-11-20 11:00 UTC",
		"Tenant " + loginTenant + " (pinned by login.tenant: " + loginTenant + ")",
		"App " + loginClient,
		"Microsoft Graph  " + graph,
		"Token from the sign-in, for tenant " + loginTenant + ", with MFA",
		"✓ Your tenant: Fabrikam IT (" + loginTenant + "), partner type reseller_partner_delegated_admin",
		"✓ Tenant by ID allowed (CrossTenantInformation.ReadBasic.All)",
		"✗ Your contracts with customers not granted: Directory.Read.All",
		"Partner Center " + pc,
		"Partner Center does not offer the lookup of your indirect providers to this account (HTTP 403, 600006)",
	} {
		if !strings.Contains(flat(out.String()), flat(want)) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out.String(), "\x1b") || strings.Contains(out.String(), "\x07") {
		t.Errorf("a control character from a service reached the terminal:\n%q", out)
	}
	noSecret(t, out.String(), errOut.String())

	e, out, _ = loginEnv(t, dir, f, vars)
	if code := run(e, []string{"login", "status", "-o", "json"}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		SignedIn bool   `json:"signed_in"`
		TenantID string `json:"tenant_id"`
		Store    string `json:"token_store"`
		Services []struct {
			Service string  `json:"service"`
			Token   *string `json:"token"`
			Lookups []struct{ Lookup, Access string }
			Check   struct {
				OK      bool `json:"ok"`
				Problem *struct{ Kind, Code string }
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if !doc.SignedIn || doc.TenantID != loginTenant || doc.Store != "keyring" || len(doc.Services) != 2 ||
		!doc.Services[0].Check.OK || doc.Services[1].Check.Problem == nil || doc.Services[1].Check.Problem.Kind != "not_available" ||
		doc.Services[1].Check.Problem.Code != "600006" {
		t.Errorf("JSON %s", out)
	}
	noSecret(t, out.String())

	e, out, _ = loginEnv(t, dir, f, vars)
	if code := run(e, []string{"--lang", "de", "login", "status"}); code != exitOK ||
		!strings.Contains(flat(out.String()), "Angemeldet als anna@fabrikamit.onmicrosoft.com (Browser)") ||
		!strings.Contains(flat(out.String()), "nicht erteilt: Directory.Read.All") {
		t.Errorf("German: exit %d\n%s", code, out)
	}
}

// TestLoginStatusWithTokensFromTheEnvironment: tokens given as they are are used without a
// sign-in, shown by their variable, never by their value.
func TestLoginStatusWithTokensFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	graph, pc := fakeServices(t, "Fabrikam IT")
	tok := loginJWT(map[string]any{"tid": loginTenant, "scp": "Organization.Read.All DelegatedAdminRelationship.Read.All", "amr": []string{"pwd"}})
	f := &fakeSignIn{t: t, tenant: loginTenant, store: "keyring"}
	e, out, errOut := loginEnv(t, dir, f, map[string]string{"CSPFIX_GRAPH_URL": graph, "CSPFIX_PARTNER_CENTER_URL": pc,
		"CSPFIX_GRAPH_TOKEN": tok, "CSPFIX_PARTNER_CENTER_TOKEN": "opaque-" + loginSecret})
	if code := run(e, []string{"login", "status"}); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"Not signed in.", "Token from CSPFIX_GRAPH_TOKEN, for tenant " + loginTenant + ", without MFA",
		"✓ Your admin relationships (GDAP) allowed", "Token from CSPFIX_PARTNER_CENTER_TOKEN", "? Customer in Partner Center"} {
		if !strings.Contains(flat(out.String()), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if len(f.made) != 0 {
		t.Errorf("a credential was made: %+v", f.made)
	}
	noSecret(t, out.String(), errOut.String())
}

// TestLookupEnvironmentRefusals: a refused token or service root stops before any request,
// and the error names the variable and where, never the token.
func TestLookupEnvironmentRefusals(t *testing.T) {
	tests := []struct {
		vars   map[string]string
		stderr string
	}{
		{map[string]string{"CSPFIX_GRAPH_TOKEN": "Bearer " + loginSecret}, "error: CSPFIX_GRAPH_TOKEN is not usable: it has white space at position 7"},
		{map[string]string{"CSPFIX_PARTNER_CENTER_TOKEN": loginSecret + "\n"}, "error: CSPFIX_PARTNER_CENTER_TOKEN is not usable: it has white space at position 14"},
		{map[string]string{"CSPFIX_GRAPH_TOKEN": loginSecret + "\x1b[2J"}, "it has a control character at position 14"},
		{map[string]string{"CSPFIX_GRAPH_URL": "http://graph.example.com"}, "error: CSPFIX_GRAPH_URL is not usable: http is allowed only to a loopback address"},
		{map[string]string{"CSPFIX_GRAPH_URL": "http://0.0.0.0:8080"}, "http is allowed only to a loopback address"},
		{map[string]string{"CSPFIX_PARTNER_CENTER_URL": "https://user:" + loginSecret + "@api.partnercenter.microsoft.com"}, "a user name or password in the URL is not allowed"},
		{map[string]string{"CSPFIX_PARTNER_CENTER_URL": "file:///etc/passwd"}, "only https, or http to this computer"},
		{map[string]string{"CSPFIX_GRAPH_URL": "https://graph.microsoft.com/\r\nX-Evil: 1"}, "white space, control characters"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		f := &fakeSignIn{t: t, tenant: loginTenant, store: "keyring"}
		e, out, errOut := loginEnv(t, dir, f, tt.vars)
		if code := run(e, []string{"login", "status"}); code != exitUsage || !strings.Contains(errOut.String(), tt.stderr) {
			t.Errorf("%v: exit %d\n%s", tt.vars, code, errOut)
		}
		noSecret(t, out.String(), errOut.String())
	}
}
