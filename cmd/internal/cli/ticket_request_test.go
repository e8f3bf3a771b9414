package cli

import (
	"strings"
	"testing"
)

// ticketOf runs `cspfix ticket` on an example in lang and returns its subject and its text with
// the wrapping undone.
func ticketOf(t *testing.T, example, lang string) (subject, text string) {
	t.Helper()
	e, out, _ := testEnv("", nil)
	args := []string{"ticket", "--answers", "../../../examples/" + example, "--ticket-lang", lang, testNowFlag}
	if code := run(e, args); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	first, _, _ := strings.Cut(out.String(), "\n")
	_, subject, _ = strings.Cut(first, ": ")
	return subject, strings.Join(strings.Fields(out.String()), " ")
}

// TestTicketNamesWhatFailed checks that a ticket's subject names the known error text the case
// had, in the ticket's language, and that its request asks what the leading scenario needs
// (README "Writing the support ticket"): never the error cspfix is about when the case did not
// have it, never Partner Center's records when only the distributor or the provider can act.
func TestTicketNamesWhatFailed(t *testing.T) {
	const standard = "Partner relation does not work because it is already existing"
	for _, c := range []struct {
		example, lang, subject string
		asks                   []string
	}{
		{"f-agreement-confirmation.json", "en",
			"The customer was asked to have its partner confirm the Microsoft Customer Agreement — Litware Handels GmbH",
			[]string{"please confirm our customer's acceptance of the Microsoft Customer Agreement", "first and last name, e-mail address", "Date of the acceptance"}},
		{"f-agreement-confirmation.json", "de",
			"Der Kunde soll die Zustimmung zur Microsoft-Kundenvereinbarung vom Partner bestätigen lassen – Litware Handels GmbH",
			[]string{"Bitte bestätigen Sie die Zustimmung unseres Kunden zur Microsoft-Kundenvereinbarung", "Vor- und Nachname, E-Mail-Adresse", "Datum der Zustimmung"}},
		{"g-name-taken.json", "en",
			"The domain given for the new customer is used by another tenant — Fabrikam Bau GmbH",
			[]string{"Creating a new tenant", "has already created a tenant with this name", "can be completed or linked", "which name we can use instead"}},
		{"g-name-taken.json", "de",
			"Die Domain für den neuen Kunden wird von einem anderen Tenant verwendet – Fabrikam Bau GmbH",
			[]string{"das Anlegen eines neuen Tenants", "einen Tenant mit diesem Namen angelegt hat", "fertigstellen oder mit unserem Kunden verknüpfen", "welchen Namen wir stattdessen verwenden können"}},
		{"b-platform-record.json", "en",
			"Distributor's platform: the record of an earlier order has another initial domain — Adatum Logistik AG",
			[]string{"fails in your platform", "Please correct or remove the record of the failed order"}},
		{"b-platform-record.json", "de",
			"Plattform des Distributors: Der Datensatz eines früheren Auftrags hat einen anderen .onmicrosoft.com-Namen – Adatum Logistik AG",
			[]string{"scheitert in Ihrer Plattform", "Bitte korrigieren oder entfernen Sie den Datensatz des gescheiterten Auftrags"}},
	} {
		t.Run(c.example+"/"+c.lang, func(t *testing.T) {
			subject, text := ticketOf(t, c.example, c.lang)
			if subject != c.subject {
				t.Errorf("subject %q, want %q", subject, c.subject)
			}
			if strings.Contains(text, standard) {
				t.Errorf("ticket quotes %q, which the case did not have:\n%s", standard, text)
			}
			if c.lang == "de" && strings.ContainsAny(subject, "\"„“") {
				t.Errorf("German subject quotes a text: %q", subject)
			}
			for _, wrong := range []string{"what Partner Center holds", "was das Partner Center für diesen Tenant gespeichert hat"} {
				if strings.Contains(text, wrong) {
					t.Errorf("ticket asks the general request (%q):\n%s", wrong, text)
				}
			}
			for _, want := range c.asks {
				if !strings.Contains(text, want) {
					t.Errorf("ticket lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

// TestTicketForTheAgreementsConfirmation: F's ticket asks what the case's situation needs of
// support: a provider's confirmation for an indirect reseller; for a direct-bill partner, which
// gives it itself, why the customer is still asked after it was given (support after F was
// tried), or, before, whether anything else blocks; an order refused for want of the agreement
// (13605) is named as an order. Places left to fill in are a problem before sending (--strict).
func TestTicketForTheAgreementsConfirmation(t *testing.T) {
	const (
		customer = `"customer":{"name":"Litware Handels GmbH","tenant_id":"6d1e8b3a-4c2f-4a9e-b7d5-2f8c1a6e9b04"},"attempts":["2026-11-19T15:40:00+01:00"]`
		accept   = `"operation":"customer_accepting","error_message":"Please reach out to your Partner to confirm your acceptance of the Microsoft Customer Agreement."`
		order    = `"operation":"order","error_message":"{\"code\": 13605, \"description\": \"Either a partner confirmation of the customer acceptance of the Microsoft Customer Agreement must be provided or the customer must accept the Microsoft Customer Agreement in the Microsoft Admin Center before you can complete this purchase\", \"source\": \"PartnerFD\"}"`
		direct   = `"partner":{"partner_id":"4847383"}`
		indirect = `"partner":{"partner_id":"4847383","indirect_provider":"Northwind"}`
		triedF   = `"tried":[{"scenario":"F","at":"2026-11-19T16:00:00+01:00"}]`
	)
	for _, tt := range []struct {
		name, in, lang string
		want, not      []string
		fillIn         bool
	}{
		{"direct-bill, not tried yet", "{" + customer + "," + direct + "," + accept + "}", "en",
			[]string{"As a direct-bill partner we give that confirmation ourselves", "have not given it yet", "We have not tried any remedy yet"},
			[]string{"we gave it on", "what Partner Center holds for this tenant that blocks", "indirect reseller"}, false},
		{"direct-bill, after F was tried", "{" + customer + "," + direct + "," + accept + "," + triedF + "}", "en",
			[]string{"we gave it on [please add: date]", "Please check which confirmation of the Microsoft Customer Agreement Partner Center holds"},
			[]string{"have not given it yet", "what Partner Center holds for this tenant that blocks", "We have not tried any remedy yet"}, true},
		{"direct-bill, after F was tried, in German", "{" + customer + "," + direct + "," + accept + "," + triedF + "}", "de",
			[]string{"Als Direct-Bill-Partner geben wir diese Bestätigung selbst ab", "Wir haben sie am [bitte ergänzen: Datum]"}, nil, true},
		{"an order refused, indirect", "{" + customer + "," + indirect + "," + order + "}", "en",
			[]string{"Our order for the customer below is refused", "please confirm our customer's acceptance"},
			[]string{"opened our invitation"}, true},
		{"an order refused, direct-bill, not tried", "{" + customer + "," + direct + "," + order + "}", "de",
			[]string{"unsere Bestellung für den unten genannten Kunden wird", "und haben das noch nicht getan"},
			[]string{"Einladung geöffnet"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, out, errOut := testEnv(tt.in, nil)
			code := run(e, []string{"ticket", "--answers", "-", "--ticket-lang", tt.lang, "--strict", testNowFlag})
			text := strings.Join(strings.Fields(out.String()), " ")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("the ticket lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("the ticket says %q:\n%s", w, text)
				}
			}
			// Nothing else is missing: --strict fails for the places to fill in alone.
			mark := map[string]string{"en": "fill them in before sending", "de": "Füllen Sie sie vor dem Senden aus"}[tt.lang]
			if told := strings.Contains(text, mark); told != tt.fillIn || (code == exitCheckFailed) != tt.fillIn {
				t.Errorf("places to fill in: told %v, exit %d, want %v\n%s\n%s", told, code, tt.fillIn, text, errOut)
			}
		})
	}
}

// TestTicketSubjectOfOtherTexts checks the subject of the error cspfix is about, of no error
// text, and of a text cspfix does not know: the last quotes the case's own words, bounded.
func TestTicketSubjectOfOtherTexts(t *testing.T) {
	for _, c := range []struct{ name, input, lang, want string }{
		{"standard", `{"customer":{"name":"Contoso GmbH"},"error_message":"Partner relation does not work because it is already existing"}`, "en",
			`Reseller relationship request fails with "Partner relation does not work because it is already existing": Contoso GmbH`},
		{"no text", `{"customer":{"name":"Contoso GmbH"}}`, "de",
			"Anfrage für eine Reseller-Beziehung scheitert mit „Partner relation does not work because it is already existing“: Contoso GmbH"},
		{"unknown text", `{"customer":{"name":"Contoso GmbH"},"error_message":"Request failed.\nCorrelationId: 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, please try again later"}`, "en",
			`Request fails with "Request failed. CorrelationId: 0f1e2d3c-4b5a-6978-8796-a5b4c…": Contoso GmbH`},
		{"unknown text, German", `{"error_message":"Fehler 500"}`, "de", "Anfrage scheitert mit „Fehler 500“"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, out, _ := testEnv(c.input+"\n", nil)
			if code := run(e, []string{"ticket", "--ticket-lang", c.lang, testNowFlag}); code != exitOK {
				t.Fatalf("exit %d", code)
			}
			first, _, _ := strings.Cut(out.String(), "\n")
			if _, subject, _ := strings.Cut(first, ": "); subject != c.want {
				t.Errorf("subject %q, want %q", subject, c.want)
			}
		})
	}
}
