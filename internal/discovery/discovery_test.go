package discovery

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit"
)

// server answers like login.microsoftonline.com: a document per known domain, AADSTS90002 for
// the rest. It records the paths it was asked for.
func server(t *testing.T, handler http.HandlerFunc) (*Client, *[]string) {
	t.Helper()
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, 500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	return c, &paths
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// microsoftLike answers as Microsoft's sign-in service does for the tests' domains.
func microsoftLike(t *testing.T) http.HandlerFunc { return testkit.AuthorityHandler(t) }

func TestResolve(t *testing.T) {
	c, paths := server(t, microsoftLike(t))
	tests := []struct {
		domain, tenant, scope, cloudInstance string
		cloud                                diagnose.Cloud
	}{
		{"contoso.onmicrosoft.com", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", "WW", "microsoftonline.com", diagnose.CloudPublic},
		{"Fabrikam.DE.", "9e2c4a71-5b3d-4f8e-a1c6-3d7b9f2e4a10", "EU", "microsoftonline.com", diagnose.CloudPublic},
		{"agency.us", "7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18", "NA", "microsoftonline.us", diagnose.CloudUSGovernment},
		{"müller.de", "9e2c4a71-5b3d-4f8e-a1c6-3d7b9f2e4a10", "EU", "microsoftonline.com", diagnose.CloudPublic},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			res, err := c.Resolve(tt.domain)
			if err != nil {
				t.Fatal(err)
			}
			if res.TenantID != tt.tenant || res.RegionScope != tt.scope || res.CloudInstance != tt.cloudInstance || res.Cloud() != tt.cloud {
				t.Errorf("got %+v (cloud %s)", res, res.Cloud())
			}
		})
	}
	if got := (*paths)[0]; got != "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration" {
		t.Errorf("request path %q", got)
	}
	if got := (*paths)[3]; got != "/xn--mller-kva.de/v2.0/.well-known/openid-configuration" {
		t.Errorf("internationalised domain must be sent as Punycode, got %q", got)
	}
}

