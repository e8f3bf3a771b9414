// Package discovery names what Microsoft's public sign-in service is asked (a domain, checked
// and normalised, or a tenant ID) and how its answers are looked up (Lookup, Clouds); its
// client is package oidc.
package discovery

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/cspfix/cspfix/diagnose"
)

// hostOf is the domain in what people paste for one: the host of a web address
// ("https://contoso.com/"), a domain with a trailing slash; else s as it is, for the checks.
func hostOf(s string) string {
	if i := strings.Index(s, "://"); i > 0 {
		u, err := url.Parse(s)
		if err == nil && (strings.EqualFold(u.Scheme, "https") || strings.EqualFold(u.Scheme, "http")) &&
			u.User == nil && u.Port() == "" && u.Hostname() != "" {
			return u.Hostname()
		}
		return s
	}
	if d, ok := strings.CutSuffix(s, "/"); ok && !strings.ContainsAny(d, "/?#") {
		return d
	}
	return s
}

// Details of an invalid domain: codes, which diagnose.LookupError.Message says in the reader's
// language (the catalog's "lookup.detail." texts). idna's own complaints stay as idna says them.
const (
	detailEmpty        = "empty"
	detailNotUTF8      = "not_utf8"
	detailCharacters   = "characters"
	detailEmptyLabel   = "empty_label"
	detailLDH          = "ldh"
	detailHyphen       = "hyphen"
	detailOneDot       = "one_dot"
	detailIP           = "ip_address"
	detailTooLong      = "too_long"
	detailLabelTooLong = "label_too_long"
)

// NormalizeDomain checks that s is a DNS name that can stand in the path of the discovery URL
// and returns its lower-case ASCII form; internationalised names are converted to Punycode. The
// host of a web address is taken as the domain. Every check runs before any request, so a bad
// name never reaches the network.
func NormalizeDomain(s string) (string, error) {
	invalid := func(detail string) error {
		return &diagnose.LookupError{Domain: s, Kind: diagnose.LookupInvalidDomain, Detail: detail}
	}
	d := hostOf(strings.TrimSpace(s))
	switch {
	case d == "":
		return "", invalid(detailEmpty)
	case len(d) > 4*253:
		// More octets than 253 characters of four octets each can hold. Refused before idna,
		// whose Punycode encoder takes time quadratic in a label's length.
		return "", invalid(detailTooLong)
	case !utf8.ValidString(d):
		// idna would turn the bad bytes into U+FFFD and send that (a Latin-1 "m\xfcller.de").
		return "", invalid(detailNotUTF8)
	case isIP(d):
		return "", invalid(detailIP)
	case strings.ContainsAny(d, "/?#@:\\%") || strings.IndexFunc(d, isSpaceOrControl) >= 0:
		return "", invalid(detailCharacters)
	}
	// The dots UTS #46 maps to '.' separate labels too; map them first so that empty labels
	// are found before idna, which lets them through.
	d = strings.NewReplacer("\u3002", ".", "\uff0e", ".", "\uff61", ".").Replace(d)
	// A fully qualified name ends in one dot; it names the same domain.
	d = strings.TrimSuffix(d, ".")
	if detail := checkUnicodeLabels(strings.Split(d, ".")); detail != "" {
		return "", invalid(detail)
	}
	ascii, err := idna.Lookup.ToASCII(d)
	if err != nil {
		return "", invalid(err.Error())
	}
	ascii = strings.ToLower(ascii)
	// idna maps more than it refuses (xn-- alone becomes an empty label, fullwidth digits
	// become an IP address), so the rules are checked again on what would be sent.
	if detail := checkASCIIName(ascii); detail != "" {
		return "", invalid(detail)
	}
	return ascii, nil
}

// checkUnicodeLabels checks the labels as typed, so that the common mistakes get a clear
// detail rather than idna's. Non-ASCII characters are left to idna.
func checkUnicodeLabels(labels []string) string {
	for _, l := range labels {
		switch {
		case l == "":
			return detailEmptyLabel
		case strings.IndexFunc(l, func(r rune) bool { return r < utf8.RuneSelf && !isLDH(r) }) >= 0:
			return detailLDH
		case l[0] == '-' || l[len(l)-1] == '-':
			return detailHyphen
		}
	}
	if len(labels) < 2 {
		return detailOneDot
	}
	return ""
}

