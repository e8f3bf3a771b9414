package microsoft

import (
	"context"
	"net/url"
)

// The services cspfix asks, as the rest of cspfix sees them. Their HTTP clients are in
// internal/microsoft/rest, which only the cspfix-online executable links (README "Two
// executables"): so cspfix itself starts without Go's network stack.

// Graph is what cspfix asks Microsoft Graph.
type Graph interface {
	TenantByID(ctx context.Context, tenantID string) (TenantInformation, error)
	TenantByDomain(ctx context.Context, domain string) (TenantInformation, error)
	AdminRelationships(ctx context.Context, customerTenantID string) (AdminRelationships, error)
	Contracts(ctx context.Context, customerTenantID string) (Contracts, error)
	Organization(ctx context.Context) (Organization, error)
	// Allows reports whether the token allows a lookup, and whether the token says at all.
	Allows(ctx context.Context, lookup Lookup) (allowed, known bool)
}

// PartnerCenter is what cspfix asks Partner Center.
type PartnerCenter interface {
	Customer(ctx context.Context, tenantID string) (Customer, error)
	CustomerRelationships(ctx context.Context, tenantID string) (PartnerRelationships, error)
	IndirectProviders(ctx context.Context) (PartnerRelationships, error)
}

// Connector makes the clients of the services at a root, with a source of tokens.
type Connector interface {
	Graph(root *url.URL, tokens TokenSource) (Graph, error)
	PartnerCenter(root *url.URL, tokens TokenSource) (PartnerCenter, error)
}
