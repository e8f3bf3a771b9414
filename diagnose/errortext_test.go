package diagnose

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/cspfix/cspfix/scenarios"
)

// Error texts as desks paste them: with the names, IDs and numbers of their own case, and
// whatever the portal, the log or the API put around them (docs/sources.md names where each
// known text was seen).
const (
	platformRecordText = `'500 Internal Server Error' received from 'POST https://10.0.4.7:443/O365App/aps/tenants': The specified values 'fabrikamb' and ` +
		`'2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7' of the properties 'initial_subdomain' and 'ms_account_id' are ambiguous: A customer with id ` +
		`'2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7' already exists for CloudBlue Commerce account #1004711 (aps.id: 'a1b2c3d4-0000-4000-8000-0000000000aa') ` +
		`with a different value of 'initial_subdomain' ('fabrikambau'). A new tenant APS resource cannot be created for a subscription with such properties.`
	subdomainInUseText   = `Method add_customer calling failed. Reason:Could not provision customer 'Fabrikam Bau GmbH' - the specified subdomain 'fabrikambau' is already in use`
	domainUsedText       = `Error: The domain specified during customer creation is already used by another tenant`
	confirmAgreementText = `Please reach out to your Partner to confirm your acceptance of the Microsoft Customer Agreement.`
	mcaMissingText       = `{"code": 13605, "description": "Either a partner confirmation of the customer acceptance of the Microsoft Customer Agreement ` +
		`must be provided or the customer must accept the Microsoft Customer Agreement in the Microsoft Admin Center before you can complete this purchase", "source": "PartnerFD"}`
	emailInvalidText = "Partner Exception:\nError Category: BadInput\nService Error Payload:\nError code: 27002\nError message: NotificationEmailAddress: it@fabrikam-bau.d is invalid"
)

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestRecognisedErrors: each known text is recognised as people paste it, whatever is around
// it, however its quotes and spaces came out; other texts are not.
func TestRecognisedErrors(t *testing.T) {
	for _, tt := range []struct {
		name, text, want string
		normalised       bool
	}{
		{"the error cspfix is about", "Partner relation does not work because it is already existing", "already_existing", false},
		{"in another tense, with Error: in front", "Error: Partner relation already exists!", "already_existing", false},
		{"in a log line, in capitals", "2026-11-20 09:14:02 ERROR PARTNER RELATION DOES NOT WORK BECAUSE IT IS ALREADY EXISTING (code 409)", "already_existing", false},
		{"a German portal's wording", "Fehler: Die Partnerbeziehung besteht bereits.", "already_existing", false},
		{"a distributor's record of an earlier order", platformRecordText, "platform_record_ambiguous", false},
		{"the subdomain in use", subdomainInUseText, "subdomain_in_use", false},
		{"the domain used by another tenant", domainUsedText, "domain_used_by_another_tenant", false},
		{"the portal's check of a name", `Domain name: "fabrikambau" is not available`, "domain_name_not_available", false},
		{"the contact e-mail rejected", emailInvalidText, "notification_email_invalid", false},
		{"the agreement to be confirmed", confirmAgreementText, "confirm_mca_acceptance", false},
		{"the agreement to be confirmed, typographic quotes and a zero-width space", "„Please reach out to your\u200b Partner to confirm your acceptance of the Microsoft Customer Agreement.“", "confirm_mca_acceptance", true},
		{"the agreement to be confirmed, in German words", "Wenden Sie sich an Ihren Partner, um Ihre Zustimmung zur Microsoft‑Kundenvereinbarung zu bestätigen.", "confirm_mca_acceptance", false},
		{"the agreement missing at an order", mcaMissingText, "mca_required_for_purchase", false},
		{"a confirmation already on record", `{"code": 600061, "message": "A partner confirmed agreement already exists for the customer.", "errorName": "PartnerConfirmedAgreementAlreadyExists"}`, "partner_confirmed_agreement_exists", false},
		{"no commerce relationship", "The partner ID 4847383 has no commerce relationship with the customer ID 2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7.", "no_commerce_relationship", false},
		{"a sign-in error", "AADSTS50020: User account 'anna@contoso.com' from identity provider 'live.com' does not exist in tenant 'Fabrikam'", "user_not_in_tenant", false},
		{"the reseller's own agreement", "MPN ID 4847383 has not signed Microsoft Partner Agreement (MPA) in this CSP Authorized Region. Please Accept the MPA this CSP Authorized Region to remain compliant.", "reseller_mpa_not_signed", false},
		{"a text cspfix does not know", "Quota exceeded for this subscription", "", false},
		{"fragments too far apart", "Partner relation " + strings.Repeat("x", maxErrorGap+1) + " already existing", "", false},
		{"fragments in the wrong order", "already existing: partner relation", "", false},
		{"ASCII quotes are no change", `"Partner relation does not work because it is already existing"`, "already_existing", false},
		{"German quotes are no change", "Fehler: „Die Partnerbeziehung besteht bereits.“", "already_existing", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			known, normalised := testModel.RecognisedError(tt.text)
			got := ""
			if known != nil {
				got = known.Code
			}
			if got != tt.want || normalised != tt.normalised {
				t.Errorf("recognised %q (normalised %v), want %q (%v)", got, normalised, tt.want, tt.normalised)
			}
		})
	}
}