// checkASCIIName checks a lower-case ASCII name against the rules of DNS (RFC 1035 §2.3.4,
// RFC 1123 §2.1) and returns what is wrong, or "" when nothing is.
func checkASCIIName(name string) string {
	labels := strings.Split(name, ".")
	for _, l := range labels {
		switch {
		case l == "":
			return detailEmptyLabel
		case len(l) > 63:
			return detailLabelTooLong
		case strings.IndexFunc(l, func(r rune) bool { return !isLowerLDH(r) }) >= 0:
			return detailLDH
		case l[0] == '-' || l[len(l)-1] == '-':
			return detailHyphen
		}
	}
	switch {
	case len(labels) < 2:
		return detailOneDot
	case len(name) > 253:
		return detailTooLong
	case isIP(name):
		return detailIP
	case strings.Trim(labels[len(labels)-1], "0123456789") == "":
		// No top-level domain is numeric, and clients read such names as IPv4 addresses
		// (127.1, 010.1).
		return "the last label is all digits, which no top-level domain is"
	}
	return ""
}

// isIP reports whether s is an IP address, with or without brackets, zone or port.
func isIP(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if _, err := netip.ParseAddrPort(s); err == nil {
		return true
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if _, err := netip.ParseAddr(s); err == nil {
		return true
	}
	return net.ParseIP(s) != nil
}

func isLDH(r rune) bool { return isLowerLDH(r) || 'A' <= r && r <= 'Z' }

func isLowerLDH(r rune) bool { return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' }

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f || r == '\u00a0' }

// PathSafe reports whether name can stand as one path segment: only [a-z0-9.-], no empty
// label, so neither "." nor "..".
func PathSafe(name string) bool {
	return name != "" && strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789.-") == "" &&
		!slices.Contains(strings.Split(name, "."), "")
}

// Tenant IDs that are no customer's tenant: the empty GUID, and the GUID for personal
// Microsoft accounts ("consumers"), for which the service answers as for a tenant.
const (
	NilTenant       = "00000000-0000-0000-0000-000000000000"
	ConsumersTenant = "9188040d-6c67-4c5b-b112-36a304b66dad"
)

// Lookup looks tenants up at one sign-in service: a *Client, or a test's fake.
type Lookup interface {
	ResolveContext(ctx context.Context, domain string) (diagnose.Resolution, error)
	ResolveTenantContext(ctx context.Context, id string) (diagnose.Resolution, error)
}

// Clouds looks a tenant up at the sign-in services of several clouds in turn (the public
// cloud's first): a tenant exists in one cloud, and each cloud's service answers "not found"
// (AADSTS90002) for the others' tenants. The first service that knows the tenant answers;
// "not found" only when every service said so; when a service could not be asked and none
// knew the tenant, that failure, since the tenant may be there.
type Clouds []Lookup

func (cs Clouds) ResolveContext(ctx context.Context, domain string) (diagnose.Resolution, error) {
	return cs.first(func(l Lookup) (diagnose.Resolution, error) { return l.ResolveContext(ctx, domain) })
}

func (cs Clouds) ResolveTenantContext(ctx context.Context, id string) (diagnose.Resolution, error) {
	return cs.first(func(l Lookup) (diagnose.Resolution, error) { return l.ResolveTenantContext(ctx, id) })
}

func (cs Clouds) first(resolve func(Lookup) (diagnose.Resolution, error)) (diagnose.Resolution, error) {
	var notFound, failed error
	for _, l := range cs {
		res, err := resolve(l)
		var le *diagnose.LookupError
		switch {
		case err == nil:
			return res, nil
		case errors.As(err, &le) && le.Kind == diagnose.LookupNotFound:
			notFound = err
		case errors.As(err, &le) && le.Kind == diagnose.LookupInvalidDomain, !errors.As(err, &le):
			return diagnose.Resolution{}, err // the same for every cloud, or the caller's context ended
		case failed == nil:
			failed = err
		}
	}
	if failed != nil {
		return diagnose.Resolution{}, failed
	}
	if notFound == nil {
		return diagnose.Resolution{}, &diagnose.LookupError{Kind: diagnose.LookupNetwork, Detail: "no sign-in service"}
	}
	return diagnose.Resolution{}, notFound
}
