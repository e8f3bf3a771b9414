package microsoft

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cspfix/cspfix/internal/discovery"
)

// Graph looks facts up in Microsoft Graph with the reseller's delegated sign-in
// (docs/microsoft-access.md). Each lookup runs once per key for the client's life: make one
// client per run.
type Graph struct{ c *client }

// NewGraph returns a client of Microsoft Graph at cfg.Root (e.g. https://graph.microsoft.com;
// the client adds /v1.0/…).
func NewGraph(cfg Config) (*Graph, error) {
	c, err := newClient(ServiceGraph, cfg)
	if err != nil {
		return nil, err
	}
	return &Graph{c: c}, nil
}

// TenantInformation is what Microsoft Graph tells any signed-in organisation about a tenant
// (tenantRelationship: findTenantInformationByTenantId / …ByDomainName).
type TenantInformation struct {
	TenantID            string `json:"tenant_id"`
	DisplayName         string `json:"display_name"`
	DefaultDomainName   string `json:"default_domain_name"`
	FederationBrandName string `json:"federation_brand_name,omitempty"`
}

// TenantByID looks up a tenant by its ID. A tenant Graph does not know is an *Error of kind
// KindNotFound.
func (g *Graph) TenantByID(ctx context.Context, tenantID string) (TenantInformation, error) {
	id, ok := CustomerTenantID(tenantID)
	if !ok {
		return TenantInformation{}, &Error{Service: ServiceGraph, Lookup: LookupTenantByID, Kind: KindUnsupported, Detail: "not_tenant_id"}
	}
	return g.tenant(ctx, LookupTenantByID, "/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='"+id+"')", id)
}

// TenantByDomain looks up the tenant of a domain.
func (g *Graph) TenantByDomain(ctx context.Context, domain string) (TenantInformation, error) {
	d, err := discovery.NormalizeDomain(domain)
	if err != nil {
		return TenantInformation{}, &Error{Service: ServiceGraph, Lookup: LookupTenantByDomain, Kind: KindUnsupported, Detail: "not_domain"}
	}
	return g.tenant(ctx, LookupTenantByDomain, "/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='"+d+"')", d)
}

func (g *Graph) tenant(ctx context.Context, lookup Lookup, path, key string) (TenantInformation, error) {
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
		info, err := ParseTenantInformation(r.body)
		if err != nil {
			return nil, g.c.fail(lookup, KindMalformed, tok, r.status, "", requestID(r.header), err.Error())
		}
		return info, nil
	})
	if err != nil {
		return TenantInformation{}, err
	}
	return v.(TenantInformation), nil
}

// ParseTenantInformation reads a tenantInformation answer.
func ParseTenantInformation(body []byte) (TenantInformation, error) {
	var raw struct {
		TenantID            *string `json:"tenantId"`
		DisplayName         *string `json:"displayName"`
		DefaultDomainName   *string `json:"defaultDomainName"`
		FederationBrandName *string `json:"federationBrandName"`
	}
	if err := json.Unmarshal(trimBOM(body), &raw); err != nil {
		return TenantInformation{}, errNotJSON
	}
	id, ok := CanonicalGUID(deref(raw.TenantID))
	if !ok {
		return TenantInformation{}, errNoTenantID
	}
	return TenantInformation{TenantID: id, DisplayName: deref(raw.DisplayName),
		DefaultDomainName: deref(raw.DefaultDomainName), FederationBrandName: deref(raw.FederationBrandName)}, nil
}

// parseError names what is wrong with an answer; the catalog says it in words
// ("microsoft.detail.<code>").
type parseError string

func (e parseError) Error() string { return string(e) }

const (
	errNotJSON        parseError = "not_json"
	errNoTenantID     parseError = "no_tenant_id"
	errNoValue        parseError = "no_value"
	errBadTime        parseError = "bad_time"
	errBadLink        parseError = "bad_link"
	errNoOrganization parseError = "no_organization"
	errNoErrorObject  parseError = "no_error_object"
)

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// AdminRelationship is one of the reseller's GDAP relationships (delegatedAdminRelationship;
// resellerDelegatedAdminRelationship when an indirect provider created it for the reseller).
type AdminRelationship struct {
	ID               string    `json:"id"`
	DisplayName      string    `json:"display_name"`
	Status           Enum      `json:"status"`
	CustomerTenantID string    `json:"customer_tenant_id"`
	CustomerName     string    `json:"customer_name,omitempty"`
	Created          time.Time `json:"created,omitzero"`
	LastModified     time.Time `json:"last_modified,omitzero"`
	Activated        time.Time `json:"activated,omitzero"` // zero while pending
	End              time.Time `json:"end,omitzero"`       // when it ends or ended; zero while pending
	Duration         string    `json:"duration,omitempty"` // ISO 8601, "P730D"
	// Reseller marks a relationship an indirect provider created for the reseller.
	Reseller                 bool   `json:"reseller,omitempty"`
	IndirectProviderTenantID string `json:"indirect_provider_tenant_id,omitempty"`
	// PartnerConsentPending: the reseller has yet to review it; nil when not said.
	PartnerConsentPending *bool `json:"partner_consent_pending,omitempty"`
}

