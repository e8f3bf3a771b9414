// Package entra is cspfix's own client of the Microsoft identity platform for a public client
// (docs/microsoft-access.md, "How the sign-in works"): the browser sign-in (authorization code
// with PKCE and a loopback redirect), the device code, the Azure CLI's sign-in, and silent
// later runs with the refresh token kept in the system's protected store (Windows DPAPI, the
// macOS login keychain, the Linux kernel key ring).
//
// It is built on the standard library (and golang.org/x/sys for DPAPI and keyctl), and nothing
// here runs at start-up: no package-level state is computed, no regular expression compiled.
// Every token stays in memory, in the Authorization header of a request, or in the protected
// store; none is ever printed, logged, put in an error or written to any other file.
package entra

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/microsoft/rest"
	"github.com/cspfix/cspfix/internal/signin"
)

// Limits of the sign-in (docs/microsoft-access.md, "How the sign-in works").
const (
	// requestTimeout bounds each request to the sign-in service, its answer read included.
	requestTimeout = 30 * time.Second
	// maxAnswer bounds what is read of an answer of the sign-in service: a token answer has a
	// few kilobytes.
	maxAnswer = 1 << 20
	// browserTimeout bounds the wait for the browser's redirect (the hint of
	// signin.hint.timed_out says the same).
	browserTimeout = 10 * time.Minute
	// maxDeviceCodeWait bounds the device code's polling whatever its expiry says.
	maxDeviceCodeWait = 30 * time.Minute
	// renewBefore is how long before its expiry a kept access token is no longer handed out.
	renewBefore = time.Minute
)

// oidcScopes are asked for with every interactive sign-in: an ID token that says who signed in
// (openid, profile) and a refresh token for later runs (offline_access).
const oidcScopes = "openid profile offline_access"

// Config is the outside world of the sign-in; its zero value is the real one. Tests replace
// the parts they need (the fake authority's client, a browser that is the test, the store).
type Config struct {
	// Secrets keeps the refresh token between runs; nil is the system's (SystemSecrets).
	Secrets Secrets
	// Client sends the requests to the sign-in service; nil is a client of its own with a
	// timeout per request that follows no redirect.
	Client *http.Client
	// OpenBrowser opens the sign-in page; nil is the system's opener (xdg-open, open,
	// rundll32). Its error means "no browser opened": the address is then shown instead.
	OpenBrowser func(ctx context.Context, url string, progress io.Writer) error
	// Sleep waits between the device code's polls; nil waits for real (or for ctx).
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// AzureCLI is the az executable; "" looks it up in PATH.
	AzureCLI string
	// BrowserTimeout replaces browserTimeout (tests).
	BrowserTimeout time.Duration
}

// New makes the credential of the options with the real outside world: signin.Factory.
func New(o signin.Options) (signin.Credential, error) { return Config{}.New(o) }

// New makes the credential of the options.
func (cfg Config) New(o signin.Options) (signin.Credential, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = rest.Sleep
	}
	if cfg.BrowserTimeout <= 0 {
		cfg.BrowserTimeout = browserTimeout
	}
	switch o.Method {
	case signin.MethodBrowser, signin.MethodDeviceCode:
	case signin.MethodAzureCLI:
		return &azureCLI{cfg: cfg, tenant: o.Tenant}, nil
	default:
		return nil, &signin.Error{Reason: signin.ReasonFailed, Detail: "unknown sign-in method " + string(o.Method)}
	}
	if o.ClientID == "" {
		return nil, &signin.Error{Reason: signin.ReasonNoClientID}
	}
	authority, err := parseAuthority(o.Endpoints.Authority)
	if err != nil {
		return nil, err
	}
	if !validTenant(o.Tenant) {
		return nil, &signin.Error{Reason: signin.ReasonFailed, Detail: "not a tenant to sign in to"}
	}
	if cfg.Client == nil {
		cfg.Client = newClient(authority.Scheme == "http")
	}
	if cfg.OpenBrowser == nil {
		cfg.OpenBrowser = openBrowser
	}
	c := &credential{cfg: cfg, o: o, authority: authority, tenant: o.Tenant, tokens: map[string]signin.AccessToken{}}
	if o.Account != nil {
		c.account = o.Account
		c.tenant = o.Account.TenantID
	}
	if o.Persistent {
		c.secrets = cfg.Secrets
		if c.secrets == nil {
			c.secrets = SystemSecrets()
		}
	}
	return c, nil
}

