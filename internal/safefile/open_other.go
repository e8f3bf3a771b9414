//go:build !unix

package safefile

import "os"

// Windows has no named pipes or devices among ordinary paths that an open could wait on; the
// checks before and after the open are what keeps other files out.
const (
	openNonBlock = 0
	openNoFollow = 0
)

func isLoop(error) bool { return false }

func openFile(path string, flags int) (*os.File, error) { return os.OpenFile(path, flags, 0) }
