package diagnose

import (
	"strings"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

// Resolution is what Microsoft's public OpenID discovery document says about a domain.
type Resolution struct {
	Domain         string `json:"domain"`
	TenantID       string `json:"tenant_id"`
	RegionScope    string `json:"tenant_region_scope"`
	RegionSubScope string `json:"tenant_region_sub_scope,omitempty"`
	CloudInstance  string `json:"cloud_instance_name"`
}

// Cloud is the national or public cloud a tenant lives in.
type Cloud string

const (
	CloudPublic       Cloud = "public"
	CloudUSGovernment Cloud = "us_government"
	CloudChina        Cloud = "china"
	CloudOther        Cloud = "other"
)

// Cloud classifies the tenant's cloud; customers in the US Government and China clouds accept
// reseller invitations somewhere else than public-cloud customers.
func (r Resolution) Cloud() Cloud {
	switch {
	case r.CloudInstance == "microsoftonline.com" && !strings.EqualFold(r.RegionScope, "USGov"):
		return CloudPublic
	case r.CloudInstance == "microsoftonline.us" || strings.EqualFold(r.RegionScope, "USGov"):
		return CloudUSGovernment
	case strings.HasSuffix(r.CloudInstance, "microsoftonline.cn"), strings.HasSuffix(r.CloudInstance, "chinacloudapi.cn"):
		return CloudChina
	}
	return CloudOther
}

// Resolver finds the tenant behind a domain. Engines without one never touch the network.
type Resolver interface {
	Resolve(domain string) (Resolution, error)
}

// LookupKind classifies why a lookup gave no tenant.
type LookupKind string

const (
	LookupInvalidDomain LookupKind = "invalid_domain"
	LookupNotFound      LookupKind = "not_found"
	LookupTimeout       LookupKind = "timeout"
	LookupNetwork       LookupKind = "network"
	LookupStatus        LookupKind = "status"
	LookupTooLarge      LookupKind = "too_large"
	LookupMalformed     LookupKind = "malformed"
)

// LookupError is a failed lookup; Detail is technical (a status code, the parser's complaint).
type LookupError struct {
	Domain string
	Kind   LookupKind
	Detail string
}

func (e *LookupError) Error() string { return e.Message(scenarios.MustLoad(), scenarios.EN) }

// Message is the error as a sentence in lang.
func (e *LookupError) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	detail := e.Detail
	if text, ok := cat.Lookup("lookup.detail."+detail, lang); ok {
		detail = text
	}
	return cat.Text("lookup."+string(e.Kind), lang, "domain", sanitize.Quote(cut(e.Domain)), "detail", detail)
}

// cut bounds a domain for a message: a domain has at most 253 characters.
func cut(s string) string {
	head, _ := sanitize.Cut(s, 253)
	return head
}
