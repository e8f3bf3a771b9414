//go:build unix

package casefile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
)

// TestLoadReadsOnlyRegularFiles: a named pipe, a device or a link where a saved case is
// expected is refused at once; nothing waits for a writer that never comes.
func TestLoadReadsOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "real.json"), `{"id":"real"}`)
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Symlink(filepath.Join(dir, "fifo.json"), filepath.Join(dir, "d1.json"))
	os.Symlink(filepath.Join(dir, "real.json"), filepath.Join(dir, "link.json"))
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.json"))
	for _, name := range []string{"fifo.json", "d1.json", "link.json", "zero.json"} {
		var nr *safefile.NotRegularError
		if _, err := Load(testmodel.Embedded(), filepath.Join(dir, name)); !errors.As(err, &nr) {
			t.Errorf("Load %s: %v", name, err)
		}
		if _, err := Hold(testmodel.Embedded(), filepath.Join(dir, name)); !errors.As(err, &nr) {
			t.Errorf("Hold %s: %v", name, err)
		}
	}
	for _, id := range []string{"d1", "fifo", "zero"} {
		if _, err := Find(testmodel.Embedded(), dir, id); !errors.Is(err, ErrNoSuchCase) {
			t.Errorf("Find %s: %v", id, err)
		}
	}
	n := 0
	Each(testmodel.Embedded(), dir, func(Saved) error { n++; return nil })
	if n != 1 {
		t.Errorf("listed %d files, want the one regular file", n)
	}
}