// TestEveryKnownTextIsRecognised: each text of the catalog, with its gaps filled in, is
// recognised as itself, and each further pattern matches its own words.
func TestEveryKnownTextIsRecognised(t *testing.T) {
	for _, e := range testModel.Catalog.Errors {
		var texts []string
		for _, text := range e.Texts {
			texts = append(texts, strings.ReplaceAll(text.Value, scenarios.Gap, "Fabrikam 2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7"))
		}
		for _, patterns := range e.Match {
			for _, p := range patterns.Value {
				texts = append(texts, strings.ReplaceAll(p, scenarios.Gap, " x "))
			}
		}
		for _, text := range texts {
			if known, _ := testModel.RecognisedError(text); known == nil || known.Code != e.Code {
				t.Errorf("%s: %q is recognised as %v", e.Code, text, known)
			}
		}
	}
}

// TestOnlyTheKnownErrorsTriedArePrepared: the patterns of a known error are made when a text is
// first matched against them; the standard text, the first known error's, needs no others.
func TestOnlyTheKnownErrorsTriedArePrepared(t *testing.T) {
	m, err := Compile(scenarios.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	prepared := func() (n int) {
		for i := range m.errorPatterns {
			if len(m.errorPatterns[i].frags) > 0 {
				n++
			}
		}
		return n
	}
	if known, _ := m.RecognisedError(m.StandardError()); known == nil || known.Code != m.Catalog.Errors[0].Code || prepared() != 1 {
		t.Fatalf("the standard text: recognised as %v, %d known errors prepared, want the first alone", known, prepared())
	}
	if known, _ := m.RecognisedError("nothing like it"); known != nil || prepared() != len(m.Catalog.Errors) {
		t.Fatalf("a text that matches nothing: %v, %d of %d known errors prepared", known, prepared(), len(m.Catalog.Errors))
	}
}

// TestErrorTextNormalisation: invisible characters go, every quote becomes ', white space one
// space, letters lower case; the change is told only for characters a person cannot see.
func TestErrorTextNormalisation(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		changed  bool
	}{
		{"  Partner\tRelation\n\n EXISTS ", "partner relation exists", false},
		{"a\u200bb\u2060c\ufeffd\u00ade\u200ef", "abcdef", true},
		// Typographic quotes are how German is written and how Outlook copies: no change.
		{"‘a’ “b” „c“ «d» `e`", "'a' 'b' 'c' 'd' 'e'", false},
		{"„c“\u200b", "'c'", true},
		{`'a' "b"`, "'a' 'b'", false},
		{"Microsoft\u2011Kundenvereinbarung – x", "microsoft-kundenvereinbarung - x", false},
		{"a\u00a0b\u202fc", "a b c", false},
		{"Ä ÖSTERREICH", "ä österreich", false},
		{"x\x00y\x1bz", "xyz", true},
	} {
		got, changed := normaliseErrorText(nil, tt.in)
		if string(got) != tt.want || changed != tt.changed {
			t.Errorf("%q: got %q (changed %v), want %q (%v)", tt.in, got, changed, tt.want, tt.changed)
		}
	}
}

