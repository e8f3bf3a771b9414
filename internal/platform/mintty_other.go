//go:build !windows

package platform

import "os"

func isMinttyPipe(*os.File) bool { return false }
