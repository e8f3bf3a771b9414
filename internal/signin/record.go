package signin

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/internal/safefile"
)

// Record is what cspfix keeps of a sign-in, in login.json next to the settings: which method,
// cloud, app, tenant and account — what a later run needs to get tokens without asking — and
// never a token (the tokens are in the system's protected store, Store).
type Record struct {
	Version    int            `json:"version"`
	Method     Method         `json:"method"`
	Cloud      diagnose.Cloud `json:"cloud"`
	ClientID   string         `json:"client_id,omitempty"`
	TenantID   string         `json:"tenant_id"`
	Username   string         `json:"username,omitempty"`
	SignedInAt time.Time      `json:"signed_in_at"`
	// Pinned is the tenant the settings pinned at the sign-in (login.tenant), "" when none.
	Pinned string `json:"pinned,omitempty"`
	// Account is Microsoft's record of the sign-in (browser and device code only).
	Account *Account `json:"account,omitempty"`
}

const recordVersion = 1

// maxRecord bounds what is read of login.json: a real one has a few hundred bytes.
const maxRecord = 64 << 10

// RecordPath is where the sign-in is kept: login.json in the directory of the usual settings
// file (config.DefaultPath), whatever --config names; "" when no home is known.
func RecordPath(goos string, getenv func(string) string) string {
	p := config.DefaultPath(goos, getenv)
	if p == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(p), "login.json")
}

// RecordError is a login.json that cannot be read or written: its path and why.
type RecordError struct {
	Path string
	Err  error
}

func (e *RecordError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *RecordError) Unwrap() error { return e.Err }

// errBroken is a login.json that is not what cspfix writes.
var errBroken = errors.New("not a sign-in record of cspfix")

// LoadRecord reads the sign-in record at path; ok is false when there is none. A file that is
// there but cannot be used is a *RecordError: a broken record is never taken for no sign-in.
func LoadRecord(path string) (rec Record, ok bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Record{}, false, nil
	case err != nil:
		return Record{}, false, &RecordError{Path: path, Err: err}
	case !fi.Mode().IsRegular():
		return Record{}, false, &RecordError{Path: path, Err: &safefile.NotRegularError{Path: path, Mode: fi.Mode()}}
	}
	f, err := os.Open(path)
	if err != nil {
		return Record{}, false, &RecordError{Path: path, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRecord+1))
	if err != nil {
		return Record{}, false, &RecordError{Path: path, Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if len(data) > maxRecord || dec.Decode(&rec) != nil || dec.More() || rec.Version != recordVersion || !rec.valid() {
		return Record{}, false, &RecordError{Path: path, Err: errBroken}
	}
	return rec, true, nil
}

// valid checks what a record must hold to be used.
func (r Record) valid() bool {
	switch r.Method {
	case MethodBrowser, MethodDeviceCode:
		if r.Account == nil || r.ClientID == "" {
			return false
		}
	case MethodAzureCLI:
	default:
		return false
	}
	_, ok := cloudEndpoints(r.Cloud)
	return ok && r.TenantID != ""
}

// SaveRecord writes the record atomically, readable by its owner only, creating the directory.
func SaveRecord(path string, rec Record) error {
	rec.Version = recordVersion
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return &RecordError{Path: path, Err: err}
	}
	if err := safefile.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return &RecordError{Path: path, Err: err}
	}
	return nil
}

// RemoveRecord deletes the record; none is no error.
func RemoveRecord(path string) error {
	if err := safefile.Check(path); err != nil {
		return &RecordError{Path: path, Err: err}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &RecordError{Path: path, Err: err}
	}
	return nil
}
