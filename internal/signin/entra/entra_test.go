package entra

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

func TestMain(m *testing.M) {
	// The test binary is also the fake az and the fake security tool of the tests that run
	// them (azcli_test.go, keychain_test.go).
	switch os.Getenv("ENTRA_FAKE_TOOL") {
	case "az":
		os.Exit(fakeAz())
	case "security":
		os.Exit(fakeSecurity())
	case "xdg-open":
		os.WriteFile(os.Getenv("ENTRA_FAKE_ARGS"), []byte(strings.Join(os.Args[1:], "\n")), 0o600)
		fmt.Println("Opening in existing browser session.")
		if os.Getenv("ENTRA_FAKE_EXIT") != "" {
			os.Exit(3) // xdg-open: a required tool could not be found
		}
		os.Exit(0)
	}
	testkit.RefuseNonLoopback()
	os.Exit(m.Run())
}

// env is a credential's world in a test: the fake authority, a browser that is the test, a
// store in memory, a clock that moves only when the device code's poll sleeps, and everything
// shown to the person.
type env struct {
	t       *testing.T
	a       *authority
	secrets *memorySecrets
	now     time.Time
	slept   []time.Duration
	shown   bytes.Buffer // what the hooks showed (stderr in cspfix)
	mu      sync.Mutex

	browse    func(u string) // the browser; nil is visit
	pages     chan string    // the pages the browser got back
	noBrowser bool           // the opener fails
}

func newEnv(t *testing.T) *env {
	e := &env{t: t, a: newAuthority(t), secrets: &memorySecrets{kind: "keyring"}, now: testkit.Now, pages: make(chan string, 4)}
	return e
}

