//go:build unix

package config

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/scenarios"
)

// otherUser makes path belong to another user than the one the settings must belong to: as
// root by giving it away, else by pretending to be someone else.
func otherUser(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() == 0 {
		if err := os.Chown(path, 4242, 4242); err != nil {
			t.Skip(err)
		}
		return
	}
	me := os.Geteuid()
	euid = func() int { return me + 1 }
	t.Cleanup(func() { euid = os.Geteuid })
}

// TestSettingsOthersCouldWriteAreRefused: a settings file that belongs to another user, that
// others may write, or that sits in a folder others may write is not used, as ssh refuses such
// keys; the folder's sticky bit (as on /tmp) keeps others from replacing it.
func TestSettingsOthersCouldWriteAreRefused(t *testing.T) {
	good := `{"contact":{"email":"anna@fabrikam.example"}}`
	tests := []struct {
		name     string
		prepare  func(t *testing.T, dir, path string)
		owner    bool // refused as another user's
		writable bool // refused as writable by others
		dirAt    string
	}{
		{name: "own file", prepare: func(*testing.T, string, string) {}},
		{name: "another user's file", owner: true, prepare: func(t *testing.T, _, path string) { otherUser(t, path) }},
		{name: "file others may write", writable: true, prepare: func(_ *testing.T, _, path string) { os.Chmod(path, 0o666) }},
		{name: "file its group may write", writable: true, prepare: func(_ *testing.T, _, path string) { os.Chmod(path, 0o620) }},
		{name: "folder others may write", writable: true, dirAt: "cspfix", prepare: func(_ *testing.T, dir, _ string) { os.Chmod(dir, 0o777) }},
		{name: "sticky folder", prepare: func(_ *testing.T, dir, _ string) { os.Chmod(dir, 0o777|os.ModeSticky) }},
		{name: "link into a folder others may write", writable: true, dirAt: "shared", prepare: func(t *testing.T, dir, path string) {
			shared := filepath.Join(dir, "shared")
			os.Mkdir(shared, 0o700)
			os.Chmod(shared, 0o777)
			os.Rename(path, filepath.Join(shared, "config.json"))
			os.Symlink(filepath.Join(shared, "config.json"), path)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cspfix")
			os.Mkdir(dir, 0o700)
			path := filepath.Join(dir, "config.json")
			os.WriteFile(path, []byte(good), 0o600)
			tt.prepare(t, dir, path)
			t.Cleanup(func() { os.Chmod(dir, 0o700) })
			c, err := Load(scenarios.Embedded(), path)
			var te *TrustError
			switch {
			case !tt.owner && !tt.writable:
				if err != nil || c.Contact.Email == "" {
					t.Errorf("refused: %v", err)
				}
			case !errors.As(err, &te):
				t.Fatalf("used: %+v %v", c, err)
			case tt.owner != (te.Owner >= 0):
				t.Errorf("%v: owner %d", te, te.Owner)
			case tt.dirAt != "" && (!te.Dir || filepath.Base(te.Path) != tt.dirAt):
				t.Errorf("%v: want the folder %s", te, tt.dirAt)
			}
		})
	}
}

// TestSettingsMustBeAFile: a pipe or device named as the settings is refused before it is
// opened, so nothing waits on it.
func TestSettingsMustBeAFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "config.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		var nr *safefile.NotRegularError
		if _, err := Load(scenarios.Embedded(), path); !errors.As(err, &nr) {
			t.Errorf("%s: %v", path, err)
		}
	}
}
