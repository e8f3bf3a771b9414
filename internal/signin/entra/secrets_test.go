package entra

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/signin"
)

// memoryHolder keeps a key in memory: the key ring or keychain of a test.
type memoryHolder struct {
	key    []byte
	broken bool
}

func (m *memoryHolder) kind() string { return "keyring" }
func (m *memoryHolder) available() error {
	if m.broken {
		return &signin.Error{Reason: signin.ReasonNoStore, Detail: "keyctl refused"}
	}
	return nil
}
func (m *memoryHolder) get() ([]byte, error)             { return m.key, nil }
func (m *memoryHolder) put(k []byte) error               { m.key = bytes.Clone(k); return nil }
func (m *memoryHolder) forget(ctx context.Context) error { m.key = nil; return nil }

const refreshToken = "SECRET-REFRESH-0.AXoAZmxkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk"

func testSecret() []byte {
	b, _ := secret{Version: secretVersion, Authority: "https://login.microsoftonline.com", ClientID: clientID, TenantID: partnerTenant,
		HomeAccountID: userOID + "." + partnerTenant, RefreshToken: refreshToken}.encode()
	return b
}

// TestFileSecrets: the refresh token is written sealed, to a file only its owner reads, and
// is of no use without the key.
func TestFileSecrets(t *testing.T) {
	ctx := context.Background()
	h := &memoryHolder{}
	path := filepath.Join(t.TempDir(), "cache", "cspfix", "sign-in.sealed")
	f := &fileSecrets{path: path, s: keySealer{h}}
	if kind, err := f.Kind(); err != nil || kind != "keyring" {
		t.Fatal(kind, err)
	}
	if got, err := f.Load(ctx); got != nil || err != nil {
		t.Fatalf("nothing kept yet: %q %v", got, err)
	}
	if err := f.Save(ctx, testSecret()); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("SECRET")) || bytes.Contains(raw, []byte(partnerTenant)) || !bytes.HasPrefix(raw, []byte(sealedPrefix)) {
		t.Errorf("not sealed: %q", raw)
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(path)
		dir, _ := os.Stat(filepath.Dir(path))
		if fi.Mode().Perm() != 0o600 || dir.Mode().Perm() != 0o700 {
			t.Errorf("modes %v %v", fi.Mode(), dir.Mode())
		}
	}
	got, err := f.Load(ctx)
	if err != nil || !bytes.Equal(got, testSecret()) {
		t.Fatalf("%q %v", got, err)
	}
	// Another key (the key ring was emptied and a new key made): nothing to read.
	key := h.key
	h.key = bytes.Repeat([]byte{7}, 32)
	if got, err := f.Load(ctx); got != nil || err != nil {
		t.Errorf("opened with another key: %q %v", got, err)
	}
	// A changed file is not opened either.
	h.key = key
	raw[len(raw)-1] ^= 1
	os.WriteFile(path, raw, 0o600)
	if got, _ := f.Load(ctx); got != nil {
		t.Error("a changed file was opened")
	}
	// Remove takes the file and the key.
	if err := f.Remove(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) || h.key != nil {
		t.Errorf("left: %v %v", err, h.key)
	}
	if err := f.Remove(ctx); err != nil {
		t.Errorf("removing nothing: %v", err)
	}
	// Where the facility is missing, there is no store.
	h.broken = true
	if _, err := f.Kind(); reason(err) != signin.ReasonNoStore {
		t.Errorf("%v", err)
	}
}

func TestDecodeSecret(t *testing.T) {
	if s, ok := decodeSecret(testSecret()); !ok || s.RefreshToken != refreshToken {
		t.Fatal(s, ok)
	}
	var m map[string]any
	json.Unmarshal(testSecret(), &m)
	for name, change := range map[string]func(map[string]any){
		"version":       func(m map[string]any) { m["version"] = 2 },
		"no token":      func(m map[string]any) { delete(m, "refresh_token") },
		"space":         func(m map[string]any) { m["refresh_token"] = "a b" },
		"unknown field": func(m map[string]any) { m["access_token"] = "x" },
		"no tenant":     func(m map[string]any) { delete(m, "tenant_id") },
	} {
		c := map[string]any{}
		for k, v := range m {
			c[k] = v
		}
		change(c)
		b, _ := json.Marshal(c)
		if _, ok := decodeSecret(b); ok {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestStoreAdapter: the manager's store is the secrets' kind and removal.
func TestStoreAdapter(t *testing.T) {
	m := &memorySecrets{kind: "dpapi", data: testSecret()}
	s := Store{Secrets: m}
	if kind, err := s.Kind(); kind != "dpapi" || err != nil {
		t.Error(kind, err)
	}
	if err := s.Remove(context.Background()); err != nil || m.data != nil {
		t.Error(err)
	}
	if _, err := (Store{Secrets: &memorySecrets{}}).Kind(); reason(err) != signin.ReasonNoStore {
		t.Error(err)
	}
}

// TestSecretsPath: the sealed file is in the user's cache directory.
func TestSecretsPath(t *testing.T) {
	dir := t.TempDir()
	switch runtime.GOOS {
	case "windows":
		t.Setenv("LocalAppData", dir)
	case "darwin", "ios":
		t.Setenv("HOME", dir)
		dir = filepath.Join(dir, "Library", "Caches")
	case "plan9":
		t.Skip("no cache directory convention")
	default:
		t.Setenv("XDG_CACHE_HOME", dir)
	}
	if got := secretsPath(); got != filepath.Join(dir, "cspfix", "sign-in.sealed") || !strings.HasPrefix(got, dir) {
		t.Errorf("%s", got)
	}
}
