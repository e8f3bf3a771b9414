package signin

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/microsoft/rest"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/scenarios"
)

func TestMain(m *testing.M) {
	testkit.RefuseNonLoopback()
	os.Exit(m.Run())
}

const (
	partnerTenant = "84841066-274d-4ec0-a5c1-276be684bdd3"
	clientID      = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
	// signature is the part of the tests' tokens that no output may ever show.
	signature = "SECRET-SIGNATURE-9f8e7d"
)

// jwt makes a token with the claims: enough for what cspfix reads of it.
func jwt(t *testing.T, claims map[string]any) string {
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString(b) + "." + signature
}

// fakeCredential stands in for the real credential: it "signs in" as account and gives tokens with the
// claims of its scopes.
type fakeCredential struct {
	t       *testing.T
	opts    Options
	account Account
	claims  map[string]map[string]any // by scope
	err     error                     // returned by every call
	mu      sync.Mutex
	tokens  int
}

func (f *fakeCredential) Authenticate(ctx context.Context, scope string) (Account, error) {
	if f.err != nil {
		return Account{}, f.err
	}
	if !f.opts.Interactive {
		f.t.Error("Authenticate on a credential that may not ask")
	}
	if f.opts.Method == MethodDeviceCode {
		if err := f.opts.DeviceCode("https://microsoft.com/devicelogin", "ABCD-EFGH"); err != nil {
			return Account{}, err
		}
	}
	return f.account, nil
}

func (f *fakeCredential) Token(ctx context.Context, scope string) (AccessToken, error) {
	f.mu.Lock()
	f.tokens++
	f.mu.Unlock()
	if f.err != nil {
		return AccessToken{}, f.err
	}
	c, ok := f.claims[scope]
	if !ok {
		return AccessToken{}, &Error{Reason: ReasonConsent, Code: "AADSTS65001"}
	}
	tok, err := microsoft.NewToken(jwt(f.t, c))
	if err != nil {
		f.t.Fatal(err)
	}
	return AccessToken{Token: tok, ExpiresOn: testkit.Now.Add(time.Hour)}, nil
}

// fakeStore is a protected store that is there, or not.
type fakeStore struct {
	kind    string
	removed int
}

func (s *fakeStore) Kind() (string, error) {
	if s.kind == "" {
		return "", &Error{Reason: ReasonNoStore, Detail: "no key ring in this container"}
	}
	return s.kind, nil
}

func (s *fakeStore) Remove(context.Context) error { s.removed++; return nil }

// world is a manager over fakes, and what they saw.
type world struct {
	m       *Manager
	store   *fakeStore
	made    []Options
	creds   []*fakeCredential
	account Account
	claims  map[string]map[string]any
	err     error
	// storeErr makes the credentials refuse to keep their tokens in the store (a locked
	// keychain): they report it as a signin.StoreReporter.
	storeErr error
}

// refusingCredential is a credential whose store refused the tokens.
type refusingCredential struct {
	*fakeCredential
	err error
}

func (r refusingCredential) StoreErr() error { return r.err }

func newWorld(t *testing.T) *world {
	w := &world{store: &fakeStore{kind: "keyring"}}
	w.account = Account{Authority: "https://login.microsoftonline.com", ClientID: clientID, HomeAccountID: "uid." + partnerTenant,
		TenantID: partnerTenant, Username: "anna@fabrikamit.onmicrosoft.com", Version: "1.0"}
	pub, _ := microsoft.CloudEndpoints(diagnose.CloudPublic)
	w.claims = map[string]map[string]any{
		pub.GraphScope(): {"tid": partnerTenant, "upn": "anna@fabrikamit.onmicrosoft.com", "amr": []string{"pwd", "mfa"},
			"scp": "User.Read Organization.Read.All CrossTenantInformation.ReadBasic.All DelegatedAdminRelationship.Read.All"},
		pub.PartnerCenterScope(): {"tid": partnerTenant, "upn": "anna@fabrikamit.onmicrosoft.com", "amr": []string{"pwd", "mfa"}, "scp": "user_impersonation"},
	}
	w.m = &Manager{
		Factory: func(o Options) (Credential, error) {
			w.made = append(w.made, o)
			c := &fakeCredential{t: t, opts: o, account: w.account, claims: w.claims, err: w.err}
			w.creds = append(w.creds, c)
			if w.storeErr != nil {
				return refusingCredential{c, w.storeErr}, nil
			}
			return c, nil
		},
		Store:      w.store,
		RecordPath: filepath.Join(t.TempDir(), "cspfix", "login.json"),
		Now:        testkit.Clock,
	}
	return w
}

