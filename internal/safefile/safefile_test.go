package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
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
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode())
	}
}

// TestWriteFileHonoursTheUmask: a stricter umask takes away from 0600, as for any new file.
func TestWriteFileHonoursTheUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "ticket.txt")
	if err := WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v with umask 077, want 0600", fi.Mode())
	}
	syscall.Umask(0o377)
	path = filepath.Join(t.TempDir(), "ticket.txt")
	if err := WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o400 {
		t.Errorf("mode %v with umask 377, want 0400", fi.Mode())
	}
}

// TestWriteFileRefusesWhatIsNotARegularFile: links, pipes, directories and devices stay as they
// are, and so does what a link points to.
func TestWriteFileRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim.txt")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.json")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{link, dangling, fifo, sub, "/dev/null"} {
		before, _ := os.Lstat(target)
		err := WriteFile(target, []byte("new"), 0o600)
		var nr *NotRegularError
		if !errors.As(err, &nr) {
			t.Errorf("%s: err %v, want a NotRegularError", target, err)
			continue
		}
		after, _ := os.Lstat(target)
		if before.Mode() != after.Mode() || !os.SameFile(before, after) {
			t.Errorf("%s was changed: %v → %v", target, before.Mode(), after.Mode())
		}
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious" {
		t.Errorf("written through the link: %q", got)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("a dangling link's target was created")
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
