package entra

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
)

const (
	partnerTenant  = "84841066-274d-4ec0-a5c1-276be684bdd3"
	customerTenant = "5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	clientID       = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
	userOID        = "c73c6f28-ae5f-413d-a9a2-e11e5af668f8"
	userName       = "anna@fabrikamit.onmicrosoft.com"
	graphScope     = "https://graph.microsoft.com/.default"
	pcScope        = "https://api.partnercenter.microsoft.com/user_impersonation"
)

// authority is a fake of Microsoft's sign-in service for one tenant, with the answers of its
// documentation (docs/sources.md, "The sign-in"): /authorize (which the test drives as a
// browser would), /token (authorization code with PKCE, refresh token, device code) and
// /devicecode. Every secret it hands out starts with "SECRET-", so that a test can look for
// them anywhere they must not be. A request it does not know fails the test.
type authority struct {
	t      *testing.T
	srv    *httptest.Server
	tenant string // the tenant it signs in to (the tokens' tid)

	mu       sync.Mutex
	n        int
	codes    map[string]grant // authorization code → what it was issued for
	refresh  map[string]bool  // refresh tokens that are valid
	secrets  []string         // every secret handed out
	requests []string         // "METHOD /path grant_type"
	forms    []url.Values     // the token requests' forms
	authz    []url.Values     // the /authorize requests' queries

	// What it answers, set by the tests.
	authorizeError  url.Values     // /authorize redirects with this error instead of a code
	tokenError      map[string]any // /token answers this error (status 400) for any grant
	refreshError    map[string]any // /token answers this error for a refresh token
	deviceSteps     []string       // the device code polls' answers in turn: "pending", "slow_down", an error, "ok"
	idTokenNonce    string         // replaces the nonce of the ID token
	noIDToken       bool
	noRefreshToken  bool
	accessTokenTid  string         // replaces tid in access tokens
	deviceCodeError map[string]any // /devicecode answers this error
}

type grant struct {
	challenge, redirect, nonce, scope string
}

func newAuthority(t *testing.T) *authority {
	a := &authority{t: t, tenant: partnerTenant, codes: map[string]grant{}, refresh: map[string]bool{}}
	a.srv = httptest.NewTLSServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.srv.Close)
	return a
}

// endpoints are the public cloud's with the fake as the sign-in service.
func (a *authority) endpoints() microsoft.Endpoints {
	e, _ := microsoft.CloudEndpoints(diagnose.CloudPublic)
	e.Authority = a.srv.URL
	return e
}

// secret makes a new secret of kind and remembers it.
func (a *authority) secret(kind string) string {
	a.n++
	s := fmt.Sprintf("SECRET-%s-%d-%s", kind, a.n, strings.Repeat("x", 8))
	a.secrets = append(a.secrets, s)
	return s
}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

// jwt makes a token with the claims and a signature that is a secret (the whole token must
// never show, and its signature is what a test looks for).
func (a *authority) jwt(claims map[string]any) string {
	return "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." + b64(claims) + "." + a.secret("SIG")
}

