//go:build !linux && !windows && !(darwin && cgo)

package azure

import "context"

// storeKind: there is no store here; persistentCache fails before it is named.
const storeKind = "none"

func cacheDir() (string, error) { return "", errNoStore }

func removeSecret(context.Context, string) error { return nil }
