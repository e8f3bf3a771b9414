package microsoft

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
)

// TenantInformation is what Microsoft Graph tells any signed-in organisation about a tenant
// (tenantRelationship: findTenantInformationByTenantId / …ByDomainName).
type TenantInformation struct {
	TenantID            string `json:"tenant_id"`
	DisplayName         string `json:"display_name"`
	DefaultDomainName   string `json:"default_domain_name"`
	FederationBrandName string `json:"federation_brand_name,omitempty"`
}

// ParseTenantInformation reads a tenantInformation answer.
func ParseTenantInformation(body []byte) (TenantInformation, error) {
	var raw struct {
		TenantID            *string `json:"tenantId"`
		DisplayName         *string `json:"displayName"`
		DefaultDomainName   *string `json:"defaultDomainName"`
		FederationBrandName *string `json:"federationBrandName"`
	}
	if err := json.Unmarshal(TrimBOM(body), &raw); err != nil {
		return TenantInformation{}, errNotJSON
	}
	id, ok := CanonicalGUID(deref(raw.TenantID))
	if !ok {
		return TenantInformation{}, errNoTenantID
	}
	return TenantInformation{TenantID: id, DisplayName: deref(raw.DisplayName),
		DefaultDomainName: deref(raw.DefaultDomainName), FederationBrandName: deref(raw.FederationBrandName)}, nil
}

// TrimBOM removes a UTF-8 byte order mark: Partner Center starts its answers with one.
func TrimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }

// parseError names what is wrong with an answer; the catalog says it in words
// ("microsoft.detail.<code>").
type parseError string

func (e parseError) Error() string { return string(e) }

const (
	errNotJSON        parseError = "not_json"
	errNoTenantID     parseError = "no_tenant_id"
	errNoValue        parseError = "no_value"
	errBadTime        parseError = "bad_time"
	ErrBadLink        parseError = "bad_link" // a next page's link that cannot be followed (internal/microsoft/rest)
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
	if err := json.Unmarshal(TrimBOM(body), &page); err != nil {
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

// ParseOrganization reads the answer of GET /organization: a list of the one signed-in tenant.
func ParseOrganization(body []byte) (Organization, error) {
	var page struct {
		Value []struct {
			ID                string  `json:"id"`
			DisplayName       string  `json:"displayName"`
			PartnerTenantType *string `json:"partnerTenantType"`
		} `json:"value"`
	}
	if err := json.Unmarshal(TrimBOM(body), &page); err != nil {
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
	if err := json.Unmarshal(TrimBOM(body), &page); err != nil {
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
	if err := json.Unmarshal(TrimBOM(body), &doc); err != nil {
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
