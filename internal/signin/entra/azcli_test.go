package entra

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/internal/testkit"
)

// fakeAz is the Azure CLI in the tests (TestMain runs it when ENTRA_FAKE_TOOL=az): it writes
// its arguments to ENTRA_FAKE_ARGS and answers as ENTRA_FAKE_AZ says.
func fakeAz() int {
	if f := os.Getenv("ENTRA_FAKE_ARGS"); f != "" {
		b, _ := json.Marshal(os.Args[1:])
		os.WriteFile(f, b, 0o600)
	}
	tok := "eyJhbGciOiJSUzI1NiJ9." + b64(map[string]any{"tid": partnerTenant, "aud": "https://graph.microsoft.com", "scp": "User.Read"}) + ".SECRET-AZ-SIG"
	switch os.Getenv("ENTRA_FAKE_AZ") {
	case "ok":
		// The shape of Azure CLI 2.54 and later.
		fmt.Printf(`{"accessToken":%q,"expiresOn":"2026-11-20 12:59:10.000000","expires_on":%d,"subscription":"sub","tenant":%q,"tokenType":"Bearer"}`,
			tok, testkit.Now.Add(59*time.Minute).Unix(), partnerTenant)
	case "old":
		// Before 2.54: only the local time.
		fmt.Printf(`{"accessToken":%q,"expiresOn":%q,"subscription":"sub","tenant":%q,"tokenType":"Bearer"}`,
			tok, testkit.Now.Add(59*time.Minute).In(time.Local).Format("2006-01-02 15:04:05.000000"), partnerTenant)
	case "login":
		fmt.Fprintln(os.Stderr, "ERROR: Please run 'az login' to setup account.")
		return 1
	case "consent":
		fmt.Fprintln(os.Stderr, "ERROR: AADSTS65001: The user or administrator has not consented to use the application with ID '04b07795-8ddb-461a-bbee-02f9e1bf7b46'.")
		return 1
	case "garbage":
		fmt.Print(`{"accessToken": 42}`)
	case "huge":
		fmt.Print(strings.Repeat("x", maxAzureCLIOut+10))
	}
	return 0
}

// fakeTool makes the test binary callable as name in a directory of its own.
func fakeTool(t *testing.T, name string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAzureCLI(t *testing.T) {
	az := fakeTool(t, "az")
	t.Setenv("ENTRA_FAKE_TOOL", "az")
	args := filepath.Join(t.TempDir(), "args.json")
	t.Setenv("ENTRA_FAKE_ARGS", args)
	// az is found in PATH, as a person installed it.
	t.Setenv("PATH", filepath.Dir(az)+string(os.PathListSeparator)+os.Getenv("PATH"))
	cred := func(tenant string) signin.Credential {
		c, err := Config{Now: testkit.Clock}.New(signin.Options{Method: signin.MethodAzureCLI, Tenant: tenant})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		answer, tenant, scope string
		wantArgs              string
		want                  signin.Reason
		detail, code          string
	}{
		{"ok", partnerTenant, graphScope, `["account","get-access-token","--output","json","--resource","https://graph.microsoft.com","--tenant","` + partnerTenant + `"]`, "", "", ""},
		{"ok", "organizations", pcScope, `["account","get-access-token","--output","json","--scope","https://api.partnercenter.microsoft.com/user_impersonation"]`, "", "", ""},
		{"old", "fabrikamit.onmicrosoft.com", graphScope, `["account","get-access-token","--output","json","--resource","https://graph.microsoft.com","--tenant","fabrikamit.onmicrosoft.com"]`, "", "", ""},
		{"login", partnerTenant, graphScope, "", signin.ReasonAzureCLI, "az_login", ""},
		{"consent", partnerTenant, graphScope, "", signin.ReasonConsent, "", "AADSTS65001"},
		{"garbage", partnerTenant, graphScope, "", signin.ReasonAzureCLI, "the Azure CLI's answer cannot be read", ""},
		{"huge", partnerTenant, graphScope, "", signin.ReasonAzureCLI, "the Azure CLI's answer is too large", ""},
	}
	for _, tt := range tests {
		t.Run(tt.answer+" "+tt.tenant, func(t *testing.T) {
			t.Setenv("ENTRA_FAKE_AZ", tt.answer)
			os.Remove(args)
			tok, err := cred(tt.tenant).Token(context.Background(), tt.scope)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if c, ok := tok.Token.Claims(); !ok || c.TenantID != partnerTenant {
					t.Errorf("token %v", c)
				}
				if !tok.ExpiresOn.Equal(testkit.Now.Add(59 * time.Minute)) {
					t.Errorf("expires %v", tok.ExpiresOn)
				}
				if b, _ := os.ReadFile(args); string(b) != tt.wantArgs {
					t.Errorf("az %s", b)
				}
				return
			}
			var se *signin.Error
			if !asSigninError(err, &se) || se.Reason != tt.want || se.Detail != tt.detail || se.Code != tt.code {
				t.Errorf("%#v, want %s %q %s", err, tt.want, tt.detail, tt.code)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("the token shows: %v", err)
			}
		})
	}
	// The Azure CLI cannot sign in by itself: --use-az takes its sign-in as it is.
	if _, err := cred(partnerTenant).Authenticate(context.Background(), graphScope); err == nil {
		t.Error("the Azure CLI's credential signed in")
	}
	// Not installed.
	t.Setenv("PATH", t.TempDir())
	if _, err := cred(partnerTenant).Token(context.Background(), graphScope); reason(err) != signin.ReasonAzureCLI {
		t.Errorf("%v", err)
	} else if err.(*signin.Error).Detail != "az_missing" {
		t.Errorf("%#v", err)
	}
}

func asSigninError(err error, target **signin.Error) bool {
	e, ok := err.(*signin.Error)
	*target = e
	return ok
}

// TestAzureCLIArgs: nothing that a shell or cmd.exe would read reaches az.
func TestAzureCLIArgs(t *testing.T) {
	for _, bad := range []struct{ scope, tenant string }{
		{graphScope, "contoso.com&calc"},
		{graphScope, "a b"},
		{"https://graph.microsoft.com/%PATH%", partnerTenant},
		{graphScope, "-tenant"},
		{`https://graph.microsoft.com/"x"`, partnerTenant},
	} {
		if args, err := azureCLIArgs(bad.scope, bad.tenant); err == nil {
			t.Errorf("%q %q: %q", bad.scope, bad.tenant, args)
		}
	}
}

func TestParseAzureCLIToken(t *testing.T) {
	tok := "eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ4In0.sig"
	for name, tt := range map[string]struct {
		out  string
		ok   bool
		unix int64
	}{
		"new":        {`{"accessToken":"` + tok + `","expiresOn":"2026-11-20 12:59:10.000000","expires_on":1795697950,"tokenType":"Bearer"}`, true, 1795697950},
		"string":     {`{"accessToken":"` + tok + `","expires_on":"1795697950"}`, true, 1795697950},
		"bom":        {"\xef\xbb\xbf" + `{"accessToken":"` + tok + `","expires_on":1795697950}`, true, 1795697950},
		"no token":   {`{"expires_on":1795697950}`, false, 0},
		"space":      {`{"accessToken":"a b","expires_on":1795697950}`, false, 0},
		"not bearer": {`{"accessToken":"` + tok + `","tokenType":"pop"}`, false, 0},
		"not json":   {`ERROR`, false, 0},
	} {
		_, exp, ok := parseAzureCLIToken([]byte(tt.out))
		if ok != tt.ok || ok && exp.Unix() != tt.unix {
			t.Errorf("%s: %v %v", name, ok, exp)
		}
	}
}
