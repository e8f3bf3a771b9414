//go:build !(linux || windows || (darwin && cgo))

package azure

import (
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/cspfix/cspfix/internal/signin"
)

// persistentCache: azidentity/cache needs cgo on macOS and exists only for Linux, Windows and
// macOS. Elsewhere tokens live as long as the process (login status says so).
func persistentCache() (azidentity.Cache, error) { return azidentity.Cache{}, errNoStore }

var errNoStore = &signin.Error{Reason: signin.ReasonNoStore, Detail: "unsupported"}
