package entra

import (
	"context"
	"errors"

	"golang.org/x/sys/unix"
)

// SystemSecrets is the system's protected store: on Linux the sealed file and its key in the
// kernel's key retention service, in the user's key ring. The kernel keeps keys in memory
// only: a restart loses the key and so the sign-in (as azidentity's cache did), and
// user-keyring(7) says the user key ring ends with the last process of the user. Containers
// often have no key ring (keyctl is refused): then there is no store.
func SystemSecrets() Secrets {
	return &fileSecrets{path: secretsPath(), s: keySealer{keyringHolder{description: keyringDescription}}}
}

// keyringDescription names cspfix's key in the key ring.
const keyringDescription = "cspfix:sign-in"

// keyringHolder keeps the key as a "user" key in the user key ring.
type keyringHolder struct{ description string }

func (keyringHolder) kind() string { return "keyring" }

// ring returns the user key ring, and makes this process possess it: the session key ring is
// linked to it (pam_keyinit does the same at a login), since a new key grants its rights to
// the processes that possess it (keyrings(7), "Possession").
func (keyringHolder) ring() (int, error) {
	ring, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_KEYRING, true)
	if err != nil {
		return 0, err
	}
	if session, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_SESSION_KEYRING, false); err == nil && session != ring {
		_, _ = unix.KeyctlInt(unix.KEYCTL_LINK, ring, session, 0, 0)
	}
	return ring, nil
}

func (h keyringHolder) available() error {
	_, err := h.ring()
	return err
}

func (h keyringHolder) get() ([]byte, error) {
	ring, err := h.ring()
	if err != nil {
		return nil, err
	}
	id, err := unix.KeyctlSearch(ring, "user", h.description, 0)
	if err != nil {
		if gone(err) {
			return nil, nil
		}
		return nil, err
	}
	buf := make([]byte, 64)
	n, err := unix.KeyctlBuffer(unix.KEYCTL_READ, id, buf, 0)
	if err != nil {
		if gone(err) {
			return nil, nil
		}
		return nil, err
	}
	if n != 32 {
		return nil, nil // not a key cspfix made: the next sign-in replaces it
	}
	return buf[:32], nil
}

func (h keyringHolder) put(key []byte) error {
	ring, err := h.ring()
	if err != nil {
		return err
	}
	// add_key replaces a key of the same type and description in the ring.
	id, err := unix.AddKey("user", h.description, key, ring)
	if err != nil {
		return err
	}
	// The user's other processes may read it without possessing it (a later run in another
	// session): they could read the sealed file's key through the ring anyway.
	_ = unix.KeyctlSetperm(id, keyPossessorAll|keyUserView|keyUserRead|keyUserWrite|keyUserSearch|keyUserSetattr)
	return nil
}

func (h keyringHolder) forget(context.Context) error {
	ring, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_KEYRING, false)
	if err != nil {
		return nil // no key ring: no key
	}
	id, err := unix.KeyctlSearch(ring, "user", h.description, 0)
	if err != nil {
		return nil
	}
	if _, err := unix.KeyctlInt(unix.KEYCTL_UNLINK, id, ring, 0, 0); err != nil && !gone(err) {
		return err
	}
	return nil
}

// The rights of a key (linux/keyctl.h): all for its possessor, and these for its user.
const (
	keyPossessorAll = 0x3f000000
	keyUserView     = 0x00010000
	keyUserRead     = 0x00020000
	keyUserWrite    = 0x00040000
	keyUserSearch   = 0x00080000
	keyUserSetattr  = 0x00200000
)

// gone reports a key that is not (or no longer) there.
func gone(err error) bool {
	return errors.Is(err, unix.ENOKEY) || errors.Is(err, unix.EKEYEXPIRED) || errors.Is(err, unix.EKEYREVOKED) || errors.Is(err, unix.ENOENT)
}
