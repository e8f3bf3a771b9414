//go:build unix

package safefile

import (
	"errors"

	"golang.org/x/sys/unix"
)

// openNonBlock keeps the open of a named pipe that replaced a checked file from waiting for a
// writer; it changes nothing for a regular file. openNoFollow refuses a link at the last step.
const (
	openNonBlock = unix.O_NONBLOCK
	openNoFollow = unix.O_NOFOLLOW
)

func isLoop(err error) bool { return errors.Is(err, unix.ELOOP) }
