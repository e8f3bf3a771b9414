package render

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
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

// TestInvalidRecordListsEveryProblem: whoever fixes the file sees every problem of a record, in
// text and in Markdown, and how many were left out.
func TestInvalidRecordListsEveryProblem(t *testing.T) {
	var c diagnose.Case
	err := testmodel.Embedded().UnmarshalCase([]byte(`{"outcome":{"scenario":"Z"},"answers":{"other_csp":"maybe"}}`), &c)
	var ierr *diagnose.InputError
	if !errors.As(err, &ierr) {
		t.Fatalf("want an input error, got %v", err)
	}
	ierr.Omitted = 3
	r := testmodel.Embedded().InvalidResult(ierr, scenarios.EN)
	for _, markdown := range []bool{false, true} {
		var b bytes.Buffer
		opts := Options{Lang: scenarios.EN, Catalog: scenarios.Embedded()}
		w := NewText(&b, opts)
		if markdown {
			w = NewMarkdown(&b, opts)
		}
		if err := w.Write(&r); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"outcome.scenario", "outcome.status", "other", "3 more problems not listed"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("markdown %v: lacks %q:\n%s", markdown, want, b.String())
			}
		}
	}
}

// TestCasesOnANarrowTerminal: a long ID leaves no room for the customer on its line at 60
// columns: the customer starts the second line instead of breaking the first.
func TestCasesOnANarrowTerminal(t *testing.T) {
	list := []SavedCase{{ID: "mueller-soehne-gmbh-2026-11-23-2203-6205", Customer: "Müller & Söhne GmbH",
		Status: casefile.Open, Scenario: "C", Changed: time.Date(2026, 11, 23, 22, 3, 0, 0, time.UTC)}}
	for width, want := range map[int]string{
		80: "  mueller-soehne-gmbh-2026-11-23-2203-6205  Müller & Söhne GmbH\n    open · C · saved 2026-11-23 22:03\n",
		60: "  mueller-soehne-gmbh-2026-11-23-2203-6205\n    Müller & Söhne GmbH · open · C · saved 2026-11-23 22:03\n",
	} {
		var b bytes.Buffer
		if err := Cases(&b, list, Text, Options{Lang: scenarios.EN, Catalog: scenarios.Embedded(), Width: width}); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("width %d:\n%s\nwant\n%s", width, b.String(), want)
		}
	}
}

// FuzzWrap: Wrap, which takes the words where they stand, wraps as the plain way of splitting
// with strings.Fields does, for any text, prefixes and width.
func FuzzWrap(f *testing.F) {
	for _, s := range []string{"one two three", "  a\u00a0b\u2003c\td\n", "\x1b[1mbold\x1b[0m word", strings.Repeat("wörter ", 30), "\xff \xfe", ""} {
		f.Add("  • ", "    ", s, 20)
	}
	f.Fuzz(func(t *testing.T, first, indent, text string, width int) {
		if got, want := Wrap(first, indent, text, width), wrapByFields(first, indent, text, width); got != want {
			t.Fatalf("Wrap(%q, %q, %q, %d) =\n%q\nwant\n%q", first, indent, text, width, got, want)
		}
	})
}

// wrapByFields is Wrap as it was first written: the reference for FuzzWrap.
func wrapByFields(first, indent, text string, width int) string {
	var b strings.Builder
	line := 0
	for _, word := range strings.Fields(text) {
		w := visibleWidth(word)
		switch {
		case line == 0:
			b.WriteString(first)
			line = visibleWidth(first)
		case line+1+w > width:
			b.WriteString("\n" + indent)
			line = visibleWidth(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += w
	}
	if line == 0 {
		b.WriteString(strings.TrimRight(first, " "))
	}
	b.WriteByte('\n')
	return b.String()
}
