package platform

import (
	"errors"
	"os"
	"slices"
	"testing"
)

func TestWindowsLanguages(t *testing.T) {
	fail := errors.New("not supported")
	for _, tt := range []struct {
		name        string
		preferred   []string
		err         error
		userDefault uint16
		want        []string
	}{
		{"preferred languages, in order", []string{"de-DE", "en-US"}, nil, 0x0409, []string{"de-DE", "en-US"}},
		{"blank entries dropped", []string{"", " fr-FR ", "de-AT"}, nil, 0, []string{"fr-FR", "de-AT"}},
		{"no preferred languages: the default UI language", []string{}, nil, 0x0407, []string{"de"}},
		{"German of Austria as a LANGID", nil, fail, 0x0c07, []string{"de"}},
		{"English of the UK as a LANGID", nil, fail, 0x0809, []string{"en"}},
		{"a LANGID of another language", nil, fail, 0x040c, nil},
		{"nothing", nil, fail, 0, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := windowsLanguages{
				preferred:   func() ([]string, error) { return tt.preferred, tt.err },
				userDefault: func() uint16 { return tt.userDefault },
			}
			if got := w.DisplayLanguages(); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := (windowsLanguages{}).DisplayLanguages(); got != nil {
		t.Errorf("without the calls: %q", got)
	}
}

func TestMinttyPipeName(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{`\msys-dd50a72ab4668b33-pty0-from-master`, true},
		{`\msys-dd50a72ab4668b33-pty12-to-master`, true},
		{`\cygwin-e022582115c10879-pty3-from-master`, true},
		{`\Device\NamedPipe\msys-dd50a72ab4668b33-pty0-from-master`, true},
		{`\Device\NamedPipe\cygwin-e022582115c10879-pty1-to-master`, true},
		{`\msys-dd50a72ab4668b33-pty0-from-master-nat`, true},
		{`\msys-dd50a72ab4668b33-13768-pipe-0x1`, false}, // a pipe between two programs (|)
		{`\cygwin-e022582115c10879-sigwait`, false},
		{`\msys--pty0-from-master`, false},
		{`\msys-xyz-pty0-from-master`, false},
		{`\msys-dd50a72ab4668b33-tty0-from-master`, false},
		{`\msys-dd50a72ab4668b33-pty-from-master`, false},
		{`\msys-dd50a72ab4668b33-pty0-into-master`, false},
		{`\msys-dd50a72ab4668b33-pty0-from-slave`, false},
		{`msys-dd50a72ab4668b33-pty0-from-master`, false},
		{`\Win32Pipes.00001a2c.00000002`, false}, // an anonymous pipe (cmd.exe, PowerShell)
		{`\vscode-git-2ac1f5f7cb-sock`, false},
		{``, false},
	} {
		if got := MinttyPipeName(tt.name); got != tt.want {
			t.Errorf("MinttyPipeName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestMinttyInputOfAFile: a file (or, away from Windows, anything) is never mintty's pipe.
func TestMinttyInputOfAFile(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "in")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if MinttyInput(f) {
		t.Error("a file taken for mintty's pipe")
	}
}
