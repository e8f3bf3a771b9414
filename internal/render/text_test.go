package render

import (
	"strings"
	"testing"

	"github.com/cspfix/cspfix/scenarios"
)

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

func TestLabelsInTheCatalog(t *testing.T) {
	if missing := scenarios.MustLoad().Missing(&labels); len(missing) > 0 {
		t.Errorf("labels missing from the catalog: %v", missing)
	}
}
