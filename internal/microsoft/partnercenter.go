package microsoft

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// PartnerCenter looks facts up in the Partner Center REST API with the reseller's sign-in
// (App+User). Microsoft's pages disagree on whether indirect resellers may use the API at all
// (docs/microsoft-access.md): a refusal (401/403) is an *Error of kind KindNotAvailable or
// KindMFARequired, never a fact about the customer.
type PartnerCenter struct{ c *client }

// NewPartnerCenter returns a client of the Partner Center API at cfg.Root (e.g.
// https://api.partnercenter.microsoft.com; the client adds /v1/…).
func NewPartnerCenter(cfg Config) (*PartnerCenter, error) {
	c, err := newClient(ServicePartnerCenter, cfg)
	if err != nil {
		return nil, err
	}
	return &PartnerCenter{c: c}, nil
}

// Customer is a customer as Partner Center shows it to the signed-in partner.
type Customer struct {
	TenantID    string `json:"tenant_id"`
	CompanyName string `json:"company_name,omitempty"`
	Domain      string `json:"domain,omitempty"`
	// Relationship is relationshipToPartner: how the customer is related to the partner
	// ("reseller", "advisor", "syndication", "none", …).
	Relationship Enum `json:"relationship_to_partner"`
	// AssociatedPartnerID is the indirect reseller associated with the customer, when given.
	AssociatedPartnerID  string `json:"associated_partner_id,omitempty"`
	AllowDelegatedAccess *bool  `json:"allow_delegated_access,omitempty"`
}

// Customer looks up a customer by its tenant ID. Partner Center answers 403 (code 20002) or
// 404 for a tenant that is not the partner's customer: an *Error of kind KindNotAvailable or
// KindNotFound, with the service's code kept.
func (p *PartnerCenter) Customer(ctx context.Context, tenantID string) (Customer, error) {
	const lookup = LookupCustomer
	id, ok := CustomerTenantID(tenantID)
	if !ok {
		return Customer{}, &Error{Service: ServicePartnerCenter, Lookup: lookup, Kind: KindUnsupported, Detail: "not_tenant_id"}
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
		c, err := ParseCustomer(r.body)
		if err != nil {
			return nil, p.c.fail(lookup, KindMalformed, tok, r.status, "", requestID(r.header), err.Error())
		}
		return c, nil
	})
	if err != nil {
		return Customer{}, err
	}
	return v.(Customer), nil
}

// ParseCustomer reads a Customer resource.
func ParseCustomer(body []byte) (Customer, error) {
	var raw struct {
		ID             string `json:"id"`
		CompanyProfile *struct {
			TenantID    string `json:"tenantId"`
			Domain      string `json:"domain"`
			CompanyName string `json:"companyName"`
		} `json:"companyProfile"`
		RelationshipToPartner *string    `json:"relationshipToPartner"`
		AssociatedPartnerID   flexString `json:"associatedPartnerId"`
		AllowDelegatedAccess  *bool      `json:"allowDelegatedAccess"`
	}
	if err := json.Unmarshal(trimBOM(body), &raw); err != nil {
		return Customer{}, errNotJSON
	}
	c := Customer{Relationship: CustomerRelationships.parse(deref(raw.RelationshipToPartner)),
		AssociatedPartnerID: string(raw.AssociatedPartnerID), AllowDelegatedAccess: raw.AllowDelegatedAccess}
	id := raw.ID
	if p := raw.CompanyProfile; p != nil {
		c.CompanyName, c.Domain = p.CompanyName, p.Domain
		if p.TenantID != "" {
			id = p.TenantID
		}
	}
	var ok bool
	if c.TenantID, ok = CanonicalGUID(id); !ok {
		return Customer{}, errNoTenantID
	}
	return c, nil
}

// PartnerRelationship is a relationship between two partners (Partner Center's
// PartnerRelationship): an indirect reseller and an indirect provider.
type PartnerRelationship struct {
	TenantID  string `json:"tenant_id"` // the other partner's tenant
	Name      string `json:"name"`
	PartnerID string `json:"partner_id,omitempty"` // mpnId
	Location  string `json:"location,omitempty"`
	Type      Enum   `json:"relationship_type"` // "is_indirect_reseller_of", …
	State     Enum   `json:"state"`
}

// PartnerRelationships is a list of relationships between partners.
type PartnerRelationships struct {
	Relationships []PartnerRelationship
	Truncated     bool
}

// CustomerRelationships lists the indirect resellers and providers that have a relationship
// with a customer (GET /v1/customers/{id}/relationships). Partner Center answers null when
// there are none.
func (p *PartnerCenter) CustomerRelationships(ctx context.Context, tenantID string) (PartnerRelationships, error) {
	const lookup = LookupCustomerRelationships
	id, ok := CustomerTenantID(tenantID)
	if !ok {
		return PartnerRelationships{}, &Error{Service: ServicePartnerCenter, Lookup: lookup, Kind: KindUnsupported, Detail: "not_tenant_id"}
	}
	return p.relationships(ctx, lookup, id, endpoint(p.c.root, "/v1/customers/"+id+"/relationships", ""))
}

// IndirectProviders lists the indirect providers the signed-in reseller has a relationship
// with (GET /v1/relationships?relationship_type=IsIndirectResellerOf).
func (p *PartnerCenter) IndirectProviders(ctx context.Context) (PartnerRelationships, error) {
	const lookup = LookupIndirectProviders
	return p.relationships(ctx, lookup, "", endpoint(p.c.root, "/v1/relationships", "relationship_type=IsIndirectResellerOf"))
}

