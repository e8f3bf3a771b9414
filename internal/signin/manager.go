package signin

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/scenarios"
)

// Manager signs in and out and says where the sign-in stands. Its fields are the outside
// world, so that tests replace them.
type Manager struct {
	Factory    Factory
	Store      Store
	RecordPath string
	Now        func() time.Time
}

func cloudEndpoints(c diagnose.Cloud) (microsoft.Endpoints, bool) {
	if c == "" {
		c = diagnose.CloudPublic
	}
	return microsoft.CloudEndpoints(c)
}

// tenantToSignIn is the tenant a sign-in goes to: the pinned one, else the account's own
// ("organizations": any work or school account).
func tenantToSignIn(s Settings) string {
	if s.Tenant != "" {
		return s.Tenant
	}
	return "organizations"
}

// LoginResult is what a sign-in gave.
type LoginResult struct {
	Record Record
	// Store names where the tokens are kept ("" when only in memory: StoreErr says why).
	Store    string
	StoreErr *Error
}

// Hooks show what the person must do during the sign-in; they write to stderr.
type Hooks struct {
	DeviceCode func(url, code string) error
	ShowURL    func(url string) error
	Progress   io.Writer
	Texts      scenarios.Texts // in the person's language
}

// Login signs the person in with method and keeps the record. A sign-in to another tenant
// than the pinned one is refused (ReasonWrongTenant) and nothing is kept.
func (m *Manager) Login(ctx context.Context, method Method, s Settings, h Hooks) (LoginResult, error) {
	ep, ok := cloudEndpoints(s.Cloud)
	if !ok {
		return LoginResult{}, &Error{Reason: ReasonFailed, Detail: "unknown cloud " + string(s.Cloud)}
	}
	if method != MethodAzureCLI && s.ClientID == "" {
		return LoginResult{}, &Error{Reason: ReasonNoClientID}
	}
	var res LoginResult
	persistent := false
	if method != MethodAzureCLI {
		kind, err := m.Store.Kind()
		if err != nil {
			res.StoreErr = Classify(err, ReasonNoStore)
		} else {
			res.Store, persistent = kind, true
		}
	}
	cred, err := m.Factory(Options{Method: method, ClientID: s.ClientID, Tenant: tenantToSignIn(s), Endpoints: ep,
		Interactive: true, Persistent: persistent, DeviceCode: h.DeviceCode, ShowURL: h.ShowURL, Progress: h.Progress, Texts: h.Texts})
	if err != nil {
		return LoginResult{}, Classify(err, ReasonFailed)
	}
	rec := Record{Method: method, Cloud: ep.Cloud, ClientID: s.ClientID, Pinned: s.Tenant, SignedInAt: m.Now().UTC().Truncate(time.Second)}
	if method != MethodAzureCLI {
		acct, err := cred.Authenticate(ctx, ep.GraphScope())
		if err != nil {
			return LoginResult{}, m.stopped(ctx, Classify(err, ReasonFailed))
		}
		rec.Account, rec.TenantID, rec.Username = &acct, strings.ToLower(acct.TenantID), acct.Username
	}
	// A token for Graph proves the sign-in, and says which tenant it is for.
	tok, err := cred.Token(ctx, ep.GraphScope())
	if err != nil {
		return LoginResult{}, m.stopped(ctx, Classify(err, ReasonFailed))
	}
	if c, ok := tok.Token.Claims(); ok {
		tid := strings.ToLower(c.TenantID)
		switch {
		case rec.TenantID == "":
			rec.TenantID = tid
		case tid != "" && tid != rec.TenantID:
			return LoginResult{}, &Error{Reason: ReasonWrongTenant, Tenant: tid}
		}
		if rec.Username == "" {
			rec.Username = c.Username
		}
	}
	if rec.TenantID == "" {
		return LoginResult{}, &Error{Reason: ReasonFailed, Detail: "the sign-in names no tenant"}
	}
	if pinned := strings.ToLower(s.Tenant); isGUID(pinned) && pinned != rec.TenantID {
		return LoginResult{}, &Error{Reason: ReasonWrongTenant, Tenant: rec.TenantID}
	}
	if err := SaveRecord(m.RecordPath, rec); err != nil {
		return LoginResult{}, err
	}
	if r, ok := cred.(StoreReporter); ok && persistent {
		if err := r.StoreErr(); err != nil {
			res.Store, res.StoreErr = "", Classify(err, ReasonNoStore)
		}
	}
	res.Record = rec
	return res, nil
}

// stopped returns the context's cause when ctx ended (a signal), else err.
func (m *Manager) stopped(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	return err
}

func isGUID(s string) bool {
	_, ok := microsoft.CustomerTenantID(s)
	return ok || s == microsoft.ConsumersTenant
}

