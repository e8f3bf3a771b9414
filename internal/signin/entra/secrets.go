package entra

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/signin"
)

// Secrets keeps the one secret of a sign-in between runs — the refresh token, with what it
// belongs to — in the system's protected store (docs/microsoft-access.md, "Where the sign-in is
// kept").
type Secrets interface {
	// Kind names the store ("keyring", "keychain", "dpapi"), or returns an *signin.Error of
	// reason no_store when this system has none cspfix can use.
	Kind() (string, error)
	// Load returns what Save kept; nil (and no error) when there is nothing, or nothing that
	// can still be read (the key is gone).
	Load(ctx context.Context) ([]byte, error)
	Save(ctx context.Context, data []byte) error
	// Remove deletes what is kept; nothing kept is no error.
	Remove(ctx context.Context) error
}

// Store is the system's protected store as the sign-in's manager sees it: signin.Store.
type Store struct {
	// Secrets is the store; nil is the system's.
	Secrets Secrets
}

var _ signin.Store = Store{}

func (s Store) secrets() Secrets {
	if s.Secrets == nil {
		return SystemSecrets()
	}
	return s.Secrets
}

func (s Store) Kind() (string, error)            { return s.secrets().Kind() }
func (s Store) Remove(ctx context.Context) error { return s.secrets().Remove(ctx) }

// secret is what is kept: the refresh token and the sign-in it belongs to, so that a token of
// another app, tenant, cloud or account is never used.
type secret struct {
	Version       int    `json:"version"`
	Authority     string `json:"authority"`
	ClientID      string `json:"client_id"`
	TenantID      string `json:"tenant_id"`
	HomeAccountID string `json:"home_account_id,omitempty"`
	RefreshToken  string `json:"refresh_token"`
}

const secretVersion = 1

// maxSecret bounds what is read back: a refresh token has a few kilobytes.
const maxSecret = 256 << 10

func (s secret) encode() ([]byte, error) { return json.Marshal(s) }

