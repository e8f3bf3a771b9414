package discovery

import (
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
)

// FuzzNormalizeDomain checks that whatever NormalizeDomain accepts is a plain DNS name that can
// stand in a URL path, and that normalising it again changes nothing.
func FuzzNormalizeDomain(f *testing.F) {
	for _, s := range []string{
		"contoso.onmicrosoft.com", " Contoso.COM. ", "Contoso.COM", "contoso.com.", "müller.de",
		"xn--mller-kva.de", "contoso。com", "contoso．com", "contoso｡com", "...", "..", ".", "a..b",
		".x", "x..", strings.Repeat("a", 63) + ".com", strings.Repeat("a", 64) + ".com",
		strings.Repeat("a.", 126) + "b", strings.Repeat("a.", 127), "10.0.0.1", "[::1]", "1.2.3.4",
		"010.1", "-a.com", "a-.com", "a_b.com", "xn--.com", "ß.de", "１０.０.０.１", "a\u00adb.com",
		"https://contoso.com/x", "evil.com/../../x", "contoso.com%2f..",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeDomain(s)
		if err != nil {
			var le *diagnose.LookupError
			if !errors.As(err, &le) || le.Kind != diagnose.LookupInvalidDomain || le.Domain != s || le.Detail == "" {
				t.Fatalf("NormalizeDomain(%q): want an invalid_domain lookup error with a detail, got %#v", s, err)
			}
			return
		}
		if strings.Trim(got, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
			t.Fatalf("NormalizeDomain(%q) = %q: characters outside [a-z0-9.-]", s, got)
		}
		if len(got) > 253 {
			t.Fatalf("NormalizeDomain(%q) = %q: %d octets", s, got, len(got))
		}
		labels := strings.Split(got, ".")
		if len(labels) < 2 {
			t.Fatalf("NormalizeDomain(%q) = %q: one label", s, got)
		}
		for _, l := range labels {
			if l == "" || len(l) > 63 {
				t.Fatalf("NormalizeDomain(%q) = %q: label %q", s, got, l)
			}
		}
		if net.ParseIP(got) != nil {
			t.Fatalf("NormalizeDomain(%q) = %q: an IP address", s, got)
		}
		if _, err := netip.ParseAddr(got); err == nil {
			t.Fatalf("NormalizeDomain(%q) = %q: an IP address", s, got)
		}
		again, err := NormalizeDomain(got)
		if err != nil || again != got {
			t.Fatalf("NormalizeDomain(%q) = %q, but NormalizeDomain(%q) = %q, %v", s, got, got, again, err)
		}
	})
}
