// Package discovery looks up a customer's tenant from its domain in Microsoft's public OpenID
// discovery document:
//
//	https://login.microsoftonline.com/{domain}/v2.0/.well-known/openid-configuration
//
// The issuer in it carries the tenant ID; tenant_region_scope and cloud_instance_name say where
// the tenant lives. It is the only network access cspfix makes, and only when asked to.
package discovery

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/cspfix/cspfix/diagnose"
)

// DefaultAuthority is the public cloud's sign-in service.
const DefaultAuthority = "https://login.microsoftonline.com"

// Limits of one lookup: the document is a few kilobytes.
const (
	DefaultTimeout  = 10 * time.Second
	DefaultMaxBytes = 1 << 20
)

// Client looks up tenants. The zero value is not usable; call New.
type Client struct {
	authority *url.URL
	http      *http.Client
	maxBytes  int64
}

// New returns a client for authority (DefaultAuthority when empty), with the default timeout.
func New(authority string, timeout time.Duration) (*Client, error) {
	if authority == "" {
		authority = DefaultAuthority
	}
	u, err := url.Parse(strings.TrimRight(authority, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("authority %q is not an http(s) URL", authority)
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	c := &Client{authority: u, maxBytes: DefaultMaxBytes}
	c.http = &http.Client{
		Timeout: timeout,
		// A redirect may stay on the sign-in service's host, never leave it.
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Host != u.Host || len(via) >= 3 {
				return fmt.Errorf("redirect to %s refused", req.URL.Host)
			}
			return nil
		},
	}
	return c, nil
}

// hostOf is the domain in what people paste for one: the host of a web address
// ("https://contoso.com/"), a domain with a trailing slash; else s as it is, for the checks.
func hostOf(s string) string {
	if i := strings.Index(s, "://"); i > 0 {
		u, err := url.Parse(s)
		if err == nil && (strings.EqualFold(u.Scheme, "https") || strings.EqualFold(u.Scheme, "http")) &&
			u.User == nil && u.Port() == "" && u.Hostname() != "" {
			return u.Hostname()
		}
		return s
	}
	if d, ok := strings.CutSuffix(s, "/"); ok && !strings.ContainsAny(d, "/?#") {
		return d
	}
	return s
}

// NormalizeDomain checks that s is a DNS name that can stand in the path of the discovery URL
// and returns its lower-case ASCII form; internationalised names are converted to Punycode. The
// host of a web address is taken as the domain. Every check runs before any request, so a bad
// name never reaches the network.
func NormalizeDomain(s string) (string, error) {
	invalid := func(detail string) error {
		return &diagnose.LookupError{Domain: s, Kind: diagnose.LookupInvalidDomain, Detail: detail}
	}
	d := hostOf(strings.TrimSpace(s))
	switch {
	case d == "":
		return "", invalid(detailEmpty)
	case len(d) > 4*253:
		// More octets than 253 characters of four octets each can hold. Refused before idna,
		// whose Punycode encoder takes time quadratic in a label's length.
		return "", invalid(detailTooLong)
	case !utf8.ValidString(d):
		// idna would turn the bad bytes into U+FFFD and send that (a Latin-1 "m\xfcller.de").
		return "", invalid(detailNotUTF8)
	case isIP(d):
		return "", invalid(detailIP)
	case strings.ContainsAny(d, "/?#@:\\%") || strings.IndexFunc(d, isSpaceOrControl) >= 0:
		return "", invalid(detailCharacters)
	}
	// The dots UTS #46 maps to '.' separate labels too; map them first so that empty labels
	// are found before idna, which lets them through.
	d = strings.NewReplacer("\u3002", ".", "\uff0e", ".", "\uff61", ".").Replace(d)
	// A fully qualified name ends in one dot; it names the same domain.
	d = strings.TrimSuffix(d, ".")
	if detail := checkUnicodeLabels(strings.Split(d, ".")); detail != "" {
		return "", invalid(detail)
	}
	ascii, err := idna.Lookup.ToASCII(d)
	if err != nil {
		return "", invalid(err.Error())
	}
	ascii = strings.ToLower(ascii)
	// idna maps more than it refuses (xn-- alone becomes an empty label, fullwidth digits
	// become an IP address), so the rules are checked again on what would be sent.
	if detail := checkASCIIName(ascii); detail != "" {
		return "", invalid(detail)
	}
	return ascii, nil
}

// Details of an invalid domain: codes, which diagnose.LookupError.Message says in the reader's
// language (the catalog's "lookup.detail." texts). idna's own complaints stay as idna says them.
const (
	detailEmpty        = "empty"
	detailNotUTF8      = "not_utf8"
	detailCharacters   = "characters"
	detailEmptyLabel   = "empty_label"
	detailLDH          = "ldh"
	detailHyphen       = "hyphen"
	detailOneDot       = "one_dot"
	detailIP           = "ip_address"
	detailTooLong      = "too_long"
	detailLabelTooLong = "label_too_long"
	// Why the service could not be reached.
	detailNoSuchHost  = "no_such_host"
	detailRefused     = "refused"
	detailUnreachable = "unreachable"
)

// checkUnicodeLabels checks the labels as typed, so that the common mistakes get a clear
// detail rather than idna's. Non-ASCII characters are left to idna.
func checkUnicodeLabels(labels []string) string {
	for _, l := range labels {
		switch {
		case l == "":
			return detailEmptyLabel
		case strings.IndexFunc(l, func(r rune) bool { return r < utf8.RuneSelf && !isLDH(r) }) >= 0:
			return detailLDH
		case l[0] == '-' || l[len(l)-1] == '-':
			return detailHyphen
		}
	}
	if len(labels) < 2 {
		return detailOneDot
	}
	return ""
}

// checkASCIIName checks a lower-case ASCII name against the rules of DNS (RFC 1035 §2.3.4,
// RFC 1123 §2.1) and returns what is wrong, or "" when nothing is.
func checkASCIIName(name string) string {
	labels := strings.Split(name, ".")
	for _, l := range labels {
		switch {
		case l == "":
			return detailEmptyLabel
		case len(l) > 63:
			return detailLabelTooLong
		case strings.IndexFunc(l, func(r rune) bool { return !isLowerLDH(r) }) >= 0:
			return detailLDH
		case l[0] == '-' || l[len(l)-1] == '-':
			return detailHyphen
		}
	}
	switch {
	case len(labels) < 2:
		return detailOneDot
	case len(name) > 253:
		return detailTooLong
	case isIP(name):
		return detailIP
	case strings.Trim(labels[len(labels)-1], "0123456789") == "":
		// No top-level domain is numeric, and clients read such names as IPv4 addresses
		// (127.1, 010.1).
		return "the last label is all digits, which no top-level domain is"
	}
	return ""
}

// isIP reports whether s is an IP address, with or without brackets, zone or port.
func isIP(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if _, err := netip.ParseAddrPort(s); err == nil {
		return true
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if _, err := netip.ParseAddr(s); err == nil {
		return true
	}
	return net.ParseIP(s) != nil
}

func isLDH(r rune) bool { return isLowerLDH(r) || 'A' <= r && r <= 'Z' }

func isLowerLDH(r rune) bool { return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' }

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f || r == '\u00a0' }

// pathSafe reports whether name can stand as one path segment: only [a-z0-9.-], no empty
// label, so neither "." nor "..".
func pathSafe(name string) bool {
	return name != "" && strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789.-") == "" &&
		!slices.Contains(strings.Split(name, "."), "")
}

// document is the part of the discovery document cspfix reads.
type document struct {
	Issuer         string `json:"issuer"`
	RegionScope    string `json:"tenant_region_scope"`
	RegionSubScope string `json:"tenant_region_sub_scope"`
	CloudInstance  string `json:"cloud_instance_name"`
}

// Resolve looks up the tenant of domain.
func (c *Client) Resolve(domain string) (diagnose.Resolution, error) {
	return c.ResolveContext(context.Background(), domain)
}

// ResolveContext is Resolve with a context for cancellation.
func (c *Client) ResolveContext(ctx context.Context, domain string) (diagnose.Resolution, error) {
	ascii, err := NormalizeDomain(domain)
	if err != nil {
		return diagnose.Resolution{}, err
	}
	// The path is built from the checked ASCII name alone. Checked once more here, cheaply, so
	// that no change to NormalizeDomain can let "..", "/" or an escape into the request.
	if !pathSafe(ascii) {
		return diagnose.Resolution{}, &diagnose.LookupError{Domain: ascii, Kind: diagnose.LookupInvalidDomain, Detail: "not a plain ASCII name"}
	}
	res, err := c.fetch(ctx, ascii)
	res.Domain = ascii
	return res, err
}

// ResolveTenantContext looks up a tenant by its ID, as the discovery document answers for a
// tenant ID as for a domain. id must be a valid tenant ID (diagnose.CheckTenantID); the empty
// GUID and the one that stands for personal accounts are refused before any request.
func (c *Client) ResolveTenantContext(ctx context.Context, id string) (diagnose.Resolution, error) {
	t := diagnose.CheckTenantID(id)
	if !t.Valid || t.Canonical == NilTenant || t.Canonical == ConsumersTenant || !pathSafe(t.Canonical+".x") {
		return diagnose.Resolution{}, &diagnose.LookupError{Domain: id, Kind: diagnose.LookupInvalidDomain, Detail: detailNotTenant}
	}
	res, err := c.fetch(ctx, t.Canonical)
	if err == nil && res.TenantID != t.Canonical {
		// The issuer names another tenant: not an answer to this question.
		return diagnose.Resolution{}, &diagnose.LookupError{Domain: t.Canonical, Kind: diagnose.LookupMalformed, Detail: "the issuer names another tenant"}
	}
	return res, err
}

// Tenant IDs that are no customer's tenant: the empty GUID, and the GUID for personal
// Microsoft accounts ("consumers"), for which the service answers as for a tenant.
const (
	NilTenant       = "00000000-0000-0000-0000-000000000000"
	ConsumersTenant = "9188040d-6c67-4c5b-b112-36a304b66dad"
)

// detailNotTenant: what was to be looked up as a tenant ID is none.
const detailNotTenant = "not_tenant_id"

// fetch reads the discovery document of a tenant, named by a checked domain or tenant ID.
func (c *Client) fetch(ctx context.Context, tenant string) (diagnose.Resolution, error) {
	fail := func(kind diagnose.LookupKind, detail string) (diagnose.Resolution, error) {
		return diagnose.Resolution{}, &diagnose.LookupError{Domain: tenant, Kind: kind, Detail: detail}
	}
	u := *c.authority
	u.Path = c.authority.Path + "/" + tenant + "/v2.0/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(diagnose.LookupInvalidDomain, err.Error())
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
			return fail(diagnose.LookupTimeout, "")
		}
		return fail(diagnose.LookupNetwork, shortNetError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fail(diagnose.LookupTimeout, "")
		}
		return fail(diagnose.LookupNetwork, shortNetError(err))
	}
	if int64(len(body)) > c.maxBytes {
		return fail(diagnose.LookupTooLarge, fmt.Sprintf("%d KiB", c.maxBytes>>10))
	}
	res, kind, detail := parseAnswer(resp.StatusCode, body)
	if kind != "" {
		return fail(kind, detail)
	}
	return res, nil
}

