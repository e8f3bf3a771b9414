package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/safefile"
)

// TestOutDirNeverNamesADevice: cases whose IDs Windows keeps for devices (CON, NUL, COM1, LPT1,
// in any case, with an extension or trailing dots) get the next free name, on every system.
func TestOutDirNeverNamesADevice(t *testing.T) {
	batch := `{"id":"CON","answers":{"other_csp":"yes"}}
{"id":"nul.txt","answers":{"other_csp":"yes"}}
{"id":"Com1","answers":{"other_csp":"yes"}}
{"id":"LPT1. .","answers":{"other_csp":"yes"}}
{"id":"console","answers":{"other_csp":"yes"}}
`
	dir := filepath.Join(t.TempDir(), "out")
	e, _, errOut := testEnv(batch, nil)
	if code := run(e, []string{"message", "-o", "markdown", "--out-dir", dir, testNowFlag}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if safefile.Reserved(e.Name()) {
			t.Errorf("%s names a device on Windows", e.Name())
		}
		got = append(got, e.Name())
	}
	want := []string{"com1-2.md", "con-2.md", "console.md", "lpt1-2.md", "nul-txt.md"}
	if !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if !strings.Contains(errOut.String(), "wrote 5 files") {
		t.Errorf("stderr: %s", errOut)
	}
}
