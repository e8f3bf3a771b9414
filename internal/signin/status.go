package signin

import (
	"context"
	"net/url"
	"strings"

	"github.com/cspfix/cspfix/internal/microsoft"
)

// Status is where the sign-in stands, for `cspfix login status`: who is signed in where, where
// the tokens are kept, and per service where its token comes from and which lookups it allows.
// It never holds a token.
type Status struct {
	Record    *Record // nil when nobody is signed in
	RecordErr error   // a record that is there but cannot be used
	Store     string  // where tokens are kept; "" when only in memory (StoreErr says why)
	StoreErr  *Error
	Services  []ServiceStatus // Microsoft Graph, then Partner Center
}

// Origin says where a service's token comes from.
type Origin string

const (
	OriginNone        Origin = ""            // no token: nobody signed in, none in the environment
	OriginSignIn      Origin = "sign_in"     // the sign-in of cspfix login
	OriginEnvironment Origin = "environment" // CSPFIX_GRAPH_TOKEN or CSPFIX_PARTNER_CENTER_TOKEN
)

// Access says whether a token allows a lookup.
type Access string

const (
	AccessAllowed Access = "allowed" // the token carries a permission that allows it
	AccessMissing Access = "missing" // it does not: an administrator must grant and consent
	AccessUnknown Access = "unknown" // the token does not say (not a JWT), or there is none
)

// ServiceStatus is one service's part of the status.
type ServiceStatus struct {
	Service  microsoft.Service
	Root     string // the service root asked
	Origin   Origin
	TokenErr error // why there is no token (a *microsoft.Error)
	// TenantID, Username and MFA are what the token says of itself ("" and nil when it does not).
	TenantID string
	Username string
	MFA      *bool
	Lookups  []LookupAccess
	// Checked is the result of asking the service with the token: nil when not asked.
	Checked *Check
}

// LookupAccess is whether the token allows a lookup, and the permission it needs.
type LookupAccess struct {
	Lookup     microsoft.Lookup
	Permission string
	Access     Access
}

// Check is the result of one request made with the token: Graph's /organization (the
// signed-in tenant and its partner type), Partner Center's list of indirect providers.
type Check struct {
	Err          error                   // a *microsoft.Error when the service refused
	Organization *microsoft.Organization // Graph
	Providers    []string                // Partner Center: the indirect providers' names
	// Warning is a problem the check found although it succeeded: a tenant that is no
	// partner tenant, or another tenant than the sign-in's (kind KindWrongTenant).
	Warning *microsoft.Error
}

// StatusOptions say where the services are and whether to ask them.
type StatusOptions struct {
	GraphRoot, PartnerCenterRoot *url.URL // nil: the cloud's
	// Connect makes the clients of the checks (internal/microsoft/rest's); needed with Check.
	Connect microsoft.Connector
	// Check asks each service once with its token.
	Check bool
}

// Status says where the sign-in stands, without asking the person anything.
func (m *Manager) Status(ctx context.Context, s Settings, env EnvTokens, opts StatusOptions) Status {
	var st Status
	if kind, err := m.Store.Kind(); err != nil {
		st.StoreErr = Classify(err, ReasonNoStore)
	} else {
		st.Store = kind
	}
	src, err := m.Sources(s, env)
	if err != nil {
		st.RecordErr = err
	}
	st.Record = src.Record
	if src.Record != nil && src.Record.Method == MethodAzureCLI {
		st.Store, st.StoreErr = "azure_cli", nil
	}
	graphRoot, pcRoot := opts.GraphRoot, opts.PartnerCenterRoot
	if graphRoot == nil {
		graphRoot, _ = microsoft.ParseRoot(src.Endpoints.Graph)
	}
	if pcRoot == nil {
		pcRoot, _ = microsoft.ParseRoot(src.Endpoints.PartnerCenter)
	}
	origin := func(fromEnv bool) Origin {
		switch {
		case fromEnv:
			return OriginEnvironment
		case src.Record != nil:
			return OriginSignIn
		}
		return OriginNone
	}
	st.Services = []ServiceStatus{
		m.serviceStatus(ctx, microsoft.ServiceGraph, graphRoot, src.Graph, origin(env.Graph != nil), src.Record, opts),
		m.serviceStatus(ctx, microsoft.ServicePartnerCenter, pcRoot, src.PartnerCenter, origin(env.PartnerCenter != nil), src.Record, opts),
	}
	return st
}

