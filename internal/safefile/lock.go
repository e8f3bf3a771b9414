package safefile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"time"
)

// Lock is an advisory lock that one cspfix holds while it changes a file that two runs might
// change at once (a saved case, the settings). It is taken on a hidden lock file next to the
// file (flock on Unix, LockFileEx on Windows), because the file itself is replaced by every
// write. The holder removes the lock file when it lets go, and a taker checks that the file
// it locked is still the one at the lock file's name, so that no two runs ever hold the lock
// at once. The system releases a lock when its process ends, however it ends, so a killed run
// never leaves a file locked (only, at worst, an empty lock file that the next run uses).
type Lock struct {
	f    *os.File
	path string
}

// BusyError says that another process holds the lock of Path.
type BusyError struct{ Path string }

func (e *BusyError) Error() string { return e.Path + " is in use by another cspfix" }

// LockPath is the lock file of path: ".NAME.lock" in its directory, or a shorter name made from
// a hash of NAME when that would be longer than file names may be.
func LockPath(path string) string {
	dir, base := filepath.Split(path)
	name := "." + base + ".lock"
	if len(name) > 200 {
		sum := sha256.Sum256([]byte(base))
		name = ".cspfix-" + hex.EncodeToString(sum[:12]) + ".lock"
	}
	return filepath.Join(dir, name)
}

// TryLock takes the lock of path at once, or returns a *BusyError.
func TryLock(path string) (*Lock, error) {
	lp := LockPath(path)
	for range 100 {
		f, err := openLockFile(lp)
		if err != nil {
			return nil, err
		}
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		if !ok {
			f.Close()
			return nil, &BusyError{Path: path}
		}
		// The holder before may have removed the file between our open and our lock: then
		// what is locked is no longer the lock file, and the next open makes a new one.
		if held, err := f.Stat(); err == nil {
			if now, err := os.Lstat(lp); err == nil && os.SameFile(held, now) {
				return &Lock{f: f, path: lp}, nil
			}
		}
		unlock(f)
		f.Close()
	}
	return nil, &BusyError{Path: path}
}

// lockPoll is how often WaitLock tries again.
const lockPoll = 20 * time.Millisecond

// WaitLock takes the lock of path, waiting up to wait while another process holds it. The
// wait ends early when ctx is done (a signal), with ctx's cause.
func WaitLock(ctx context.Context, path string, wait time.Duration) (*Lock, error) {
	deadline := time.Now().Add(wait)
	for {
		l, err := TryLock(path)
		var busy *BusyError
		if !errors.As(err, &busy) || !time.Now().Before(deadline) {
			return l, err
		}
		t := time.NewTimer(lockPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, context.Cause(ctx)
		case <-t.C:
		}
	}
}

// Unlock releases the lock and removes its file; a nil lock is fine.
func (l *Lock) Unlock() {
	if l == nil || l.f == nil {
		return
	}
	// On Unix it is removed while still held: whoever opens the name next makes a new file,
	// and whoever opened this one meanwhile sees that it is gone once it has it locked. On
	// Windows an open file cannot be removed: it is removed after, and stays when another run
	// has opened it meanwhile.
	if removeWhileHeld {
		os.Remove(l.path)
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
	if !removeWhileHeld {
		os.Remove(l.path)
	}
}

// openLockFile opens (creating) a lock file that must be a regular file, never through a link,
// and never waiting on something that is not a file.
func openLockFile(path string) (*os.File, error) {
	if err := Check(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|openNonBlock|openNoFollow, 0o600)
	if err != nil {
		if isLoop(err) {
			return nil, Check(path)
		}
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	return f, nil
}
