package rest

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/cspfix/cspfix/internal/microsoft"
)

// PartnerCenter looks facts up in the Partner Center REST API with the reseller's sign-in
// (App+User). Microsoft's pages disagree on whether indirect resellers may use the API at all
// (docs/microsoft-access.md): a refusal (401/403) is an *Error of kind KindNotAvailable or
// KindMFARequired, never a fact about the customer.
type PartnerCenter struct{ c *client }

// NewPartnerCenter returns a client of the Partner Center API at cfg.Root (e.g.
// https://api.partnercenter.microsoft.com; the client adds /v1/…).
func NewPartnerCenter(cfg Config) (*PartnerCenter, error) {
	c, err := newClient(microsoft.ServicePartnerCenter, cfg)
	if err != nil {
		return nil, err
	}
	return &PartnerCenter{c: c}, nil
}

// Customer looks up a customer by its tenant ID. Partner Center answers 403 (code 20002) or
// 404 for a tenant that is not the partner's customer: an *Error of kind KindNotAvailable or
// KindNotFound, with the service's code kept.
func (p *PartnerCenter) Customer(ctx context.Context, tenantID string) (microsoft.Customer, error) {
	const lookup = microsoft.LookupCustomer
	id, ok := microsoft.CustomerTenantID(tenantID)
	if !ok {
		return microsoft.Customer{}, &microsoft.Error{Service: microsoft.ServicePartnerCenter, Lookup: lookup, Kind: microsoft.KindUnsupported, Detail: "not_tenant_id"}
	}
	v, err := p.c.memo.do(ctx, string(lookup)+":"+id, func() (any, error) {
		tok, err := p.c.token(ctx, lookup)
		if err != nil {
			return nil, err
		}
		r, err := p.c.get(ctx, lookup, tok, endpoint(p.c.root, "/v1/customers/"+id, ""), nil)
		if err != nil {
			return nil, err
		}
		if r.status != http.StatusOK {
			return nil, p.classify(lookup, tok, r)
		}
		c, err := microsoft.ParseCustomer(r.body)
		if err != nil {
			return nil, p.c.fail(lookup, microsoft.KindMalformed, tok, r.status, "", requestID(r.header), err.Error())
		}
		return c, nil
	})
	if err != nil {
		return microsoft.Customer{}, err
	}
	return v.(microsoft.Customer), nil
}

// CustomerRelationships lists the indirect resellers and providers that have a relationship
// with a customer (GET /v1/customers/{id}/relationships). Partner Center answers null when
// there are none.
func (p *PartnerCenter) CustomerRelationships(ctx context.Context, tenantID string) (microsoft.PartnerRelationships, error) {
	const lookup = microsoft.LookupCustomerRelationships
	id, ok := microsoft.CustomerTenantID(tenantID)
	if !ok {
		return microsoft.PartnerRelationships{}, &microsoft.Error{Service: microsoft.ServicePartnerCenter, Lookup: lookup, Kind: microsoft.KindUnsupported, Detail: "not_tenant_id"}
	}
	return p.relationships(ctx, lookup, id, endpoint(p.c.root, "/v1/customers/"+id+"/relationships", ""))
}

// IndirectProviders lists the indirect providers the signed-in reseller has a relationship
// with (GET /v1/relationships?relationship_type=IsIndirectResellerOf).
func (p *PartnerCenter) IndirectProviders(ctx context.Context) (microsoft.PartnerRelationships, error) {
	const lookup = microsoft.LookupIndirectProviders
	return p.relationships(ctx, lookup, "", endpoint(p.c.root, "/v1/relationships", "relationship_type=IsIndirectResellerOf"))
}

func (p *PartnerCenter) relationships(ctx context.Context, lookup microsoft.Lookup, key string, first *url.URL) (microsoft.PartnerRelationships, error) {
	v, err := p.c.memo.do(ctx, string(lookup)+":"+key, func() (any, error) {
		tok, err := p.c.token(ctx, lookup)
		if err != nil {
			return nil, err
		}
		var out microsoft.PartnerRelationships
		out.Truncated, err = p.c.list(ctx, lookup, tok, first, nil, func(r reply) error { return p.classify(lookup, tok, r) },
			func(body []byte) (*nextPage, error) {
				items, next, err := microsoft.ParseRelationshipsPage(body)
				if err != nil {
					return nil, err
				}
				out.Relationships = append(out.Relationships, items...)
				return p.next(next)
			})
		return out, err
	})
	if err != nil {
		return microsoft.PartnerRelationships{}, err
	}
	return v.(microsoft.PartnerRelationships), nil
}

// next makes the next page of a links.next: a URI relative to the API's root with or without
// "/v1", or a full URL, and the continuation token as a header.
func (p *PartnerCenter) next(l *microsoft.Link) (*nextPage, error) {
	if l == nil {
		return nil, nil
	}
	if strings.IndexFunc(l.URI+l.ContinuationToken, func(r rune) bool { return unicode.IsControl(r) }) >= 0 {
		return nil, microsoft.ErrBadLink
	}
	var u *url.URL
	if strings.HasPrefix(l.URI, "/") && !strings.HasPrefix(l.URI, "//") {
		path, query, _ := strings.Cut(l.URI, "?")
		if !strings.HasPrefix(path, "/v1/") {
			path = "/v1" + path
		}
		ref, err := url.Parse(path)
		if err != nil {
			return nil, microsoft.ErrBadLink
		}
		u = &url.URL{Scheme: p.c.root.Scheme, Host: p.c.root.Host, Path: p.c.root.Path + ref.Path, RawQuery: query}
	} else {
		var err error
		if u, err = url.Parse(l.URI); err != nil || !u.IsAbs() || u.User != nil {
			return nil, microsoft.ErrBadLink
		}
	}
	var h http.Header
	if l.ContinuationToken != "" {
		h = http.Header{"MS-ContinuationToken": {l.ContinuationToken}}
	}
	return &nextPage{url: u, header: h, key: u.String() + "\x00" + l.ContinuationToken}, nil
}

// classify makes the error of an answer that is not 200 OK. A refusal is "not available to
// this account", or "MFA required" when the answer or the token says that the sign-in lacked
// a second factor.
func (p *PartnerCenter) classify(lookup microsoft.Lookup, tok microsoft.Token, r reply) error {
	pe, _ := microsoft.ParsePartnerCenterError(r.body)
	kind := microsoft.KindServiceError
	switch r.status {
	case http.StatusUnauthorized, http.StatusForbidden:
		kind = microsoft.KindNotAvailable
		c, ok := tok.Claims()
		if mentionsMFA(pe.Description) || ok && !c.MFA() && pe.Code != "20002" {
			kind = microsoft.KindMFARequired
		}
	case http.StatusNotFound:
		kind = microsoft.KindNotFound
	case http.StatusBadRequest:
		kind = microsoft.KindRefused
	case http.StatusTooManyRequests:
		kind = microsoft.KindThrottled
	}
	e := p.c.fail(lookup, kind, tok, r.status, pe.Code, requestID(r.header), "")
	if after, ok := retryAfter(r.header, time.Now()); ok {
		e.RetryAfter = after
	}
	return e
}

// mentionsMFA reports whether a refusal's description speaks of multi-factor authentication:
// "MFA" as a word, or the words spelled out.
func mentionsMFA(desc string) bool {
	lower := strings.ToLower(desc)
	if strings.Contains(lower, "multi-factor") || strings.Contains(lower, "multifactor") {
		return true
	}
	for _, w := range strings.FieldsFunc(desc, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if w == "MFA" {
			return true
		}
	}
	return false
}
