package rest

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cspfix/cspfix/internal/discovery"
	"github.com/cspfix/cspfix/internal/microsoft"
)

// Graph looks facts up in Microsoft Graph with the reseller's delegated sign-in
// (docs/microsoft-access.md). Each lookup runs once per key for the client's life: make one
// client per run.
type Graph struct{ c *client }

// NewGraph returns a client of Microsoft Graph at cfg.Root (e.g. https://graph.microsoft.com;
// the client adds /v1.0/…).
func NewGraph(cfg Config) (*Graph, error) {
	c, err := newClient(microsoft.ServiceGraph, cfg)
	if err != nil {
		return nil, err
	}
	return &Graph{c: c}, nil
}

// TenantByID looks up a tenant by its ID. A tenant Graph does not know is an *Error of kind
// KindNotFound.
func (g *Graph) TenantByID(ctx context.Context, tenantID string) (microsoft.TenantInformation, error) {
	id, ok := microsoft.CustomerTenantID(tenantID)
	if !ok {
		return microsoft.TenantInformation{}, &microsoft.Error{Service: microsoft.ServiceGraph, Lookup: microsoft.LookupTenantByID, Kind: microsoft.KindUnsupported, Detail: "not_tenant_id"}
	}
	return g.tenant(ctx, microsoft.LookupTenantByID, "/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='"+id+"')", id)
}

// TenantByDomain looks up the tenant of a domain.
func (g *Graph) TenantByDomain(ctx context.Context, domain string) (microsoft.TenantInformation, error) {
	d, err := discovery.NormalizeDomain(domain)
	if err != nil {
		return microsoft.TenantInformation{}, &microsoft.Error{Service: microsoft.ServiceGraph, Lookup: microsoft.LookupTenantByDomain, Kind: microsoft.KindUnsupported, Detail: "not_domain"}
	}
	return g.tenant(ctx, microsoft.LookupTenantByDomain, "/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='"+d+"')", d)
}

func (g *Graph) tenant(ctx context.Context, lookup microsoft.Lookup, path, key string) (microsoft.TenantInformation, error) {
	v, err := g.c.memo.do(ctx, string(lookup)+":"+key, func() (any, error) {
		tok, err := g.c.token(ctx, lookup)
		if err != nil {
			return nil, err
		}
		r, err := g.c.get(ctx, lookup, tok, endpoint(g.c.root, path, ""), nil)
		if err != nil {
			return nil, err
		}
		if r.status != http.StatusOK {
			return nil, g.classify(lookup, tok, r)
		}
		info, err := microsoft.ParseTenantInformation(r.body)
		if err != nil {
			return nil, g.c.fail(lookup, microsoft.KindMalformed, tok, r.status, "", requestID(r.header), err.Error())
		}
		return info, nil
	})
	if err != nil {
		return microsoft.TenantInformation{}, err
	}
	return v.(microsoft.TenantInformation), nil
}

// AdminRelationships lists the signed-in partner's GDAP relationships with a customer. When
// Graph refuses the filter on the customer (no page documents it), every relationship is
// listed and filtered here, within the bound on pages.
func (g *Graph) AdminRelationships(ctx context.Context, customerTenantID string) (microsoft.AdminRelationships, error) {
	const lookup = microsoft.LookupAdminRelationships
	id, ok := microsoft.CustomerTenantID(customerTenantID)
	if !ok {
		return microsoft.AdminRelationships{}, &microsoft.Error{Service: microsoft.ServiceGraph, Lookup: lookup, Kind: microsoft.KindUnsupported, Detail: "not_tenant_id"}
	}
	v, err := g.c.memo.do(ctx, string(lookup)+":"+id, func() (any, error) {
		const path = "/v1.0/tenantRelationships/delegatedAdminRelationships"
		filtered := endpoint(g.c.root, path, "$filter="+queryEscape("customer/tenantId eq '"+id+"'"))
		out, err := g.adminRelationships(ctx, filtered, id)
		if microsoft.KindOf(err) == microsoft.KindRefused {
			out, err = g.adminRelationships(ctx, endpoint(g.c.root, path, "$top=300"), id)
		}
		return out, err
	})
	if err != nil {
		return microsoft.AdminRelationships{}, err
	}
	return v.(microsoft.AdminRelationships), nil
}

func (g *Graph) adminRelationships(ctx context.Context, first *url.URL, customer string) (microsoft.AdminRelationships, error) {
	const lookup = microsoft.LookupAdminRelationships
	tok, err := g.c.token(ctx, lookup)
	if err != nil {
		return microsoft.AdminRelationships{}, err
	}
	var out microsoft.AdminRelationships
	out.Truncated, err = g.c.list(ctx, lookup, tok, first, nil, func(r reply) error { return g.classify(lookup, tok, r) },
		func(body []byte) (*nextPage, error) {
			items, next, err := microsoft.ParseAdminRelationshipsPage(body)
			if err != nil {
				return nil, err
			}
			for _, r := range items {
				if strings.EqualFold(r.CustomerTenantID, customer) {
					out.Relationships = append(out.Relationships, r)
				}
			}
			return graphNext(next)
		})
	return out, err
}

