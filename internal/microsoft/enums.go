package microsoft

import "strings"

// Enumerated values come from the services in several spellings: the Graph docs write
// camelCase and the answers PascalCase ("ResellerPartnerDelegatedAdmin"), Partner Center's
// docs write "IsIndirectResellerOf" and its answers "is_indirect_reseller_of"
// (docs/sources.md, "Lookups"). cspfix compares them without letter case, underscores,
// hyphens or spaces, and keeps them in its own snake_case form. A value it does not know is
// kept as it came (Raw), with the canonical value Unknown: the services add values.

// Unknown is the canonical value of an enumerated value cspfix does not know.
const Unknown = "unknown"

// Enum is an enumerated value from a service: its canonical form and the raw one.
type Enum struct {
	Value string `json:"value"`         // cspfix's snake_case form, or Unknown; "" when the service gave none (null)
	Raw   string `json:"raw,omitempty"` // as the service wrote it
}

// enumKey folds a value for comparison.
func enumKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', ' ':
			return -1
		}
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

// enumSet is the known values of one enumeration, in cspfix's form: a list, which the linker
// lays out, where a map would be made in every run (README "Performance"); the lists are short
// and read only with a lookup's answer.
type enumSet []string

// parse returns the canonical form of raw.
func (s enumSet) parse(raw string) Enum {
	if raw == "" {
		return Enum{}
	}
	key := enumKey(raw)
	for _, v := range s {
		if enumKey(v) == key {
			return Enum{Value: v, Raw: raw}
		}
	}
	return Enum{Value: Unknown, Raw: raw}
}

// The enumerations (docs/sources.md, "Lookups").
var (
	// AdminRelationshipStatuses: delegatedAdminRelationship.status (Microsoft Graph).
	AdminRelationshipStatuses = enumSet{"activating", "active", "approval_pending", "approved", "created",
		"expired", "expiring", "terminated", "terminating", "termination_requested", "unknown_future_value"}
	// ContractTypes: contract.contractType (Microsoft Graph).
	ContractTypes = enumSet{"syndication_partner", "breadth_partner", "reseller_partner"}
	// PartnerTenantTypes: organization.partnerTenantType (Microsoft Graph).
	PartnerTenantTypes = enumSet{"microsoft_support", "syndicate_partner", "breadth_partner",
		"breadth_partner_delegated_admin", "reseller_partner_delegated_admin",
		"value_added_reseller_partner_delegated_admin", "unknown_future_value"}
	// CustomerRelationships: customer.relationshipToPartner (Partner Center).
	CustomerRelationships = enumSet{"unknown", "none", "reseller", "advisor", "syndication", "microsoft_support"}
	// PartnerRelationshipTypes: PartnerRelationship.relationshipType (Partner Center).
	PartnerRelationshipTypes = enumSet{"none", "is_indirect_reseller_of", "is_indirect_cloud_solution_provider_of"}
	// PartnerRelationshipStates: PartnerRelationship.state (Partner Center).
	// Only "active" is documented; any other state is kept as it came.
	PartnerRelationshipStates = enumSet{"active"}
)
