// Package safefile writes the files cspfix makes (saved cases, tickets, messages) so that a
// reader never sees half of one and nothing else is harmed: the data goes to a temporary file
// in the same directory, created with the file's mode (so that a stricter umask is honoured),
// which then replaces the target in one rename. A target that exists and is not a regular file
// (a symbolic link, a named pipe, a device, a directory) is refused and left untouched, and
// temporary files that killed runs left behind are removed. SECURITY.md describes the rules.
package safefile

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// NotRegularError is a target that is not a regular file.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.Path, Describe(e.Mode))
}

// Describe names the kind of file a mode describes, in English, for logs; commands name it in
// the user's language from the mode.
func Describe(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// Check returns a *NotRegularError when path exists and is not a regular file; nil when it is
// one or does not exist.
func Check(path string) error {
	fi, err := os.Lstat(path)
	if err == nil && !fi.Mode().IsRegular() {
		return &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	return nil
}

// WriteFile writes data to path atomically. A new file gets perm (less what the umask removes);
// an existing one is replaced by a file with perm.
func WriteFile(path string, data []byte, perm fs.FileMode) (err error) {
	if err := Check(path); err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	CleanStale(dir)
	tmp, err := createTemp(dir, base, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	// Checked again just before the rename, which never follows a link: a link put in place
	// meanwhile is refused rather than replaced.
	if err = Check(path); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Create makes a new, empty file at path with perm, and fails when anything is there already:
// it reserves a name that no other run can take.
func Create(path string, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	return f.Close()
}

// tempSuffix ends the names of temporary files; their names also carry the writer's process ID,
// so that CleanStale can tell those of a run that is still going.
const tempSuffix = ".cspfix-tmp"

func createTemp(dir, base string, perm fs.FileMode) (*os.File, error) {
	for range 10 {
		var r [6]byte
		if _, err := rand.Read(r[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(dir, "."+base+"."+strconv.Itoa(os.Getpid())+"."+hex.EncodeToString(r[:])+tempSuffix)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !os.IsExist(err) {
			return f, err
		}
	}
	return nil, fmt.Errorf("no free name for a temporary file in %s", dir)
}

// staleAfter is how old a temporary file must be to be removed even when its process ID is in
// use: IDs are reused, and no write takes this long.
const staleAfter = time.Hour

// CleanStale removes the temporary files that runs of cspfix killed while writing left in dir:
// those whose process is gone, and any older than an hour. They may hold customer data.
func CleanStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, tempSuffix) || !e.Type().IsRegular() {
			continue
		}
		parts := strings.Split(strings.TrimSuffix(name, tempSuffix), ".")
		if len(parts) < 3 {
			continue
		}
		pid, err := strconv.Atoi(parts[len(parts)-2])
		if err != nil {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		if pid != os.Getpid() && (!processAlive(pid) || time.Since(info.ModTime()) > staleAfter) {
			os.Remove(filepath.Join(dir, name))
		}
	}
}
