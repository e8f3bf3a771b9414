// Package oidc is the client of Microsoft's public OpenID discovery document (package
// discovery names what it looks up):
//
//	https://login.microsoftonline.com/{domain}/v2.0/.well-known/openid-configuration
//
// The issuer in it carries the tenant ID; tenant_region_scope and cloud_instance_name say where
// the tenant lives. Only the cspfix-online executable links it (README "Two executables").
package oidc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/discovery"
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

// Why the service could not be reached: codes, which diagnose.LookupError.Message says in the
// reader's language (the catalog's "lookup.detail." texts).
const (
	detailNoSuchHost  = "no_such_host"
	detailRefused     = "refused"
	detailUnreachable = "unreachable"
)

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
	ascii, err := discovery.NormalizeDomain(domain)
	if err != nil {
		return diagnose.Resolution{}, err
	}
	// The path is built from the checked ASCII name alone. Checked once more here, cheaply, so
	// that no change to NormalizeDomain can let "..", "/" or an escape into the request.
	if !discovery.PathSafe(ascii) {
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
	if !t.Valid || t.Canonical == discovery.NilTenant || t.Canonical == discovery.ConsumersTenant || !discovery.PathSafe(t.Canonical+".x") {
		return diagnose.Resolution{}, &diagnose.LookupError{Domain: id, Kind: diagnose.LookupInvalidDomain, Detail: detailNotTenant}
	}
	res, err := c.fetch(ctx, t.Canonical)
	if err == nil && res.TenantID != t.Canonical {
		// The issuer names another tenant: not an answer to this question.
		return diagnose.Resolution{}, &diagnose.LookupError{Domain: t.Canonical, Kind: diagnose.LookupMalformed, Detail: "the issuer names another tenant"}
	}
	return res, err
}

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
