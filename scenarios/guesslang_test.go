package scenarios

import (
	"strings"
	"testing"
)

func TestGuessLang(t *testing.T) {
	for _, tt := range []struct {
		note string
		want Lang
	}{
		{"re-entered the ID, same error", EN},
		{"waited a day, cleared the cache, private window: same error", EN},
		{"The customer confirms in the admin center that no partner is listed.", EN},
		{"Kunde sagt, es hat sich nichts geändert", DE},
		{"ID neu eingegeben, gleicher Fehler", DE},
		{"Der IT-Leiter des Kunden sagt, dass niemand etwas geändert hat.", DE},
		{"Einen Tag gewartet, Cache geleert: Fehler bleibt", DE},
		{"", ""},
		{"OK", ""},
		{"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", ""},
		{"Ticket 12345", ""},
		{"Partner Center", ""},
		{"the Kunde und the customer", ""},                    // mixed: no clear sign
		{strings.Repeat("x ", 10000) + "und der die das", ""}, // the guess reads the first words only
	} {
		if got := GuessLang(tt.note); got != tt.want {
			t.Errorf("GuessLang(%.40q) = %q, want %q", tt.note, got, tt.want)
		}
	}
}
