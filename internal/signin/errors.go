package signin

import (
	"errors"
	"strings"

	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
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
	ReasonAzureCLI        Reason = "azure_cli"         // the Azure CLI is missing or not signed in
	ReasonNoStore         Reason = "no_store"          // no protected store for tokens on this system
	ReasonNetwork         Reason = "network"           // the sign-in service could not be reached
	ReasonFailed          Reason = "failed"            // anything else
)

// Reasons lists every reason, for the catalog's tests.
var Reasons = []Reason{ReasonNoClientID, ReasonSignInRequired, ReasonAppNotFound, ReasonConsent, ReasonMFA, ReasonBlocked,
	ReasonPublicClient, ReasonRedirectURI, ReasonTenantNotFound, ReasonWrongTenant, ReasonOtherTenantUser, ReasonCancelled,
	ReasonExpired, ReasonNoBrowser, ReasonAzureCLI, ReasonNoStore, ReasonNetwork, ReasonFailed}

// Error is a failed sign-in. Code is Microsoft's error code (AADSTS…) where there is one;
// Detail is technical, never a token.
type Error struct {
	Reason Reason
	Code   string
	Tenant string // the tenant concerned (ReasonWrongTenant: the one signed in to)
	Detail string
}

func (e *Error) Error() string { return e.Message(scenarios.MustLoad(), scenarios.EN) }

// args are the placeholders of the texts: {code} is " (AADSTS…)" or nothing, {detail} ": …"
// or nothing, so that a text reads whole without them.
func (e *Error) args(cat *scenarios.Catalog, lang scenarios.Lang) []string {
	code, detail := "", ""
	if e.Code != "" {
		code = " (" + sanitize.Exact(cut(e.Code, 40)) + ")"
	}
	if e.Detail != "" {
		d := e.Detail
		if text, ok := cat.Lookup("signin.detail."+d, lang); ok {
			d = text
		}
		detail = ": " + sanitize.Text(cut(d, 200))
	}
	return []string{"code", code, "tenant", sanitize.Exact(cut(e.Tenant, 80)), "detail", detail}
}

// Message is the error as a sentence in lang.
func (e *Error) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return cat.Text("signin.error."+string(e.Reason), lang, e.args(cat, lang)...)
}

// Hint says what to do next, in lang.
func (e *Error) Hint(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return cat.Text("signin.hint."+string(e.Reason), lang, e.args(cat, lang)...)
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

// reasonOf maps the numbers of AADSTS codes to reasons (docs/microsoft-access.md, "When the
// sign-in fails").
var reasonOf = map[string]Reason{
	"700016": ReasonAppNotFound, "65001": ReasonConsent, "65004": ReasonCancelled, "50076": ReasonMFA,
	"50079": ReasonMFA, "50074": ReasonMFA, "53003": ReasonBlocked, "7000218": ReasonPublicClient,
	"50011": ReasonRedirectURI, "500113": ReasonRedirectURI, "90002": ReasonTenantNotFound, "50020": ReasonOtherTenantUser,
	"70020": ReasonExpired, "70016": ReasonExpired, "50173": ReasonSignInRequired, "700082": ReasonSignInRequired,
	"50078": ReasonMFA, "50126": ReasonCancelled,
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
		if r, ok := reasonOf[c]; ok {
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