// Logout forgets the sign-in: the record and the tokens in the store. It returns the record
// that was there; ok is false when there was none (a broken record counts as one).
func (m *Manager) Logout(ctx context.Context) (rec Record, ok bool, err error) {
	rec, ok, loadErr := LoadRecord(m.RecordPath)
	if err := RemoveRecord(m.RecordPath); err != nil {
		return Record{}, false, err
	}
	// The tokens go whatever the record said: a broken record must not leave them behind.
	if err := m.Store.Remove(ctx); err != nil {
		if e := Classify(err, ReasonFailed); e.Reason != ReasonNoStore {
			return rec, ok, e
		}
	}
	return rec, ok || loadErr != nil, nil
}

// credential makes the credential of an earlier sign-in, which asks nobody.
func (m *Manager) credential(rec Record) (Credential, microsoft.Endpoints, error) {
	ep, _ := cloudEndpoints(rec.Cloud)
	_, storeErr := m.Store.Kind()
	cred, err := m.Factory(Options{Method: rec.Method, ClientID: rec.ClientID, Tenant: rec.TenantID, Endpoints: ep,
		Account: rec.Account, Persistent: storeErr == nil && rec.Method != MethodAzureCLI})
	if err != nil {
		return nil, ep, Classify(err, ReasonFailed)
	}
	return cred, ep, nil
}

// Source is a token source for one service from a credential: it keeps the token until shortly
// before it expires (the Azure CLI's credential runs az for every token), and turns a failure
// into the lookup's error.
type Source struct {
	cred    Credential
	scope   string
	service microsoft.Service
	now     func() time.Time

	mu  sync.Mutex
	tok AccessToken
}

// NewSource returns a token source for scope.
func NewSource(cred Credential, scope string, service microsoft.Service, now func() time.Time) *Source {
	return &Source{cred: cred, scope: scope, service: service, now: now}
}

// renewBefore is how long before its expiry a token is replaced.
const renewBefore = 5 * time.Minute

func (s *Source) Token(ctx context.Context) (microsoft.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.tok.Token.IsZero() && s.now().Add(renewBefore).Before(s.tok.ExpiresOn) {
		return s.tok.Token, nil
	}
	tok, err := s.cred.Token(ctx, s.scope)
	if err != nil {
		if cause := context.Cause(ctx); cause != nil {
			return microsoft.Token{}, cause
		}
		return microsoft.Token{}, lookupError(err, s.service)
	}
	s.tok = tok
	return tok.Token, nil
}

// Sources are the token sources of a run's lookups.
type Sources struct {
	Graph, PartnerCenter microsoft.TokenSource
	// Endpoints are the cloud's, for the service roots that the environment does not replace.
	Endpoints microsoft.Endpoints
	// Record is the sign-in the sources come from, nil when every token came from the
	// environment.
	Record *Record
}

// EnvTokens are tokens given in the environment (CSPFIX_GRAPH_TOKEN,
// CSPFIX_PARTNER_CENTER_TOKEN); they win over the sign-in.
type EnvTokens struct {
	Graph, PartnerCenter *microsoft.Token
}

// Sources returns the token sources for a run: the environment's tokens where given, else the
// sign-in's, without asking anybody. Without either, the source fails with
// KindSignInRequired when a lookup asks it.
func (m *Manager) Sources(s Settings, env EnvTokens) (Sources, error) {
	ep, ok := cloudEndpoints(s.Cloud)
	if !ok {
		return Sources{}, &Error{Reason: ReasonFailed, Detail: "unknown cloud " + string(s.Cloud)}
	}
	out := Sources{Endpoints: ep, Graph: missing{microsoft.ServiceGraph}, PartnerCenter: missing{microsoft.ServicePartnerCenter}}
	if env.Graph != nil {
		out.Graph = microsoft.StaticToken{T: *env.Graph}
	}
	if env.PartnerCenter != nil {
		out.PartnerCenter = microsoft.StaticToken{T: *env.PartnerCenter}
	}
	if env.Graph != nil && env.PartnerCenter != nil {
		return out, nil
	}
	rec, found, err := LoadRecord(m.RecordPath)
	if err != nil || !found {
		return out, err
	}
	cred, ep, err := m.credential(rec)
	if err != nil {
		return out, err
	}
	out.Endpoints, out.Record = ep, &rec
	if env.Graph == nil {
		out.Graph = NewSource(cred, ep.GraphScope(), microsoft.ServiceGraph, m.Now)
	}
	if env.PartnerCenter == nil {
		out.PartnerCenter = NewSource(cred, ep.PartnerCenterScope(), microsoft.ServicePartnerCenter, m.Now)
	}
	return out, nil
}

// missing is the token source when there is no sign-in and no token in the environment.
type missing struct{ service microsoft.Service }

func (m missing) Token(context.Context) (microsoft.Token, error) {
	return microsoft.Token{}, &microsoft.Error{Service: m.service, Lookup: microsoft.LookupToken, Kind: microsoft.KindSignInRequired}
}