// graphNext makes the next page of an @odata.nextLink, which is a full URL.
func graphNext(link string) (*nextPage, error) {
	if link == "" {
		return nil, nil
	}
	u, err := url.Parse(link)
	if err != nil || !u.IsAbs() || u.User != nil {
		return nil, microsoft.ErrBadLink
	}
	return &nextPage{url: u, key: u.String()}, nil
}

// Contracts lists the signed-in partner's contracts with a customer (GET /contracts filtered by
// customerId, a GUID without quotes; every contract, filtered here, when Graph refuses it).
func (g *Graph) Contracts(ctx context.Context, customerTenantID string) (microsoft.Contracts, error) {
	const lookup = microsoft.LookupContracts
	id, ok := microsoft.CustomerTenantID(customerTenantID)
	if !ok {
		return microsoft.Contracts{}, &microsoft.Error{Service: microsoft.ServiceGraph, Lookup: lookup, Kind: microsoft.KindUnsupported, Detail: "not_tenant_id"}
	}
	v, err := g.c.memo.do(ctx, string(lookup)+":"+id, func() (any, error) {
		out, err := g.contracts(ctx, endpoint(g.c.root, "/v1.0/contracts", "$filter="+queryEscape("customerId eq "+id)), id)
		if microsoft.KindOf(err) == microsoft.KindRefused {
			out, err = g.contracts(ctx, endpoint(g.c.root, "/v1.0/contracts", ""), id)
		}
		return out, err
	})
	if err != nil {
		return microsoft.Contracts{}, err
	}
	return v.(microsoft.Contracts), nil
}

func (g *Graph) contracts(ctx context.Context, first *url.URL, customer string) (microsoft.Contracts, error) {
	const lookup = microsoft.LookupContracts
	tok, err := g.c.token(ctx, lookup)
	if err != nil {
		return microsoft.Contracts{}, err
	}
	var out microsoft.Contracts
	out.Truncated, err = g.c.list(ctx, lookup, tok, first, nil, func(r reply) error { return g.classify(lookup, tok, r) },
		func(body []byte) (*nextPage, error) {
			items, next, err := microsoft.ParseContractsPage(body)
			if err != nil {
				return nil, err
			}
			for _, c := range items {
				if c.CustomerID == customer {
					out.Contracts = append(out.Contracts, c)
				}
			}
			return graphNext(next)
		})
	return out, err
}

// Organization looks up the signed-in tenant.
func (g *Graph) Organization(ctx context.Context) (microsoft.Organization, error) {
	const lookup = microsoft.LookupOrganization
	v, err := g.c.memo.do(ctx, string(lookup), func() (any, error) {
		tok, err := g.c.token(ctx, lookup)
		if err != nil {
			return nil, err
		}
		r, err := g.c.get(ctx, lookup, tok, endpoint(g.c.root, "/v1.0/organization", ""), nil)
		if err != nil {
			return nil, err
		}
		if r.status != http.StatusOK {
			return nil, g.classify(lookup, tok, r)
		}
		org, err := microsoft.ParseOrganization(r.body)
		if err != nil {
			return nil, g.c.fail(lookup, microsoft.KindMalformed, tok, r.status, "", requestID(r.header), err.Error())
		}
		return org, nil
	})
	if err != nil {
		return microsoft.Organization{}, err
	}
	return v.(microsoft.Organization), nil
}

// classify makes the error of an answer that is not 200 OK (docs/microsoft-access.md, "When a
// lookup fails").
func (g *Graph) classify(lookup microsoft.Lookup, tok microsoft.Token, r reply) error {
	ge, _ := microsoft.ParseGraphError(r.body)
	rid := ge.RequestID
	if rid == "" {
		rid = requestID(r.header)
	}
	kind := microsoft.KindServiceError
	switch {
	case r.status == http.StatusUnauthorized:
		kind = microsoft.KindSignInRequired
	case r.status == http.StatusForbidden && (strings.EqualFold(ge.Code, "insufficient_claims") ||
		strings.Contains(r.header.Get("WWW-Authenticate"), "insufficient_claims")):
		kind = microsoft.KindMFARequired
	case r.status == http.StatusForbidden:
		kind = microsoft.KindNotAvailable
		if c, ok := tok.Claims(); ok && !lookup.Info().Allows(c) {
			kind = microsoft.KindConsentMissing
		}
	case r.status == http.StatusNotFound:
		kind = microsoft.KindNotFound
	case r.status == http.StatusBadRequest:
		kind = microsoft.KindRefused
	case r.status == http.StatusTooManyRequests:
		kind = microsoft.KindThrottled
	}
	e := g.c.fail(lookup, kind, tok, r.status, ge.Code, rid, "")
	if after, ok := retryAfter(r.header, time.Now()); ok {
		e.RetryAfter = after
	}
	return e
}