// AdminRelationships are the reseller's GDAP relationships with one customer.
type AdminRelationships struct {
	Relationships []AdminRelationship
	// Truncated: the list ended at cspfix's bound on pages, or the service repeated a page;
	// relationships may be missing.
	Truncated bool
}

// AdminRelationships lists the signed-in partner's GDAP relationships with a customer. When
// Graph refuses the filter on the customer (no page documents it), every relationship is
// listed and filtered here, within the bound on pages.
func (g *Graph) AdminRelationships(ctx context.Context, customerTenantID string) (AdminRelationships, error) {
	const lookup = LookupAdminRelationships
	id, ok := CustomerTenantID(customerTenantID)
	if !ok {
		return AdminRelationships{}, &Error{Service: ServiceGraph, Lookup: lookup, Kind: KindUnsupported, Detail: "not_tenant_id"}
	}
	v, err := g.c.memo.do(ctx, string(lookup)+":"+id, func() (any, error) {
		const path = "/v1.0/tenantRelationships/delegatedAdminRelationships"
		filtered := endpoint(g.c.root, path, "$filter="+queryEscape("customer/tenantId eq '"+id+"'"))
		out, err := g.adminRelationships(ctx, filtered, id)
		if KindOf(err) == KindRefused {
			out, err = g.adminRelationships(ctx, endpoint(g.c.root, path, "$top=300"), id)
		}
		return out, err
	})
	if err != nil {
		return AdminRelationships{}, err
	}
	return v.(AdminRelationships), nil
}

