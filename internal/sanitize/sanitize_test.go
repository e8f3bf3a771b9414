package sanitize

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// hostile are inputs that try to act on a terminal or on Markdown instead of being read.
var hostile = []string{
	"plain",
	"\x1b[2J\x1b[H",                       // clear the screen
	"\x1b]0;owned\x07title",               // set the window title
	"\x1b]52;c;aGVsbG8=\x07clip",          // write the clipboard (OSC 52)
	"\x1b]8;;https://evil.example\x1b\\x", // a hidden hyperlink
	"\x1bPdevice\x1b\\",                   // DCS
	"a\u009b2Jb",                          // C1 CSI
	"tab\there\nnew\rline",
	"rlo\u202eevil\u202c", "lri\u2066x\u2069", "alm\u061cx", "lrm\u200e\u200f",
	"zero\u200bwidth\u200c\u200d", "wj\u2060", "bom\ufeff", "soft\u00adhyphen",
	"tag\U000E0041\U000E007F\U000E0000", "ann\ufff9x\ufffay\ufffb", "\u206e\u206fdeprecated",
	"line\u2028para\u2029", "bad \xff\xfe utf8", "nul\x00del\x7f",
	"# heading", "## x", "x #", "1) list", "1. list", "12345. x", "+ list", "- list", "* list",
	"> quote", "    code", "\tcode", "~~~\ncode", "```go", "~~strike~~", "*em* _em_ **strong** __s__",
	"[link](https://evil.example)", "![img](x.png)", "<script>alert(1)</script>", "<b>bold</b>",
	"https://evil.example/x", "http://a.b", "www.evil.example", "WWW.Evil.example", "mail me@evil.example",
	"&#x202E;", "&#x1b;", "&amp;", "&lt;b&gt;", "&copy;", "a | b | c", "|---|---|", "===", "---", "***",
	"trailing  ", "  leading", "   ", "", "back\\slash\\", "[ ] task", "- [x] done", "<http://x.y>",
	"foo\\\nbar", "a*b*c", "snake_case_name", "x~y~z", ":smile:", "[^1]", "$x$",
	"Contoso GmbH (Berlin)", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", "Müller & Söhne",
}

func TestUnsafe(t *testing.T) {
	for _, r := range []rune{0, 0x1b, 0x7f, 0x85, 0x9b, 0x00ad, 0x061c, 0x200b, 0x200e, 0x202e, 0x2028,
		0x2060, 0x2066, 0x206e, 0x206f, 0xfeff, 0xfff9, 0xfffb, 0xe0000, 0xe0001, 0xe0041, 0xe007f} {
		if !Unsafe(r) {
			t.Errorf("U+%04X is not unsafe", r)
		}
	}
	for _, r := range []rune{' ', 'a', 'ä', 'а', 0xa0, 0xfffd, '€', 0x1f600} {
		if Unsafe(r) {
			t.Errorf("U+%04X is unsafe", r)
		}
	}
}

