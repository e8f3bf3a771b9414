package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/testkit"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "case.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "new" {
		t.Fatalf("got %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	if fi, _ := os.Stat(path); testkit.UnixModes && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode())
	}
}

func TestCreateReservesAName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "case.json")
	if err := Create(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Create(path, 0o600); !errors.Is(err, os.ErrExist) {
		t.Errorf("second Create: %v, want ErrExist", err)
	}
}

// TestCleanStale removes the temporary files of runs that were killed (their process is gone,
// or they are old), and keeps those of a run still writing and everything else.
func TestCleanStale(t *testing.T) {
	dir := t.TempDir()
	dead := deadPID(t)
	files := map[string]bool{ // name → removed
		".case.json." + strconv.Itoa(dead) + ".0a1b2c3d4e5f" + tempSuffix:         true,
		".case.json." + strconv.Itoa(os.Getppid()) + ".0a1b2c3d4e5f" + tempSuffix: false, // alive
		".old.json." + strconv.Itoa(os.Getppid()) + ".aaaaaaaaaaaa" + tempSuffix:  true,  // alive but old
		"case.json":     false,
		".hidden":       false,
		".x.cspfix-tmp": false, // not our pattern
	}
	for name := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("customer data"), 0o600); err != nil {
			t.Fatal(err)
		}
		if name[:4] == ".old" {
			past := time.Now().Add(-2 * staleAfter)
			if err := os.Chtimes(path, past, past); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := WriteFile(filepath.Join(dir, "other.json"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, removed := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone := os.IsNotExist(err); gone != removed {
			t.Errorf("%s: removed %v, want %v", name, gone, removed)
		}
	}
}

// deadPID is the ID of a process that has ended.
func deadPID(t *testing.T) int {
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Skip("cannot start a process:", err)
	}
	if _, err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	return p.Pid
}

func TestWriteFileFailsWithoutLeavingTheOldFileHalfWritten(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(filepath.Join(dir, "missing-dir", "x.json"), []byte("x"), 0o600); err == nil {
		t.Fatal("want an error for a missing directory")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("files left behind: %v", entries)
	}
}
