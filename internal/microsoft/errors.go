package microsoft

import (
	"errors"
	"strconv"
	"time"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Service names a Microsoft service cspfix asks.
type Service string

const (
	ServiceGraph         Service = "graph"
	ServicePartnerCenter Service = "partner_center"
	ServiceSignIn        Service = "sign_in"
)

// Lookup names one kind of question cspfix asks a service.
type Lookup string

const (
	LookupTenantByID            Lookup = "tenant_by_id"
	LookupTenantByDomain        Lookup = "tenant_by_domain"
	LookupAdminRelationships    Lookup = "admin_relationships"
	LookupContracts             Lookup = "contracts"
	LookupOrganization          Lookup = "organization"
	LookupCustomer              Lookup = "customer"
	LookupCustomerRelationships Lookup = "customer_relationships"
	LookupIndirectProviders     Lookup = "indirect_providers"
	// LookupToken is getting a token, before any lookup.
	LookupToken Lookup = "token"
)

// The delegated permissions the lookups need (docs/microsoft-access.md).
const (
	PermissionCrossTenantInfo     = "CrossTenantInformation.ReadBasic.All"
	PermissionDelegatedAdmin      = "DelegatedAdminRelationship.Read.All"
	PermissionDelegatedAdminWrite = "DelegatedAdminRelationship.ReadWrite.All"
	PermissionDirectory           = "Directory.Read.All"
	PermissionDirectoryWrite      = "Directory.ReadWrite.All"
	PermissionOrganization        = "Organization.Read.All"
	PermissionOrganizationWrite   = "Organization.ReadWrite.All"
	PermissionPartnerCenter       = "user_impersonation"
	roleDirectoryReaders          = "Directory Readers"
)

// LookupInfo is what a lookup asks and what it needs (docs/microsoft-access.md).
type LookupInfo struct {
	Lookup     Lookup
	Service    Service
	Permission string   // the least delegated permission that allows it
	Also       []string // higher permissions that allow it too
	Role       string   // an Entra role the signed-in user needs as well, when one is needed
}

// Lookups lists every lookup with the permission it needs, in the order `login status` and
// the access guide show them.
var Lookups = []LookupInfo{
	{LookupOrganization, ServiceGraph, PermissionOrganization, []string{PermissionDirectory, PermissionOrganizationWrite, PermissionDirectoryWrite}, ""},
	{LookupTenantByID, ServiceGraph, PermissionCrossTenantInfo, nil, ""},
	{LookupTenantByDomain, ServiceGraph, PermissionCrossTenantInfo, nil, ""},
	{LookupAdminRelationships, ServiceGraph, PermissionDelegatedAdmin, []string{PermissionDelegatedAdminWrite}, ""},
	{LookupContracts, ServiceGraph, PermissionDirectory, []string{PermissionDirectoryWrite}, roleDirectoryReaders},
	{LookupCustomer, ServicePartnerCenter, PermissionPartnerCenter, nil, ""},
	{LookupCustomerRelationships, ServicePartnerCenter, PermissionPartnerCenter, nil, ""},
	{LookupIndirectProviders, ServicePartnerCenter, PermissionPartnerCenter, nil, ""},
}

// Info returns what a lookup needs.
func (l Lookup) Info() LookupInfo {
	for _, i := range Lookups {
		if i.Lookup == l {
			return i
		}
	}
	return LookupInfo{Lookup: l}
}

// Allows reports whether a token's delegated permissions include one that allows the lookup.
func (i LookupInfo) Allows(c Claims) bool {
	if c.HasScope(i.Permission) {
		return true
	}
	for _, p := range i.Also {
		if c.HasScope(p) {
			return true
		}
	}
	return false
}

// Kind classifies why a lookup gave no answer. Every kind has a sentence and a hint in the
// catalog ("microsoft.error.<kind>", "microsoft.hint.<kind>").
type Kind string

const (
	// KindSignInRequired: no token, or one the service does not take (expired, revoked): sign in.
	KindSignInRequired Kind = "sign_in_required"
	// KindConsentMissing: the app registration lacks the permission, or an administrator's
	// consent to it.
	KindConsentMissing Kind = "consent_missing"
	// KindMFARequired: the service or the organisation's Conditional Access wants a stronger
	// sign-in (multi-factor authentication).
	KindMFARequired Kind = "mfa_required"
	// KindWrongTenant: signed in to another tenant than the one pinned, or to one that is no
	// partner tenant.
	KindWrongTenant Kind = "wrong_tenant"
	// KindNotAvailable: the service refused this account (401/403): the lookup is not available
	// to it. Never evidence about the customer.
	KindNotAvailable Kind = "not_available"
	// KindNotFound: the service knows no such tenant or customer (404).
	KindNotFound Kind = "not_found"
	// KindThrottled: too many requests (429), and the service asked to wait longer than cspfix
	// waits, or answered so twice.
	KindThrottled Kind = "throttled"
	// KindTimeout: no complete answer within the time of a request.
	KindTimeout Kind = "timeout"
	// KindNetwork: the service could not be reached.
	KindNetwork Kind = "network"
	// KindRedirect: the service sent cspfix to another host, which cspfix does not follow.
	KindRedirect Kind = "redirect"
	// KindTooLarge: an answer larger than cspfix reads.
	KindTooLarge Kind = "too_large"
	// KindMalformed: an answer cspfix cannot read.
	KindMalformed Kind = "malformed"
	// KindRefused: the service refused the request as malformed (400).
	KindRefused Kind = "refused"
	// KindServiceError: the service failed (5xx) or answered with a status cspfix does not expect.
	KindServiceError Kind = "service_error"
	// KindUnsupported: the lookup is not offered in this cloud, or the value cannot be looked up
	// (not a tenant ID, not a domain).
	KindUnsupported Kind = "unsupported"
)

// Kinds lists every kind, for the catalog's tests.
var Kinds = []Kind{KindSignInRequired, KindConsentMissing, KindMFARequired, KindWrongTenant, KindNotAvailable,
	KindNotFound, KindThrottled, KindTimeout, KindNetwork, KindRedirect, KindTooLarge, KindMalformed, KindRefused,
	KindServiceError, KindUnsupported}

// Error is a lookup that gave no answer. Its fields come from the service's answer but never
// carry the token: a value that contains it is scrubbed before it is kept.
type Error struct {
	Service    Service
	Lookup     Lookup
	Kind       Kind
	Status     int           // the HTTP status, 0 when there was no answer
	Code       string        // the service's error code ("Authorization_RequestDenied", "20002")
	RequestID  string        // the service's request ID, for a support ticket
	RetryAfter time.Duration // what the service asked to wait, when it did
	Detail     string        // technical detail (a network error's last words); never shown alone
	// Tenant is the tenant the token was for, where a KindWrongTenant error concerns it.
	Tenant string
}

// Error is the error in the English of the catalog the binary carries; a person reads it
// through Message and Hint, with the catalog of the run.
func (e *Error) Error() string { return e.Message(scenarios.Embedded(), scenarios.EN) }

// ServiceTexts name the services.
var ServiceTexts = lazy.Value[map[Service]txt.Key]{Make: func() map[Service]txt.Key {
	return map[Service]txt.Key{
		ServiceGraph:         txt.MicrosoftServiceGraph,
		ServicePartnerCenter: txt.MicrosoftServicePartnerCenter,
		ServiceSignIn:        txt.MicrosoftServiceSignIn,
	}
}}

// lookupTexts name the lookups.
var lookupTexts = lazy.Value[map[Lookup]txt.Key]{Make: func() map[Lookup]txt.Key {
	return map[Lookup]txt.Key{
		LookupAdminRelationships:    txt.MicrosoftLookupAdminRelationships,
		LookupContracts:             txt.MicrosoftLookupContracts,
		LookupCustomer:              txt.MicrosoftLookupCustomer,
		LookupCustomerRelationships: txt.MicrosoftLookupCustomerRelationships,
		LookupIndirectProviders:     txt.MicrosoftLookupIndirectProviders,
		LookupOrganization:          txt.MicrosoftLookupOrganization,
		LookupTenantByDomain:        txt.MicrosoftLookupTenantByDomain,
		LookupTenantByID:            txt.MicrosoftLookupTenantByID,
		LookupToken:                 txt.MicrosoftLookupToken,
	}
}}

// errorTexts say each kind of error, hintTexts what to do about it.
var errorTexts = lazy.Value[map[Kind]txt.Key]{Make: func() map[Kind]txt.Key {
	return map[Kind]txt.Key{
		KindConsentMissing: txt.MicrosoftErrorConsentMissing,
		KindMalformed:      txt.MicrosoftErrorMalformed,
		KindMFARequired:    txt.MicrosoftErrorMFARequired,
		KindNetwork:        txt.MicrosoftErrorNetwork,
		KindNotAvailable:   txt.MicrosoftErrorNotAvailable,
		KindNotFound:       txt.MicrosoftErrorNotFound,
		KindRedirect:       txt.MicrosoftErrorRedirect,
		KindRefused:        txt.MicrosoftErrorRefused,
		KindServiceError:   txt.MicrosoftErrorServiceError,
		KindSignInRequired: txt.MicrosoftErrorSignInRequired,
		KindThrottled:      txt.MicrosoftErrorThrottled,
		KindTimeout:        txt.MicrosoftErrorTimeout,
		KindTooLarge:       txt.MicrosoftErrorTooLarge,
		KindUnsupported:    txt.MicrosoftErrorUnsupported,
		KindWrongTenant:    txt.MicrosoftErrorWrongTenant,
	}
}}

var hintTexts = lazy.Value[map[Kind]txt.Key]{Make: func() map[Kind]txt.Key {
	return map[Kind]txt.Key{
		KindConsentMissing: txt.MicrosoftHintConsentMissing,
		KindMalformed:      txt.MicrosoftHintMalformed,
		KindMFARequired:    txt.MicrosoftHintMFARequired,
		KindNetwork:        txt.MicrosoftHintNetwork,
		KindNotAvailable:   txt.MicrosoftHintNotAvailable,
		KindNotFound:       txt.MicrosoftHintNotFound,
		KindRedirect:       txt.MicrosoftHintRedirect,
		KindRefused:        txt.MicrosoftHintRefused,
		KindServiceError:   txt.MicrosoftHintServiceError,
		KindSignInRequired: txt.MicrosoftHintSignInRequired,
		KindThrottled:      txt.MicrosoftHintThrottled,
		KindTimeout:        txt.MicrosoftHintTimeout,
		KindTooLarge:       txt.MicrosoftHintTooLarge,
		KindUnsupported:    txt.MicrosoftHintUnsupported,
		KindWrongTenant:    txt.MicrosoftHintWrongTenant,
	}
}}

// detailTexts put the details that have them in words; others are shown as they are.
var detailTexts = lazy.Value[map[string]txt.Key]{Make: func() map[string]txt.Key {
	return map[string]txt.Key{
		"bad_link":        txt.MicrosoftDetailBadLink,
		"bad_time":        txt.MicrosoftDetailBadTime,
		"no_endpoint":     txt.MicrosoftDetailNoEndpoint,
		"no_error_object": txt.MicrosoftDetailNoErrorObject,
		"no_organization": txt.MicrosoftDetailNoOrganization,
		"no_tenant_id":    txt.MicrosoftDetailNoTenantID,
		"no_value":        txt.MicrosoftDetailNoValue,
		"not_domain":      txt.MicrosoftDetailNotDomain,
		"not_json":        txt.MicrosoftDetailNotJSON,
		"not_tenant_id":   txt.MicrosoftDetailNotTenantID,
		"request":         txt.MicrosoftDetailRequest,
	}
}}

// RootTexts say why a service root is refused, by its reason (ParseRoot).
var RootTexts = lazy.Value[map[string]txt.Key]{Make: func() map[string]txt.Key {
	return map[string]txt.Key{
		RootCharacters: txt.MicrosoftRootCharacters,
		RootHost:       txt.MicrosoftRootHost,
		RootLoopback:   txt.MicrosoftRootLoopback,
		RootPathEscape: txt.MicrosoftRootPathEscape,
		RootQuery:      txt.MicrosoftRootQuery,
		RootScheme:     txt.MicrosoftRootScheme,
		RootSyntax:     txt.MicrosoftRootSyntax,
		RootUserinfo:   txt.MicrosoftRootUserinfo,
	}
}}

// TokenTexts say why a token is refused, by its reason (NewToken).
var TokenTexts = lazy.Value[map[string]txt.Key]{Make: func() map[string]txt.Key {
	return map[string]txt.Key{
		TokenControl:  txt.MicrosoftTokenControl,
		TokenEmpty:    txt.MicrosoftTokenEmpty,
		TokenNonASCII: txt.MicrosoftTokenNonASCII,
		TokenSpace:    txt.MicrosoftTokenSpace,
	}
}}

// Is makes errors.Is(err, &Error{Kind: k}) match any *Error of that kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && (t.Service == "" || t.Service == e.Service) && (t.Lookup == "" || t.Lookup == e.Lookup)
}