// TestMatchFragmentsTakesACloserStart: a first fragment too far from the second does not hide a
// later occurrence that is close enough (the match is not greedy).
func TestMatchFragmentsTakesACloserStart(t *testing.T) {
	text := "partner relation " + strings.Repeat("y", maxErrorGap+10) + " partner relation is already existing"
	if ok, _, _ := matchFragments([]byte(text), [][]byte{[]byte("partner relation"), []byte("already existing")}, nil, nil); !ok {
		t.Error("the later, closer occurrence was missed")
	}
	far := "partner relation " + strings.Repeat("y", maxErrorGap+10) + " already existing"
	if ok, _, _ := matchFragments([]byte(far), [][]byte{[]byte("partner relation"), []byte("already existing")}, nil, nil); ok {
		t.Error("fragments further apart than a gap matched")
	}
}

// referenceMatch is matchFragments written the obvious way, exponential and all: every
// occurrence of every fragment tried.
func referenceMatch(t string, frags []string, from, prevEnd int) bool {
	if len(frags) == 0 {
		return true
	}
	for i := from; i+len(frags[0]) <= len(t); i++ {
		if !strings.HasPrefix(t[i:], frags[0]) {
			continue
		}
		if prevEnd >= 0 && i-prevEnd > maxErrorGap {
			return false
		}
		if referenceMatch(t, frags[1:], i+len(frags[0]), i+len(frags[0])) {
			return true
		}
	}
	return false
}

// FuzzErrorTextMatch holds the matcher of known error texts to what it promises, on any text:
// normalising is idempotent and leaves no capital ASCII letter, no control character, no
// quote but ' and no run of spaces; matching agrees with the obvious search; recognising never
// fails. (.ci/run runs it briefly.)
func FuzzErrorTextMatch(f *testing.F) {
	for _, s := range []string{platformRecordText, subdomainInUseText, domainUsedText, confirmAgreementText, mcaMissingText, emailInvalidText,
		"Partner relation does not work because it is already existing", "„x“\u200b‘y’", "", "\xff\xfe", "aaaaaaaaaaaaaaaab"} {
		f.Add(s, "a", "b")
	}
	f.Fuzz(func(t *testing.T, text, frag1, frag2 string) {
		norm, _ := normaliseErrorText(nil, text)
		again, changed := normaliseErrorText(nil, string(norm))
		if string(again) != string(norm) || changed {
			t.Fatalf("normalising %q twice: %q then %q (changed %v)", text, norm, again, changed)
		}
		s := string(norm)
		if strings.Contains(s, "  ") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") ||
			strings.ContainsAny(s, "\"`“”„‘’«»") || strings.IndexFunc(s, func(r rune) bool {
			return r >= 'A' && r <= 'Z' || unicode.IsControl(r) || r == '\u200b'
		}) >= 0 {
			t.Fatalf("normalised %q to %q", text, s)
		}
		var frags [][]byte
		var plain []string
		for _, fr := range []string{frag1, frag2} {
			if fr != "" && len(fr) < 20 {
				frags, plain = append(frags, []byte(fr)), append(plain, fr)
			}
		}
		if len(frags) > 0 && len(text) < 600 {
			got, _, _ := matchFragments([]byte(text), frags, nil, nil)
			if want := referenceMatch(text, plain, 0, -1); got != want {
				t.Fatalf("matching %q in %q: %v, the obvious search says %v", plain, text, got, want)
			}
		}
		testModel.RecognisedError(text)
	})
}

// BenchmarkErrorText matches texts no pattern holds (every pattern tried) of 1 KiB and 64 KiB:
// the time per byte stays the same, matching is linear (README "Performance").
func BenchmarkErrorText(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10} {
		// Words of the patterns, in the wrong order and too far apart: every pattern scans.
		unit := "partner relation confirm your acceptance customer agreement already in use "
		text := strings.Repeat(unit, size/len(unit)+1)[:size]
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			var em errorMatcher
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				em.scan(testModel, text) // not match, which remembers the last text
			}
		})
	}
}
