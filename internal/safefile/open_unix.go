//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// openNonBlock keeps the open of a named pipe that replaced a checked file from waiting for a
// writer; it changes nothing for a regular file. openNoFollow refuses a link at the last step.
const (
	openNonBlock = unix.O_NONBLOCK
	openNoFollow = unix.O_NOFOLLOW
)

func isLoop(err error) bool { return errors.Is(err, unix.ELOOP) }

// openFile opens path as os.OpenFile does, and hands the descriptor over in blocking mode.
// os.OpenFile offers every file it opens to the runtime's poller, which a regular file never
// uses: setting the poller up (an epoll instance and an event descriptor) cost a small batch
// more than reading its file (README "Performance"). O_NONBLOCK has served its purpose once the
// open returned; os.NewFile would offer a descriptor that still has it to the poller.
func openFile(path string, flags int) (*os.File, error) {
	fd, err := unix.Open(path, flags|unix.O_CLOEXEC, 0)
	for err == unix.EINTR {
		fd, err = unix.Open(path, flags|unix.O_CLOEXEC, 0)
	}
	if err == nil {
		err = unix.SetNonblock(fd, false)
		if err != nil {
			unix.Close(fd)
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}
