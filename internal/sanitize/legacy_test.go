package sanitize

import (
	"bytes"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestLegacyNeverWritesC1: text for an 8-bit terminal carries no byte from 0x80 to 0x9F, which
// such a terminal reads as a control; its own letters arrive as its bytes, however the text is
// split into writes.
func TestLegacyNeverWritesC1(t *testing.T) {
	text := "Grüße → ě€ \x1b[1mbold\x1b[0m \u009b2J … done\n"
	for _, tt := range []struct {
		cs   *charmap.Charmap
		want string
	}{
		{charmap.ISO8859_1, "Gr\xfc\xdfe ? ?? \x1b[1mbold\x1b[0m ?2J ? done\n"},
		{charmap.ISO8859_15, "Gr\xfc\xdfe ? ?\xa4 \x1b[1mbold\x1b[0m ?2J ? done\n"},
		{charmap.Windows1252, "Gr\xfc\xdfe ? ?? \x1b[1mbold\x1b[0m ?2J ? done\n"},
		{nil, "Gr??e ? ?? \x1b[1mbold\x1b[0m ?2J ? done\n"},
	} {
		for _, step := range []int{1, 2, 3, len(text)} {
			var b bytes.Buffer
			w := Legacy(&b, tt.cs)
			for i := 0; i < len(text); i += step {
				if _, err := w.Write([]byte(text[i:min(i+step, len(text))])); err != nil {
					t.Fatal(err)
				}
			}
			if b.String() != tt.want {
				t.Errorf("%v, writes of %d: got %q, want %q", tt.cs, step, b.String(), tt.want)
			}
			for _, c := range b.Bytes() {
				if c >= 0x80 && c <= 0x9f {
					t.Errorf("%v: byte %#x written", tt.cs, c)
				}
			}
		}
	}
}

func TestLocaleCharset(t *testing.T) {
	for _, tt := range []struct {
		vars map[string]string
		cs   *charmap.Charmap
		utf8 bool
	}{
		{vars: map[string]string{}, utf8: true},
		{vars: map[string]string{"LANG": "C"}, utf8: true},
		{vars: map[string]string{"LANG": "de_DE.UTF-8"}, utf8: true},
		{vars: map[string]string{"LANG": "de_DE.utf8"}, utf8: true},
		{vars: map[string]string{"LANG": "de_DE.ISO-8859-1"}, cs: charmap.ISO8859_1},
		{vars: map[string]string{"LANG": "de_DE.UTF-8", "LC_CTYPE": "de_DE.iso885915@euro"}, cs: charmap.ISO8859_15},
		{vars: map[string]string{"LC_ALL": "de_DE", "LANG": "de_DE.UTF-8"}, cs: charmap.ISO8859_1},
		{vars: map[string]string{"LANG": "de_DE@euro"}, cs: charmap.ISO8859_15},
		{vars: map[string]string{"LANG": "ja_JP.eucJP"}},
		{vars: map[string]string{"LANG": "ru_RU.KOI8-R"}, cs: charmap.KOI8R},
	} {
		cs, utf8 := LocaleCharset(func(k string) string { return tt.vars[k] })
		if cs != tt.cs || utf8 != tt.utf8 {
			t.Errorf("%v: %v %v", tt.vars, cs, utf8)
		}
	}
}
