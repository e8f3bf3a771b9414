package azure

import (
	"context"

	"golang.org/x/sys/windows"
)

// storeKind: azidentity/cache encrypts the tokens with DPAPI, for the signed-in Windows user.
const storeKind = "dpapi"

// cacheDir is where azidentity/cache keeps its files on Windows: the local application data.
func cacheDir() (string, error) {
	return windows.KnownFolderPath(windows.FOLDERID_LocalAppData, 0)
}

// removeSecret: DPAPI keeps no secret of its own; the files are all.
func removeSecret(context.Context, string) error { return nil }
