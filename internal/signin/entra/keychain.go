package entra

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"os/exec"
	"strings"
	"time"
)

// keychainHolder keeps the key in the macOS login keychain through the security tool, as a
// generic password of service "cspfix", account "sign-in-key". It is in a file without a build
// tag so that its use of the tool is tested everywhere, with a fake tool.
//
// The key never appears in a process listing: add-generic-password takes the password as an
// argument (-w) or, put last without a value, reads it from the terminal — not from a pipe.
// So cspfix runs `security -i` and writes the one command line, key included, to its standard
// input (interactive mode reads commands there; a line is at most a few kilobytes, and the
// key's 43 characters of base64url need no quoting). Reading it back prints the password on
// the tool's standard output, which cspfix reads from a pipe.
type keychainHolder struct {
	tool string // /usr/bin/security
}

const (
	keychainService = "cspfix"
	keychainAccount = "sign-in-key"
	keychainTimeout = 30 * time.Second // the keychain may ask the person to unlock it
	// keychainNotFound is the tool's exit status for an item that is not there
	// (errSecItemNotFound).
	keychainNotFound = 44
)

func (keychainHolder) kind() string { return "keychain" }

func (k keychainHolder) available() error {
	_, err := os.Stat(k.tool)
	return err
}

func (k keychainHolder) run(stdin string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), keychainTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, k.tool, args...)
	var stdout, stderr limitedBuffer
	stdout.max, stderr.max = 64<<10, 64<<10
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		return nil, &keychainError{err: err, timedOut: ctx.Err() != nil}
	}
	return stdout.Bytes(), nil
}

// keychainError is a failed run of the tool; its output is not kept (it may echo what it was
// given).
type keychainError struct {
	err      error
	timedOut bool
}

func (e *keychainError) Error() string {
	if e.timedOut {
		return "the keychain did not answer in time"
	}
	return "the keychain refused: " + e.err.Error()
}

func (e *keychainError) notFound() bool {
	var exit *exec.ExitError
	return errors.As(e.err, &exit) && exit.ExitCode() == keychainNotFound
}

func (k keychainHolder) get() ([]byte, error) {
	out, err := k.run("", "find-generic-password", "-s", keychainService, "-a", keychainAccount, "-w")
	if err != nil {
		var ke *keychainError
		if errors.As(err, &ke) && ke.notFound() {
			return nil, nil
		}
		return nil, err
	}
	key, err := base64.RawURLEncoding.DecodeString(string(bytes.TrimRight(out, "\r\n")))
	if err != nil || len(key) != 32 {
		return nil, nil // not a key cspfix made: the next sign-in replaces it
	}
	return key, nil
}

func (k keychainHolder) put(key []byte) error {
	// -U replaces an item that is there. No -A and no -T: only the tool that made the item
	// (security itself) reads it without asking the person.
	line := "add-generic-password -U -s " + keychainService + " -a " + keychainAccount + " -w " +
		base64.RawURLEncoding.EncodeToString(key) + "\n"
	if _, err := k.run(line, "-i"); err != nil {
		return err
	}
	// Interactive mode's exit status is not documented: the key is read back to be sure.
	back, err := k.get()
	if err != nil {
		return err
	}
	if !bytes.Equal(back, key) {
		return errors.New("the keychain did not keep the key")
	}
	return nil
}

func (k keychainHolder) forget(context.Context) error {
	if k.available() != nil {
		return nil
	}
	_, err := k.run("", "delete-generic-password", "-s", keychainService, "-a", keychainAccount)
	var ke *keychainError
	if errors.As(err, &ke) && ke.notFound() {
		return nil
	}
	return err
}
