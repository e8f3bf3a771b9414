// Package microsoft looks facts up in Microsoft's systems for the reseller who signed in: the
// customer's tenant in Microsoft Graph (tenant information, the reseller's own admin
// relationships and contracts, the signed-in organisation) and in the Partner Center REST API
// (the customer and its partners). Every lookup returns typed facts or an *Error that says in
// words what went wrong and what to do; none of them ever decides a diagnosis.
//
// The package holds the mechanisms: the service roots and their checks, the bearer token that
// never prints, the bounded requests (docs/microsoft-access.md "Limits"), the parsers of the
// services' answers, a limit on requests at once and a per-run cache. Signing in is
// internal/signin's; the public discovery document is internal/discovery's.
package microsoft

import (
	"net/netip"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cspfix/cspfix/diagnose"
)

// Endpoints are a cloud's sign-in service and API roots (docs/sources.md, "Lookups").
type Endpoints struct {
	Cloud         diagnose.Cloud
	Authority     string // the sign-in service
	Graph         string // Microsoft Graph's service root
	PartnerCenter string // the Partner Center REST API's service root
}

// clouds are the clouds cspfix can sign in to, in the order a tenant is looked for.
var clouds = []Endpoints{
	{diagnose.CloudPublic, "https://login.microsoftonline.com", "https://graph.microsoft.com", "https://api.partnercenter.microsoft.com"},
	// Partner Center for Microsoft Cloud for US Government has the public cloud's API root.
	{diagnose.CloudUSGovernment, "https://login.microsoftonline.us", "https://graph.microsoft.us", "https://api.partnercenter.microsoft.com"},
	{diagnose.CloudChina, "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn", "https://partner.partnercenterapi.microsoftonline.cn"},
}

// Clouds lists the clouds, the public one first.
func Clouds() []Endpoints { return append([]Endpoints(nil), clouds...) }

// CloudEndpoints returns the endpoints of a cloud.
func CloudEndpoints(c diagnose.Cloud) (Endpoints, bool) {
	for _, e := range clouds {
		if e.Cloud == c {
			return e, true
		}
	}
	return Endpoints{}, false
}

// ParseCloud reads a cloud's name as the setting login.cloud holds it; "" is the public cloud.
// Letter case, hyphens and spaces for the underscore do not matter ("US-Government").
func ParseCloud(s string) (diagnose.Cloud, bool) {
	norm := strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	if norm == "" {
		return diagnose.CloudPublic, true
	}
	for _, e := range clouds {
		if string(e.Cloud) == norm {
			return e.Cloud, true
		}
	}
	return "", false
}

// GraphScope is the scope of a token for Microsoft Graph with every permission the app was
// granted (".default"), so that an administrator's consent on the app registration is all a
// user needs.
func (e Endpoints) GraphScope() string { return e.Graph + "/.default" }

// PartnerCenterScope is the scope of a token for the Partner Center API (App+User).
func (e Endpoints) PartnerCenterScope() string { return e.PartnerCenter + "/user_impersonation" }

// RootError is a service root (CSPFIX_GRAPH_URL, CSPFIX_PARTNER_CENTER_URL) that cspfix refuses,
// before any request. Reason is a code the catalog explains ("microsoft.root.<reason>").
type RootError struct {
	Reason string
}

func (e *RootError) Error() string { return "service root refused: " + e.Reason }

// Reasons a service root is refused.
const (
	RootCharacters = "characters"  // white space, control, format or non-ASCII characters
	RootSyntax     = "syntax"      // not a URL
	RootScheme     = "scheme"      // neither https nor http
	RootUserinfo   = "userinfo"    // user name or password in the URL
	RootHost       = "host"        // no host
	RootLoopback   = "loopback"    // http to a host that is not a loopback address
	RootQuery      = "query"       // a query or a fragment
	RootPathEscape = "path_escape" // an escaped character or a dot segment in the path
)

// ParseRoot checks a service root as CSPFIX_GRAPH_URL and CSPFIX_PARTNER_CENTER_URL give it:
// https to any host, or http to a loopback address only (127.0.0.0/8, ::1, localhost; not
// 0.0.0.0); no user name or password, query, fragment, white space, control or non-ASCII
// characters. A
// path prefix is kept; a trailing slash is dropped. cspfix adds /v1.0/… or /v1/… to it.
func ParseRoot(raw string) (*url.URL, error) {
	if !utf8.ValidString(raw) || strings.IndexFunc(raw, func(r rune) bool {
		return r >= utf8.RuneSelf || unicode.IsControl(r) || unicode.IsSpace(r)
	}) >= 0 {
		return nil, &RootError{Reason: RootCharacters}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &RootError{Reason: RootSyntax}
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, &RootError{Reason: RootScheme}
	case u.User != nil || strings.Contains(u.Host, "@"):
		return nil, &RootError{Reason: RootUserinfo}
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return nil, &RootError{Reason: RootHost}
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(raw, "?#"):
		return nil, &RootError{Reason: RootQuery}
	case u.RawPath != "" || strings.Contains(u.Path, "%") || hasDotSegment(u.Path):
		return nil, &RootError{Reason: RootPathEscape}
	case u.Scheme == "http" && !IsLoopbackHost(u.Hostname()):
		return nil, &RootError{Reason: RootLoopback}
	}
	return &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host), Path: strings.TrimRight(u.Path, "/")}, nil
}

func hasDotSegment(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// IsLoopbackHost reports whether host (without port or brackets) is a loopback address as §19
// means it: 127.0.0.0/8, ::1 or the name localhost. 0.0.0.0 and IPv4 in IPv6 are not.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	if err != nil || a.Zone() != "" {
		return false
	}
	return a.Is4() && a.IsLoopback() || a == netip.IPv6Loopback()
}

// CanonicalGUID returns s as a lower-case 8-4-4-4-12 GUID when it is exactly one (letter case
// aside): what stands in a request's path or filter. Anything else is refused, so that nothing
// from input can change a request's shape.
func CanonicalGUID(s string) (string, bool) {
	if len(s) != 36 {
		return "", false
	}
	b := []byte(strings.ToLower(s))
	for i, c := range b {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return "", false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return "", false
			}
		}
	}
	return string(b), true
}

// Tenant IDs that are no customer's tenant: the empty GUID, and the GUID that stands for
// personal Microsoft accounts ("consumers"), for which the sign-in service answers as if it
// were a tenant (docs/sources.md, "Lookups").
const (
	NilTenant       = "00000000-0000-0000-0000-000000000000"
	ConsumersTenant = "9188040d-6c67-4c5b-b112-36a304b66dad"
)

// CustomerTenantID checks that id can be looked up as a customer's tenant: a GUID, not the
// empty one and not the consumers' one. It returns the canonical form.
func CustomerTenantID(id string) (string, bool) {
	c, ok := CanonicalGUID(strings.TrimSpace(id))
	if !ok || c == NilTenant || c == ConsumersTenant {
		return "", false
	}
	return c, true
}
