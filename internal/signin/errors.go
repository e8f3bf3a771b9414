package signin

import (
	"errors"
	"strings"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Reason says why a sign-in failed. Every reason has a sentence and a hint in the catalog
// ("signin.error.<reason>", "signin.hint.<reason>").
type Reason string

const (
	ReasonNoClientID      Reason = "no_client_id"      // login.client_id is not set
	ReasonSignInRequired  Reason = "sign_in_required"  // no sign-in, or it has expired: cspfix login
	ReasonAppNotFound     Reason = "app_not_found"     // no app with login.client_id in the tenant (AADSTS700016)
	ReasonConsent         Reason = "consent_required"  // the app lacks consent (AADSTS65001)
	ReasonMFA             Reason = "mfa_required"      // a second factor is needed (AADSTS50076, 50079)
	ReasonBlocked         Reason = "blocked"           // Conditional Access blocked the sign-in (AADSTS53003)
	ReasonPublicClient    Reason = "public_client"     // public client flows are off (AADSTS7000218)
	ReasonRedirectURI     Reason = "redirect_uri"      // http://localhost is not a redirect URI (AADSTS50011)
	ReasonTenantNotFound  Reason = "tenant_not_found"  // login.tenant is no tenant in this cloud (AADSTS90002)
	ReasonWrongTenant     Reason = "wrong_tenant"      // signed in to another tenant than the pinned one
	ReasonOtherTenantUser Reason = "other_tenant_user" // the account belongs to another tenant (AADSTS50020)
	ReasonCancelled       Reason = "cancelled"         // the person declined or closed the sign-in
	ReasonExpired         Reason = "expired"           // the device code expired before it was used
	ReasonNoBrowser       Reason = "no_browser"        // no browser could be opened
	ReasonTimedOut        Reason = "timed_out"         // the sign-in in the browser was not completed in time
	ReasonAzureCLI        Reason = "azure_cli"         // the Azure CLI is missing or not signed in
	ReasonNoStore         Reason = "no_store"          // no protected store for tokens on this system
	ReasonNetwork         Reason = "network"           // the sign-in service could not be reached
	ReasonFailed          Reason = "failed"            // anything else
)

// Reasons lists every reason, for the catalog's tests.
var Reasons = []Reason{ReasonNoClientID, ReasonSignInRequired, ReasonAppNotFound, ReasonConsent, ReasonMFA, ReasonBlocked,
	ReasonPublicClient, ReasonRedirectURI, ReasonTenantNotFound, ReasonWrongTenant, ReasonOtherTenantUser, ReasonCancelled,
	ReasonExpired, ReasonNoBrowser, ReasonTimedOut, ReasonAzureCLI, ReasonNoStore, ReasonNetwork, ReasonFailed}

// Error is a failed sign-in. Code is Microsoft's error code (AADSTS…) where there is one;
// Detail is technical, never a token.
type Error struct {
	Reason Reason
	Code   string
	Tenant string // the tenant concerned (ReasonWrongTenant: the one signed in to)
	Detail string
}

// Error is the error in the English of the catalog the binary carries; a person reads it
// through Message and Hint, with the catalog of the run.
func (e *Error) Error() string { return e.Message(scenarios.Embedded(), scenarios.EN) }

// errorTexts say each reason a sign-in failed, hintTexts what to do about it.
var errorTexts = lazy.Value[map[Reason]txt.Key]{Make: func() map[Reason]txt.Key {
	return map[Reason]txt.Key{
		ReasonAppNotFound:     txt.SigninErrorAppNotFound,
		ReasonAzureCLI:        txt.SigninErrorAzureCLI,
		ReasonBlocked:         txt.SigninErrorBlocked,
		ReasonCancelled:       txt.SigninErrorCancelled,
		ReasonConsent:         txt.SigninErrorConsentRequired,
		ReasonExpired:         txt.SigninErrorExpired,
		ReasonFailed:          txt.SigninErrorFailed,
		ReasonMFA:             txt.SigninErrorMFARequired,
		ReasonNetwork:         txt.SigninErrorNetwork,
		ReasonNoBrowser:       txt.SigninErrorNoBrowser,
		ReasonNoClientID:      txt.SigninErrorNoClientID,
		ReasonNoStore:         txt.SigninErrorNoStore,
		ReasonOtherTenantUser: txt.SigninErrorOtherTenantUser,
		ReasonPublicClient:    txt.SigninErrorPublicClient,
		ReasonRedirectURI:     txt.SigninErrorRedirectURI,
		ReasonSignInRequired:  txt.SigninErrorSignInRequired,
		ReasonTenantNotFound:  txt.SigninErrorTenantNotFound,
		ReasonTimedOut:        txt.SigninErrorTimedOut,
		ReasonWrongTenant:     txt.SigninErrorWrongTenant,
	}
}}

var hintTexts = lazy.Value[map[Reason]txt.Key]{Make: func() map[Reason]txt.Key {
	return map[Reason]txt.Key{
		ReasonAppNotFound:     txt.SigninHintAppNotFound,
		ReasonAzureCLI:        txt.SigninHintAzureCLI,
		ReasonBlocked:         txt.SigninHintBlocked,
		ReasonCancelled:       txt.SigninHintCancelled,
		ReasonConsent:         txt.SigninHintConsentRequired,
		ReasonExpired:         txt.SigninHintExpired,
		ReasonFailed:          txt.SigninHintFailed,
		ReasonMFA:             txt.SigninHintMFARequired,
		ReasonNetwork:         txt.SigninHintNetwork,
		ReasonNoBrowser:       txt.SigninHintNoBrowser,
		ReasonNoClientID:      txt.SigninHintNoClientID,
		ReasonNoStore:         txt.SigninHintNoStore,
		ReasonOtherTenantUser: txt.SigninHintOtherTenantUser,
		ReasonPublicClient:    txt.SigninHintPublicClient,
		ReasonRedirectURI:     txt.SigninHintRedirectURI,
		ReasonSignInRequired:  txt.SigninHintSignInRequired,
		ReasonTenantNotFound:  txt.SigninHintTenantNotFound,
		ReasonTimedOut:        txt.SigninHintTimedOut,
		ReasonWrongTenant:     txt.SigninHintWrongTenant,
	}
}}

// detailTexts put the details that have them in words; others are shown as they are.
var detailTexts = lazy.Value[map[string]txt.Key]{Make: func() map[string]txt.Key {
	return map[string]txt.Key{
		"az_login":    txt.SigninDetailAzLogin,
		"az_missing":  txt.SigninDetailAzMissing,
		"unsupported": txt.SigninDetailUnsupported,
	}
}}

// args are the placeholders of the texts: {code} is " (AADSTS…)" or nothing, {detail} ": …"
// or nothing, so that a text reads whole without them.
func (e *Error) args(cat *scenarios.Catalog, lang scenarios.Lang) []string {
	code, detail := "", ""
	if e.Code != "" {
		code = " (" + sanitize.Exact(cut(e.Code, 40)) + ")"
	}
	if e.Detail != "" {
		d := e.Detail
		if k, ok := detailTexts.Get()[d]; ok {
			d = cat.Text(k, lang)
		}
		detail = ": " + sanitize.Text(cut(d, 200))
	}
	return []string{"code", code, "tenant", sanitize.Exact(cut(e.Tenant, 80)), "detail", detail}
}

// Message is the error as a sentence in lang.
func (e *Error) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return cat.Text(errorTexts.Get()[e.Reason], lang, e.args(cat, lang)...)
}

