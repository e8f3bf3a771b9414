package discovery

import (
	"errors"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
)

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

func TestPathSafe(t *testing.T) {
	for name, want := range map[string]bool{
		"contoso.com": true, "xn--mller-kva.de": true, "a-b.c0m": true,
		"": false, ".": false, "..": false, "a..b": false, ".a": false, "a.": false,
		"a/b": false, "A.com": false, "a%2f.com": false, "a b.com": false, "ü.de": false,
	} {
		if got := PathSafe(name); got != want {
			t.Errorf("PathSafe(%q) = %v", name, got)
		}
	}
}
