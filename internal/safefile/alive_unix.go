//go:build unix

package safefile

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with the ID exists (signal 0 only checks).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
