package cli

import (
	"strings"
	"testing"
)

// TestTicketStatesAnOldGapWithoutJudgingIt: a change that lies more than 72 h before the
// failure is outside cspfix's rule of thumb for a delay, and the ticket lists D among the
// causes checked. Partner support reads the gap and judges it itself: the ticket states it,
// in both ticket languages, without cspfix's rule of thumb (issue 23; docs/sources.md,
// scenario D).
func TestTicketStatesAnOldGapWithoutJudgingIt(t *testing.T) {
	const oldChange = `{"customer":{"name":"Adatum Corporation","tenant_id":"7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18","confirmed_tenant_id":"7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18"},
		"partner":{"partner_id":"4847383"},"error_message":"Partner relation does not work because it is already existing",
		"attempts":["2026-11-20T11:05:00+01:00"],
		"answers":{"other_csp":"no","recent_change":"yes","change_kind":"partner_removed","recent_change_at":"2026-11-15T09:30:00+01:00"}}`
	for _, tt := range []struct {
		lang, checked, gap string
		judging            []string
	}{
		{"en", "Causes already checked",
			"D — Replication delay after a recent change: The change on the customer's side (2026-11-15 09:30 +01:00) came 121 h 35 min before the last failed attempt (2026-11-20 11:05 +01:00).",
			[]string{"too long", "explain", "rule of thumb", "unusual", "rare", "no longer"}},
		{"de", "Bereits geprüfte Ursachen",
			"D — Replikationsverzögerung nach einer kürzlichen Änderung: Die Änderung beim Kunden (2026-11-15 09:30 +01:00) lag 121 Std. 35 Min. vor dem letzten fehlgeschlagenen Versuch (2026-11-20 11:05 +01:00).",
			[]string{"zu lange", "erklär", "Faustregel", "ungewöhnlich", "selten", "nicht mehr"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			e, out, errOut := testEnv(oldChange, nil)
			if code := run(e, []string{"ticket", "--ticket-lang", tt.lang, testNowFlag}); code != exitOK {
				t.Fatalf("exit %d; stderr: %s", code, errOut)
			}
			ticket := strings.Join(strings.Fields(out.String()), " ") // undo the wrapping
			checked := strings.Index(ticket, tt.checked)
			if checked < 0 || !strings.Contains(ticket[checked:], tt.gap) {
				t.Errorf("the ticket does not state the gap under %q as %q:\n%s", tt.checked, tt.gap, out)
			}
			for _, j := range tt.judging {
				if strings.Contains(strings.ToLower(ticket), strings.ToLower(j)) {
					t.Errorf("the ticket judges the gap (%q):\n%s", j, out)
				}
			}
		})
	}
}
