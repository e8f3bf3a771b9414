package microsoft

import (
	"errors"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
)

func TestParseRoot(t *testing.T) {
	good := map[string]string{
		"https://graph.microsoft.com":             "https://graph.microsoft.com",
		"https://graph.microsoft.com/":            "https://graph.microsoft.com",
		"https://Graph.Microsoft.com/prefix/x/":   "https://graph.microsoft.com/prefix/x",
		"http://127.0.0.1:8080":                   "http://127.0.0.1:8080",
		"http://127.1.2.3/fake":                   "http://127.1.2.3/fake",
		"http://[::1]:9000/graph":                 "http://[::1]:9000/graph",
		"http://localhost:5000":                   "http://localhost:5000",
		"http://LOCALHOST":                        "http://localhost",
		"https://api.partnercenter.microsoft.com": "https://api.partnercenter.microsoft.com",
	}
	for in, want := range good {
		u, err := ParseRoot(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseRoot(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	bad := map[string]string{
		"":                                    RootScheme,
		"graph.microsoft.com":                 RootScheme,
		"ftp://graph.microsoft.com":           RootScheme,
		"file:///etc/passwd":                  RootScheme,
		"javascript:alert(1)":                 RootScheme,
		"http://graph.microsoft.com":          RootLoopback,
		"http://0.0.0.0:8080":                 RootLoopback,
		"http://[::]:8080":                    RootLoopback,
		"http://[::ffff:127.0.0.1]:8080":      RootLoopback,
		"http://10.0.0.1":                     RootLoopback,
		"http://localhost.evil.example":       RootLoopback,
		"http://127.0.0.1.nip.io":             RootLoopback,
		"https://user:pw@graph.microsoft.com": RootUserinfo,
		"https://user@graph.microsoft.com":    RootUserinfo,
		"http://user@127.0.0.1":               RootUserinfo,
		"https://graph.microsoft.com?x=1":     RootQuery,
		"https://graph.microsoft.com/#frag":   RootQuery,
		"https://graph.microsoft.com/?":       RootQuery,
		"https://graph.microsoft.com/a b":     RootCharacters,
		"https://graph.microsoft.com/\x00":    RootCharacters,
		"https://graph.microsoft.com\r\nX: 1": RootCharacters,
		" https://graph.microsoft.com":        RootCharacters,
		"https://gräph.microsoft.com":         RootCharacters,
		"https://graph.microsoft.com/\u200b":  RootCharacters,
		"https://graph.microsoft.com/%2e%2e":  RootPathEscape,
		"https://graph.microsoft.com/../x":    RootPathEscape,
		"https:///path":                       RootHost,
		"https://:443":                        RootHost,
		"https:graph.microsoft.com":           RootHost,
		"http://[::1":                         RootSyntax,
	}
	for in, want := range bad {
		_, err := ParseRoot(in)
		var re *RootError
		if !errors.As(err, &re) || re.Reason != want {
			t.Errorf("ParseRoot(%q) = %v, want %s", in, err, want)
		}
	}
}

func TestNewToken(t *testing.T) {
	if tok, err := NewToken("eyJ0eXAiOiJKV1QifQ.eyJ0aWQiOiJ4In0.sig-_~+/="); err != nil || tok.IsZero() {
		t.Errorf("a token is refused: %v", err)
	}
	bad := map[string]TokenError{
		"":             {0, TokenEmpty},
		" abc":         {1, TokenSpace},
		"abc ":         {4, TokenSpace},
		"ab\tc":        {3, TokenSpace},
		"abc\n":        {4, TokenSpace},
		"ab\u00a0c":    {3, TokenSpace},
		"ab\x00c":      {3, TokenControl},
		"ab\x1bc":      {3, TokenControl},
		"ab\u200bc":    {3, TokenControl},
		"abü":          {3, TokenNonASCII},
		"ab\xffc":      {3, TokenNonASCII},
		"Bearer abc":   {7, TokenSpace},
		"abc\r\nX: yz": {4, TokenSpace},
	}
	for in, want := range bad {
		_, err := NewToken(in)
		var te *TokenError
		if !errors.As(err, &te) || *te != want {
			t.Errorf("NewToken(%q) = %v, want %+v", in, err, want)
		}
		if in != "" && strings.Contains(err.Error(), in) {
			t.Errorf("the error shows the token: %v", err)
		}
	}
}

func TestClaims(t *testing.T) {
	tok := jwt(t, map[string]any{"tid": "84841066-274d-4ec0-a5c1-276be684bdd3", "scp": "User.Read CrossTenantInformation.ReadBasic.All",
		"amr": []string{"pwd", "mfa"}, "upn": "anna@fabrikamit.onmicrosoft.com", "aud": "https://graph.microsoft.com", "exp": 1795000000})
	c, ok := tok.Claims()
	if !ok || c.TenantID != "84841066-274d-4ec0-a5c1-276be684bdd3" || !c.MFA() || c.Username != "anna@fabrikamit.onmicrosoft.com" ||
		c.Audience != "https://graph.microsoft.com" || c.ExpiresAt != 1795000000 {
		t.Errorf("claims %+v", c)
	}
	if !LookupTenantByID.Info().Allows(c) || LookupContracts.Info().Allows(c) {
		t.Error("Allows reads the scopes wrong")
	}
	if !LookupOrganization.Info().Allows(Claims{Scopes: []string{"directory.read.all"}}) {
		t.Error("a higher permission does not count")
	}
	for _, opaque := range []string{"opaque", "a.b", "a.!!!.c", "a." + strings.Repeat("x", 70000) + ".c"} {
		tok, _ := NewToken(opaque)
		if _, ok := tok.Claims(); ok {
			t.Errorf("claims read from %.20q", opaque)
		}
	}
}

func TestEnums(t *testing.T) {
	tests := []struct {
		set       enumSet
		raw, want string
	}{
		{AdminRelationshipStatuses, "approvalPending", "approval_pending"},
		{AdminRelationshipStatuses, "APPROVAL_PENDING", "approval_pending"},
		{AdminRelationshipStatuses, "terminationRequested", "termination_requested"},
		{AdminRelationshipStatuses, "somethingNew", Unknown},
		{AdminRelationshipStatuses, "", ""},
		{ContractTypes, "ResellerPartner", "reseller_partner"},
		{PartnerTenantTypes, "ResellerPartnerDelegatedAdmin", "reseller_partner_delegated_admin"},
		{PartnerTenantTypes, "valueAddedResellerPartnerDelegatedAdmin", "value_added_reseller_partner_delegated_admin"},
		{CustomerRelationships, "Reseller", "reseller"},
		{CustomerRelationships, "microsoftSupport", "microsoft_support"},
		{PartnerRelationshipTypes, "IsIndirectResellerOf", "is_indirect_reseller_of"},
		{PartnerRelationshipTypes, "is_indirect_reseller_of", "is_indirect_reseller_of"},
		{PartnerRelationshipTypes, "isIndirectCloudSolutionProviderOf", "is_indirect_cloud_solution_provider_of"},
	}
	for _, tt := range tests {
		if got := tt.set.parse(tt.raw); got.Value != tt.want || got.Raw != tt.raw {
			t.Errorf("parse(%q) = %+v, want %s", tt.raw, got, tt.want)
		}
	}
}

func TestClouds(t *testing.T) {
	for in, want := range map[string]diagnose.Cloud{"": diagnose.CloudPublic, "public": diagnose.CloudPublic, "US-Government": diagnose.CloudUSGovernment,
		"us government": diagnose.CloudUSGovernment, "China": diagnose.CloudChina} {
		if got, ok := ParseCloud(in); !ok || got != want {
			t.Errorf("ParseCloud(%q) = %v", in, got)
		}
	}
	if _, ok := ParseCloud("germany"); ok {
		t.Error("germany is a cloud")
	}
	for _, e := range Clouds() {
		for _, root := range []string{e.Authority, e.Graph, e.PartnerCenter} {
			if _, err := ParseRoot(root); err != nil {
				t.Errorf("%s: %v", root, err)
			}
		}
	}
	pub, _ := CloudEndpoints(diagnose.CloudPublic)
	if pub.GraphScope() != "https://graph.microsoft.com/.default" || pub.PartnerCenterScope() != "https://api.partnercenter.microsoft.com/user_impersonation" {
		t.Errorf("scopes %s %s", pub.GraphScope(), pub.PartnerCenterScope())
	}
}

// TestErrorTexts: every kind has its sentence and hint, and every lookup, service, reason and
// detail its text (a text named is one of the catalog: package txt).
func TestErrorTexts(t *testing.T) {
	cat := catalog()
	for _, k := range Kinds {
		if errorTexts.Get()[k] == "" || hintTexts.Get()[k] == "" {
			t.Errorf("kind %s has no sentence or no hint", k)
		}
	}
	for _, l := range append([]LookupInfo{{Lookup: LookupToken}}, Lookups...) {
		if lookupTexts.Get()[l.Lookup] == "" {
			t.Errorf("lookup %s has no name", l.Lookup)
		}
	}
	for _, s := range []Service{ServiceGraph, ServicePartnerCenter, ServiceSignIn} {
		if ServiceTexts.Get()[s] == "" {
			t.Errorf("service %s has no name", s)
		}
	}
	for _, r := range []string{RootCharacters, RootSyntax, RootScheme, RootUserinfo, RootHost, RootLoopback, RootQuery, RootPathEscape} {
		if RootTexts.Get()[r] == "" {
			t.Errorf("root reason %s has no text", r)
		}
	}
	for _, r := range []string{TokenEmpty, TokenSpace, TokenControl, TokenNonASCII} {
		if TokenTexts.Get()[r] == "" {
			t.Errorf("token reason %s has no text", r)
		}
	}
	for _, d := range []parseError{errNotJSON, errNoTenantID, errNoValue, errBadTime, ErrBadLink, errNoOrganization, errNoErrorObject} {
		if detailTexts.Get()[string(d)] == "" {
			t.Errorf("detail %s has no text", d)
		}
	}
	e := &Error{Service: ServiceGraph, Lookup: LookupContracts, Kind: KindConsentMissing, Status: 403, Code: "Authorization_RequestDenied"}
	if got := e.Message(cat, "en"); got != "Microsoft Graph refused the lookup of your contracts with the customer: the app registration lacks the delegated permission Directory.Read.All or an administrator's consent to it (HTTP 403, Authorization_RequestDenied)" {
		t.Errorf("message %q", got)
	}
	if got := e.Message(cat, "de"); !strings.HasPrefix(got, "Microsoft Graph: die Abfrage Ihrer Verträge mit dem Kunden wurde abgelehnt") {
		t.Errorf("message %q", got)
	}
	// A code from a service is shown escaped.
	e.Code = "\x1b[31mred"
	if got := e.Message(cat, "en"); strings.Contains(got, "\x1b") {
		t.Errorf("message %q", got)
	}
}