func TestLoginBrowser(t *testing.T) {
	w := newWorld(t)
	res, err := w.m.Login(context.Background(), MethodBrowser, Settings{ClientID: clientID, Tenant: "fabrikamit.onmicrosoft.com"}, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	o := w.made[0]
	if o.Method != MethodBrowser || o.ClientID != clientID || o.Tenant != "fabrikamit.onmicrosoft.com" || !o.Interactive || !o.Persistent ||
		o.Endpoints.Cloud != diagnose.CloudPublic {
		t.Errorf("options %+v", o)
	}
	if res.Store != "keyring" || res.Record.TenantID != partnerTenant || res.Record.Username != "anna@fabrikamit.onmicrosoft.com" {
		t.Errorf("result %+v", res)
	}
	rec, ok, err := LoadRecord(w.m.RecordPath)
	if err != nil || !ok || rec.Account == nil || rec.Account.HomeAccountID != "uid."+partnerTenant || rec.Pinned != "fabrikamit.onmicrosoft.com" ||
		!rec.SignedInAt.Equal(testkit.Now) {
		t.Fatalf("record %+v, %v", rec, err)
	}
	data, _ := os.ReadFile(w.m.RecordPath)
	if strings.Contains(string(data), signature) || strings.Contains(string(data), "eyJ") {
		t.Errorf("the record holds a token:\n%s", data)
	}
	if fi, err := os.Stat(w.m.RecordPath); err != nil || testkit.UnixModes && fi.Mode().Perm() != 0o600 {
		t.Errorf("record mode %v, %v", fi.Mode(), err)
	}
}

// TestLoginStoreRefused: the store is there but refused the tokens (a keychain that cannot be
// unlocked): the sign-in worked, and the result says the tokens are in memory only and why.
func TestLoginStoreRefused(t *testing.T) {
	w := newWorld(t)
	w.storeErr = &Error{Reason: ReasonNoStore, Detail: "the keychain did not answer in time"}
	var urls []string
	hooks := Hooks{ShowURL: func(u string) error { urls = append(urls, u); return nil }, Texts: scenarios.Embedded().In(scenarios.DE)}
	res, err := w.m.Login(context.Background(), MethodBrowser, Settings{ClientID: clientID}, hooks)
	if err != nil {
		t.Fatal(err)
	}
	if res.Store != "" || res.StoreErr == nil || res.StoreErr.Reason != ReasonNoStore || res.StoreErr.Detail != "the keychain did not answer in time" {
		t.Errorf("result %+v", res)
	}
	// The hooks reach the credential: the address to show, the language of the browser's page.
	if o := w.made[0]; o.ShowURL == nil || o.Texts.Lang != scenarios.DE {
		t.Errorf("options %+v", o)
	}
	if err := w.made[0].ShowURL("https://login.microsoftonline.com/x"); err != nil || len(urls) != 1 {
		t.Errorf("%v %v", err, urls)
	}
}

func TestLoginDeviceCode(t *testing.T) {
	w := newWorld(t)
	var shown []string
	hooks := Hooks{DeviceCode: func(url, code string) error { shown = append(shown, url, code); return nil }}
	if _, err := w.m.Login(context.Background(), MethodDeviceCode, Settings{ClientID: clientID}, hooks); err != nil {
		t.Fatal(err)
	}
	if strings.Join(shown, " ") != "https://microsoft.com/devicelogin ABCD-EFGH" || w.made[0].Tenant != "organizations" {
		t.Errorf("shown %q, options %+v", shown, w.made[0])
	}
}

func TestLoginAzureCLI(t *testing.T) {
	w := newWorld(t)
	res, err := w.m.Login(context.Background(), MethodAzureCLI, Settings{Tenant: partnerTenant}, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Record.TenantID != partnerTenant || res.Record.Username != "anna@fabrikamit.onmicrosoft.com" || res.Record.Account != nil ||
		w.made[0].Persistent || res.Store != "" {
		t.Errorf("result %+v, options %+v", res, w.made[0])
	}
}

func TestLoginRefusals(t *testing.T) {
	other := "11111111-2222-3333-4444-555555555555"
	tests := []struct {
		name   string
		method Method
		s      Settings
		setup  func(w *world)
		want   Reason
	}{
		{"no client ID", MethodBrowser, Settings{}, nil, ReasonNoClientID},
		{"pinned tenant differs", MethodBrowser, Settings{ClientID: clientID, Tenant: other}, nil, ReasonWrongTenant},
		{"token for another tenant", MethodBrowser, Settings{ClientID: clientID}, func(w *world) {
			pub, _ := microsoft.CloudEndpoints(diagnose.CloudPublic)
			w.claims[pub.GraphScope()]["tid"] = other
		}, ReasonWrongTenant},
		{"Azure CLI in another tenant", MethodAzureCLI, Settings{Tenant: other}, nil, ReasonWrongTenant},
		{"Conditional Access", MethodDeviceCode, Settings{ClientID: clientID}, func(w *world) {
			w.err = errors.New("DeviceCodeCredential: AADSTS53003: Access has been blocked by Conditional Access policies.")
		}, ReasonBlocked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			if tt.setup != nil {
				tt.setup(w)
			}
			_, err := w.m.Login(context.Background(), tt.method, tt.s, Hooks{DeviceCode: func(string, string) error { return nil }})
			var e *Error
			if !errors.As(err, &e) || e.Reason != tt.want {
				t.Fatalf("error %v, want %s", err, tt.want)
			}
			if _, ok, _ := LoadRecord(w.m.RecordPath); ok {
				t.Error("a refused sign-in was kept")
			}
		})
	}
}

// TestLoginWithoutStore: where the system has no protected store, tokens stay in memory and
// the result says so.
func TestLoginWithoutStore(t *testing.T) {
	w := newWorld(t)
	w.store.kind = ""
	res, err := w.m.Login(context.Background(), MethodBrowser, Settings{ClientID: clientID}, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if w.made[0].Persistent || res.StoreErr == nil || res.StoreErr.Reason != ReasonNoStore {
		t.Errorf("options %+v, result %+v", w.made[0], res)
	}
}

func TestLogout(t *testing.T) {
	w := newWorld(t)
	if _, ok, err := w.m.Logout(context.Background()); ok || err != nil {
		t.Errorf("logout without a sign-in: %v, %v", ok, err)
	}
	if _, err := w.m.Login(context.Background(), MethodBrowser, Settings{ClientID: clientID}, Hooks{}); err != nil {
		t.Fatal(err)
	}
	rec, ok, err := w.m.Logout(context.Background())
	if !ok || err != nil || rec.Username != "anna@fabrikamit.onmicrosoft.com" || w.store.removed != 2 {
		t.Errorf("logout: %+v, %v, %v, store removed %d times", rec, ok, err, w.store.removed)
	}
	if _, err := os.Stat(w.m.RecordPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the record is still there: %v", err)
	}
	// A broken record goes too, and its tokens with it.
	os.WriteFile(w.m.RecordPath, []byte("{not json"), 0o600)
	if _, ok, err := w.m.Logout(context.Background()); !ok || err != nil {
		t.Errorf("logout of a broken record: %v, %v", ok, err)
	}
}

func TestLoadRecordRefusesWhatItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"not JSON":       "{",
		"unknown field":  `{"version":1,"method":"azure_cli","cloud":"public","tenant_id":"x","token":"abc"}`,
		"no version":     `{"method":"azure_cli","cloud":"public","tenant_id":"x"}`,
		"no account":     `{"version":1,"method":"browser","cloud":"public","client_id":"c","tenant_id":"x"}`,
		"unknown method": `{"version":1,"method":"magic","cloud":"public","tenant_id":"x"}`,
		"unknown cloud":  `{"version":1,"method":"azure_cli","cloud":"moon","tenant_id":"x"}`,
		"two values":     `{"version":1,"method":"azure_cli","cloud":"public","tenant_id":"x"} {}`,
		"too large":      `{"version":1,"method":"azure_cli","cloud":"public","tenant_id":"x","username":"` + strings.Repeat("a", maxRecord) + `"}`,
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		os.WriteFile(p, []byte(content), 0o600)
		var re *RecordError
		if _, ok, err := LoadRecord(p); ok || !errors.As(err, &re) {
			t.Errorf("%s: %v, %v", name, ok, err)
		}
	}
	var re *RecordError
	if _, _, err := LoadRecord(dir); !errors.As(err, &re) {
		t.Errorf("a directory: %v", err)
	}
}

