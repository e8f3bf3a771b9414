package diagnose

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/scenarios"
)

const goodID = testkit.GoodID

// problemsString renders problems compactly for comparison: kind@pos, with the rune or count.
func problemsString(ps []TenantProblem) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		s := string(p.Kind)
		if p.Pos > 0 {
			s += fmt.Sprintf("@%d", p.Pos)
		}
		if p.Char != 0 {
			s += fmt.Sprintf("(%U)", p.Char)
		}
		if p.Like != 0 {
			s += "~" + string(p.Like)
		}
		if p.N != 0 {
			s += fmt.Sprintf("#%d", p.N)
		}
		parts[i] = s
	}
	return strings.Join(parts, " ")
}

func TestCheckTenantID(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		valid     bool
		canonical string
		problems  string
	}{
		{"canonical", goodID, true, goodID, ""},
		{"upper case is no problem", strings.ToUpper(goodID), true, goodID, ""},
		{"leading and trailing space", " " + goodID + "\t", true, goodID, "whitespace@1(U+0020) whitespace@38(U+0009)"},
		{"no-break space at the end", goodID + "\u00a0", true, goodID, "whitespace@37(U+00A0)"},
		{"braces", "{" + goodID + "}", true, goodID, "braces@1"},
		{"parentheses", "(" + goodID + ")", true, goodID, "braces@1"},
		{"urn prefix", "urn:uuid:" + goodID, true, goodID, "urn_prefix@1"},
		{"URN prefix with braces and space", " URN:UUID:{" + goodID + "}", true, goodID, "whitespace@1(U+0020) urn_prefix@2 braces@11"},
		{"missing hyphens", strings.ReplaceAll(goodID, "-", ""), true, goodID, "missing_hyphens"},
		{"misplaced hyphens", "4b9d3f1c2-a7e-4c1d-9f0a-6e2b8c7d5a31", false, "", "hyphens"},
		{"too short", goodID[:35], false, "", "wrong_length#31"},
		{"too long", goodID + "0", false, "", "wrong_length#33"},
		{"non-hex letter", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3g", false, "", "non_hex@36(U+0067)"},
		{"letter O for zero", "4b9d3f1c-2a7e-4c1d-9fOa-6e2b8c7d5a31", false, "", "lookalike@22(U+004F)~0"},
		{"cyrillic a", "4b9d3f1c-2а7e-4c1d-9f0a-6e2b8c7d5a31", false, "", "lookalike@11(U+0430)~a"},
		{"greek omicron", "4b9d3f1c-2a7e-4c1d-9fοa-6e2b8c7d5a31", false, "", "lookalike@22(U+03BF)~o"},
		{"full-width digit", "４b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", false, "", "lookalike@1(U+FF14)~4"},
		{"en dash for hyphen", "4b9d3f1c–2a7e-4c1d-9f0a-6e2b8c7d5a31", false, "", "lookalike@9(U+2013)~-"},
		{"zero-width space inside", "4b9d3f1c-2a7e\u200b-4c1d-9f0a-6e2b8c7d5a31", false, "", "invisible@14(U+200B)"},
		{"byte order mark at the start", "\ufeff" + goodID, false, "", "invisible@1(U+FEFF)"},
		{"soft hyphen", "4b9d3f1c-2a7e-4c1d\u00ad-9f0a-6e2b8c7d5a31", false, "", "invisible@19(U+00AD)"},
		{"space inside", "4b9d3f1c -2a7e-4c1d-9f0a-6e2b8c7d5a31", false, "", "whitespace@9(U+0020)"},
		{"nil GUID", "00000000-0000-0000-0000-000000000000", false, "", "nil"},
		{"domain", "contoso.onmicrosoft.com", false, "", "domain"},
		{"internationalised domain", "müller-gmbh.de", false, "", "domain"},
		{"e-mail address", "admin@contoso.com", false, "", "domain"},
		{"empty", "", false, "", "empty"},
		{"only white space", " \t ", false, "", "whitespace@1(U+0020) whitespace@2(U+0009) whitespace@3(U+0020) empty"},
		{"several problems with positions", "4b9d3f1c-2а7e-4c1d-9f0a-6e2b8c7d5a3\u200b1", false, "", "lookalike@11(U+0430)~a invisible@36(U+200B)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckTenantID(tt.in)
			if got.Valid != tt.valid || got.Canonical != tt.canonical {
				t.Errorf("valid=%v canonical=%q; want valid=%v canonical=%q", got.Valid, got.Canonical, tt.valid, tt.canonical)
			}
			if ps := problemsString(got.Problems); ps != tt.problems {
				t.Errorf("problems\n got: %s\nwant: %s", ps, tt.problems)
			}
		})
	}
}