// parseAuthority checks the sign-in service's root: https, or http to a loopback address (the
// tests' fake authority) — never a path, query or user name.
func parseAuthority(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	bad := err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") != ""
	if !bad {
		switch u.Scheme {
		case "https":
		case "http":
			bad = !microsoft.IsLoopbackHost(u.Hostname())
		default:
			bad = true
		}
	}
	if bad {
		return nil, &signin.Error{Reason: signin.ReasonFailed, Detail: "not a sign-in service cspfix uses"}
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// validTenant accepts what may stand in the path of the sign-in service: a tenant ID, a domain,
// or "organizations" — letters, digits, dots and hyphens, as login.tenant allows.
func validTenant(t string) bool {
	if t == "" || len(t) > 253 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return t[0] != '.' && t[0] != '-'
}

// newClient is the client of the sign-in: the lookups' transport (proxy settings apply, and an
// http authority may only be a loopback address), a timeout per request, and no redirect
// followed, so that a code or a refresh token in a request body goes nowhere else.
func newClient(loopbackOnly bool) *http.Client {
	return &http.Client{
		Transport: rest.NewTransport(loopbackOnly),
		Timeout:   requestTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// credential signs in with the browser or a device code and gives tokens: from memory, else
// with the refresh token, else (only when interactive) by signing in again.
type credential struct {
	cfg       Config
	o         signin.Options
	authority *url.URL
	secrets   Secrets // nil: memory only

	mu       sync.Mutex
	tenant   string          // the tenant of the token requests: the pinned one, then the account's
	account  *signin.Account // who signed in, nil before the sign-in
	refresh  string          // the refresh token, "" when none is known yet
	loaded   bool            // the store was read
	tokens   map[string]signin.AccessToken
	storeErr error // why the store did not take the refresh token
}

var _ signin.StoreReporter = (*credential)(nil)

func (c *credential) StoreErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.storeErr
}

// Authenticate signs the person in for scope, in the browser or with a device code.
func (c *credential) Authenticate(ctx context.Context, scope string) (signin.Account, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.interactive(ctx, scope); err != nil {
		return signin.Account{}, err
	}
	return *c.account, nil
}

// Token returns an access token for scope without asking the person when it can.
func (c *credential) Token(ctx context.Context, scope string) (signin.AccessToken, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.tokens[scope]; ok && c.cfg.Now().Add(renewBefore).Before(t.ExpiresOn) {
		return t, nil
	}
	if c.refresh == "" && !c.loaded {
		c.load(ctx)
	}
	if c.refresh != "" {
		t, err := c.redeemRefresh(ctx, scope)
		if err == nil {
			return t, nil
		}
		var e *signin.Error
		if !c.o.Interactive || !errors.As(err, &e) || e.Reason != signin.ReasonSignInRequired {
			return signin.AccessToken{}, err
		}
	}
	if !c.o.Interactive {
		return signin.AccessToken{}, &signin.Error{Reason: signin.ReasonSignInRequired}
	}
	return c.interactive(ctx, scope)
}

// interactive signs in with the method and keeps what the answer gave.
func (c *credential) interactive(ctx context.Context, scope string) (signin.AccessToken, error) {
	if !c.o.Interactive {
		return signin.AccessToken{}, &signin.Error{Reason: signin.ReasonSignInRequired}
	}
	var (
		tr    tokenResponse
		nonce string
		err   error
	)
	switch c.o.Method {
	case signin.MethodDeviceCode:
		tr, err = c.deviceCode(ctx, scope)
	default:
		tr, nonce, err = c.browser(ctx, scope)
	}
	if err != nil {
		return signin.AccessToken{}, c.stopped(ctx, err)
	}
	acct, err := c.accountOf(tr, nonce)
	if err != nil {
		return signin.AccessToken{}, err
	}
	tok, err := c.accept(ctx, tr, scope, acct.TenantID)
	if err != nil {
		return signin.AccessToken{}, err
	}
	c.account, c.tenant = &acct, acct.TenantID
	c.keep(ctx, tr.RefreshToken)
	return tok, nil
}

// stopped returns the context's cause when ctx ended (Ctrl-C), else err.
func (c *credential) stopped(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	return err
}

// accountOf reads who signed in from the ID token, and checks that it is an answer to this
// sign-in: for this app, with this sign-in's nonce (the browser's), in the pinned tenant.
func (c *credential) accountOf(tr tokenResponse, nonce string) (signin.Account, error) {
	claims, ok := parseIDToken(tr.IDToken)
	if !ok {
		// No ID token: the access token's claims, where it is a JWT, still name the tenant.
		if ac, ok := tr.AccessToken.Claims(); ok {
			claims = idClaims{TenantID: ac.TenantID, Username: ac.Username}
		}
	}
	switch {
	case claims.TenantID == "":
		return signin.Account{}, &signin.Error{Reason: signin.ReasonFailed, Detail: "the sign-in names no tenant"}
	case claims.Audience != "" && !strings.EqualFold(claims.Audience, c.o.ClientID):
		return signin.Account{}, &signin.Error{Reason: signin.ReasonFailed, Detail: "the sign-in is for another app"}
	case nonce != "" && ok && claims.Nonce != nonce:
		return signin.Account{}, &signin.Error{Reason: signin.ReasonFailed, Detail: "the sign-in is not the one cspfix started"}
	}
	tid := strings.ToLower(claims.TenantID)
	if err := c.checkTenant(tid); err != nil {
		return signin.Account{}, err
	}
	home := ""
	if claims.ObjectID != "" {
		home = strings.ToLower(claims.ObjectID) + "." + tid
	}
	return signin.Account{Authority: c.authority.String(), ClientID: c.o.ClientID, HomeAccountID: home, TenantID: tid,
		Username: claims.Username, Version: "1.0"}, nil
}

// checkTenant refuses a token of another tenant than the pinned one (a tenant ID in the
// options) or than the account's. The tenant is read from the token's claims without checking
// their signature: only to compare, never to trust — the services check the token.
func (c *credential) checkTenant(tid string) error {
	want := ""
	switch {
	case c.account != nil:
		want = c.account.TenantID
	case isGUID(c.o.Tenant): // a tenant ID, not a domain or "organizations"
		want = c.o.Tenant
	}
	if tid != "" && want != "" && !strings.EqualFold(tid, want) {
		return &signin.Error{Reason: signin.ReasonWrongTenant, Tenant: tid}
	}
	return nil
}

// accept checks an access token of an answer, keeps it for scope and returns it.
func (c *credential) accept(ctx context.Context, tr tokenResponse, scope, tenant string) (signin.AccessToken, error) {
	if ac, ok := tr.AccessToken.Claims(); ok && ac.TenantID != "" && tenant != "" && !strings.EqualFold(ac.TenantID, tenant) {
		return signin.AccessToken{}, &signin.Error{Reason: signin.ReasonWrongTenant, Tenant: strings.ToLower(ac.TenantID)}
	}
	t := signin.AccessToken{Token: tr.AccessToken, ExpiresOn: c.cfg.Now().Add(tr.ExpiresIn)}
	c.tokens[scope] = t
	return t, nil
}

// redeemRefresh gets a token for scope with the refresh token.
func (c *credential) redeemRefresh(ctx context.Context, scope string) (signin.AccessToken, error) {
	form := url.Values{
		"client_id":     {c.o.ClientID},
		"grant_type":    {"refresh_token"},
		"refresh_token": {c.refresh},
		"scope":         {scope + " offline_access"},
	}
	tr, err := c.tokenRequest(ctx, form)
	if err != nil {
		return signin.AccessToken{}, c.stopped(ctx, err)
	}
	tenant := c.tenant
	if c.account != nil {
		tenant = c.account.TenantID
	}
	tok, err := c.accept(ctx, tr, scope, tenant)
	if err != nil {
		return signin.AccessToken{}, err
	}
	if tr.RefreshToken != "" && tr.RefreshToken != c.refresh {
		// The service may give a new refresh token: it replaces the old one (RFC 6749, 6).
		c.keep(ctx, tr.RefreshToken)
	}
	return tok, nil
}

// keep holds the refresh token in memory and, where the store is used, in the store.
func (c *credential) keep(ctx context.Context, refresh string) {
	if refresh == "" {
		return
	}
	c.refresh = refresh
	if c.secrets == nil || c.account == nil {
		return
	}
	s := secret{Version: secretVersion, Authority: c.account.Authority, ClientID: c.o.ClientID, TenantID: c.account.TenantID,
		HomeAccountID: c.account.HomeAccountID, RefreshToken: refresh}
	data, err := s.encode()
	if err == nil {
		err = c.secrets.Save(ctx, data)
	}
	c.storeErr = err
}

// load reads the refresh token of the account from the store: one for another app, tenant,
// cloud or account is not used (a later sign-in replaces it).
func (c *credential) load(ctx context.Context) {
	c.loaded = true
	if c.secrets == nil || c.account == nil {
		return
	}
	data, err := c.secrets.Load(ctx)
	if err != nil || data == nil {
		return
	}
	s, ok := decodeSecret(data)
	if !ok {
		return
	}
	a := c.account
	if strings.EqualFold(s.ClientID, c.o.ClientID) && strings.EqualFold(s.TenantID, a.TenantID) &&
		strings.EqualFold(strings.TrimRight(s.Authority, "/"), strings.TrimRight(a.Authority, "/")) &&
		(a.HomeAccountID == "" || strings.EqualFold(s.HomeAccountID, a.HomeAccountID)) {
		c.refresh = s.RefreshToken
	}
}

// endpoint is a path of the sign-in service for the credential's tenant.
func (c *credential) endpoint(name string) string {
	u := *c.authority
	u.Path = "/" + c.tenant + "/oauth2/v2.0/" + name
	return u.String()
}

// randomString is n random bytes in base64url: the PKCE verifier, the state, the nonce.
func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail (Go 1.24 and later)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// isGUID reports whether s is a GUID, in any letter case.
func isGUID(s string) bool {
	_, ok := microsoft.CanonicalGUID(s)
	return ok
}
