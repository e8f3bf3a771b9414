package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit"
)

// TestManPages runs the generator as the release does, from a build with -tags gendocs and with
// SOURCE_DATE_EPOCH set to the commit's time: twice, for the same bytes, dated by the sources.
func TestManPages(t *testing.T) {
	bin := testkit.Binary(t, "-tags", "gendocs")
	gen := func(dir, lang string) {
		t.Helper()
		cmd := exec.Command(bin, "gen-docs", "--man", dir, "--lang", lang)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1700000000") // 2023-11-14
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", lang, err, out)
		}
	}
	for lang, want := range map[string]string{"en": "Write the support ticket that partner support needs", "de": "Das Support-Ticket schreiben"} {
		dir, again := t.TempDir(), t.TempDir()
		gen(dir, lang)
		gen(again, lang)
		pages, _ := filepath.Glob(filepath.Join(dir, "*.1"))
		for _, page := range pages {
			a, _ := os.ReadFile(page)
			b, err := os.ReadFile(filepath.Join(again, filepath.Base(page)))
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs between two runs (%v)", lang, filepath.Base(page), err)
			}
			if !bytes.Contains(a, []byte(`.TH "CSPFIX" "1" "Nov 2023" "cspfix `)) {
				t.Errorf("%s: %s is not dated by SOURCE_DATE_EPOCH:\n%.120s", lang, filepath.Base(page), a)
			}
		}
		for _, page := range []string{"cspfix.1", "cspfix-diagnose.1", "cspfix-ticket.1", "cspfix-tenant-check.1", "cspfix-checklist.1", "cspfix-schema.1", "cspfix-completion-bash.1"} {
			if _, err := os.Stat(filepath.Join(dir, page)); err != nil {
				t.Errorf("%s: %v", lang, err)
			}
		}
		ticket, _ := os.ReadFile(filepath.Join(dir, "cspfix-ticket.1"))
		if !strings.HasPrefix(string(ticket), ".nh\n.TH \"CSPFIX\" \"1\"") || !strings.Contains(string(ticket), want) {
			t.Errorf("%s: cspfix-ticket.1:\n%.300s", lang, ticket)
		}
		if _, err := os.Stat(filepath.Join(dir, "cspfix-gen-docs.1")); err == nil {
			t.Errorf("the hidden generator must not get a man page")
		}
	}
}

// TestDefaultBinaryLeavesOutTheDocGenerator keeps cobra's man page writer, and the Markdown and
// YAML packages it initialises at start-up, out of the binary users run.
func TestDefaultBinaryLeavesOutTheDocGenerator(t *testing.T) {
	for _, tt := range []struct {
		tags string
		want bool
	}{{"", false}, {"gendocs", true}} {
		out, err := exec.Command("go", "list", "-tags", tt.tags, "-deps", ".").Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		deps := strings.Fields(string(out))
		if got := slices.Contains(deps, "github.com/spf13/cobra/doc"); got != tt.want {
			t.Errorf("tags %q: links cobra/doc = %v, want %v", tt.tags, got, tt.want)
		}
	}
	e, _, errOut := testEnv("", nil)
	if code := run(e, []string{"gen-docs", "--man", t.TempDir()}); code != exitUsage {
		t.Errorf("gen-docs in the default build: exit %d, want %d (%s)", code, exitUsage, errOut)
	}
}

// TestBinaryLeavesOutTestCode: the helpers and libraries only tests and generators use never
// reach the binary (go/format, behind the catalog's generator, would cost start-up time).
func TestBinaryLeavesOutTestCode(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, testOnly := range []string{"internal/testkit", "walkthroughtest", "yuin/goldmark", "go-json-experiment", "jsonschema", "go-internal/testscript", "scenarios/internal/gosource", "go/format"} {
			if strings.Contains(dep, testOnly) {
				t.Errorf("the binary links %s", dep)
			}
		}
	}
}