func TestTenantProblemTextsExistInBothLanguages(t *testing.T) {
	cat := scenarios.Embedded()
	kinds := []ProblemKind{ProblemEmpty, ProblemWhitespace, ProblemBraces, ProblemURNPrefix, ProblemMissingHyphens,
		ProblemHyphens, ProblemWrongLength, ProblemNonHex, ProblemLookalike, ProblemInvisible, ProblemNil, ProblemDomain}
	for _, k := range kinds {
		for _, lang := range scenarios.Langs {
			text := TenantProblem{Kind: k, Pos: 3, Char: 'x', Like: 'y', N: 5}.Text(cat, lang)
			if text == "" || strings.Contains(text, "{") {
				t.Errorf("%s/%s: text %q is missing or not filled in", k, lang, text)
			}
		}
	}
}

func TestDescribeRune(t *testing.T) {
	tests := map[rune]string{
		'а':          `"а" U+0430 CYRILLIC SMALL LETTER A`,
		'\u200b':     "U+200B ZERO WIDTH SPACE",
		' ':          "U+0020 SPACE",
		'g':          `"g" U+0067`,
		'\x1b':       "U+001B",
		'😀':          `"😀" U+1F600`,
		'\U0010FFFF': "U+10FFFF",
	}
	for r, want := range tests {
		if got := DescribeRune(r); got != want {
			t.Errorf("DescribeRune(%U) = %q, want %q", r, got, want)
		}
	}
}

func TestFirstDifference(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"abc", "abd", 3}, {"abc", "xbc", 1}, {"ab", "abc", 3}, {"aä", "ab", 2},
		{"äöü", "äöx", 3}, {"", "a", 1}, {"same", "same", 5}, {"a\xffb", "a\xfec", 3}, // positions count characters
	}
	for _, tt := range tests {
		if got := FirstDifference(tt.a, tt.b); got != tt.want {
			t.Errorf("FirstDifference(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzCheckTenantID(f *testing.F) {
	for _, s := range []string{goodID, " {" + goodID + "} ", "urn:uuid:" + goodID, "contoso.com", "4b9d3f1c-2а7e", "\u200b", "",
		strings.ToUpper(goodID), strings.Replace(goodID, "-", "g", 1), "00000000-0000-0000-0000-000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CheckTenantID(s)
		if canonical, ok := plainGUID(s); ok {
			// The fast path takes only what the full check takes without a problem.
			var full TenantID
			full.checkCore(s, 0)
			if !full.Valid || full.Canonical != canonical || len(full.Problems) != 0 {
				t.Fatalf("plainGUID took %q as %q; the full check: %+v", s, canonical, full)
			}
		}
		if !got.Valid {
			if got.Canonical != "" {
				t.Fatalf("invalid ID %q has a canonical form %q", s, got.Canonical)
			}
			if len(got.Problems) == 0 {
				t.Fatalf("invalid ID %q without a problem", s)
			}
			return
		}
		again := CheckTenantID(got.Canonical)
		if !again.Valid || again.Canonical != got.Canonical || len(again.Problems) != 0 {
			t.Fatalf("canonical form %q of %q is not canonical: %+v", got.Canonical, s, again)
		}
		for _, p := range got.Problems {
			if !p.Fixable {
				t.Fatalf("valid ID %q with an unfixable problem %+v", s, p)
			}
		}
		if n := len([]rune(s)); len(got.Problems) > 0 && got.Problems[len(got.Problems)-1].Pos > n {
			t.Fatalf("problem position beyond the input: %+v", got.Problems)
		}
	})
}

// alignment renders an alignment as three rows for comparison; gaps are "_".
func alignment(cols []DiffColumn) string {
	var top, bottom, marks strings.Builder
	for _, c := range cols {
		for _, side := range []struct {
			b *strings.Builder
			r rune
		}{{&top, c.Entered}, {&bottom, c.Confirmed}} {
			if side.r == 0 {
				side.b.WriteRune('_')
			} else {
				side.b.WriteRune(side.r)
			}
		}
		marks.WriteByte(byte(c.Op))
	}
	return top.String() + "|" + bottom.String() + "|" + marks.String()
}

func TestAlignTenantIDs(t *testing.T) {
	tests := []struct {
		name, entered, confirmed, want string
	}{
		{"equal after normalisation", " {" + strings.ToUpper(goodID) + "} ", goodID, goodID + "|" + goodID + "|" + strings.Repeat(" ", 36)},
		{"one changed", "ab1d", "abcd", "ab1d|abcd|  ^ "},
		{"one extra (invisible)", "ab\u200bcd", "abcd", "ab\u200bcd|ab_cd|  +  "},
		{"one missing", "abd", "abcd", "ab_d|abcd|  - "},
		{"look-alike is a change", "4b9d3f1c-2а7e", "4b9d3f1c-2a7e", "4b9d3f1c-2а7e|4b9d3f1c-2a7e|          ^  "},
		{"swapped digits", "ab12", "ab21", "ab12|ab21|  ^^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := alignment(AlignTenantIDs(tt.entered, tt.confirmed)); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
