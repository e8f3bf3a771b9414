package entra

import (
	"context"
	"unsafe"

	"golang.org/x/sys/windows"
)

// SystemSecrets is the system's protected store: on Windows the file encrypted with DPAPI
// (CryptProtectData) for the signed-in Windows user, in %LocalAppData%\cspfix. Only that user,
// on that computer (or with a roaming profile), can decrypt it.
func SystemSecrets() Secrets {
	return &fileSecrets{path: secretsPath(), s: dpapiSealer{}}
}

// dpapiEntropy is DPAPI's optional entropy: another program of the same user that calls
// CryptUnprotectData on the file without it gets nothing.
const dpapiEntropy = "cspfix sign-in"

type dpapiSealer struct{}

func (dpapiSealer) kind() string     { return "dpapi" }
func (dpapiSealer) available() error { return nil }

func blob(b []byte) *windows.DataBlob {
	if len(b) == 0 {
		return &windows.DataBlob{}
	}
	return &windows.DataBlob{Size: uint32(len(b)), Data: &b[0]}
}

// take copies DPAPI's output and frees it (LocalFree, as the documentation asks).
func take(out *windows.DataBlob) []byte {
	if out.Data == nil {
		return nil
	}
	defer windows.LocalFree(windows.Handle(unsafe.Pointer(out.Data)))
	return append([]byte(nil), unsafe.Slice(out.Data, out.Size)...)
}

func (dpapiSealer) seal(plain []byte) ([]byte, error) {
	var out windows.DataBlob
	entropy := []byte(dpapiEntropy)
	// CRYPTPROTECT_UI_FORBIDDEN: never a dialog.
	if err := windows.CryptProtectData(blob(plain), nil, blob(entropy), 0, nil, windows.CRYPTPROTECT_UI_FORBIDDEN, &out); err != nil {
		return nil, err
	}
	return append([]byte(sealedPrefix), take(&out)...), nil
}

func (dpapiSealer) open(sealed []byte) ([]byte, error) {
	if len(sealed) <= len(sealedPrefix) || string(sealed[:len(sealedPrefix)]) != sealedPrefix {
		return nil, nil
	}
	var out windows.DataBlob
	entropy := []byte(dpapiEntropy)
	if err := windows.CryptUnprotectData(blob(sealed[len(sealedPrefix):]), nil, blob(entropy), 0, nil, windows.CRYPTPROTECT_UI_FORBIDDEN, &out); err != nil {
		return nil, nil // another user's, or another computer's: as if nothing were kept
	}
	return take(&out), nil
}

// forget: DPAPI keeps no key of cspfix's; removing the file is all.
func (dpapiSealer) forget(context.Context) error { return nil }
