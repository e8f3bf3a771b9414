package entra

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestKeyringHolder uses the real kernel key ring, under a key name of the test's own.
func TestKeyringHolder(t *testing.T) {
	h := keyringHolder{description: "cspfix-test:" + t.Name()}
	if err := h.available(); err != nil {
		// Containers are often refused keyctl (seccomp): then cspfix has no store either.
		t.Skipf("no kernel key ring here: %v", err)
	}
	t.Cleanup(func() { h.forget(context.Background()) })
	if key, err := h.get(); key != nil || err != nil {
		t.Fatalf("a key before any: %v %v", key, err)
	}
	key := bytes.Repeat([]byte{0x5a}, 32)
	if err := h.put(key); err != nil {
		t.Fatal(err)
	}
	got, err := h.get()
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("%v %v", got, err)
	}
	// The key's rights let the user's other processes read it.
	ring, _ := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_KEYRING, false)
	id, err := unix.KeyctlSearch(ring, "user", h.description, 0)
	if err != nil {
		t.Fatal(err)
	}
	desc, err := unix.KeyctlString(unix.KEYCTL_DESCRIBE, id)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("key: %s", desc)
	// Sealed with the real key ring, then the key is gone (as after a restart).
	f := &fileSecrets{path: filepath.Join(t.TempDir(), "sign-in.sealed"), s: keySealer{h}}
	if err := f.Save(context.Background(), testSecret()); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.Load(context.Background()); !bytes.Equal(got, testSecret()) {
		t.Fatalf("%q", got)
	}
	if err := h.forget(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, err := f.Load(context.Background()); got != nil || err != nil {
		t.Errorf("read without the key: %q %v", got, err)
	}
	if err := f.Remove(context.Background()); err != nil {
		t.Error(err)
	}
}
