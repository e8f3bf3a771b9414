//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

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
