package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testEnv is an env with captured output, no terminal, and a fixed clock; its catalog is the
// one the binary carries, with the model the tests share.
func testEnv(stdin string, vars map[string]string) (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &env{
		stdin:    strings.NewReader(stdin),
		stdout:   &out,
		stderr:   &errOut,
		getenv:   func(k string) string { return vars[k] },
		now:      testkit.Clock,
		catalog:  testmodel.Embedded().Catalog,
		compiled: func() (*diagnose.Model, error) { return testmodel.Embedded(), nil },
		online:   testOnline(),
	}, &out, &errOut
}

// testTexts are the texts of the catalog the binary carries in lang.
func testTexts(lang scenarios.Lang) scenarios.Texts { return testmodel.Embedded().Catalog.In(lang) }

// Golden files pin whole outputs where a whole output is the point: one for each output format
// (the batch of examples/batch.jsonl, in English) and one for each scenario in each language
// (its example's text). Everything else is held by targeted assertions (examples_test.go,
// testdata/script), so that a new question or text changes a handful of golden files.

// goldenFormats are the formats of diagnose and the extensions of their golden files.
var goldenFormats = []struct{ flag, ext string }{{"text", "txt"}, {"markdown", "md"}, {"json", "jsonl"}, {"csv", "csv"}}

// scenarioExamples are the examples, one for each scenario, whose outputs are pinned in both
// languages.
var scenarioExamples = []string{"a-other-partner", "b-pending-invitation", "c-wrong-tenant-id", "d-recent-change", "e-support",
	"f-agreement-confirmation", "g-name-taken"}

// TestGolden pins the batch in every format, and each scenario's example in each language.
func TestGolden(t *testing.T) {
	type goldenRun struct{ name, lang, flag, ext string }
	var runs []goldenRun
	for _, f := range goldenFormats {
		runs = append(runs, goldenRun{"batch", "en", f.flag, f.ext})
	}
	for _, name := range scenarioExamples {
		for _, lang := range []string{"en", "de"} {
			runs = append(runs, goldenRun{name, lang, "text", "txt"})
		}
	}
	for _, r := range runs {
		golden := filepath.Join("testdata", "golden", r.name+"."+r.lang+"."+r.ext)
		t.Run(filepath.Base(golden), func(t *testing.T) {
			path := "../../../examples/" + r.name + ".json"
			if r.name == "batch" {
				path = "../../../examples/batch.jsonl"
			}
			e, out, _ := testEnv("", nil)
			code := run(e, []string{"diagnose", "--answers", path, "--lang", r.lang, "-o", r.flag, "--now", "2026-11-20T12:00:00+01:00",
				"--tz", "Europe/Berlin"})
			if want := map[bool]int{true: exitInvalid, false: exitOK}[r.name == "batch"]; code != want {
				t.Fatalf("exit %d, want %d", code, want)
			}
			compareGolden(t, golden, out.Bytes())
		})
	}
}

// goldenFiles are the golden files the tests pin; TestNoStaleGoldenFiles holds the folder to it.
func goldenFiles() []string {
	var files []string
	for _, f := range goldenFormats {
		files = append(files, "batch.en."+f.ext)
	}
	for _, name := range scenarioExamples {
		for _, lang := range []string{"en", "de"} {
			files = append(files, name+"."+lang+".txt", "message-"+name+"."+lang+".txt")
		}
	}
	files = append(files, "message-b-pending-invitation.en.md", "message-b-pending-invitation.en.eml", "message-incomplete.en.txt",
		"ticket-e-support.en.txt", "ticket-e-support.en.md", "ticket-e-support.de.txt")
	return files
}

// TestNoStaleGoldenFiles: the folder of golden files holds those the tests pin, no others.
func TestNoStaleGoldenFiles(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	want := goldenFiles()
	var stale []string
	for _, e := range entries {
		if !slices.Contains(want, e.Name()) {
			stale = append(stale, e.Name())
		}
	}
	if len(stale) > 0 || len(entries) != len(want) {
		t.Errorf("%d golden files, the tests pin %d; not pinned: %v", len(entries), len(want), stale)
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/internal/cli -run TestGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update after checking the change):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