// parseAnswer reads the sign-in service's answer: the discovery document, or an error that
// says whether the tenant is unknown. A BOM at the start is accepted.
func parseAnswer(status int, body []byte) (diagnose.Resolution, diagnose.LookupKind, string) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if status != http.StatusOK {
		if unknownTenant(body) {
			return diagnose.Resolution{}, diagnose.LookupNotFound, ""
		}
		return diagnose.Resolution{}, diagnose.LookupStatus, fmt.Sprint(status)
	}
	var doc document
	if err := json.Unmarshal(body, &doc); err != nil {
		return diagnose.Resolution{}, diagnose.LookupMalformed, "not JSON"
	}
	id, err := tenantFromIssuer(doc.Issuer)
	if err != nil {
		return diagnose.Resolution{}, diagnose.LookupMalformed, err.Error()
	}
	return diagnose.Resolution{
		TenantID:       id,
		RegionScope:    doc.RegionScope,
		RegionSubScope: doc.RegionSubScope,
		CloudInstance:  doc.CloudInstance,
	}, "", ""
}

// unknownTenant reports whether an error answer is AADSTS90002, "tenant not found": its code
// in error_codes (as a number or a string), or in the description.
func unknownTenant(body []byte) bool {
	var e struct {
		Description string            `json:"error_description"`
		Codes       []json.RawMessage `json:"error_codes"`
	}
	if json.Unmarshal(body, &e) != nil {
		return false
	}
	for _, c := range e.Codes {
		if v := strings.Trim(string(c), `" `); v == "90002" {
			return true
		}
	}
	return strings.Contains(e.Description, "AADSTS90002")
}