// TestSources: the environment's tokens win; the sign-in's credential asks nobody, and its
// token is kept until shortly before it expires.
func TestSources(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	src, err := w.m.Sources(Settings{}, EnvTokens{})
	if err != nil || src.Record != nil {
		t.Fatal(src, err)
	}
	if _, err := src.Graph.Token(ctx); microsoft.KindOf(err) != microsoft.KindSignInRequired {
		t.Errorf("no sign-in: %v", err)
	}
	if _, err := w.m.Login(ctx, MethodBrowser, Settings{ClientID: clientID}, Hooks{}); err != nil {
		t.Fatal(err)
	}
	envTok, _ := microsoft.NewToken("env-token")
	src, err = w.m.Sources(Settings{}, EnvTokens{PartnerCenter: &envTok})
	if err != nil || src.Record == nil {
		t.Fatal(err)
	}
	silent := w.made[len(w.made)-1]
	if silent.Interactive || silent.Account == nil || silent.Account.HomeAccountID != w.account.HomeAccountID || silent.Tenant != partnerTenant {
		t.Errorf("the credential of the lookups: %+v", silent)
	}
	for range 3 {
		if _, err := src.Graph.Token(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := w.creds[len(w.creds)-1].tokens; n != 1 {
		t.Errorf("%d tokens for three lookups", n)
	}
	if tok, err := src.PartnerCenter.Token(ctx); err != nil || fmt.Sprint(tok) != "[token]" {
		t.Errorf("Partner Center's token: %v", err)
	}
	// A failed token is the lookup's error, in its kind.
	w.err = errors.New("AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication")
	src, _ = w.m.Sources(Settings{}, EnvTokens{})
	if _, err := src.Graph.Token(ctx); microsoft.KindOf(err) != microsoft.KindMFARequired {
		t.Errorf("MFA: %v", err)
	}
}

func TestClassify(t *testing.T) {
	tests := map[string]Reason{
		"AADSTS700016: Application with identifier 'x' was not found in the directory 'Fabrikam'":  ReasonAppNotFound,
		"AADSTS65001: The user or administrator has not consented to use the application":          ReasonConsent,
		"AADSTS7000218: The request body must contain the following parameter: 'client_assertion'": ReasonPublicClient,
		"AADSTS50011: The redirect URI 'http://localhost:1234' does not match":                     ReasonRedirectURI,
		"AADSTS90002: Tenant 'contoso.com' not found.":                                             ReasonTenantNotFound,
		"AADSTS70020: The provided value for the input parameter 'device_code' is not valid.":      ReasonExpired,
		"AADSTS50020: User account from identity provider does not exist in tenant":                ReasonOtherTenantUser,
		"AADSTS1234567: something new":                                                             ReasonFailed,
		"no code at all":                                                                           ReasonFailed,
		"AADSTS9999: too short, then AADSTS65001":                                                  ReasonConsent,
	}
	for msg, want := range tests {
		if got := Classify(errors.New(msg), ReasonFailed); got.Reason != want {
			t.Errorf("%q: %s, want %s", msg, got.Reason, want)
		}
	}
	if got := Classify(errors.New("AADSTS1234567: x"), ReasonFailed); got.Code != "AADSTS1234567" {
		t.Errorf("code %q", got.Code)
	}
}

// TestStatus: who is signed in where, which lookups the tokens allow, and what the services
// answer when asked — never a token.
func TestStatus(t *testing.T) {
	graph := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1.0/organization" {
			t.Errorf("graph: %s", r.URL)
		}
		fmt.Fprintf(w, `{"value":[{"id":%q,"displayName":"Fabrikam IT","partnerTenantType":"ResellerPartnerDelegatedAdmin"}]}`, partnerTenant)
	}))
	defer graph.Close()
	pc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/relationships" {
			t.Errorf("partner center: %s", r.URL)
		}
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"code":600006,"description":"The requested action is not allowed","source":"PartnerFD"}`)
	}))
	defer pc.Close()
	groot, _ := url.Parse(graph.URL)
	proot, _ := url.Parse(pc.URL)
	opts := StatusOptions{GraphRoot: groot, PartnerCenterRoot: proot, Check: true,
		Connect: rest.Connector{Config: rest.Config{Transport: testkit.LoopbackTransport()}}}

	w := newWorld(t)
	st := w.m.Status(context.Background(), Settings{}, EnvTokens{}, opts)
	if st.Record != nil || st.Services[0].Origin != OriginNone || st.Services[0].Checked != nil {
		t.Errorf("not signed in: %+v", st)
	}
	if _, err := w.m.Login(context.Background(), MethodBrowser, Settings{ClientID: clientID}, Hooks{}); err != nil {
		t.Fatal(err)
	}
	st = w.m.Status(context.Background(), Settings{}, EnvTokens{}, opts)
	g, p := st.Services[0], st.Services[1]
	if st.Record == nil || st.Store != "keyring" || g.Origin != OriginSignIn || g.TenantID != partnerTenant || g.MFA == nil || !*g.MFA {
		t.Fatalf("status %+v", st)
	}
	access := map[microsoft.Lookup]Access{}
	for _, l := range g.Lookups {
		access[l.Lookup] = l.Access
	}
	if access[microsoft.LookupTenantByID] != AccessAllowed || access[microsoft.LookupContracts] != AccessMissing ||
		access[microsoft.LookupOrganization] != AccessAllowed || len(g.Lookups) != 5 {
		t.Errorf("access %v", access)
	}
	if g.Checked == nil || g.Checked.Err != nil || g.Checked.Organization.DisplayName != "Fabrikam IT" || g.Checked.Warning != nil {
		t.Errorf("graph check %+v", g.Checked)
	}
	if p.Checked == nil || microsoft.KindOf(p.Checked.Err) != microsoft.KindNotAvailable || len(p.Lookups) != 3 || p.Lookups[0].Access != AccessAllowed {
		t.Errorf("partner center %+v", p)
	}
	if s := fmt.Sprintf("%+v %#v", st, st); strings.Contains(s, signature) {
		t.Errorf("the status holds a token: %s", s)
	}
	// A token from the environment wins, and says which tenant it is for.
	envTok, _ := microsoft.NewToken(jwt(t, map[string]any{"tid": "11111111-2222-3333-4444-555555555555", "scp": "Organization.Read.All"}))
	st = w.m.Status(context.Background(), Settings{}, EnvTokens{Graph: &envTok}, opts)
	if g := st.Services[0]; g.Origin != OriginEnvironment || g.Checked.Warning == nil || g.Checked.Warning.Kind != microsoft.KindWrongTenant {
		t.Errorf("graph from the environment %+v", g)
	}
}

// TestTexts: every reason has its sentence and hint, and they read whole
// without a code or a detail.
func TestTexts(t *testing.T) {
	cat := scenarios.Embedded()
	for _, lang := range []scenarios.Lang{scenarios.EN, scenarios.DE} {
		for _, r := range Reasons {
			if errorTexts.Get()[r] == "" || hintTexts.Get()[r] == "" {
				t.Errorf("%s has no sentence or no hint", r)
			}
			e := &Error{Reason: r}
			if m := e.Message(cat, lang); strings.Contains(m, "{") {
				t.Errorf("%s: %q", r, m)
			}
		}
	}
	e := &Error{Reason: ReasonAzureCLI, Detail: "az_missing"}
	if got := e.Message(cat, scenarios.DE); got != "die Anmeldung der Azure CLI lässt sich nicht verwenden: die Azure CLI (az) ist nicht installiert oder nicht im PATH" {
		t.Errorf("message %q", got)
	}
	e = &Error{Reason: ReasonFailed, Code: "AADSTS1234567", Detail: "\x1b[2Jboom"}
	if got := e.Message(cat, scenarios.EN); got != "the sign-in failed (AADSTS1234567): boom" {
		t.Errorf("message %q", got)
	}
}
