package platform

import (
	"os"
	"strings"
)

// MinttyInput reports whether f (standard input) is the pipe through which Git Bash's window,
// mintty, or another Cygwin or MSYS2 terminal, passes what is typed to a Windows program. Such
// a program sees no console, so it can neither ask questions there nor tell the window from a
// pipe of data: it would wait for input that only ends with Ctrl-D (README "Windows"). Always
// false on other systems.
func MinttyInput(f *os.File) bool { return isMinttyPipe(f) }

// MinttyPipeName reports whether name, the name Windows gives a named pipe, is a Cygwin or
// MSYS2 pseudo-terminal's: \msys-<hex>-pty<N>-from-master (what is typed) or -to-master (what
// is shown), with \cygwin- for Cygwin, and with \Device\NamedPipe in front where the name is
// asked of the object manager.
func MinttyPipeName(name string) bool {
	name = strings.TrimPrefix(name, `\Device\NamedPipe`)
	parts := strings.Split(name, "-")
	if len(parts) < 5 || parts[0] != `\msys` && parts[0] != `\cygwin` {
		return false
	}
	if parts[1] == "" || strings.Trim(parts[1], "0123456789abcdefABCDEF") != "" {
		return false
	}
	if n, ok := strings.CutPrefix(parts[2], "pty"); !ok || n == "" || strings.Trim(n, "0123456789") != "" {
		return false
	}
	return (parts[3] == "from" || parts[3] == "to") && parts[4] == "master"
}