// KindOf returns the kind of err when it is an *Error, else "".
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// args are the placeholders of the error's texts, every value from outside made safe.
func (e *Error) args(cat *scenarios.Catalog, lang scenarios.Lang) []string {
	info := e.Lookup.Info()
	perm := info.Permission
	if perm == "" {
		perm = "—"
	}
	retry := ""
	if e.RetryAfter > 0 {
		retry = strconv.Itoa(int(e.RetryAfter.Round(time.Second) / time.Second))
	}
	// reply is what the service answered, in parentheses after the sentence: "(HTTP 403,
	// Authorization_RequestDenied)"; empty when it answered nothing.
	var reply string
	switch code := sanitize.Exact(cut(e.Code, 80)); {
	case e.Status != 0 && code != "":
		reply = " (HTTP " + strconv.Itoa(e.Status) + ", " + code + ")"
	case e.Status != 0:
		reply = " (HTTP " + strconv.Itoa(e.Status) + ")"
	case code != "":
		reply = " (" + code + ")"
	}
	detail := e.Detail
	if k, ok := detailTexts.Get()[detail]; ok {
		detail = cat.Text(k, lang)
	}
	return []string{
		"service", cat.Text(ServiceTexts.Get()[e.Service], lang),
		"lookup", cat.Text(lookupTexts.Get()[e.Lookup], lang),
		"permission", perm,
		"role", info.Role,
		"reply", reply,
		"seconds", retry,
		"detail", sanitize.Text(cut(detail, 200)),
		"tenant", sanitize.Exact(cut(e.Tenant, 80)),
	}
}

// Message is the error as a sentence in lang: which service, which lookup, why.
func (e *Error) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return cat.Text(errorTexts.Get()[e.Kind], lang, e.args(cat, lang)...)
}

// Hint says what to do next, in lang.
func (e *Error) Hint(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return cat.Text(hintTexts.Get()[e.Kind], lang, e.args(cat, lang)...)
}

// cut bounds a value from a service for a message.
func cut(s string, n int) string {
	head, _ := sanitize.Cut(s, n)
	return head
}
