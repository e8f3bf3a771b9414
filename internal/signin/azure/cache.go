//go:build linux || windows || (darwin && cgo)

package azure

import (
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity/cache"
)

// persistentCache is the system's protected store for tokens (azidentity/cache): the kernel
// key ring on Linux (lost at a restart), DPAPI on Windows, the keychain on macOS. It fails where
// the facility cannot be used (a container without a key ring, an SSH session on macOS).
func persistentCache() (azidentity.Cache, error) {
	return cache.New(&cache.Options{Name: cacheName})
}
