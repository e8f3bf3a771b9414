package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/scenarios"
)

// loginStatus is a status with every part: a sign-in, a Graph check that found another
// tenant, a Partner Center refusal, and lookups of every access.
func loginStatus() signin.Status {
	mfa := true
	return signin.Status{
		Record: &signin.Record{Method: signin.MethodDeviceCode, Cloud: diagnose.CloudUSGovernment, ClientID: "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
			TenantID: "84841066-274d-4ec0-a5c1-276be684bdd3", Username: "anna@fabrikamit.onmicrosoft.com\x1b[31m",
			SignedInAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), Pinned: "fabrikamit.onmicrosoft.com"},
		Store: "keychain",
		Services: []signin.ServiceStatus{
			{Service: microsoft.ServiceGraph, Root: "https://graph.microsoft.us", Origin: signin.OriginSignIn,
				TenantID: "84841066-274d-4ec0-a5c1-276be684bdd3", MFA: &mfa,
				Lookups: []signin.LookupAccess{
					{Lookup: microsoft.LookupOrganization, Permission: microsoft.PermissionOrganization, Access: signin.AccessAllowed},
					{Lookup: microsoft.LookupAdminRelationships, Permission: microsoft.PermissionDelegatedAdmin, Access: signin.AccessMissing},
					{Lookup: microsoft.LookupContracts, Permission: microsoft.PermissionDirectory, Access: signin.AccessUnknown},
				},
				Checked: &signin.Check{Organization: &microsoft.Organization{TenantID: "11111111-2222-3333-4444-555555555555", DisplayName: "Other\x07 Ltd"},
					Warning: &microsoft.Error{Service: microsoft.ServiceGraph, Lookup: microsoft.LookupOrganization, Kind: microsoft.KindWrongTenant,
						Tenant: "11111111-2222-3333-4444-555555555555"}}},
			{Service: microsoft.ServicePartnerCenter, Root: "https://api.partnercenter.microsoft.com", Origin: signin.OriginEnvironment,
				Lookups: []signin.LookupAccess{{Lookup: microsoft.LookupCustomer, Permission: microsoft.PermissionPartnerCenter, Access: signin.AccessUnknown}},
				Checked: &signin.Check{Err: &microsoft.Error{Service: microsoft.ServicePartnerCenter, Lookup: microsoft.LookupIndirectProviders,
					Kind: microsoft.KindNotAvailable, Status: 403, Code: "600006"}}},
		},
	}
}

// TestLoginStatusFitsTheWidth: at every width, in both languages, no line is wider than the
// terminal unless one word alone is, and nothing from outside reaches it unescaped.
func TestLoginStatusFitsTheWidth(t *testing.T) {
	for _, lang := range []scenarios.Lang{scenarios.EN, scenarios.DE} {
		for _, width := range []int{60, 80, 100} {
			var b bytes.Buffer
			if err := LoginStatus(&b, loginStatus(), Text, Options{Lang: lang, Catalog: scenarios.Embedded(), Width: width}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, line := range strings.Split(out, "\n") {
				if utf8.RuneCountInString(line) > width && len(strings.Fields(line)) > 1 {
					t.Errorf("%s at %d: %q is %d wide", lang, width, line, utf8.RuneCountInString(line))
				}
			}
			if strings.ContainsAny(out, "\x1b\x07") {
				t.Errorf("%s at %d: a control character from outside:\n%q", lang, width, out)
			}
			for _, want := range map[scenarios.Lang][]string{
				scenarios.EN: {"Microsoft cloud for the US government", "the sign-in is for tenant 11111111-2222-3333-4444-555555555555", "(HTTP 403, 600006)", "device code"},
				scenarios.DE: {"Microsoft-Cloud für die US-Regierung", "die Anmeldung gilt für den Tenant 11111111-2222-3333-4444-555555555555", "Gerätecode"},
			}[lang] {
				if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
					t.Errorf("%s at %d lacks %q:\n%s", lang, width, want, out)
				}
			}
		}
	}
}

func TestLoginStatusJSON(t *testing.T) {
	st := loginStatus()
	st.Services[0].TokenErr = errors.New("plain")
	var b bytes.Buffer
	if err := LoginStatus(&b, st, JSON, Options{Lang: scenarios.EN, Catalog: scenarios.Embedded()}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || strings.Count(b.String(), "\n") != 1 {
		t.Fatalf("%v:\n%s", err, b.String())
	}
	if doc["method"] != "device_code" || doc["cloud"] != "us_government" || doc["token_store"] != "keychain" {
		t.Errorf("JSON %s", b.String())
	}
	services := doc["services"].([]any)
	pc := services[1].(map[string]any)
	if pc["token"] != "environment" || pc["check"].(map[string]any)["problem"].(map[string]any)["kind"] != "not_available" {
		t.Errorf("Partner Center %v", pc)
	}
}
