//go:build unix

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// stdoutWasClosed reports whether cspfix was started with its standard output closed
// ("cspfix … >&-"). The Go runtime then opens /dev/null in its place, read-write, so that no
// file the program opens later takes the number 1; writes would vanish without an error. A
// shell's ">/dev/null" opens it write-only, and stays a way to throw the output away.
func stdoutWasClosed() bool {
	var st, null unix.Stat_t
	if unix.Fstat(1, &st) != nil || unix.Stat(os.DevNull, &null) != nil {
		return false
	}
	if st.Mode&unix.S_IFMT != unix.S_IFCHR || st.Rdev != null.Rdev {
		return false
	}
	flags, err := unix.FcntlInt(1, unix.F_GETFL, 0)
	return err == nil && flags&unix.O_ACCMODE == unix.O_RDWR
}
