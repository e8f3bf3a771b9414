package safefile

import (
	"errors"
	"io/fs"
	"os"
)

// Stamp is what a file was when cspfix last read or wrote it: that very file (not another put
// in its place), its size and its modification time. A store (a saved case, the settings)
// compares it before it writes, so that a change made meanwhile by another program is never
// silently lost.
type Stamp struct {
	info fs.FileInfo // nil: there was no file
}

// StampOf is path's stamp now; a file that does not exist has the empty stamp.
func StampOf(path string) (Stamp, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Stamp{}, nil
	}
	if err != nil {
		return Stamp{}, err
	}
	return Stamp{info: fi}, nil
}

// StampOfOpen is the stamp of a file that is open for reading: taken before it is read, it
// makes any change during the read show too.
func StampOfOpen(f *os.File) (Stamp, error) {
	fi, err := f.Stat()
	if err != nil {
		return Stamp{}, err
	}
	return Stamp{info: fi}, nil
}

// Matches reports whether path is still the file of the stamp, unchanged. Where there was no
// file, there may be none now or an empty one (a name reserved for a new case).
func (s Stamp) Matches(path string) bool {
	now, err := os.Lstat(path)
	if s.info == nil {
		return errors.Is(err, fs.ErrNotExist) || err == nil && now.Mode().IsRegular() && now.Size() == 0
	}
	return err == nil && os.SameFile(s.info, now) && now.Size() == s.info.Size() && now.ModTime().Equal(s.info.ModTime())
}

// ChangedError is a file that another program changed, or replaced, since cspfix read it: it
// is left as that program made it.
type ChangedError struct{ Path string }

func (e *ChangedError) Error() string {
	return e.Path + " was changed by another program since cspfix read it"
}

// Info is what the file was when the stamp was taken; nil when there was none.
func (s Stamp) Info() fs.FileInfo { return s.info }
