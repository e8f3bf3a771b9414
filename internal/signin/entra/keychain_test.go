package entra

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeSecurity is macOS's security tool in the tests (TestMain runs it when
// ENTRA_FAKE_TOOL=security): one generic password in the file ENTRA_FAKE_ITEM, every run's
// arguments appended to ENTRA_FAKE_ARGS (what a process listing would show). Interactive mode
// reads its commands from standard input, one a line, split at spaces.
func fakeSecurity() int {
	item, argsFile := os.Getenv("ENTRA_FAKE_ITEM"), os.Getenv("ENTRA_FAKE_ARGS")
	if f, err := os.OpenFile(argsFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
		json.NewEncoder(f).Encode(os.Args[1:])
		f.Close()
	}
	run := func(args []string) int {
		opt := func(name string) string {
			for i := 1; i+1 < len(args); i++ {
				if args[i] == name {
					return args[i+1]
				}
			}
			return ""
		}
		if len(args) == 0 || opt("-s") != keychainService || opt("-a") != keychainAccount {
			os.Stderr.WriteString("security: bad arguments\n")
			return 2
		}
		switch args[0] {
		case "add-generic-password":
			if os.Getenv("ENTRA_FAKE_LOCKED") != "" {
				os.Stderr.WriteString("security: SecKeychainItemCreateFromContent (<default>): User interaction is not allowed.\n")
				return 36
			}
			os.WriteFile(item, []byte(opt("-w")), 0o600)
			return 0
		case "find-generic-password":
			b, err := os.ReadFile(item)
			if err != nil {
				os.Stderr.WriteString("security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n")
				return 44
			}
			os.Stdout.Write(append(b, '\n'))
			return 0
		case "delete-generic-password":
			if os.Remove(item) != nil {
				return 44
			}
			return 0
		}
		return 2
	}
	if len(os.Args) == 2 && os.Args[1] == "-i" {
		status := 0
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			status = run(strings.Fields(sc.Text()))
		}
		return status
	}
	return run(os.Args[1:])
}

// TestKeychainHolder: the key reaches the keychain on the tool's standard input, never in its
// arguments, and is read back, replaced and deleted.
func TestKeychainHolder(t *testing.T) {
	tool := fakeTool(t, "security")
	dir := t.TempDir()
	t.Setenv("ENTRA_FAKE_TOOL", "security")
	t.Setenv("ENTRA_FAKE_ITEM", filepath.Join(dir, "item"))
	argsFile := filepath.Join(dir, "args")
	t.Setenv("ENTRA_FAKE_ARGS", argsFile)
	k := keychainHolder{tool: tool}
	if err := k.available(); err != nil {
		t.Fatal(err)
	}
	if key, err := k.get(); key != nil || err != nil {
		t.Fatalf("nothing kept yet: %v %v", key, err)
	}
	key := bytes.Repeat([]byte{0xa5}, 32)
	if err := k.put(key); err != nil {
		t.Fatal(err)
	}
	if got, err := k.get(); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("%v %v", got, err)
	}
	// The whole sealing, with the keychain holding the key.
	f := &fileSecrets{path: filepath.Join(dir, "sign-in.sealed"), s: keySealer{k}}
	if err := f.Save(context.Background(), testSecret()); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.Load(context.Background()); !bytes.Equal(got, testSecret()) {
		t.Errorf("%q", got)
	}
	if err := f.Remove(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, err := k.get(); got != nil || err != nil {
		t.Errorf("the key is still there: %v %v", got, err)
	}
	if err := k.forget(context.Background()); err != nil {
		t.Errorf("forgetting nothing: %v", err)
	}
	// No run of the tool had the key in its arguments.
	encoded := base64.RawURLEncoding.EncodeToString(key)
	args, _ := os.ReadFile(argsFile)
	if bytes.Contains(args, []byte(encoded)) || bytes.Contains(args, []byte(`"-w"`)) && !bytes.Contains(args, []byte(`"find-generic-password"`)) ||
		!bytes.Contains(args, []byte(`["-i"]`)) {
		t.Errorf("arguments: %s", args)
	}
	for _, line := range strings.Split(string(args), "\n") {
		if strings.Contains(line, `"-w"`) && !strings.Contains(line, "find-generic-password") {
			t.Errorf("a password in the arguments: %s", line)
		}
	}
	// A locked keychain refuses: the store says so, nothing is kept.
	t.Setenv("ENTRA_FAKE_LOCKED", "1")
	if err := k.put(key); err == nil || strings.Contains(err.Error(), encoded) {
		t.Errorf("%v", err)
	}
}