// tenantFromIssuer takes the tenant ID from an issuer such as
// https://login.microsoftonline.com/{tenant}/v2.0.
func tenantFromIssuer(issuer string) (string, error) {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" {
		return "", errors.New("no issuer")
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	id := diagnose.CheckTenantID(first)
	if !id.Valid {
		return "", errors.New("the issuer holds no tenant ID")
	}
	return id.Canonical, nil
}

// shortNetError keeps the last, most specific part of a network error ("connection refused").
func shortNetError(err error) string {
	// The common reasons are named by a code that the catalog says in the person's language
	// (lookup.detail.*); others as the system put them.
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return detailNoSuchHost
	case errors.Is(err, syscall.ECONNREFUSED):
		return detailRefused
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH):
		return detailUnreachable
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}

// Lookup looks tenants up at one sign-in service: a *Client, or a test's fake.
type Lookup interface {
	ResolveContext(ctx context.Context, domain string) (diagnose.Resolution, error)
	ResolveTenantContext(ctx context.Context, id string) (diagnose.Resolution, error)
}

// Clouds looks a tenant up at the sign-in services of several clouds in turn (the public
// cloud's first): a tenant exists in one cloud, and each cloud's service answers "not found"
// (AADSTS90002) for the others' tenants. The first service that knows the tenant answers;
// "not found" only when every service said so; when a service could not be asked and none
// knew the tenant, that failure, since the tenant may be there.
type Clouds []Lookup

