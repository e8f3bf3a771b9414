package azure

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// storeKind: azidentity/cache encrypts the tokens with a key in the kernel's key ring, which a
// restart empties.
const storeKind = "keyring"

// cacheDir is where azidentity/cache keeps its files on Linux.
func cacheDir() (string, error) {
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	return filepath.Join(home, ".cache"), err
}

// removeSecret unlinks the cache's key from the user's key rings (the persistent one, where
// the system has it, and the user's).
func removeSecret(_ context.Context, name string) error {
	user, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_KEYRING, false)
	if err != nil {
		return nil // no key ring: no key
	}
	rings := []int{user}
	if persistent, err := unix.KeyctlInt(unix.KEYCTL_GET_PERSISTENT, -1, user, 0, 0); err == nil {
		rings = append(rings, persistent)
	}
	for _, ring := range rings {
		id, err := unix.KeyctlSearch(ring, "user", name, 0)
		if err != nil {
			continue
		}
		if _, err := unix.KeyctlInt(unix.KEYCTL_UNLINK, id, ring, 0, 0); err != nil && !errors.Is(err, unix.ENOKEY) {
			return err
		}
	}
	return nil
}
