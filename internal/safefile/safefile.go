// Package safefile reads and writes the files cspfix touches so that nothing is lost and
// nothing hangs (SECURITY.md):
//
//   - WriteFile and Replace write a file cspfix keeps (a saved case, the settings) atomically:
//     the data goes to a temporary file in the same directory, created with the file's mode (so
//     that a stricter umask is honoured), which then replaces the target in one rename. Replace
//     writes only while the file is still the one read (Stamp).
//   - Outputs writes what a run makes for people (tickets, messages) only to new names: never
//     over the run's input, a saved case or any file that was there before.
//   - OpenRegular reads only regular files: a named pipe, a device or a link to one is refused
//     before anything can wait on it.
//   - Lock keeps two runs from changing one file at the same time.
//
// A target that exists and is not a regular file (a symbolic link, a named pipe, a device, a
// directory) is refused and left untouched, and temporary files that killed runs left behind
// are removed.
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
	"sync"
	"time"
)

// NotRegularError is a target that is not a regular file: Mode is what it is, or with Link
// what the symbolic link at Path leads to.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
	Link bool
}

func (e *NotRegularError) Error() string {
	if e.Link {
		return fmt.Sprintf("%s is a link to %s, not a regular file", e.Path, Describe(e.Mode))
	}
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
// an existing one is replaced by a file with perm. It is for files cspfix keeps itself (saved
// cases, settings, its own documentation); what a run writes for people goes through Outputs,
// which never replaces a file.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	_, err := replace(path, data, perm, nil)
	return err
}

// Replace writes data to path atomically, as WriteFile does, only while path is still the file
// the caller last read or wrote (was): a file another program changed or put in its place
// meanwhile is left as it is, and a *ChangedError says so. It returns the stamp of the file
// written, for the next Replace. The caller holds the file's Lock, so that no other cspfix
// writes between the comparison and the rename.
func Replace(path string, data []byte, perm fs.FileMode, was Stamp) (Stamp, error) {
	return replace(path, data, perm, &was)
}

func replace(path string, data []byte, perm fs.FileMode, was *Stamp) (_ Stamp, err error) {
	if err := Check(path); err != nil {
		return Stamp{}, err
	}
	dir := filepath.Dir(path)
	cleanOnce(dir)
	tmp, err := createTemp(dir, perm)
	if err != nil {
		return Stamp{}, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return Stamp{}, err
	}
	if err = tmp.Sync(); err != nil {
		return Stamp{}, err
	}
	if err = tmp.Close(); err != nil {
		return Stamp{}, err
	}
	// Checked again just before the rename, which never follows a link: a link put in place
	// meanwhile is refused rather than replaced.
	if err = Check(path); err != nil {
		return Stamp{}, err
	}
	if was != nil && !was.Matches(path) {
		return Stamp{}, &ChangedError{Path: path}
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return Stamp{}, err
	}
	return StampOf(path)
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

// createTemp makes a new temporary file in dir. Its name does not grow with the target's: a
// target whose name is as long as the system allows still gets one.
func createTemp(dir string, perm fs.FileMode) (*os.File, error) {
	for range 10 {
		var r [6]byte
		if _, err := rand.Read(r[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(dir, "."+strconv.Itoa(os.Getpid())+"."+hex.EncodeToString(r[:])+tempSuffix)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !os.IsExist(err) {
			return f, err
		}
	}
	return nil, fmt.Errorf("no free name for a temporary file in %s", dir)
}

// cleaned are the directories CleanStale has been through in this run: once is enough, and a
// batch that writes thousands of files into one directory must not read it for every file.
var cleaned sync.Map

func cleanOnce(dir string) {
	key := dir
	if abs, err := filepath.Abs(dir); err == nil {
		key = abs
	}
	if _, done := cleaned.LoadOrStore(key, true); !done {
		CleanStale(dir)
	}
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
