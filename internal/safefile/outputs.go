package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// Outputs writes the files one run makes for people (a ticket to --out, one message per case
// to --out-dir) so that no output ever costs anything that was there: it never replaces a file
// of the run's input, never writes into the folder kept for saved cases, and never replaces
// a file that existed before (an empty one, such as mktemp makes, excepted). Each file is
// written to a temporary file first and put in place in one step that fails when the name has
// been taken meanwhile. SECURITY.md describes the rules.
type Outputs struct {
	inputs   []fs.FileInfo
	reserved []fs.FileInfo // folders nothing is written into
}

// Input names a file the run reads: no output replaces it. A path that does not exist (yet) or
// is not a file (standard input) is ignored.
func (o *Outputs) Input(path string) {
	if fi, err := os.Stat(path); err == nil {
		o.inputs = append(o.inputs, fi)
	}
}

// Reserve names a folder that holds files cspfix keeps for itself (saved cases): no output is
// written into it.
func (o *Outputs) Reserve(dir string) {
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		o.reserved = append(o.reserved, fi)
	}
}

// Why an output name is refused.
type TakenReason int

const (
	Taken        TakenReason = iota + 1 // a file is there already
	IsInput                             // it is the run's own input
	InSavedCases                        // it is in the folder of saved cases
)

// TakenError is an output name that cspfix will not write: the file there is left untouched.
type TakenError struct {
	Path   string
	Reason TakenReason
}

func (e *TakenError) Error() string {
	switch e.Reason {
	case IsInput:
		return e.Path + " is the input being read"
	case InSavedCases:
		return e.Path + " is in the folder of saved cases"
	}
	return e.Path + " exists already"
}

// Check says whether path may be written before any work is done: a *NotRegularError for
// something that is not a regular file, a *TakenError for a file that must stay as it is, nil
// for a new name.
func (o *Outputs) Check(path string) error {
	if err := Check(path); err != nil {
		return err
	}
	if err := o.CheckDir(filepath.Dir(path)); err != nil {
		return &TakenError{Path: path, Reason: InSavedCases}
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, in := range o.inputs {
		if os.SameFile(fi, in) {
			return &TakenError{Path: path, Reason: IsInput}
		}
	}
	if fi.Size() > 0 {
		return &TakenError{Path: path, Reason: Taken}
	}
	return nil
}

// CheckDir says whether files may be written into dir: a *TakenError for the folder of saved
// cases, a *NotRegularError-like refusal for something that is not a folder is the caller's.
func (o *Outputs) CheckDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil // a folder still to be made is nobody's
	}
	for _, r := range o.reserved {
		if os.SameFile(fi, r) {
			return &TakenError{Path: dir, Reason: InSavedCases}
		}
	}
	return nil
}

// Output is a file being written. Nothing is at its name until Commit.
type Output struct {
	o    *Outputs
	tmp  *os.File
	dir  string
	path string // the name asked for (Create)
	Path string // the name it was given, after Commit
}

// Create starts writing the file path, after Check; Commit puts it there. The folder must
// exist.
func (o *Outputs) Create(path string) (*Output, error) {
	if err := o.Check(path); err != nil {
		return nil, err
	}
	w, err := o.start(filepath.Dir(path))
	if w != nil {
		w.path = path
	}
	return w, err
}

// CreateIn starts writing a file in the folder dir, which must exist; CommitUnique names it.
func (o *Outputs) CreateIn(dir string) (*Output, error) {
	if err := o.CheckDir(dir); err != nil {
		return nil, err
	}
	return o.start(dir)
}

func (o *Outputs) start(dir string) (*Output, error) {
	cleanOnce(dir)
	tmp, err := createTemp(dir, 0o600)
	if err != nil {
		return nil, err
	}
	return &Output{o: o, tmp: tmp, dir: dir}, nil
}

func (w *Output) Write(p []byte) (int, error) { return w.tmp.Write(p) }

// Commit puts the file in place at its name. It fails with a *TakenError, leaving what is
// there as it is, when the name was taken meanwhile by a file that is not empty.
func (w *Output) Commit() error {
	return w.commit(func() (string, error) {
		if err := w.o.Check(w.path); err != nil {
			return "", err
		}
		err := place(w.tmp.Name(), w.path, true)
		if errors.Is(err, fs.ErrExist) {
			err = &TakenError{Path: w.path, Reason: Taken}
		}
		return w.path, err
	})
}

// CommitUnique puts the file in place in its folder (CreateIn) as stem+ext, or, when that name is taken,
// as stem-2+ext, stem-3+ext and so on: the first free name. A name Windows keeps for a device
// (Reserved: con.md, nul.json) counts as taken on every system. It returns whether the file got
// another name than stem+ext. Each name costs one attempt and nothing reads the folder, so
// filling a folder that holds many files takes time in proportion to the files written.
func (w *Output) CommitUnique(stem, ext string) (renamed bool, err error) {
	dir := w.dir
	err = w.commit(func() (string, error) {
		for n := 1; ; n++ {
			name := stem + ext
			if n > 1 {
				name = stem + "-" + strconv.Itoa(n) + ext
			}
			path := filepath.Join(dir, name)
			err := fs.ErrExist
			if !Reserved(name) {
				err = place(w.tmp.Name(), path, false)
			}
			if !errors.Is(err, fs.ErrExist) {
				renamed = n > 1
				return path, err
			}
			if n >= maxTries {
				return "", &TakenError{Path: filepath.Join(dir, stem+ext), Reason: Taken}
			}
		}
	})
	return renamed, err
}

// maxTries bounds the names CommitUnique tries.
const maxTries = 10000

func (w *Output) commit(put func() (string, error)) error {
	defer w.Abort()
	if err := w.tmp.Sync(); err != nil {
		return err
	}
	if err := w.tmp.Close(); err != nil {
		return err
	}
	path, err := put()
	if err != nil {
		return err
	}
	w.Path = path
	return nil
}

// Abort drops the file: nothing is put in place. It does nothing after Commit.
func (w *Output) Abort() {
	if w.tmp != nil {
		w.tmp.Close()
		os.Remove(w.tmp.Name())
		w.tmp = nil
	}
}

// place moves the finished temporary file tmp to path, only where no file is (fs.ErrExist
// otherwise), or, with empty, where an empty regular file is. A hard link is the move that
// fails when the name is taken; where the file system has none, the name is reserved by
// creating it exclusively and the file renamed onto the reservation.
func place(tmp, path string, empty bool) error {
	err := os.Link(tmp, path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		if fi, serr := os.Lstat(path); empty && serr == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			return os.Rename(tmp, path)
		}
		return fs.ErrExist
	}
	// No hard links here (FAT, some network shares): reserve the name, then take it.
	f, cerr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if cerr != nil {
		if errors.Is(cerr, fs.ErrExist) {
			if fi, serr := os.Lstat(path); empty && serr == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
				return os.Rename(tmp, path)
			}
			return fs.ErrExist
		}
		return err
	}
	f.Close()
	return os.Rename(tmp, path)
}