func TestResolveFailures(t *testing.T) {
	big := strings.Repeat(" ", DefaultMaxBytes+10)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    diagnose.LookupKind
	}{
		{"unknown domain (AADSTS90002)", nil, diagnose.LookupNotFound},
		{"server error", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusServiceUnavailable) }, diagnose.LookupStatus},
		{"hangs", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		}, diagnose.LookupTimeout},
		{"oversized body", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"issuer":"` + big + `"}`)) }, diagnose.LookupTooLarge},
		{"malformed JSON", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"issuer": "https://login`)) }, diagnose.LookupMalformed},
		{"no tenant in the issuer", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"issuer":"https://login.microsoftonline.com/{tenantid}/v2.0"}`))
		}, diagnose.LookupMalformed},
		{"redirect to another host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:1/elsewhere", http.StatusFound)
		}, diagnose.LookupNetwork},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.handler
			if h == nil {
				h = microsoftLike(t)
			}
			c, _ := server(t, h)
			start := time.Now()
			_, err := c.Resolve("nonexistent-cspfix.example")
			var le *diagnose.LookupError
			if !errors.As(err, &le) || le.Kind != tt.want {
				t.Fatalf("got %v, want a %s lookup error", err, tt.want)
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("lookup was not bounded in time")
			}
		})
	}
}

func TestNormalizeDomain(t *testing.T) {
	label63 := strings.Repeat("a", 63)
	// 63+1+63+1+63+1+61 = 253 octets.
	name253 := label63 + "." + label63 + "." + label63 + "." + strings.Repeat("b", 61)
	// 57 octets in UTF-8, 63 and 64 in Punycode: lengths count what is sent.
	ulabel63, ulabel64 := strings.Repeat("a", 55)+"ü", strings.Repeat("a", 56)+"ü"
	puny63 := "xn--" + strings.Repeat("a", 55) + "-8yf"
	tests := []struct {
		in, want string
		detail   string // for a rejection, a part of the detail
	}{
		{"contoso.onmicrosoft.com", "contoso.onmicrosoft.com", ""},
		{" Contoso.COM. ", "contoso.com", ""},
		{"Contoso.COM", "contoso.com", ""},
		{"contoso.com.", "contoso.com", ""},
		{"bücher.example", "xn--bcher-kva.example", ""},
		{"müller.de", "xn--mller-kva.de", ""},
		{"xn--mller-kva.de", "xn--mller-kva.de", ""},
		{"a-b.com", "a-b.com", ""},
		{"123.com", "123.com", ""},
		{"1.2.3.com", "1.2.3.com", ""},
		{"a.b", "a.b", ""},

		// Dots UTS #46 maps to '.'.
		{"contoso。com", "contoso.com", ""},
		{"contoso．com", "contoso.com", ""},
		{"contoso｡com", "contoso.com", ""},
		{"contoso.com。", "contoso.com", ""},
		{"contoso。。com", "", detailEmptyLabel},

		// A web address pasted for a domain: its host is the domain.
		{"https://contoso.com", "contoso.com", ""},
		{"https://contoso.com/", "contoso.com", ""},
		{"HTTP://Contoso.com/signin?x=1", "contoso.com", ""},
		{"contoso.com/", "contoso.com", ""},
		{"https://user@contoso.com/", "", detailCharacters}, // not an address to look up
		{"https://contoso.com:8443/", "", detailCharacters},
		{"ftp://contoso.com/", "", detailCharacters},

		// Characters that belong to URLs, not to names.
		{"contoso.com/path", "", detailCharacters},
		{"contoso.com?x=1", "", detailCharacters},
		{"user@contoso.com", "", detailCharacters},
		{"contoso.com:443", "", detailCharacters},
		{"con toso.com", "", detailCharacters},
		{`contoso.com\x`, "", detailCharacters},
		{"../../etc/passwd", "", detailCharacters},
		{"contoso.com%2f..", "", detailCharacters},
		{"m\xfcller.de", "", detailNotUTF8},
		{"\x92.a", "", detailNotUTF8},
		{"", "", detailEmpty},
		{"   ", "", detailEmpty},

		// Empty labels.
		{"...", "", detailEmptyLabel},
		{"..", "", detailEmptyLabel},
		{".", "", detailEmptyLabel},
		{"a..b", "", detailEmptyLabel},
		{".x", "", detailEmptyLabel},
		{"x..", "", detailEmptyLabel},
		{"contoso.com..", "", detailEmptyLabel},
		{"xn--.com", "", "hyphen"},

		// At least two labels.
		{"contoso", "", detailOneDot},
		{"contoso.", "", detailOneDot},

		// Lengths, in octets after conversion to ASCII.
		{label63 + ".com", label63 + ".com", ""},
		{label63 + "a.com", "", detailLabelTooLong},
		{name253, name253, ""},
		{name253 + "b", "", detailTooLong},
		{name253 + ".", name253, ""},
		{ulabel63 + ".de", puny63 + ".de", ""},
		{ulabel64 + ".de", "", detailLabelTooLong},
		{ulabel63 + "." + ulabel63 + "." + ulabel63 + "." + strings.Repeat("b", 61), puny63 + "." + puny63 + "." + puny63 + "." + strings.Repeat("b", 61), ""},
		{ulabel63 + "." + ulabel63 + "." + ulabel63 + "." + ulabel63, "", detailTooLong},
		// Refused on its length alone: Punycode would take seconds.
		{strings.Repeat("一", 20000) + ".com", "", detailTooLong},
		{strings.Repeat("a.", 507), "", detailTooLong},

		// Letters, digits and hyphens.
		{"-a.com", "", "hyphen"},
		{"a-.com", "", "hyphen"},
		{"a.-com", "", "hyphen"},
		{"a_b.com", "", detailLDH},
		{"a*b.com", "", detailLDH},
		{"mü_ller.de", "", detailLDH},
		{"a!.com", "", detailLDH},
		{"⒈com.de", "", "disallowed"},

		// IP addresses.
		{"10.0.0.1", "", detailIP},
		{"10.0.0.1.", "", detailIP},
		{"[::1]", "", detailIP},
		{"::1", "", detailIP},
		{"[::1]:443", "", detailIP},
		{"10.0.0.1:443", "", detailIP},
		{"fe80::1%eth0", "", detailIP},
		{"1.2.3.4", "", detailIP},
		{"１０.０.０.１", "", detailIP},
		{"010.1", "", "all digits"},
		{"127.1", "", "all digits"},
		{"contoso.123", "", "all digits"},
	}
	for _, tt := range tests {
		got, err := NormalizeDomain(tt.in)
		if got != tt.want || (err == nil) != (tt.detail == "") {
			t.Errorf("NormalizeDomain(%q) = %q, %v; want %q, detail %q", tt.in, got, err, tt.want, tt.detail)
			continue
		}
		if err == nil {
			continue
		}
		var le *diagnose.LookupError
		if !errors.As(err, &le) || le.Kind != diagnose.LookupInvalidDomain {
			t.Errorf("NormalizeDomain(%q): want an invalid_domain lookup error, got %v", tt.in, err)
			continue
		}
		if !strings.Contains(le.Detail, tt.detail) {
			t.Errorf("NormalizeDomain(%q): detail %q, want it to say %q", tt.in, le.Detail, tt.detail)
		}
		if le.Domain != tt.in {
			t.Errorf("NormalizeDomain(%q): error names %q, want the input", tt.in, le.Domain)
		}
	}
}

func TestInvalidDomainSendsNoRequest(t *testing.T) {
	c, paths := server(t, microsoftLike(t))
	for _, d := range []string{
		"evil.com/../../x", "...", "..", ".", "a..b", ".x", "x..", strings.Repeat("a", 64) + ".com",
		"10.0.0.1", "[::1]", "1.2.3.4", "010.1", "-a.com", "a-.com", "a_b.com", "contoso", "xn--.com",
	} {
		_, err := c.Resolve(d)
		var le *diagnose.LookupError
		if !errors.As(err, &le) || le.Kind != diagnose.LookupInvalidDomain {
			t.Errorf("Resolve(%q): want an invalid_domain lookup error, got %v", d, err)
		}
	}
	if len(*paths) != 0 {
		t.Errorf("a request was sent: %q", *paths)
	}
}

func TestRequestPathHoldsTheASCIIName(t *testing.T) {
	c, paths := server(t, microsoftLike(t))
	for _, d := range []string{"Contoso.COM.", "contoso。com", "MÜLLER.de"} {
		c.Resolve(d)
	}
	want := []string{
		"/contoso.com/v2.0/.well-known/openid-configuration",
		"/contoso.com/v2.0/.well-known/openid-configuration",
		"/xn--mller-kva.de/v2.0/.well-known/openid-configuration",
	}
	if !slices.Equal(*paths, want) {
		t.Errorf("paths %q, want %q", *paths, want)
	}
}

func TestPathSafe(t *testing.T) {
	for name, want := range map[string]bool{
		"contoso.com": true, "xn--mller-kva.de": true, "a-b.c0m": true,
		"": false, ".": false, "..": false, "a..b": false, ".a": false, "a.": false,
		"a/b": false, "A.com": false, "a%2f.com": false, "a b.com": false, "ü.de": false,
	} {
		if got := pathSafe(name); got != want {
			t.Errorf("pathSafe(%q) = %v", name, got)
		}
	}
}

func TestNewRejectsBadAuthority(t *testing.T) {
	for _, a := range []string{"ftp://x", "not a url", "https://"} {
		if _, err := New(a, 0); err == nil {
			t.Errorf("New(%q) accepted", a)
		}
	}
}
