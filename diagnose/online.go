package diagnose

import (
	"strings"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
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

// Error is the error in the English of the catalog the binary carries; a person reads it
// through Message, with the catalog of the run.
func (e *LookupError) Error() string { return e.Message(scenarios.Embedded(), scenarios.EN) }

// lookupTexts are the texts of the kinds of failed lookups, lookupDetails of the details the
// catalog puts in words (others are shown as they are).
var (
	lookupTexts = lazy.Value[map[LookupKind]txt.Key]{Make: func() map[LookupKind]txt.Key {
		return map[LookupKind]txt.Key{LookupInvalidDomain: txt.LookupInvalidDomain, LookupNotFound: txt.LookupNotFound,
			LookupTimeout: txt.LookupTimeout, LookupNetwork: txt.LookupNetwork, LookupStatus: txt.LookupStatus,
			LookupTooLarge: txt.LookupTooLarge, LookupMalformed: txt.LookupMalformed}
	}}
	lookupDetails = lazy.Value[map[string]txt.Key]{Make: func() map[string]txt.Key {
		return map[string]txt.Key{"empty": txt.LookupDetailEmpty, "not_utf8": txt.LookupDetailNotUTF8,
			"characters": txt.LookupDetailCharacters, "empty_label": txt.LookupDetailEmptyLabel, "ldh": txt.LookupDetailLDH,
			"hyphen": txt.LookupDetailHyphen, "one_dot": txt.LookupDetailOneDot, "ip_address": txt.LookupDetailIPAddress,
			"too_long": txt.LookupDetailTooLong, "label_too_long": txt.LookupDetailLabelTooLong, "no_such_host": txt.LookupDetailNoSuchHost,
			"refused": txt.LookupDetailRefused, "unreachable": txt.LookupDetailUnreachable, "not_tenant_id": txt.LookupDetailNotTenantID}
	}}
)

// Message is the error as a sentence in lang.
func (e *LookupError) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	detail := e.Detail
	if k, ok := lookupDetails.Get()[detail]; ok {
		detail = cat.Text(k, lang)
	}
	return cat.Text(lookupTexts.Get()[e.Kind], lang, "domain", sanitize.Quote(cut(e.Domain)), "detail", detail)
}

// cut bounds a domain for a message: a domain has at most 253 characters.
func cut(s string) string {
	head, _ := sanitize.Cut(s, 253)
	return head
}