func (cs Clouds) ResolveContext(ctx context.Context, domain string) (diagnose.Resolution, error) {
	return cs.first(func(l Lookup) (diagnose.Resolution, error) { return l.ResolveContext(ctx, domain) })
}

func (cs Clouds) ResolveTenantContext(ctx context.Context, id string) (diagnose.Resolution, error) {
	return cs.first(func(l Lookup) (diagnose.Resolution, error) { return l.ResolveTenantContext(ctx, id) })
}

func (cs Clouds) first(resolve func(Lookup) (diagnose.Resolution, error)) (diagnose.Resolution, error) {
	var notFound, failed error
	for _, l := range cs {
		res, err := resolve(l)
		var le *diagnose.LookupError
		switch {
		case err == nil:
			return res, nil
		case errors.As(err, &le) && le.Kind == diagnose.LookupNotFound:
			notFound = err
		case errors.As(err, &le) && le.Kind == diagnose.LookupInvalidDomain, !errors.As(err, &le):
			return diagnose.Resolution{}, err // the same for every cloud, or the caller's context ended
		case failed == nil:
			failed = err
		}
	}
	if failed != nil {
		return diagnose.Resolution{}, failed
	}
	if notFound == nil {
		return diagnose.Resolution{}, &diagnose.LookupError{Kind: diagnose.LookupNetwork, Detail: "no sign-in service"}
	}
	return diagnose.Resolution{}, notFound
}
