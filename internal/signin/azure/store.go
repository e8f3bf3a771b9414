package azure

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cspfix/cspfix/internal/signin"
)

// cacheName names cspfix's tokens in the store; azidentity keeps a second cache, cacheName
// plus ".cae", beside it.
const cacheName = "cspfix"

// Store is the system's protected store of cspfix's tokens: signin.Store.
type Store struct{}

// Kind names the store, or fails when this system has none that cspfix can use.
func (Store) Kind() (string, error) {
	if _, err := persistentCache(); err != nil {
		return "", signin.Classify(err, signin.ReasonNoStore)
	}
	return storeKind, nil
}

// Remove deletes cspfix's tokens: the cache files (and their lock files) and what the system
// keeps for them.
func (Store) Remove(ctx context.Context) error {
	dir, err := cacheDir()
	if err != nil {
		return nil // no home: nothing was ever kept
	}
	var errs []error
	for _, name := range []string{cacheName, cacheName + ".cae"} {
		for _, p := range []string{filepath.Join(dir, ".IdentityService", name), filepath.Join(dir, ".IdentityService", name+".lockfile")} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
		if err := removeSecret(ctx, name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

var _ signin.Store = Store{}
