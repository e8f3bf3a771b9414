package safefile

import (
	"io/fs"
	"os"
)

// OpenRegular opens path for reading only when it is a regular file. Anything else is refused
// before it is opened, so that nothing can block: a named pipe (whose open waits for a writer),
// a device, a directory, a socket. A symbolic link is followed to a regular file when links is
// true (inputs and settings, which dotfile managers link) and refused otherwise (saved cases,
// which are written back where they are read). What was opened is checked again, so that a
// pipe put in the file's place meanwhile is never read.
func OpenRegular(path string, links bool) (*os.File, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	viaLink := fi.Mode()&fs.ModeSymlink != 0
	if viaLink {
		if !links {
			return nil, &NotRegularError{Path: path, Mode: fi.Mode()}
		}
		if fi, err = os.Stat(path); err != nil {
			return nil, err
		}
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: fi.Mode(), Link: viaLink}
	}
	flags := os.O_RDONLY | openNonBlock
	if !links {
		flags |= openNoFollow
	}
	f, err := openFile(path, flags)
	if err != nil {
		if !links && isLoop(err) {
			return nil, &NotRegularError{Path: path, Mode: fs.ModeSymlink}
		}
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, &NotRegularError{Path: path, Mode: fi.Mode(), Link: viaLink}
	}
	return f, nil
}