func (e *env) config() Config {
	// srv.Client() is shared with the browser, which follows redirects: a client of its own.
	client := &http.Client{Transport: e.a.srv.Client().Transport, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return Config{
		// A generous bound, so that a broken sign-in fails the test instead of hanging it.
		BrowserTimeout: 30 * time.Second,
		Secrets:        e.secrets,
		Client:         client,
		OpenBrowser: func(ctx context.Context, u string, progress io.Writer) error {
			if e.noBrowser {
				return errors.New("exec: \"xdg-open\": executable file not found in $PATH")
			}
			fmt.Fprintln(progress, "Opening in existing browser session.")
			browse := e.browse
			if browse == nil {
				browse = e.visit
			}
			go browse(u)
			return nil
		},
		Sleep: func(ctx context.Context, d time.Duration) error {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.slept = append(e.slept, d)
			e.now = e.now.Add(d)
			return ctx.Err()
		},
		Now: func() time.Time {
			e.mu.Lock()
			defer e.mu.Unlock()
			return e.now
		},
	}
}

// visit is the browser: it opens the address, follows the sign-in service's redirect to the
// loopback address, and hands on the page it got.
func (e *env) visit(u string) {
	resp, err := e.a.srv.Client().Get(u)
	if err != nil {
		e.pages <- "error: " + err.Error()
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	e.pages <- fmt.Sprintf("%d %s", resp.StatusCode, b)
}

func (e *env) options(m signin.Method) signin.Options {
	return signin.Options{Method: m, ClientID: clientID, Tenant: "organizations", Endpoints: e.a.endpoints(), Interactive: true,
		Persistent: true, Progress: &e.shown, Texts: scenarios.Embedded().In(scenarios.EN),
		DeviceCode: func(u, code string) error { fmt.Fprintf(&e.shown, "open %s, code %s\n", u, code); return nil },
		ShowURL:    func(u string) error { fmt.Fprintf(&e.shown, "open %s\n", u); return nil },
	}
}

func (e *env) credential(o signin.Options) signin.Credential {
	e.t.Helper()
	c, err := e.config().New(o)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// noSecretShows fails the test when a secret of the fake appears in any of the texts.
func (e *env) noSecretShows(texts ...string) {
	e.t.Helper()
	all := strings.Join(append(texts, e.shown.String()), "\n")
	if strings.Contains(all, "SECRET-") {
		e.t.Errorf("a secret shows: %s", all)
	}
	for _, s := range e.a.allSecrets() {
		if strings.Contains(all, s) {
			e.t.Errorf("the secret %s shows", s)
		}
	}
}

func reason(err error) signin.Reason {
	var e *signin.Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return "not a sign-in error: " + signin.Reason(fmt.Sprint(err))
}

func TestBrowserSignIn(t *testing.T) {
	e := newEnv(t)
	c := e.credential(e.options(signin.MethodBrowser))
	acct, err := c.Authenticate(context.Background(), graphScope)
	if err != nil {
		select {
		case p := <-e.pages:
			t.Fatal(err, p)
		default:
			t.Fatal(err)
		}
	}
	if acct.TenantID != partnerTenant || acct.Username != userName || acct.HomeAccountID != userOID+"."+partnerTenant ||
		acct.ClientID != clientID || acct.Authority != e.a.srv.URL {
		t.Errorf("account %+v", acct)
	}
	page := <-e.pages
	if !strings.HasPrefix(page, "200 ") || !strings.Contains(page, "You are signed in to cspfix.") {
		t.Errorf("the browser got %q", page)
	}
	// The token of the sign-in is handed out without another request.
	before := len(e.a.seen())
	tok, err := c.Token(context.Background(), graphScope)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.a.seen()) != before {
		t.Errorf("the token was asked for again: %v", e.a.seen())
	}
	if cl, ok := tok.Token.Claims(); !ok || cl.TenantID != partnerTenant || !tok.ExpiresOn.Equal(testkit.Now.Add(3599*time.Second)) {
		t.Errorf("token %+v %v", cl, tok.ExpiresOn)
	}
	// What the browser was sent to: PKCE with S256, this sign-in's state and nonce, the
	// loopback redirect, the scopes with a refresh token, the account picker.
	q := e.a.authz[0]
	if q.Get("scope") != graphScope+" openid profile offline_access" || q.Get("prompt") != "select_account" || q.Get("response_mode") != "query" {
		t.Errorf("authorize %v", q)
	}
	// The code was redeemed with the verifier and the same redirect URI, at the tenant asked.
	f := e.a.forms[0]
	if f.Get("grant_type") != "authorization_code" || len(f.Get("code_verifier")) != 43 || f.Get("redirect_uri") != q.Get("redirect_uri") {
		t.Errorf("token request %v", f)
	}
	if got := strings.Join(e.a.seen(), ", "); got != "GET /organizations/authorize , POST /organizations/token authorization_code" {
		t.Errorf("requests: %s", got)
	}
	// The refresh token is in the store, and only there.
	s, ok := decodeSecret(e.secrets.data)
	if !ok || !strings.HasPrefix(s.RefreshToken, "SECRET-REFRESH-") || s.TenantID != partnerTenant || s.ClientID != clientID ||
		s.HomeAccountID != acct.HomeAccountID || s.Authority != e.a.srv.URL {
		t.Errorf("kept %+v", s)
	}
	if err := c.(signin.StoreReporter).StoreErr(); err != nil {
		t.Error(err)
	}
	if !strings.Contains(e.shown.String(), "Opening in existing browser session.") || strings.Contains(e.shown.String(), "open http") {
		t.Errorf("shown: %q", e.shown.String())
	}
	e.noSecretShows(fmt.Sprintf("%v %+v %#v", acct, tok, tok), page)
}

// TestBrowserTakesOnlyItsOwnRedirect: a request without this sign-in's state, to another path,
// or after the first, is refused and changes nothing.
func TestBrowserTakesOnlyItsOwnRedirect(t *testing.T) {
	e := newEnv(t)
	e.browse = func(u string) {
		client := &http.Client{Transport: e.a.srv.Client().Transport,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		r, err := client.Get(u)
		if err != nil {
			e.pages <- err.Error()
			return
		}
		r.Body.Close()
		back, _ := url.Parse(r.Header.Get("Location"))
		status := func(u string) int {
			r, err := client.Get(u)
			if err != nil {
				return -1
			}
			r.Body.Close()
			return r.StatusCode
		}
		other := *back
		q := other.Query()
		q.Set("state", "someone-else")
		q.Set("code", "SECRET-FORGED")
		other.RawQuery = q.Encode()
		favicon := *back
		favicon.Path, favicon.RawQuery = "/favicon.ico", ""
		post, _ := client.Post(back.String(), "text/plain", nil)
		if post != nil {
			post.Body.Close()
		}
		results := []int{status(other.String()), status(favicon.String()), post.StatusCode, status(back.String()), status(back.String())}
		e.pages <- fmt.Sprint(results)
	}
	c := e.credential(e.options(signin.MethodBrowser))
	if _, err := c.Authenticate(context.Background(), graphScope); err != nil {
		t.Fatal(err)
	}
	// Another state, another path and a POST are refused; the sign-in's redirect is taken; a
	// second one is refused: with 410 while the listener still runs, or not answered at all once
	// the sign-in has closed it (which of the two depends on scheduling, not on the code).
	if got := <-e.pages; got != "[404 404 404 200 410]" && got != "[404 404 404 200 -1]" {
		t.Errorf("statuses %s", got)
	}
	for _, f := range e.a.forms {
		if f.Get("code") == "SECRET-FORGED" {
			t.Error("the forged code was redeemed")
		}
	}
}

func TestBrowserRefusals(t *testing.T) {
	tests := []struct {
		name string
		set  func(*authority)
		want signin.Reason
		code string
	}{
		{"declined consent", func(a *authority) {
			a.authorizeError = url.Values{"error": {"access_denied"}, "error_description": {"AADSTS65004: User declined to consent to access the app."}}
		}, signin.ReasonCancelled, "AADSTS65004"},
		{"cancelled", func(a *authority) {
			a.authorizeError = url.Values{"error": {"access_denied"}, "error_description": {"the user canceled the authentication"}}
		}, signin.ReasonCancelled, ""},
		{"no consent", func(a *authority) {
			a.authorizeError = url.Values{"error": {"invalid_client"}, "error_description": {"AADSTS65001: The user or administrator has not consented to use the application."}}
		}, signin.ReasonConsent, "AADSTS65001"},
		{"conditional access", func(a *authority) {
			a.tokenError = oauthErr("invalid_grant", 53003, "Access has been blocked by Conditional Access policies.")
		},
			signin.ReasonBlocked, "AADSTS53003"},
		{"MFA", func(a *authority) {
			a.tokenError = oauthErr("interaction_required", 50076, "you must use multi-factor authentication")
		},
			signin.ReasonMFA, "AADSTS50076"},
		{"unknown app", func(a *authority) {
			a.tokenError = oauthErr("unauthorized_client", 700016, "Application was not found in the directory.")
		},
			signin.ReasonAppNotFound, "AADSTS700016"},
		{"single-tenant app without login.tenant", func(a *authority) {
			a.tokenError = oauthErr("invalid_request", 50194, "Application is not configured as a multi-tenant application.")
		}, signin.ReasonAppNotFound, "AADSTS50194"},
		{"unknown tenant", func(a *authority) { a.tokenError = oauthErr("invalid_request", 90002, "Tenant not found.") },
			signin.ReasonTenantNotFound, "AADSTS90002"},
		{"account of another tenant", func(a *authority) {
			a.tokenError = oauthErr("invalid_request", 50020, "User account from identity provider does not exist in tenant.")
		}, signin.ReasonOtherTenantUser, "AADSTS50020"},
		{"unknown code", func(a *authority) {
			a.tokenError = oauthErr("invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid.")
		},
			signin.ReasonFailed, "AADSTS70011"},
		{"another nonce", func(a *authority) { a.idTokenNonce = "not-this-sign-in" }, signin.ReasonFailed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			tt.set(e.a)
			_, err := e.credential(e.options(signin.MethodBrowser)).Authenticate(context.Background(), graphScope)
			var se *signin.Error
			if !errors.As(err, &se) || se.Reason != tt.want || se.Code != tt.code {
				t.Fatalf("%#v, want %s %s", err, tt.want, tt.code)
			}
			page := <-e.pages
			if tt.set != nil && e.a.authorizeError != nil && !strings.Contains(page, "The sign-in did not complete.") {
				t.Errorf("page %q", page)
			}
			if e.secrets.data != nil {
				t.Error("a failed sign-in was kept")
			}
			e.noSecretShows(err.Error(), page)
		})
	}
}

// TestBrowserPinnedTenant: with login.tenant set, an answer for another tenant is refused and
// nothing is kept.
func TestBrowserPinnedTenant(t *testing.T) {
	e := newEnv(t)
	e.a.tenant = customerTenant
	o := e.options(signin.MethodBrowser)
	o.Tenant = partnerTenant
	_, err := e.credential(o).Authenticate(context.Background(), graphScope)
	var se *signin.Error
	if !errors.As(err, &se) || se.Reason != signin.ReasonWrongTenant || se.Tenant != customerTenant {
		t.Fatalf("%#v", err)
	}
	<-e.pages
	if e.secrets.data != nil {
		t.Error("the sign-in of another tenant was kept")
	}
	if got := e.a.seen()[0]; got != "GET /"+partnerTenant+"/authorize " {
		t.Errorf("signed in at %s", got)
	}
	// The same when only the access token names another tenant.
	e = newEnv(t)
	e.a.accessTokenTid = customerTenant
	if _, err := e.credential(e.options(signin.MethodBrowser)).Authenticate(context.Background(), graphScope); reason(err) != signin.ReasonWrongTenant {
		t.Fatalf("%v", err)
	}
	<-e.pages
}

// TestBrowserNotOpened: when no browser opens, the address is shown (stderr in cspfix), and the
// person may open it; without a way to show it the sign-in says so.
func TestBrowserNotOpened(t *testing.T) {
	e := newEnv(t)
	e.noBrowser = true
	o := e.options(signin.MethodBrowser)
	o.ShowURL = func(u string) error {
		fmt.Fprintln(&e.shown, "open "+u)
		go e.visit(u) // the person opens it
		return nil
	}
	if _, err := e.credential(o).Authenticate(context.Background(), graphScope); err != nil {
		t.Fatal(err)
	}
	<-e.pages
	shown := e.shown.String()
	if !strings.HasPrefix(shown, "open "+e.a.srv.URL+"/organizations/oauth2/v2.0/authorize?") || !strings.Contains(shown, "code_challenge_method=S256") {
		t.Errorf("shown %q", shown)
	}
	e.noSecretShows()

	e = newEnv(t)
	e.noBrowser = true
	o = e.options(signin.MethodBrowser)
	o.ShowURL = nil
	if _, err := e.credential(o).Authenticate(context.Background(), graphScope); reason(err) != signin.ReasonNoBrowser {
		t.Errorf("%v", err)
	}
}

// TestBrowserWaitIsBounded: nobody completes the sign-in: it ends (its time is shortened here;
// nothing else can happen, so the test does not depend on timing).
func TestBrowserWaitIsBounded(t *testing.T) {
	e := newEnv(t)
	e.browse = func(string) {} // the browser opens, the person does nothing
	cfg := e.config()
	cfg.BrowserTimeout = time.Millisecond
	c, err := cfg.New(e.options(signin.MethodBrowser))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Authenticate(context.Background(), graphScope); reason(err) != signin.ReasonTimedOut {
		t.Errorf("%v", err)
	}
	if browserTimeout != 10*time.Minute || !strings.Contains(scenarios.Embedded().Text("signin.hint.timed_out", scenarios.EN), "10 minutes") {
		t.Error("the hint names another time than the sign-in waits")
	}
}

// TestBrowserStopsOnCtrlC: a cancelled context ends the wait with its cause.
func TestBrowserStopsOnCtrlC(t *testing.T) {
	e := newEnv(t)
	stop := errors.New("interrupted")
	ctx, cancel := context.WithCancelCause(context.Background())
	e.browse = func(string) { cancel(stop) }
	if _, err := e.credential(e.options(signin.MethodBrowser)).Authenticate(ctx, graphScope); !errors.Is(err, stop) {
		t.Errorf("%v", err)
	}
}

func TestDeviceCode(t *testing.T) {
	e := newEnv(t)
	e.a.deviceSteps = []string{"pending", "pending", "slow_down", "pending", "ok"}
	c := e.credential(e.options(signin.MethodDeviceCode))
	acct, err := c.Authenticate(context.Background(), graphScope)
	if err != nil {
		t.Fatal(err)
	}
	if acct.TenantID != partnerTenant || acct.Username != userName {
		t.Errorf("account %+v", acct)
	}
	if got := e.shown.String(); got != "open https://microsoft.com/devicelogin, code ABCD-EFGH\n" {
		t.Errorf("shown %q", got)
	}
	// The interval, then 5 seconds more after slow_down.
	if fmt.Sprint(e.slept) != "[5s 5s 5s 10s 10s]" {
		t.Errorf("slept %v", e.slept)
	}
	if e.secrets.data == nil {
		t.Error("the sign-in was not kept")
	}
	e.noSecretShows(fmt.Sprint(acct))
}

func TestDeviceCodeRefusals(t *testing.T) {
	tests := []struct {
		name  string
		steps []string
		set   func(*authority)
		want  signin.Reason
	}{
		{"expired", []string{"pending", "expired_token"}, nil, signin.ReasonExpired},
		{"declined", []string{"authorization_declined"}, nil, signin.ReasonCancelled},
		{"denied", []string{"access_denied"}, nil, signin.ReasonCancelled},
		{"public client flows off", nil, func(a *authority) {
			a.deviceCodeError = oauthErr("invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
		}, signin.ReasonPublicClient},
		{"blocked", nil, func(a *authority) {
			a.tokenError = oauthErr("invalid_grant", 53003, "Access has been blocked by Conditional Access policies.")
		}, signin.ReasonBlocked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.a.deviceSteps = tt.steps
			if tt.set != nil {
				tt.set(e.a)
			}
			_, err := e.credential(e.options(signin.MethodDeviceCode)).Authenticate(context.Background(), graphScope)
			if reason(err) != tt.want {
				t.Errorf("%v, want %s", err, tt.want)
			}
			e.noSecretShows(err.Error())
		})
	}
	// Nobody enters the code: the polls end when the code expires (900 s), never later.
	e := newEnv(t)
	for range 200 {
		e.a.deviceSteps = append(e.a.deviceSteps, "pending")
	}
	_, err := e.credential(e.options(signin.MethodDeviceCode)).Authenticate(context.Background(), graphScope)
	if reason(err) != signin.ReasonExpired || e.now.Sub(testkit.Now) != 900*time.Second {
		t.Errorf("%v after %v", err, e.now.Sub(testkit.Now))
	}
}

// signedIn signs in with the browser and returns the account, the store holding the refresh
// token.
func signedIn(t *testing.T, e *env) signin.Account {
	t.Helper()
	acct, err := e.credential(e.options(signin.MethodBrowser)).Authenticate(context.Background(), graphScope)
	if err != nil {
		t.Fatal(err)
	}
	<-e.pages
	return acct
}

// silent is the credential of a later run: the account, the store, nobody to ask.
func (e *env) silent(acct signin.Account) signin.Credential {
	o := e.options(signin.MethodBrowser)
	o.Interactive, o.Account, o.Tenant = false, &acct, acct.TenantID
	o.DeviceCode = func(string, string) error { e.t.Error("a device code was shown"); return nil }
	o.ShowURL = func(string) error { e.t.Error("an address was shown"); return nil }
	return e.credential(o)
}

// TestSilentLaterRun: a later run gets tokens for Graph and Partner Center with the kept
// refresh token, at the account's tenant, and keeps the new refresh token it is given.
func TestSilentLaterRun(t *testing.T) {
	e := newEnv(t)
	acct := signedIn(t, e)
	first, _ := decodeSecret(e.secrets.data)
	n := len(e.a.seen())
	c := e.silent(acct)
	for _, scope := range []string{pcScope, graphScope, pcScope} {
		tok, err := c.Token(context.Background(), scope)
		if err != nil {
			t.Fatal(err)
		}
		if cl, _ := tok.Token.Claims(); !strings.Contains(scope, strings.TrimPrefix(cl.Audience, "https://")) {
			t.Errorf("%s: token for %s", scope, cl.Audience)
		}
	}
	want := "POST /" + partnerTenant + "/token refresh_token"
	if got := e.a.seen()[n:]; len(got) != 2 || got[0] != want || got[1] != want {
		t.Errorf("requests %v", got)
	}
	forms := e.a.forms[len(e.a.forms)-2:]
	if forms[0].Get("scope") != pcScope+" offline_access" || forms[0].Get("refresh_token") != first.RefreshToken {
		t.Errorf("refresh request %v", forms[0])
	}
	// The refresh token the service gave with the first redemption replaced the first one.
	if forms[1].Get("refresh_token") == first.RefreshToken {
		t.Error("the old refresh token was used again")
	}
	if now, _ := decodeSecret(e.secrets.data); now.RefreshToken == first.RefreshToken {
		t.Error("the new refresh token was not kept")
	}
	e.noSecretShows()
}

func TestSilentRefusals(t *testing.T) {
	tests := []struct {
		name string
		set  func(*env, *signin.Account)
		want signin.Reason
	}{
		{"refresh token expired", func(e *env, _ *signin.Account) {
			e.a.refreshError = oauthErr("invalid_grant", 700082, "The refresh token has expired due to inactivity.")
		}, signin.ReasonSignInRequired},
		{"revoked", func(e *env, _ *signin.Account) {
			e.a.refreshError = oauthErr("invalid_grant", 50173, "The provided grant has expired due to it being revoked.")
		}, signin.ReasonSignInRequired},
		{"MFA needed", func(e *env, _ *signin.Account) {
			e.a.refreshError = oauthErr("interaction_required", 50076, "you must use multi-factor authentication")
		}, signin.ReasonMFA},
		{"no consent for Partner Center", func(e *env, _ *signin.Account) {
			e.a.refreshError = oauthErr("invalid_grant", 65001, "The user or administrator has not consented to use the application.")
		}, signin.ReasonConsent},
		{"nothing kept", func(e *env, _ *signin.Account) { e.secrets.data = nil }, signin.ReasonSignInRequired},
		{"kept for another app", func(e *env, a *signin.Account) { a.ClientID = "11111111-2222-4333-8444-555555555555" }, signin.ReasonSignInRequired},
		{"kept for another account", func(e *env, a *signin.Account) { a.HomeAccountID = "other." + partnerTenant }, signin.ReasonSignInRequired},
		{"unreadable", func(e *env, _ *signin.Account) { e.secrets.data = []byte("{") }, signin.ReasonSignInRequired},
		{"token for another tenant", func(e *env, _ *signin.Account) { e.a.accessTokenTid = customerTenant }, signin.ReasonWrongTenant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			acct := signedIn(t, e)
			tt.set(e, &acct)
			o := e.options(signin.MethodBrowser)
			o.Interactive, o.Account, o.Tenant, o.ClientID = false, &acct, acct.TenantID, acct.ClientID
			c, err := e.config().New(o)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Token(context.Background(), pcScope)
			if reason(err) != tt.want {
				t.Errorf("%v, want %s", err, tt.want)
			}
			for _, r := range e.a.seen() {
				if strings.Contains(r, "authorize") && r != e.a.seen()[0] || strings.Contains(r, "devicecode") {
					t.Errorf("asked the person: %v", e.a.seen())
				}
			}
			if err != nil {
				e.noSecretShows(err.Error())
			}
		})
	}
}

// TestMemoryOnly: without the store, the sign-in lives as long as the credential; a later run
// must sign in again, and asks nobody and nothing for it.
func TestMemoryOnly(t *testing.T) {
	e := newEnv(t)
	o := e.options(signin.MethodBrowser)
	o.Persistent = false
	c := e.credential(o)
	acct, err := c.Authenticate(context.Background(), graphScope)
	if err != nil {
		t.Fatal(err)
	}
	<-e.pages
	if _, err := c.Token(context.Background(), pcScope); err != nil {
		t.Errorf("the refresh token in memory: %v", err)
	}
	if e.secrets.data != nil {
		t.Error("kept in the store")
	}
	n := len(e.a.seen())
	o.Interactive, o.Account = false, &acct
	if _, err := e.credential(o).Token(context.Background(), graphScope); reason(err) != signin.ReasonSignInRequired {
		t.Errorf("%v", err)
	}
	if len(e.a.seen()) != n {
		t.Error("a request without a refresh token")
	}
}

// TestStoreRefusal: a store that refuses the refresh token leaves the sign-in in memory, and
// the credential says why (login says so).
func TestStoreRefusal(t *testing.T) {
	e := newEnv(t)
	e.secrets.kind = "" // refuses
	c := e.credential(e.options(signin.MethodBrowser))
	if _, err := c.Authenticate(context.Background(), graphScope); err != nil {
		t.Fatal(err)
	}
	<-e.pages
	if err := c.(signin.StoreReporter).StoreErr(); reason(err) != signin.ReasonNoStore {
		t.Errorf("%v", err)
	}
}

func TestNetworkFailure(t *testing.T) {
	e := newEnv(t)
	e.a.srv.Close()
	o := e.options(signin.MethodDeviceCode)
	_, err := e.credential(o).Authenticate(context.Background(), graphScope)
	var se *signin.Error
	if !errors.As(err, &se) || se.Reason != signin.ReasonNetwork || se.Detail == "" {
		t.Errorf("%#v", err)
	}
}

// TestClouds: each cloud signs in at its own service (login.microsoftonline.com, .us,
// login.chinacloudapi.cn), with the tenant in the path.
func TestClouds(t *testing.T) {
	for _, ep := range microsoft.Clouds() {
		c, err := Config{}.New(signin.Options{Method: signin.MethodDeviceCode, ClientID: clientID, Tenant: partnerTenant, Endpoints: ep})
		if err != nil {
			t.Fatal(err)
		}
		want := map[diagnose.Cloud]string{diagnose.CloudPublic: "https://login.microsoftonline.com", diagnose.CloudUSGovernment: "https://login.microsoftonline.us",
			diagnose.CloudChina: "https://login.chinacloudapi.cn"}[ep.Cloud]
		if got := c.(*credential).endpoint("token"); got != want+"/"+partnerTenant+"/oauth2/v2.0/token" {
			t.Errorf("%s: %s", ep.Cloud, got)
		}
	}
}

func TestOptionsRefused(t *testing.T) {
	ep, _ := microsoft.CloudEndpoints(diagnose.CloudPublic)
	for name, o := range map[string]signin.Options{
		"no app":           {Method: signin.MethodBrowser, Tenant: "organizations", Endpoints: ep},
		"http authority":   {Method: signin.MethodBrowser, ClientID: clientID, Tenant: "organizations", Endpoints: microsoft.Endpoints{Authority: "http://login.microsoftonline.com"}},
		"authority path":   {Method: signin.MethodBrowser, ClientID: clientID, Tenant: "organizations", Endpoints: microsoft.Endpoints{Authority: "https://evil.example/login.microsoftonline.com"}},
		"authority user":   {Method: signin.MethodBrowser, ClientID: clientID, Tenant: "organizations", Endpoints: microsoft.Endpoints{Authority: "https://a:b@login.microsoftonline.com"}},
		"tenant with path": {Method: signin.MethodBrowser, ClientID: clientID, Tenant: "../common", Endpoints: ep},
		"no tenant":        {Method: signin.MethodDeviceCode, ClientID: clientID, Endpoints: ep},
		"unknown method":   {Method: "carrier_pigeon", ClientID: clientID, Tenant: "organizations", Endpoints: ep},
	} {
		if _, err := (Config{}).New(o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// http is for a loopback test service only.
	if _, err := (Config{}).New(signin.Options{Method: signin.MethodBrowser, ClientID: clientID, Tenant: "organizations",
		Endpoints: microsoft.Endpoints{Authority: "http://127.0.0.1:8080"}}); err != nil {
		t.Errorf("loopback: %v", err)
	}
}

func TestOpenerCommand(t *testing.T) {
	const u = "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?a=1&b=2"
	display := func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] }
	none := func(string) string { return "" }
	tests := []struct {
		goos   string
		getenv func(string) string
		want   string
	}{
		{"windows", none, "rundll32 [url.dll,FileProtocolHandler " + u + "]"},
		{"darwin", none, "open [" + u + "]"},
		{"linux", display, "xdg-open [" + u + "]"},
		{"freebsd", func(k string) string { return map[string]string{"WAYLAND_DISPLAY": "wayland-0"}[k] }, "xdg-open [" + u + "]"},
		{"linux", none, "no graphical session"},
		{"plan9", display, "no browser opener on plan9"},
	}
	for _, tt := range tests {
		name, args, err := openerCommand(tt.goos, u, tt.getenv)
		got := fmt.Sprint(name, " ", args)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: %s, want %s", tt.goos, got, tt.want)
		}
	}
}

