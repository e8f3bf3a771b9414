//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "case.json")
	os.WriteFile(file, []byte("{}"), 0o600)
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	linkToFile := filepath.Join(dir, "link.json")
	os.Symlink(file, linkToFile)
	linkToFifo := filepath.Join(dir, "link-fifo.json")
	os.Symlink(fifo, linkToFifo)
	linkToDevice := filepath.Join(dir, "link-null.json")
	os.Symlink("/dev/null", linkToDevice)
	tests := []struct {
		path  string
		links bool
		ok    bool
		mode  fs.FileMode
		link  bool
	}{
		{path: file, ok: true},
		{path: file, links: true, ok: true},
		{path: linkToFile, links: true, ok: true},
		{path: linkToFile, mode: fs.ModeSymlink},
		{path: fifo, links: true, mode: fs.ModeNamedPipe},
		{path: linkToFifo, links: true, mode: fs.ModeNamedPipe, link: true},
		{path: linkToFifo, mode: fs.ModeSymlink},
		{path: linkToDevice, links: true, mode: fs.ModeDevice, link: true},
		{path: "/dev/zero", links: true, mode: fs.ModeDevice},
		{path: dir, links: true, mode: fs.ModeDir},
	}
	for _, tt := range tests {
		f, err := OpenRegular(tt.path, tt.links)
		if tt.ok {
			if err != nil {
				t.Errorf("%s: %v", tt.path, err)
			} else {
				f.Close()
			}
			continue
		}
		var nr *NotRegularError
		if !errors.As(err, &nr) || nr.Mode&tt.mode == 0 || nr.Link != tt.link {
			t.Errorf("%s (links %v): %v, want a NotRegularError for %v (link %v)", filepath.Base(tt.path), tt.links, err, tt.mode, tt.link)
		}
	}
}

// TestLockFileMustBeAFile: a pipe or link in the lock file's place is refused, never waited on.
func TestLockFileMustBeAFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	if err := syscall.Mkfifo(LockPath(path), 0o600); err != nil {
		t.Fatal(err)
	}
	var nr *NotRegularError
	if _, err := TryLock(path); !errors.As(err, &nr) {
		t.Errorf("lock through a pipe: %v", err)
	}
	path = filepath.Join(dir, "other.json")
	os.Symlink(filepath.Join(dir, "victim"), LockPath(path))
	if _, err := TryLock(path); !errors.As(err, &nr) {
		t.Errorf("lock through a link: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "victim")); err == nil {
		t.Error("the link's target was created")
	}
}
