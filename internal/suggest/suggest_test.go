package suggest

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"answer", "answers", 1},
		{"ouptut", "output", 1}, // a swap of neighbours is one edit
		{"lnag", "lang", 1},
		{"ab", "ba", 1},
		{"ca", "abc", 3},
		{"kitten", "sitting", 3},
		{"straße", "strasse", 2}, // runes, not bytes
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	flags := []string{"answers", "output", "now", "online", "ticket-lang"}
	tests := []struct{ word, want string }{
		{"answer", "answers"},
		{"ouput", "output"},
		{"ouptut", "output"}, // a swap of neighbours is one edit
		{"ticketlang", "ticket-lang"},
		{"no", "now"},
		{"verbose", ""}, // nothing close: no guess
		{"x", ""},
		{"tick", "ticket-lang"}, // abbreviated
		{"on", ""},              // too short to be taken as abbreviated
	}
	for _, tt := range tests {
		if got := Closest(tt.word, flags); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	// Keys that share a long start: only the part that differs counts.
	keys := []string{"contact.name", "contact.email", "contact.phone", "partner.partner_id", "customer_lang"}
	for word, want := range map[string]string{"contact.fax": "", "contact.emial": "contact.email", "contcat.name": "contact.name",
		"partner.partnerid": "partner.partner_id", "customer_lnag": "customer_lang", "contact.nmae": "contact.name"} {
		if got := Closest(word, keys); got != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
	}
	shells := []string{"bash", "fish", "powershell", "zsh"}
	for word, want := range map[string]string{"tcsh": "", "bsh": "bash", "fisch": "fish", "powershel": "powershell"} {
		if got := Closest(word, shells); got != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
	}
}
