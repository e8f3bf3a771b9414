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
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/scenarios"
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
	dec := diagnose.NewDecoderWith(r, diagnose.DecodeOptions{JSONOnly: true}) // a saved case is JSON, whatever it looks like
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

// Saved is one file of the cases directory: the case it holds, or why it holds none.
type Saved struct {
	Path    string
	Case    *diagnose.Case // nil when Err is set
	Changed time.Time      // when the file was last written
	Err     error
}

// List reads the saved cases of dir: every *.json file but hidden ones (the temporary files of
// a save in progress). A directory that does not exist holds no cases.
func List(dir string) ([]Saved, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Saved
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") || !e.Type().IsRegular() {
			continue
		}
		s := Saved{Path: filepath.Join(dir, name)}
		if fi, err := e.Info(); err == nil {
			s.Changed = fi.ModTime()
		}
		s.Case, s.Err = Load(s.Path)
		out = append(out, s)
	}
	return out, nil
}

// ErrNoSuchCase is returned by Find for an ID no saved case has.
var ErrNoSuchCase = errors.New("no saved case with this ID")

// Find returns the path of the saved case with the given ID in dir: ID.json when it holds that
// case, else the file that does.
func Find(dir, id string) (string, error) {
	if id == "" || strings.ContainsAny(id, `/\`) || id == "." || id == ".." {
		return "", ErrNoSuchCase
	}
	direct := filepath.Join(dir, id+".json")
	if c, err := Load(direct); err == nil && c.ID == id {
		return direct, nil
	}
	saved, err := List(dir)
	if err != nil {
		return "", err
	}
	for _, s := range saved {
		if s.Case != nil && s.Case.ID == id {
			return s.Path, nil
		}
	}
	return "", ErrNoSuchCase
}

// Status is how far a saved case has come.
type Status string

const (
	Open         Status = "open"          // still being diagnosed
	Paused       Status = "paused"        // waiting to be tried again at its retry time
	Fixed        Status = "fixed"         // the error is gone
	TicketOpened Status = "ticket_opened" // handed to partner support
)

// StatusOf says how far c has come.
func StatusOf(c *diagnose.Case) Status {
	switch {
	case c.Outcome.Status == diagnose.OutcomeFixed:
		return Fixed
	case c.Outcome.Status == diagnose.OutcomeTicketOpened:
		return TicketOpened
	case c.RetryAt != nil:
		return Paused
	}
	return Open
}

// NamedID is the ID of a new case for a customer, begun at begun: the customer's name as a
// file name would have it, the time, and a random tail that keeps two cases apart.
func NamedID(customer string, begun time.Time) string {
	var r [2]byte
	_, _ = rand.Read(r[:])
	return Slug(customer) + "-" + begun.Format("2006-01-02-1504") + "-" + hex.EncodeToString(r[:])
}

// maxSlug bounds the name part of an ID.
const maxSlug = 32

// Slug writes a name with the letters a file name may have everywhere: lower-case ASCII letters
// and digits, German umlauts spelled out, other accents dropped, words joined by hyphens, at
// most maxSlug characters of whole words; "case" for nothing.
func Slug(name string) string { return slug(name, maxSlug) }

// maxStem bounds a file name made from a case ID: IDs are longer than names (NamedID adds a
// time and a random tail), and must stay apart.
const maxStem = 80

// FileStem is a file name without extension for the case with the given ID, made as Slug makes
// it but longer: nothing in it can leave a directory or name a hidden file.
func FileStem(id string) string { return slug(id, maxStem) }

func slug(name string, maxSlug int) string {
	var words []string
	var w strings.Builder
	for _, r := range norm.NFD.String(scenarios.SpellOutUmlauts(strings.ToLower(name))) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			w.WriteRune(r)
		case unicode.Is(unicode.Mn, r): // the accent of é, the dots of ï
		default:
			if w.Len() > 0 {
				words = append(words, w.String())
				w.Reset()
			}
		}
	}
	if w.Len() > 0 {
		words = append(words, w.String())
	}
	slug := ""
	for _, word := range words {
		switch {
		case slug == "" && len(word) > maxSlug:
			return word[:maxSlug]
		case slug == "":
			slug = word
		case len(slug)+1+len(word) > maxSlug:
			return slug
		default:
			slug += "-" + word
		}
	}
	if slug == "" {
		return "case"
	}
	return slug
}

// Rename moves the saved case at path to a new file for id in the same directory, reserved as
// Reserve does, and returns the new path.
func Rename(path, id string) (string, error) {
	newPath, err := Reserve(filepath.Dir(path), id)
	if err != nil {
		return "", err
	}
	if err := os.Rename(path, newPath); err != nil {
		os.Remove(newPath)
		return "", err
	}
	return newPath, nil
}
