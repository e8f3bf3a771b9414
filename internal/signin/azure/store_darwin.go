//go:build darwin && cgo

package azure

import (
	"context"
	"os"

	"github.com/AzureAD/microsoft-authentication-extensions-for-go/cache/accessor"
)

// storeKind: azidentity/cache keeps the tokens in the login keychain.
const storeKind = "keychain"

// cacheDir is where azidentity/cache keeps its lock files on macOS.
func cacheDir() (string, error) { return os.UserHomeDir() }

// removeSecret deletes the keychain item that holds the tokens.
func removeSecret(ctx context.Context, name string) error {
	s, err := accessor.New(name, accessor.WithAccount("MSALCache"))
	if err != nil {
		return err
	}
	return s.Delete(ctx)
}
