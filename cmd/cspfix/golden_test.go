package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testEnv is an env with captured output, no terminal, and a fixed clock.
func testEnv(stdin string, vars map[string]string) (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &env{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errOut,
		getenv: func(k string) string { return vars[k] },
		now:    testkit.Clock,
	}, &out, &errOut
}

// TestGolden pins the renderings of every example in every format and language.
func TestGolden(t *testing.T) {
	examples, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	examples = append(examples, "../../examples/batch.jsonl", "../../examples/crm-export.csv")
	for _, path := range examples {
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		for _, lang := range []string{"en", "de"} {
			for _, format := range []struct{ flag, ext string }{{"text", "txt"}, {"markdown", "md"}, {"json", "jsonl"}, {"csv", "csv"}} {
				golden := filepath.Join("testdata", "golden", name+"."+lang+"."+format.ext)
				t.Run(filepath.Base(golden), func(t *testing.T) {
					e, out, _ := testEnv("", nil)
					code := run(e, []string{"diagnose", "--answers", path, "--lang", lang, "-o", format.flag, "--now", "2026-11-20T12:00:00+01:00",
						"--tz", "Europe/Berlin"})
					if want := map[bool]int{true: exitInvalid, false: exitOK}[name == "batch" || name == "crm-export"]; code != want {
						t.Fatalf("exit %d, want %d", code, want)
					}
					compareGolden(t, golden, out.Bytes())
				})
			}
		}
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
		t.Fatalf("%v (run go test ./cmd/cspfix -run TestGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update after checking the change):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