// Hint says what to do next, in lang.
func (e *Error) Hint(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return cat.Text(hintTexts.Get()[e.Reason], lang, e.args(cat, lang)...)
}

func cut(s string, n int) string {
	head, _ := sanitize.Cut(s, n)
	return head
}

// aadstsCodes finds Microsoft's sign-in error codes ("AADSTS" and 5 to 7 digits) in an
// error's text, and returns their numbers.
func aadstsCodes(msg string) []string {
	var out []string
	for {
		i := strings.Index(msg, "AADSTS")
		if i < 0 {
			return out
		}
		msg = msg[i+len("AADSTS"):]
		n := 0
		for n < len(msg) && n < 8 && '0' <= msg[n] && msg[n] <= '9' {
			n++
		}
		if n >= 5 && n <= 7 {
			out = append(out, msg[:n])
		}
		msg = msg[n:]
	}
}

// ReasonOfCode names the reason of an AADSTS code's number (docs/microsoft-access.md, "When the
// sign-in fails"; the codes from Microsoft's list of sign-in error codes, docs/sources.md); ok
// is false for a code cspfix does not know. A switch, not a map: nothing of it runs at start-up.
func ReasonOfCode(number string) (r Reason, ok bool) {
	switch number {
	case "700016", "700011", "70001", "7000112", "50194":
		// 50194: a single-tenant app signed in through "organizations" (login.tenant unset).
		return ReasonAppNotFound, true
	case "65001", "500011", "650056", "650057", "90094":
		return ReasonConsent, true
	case "65004", "50126":
		return ReasonCancelled, true
	case "50072", "50074", "50076", "50078", "50079":
		return ReasonMFA, true
	case "53003", "53000", "53001", "53002", "530032", "530035":
		return ReasonBlocked, true
	case "7000218":
		return ReasonPublicClient, true
	case "50011", "500113":
		return ReasonRedirectURI, true
	case "90002", "90038":
		return ReasonTenantNotFound, true
	case "50020", "50034", "51004":
		return ReasonOtherTenantUser, true
	case "70019", "70020":
		return ReasonExpired, true
	case "70000", "70008", "700082", "70043", "50173", "50089", "50132", "50133", "50058", "700020":
		// A refresh token that expired or was revoked, or a sign-in that needs the person.
		return ReasonSignInRequired, true
	}
	return "", false
}

