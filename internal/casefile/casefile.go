// Package casefile keeps the cases a walkthrough saves: each in a file of its own, an ordinary
// case file that --answers reads too. It makes sure that no case is lost: a file holding
// another case (or several) is never written over, a file with several cases is never resumed
// as if it held one, and two runs never share a new file.
package casefile

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/safefile"
)

// Why a file cannot be resumed or written.
type Reason int

const (
	OtherCase Reason = iota + 1 // it holds a case with another ID
	Several                     // it holds more than one case
	NoCase                      // it holds nothing a case file can hold
	Invalid                     // its case is not valid
)

// Error says why a file cannot be resumed or saved to; the file is left as it is.
type Error struct {
	Path   string
	Reason Reason
	ID     string               // OtherCase: the ID of the case in the file
	Input  *diagnose.InputError // Invalid: what is wrong with it
}

func (e *Error) Error() string {
	switch e.Reason {
	case OtherCase:
		return e.Path + " holds another case (" + e.ID + ")"
	case Several:
		return e.Path + " holds several cases"
	case Invalid:
		return e.Path + ": " + e.Input.Error()
	}
	return e.Path + " holds no case"
}

// Load reads the one case a saved case file holds.
func Load(path string) (*diagnose.Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path)
}

func read(r io.Reader, path string) (*diagnose.Case, error) {
	dec := diagnose.NewDecoder(r)
	var c, next diagnose.Case
	err := dec.Next(&c)
	var ie *diagnose.InputError
	switch {
	case errors.As(err, &ie):
		return nil, &Error{Path: path, Reason: Invalid, Input: ie}
	case errors.Is(err, io.EOF):
		return nil, &Error{Path: path, Reason: NoCase}
	case err != nil:
		return nil, err
	}
	if err := dec.Next(&next); !errors.Is(err, io.EOF) {
		return nil, &Error{Path: path, Reason: Several}
	}
	return &c, nil
}

// Claim checks that path may take case c before anything is asked or written: it does not
// exist yet, is empty, or holds c itself (the same ID). A path that is not a regular file is a
// *safefile.NotRegularError.
func Claim(path string, c *diagnose.Case) error {
	if err := safefile.Check(path); err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(bytes.TrimSpace(data)) == 0:
		return nil
	}
	held, err := read(bytes.NewReader(data), path)
	var ce *Error
	switch {
	case errors.As(err, &ce) && ce.Reason == Invalid:
		return &Error{Path: path, Reason: NoCase}
	case err != nil:
		return err
	case held.ID != c.ID || c.ID == "":
		return &Error{Path: path, Reason: OtherCase, ID: held.ID}
	}
	return nil
}

// Save writes c to path as an indented case file, atomically, readable by its owner only.
func Save(path string, c *diagnose.Case) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return safefile.WriteFile(path, append(data, '\n'), 0o600)
}

// NewID is the ID of a new case begun at now: readable, and unique with its random tail even for
// two cases begun in the same second.
func NewID(now time.Time) string {
	var r [2]byte
	_, _ = rand.Read(r[:])
	return "case-" + now.Format("2006-01-02-150405") + "-" + hex.EncodeToString(r[:])
}

// Reserve creates a new, empty file for the case with the given ID in dir and returns its path:
// ID.json, or ID-2.json and so on when that is taken. The file is created exclusively, so no
// other run can take the same one.
func Reserve(dir, id string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	for n := 1; n < 100; n++ {
		name := id + ".json"
		if n > 1 {
			name = id + "-" + strconv.Itoa(n) + ".json"
		}
		path := filepath.Join(dir, name)
		err := safefile.Create(path, 0o600)
		if err == nil {
			return path, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
	}
	return "", errors.New("no free file name for the case in " + dir)
}
