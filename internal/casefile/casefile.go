// Package casefile keeps the cases a walkthrough saves: each in a file of its own, an ordinary
// case file that --answers reads too. It makes sure that no case is lost: a file holding
// another case (or several) is never written over, a file with several cases is never resumed
// as if it held one, two runs never share a new file, a case is changed by one run at a time
// (Held), and only regular files are read, never through a link.
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

// Load reads the one case a saved case file holds. Only a regular file is read: a link, a
// named pipe or a device is a *safefile.NotRegularError, before anything could wait on it.
func Load(m *diagnose.Model, path string) (*diagnose.Case, error) {
	c, _, err := load(m, path)
	return c, err
}

func load(m *diagnose.Model, path string) (*diagnose.Case, safefile.Stamp, error) {
	f, err := safefile.OpenRegular(path, false)
	if err != nil {
		return nil, safefile.Stamp{}, err
	}
	defer f.Close()
	stamp, err := safefile.StampOfOpen(f)
	if err != nil {
		return nil, stamp, err
	}
	c, err := read(m, f, path)
	return c, stamp, err
}

func read(m *diagnose.Model, r io.Reader, path string) (*diagnose.Case, error) {
	dec := m.NewDecoderWith(r, diagnose.DecodeOptions{JSONOnly: true}) // a saved case is JSON, whatever it looks like
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
func Claim(m *diagnose.Model, path string, c *diagnose.Case) error {
	if err := safefile.Check(path); err != nil {
		return err
	}
	data, err := readBounded(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(bytes.TrimSpace(data)) == 0:
		return nil
	}
	held, err := read(m, bytes.NewReader(data), path)
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
// ID.json, or ID-2.json and so on when that is taken (as a name Windows keeps for a device is,
// such as con.json: safefile.Reserved). The file is created exclusively, so no other run can
// take the same one.
func Reserve(dir, id string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	for n := 1; n < 100; n++ {
		name := id + ".json"
		if n > 1 {
			name = id + "-" + strconv.Itoa(n) + ".json"
		}
		if safefile.Reserved(name) {
			continue
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

// files are the paths of the saved case files of dir, in name order: every *.json file but
// hidden ones (the temporary and lock files). A directory that does not exist holds none.
func files(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range entries {
		if listed(e.Name()) && e.Type().IsRegular() {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return paths, nil
}

// listed reports whether a file of that name in the cases directory is a saved case's.
func listed(name string) bool {
	return !strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".json")
}

// Each reads the saved cases of dir one at a time and passes each to fn: a directory of cases
// of any size and number takes the memory of its largest case, not of all of them. fn's error
// ends the walk.
func Each(m *diagnose.Model, dir string, fn func(Saved) error) error {
	paths, err := files(dir)
	if err != nil {
		return err
	}
	for _, path := range paths {
		s := Saved{Path: path}
		var stamp safefile.Stamp
		s.Case, stamp, s.Err = load(m, path)
		if s.Err != nil && errors.Is(s.Err, os.ErrNotExist) {
			continue // deleted meanwhile
		}
		if stamp.Info() != nil {
			s.Changed = stamp.Info().ModTime()
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// ErrNoSuchCase is returned by Find for an ID no saved case has.
var ErrNoSuchCase = errors.New("no saved case with this ID")

// SharedIDError is an ID that several saved case files hold: none of them is the case.
type SharedIDError struct {
	ID    string
	Paths []string
}

func (e *SharedIDError) Error() string {
	return "the ID " + e.ID + " is held by " + strings.Join(e.Paths, ", ")
}

// Find returns the path of the saved case with the given ID in dir. An ID held by several
// files is a *SharedIDError: which one is meant is for the person to say. Only files whose
// text can hold the ID are parsed, so a search reads the directory but decodes little of it.
func Find(m *diagnose.Model, dir, id string) (string, error) {
	if id == "" || strings.ContainsAny(id, `/\`) || id == "." || id == ".." {
		return "", ErrNoSuchCase
	}
	needle, _ := json.Marshal(id)
	needle = needle[1 : len(needle)-1]
	paths, err := files(dir)
	if err != nil {
		return "", err
	}
	var found []string
	for _, path := range paths {
		data, err := readBounded(path)
		if err != nil || !bytes.Contains(data, needle) && !bytes.Contains(data, []byte(`\u`)) {
			continue
		}
		if c, err := read(m, bytes.NewReader(data), path); err == nil && c.ID == id {
			found = append(found, path)
		}
	}
	switch len(found) {
	case 0:
		return "", ErrNoSuchCase
	case 1:
		return found[0], nil
	}
	return "", &SharedIDError{ID: id, Paths: found}
}

// Unreadable returns the file of dir named name (with or without ".json") when it is one of
// the saved case files that holds no readable case (the files `cspfix cases` skips), and why
// it cannot be read; "" when there is none.
func Unreadable(m *diagnose.Model, dir, name string) (string, error) {
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", nil
	}
	if !strings.HasSuffix(name, ".json") {
		name += ".json"
	}
	if !listed(name) {
		return "", nil
	}
	path := filepath.Join(dir, name)
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		return "", nil
	}
	_, err := Load(m, path)
	if err == nil || errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	return path, err
}

// readBounded reads a regular file, never through a link, and at most a little more than a
// case may hold.
func readBounded(path string) ([]byte, error) {
	f, err := safefile.OpenRegular(path, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, diagnose.MaxRecordSize+64<<10))
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

// Held is a saved case's file while one run works on it (the walkthrough): locked against every
// other cspfix for as long as the run holds it, so that two runs never answer one case at the
// same time, and written only while the file is still what this run last read or wrote, so
// that a change made by another program is never silently lost (safefile.Replace).
type Held struct {
	Path  string
	model *diagnose.Model // whose cases the file holds
	lock  *safefile.Lock
	stamp safefile.Stamp
}

// Hold takes the file at path for this run. A link, a named pipe or a device is refused
// (*safefile.NotRegularError), and a file that another cspfix holds is a *safefile.BusyError;
// nothing waits.
func Hold(m *diagnose.Model, path string) (*Held, error) {
	if err := safefile.Check(path); err != nil {
		return nil, err
	}
	l, err := safefile.TryLock(path)
	if err != nil {
		return nil, err
	}
	stamp, err := safefile.StampOf(path)
	if err != nil {
		l.Unlock()
		return nil, err
	}
	return &Held{Path: path, model: m, lock: l, stamp: stamp}, nil
}

// Load reads the case the held file holds.
func (h *Held) Load() (*diagnose.Case, error) {
	c, stamp, err := load(h.model, h.Path)
	if err == nil {
		h.stamp = stamp
	}
	return c, err
}

// Claim checks, as Claim does, that the held file may take case c.
func (h *Held) Claim(c *diagnose.Case) error {
	stamp, err := safefile.StampOf(h.Path)
	if err != nil {
		return err
	}
	if err := Claim(h.model, h.Path, c); err != nil {
		return err
	}
	h.stamp = stamp
	return nil
}

// Save writes c to the held file as Save does; a file changed by another program since this
// run read or wrote it is left as it is (*safefile.ChangedError).
func (h *Held) Save(c *diagnose.Case) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	stamp, err := safefile.Replace(h.Path, append(data, '\n'), 0o600, h.stamp)
	if err != nil {
		return err
	}
	h.stamp = stamp
	return nil
}

// Rename moves the held case to a new file for id in the same directory, reserved as Reserve
// does, and holds that one instead.
func (h *Held) Rename(id string) error {
	if !h.stamp.Matches(h.Path) {
		return &safefile.ChangedError{Path: h.Path}
	}
	newPath, err := Reserve(filepath.Dir(h.Path), id)
	if err != nil {
		return err
	}
	l, err := safefile.TryLock(newPath)
	if err != nil {
		os.Remove(newPath)
		return err
	}
	if err := os.Rename(h.Path, newPath); err != nil {
		l.Unlock()
		os.Remove(newPath)
		return err
	}
	h.lock.Unlock()
	h.Path, h.lock = newPath, l
	h.stamp, err = safefile.StampOf(newPath)
	return err
}

// Remove deletes the held file.
func (h *Held) Remove() error { return os.Remove(h.Path) }

// Release lets other runs take the file; a nil Held is fine.
func (h *Held) Release() {
	if h != nil {
		h.lock.Unlock()
	}
}