// decodeSecret reads what Save kept; ok is false for anything else.
func decodeSecret(data []byte) (secret, bool) {
	var s secret
	if len(data) > maxSecret {
		return secret{}, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if dec.Decode(&s) != nil || dec.More() || s.Version != secretVersion || s.ClientID == "" || s.TenantID == "" ||
		s.RefreshToken == "" || len(s.RefreshToken) > maxTokenLen || !printableASCII(s.RefreshToken) {
		return secret{}, false
	}
	return s, true
}

// memorySecrets keeps the secret in memory only: a test's store.
type memorySecrets struct {
	kind string
	data []byte
}

// MemorySecrets returns a store in memory that calls itself kind ("" is a system without a
// store: Kind fails, as SystemSecrets does where there is none).
func MemorySecrets(kind string) Secrets { return &memorySecrets{kind: kind} }

func (m *memorySecrets) Kind() (string, error) {
	if m.kind == "" {
		return "", errNoStore
	}
	return m.kind, nil
}
func (m *memorySecrets) Load(context.Context) ([]byte, error) { return bytes.Clone(m.data), nil }
func (m *memorySecrets) Save(_ context.Context, d []byte) error {
	if m.kind == "" {
		return errNoStore
	}
	m.data = bytes.Clone(d)
	return nil
}
func (m *memorySecrets) Remove(context.Context) error { m.data = nil; return nil }

var errNoStore = &signin.Error{Reason: signin.ReasonNoStore, Detail: "unsupported"}

// sealer protects the secret before it is written to its file: with a key the system keeps
// (keySealer: the kernel key ring, the login keychain) or with the system's own protection
// (DPAPI).
type sealer interface {
	kind() string
	// available fails when the facility cannot be used here.
	available() error
	seal(plain []byte) ([]byte, error)
	// open returns nil (and no error) when the sealed data cannot be opened any more: the
	// key is gone (a restart emptied the key ring) or is another one.
	open(sealed []byte) ([]byte, error)
	// forget deletes the key, where there is one.
	forget(ctx context.Context) error
}

// fileSecrets keeps the sealed secret in one file of the user's cache directory, readable by
// the user only.
type fileSecrets struct {
	path string
	s    sealer
}

func (f *fileSecrets) Kind() (string, error) {
	if f.path == "" {
		return "", &signin.Error{Reason: signin.ReasonNoStore, Detail: "no directory for it"}
	}
	if err := f.s.available(); err != nil {
		return "", &signin.Error{Reason: signin.ReasonNoStore, Detail: storeDetail(err)}
	}
	return f.s.kind(), nil
}

func (f *fileSecrets) Load(context.Context) ([]byte, error) {
	if f.path == "" {
		return nil, nil
	}
	file, err := safefile.OpenRegular(f.path, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer file.Close()
	sealed, err := io.ReadAll(io.LimitReader(file, 2*maxSecret))
	if err != nil {
		return nil, err
	}
	return f.s.open(sealed)
}

func (f *fileSecrets) Save(_ context.Context, data []byte) error {
	if f.path == "" {
		return &signin.Error{Reason: signin.ReasonNoStore, Detail: "no directory for it"}
	}
	sealed, err := f.s.seal(data)
	if err != nil {
		return &signin.Error{Reason: signin.ReasonNoStore, Detail: storeDetail(err)}
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return err
	}
	return safefile.WriteFile(f.path, sealed, 0o600)
}

func (f *fileSecrets) Remove(ctx context.Context) error {
	var errs []error
	if f.path != "" {
		if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := f.s.forget(ctx); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// secretsPath is the file of the sealed secret: in the user's cache directory ($XDG_CACHE_HOME
// or ~/.cache on Linux, ~/Library/Caches on macOS, %LocalAppData% on Windows), not beside the
// settings, which people copy between computers.
func secretsPath() string {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "cspfix", "sign-in.sealed")
}

// keyHolder keeps the 32-byte key of a keySealer: the kernel key ring, the login keychain.
type keyHolder interface {
	kind() string
	available() error
	// get returns the key; nil (and no error) when there is none.
	get() ([]byte, error)
	put(key []byte) error
	forget(ctx context.Context) error
}

// keySealer seals with AES-256-GCM under a random key that the system keeps, so that the file
// alone is of no use: without the key (another user, another computer, after a restart that
// emptied the key ring) it cannot be opened.
type keySealer struct{ h keyHolder }

// sealedPrefix starts a sealed file: its format's name and version.
const sealedPrefix = "cspfix-sealed-1\n"

// sealAAD binds the sealed data to its use.
const sealAAD = "cspfix sign-in"

func (k keySealer) kind() string     { return k.h.kind() }
func (k keySealer) available() error { return k.h.available() }

func (k keySealer) seal(plain []byte) ([]byte, error) {
	key, err := k.h.get()
	if err != nil {
		return nil, err
	}
	if len(key) != 32 {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		if err := k.h.put(key); err != nil {
			return nil, err
		}
	}
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out := append([]byte(sealedPrefix), nonce...)
	return aead.Seal(out, nonce, plain, []byte(sealAAD)), nil
}

func (k keySealer) open(sealed []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(sealed, []byte(sealedPrefix))
	if !ok {
		return nil, nil
	}
	key, err := k.h.get()
	if err != nil || len(key) != 32 {
		return nil, err
	}
	aead, err := newGCM(key)
	if err != nil || len(rest) < aead.NonceSize()+aead.Overhead() {
		return nil, err
	}
	plain, err := aead.Open(nil, rest[:aead.NonceSize()], rest[aead.NonceSize():], []byte(sealAAD))
	if err != nil {
		return nil, nil // another key: as if nothing were kept
	}
	return plain, nil
}

func (k keySealer) forget(ctx context.Context) error { return k.h.forget(ctx) }

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// storeDetail keeps an error of the store as a detail in few words.
func storeDetail(err error) string {
	var e *signin.Error
	if errors.As(err, &e) && e.Detail != "" {
		return e.Detail
	}
	return cutString(err.Error(), 120)
}