func TestText(t *testing.T) {
	tests := map[string]string{
		"plain":                             "plain",
		"\x1b[2J\x1b[Hx":                    "x",
		"\x1b]0;owned\x07title":             "title",
		"\x1b]52;c;aGVsbG8=\x07clip":        "clip",
		"\x1b]8;;https://e\x1b\\x":          "x",
		"tab\there\nnew\rline":              "tab here new line",
		"rlo\u202eevil\u202c":               "rloevil",
		"zero\u200bwidth":                   "zerowidth",
		"tag\U000E0041":                     "tag",
		"soft\u00adhyphen":                  "softhyphen",
		"bad \xff utf8":                     "bad \ufffd utf8",
		"a\u009b2Jb":                        "a2Jb",
		"Müller & Söhne":                    "Müller & Söhne",
		"\x1b":                              "",
		"unterminated \x1b]0;title forever": "unterminated ",
	}
	for in, want := range tests {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExact(t *testing.T) {
	tests := map[string]string{
		"4b9d3f1c":         "4b9d3f1c",
		"a\u200bb":         `a\u200bb`,
		"\x1b]0;x\x07":     `\u001b]0;x\u0007`,
		"rlo\u202e":        `rlo\u202e`,
		"tag\U000E0041":    `tag\U000e0041`,
		"bad\xff":          `bad\xff`,
		"quote\"back\\":    `quote"back\`,
		"Cyrillic а stays": "Cyrillic а stays",
	}
	for in, want := range tests {
		if got := Exact(in); got != want {
			t.Errorf("Exact(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := Quote("a\"b\\c\u200b"), `"a\"b\\c\u200b"`; got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		head string
		more int
	}{
		{"short", 10, "short", 0},
		{"exactly10!", 10, "exactly10!", 0},
		{"äöüäöüäöü", 9, "äöüäöüäöü", 0},
		{"äöüäöüäöüx", 9, "äöüäöüäöü", 1},
		{strings.Repeat("x", 1000), 3, "xxx", 997},
	}
	for _, tt := range tests {
		head, more := Cut(tt.in, tt.max)
		if head != tt.head || more != tt.more {
			t.Errorf("Cut(%.20q, %d) = %q, %d; want %q, %d", tt.in, tt.max, head, more, tt.head, tt.more)
		}
	}
}

// TestShellRoundTrip pastes each quoted word into bash: it must name exactly the input again.
func TestShellRoundTrip(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	words := append([]string{"case.json", "with space.json", "it's.json", "$(rm -rf x)", "a\"b", "-dash"}, hostile...)
	for _, w := range words {
		if strings.ContainsRune(w, 0) || !utf8.ValidString(w) {
			continue // neither can be an argument to a process
		}
		q := Shell(w)
		if !safe(q) {
			t.Errorf("Shell(%q) = %q holds unsafe characters", w, q)
		}
		out, err := exec.Command(bash, "-c", "printf %s "+q).Output()
		if err != nil || string(out) != w {
			t.Errorf("bash read Shell(%q) = %s as %q (%v)", w, q, out, err)
		}
	}
}

// markdown renders like GitHub: CommonMark with tables, strikethrough, task lists and bare URLs
// turned into links.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// checkMarkdown renders Markdown(s) in each place cspfix puts input and requires that the HTML
// holds Text(s) as plain text: no element besides the one cspfix made, nothing interpreted.
func checkMarkdown(t *testing.T, s string) {
	t.Helper()
	esc := Markdown(s)
	want := htmlText(Text(s))
	for _, place := range []struct{ source, prefix, suffix string }{
		{"%s", "<p>", "</p>\n"},
		{"- %s", "<ul>\n<li>", "</li>\n</ul>\n"},
		{"1. %s", "<ol>\n<li>", "</li>\n</ol>\n"},
		{"## %s", "<h2>", "</h2>\n"},
		{"**Label:** %s", "<p><strong>Label:</strong> ", "</p>\n"},
		{"**%s**", "<p><strong>", "</strong></p>\n"},
		{"Intro line\n%s", "<p>Intro line\n", "</p>\n"},
	} {
		source := strings.Replace(place.source, "%s", esc, 1)
		var out bytes.Buffer
		if err := markdown.Convert([]byte(source), &out); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(want) == "" {
			continue // an empty paragraph renders as nothing, which is fine
		}
		if got := out.String(); got != place.prefix+want+place.suffix {
			t.Errorf("%q as %q\nsource %q\nrendered %q\nwant     %q", s, place.source, source, got, place.prefix+want+place.suffix)
		}
	}
}

// htmlText is s as goldmark writes text: with &, <, > and " escaped.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func TestMarkdownRendersAsText(t *testing.T) {
	for _, s := range hostile {
		checkMarkdown(t, s)
	}
}

func TestMarkdownStaysReadable(t *testing.T) {
	for in, want := range map[string]string{
		"Contoso GmbH (Berlin), Tel. 030/123":   "Contoso GmbH (Berlin), Tel. 030/123",
		"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31":  "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31",
		"contoso.onmicrosoft.com at 09:14 UTC.": "contoso.onmicrosoft.com at 09:14 UTC.",
	} {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q) = %q, want it unchanged", in, got)
		}
	}
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkMarkdown(t, s)
	})
}

func FuzzText(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, got := range map[string]string{"Text": Text(s), "Exact": Exact(s), "Quote": Quote(s), "Shell": Shell(s)} {
			if !utf8.ValidString(got) {
				t.Fatalf("%s(%q) = %q is not UTF-8", name, s, got)
			}
			for _, r := range got {
				if Unsafe(r) && !(name == "Shell" && r == 0) {
					t.Fatalf("%s(%q) = %q holds U+%04X", name, s, got, r)
				}
			}
		}
		if once := Text(s); Text(once) != once {
			t.Fatalf("Text is not idempotent on %q", s)
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, Unsafe) && Exact(s) != s {
			t.Fatalf("Exact changed safe text %q", s)
		}
	})
}
