package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/cspfix/cspfix/internal/sanitize"
)

// TestHostileCorpus runs every file of testdata/hostile through diagnose and ticket in every
// format. A file's name starts with the exit code it must give. Whatever the file holds, no
// unsafe character reaches the text or Markdown (or JSON unescaped), Markdown renders to
// nothing but cspfix's own structure, JSON is JSON, and no file name, escape sequence or
// stack trace appears on stderr.
func TestHostileCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*")
	if err != nil || len(files) < 15 {
		t.Fatalf("corpus: %v %v", files, err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		want, err := strconv.Atoi(name[:strings.IndexByte(name, '-')])
		if err != nil {
			t.Fatalf("%s: the name must start with the exit code", name)
		}
		for _, args := range [][]string{
			{"diagnose"}, {"diagnose", "-o", "markdown"}, {"diagnose", "-o", "json"},
			{"ticket"}, {"ticket", "-o", "markdown"}, {"ticket", "-o", "json"},
			{"diagnose", "--lang", "de"}, {"ticket", "--ticket-lang", "de", "-o", "markdown"},
		} {
			t.Run(name+"/"+strings.Join(args, "_"), func(t *testing.T) {
				e, out, errOut := testEnv("", nil)
				code := run(e, append(args, "--answers", path, "--now", "2026-11-20T12:00:00+01:00"))
				if code != want {
					t.Fatalf("exit %d, want %d; stderr:\n%s", code, want, errOut)
				}
				checkNoUnsafe(t, "stderr", errOut.String())
				if strings.Contains(errOut.String(), "goroutine ") || strings.Contains(errOut.String(), "panic") {
					t.Fatalf("stack trace:\n%s", errOut)
				}
				switch {
				case strings.Contains(strings.Join(args, " "), "json"):
					for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
						if line != "" && !json.Valid([]byte(line)) {
							t.Errorf("not JSON: %.200q", line)
						}
					}
					checkNoUnsafe(t, "JSON", out.String())
				case strings.Contains(strings.Join(args, " "), "markdown"):
					checkNoUnsafe(t, "Markdown", out.String())
					checkMarkdownStructure(t, out.Bytes())
				default:
					checkNoUnsafe(t, "text", out.String())
				}
			})
		}
	}
}

func checkNoUnsafe(t *testing.T, where, s string) {
	t.Helper()
	for i, r := range s {
		if sanitize.Unsafe(r) && r != '\n' {
			t.Fatalf("%s holds U+%04X at byte %d: …%q…", where, r, i, s[max(0, i-40):min(len(s), i+40)])
		}
	}
}

// ownElements are what cspfix's own Markdown makes (br: the line breaks of a quoted error text);
// field paths are its only code spans.
var (
	ownElements = map[string]bool{"h2": true, "h3": true, "p": true, "ul": true, "ol": true, "li": true,
		"strong": true, "hr": true, "blockquote": true, "code": true, "br": true}
	htmlTag   = regexp.MustCompile(`<(/?)([a-z0-9]+)[^>]*>`)
	codeSpan  = regexp.MustCompile(`<code>([^<]*)</code>`)
	fieldPath = regexp.MustCompile(`^[a-z_$]+(\.[a-z_]+|\[\d*\])*$`)
	gfm       = goldmark.New(goldmark.WithExtensions(extension.GFM))
)

// checkMarkdownStructure renders Markdown as GitHub would and fails on any element cspfix does
// not make itself: a link, an image, HTML, strikethrough, a table, a code block.
func checkMarkdownStructure(t *testing.T, md []byte) {
	t.Helper()
	var html bytes.Buffer
	if err := gfm.Convert(md, &html); err != nil {
		t.Fatal(err)
	}
	for _, m := range htmlTag.FindAllStringSubmatch(html.String(), -1) {
		if !ownElements[m[2]] {
			t.Errorf("Markdown made <%s>:\n%s", m[2], html.String())
			return
		}
	}
	for _, m := range codeSpan.FindAllStringSubmatch(html.String(), -1) {
		if !fieldPath.MatchString(m[1]) {
			t.Errorf("a code span holds %q, not a field path", m[1])
		}
	}
}

// TestHostileCorpusInATerminal shows the hostile case in a real terminal: the window title, the
// screen and the clipboard stay as they were.
func TestHostileCorpusInATerminal(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"0-hostile-text-everywhere.json", "3-escape-sequences-in-invalid-id.jsonl"} {
		data, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	term := openTerminal(t, dir, "echo BEFORE; cspfix diagnose --answers 0-hostile-text-everywhere.json; "+
		"cspfix ticket --answers 0-hostile-text-everywhere.json; cspfix diagnose --answers 3-escape-sequences-in-invalid-id.jsonl; "+
		"echo AFTER; sleep 60")
	if _, err := term.tmux("set-option", "-g", "set-clipboard", "on"); err != nil {
		t.Fatal(err)
	}
	term.waitFor("AFTER")
	screen := term.screen()
	if !strings.Contains(screen, "BEFORE") {
		t.Errorf("the screen was cleared:\n%s", screen)
	}
	if title, _ := term.tmux("display-message", "-p", "#{pane_title}"); strings.Contains(title, "owned") {
		t.Errorf("the window title was set: %q", title)
	}
	if buffers, _ := term.tmux("list-buffers"); strings.TrimSpace(buffers) != "" {
		t.Errorf("something reached the clipboard: %q", buffers)
	}
	if strings.Contains(screen, "gnp.exe") && !strings.Contains(screen, "gnp.exe # Heading") {
		t.Errorf("the right-to-left override reordered the text:\n%s", screen)
	}
}