func (g *Graph) adminRelationships(ctx context.Context, first *url.URL, customer string) (AdminRelationships, error) {
	const lookup = LookupAdminRelationships
	tok, err := g.c.token(ctx, lookup)
	if err != nil {
		return AdminRelationships{}, err
	}
	var out AdminRelationships
	out.Truncated, err = g.c.list(ctx, lookup, tok, first, nil, func(r reply) error { return g.classify(lookup, tok, r) },
		func(body []byte) (*nextPage, error) {
			items, next, err := ParseAdminRelationshipsPage(body)
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

// ParseAdminRelationshipsPage reads one page of delegatedAdminRelationships: the items and the
// next page's link ("" at the end).
func ParseAdminRelationshipsPage(body []byte) ([]AdminRelationship, string, error) {
	var page struct {
		Value []struct {
			Type        string  `json:"@odata.type"`
			ID          string  `json:"id"`
			DisplayName string  `json:"displayName"`
			Status      *string `json:"status"`
			Customer    *struct {
				TenantID    string `json:"tenantId"`
				DisplayName string `json:"displayName"`
			} `json:"customer"`
			Duration                 string  `json:"duration"`
			Created                  *string `json:"createdDateTime"`
			LastModified             *string `json:"lastModifiedDateTime"`
			Activated                *string `json:"activatedDateTime"`
			End                      *string `json:"endDateTime"`
			IndirectProviderTenantID *string `json:"indirectProviderTenantId"`
			PartnerConsentPending    *bool   `json:"isPartnerConsentPending"`
		} `json:"value"`
		Next string `json:"@odata.nextLink"`
	}
	if err := json.Unmarshal(trimBOM(body), &page); err != nil {
		return nil, "", errNotJSON
	}
	if page.Value == nil {
		return nil, "", errNoValue
	}
	out := make([]AdminRelationship, 0, len(page.Value))
	for _, v := range page.Value {
		r := AdminRelationship{ID: v.ID, DisplayName: v.DisplayName, Status: AdminRelationshipStatuses.parse(deref(v.Status)),
			Duration: v.Duration, PartnerConsentPending: v.PartnerConsentPending,
			Reseller: strings.EqualFold(strings.TrimPrefix(v.Type, "#"), "microsoft.graph.resellerDelegatedAdminRelationship")}
		if v.Customer != nil {
			r.CustomerTenantID, _ = CanonicalGUID(v.Customer.TenantID)
			r.CustomerName = v.Customer.DisplayName
		}
		if id, ok := CanonicalGUID(deref(v.IndirectProviderTenantID)); ok {
			r.IndirectProviderTenantID = id
		}
		var err error
		for _, t := range []struct {
			in  *string
			out *time.Time
		}{{v.Created, &r.Created}, {v.LastModified, &r.LastModified}, {v.Activated, &r.Activated}, {v.End, &r.End}} {
			if *t.out, err = parseTime(t.in); err != nil {
				return nil, "", err
			}
		}
		out = append(out, r)
	}
	return out, page.Next, nil
}

// parseTime reads a Graph DateTimeOffset; null or absent is the zero time.
func parseTime(s *string) (time.Time, error) {
	if s == nil || *s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		return time.Time{}, errBadTime
	}
	return t, nil
}

// graphNext makes the next page of an @odata.nextLink, which is a full URL.
func graphNext(link string) (*nextPage, error) {
	if link == "" {
		return nil, nil
	}
	u, err := url.Parse(link)
	if err != nil || !u.IsAbs() || u.User != nil {
		return nil, errBadLink
	}
	return &nextPage{url: u, key: u.String()}, nil
}

// Contract is the reseller's contract with a customer (Microsoft Graph contract): a copy made
// when the partnership began, which Microsoft does not update when the customer renames itself
// or changes its default domain.
type Contract struct {
	ID                string `json:"id"`
	CustomerID        string `json:"customer_id"`
	DefaultDomainName string `json:"default_domain_name,omitempty"`
	DisplayName       string `json:"display_name,omitempty"`
	Type              Enum   `json:"contract_type"`
}

// Contracts are the reseller's contracts with one customer.
type Contracts struct {
	Contracts []Contract
	Truncated bool
}

// Contracts lists the signed-in partner's contracts with a customer (GET /contracts filtered by
// customerId, a GUID without quotes; every contract, filtered here, when Graph refuses it).
func (g *Graph) Contracts(ctx context.Context, customerTenantID string) (Contracts, error) {
	const lookup = LookupContracts
	id, ok := CustomerTenantID(customerTenantID)
	if !ok {
		return Contracts{}, &Error{Service: ServiceGraph, Lookup: lookup, Kind: KindUnsupported, Detail: "not_tenant_id"}
	}
	v, err := g.c.memo.do(ctx, string(lookup)+":"+id, func() (any, error) {
		out, err := g.contracts(ctx, endpoint(g.c.root, "/v1.0/contracts", "$filter="+queryEscape("customerId eq "+id)), id)
		if KindOf(err) == KindRefused {
			out, err = g.contracts(ctx, endpoint(g.c.root, "/v1.0/contracts", ""), id)
		}
		return out, err
	})
	if err != nil {
		return Contracts{}, err
	}
	return v.(Contracts), nil
}

func (g *Graph) contracts(ctx context.Context, first *url.URL, customer string) (Contracts, error) {
	const lookup = LookupContracts
	tok, err := g.c.token(ctx, lookup)
	if err != nil {
		return Contracts{}, err
	}
	var out Contracts
	out.Truncated, err = g.c.list(ctx, lookup, tok, first, nil, func(r reply) error { return g.classify(lookup, tok, r) },
		func(body []byte) (*nextPage, error) {
			items, next, err := ParseContractsPage(body)
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

// ParseContractsPage reads one page of contracts and the next page's link.
func ParseContractsPage(body []byte) ([]Contract, string, error) {
	var page struct {
		Value []struct {
			ID                string  `json:"id"`
			CustomerID        *string `json:"customerId"`
			DefaultDomainName *string `json:"defaultDomainName"`
			DisplayName       *string `json:"displayName"`
			ContractType      *string `json:"contractType"`
		} `json:"value"`
		Next string `json:"@odata.nextLink"`
	}
	if err := json.Unmarshal(trimBOM(body), &page); err != nil {
		return nil, "", errNotJSON
	}
	if page.Value == nil {
		return nil, "", errNoValue
	}
	out := make([]Contract, 0, len(page.Value))
	for _, v := range page.Value {
		c := Contract{ID: v.ID, DefaultDomainName: deref(v.DefaultDomainName), DisplayName: deref(v.DisplayName),
			Type: ContractTypes.parse(deref(v.ContractType))}
		c.CustomerID, _ = CanonicalGUID(deref(v.CustomerID))
		out = append(out, c)
	}
	return out, page.Next, nil
}

// Organization is the signed-in tenant as Microsoft Graph describes it.
type Organization struct {
	TenantID    string `json:"tenant_id"`
	DisplayName string `json:"display_name"`
	// PartnerTenantType is the kind of partner the tenant is; "" when Graph gave null, which
	// it does for a tenant that is no partner and for a token without Organization.Read.All.
	PartnerTenantType Enum `json:"partner_tenant_type"`
}

// IsPartner reports whether the organisation is a partner tenant of any kind.
func (o Organization) IsPartner() bool { return o.PartnerTenantType.Value != "" }

// Organization looks up the signed-in tenant.
func (g *Graph) Organization(ctx context.Context) (Organization, error) {
	const lookup = LookupOrganization
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
		org, err := ParseOrganization(r.body)
		if err != nil {
			return nil, g.c.fail(lookup, KindMalformed, tok, r.status, "", requestID(r.header), err.Error())
		}
		return org, nil
	})
	if err != nil {
		return Organization{}, err
	}
	return v.(Organization), nil
}

// ParseOrganization reads the answer of GET /organization: a list of the one signed-in tenant.
func ParseOrganization(body []byte) (Organization, error) {
	var page struct {
		Value []struct {
			ID                string  `json:"id"`
			DisplayName       string  `json:"displayName"`
			PartnerTenantType *string `json:"partnerTenantType"`
		} `json:"value"`
	}
	if err := json.Unmarshal(trimBOM(body), &page); err != nil {
		return Organization{}, errNotJSON
	}
	if len(page.Value) == 0 {
		return Organization{}, errNoOrganization
	}
	v := page.Value[0]
	id, ok := CanonicalGUID(v.ID)
	if !ok {
		return Organization{}, errNoTenantID
	}
	return Organization{TenantID: id, DisplayName: v.DisplayName, PartnerTenantType: PartnerTenantTypes.parse(deref(v.PartnerTenantType))}, nil
}

// GraphError is the part of Microsoft Graph's error answer cspfix reads: its code, and the
// request's ID for a support ticket. The message is not shown: Graph's messages are English
// and meant for developers.
type GraphError struct {
	Code      string
	InnerCode string
	RequestID string
}

// ParseGraphError reads Graph's error answer ({"error": {"code", "message", "innerError"}}).
func ParseGraphError(body []byte) (GraphError, error) {
	var doc struct {
		Error *struct {
			Code       flexString `json:"code"`
			InnerError *struct {
				Code      flexString `json:"code"`
				RequestID string     `json:"request-id"`
			} `json:"innerError"`
		} `json:"error"`
	}
	if err := json.Unmarshal(trimBOM(body), &doc); err != nil {
		return GraphError{}, errNotJSON
	}
	if doc.Error == nil {
		return GraphError{}, errNoErrorObject
	}
	e := GraphError{Code: string(doc.Error.Code)}
	if in := doc.Error.InnerError; in != nil {
		e.InnerCode, e.RequestID = string(in.Code), in.RequestID
	}
	return e, nil
}

// classify makes the error of an answer that is not 200 OK (docs/microsoft-access.md, "When a
// lookup fails").
func (g *Graph) classify(lookup Lookup, tok Token, r reply) error {
	ge, _ := ParseGraphError(r.body)
	rid := ge.RequestID
	if rid == "" {
		rid = requestID(r.header)
	}
	kind := KindServiceError
	switch {
	case r.status == http.StatusUnauthorized:
		kind = KindSignInRequired
	case r.status == http.StatusForbidden && (strings.EqualFold(ge.Code, "insufficient_claims") ||
		strings.Contains(r.header.Get("WWW-Authenticate"), "insufficient_claims")):
		kind = KindMFARequired
	case r.status == http.StatusForbidden:
		kind = KindNotAvailable
		if c, ok := tok.Claims(); ok && !lookup.Info().Allows(c) {
			kind = KindConsentMissing
		}
	case r.status == http.StatusNotFound:
		kind = KindNotFound
	case r.status == http.StatusBadRequest:
		kind = KindRefused
	case r.status == http.StatusTooManyRequests:
		kind = KindThrottled
	}
	e := g.c.fail(lookup, kind, tok, r.status, ge.Code, rid, "")
	if after, ok := retryAfter(r.header, time.Now()); ok {
		e.RetryAfter = after
	}
	return e
}