func (p *PartnerCenter) relationships(ctx context.Context, lookup Lookup, key string, first *url.URL) (PartnerRelationships, error) {
	v, err := p.c.memo.do(ctx, string(lookup)+":"+key, func() (any, error) {
		tok, err := p.c.token(ctx, lookup)
		if err != nil {
			return nil, err
		}
		var out PartnerRelationships
		out.Truncated, err = p.c.list(ctx, lookup, tok, first, nil, func(r reply) error { return p.classify(lookup, tok, r) },
			func(body []byte) (*nextPage, error) {
				items, next, err := ParseRelationshipsPage(body)
				if err != nil {
					return nil, err
				}
				out.Relationships = append(out.Relationships, items...)
				return p.next(next)
			})
		return out, err
	})
	if err != nil {
		return PartnerRelationships{}, err
	}
	return v.(PartnerRelationships), nil
}

// Link is where a Partner Center list continues (links.next): a URI, usually relative, and
// the continuation token to send with it.
type Link struct {
	URI               string
	ContinuationToken string
}

// ParseRelationshipsPage reads one page of PartnerRelationship resources: a collection
// ({"totalCount", "items", "links"}), or null or nothing when there are none.
func ParseRelationshipsPage(body []byte) ([]PartnerRelationship, *Link, error) {
	body = bytes.TrimSpace(trimBOM(body))
	if len(body) == 0 || string(body) == "null" {
		return nil, nil, nil
	}
	var page struct {
		Items []struct {
			ID               string     `json:"id"`
			Name             string     `json:"name"`
			MPNID            flexString `json:"mpnId"`
			Location         string     `json:"location"`
			RelationshipType *string    `json:"relationshipType"`
			State            *string    `json:"state"`
		} `json:"items"`
		Links *struct {
			Next *struct {
				URI     string `json:"uri"`
				Headers []struct {
					Key   string `json:"key"`
					Value string `json:"value"`
				} `json:"headers"`
			} `json:"next"`
		} `json:"links"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, nil, errNotJSON
	}
	out := make([]PartnerRelationship, 0, len(page.Items))
	for _, it := range page.Items {
		r := PartnerRelationship{Name: it.Name, PartnerID: string(it.MPNID), Location: it.Location,
			Type: PartnerRelationshipTypes.parse(deref(it.RelationshipType)), State: PartnerRelationshipStates.parse(deref(it.State))}
		r.TenantID, _ = CanonicalGUID(it.ID)
		out = append(out, r)
	}
	if page.Links == nil || page.Links.Next == nil || page.Links.Next.URI == "" {
		return out, nil, nil
	}
	link := &Link{URI: page.Links.Next.URI}
	for _, h := range page.Links.Next.Headers {
		if strings.EqualFold(h.Key, "MS-ContinuationToken") {
			link.ContinuationToken = h.Value
		}
	}
	return out, link, nil
}

// next makes the next page of a links.next: a URI relative to the API's root with or without
// "/v1", or a full URL, and the continuation token as a header.
func (p *PartnerCenter) next(l *Link) (*nextPage, error) {
	if l == nil {
		return nil, nil
	}
	if strings.IndexFunc(l.URI+l.ContinuationToken, func(r rune) bool { return unicode.IsControl(r) }) >= 0 {
		return nil, errBadLink
	}
	var u *url.URL
	if strings.HasPrefix(l.URI, "/") && !strings.HasPrefix(l.URI, "//") {
		path, query, _ := strings.Cut(l.URI, "?")
		if !strings.HasPrefix(path, "/v1/") {
			path = "/v1" + path
		}
		ref, err := url.Parse(path)
		if err != nil {
			return nil, errBadLink
		}
		u = &url.URL{Scheme: p.c.root.Scheme, Host: p.c.root.Host, Path: p.c.root.Path + ref.Path, RawQuery: query}
	} else {
		var err error
		if u, err = url.Parse(l.URI); err != nil || !u.IsAbs() || u.User != nil {
			return nil, errBadLink
		}
	}
	var h http.Header
	if l.ContinuationToken != "" {
		h = http.Header{"MS-ContinuationToken": {l.ContinuationToken}}
	}
	return &nextPage{url: u, header: h, key: u.String() + "\x00" + l.ContinuationToken}, nil
}

// PartnerCenterError is Partner Center's error answer: code (a number or a string), the
// description and the source.
type PartnerCenterError struct {
	Code        string
	Description string
}

// ParsePartnerCenterError reads Partner Center's error answer.
func ParsePartnerCenterError(body []byte) (PartnerCenterError, error) {
	var doc struct {
		Code        flexString `json:"code"`
		Description flexString `json:"description"`
	}
	if err := json.Unmarshal(trimBOM(body), &doc); err != nil {
		return PartnerCenterError{}, errNotJSON
	}
	return PartnerCenterError{Code: string(doc.Code), Description: string(doc.Description)}, nil
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

// classify makes the error of an answer that is not 200 OK. A refusal is "not available to
// this account", or "MFA required" when the answer or the token says that the sign-in lacked
// a second factor.
func (p *PartnerCenter) classify(lookup Lookup, tok Token, r reply) error {
	pe, _ := ParsePartnerCenterError(r.body)
	kind := KindServiceError
	switch r.status {
	case http.StatusUnauthorized, http.StatusForbidden:
		kind = KindNotAvailable
		c, ok := tok.Claims()
		if mentionsMFA(pe.Description) || ok && !c.MFA() && pe.Code != "20002" {
			kind = KindMFARequired
		}
	case http.StatusNotFound:
		kind = KindNotFound
	case http.StatusBadRequest:
		kind = KindRefused
	case http.StatusTooManyRequests:
		kind = KindThrottled
	}
	e := p.c.fail(lookup, kind, tok, r.status, pe.Code, requestID(r.header), "")
	if after, ok := retryAfter(r.header, time.Now()); ok {
		e.RetryAfter = after
	}
	return e
}