func (a *authority) fail(w http.ResponseWriter, status int, body map[string]any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// oauthErr is an error answer as the sign-in service writes it.
func oauthErr(code string, aadsts int, text string) map[string]any {
	return map[string]any{
		"error":             code,
		"error_description": fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-11-20 11:00:00Z", aadsts, text),
		"error_codes":       []int{aadsts},
		"timestamp":         "2026-11-20 11:00:00Z",
		"trace_id":          "0000aaaa-11bb-cccc-dd22-eeeeee333333",
		"correlation_id":    "aaaa0000-bb11-2222-33cc-444444dddddd",
	}
}

func (a *authority) serve(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) != 4 || parts[1] != "oauth2" || parts[2] != "v2.0" {
		a.t.Errorf("the fake authority does not know %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	tenant, endpoint := parts[0], parts[3]
	if err := r.ParseForm(); err != nil {
		a.t.Error(err)
	}
	a.requests = append(a.requests, r.Method+" /"+tenant+"/"+endpoint+" "+r.PostForm.Get("grant_type"))
	switch {
	case endpoint == "authorize" && r.Method == http.MethodGet:
		a.authorize(w, r)
	case endpoint == "token" && r.Method == http.MethodPost:
		a.forms = append(a.forms, r.PostForm)
		a.token(w, r)
	case endpoint == "devicecode" && r.Method == http.MethodPost:
		a.forms = append(a.forms, r.PostForm)
		if a.deviceCodeError != nil {
			a.fail(w, 400, a.deviceCodeError)
			return
		}
		if r.PostForm.Get("client_id") != clientID || !strings.Contains(r.PostForm.Get("scope"), "offline_access") {
			a.t.Errorf("device code request %v", r.PostForm)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(map[string]any{
			"device_code": a.secret("DEVICE"), "user_code": "ABCD-EFGH", "verification_uri": "https://microsoft.com/devicelogin",
			"expires_in": 900, "interval": 5,
			"message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD-EFGH to authenticate.",
		})
	default:
		a.t.Errorf("the fake authority does not know %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
	}
}

func (a *authority) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a.authz = append(a.authz, q)
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	switch {
	case q.Get("client_id") != clientID, q.Get("response_type") != "code", q.Get("code_challenge_method") != "S256",
		len(q.Get("code_challenge")) != 43, q.Get("state") == "", q.Get("nonce") == "",
		err != nil, u.Scheme != "http", u.Hostname() != "localhost", u.Port() == "", u.Path != "":
		a.t.Errorf("authorize request %v", q)
		http.Error(w, "bad request", 400)
		return
	}
	back := url.Values{"state": {q.Get("state")}}
	if a.authorizeError != nil {
		for k, v := range a.authorizeError {
			back[k] = v
		}
	} else {
		code := a.secret("CODE")
		a.codes[code] = grant{challenge: q.Get("code_challenge"), redirect: redirect, nonce: q.Get("nonce"), scope: q.Get("scope")}
		back.Set("code", code)
	}
	// A redirect URI without a path comes back with a trailing slash.
	http.Redirect(w, r, redirect+"/?"+back.Encode(), http.StatusFound)
}

func (a *authority) token(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	if f.Get("client_id") != clientID {
		a.fail(w, 400, oauthErr("unauthorized_client", 700016, "Application with identifier was not found in the directory."))
		return
	}
	if a.tokenError != nil {
		a.fail(w, 400, a.tokenError)
		return
	}
	nonce, scope := "", f.Get("scope")
	switch f.Get("grant_type") {
	case "authorization_code":
		g, ok := a.codes[f.Get("code")]
		delete(a.codes, f.Get("code"))
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		switch {
		case !ok:
			a.fail(w, 400, oauthErr("invalid_grant", 54005, "OAuth2 Authorization code was already redeemed."))
			return
		case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
			a.fail(w, 400, oauthErr("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."))
			return
		case f.Get("redirect_uri") != g.redirect:
			a.fail(w, 400, oauthErr("invalid_grant", 50011, "The redirect URI does not match."))
			return
		}
		nonce = g.nonce
	case "refresh_token":
		if a.refreshError != nil {
			a.fail(w, 400, a.refreshError)
			return
		}
		if !a.refresh[f.Get("refresh_token")] {
			a.fail(w, 400, oauthErr("invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity."))
			return
		}
	case "urn:ietf:params:oauth:grant-type:device_code":
		if !strings.HasPrefix(f.Get("device_code"), "SECRET-DEVICE-") {
			a.fail(w, 400, map[string]any{"error": "bad_verification_code"})
			return
		}
		if len(a.deviceSteps) == 0 {
			a.t.Error("the device code was polled after the sign-in ended")
			a.fail(w, 400, map[string]any{"error": "expired_token"})
			return
		}
		step := a.deviceSteps[0]
		a.deviceSteps = a.deviceSteps[1:]
		switch step {
		case "ok":
			scope = graphScope + " openid profile offline_access"
		case "pending":
			a.fail(w, 400, oauthErr("authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending."))
			return
		default:
			a.fail(w, 400, map[string]any{"error": step, "error_description": "AADSTS70000: " + step})
			return
		}
	default:
		a.t.Errorf("grant type %q", f.Get("grant_type"))
		a.fail(w, 400, map[string]any{"error": "unsupported_grant_type"})
		return
	}
	a.issue(w, scope, nonce)
}

// issue answers with tokens for the first resource of scope.
func (a *authority) issue(w http.ResponseWriter, scope, nonce string) {
	resource, scp := "https://graph.microsoft.com", "CrossTenantInformation.ReadBasic.All DelegatedAdminRelationship.Read.All Organization.Read.All User.Read"
	if strings.Contains(scope, "partnercenter") {
		resource, scp = "https://api.partnercenter.microsoft.com", "user_impersonation"
	}
	tid := a.tenant
	if a.accessTokenTid != "" {
		tid = a.accessTokenTid
	}
	body := map[string]any{
		"token_type": "Bearer", "scope": scp, "expires_in": 3599, "ext_expires_in": 3599,
		"access_token": a.jwt(map[string]any{"aud": resource, "tid": tid, "scp": scp, "amr": []string{"pwd", "mfa"}, "upn": userName}),
	}
	if strings.Contains(scope, "offline_access") && !a.noRefreshToken {
		rt := a.secret("REFRESH")
		a.refresh[rt] = true
		body["refresh_token"] = rt
	}
	if strings.Contains(scope, "openid") && !a.noIDToken {
		if a.idTokenNonce != "" {
			nonce = a.idTokenNonce
		}
		claims := map[string]any{"aud": clientID, "iss": "https://login.microsoftonline.com/" + a.tenant + "/v2.0", "tid": a.tenant,
			"oid": userOID, "preferred_username": userName, "name": "Anna Berger", "ver": "2.0"}
		if nonce != "" {
			claims["nonce"] = nonce
		}
		body["id_token"] = a.jwt(claims)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(body)
}

// allSecrets is every secret the fake handed out.
func (a *authority) allSecrets() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.secrets...)
}

func (a *authority) seen() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.requests...)
}
