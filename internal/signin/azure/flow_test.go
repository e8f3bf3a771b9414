package azure

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/signin"
)

// fakeSTS answers the sign-in library's requests as Microsoft's sign-in service would, with
// the shapes azidentity's own tests use: instance and tenant metadata, a device code, and
// tokens. It never touches a network.
type fakeSTS struct {
	t      *testing.T
	tenant string
	mu     sync.Mutex
	paths  []string
}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (f *fakeSTS) Do(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.paths = append(f.paths, req.URL.Path)
	f.mu.Unlock()
	host := req.URL.Host
	body := ""
	switch s := strings.Split(req.URL.Path, "/"); s[len(s)-1] {
	case "instance":
		body = fmt.Sprintf(`{"tenant_discovery_endpoint":"https://%s/%s/v2.0/.well-known/openid-configuration","api-version":"1.1",`+
			`"metadata":[{"preferred_network":%q,"preferred_cache":%q,"aliases":[%q]}]}`, host, f.tenant, host, host, host)
	case "openid-configuration":
		base := "https://" + host + "/" + f.tenant
		body = fmt.Sprintf(`{"token_endpoint":"%[1]s/oauth2/v2.0/token","issuer":"%[1]s/v2.0","authorization_endpoint":"%[1]s/oauth2/v2.0/authorize",`+
			`"device_authorization_endpoint":"%[1]s/oauth2/v2.0/devicecode"}`, base)
	case "devicecode":
		body = `{"device_code":"dc","user_code":"ABCD-EFGH","verification_uri":"https://microsoft.com/devicelogin","expires_in":600,"interval":1,` +
			`"message":"To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD-EFGH to authenticate."}`
	case "token":
		idt := "eyJhbGciOiJub25lIn0." + b64(map[string]any{"aud": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "tid": f.tenant,
			"iss": "https://login.microsoftonline.com/" + f.tenant + "/v2.0", "preferred_username": "anna@fabrikamit.onmicrosoft.com",
			"oid": "c73c6f28-ae5f-413d-a9a2-e11e5af668f8", "sub": "s", "ver": "2.0"}) + ".sig"
		access := "eyJhbGciOiJub25lIn0." + b64(map[string]any{"tid": f.tenant, "scp": "User.Read", "amr": []string{"pwd"}}) + ".SECRET-ACCESS"
		body = fmt.Sprintf(`{"access_token":%q,"expires_in":3600,"refresh_token":"SECRET-REFRESH","token_type":"Bearer","id_token":%q,"client_info":%q}`,
			access, idt, b64(map[string]string{"uid": "c73c6f28-ae5f-413d-a9a2-e11e5af668f8", "utid": f.tenant}))
	default:
		f.t.Errorf("the sign-in library asked for %s", req.URL)
		return &http.Response{StatusCode: 404, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
}

// TestDeviceCodeSignIn runs azidentity's real device-code flow against the fake service: the
// code reaches cspfix's hook, nothing reaches stdout, and the account is the one signed in.
func TestDeviceCodeSignIn(t *testing.T) {
	const tenant = "84841066-274d-4ec0-a5c1-276be684bdd3"
	sts := &fakeSTS{t: t, tenant: tenant}
	testTransport = sts
	defer func() { testTransport = nil }()

	// Everything printed to stdout while the flow runs is caught here.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	var caught bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&caught, r); close(done) }()
	defer func() { os.Stdout = stdout }()

	var shown []string
	cred, err := New(signin.Options{Method: signin.MethodDeviceCode, ClientID: "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", Tenant: tenant,
		Endpoints: endpoints(diagnose.CloudPublic), Interactive: true,
		DeviceCode: func(url, code string) error { shown = append(shown, url, code); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	acct, err := cred.Authenticate(context.Background(), "https://graph.microsoft.com/.default")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := cred.Token(context.Background(), "https://graph.microsoft.com/.default")
	os.Stdout = stdout
	w.Close()
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(shown, " ") != "https://microsoft.com/devicelogin ABCD-EFGH" {
		t.Errorf("the hook got %q", shown)
	}
	if caught.Len() != 0 {
		t.Errorf("the sign-in printed to stdout: %q", caught.String())
	}
	if acct.TenantID != tenant || acct.Username != "anna@fabrikamit.onmicrosoft.com" || acct.HomeAccountID == "" {
		t.Errorf("account %+v", acct)
	}
	if c, ok := tok.Token.Claims(); !ok || c.TenantID != tenant {
		t.Errorf("token claims %+v", c)
	}
	if s := fmt.Sprintf("%v %+v", acct, tok); strings.Contains(s, "SECRET") {
		t.Errorf("a secret shows: %s", s)
	}
}

// TestSilentCredentialNeverAsks: the credential of the lookups, without a token in its cache,
// says "sign in" instead of starting a sign-in.
func TestSilentCredentialNeverAsks(t *testing.T) {
	const tenant = "84841066-274d-4ec0-a5c1-276be684bdd3"
	sts := &fakeSTS{t: t, tenant: tenant}
	testTransport = sts
	defer func() { testTransport = nil }()
	for _, m := range []signin.Method{signin.MethodDeviceCode, signin.MethodBrowser} {
		cred, err := New(signin.Options{Method: m, ClientID: "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", Tenant: tenant,
			Endpoints: endpoints(diagnose.CloudPublic), Account: &signin.Account{Authority: "https://login.microsoftonline.com",
				ClientID: "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", HomeAccountID: "uid." + tenant, TenantID: tenant, Username: "anna", Version: "1.0"},
			DeviceCode: func(string, string) error { t.Error("a device code was shown"); return nil }})
		if err != nil {
			t.Fatal(err)
		}
		_, err = cred.Token(context.Background(), "https://graph.microsoft.com/.default")
		if e, ok := err.(*signin.Error); !ok || e.Reason != signin.ReasonSignInRequired {
			t.Errorf("%s: %v", m, err)
		}
	}
	for _, p := range sts.paths {
		if strings.HasSuffix(p, "devicecode") || strings.HasSuffix(p, "token") {
			t.Errorf("asked %s", p)
		}
	}
}