// TestOpenBrowser runs the system's opener as cspfix does on Linux: xdg-open with the address
// as its one argument, its output on stderr (a file) and never on stdout, its failure an
// error; and no opener at all without a graphical session.
func TestOpenBrowser(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the opener of Linux")
	}
	const u = "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?a=1&b=2"
	t.Setenv("ENTRA_FAKE_TOOL", "xdg-open")
	args := filepath.Join(t.TempDir(), "args")
	t.Setenv("ENTRA_FAKE_ARGS", args)
	t.Setenv("PATH", filepath.Dir(fakeTool(t, "xdg-open")))
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if err := openBrowser(context.Background(), u, io.Discard); err != errNoDisplay {
		t.Errorf("without a display: %v", err)
	}
	if _, err := os.Stat(args); err == nil {
		t.Error("xdg-open ran without a display")
	}
	t.Setenv("DISPLAY", ":0")
	stderr, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	if err := openBrowser(context.Background(), u, stderr); err != nil {
		t.Fatal(err)
	}
	stderr.Close()
	if b, _ := os.ReadFile(args); string(b) != u {
		t.Errorf("xdg-open got %q", b)
	}
	if b, _ := os.ReadFile(stderr.Name()); string(b) != "Opening in existing browser session.\n" {
		t.Errorf("stderr got %q", b)
	}
	t.Setenv("ENTRA_FAKE_EXIT", "3")
	if err := openBrowser(context.Background(), u, io.Discard); err == nil {
		t.Error("a failed opener counts as opened")
	}
}

// TestPageTexts: the pages the browser shows exist in every language and are escaped.
func TestPageTexts(t *testing.T) {
	cat := scenarios.Embedded()
	for _, code := range []txt.Key{txt.SigninPageDone, txt.SigninPageFailed} {
		for _, lang := range []scenarios.Lang{scenarios.EN, scenarios.DE} {
			if _, ok := cat.Lookup(code, lang); !ok {
				t.Errorf("%s has no %s text", code, lang)
			}
		}
	}
	if got := page(`<script>"x" & 'y'</script>`); strings.Contains(got, "<script>") || !strings.Contains(got, "&lt;script&gt;&#34;x&#34; &amp; &#39;y&#39;") {
		t.Errorf("%s", got)
	}
}