func (m *Manager) serviceStatus(ctx context.Context, service microsoft.Service, root *url.URL, tokens microsoft.TokenSource,
	origin Origin, rec *Record, opts StatusOptions) ServiceStatus {
	ss := ServiceStatus{Service: service, Root: root.String(), Origin: origin}
	var infos []microsoft.LookupInfo
	for _, l := range microsoft.Lookups {
		if l.Service == service {
			infos = append(infos, l)
		}
	}
	access := func(a Access) {
		ss.Lookups = ss.Lookups[:0]
		for _, l := range infos {
			ss.Lookups = append(ss.Lookups, LookupAccess{Lookup: l.Lookup, Permission: l.Permission, Access: a})
		}
	}
	access(AccessUnknown)
	if origin == OriginNone {
		return ss
	}
	tok, err := tokens.Token(ctx)
	if err != nil {
		ss.TokenErr = err
		return ss
	}
	if c, ok := tok.Claims(); ok {
		ss.TenantID, ss.Username = strings.ToLower(c.TenantID), c.Username
		mfa := c.MFA()
		ss.MFA = &mfa
		for i, l := range infos {
			if l.Allows(c) {
				ss.Lookups[i].Access = AccessAllowed
			} else {
				ss.Lookups[i].Access = AccessMissing
			}
		}
	}
	if !opts.Check {
		return ss
	}
	static := microsoft.StaticToken{T: tok}
	ss.Checked = &Check{}
	switch service {
	case microsoft.ServiceGraph:
		g, err := opts.Connect.Graph(root, static)
		if err != nil {
			ss.Checked.Err = err
			break
		}
		org, err := g.Organization(ctx)
		if err != nil {
			ss.Checked.Err = err
			break
		}
		ss.Checked.Organization = &org
		ss.Checked.Warning = tenantWarning(org, ss, rec)
	case microsoft.ServicePartnerCenter:
		p, err := opts.Connect.PartnerCenter(root, static)
		if err != nil {
			ss.Checked.Err = err
			break
		}
		providers, err := p.IndirectProviders(ctx)
		if err != nil {
			ss.Checked.Err = err
			break
		}
		for _, r := range providers.Relationships {
			ss.Checked.Providers = append(ss.Checked.Providers, r.Name)
		}
	}
	return ss
}

// tenantWarning says what is wrong with the signed-in organisation: another tenant than the
// sign-in's, or one that is no partner tenant (when the token could read its partner type).
func tenantWarning(org microsoft.Organization, ss ServiceStatus, rec *Record) *microsoft.Error {
	wrong := &microsoft.Error{Service: microsoft.ServiceGraph, Lookup: microsoft.LookupOrganization, Kind: microsoft.KindWrongTenant, Tenant: org.TenantID}
	switch {
	case ss.TenantID != "" && ss.TenantID != org.TenantID:
		return wrong
	case ss.Origin == OriginSignIn && rec != nil && rec.TenantID != org.TenantID:
		return wrong
	case !org.IsPartner() && ss.Lookups != nil && accessOf(ss, microsoft.LookupOrganization) == AccessAllowed:
		// Graph gives null for the partner type of a tenant that is no partner, and for a
		// token that may not read it: only the first is a wrong tenant.
		return wrong
	}
	return nil
}

func accessOf(ss ServiceStatus, l microsoft.Lookup) Access {
	for _, a := range ss.Lookups {
		if a.Lookup == l {
			return a.Access
		}
	}
	return AccessUnknown
}
