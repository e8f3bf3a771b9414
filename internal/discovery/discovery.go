// Package discovery looks up a customer's tenant from its domain in Microsoft's public OpenID
// discovery document:
//
//	https://login.microsoftonline.com/{domain}/v2.0/.well-known/openid-configuration
//
// The issuer in it carries the tenant ID; tenant_region_scope and cloud_instance_name say where
// the tenant lives. It is the only network access cspfix makes, and only when asked to.
package discovery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

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

// NormalizeDomain checks that s is a plain domain name (no scheme, path, query, port, user
// information or spaces) and returns its lower-case ASCII form; internationalised names are
// converted to Punycode.
func NormalizeDomain(s string) (string, error) {
	invalid := func(detail string) error {
		return &diagnose.LookupError{Domain: s, Kind: diagnose.LookupInvalidDomain, Detail: detail}
	}
	d := strings.TrimSuffix(strings.TrimSpace(s), ".")
	switch {
	case d == "":
		return "", invalid("empty")
	case strings.ContainsAny(d, "/?#@:\\%") || strings.IndexFunc(d, isSpaceOrControl) >= 0:
		return "", invalid("only letters, digits, hyphens and dots are allowed")
	case !strings.Contains(d, "."):
		return "", invalid("a domain has at least one dot")
	}
	ascii, err := idna.Lookup.ToASCII(d)
	if err != nil {
		return "", invalid(err.Error())
	}
	return strings.ToLower(ascii), nil
}

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f || r == '\u00a0' }

// document is the part of the discovery document cspfix reads.
type document struct {
	Issuer         string `json:"issuer"`
	RegionScope    string `json:"tenant_region_scope"`
	RegionSubScope string `json:"tenant_region_sub_scope"`
	CloudInstance  string `json:"cloud_instance_name"`
}

// errorDocument is what the service answers for an unknown tenant (AADSTS90002).
type errorDocument struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
	Codes       []int  `json:"error_codes"`
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
	fail := func(kind diagnose.LookupKind, detail string) (diagnose.Resolution, error) {
		return diagnose.Resolution{}, &diagnose.LookupError{Domain: ascii, Kind: kind, Detail: detail}
	}
	u := *c.authority
	u.Path = c.authority.Path + "/" + ascii + "/v2.0/.well-known/openid-configuration"
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
	if resp.StatusCode != http.StatusOK {
		var e errorDocument
		if json.Unmarshal(body, &e) == nil && (strings.Contains(e.Description, "AADSTS90002") || slices.Contains(e.Codes, 90002)) {
			return fail(diagnose.LookupNotFound, "")
		}
		return fail(diagnose.LookupStatus, fmt.Sprint(resp.StatusCode))
	}
	var doc document
	if err := json.Unmarshal(body, &doc); err != nil {
		return fail(diagnose.LookupMalformed, "not JSON")
	}
	tenant, err := tenantFromIssuer(doc.Issuer)
	if err != nil {
		return fail(diagnose.LookupMalformed, err.Error())
	}
	return diagnose.Resolution{
		Domain:         ascii,
		TenantID:       tenant,
		RegionScope:    doc.RegionScope,
		RegionSubScope: doc.RegionSubScope,
		CloudInstance:  doc.CloudInstance,
	}, nil
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
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}
