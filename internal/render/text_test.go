package render

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text is untouched", "Müller GmbH → ok", "Müller GmbH → ok"},
		{"colour sequence", "\x1b[31mred\x1b[0m", "red"},
		{"clear screen and cursor moves", "a\x1b[2J\x1b[Hb", "ab"},
		{"window title (OSC with BEL)", "x\x1b]0;pwned\x07y", "xy"},
		{"OSC with ST", "x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"},
		{"line breaks and tabs become spaces", "a\nb\tc\rd", "a b c d"},
		{"other control characters are dropped", "a\x00b\x07c\x7fd\u0085e", "abcde"},
		{"bidi overrides are dropped", "abc\u202edcba", "abcdcba"},
		{"lone ESC at the end", "abc\x1b", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	got := Wrap("  1. ", "     ", "one two three four five six seven", 16)
	want := "  1. one two\n     three four\n     five six\n     seven\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Wrap("• ", "  ", strings.Repeat("x", 30), 10); got != "• "+strings.Repeat("x", 30)+"\n" {
		t.Errorf("a long word must stand alone, got %q", got)
	}
	// Colour sequences do not count as width.
	coloured := "\x1b[2m(answers.other_csp)\x1b[0m"
	if got := Wrap("", "", "abc "+coloured, 24); strings.Contains(got, "\n ") || strings.Count(got, "\n") != 1 {
		t.Errorf("colour counted as width: %q", got)
	}
}

func TestEscapeMarkdown(t *testing.T) {
	if got, want := escapeMarkdown("*bold* _x_ [l](u) <b> `c` a|b"), `\*bold\* \_x\_ \[l\](u) \<b\> \`+"`"+`c\`+"`"+` a\|b`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