// Classify makes an *Error of a sign-in library's error from its text: the first AADSTS code
// that cspfix knows decides, else fallback. The text itself is kept only as the detail when
// no code is found (it never holds a token: the libraries do not put them in errors).
func Classify(err error, fallback Reason) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	msg := err.Error()
	codes := aadstsCodes(msg)
	for _, c := range codes {
		if r, ok := ReasonOfCode(c); ok {
			return &Error{Reason: r, Code: "AADSTS" + c}
		}
	}
	if len(codes) > 0 {
		return &Error{Reason: fallback, Code: "AADSTS" + codes[0]}
	}
	return &Error{Reason: fallback, Detail: lastPart(msg)}
}

// lastPart keeps the last non-empty line of an error, at most its last 200 bytes.
func lastPart(msg string) string {
	msg = strings.TrimSpace(msg)
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		msg = strings.TrimSpace(msg[i+1:])
	}
	if i := len(msg) - 200; i > 0 {
		msg = msg[i:]
	}
	return msg
}

// lookupError turns a failed token into the error of the lookup that needed it.
func lookupError(err error, service microsoft.Service) error {
	e := Classify(err, ReasonSignInRequired)
	kind := microsoft.KindSignInRequired
	switch e.Reason {
	case ReasonConsent:
		kind = microsoft.KindConsentMissing
	case ReasonMFA, ReasonBlocked:
		kind = microsoft.KindMFARequired
	case ReasonWrongTenant, ReasonOtherTenantUser:
		kind = microsoft.KindWrongTenant
	}
	return &microsoft.Error{Service: service, Lookup: microsoft.LookupToken, Kind: kind, Code: e.Code, Tenant: e.Tenant}
}
