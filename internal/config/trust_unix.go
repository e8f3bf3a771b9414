//go:build unix

package config

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// euid is the user the settings must belong to (a test sets another).
var euid = os.Geteuid

// checkTrust refuses a settings file that another user could have written: one that belongs to
// someone else (root excepted), one that others may write, or one in a folder that others may
// write (other than a sticky one such as /tmp, where nobody can replace a file they do not
// own), up to the home folder, along its path and, for a link, along its target's.
func checkTrust(path string, f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if err := trusted(path, fi, false); err != nil {
		return err
	}
	return checkDirTrust(path)
}

// checkDirTrust checks the folders of path, and of what a link at path leads to, as
// checkTrust does.
func checkDirTrust(path string) error {
	dirs := []string{filepath.Dir(path)}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		dirs = append(dirs, filepath.Dir(real))
	}
	home, _ := os.UserHomeDir()
	if home != "" {
		if h, err := filepath.EvalSymlinks(home); err == nil {
			home = h
		}
	}
	for _, dir := range dirs {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		for d := abs; ; d = filepath.Dir(d) {
			fi, err := os.Stat(d)
			if err != nil {
				return err
			}
			if err := trusted(d, fi, true); err != nil {
				return err
			}
			if d == home || d == filepath.Dir(d) {
				break
			}
			if real, err := filepath.EvalSymlinks(d); err == nil && real == home {
				break
			}
		}
	}
	return nil
}

func trusted(path string, fi fs.FileInfo, dir bool) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if owner := int(st.Uid); owner != euid() && owner != 0 {
		return &TrustError{Path: path, Dir: dir, Owner: owner, Mode: fi.Mode()}
	}
	if fi.Mode().Perm()&0o022 != 0 && !(dir && fi.Mode()&fs.ModeSticky != 0) {
		return &TrustError{Path: path, Dir: dir, Owner: -1, Mode: fi.Mode()}
	}
	return nil
}
