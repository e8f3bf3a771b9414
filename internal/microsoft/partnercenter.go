package microsoft

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

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

// Link is where a Partner Center list continues (links.next): a URI, usually relative, and
// the continuation token to send with it.
type Link struct {
	URI               string
	ContinuationToken string
}

// ParseRelationshipsPage reads one page of PartnerRelationship resources: a collection
// ({"totalCount", "items", "links"}), or null or nothing when there are none.
func ParseRelationshipsPage(body []byte) ([]PartnerRelationship, *Link, error) {
	body = bytes.TrimSpace(TrimBOM(body))
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

// PartnerCenterError is Partner Center's error answer: code (a number or a string), the
// description and the source.
type PartnerCenterError struct {
	Code        string
	Description string
}

// flexString is a JSON value that services send as a string or as a number (Partner Center's
// error "code": 20002 or "20002"); null is "".
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = []byte(strings.TrimSpace(string(b)))
	switch {
	case string(b) == "null":
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			return err
		}
		*f = flexString(n)
	}
	return nil
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
	if err := json.Unmarshal(TrimBOM(body), &raw); err != nil {
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

// ParsePartnerCenterError reads Partner Center's error answer.
func ParsePartnerCenterError(body []byte) (PartnerCenterError, error) {
	var doc struct {
		Code        flexString `json:"code"`
		Description flexString `json:"description"`
	}
	if err := json.Unmarshal(TrimBOM(body), &doc); err != nil {
		return PartnerCenterError{}, errNotJSON
	}
	return PartnerCenterError{Code: string(doc.Code), Description: string(doc.Description)}, nil
}
