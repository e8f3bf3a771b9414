package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/scenarios"
)

func TestSetChecksAndNormalises(t *testing.T) {
	tests := []struct {
		key, value, want string
		bad              bool
	}{
		{"partner.partner_id", " 4847383 ", "4847383", false},
		{"partner.partner_id", "48-47383", "", true},
		{"partner.partner_id", "123456789012345678901", "", true},
		{"partner.country", "de", "DE", false},
		{"partner.country", "XK", "XK", false},
		{"partner.country", "Germany", "", true},
		{"partner.country", "XX", "", true},
		{"contact.email", "anna.schmidt@fabrikam.example", "anna.schmidt@fabrikam.example", false},
		{"contact.email", "Anna <anna@fabrikam.example>", "", true},
		{"contact.email", "anna@localhost", "", true},
		{"contact.email", "anna@@x.de", "", true},
		{"contact.phone", "+49 (30) 123-4567", "+49 (30) 123-4567", false},
		{"contact.phone", "call me", "", true},
		{"contact.phone", "12", "", true},
		{"lang", "DE", "de", false},
		{"lang", "de_DE.UTF-8", "", true},
		{"ticket_lang", "fr", "", true},
		{"partner.name", "Fabrikam IT", "Fabrikam IT", false},
		{"partner.name", "evil\x1b[31m", "", true},
		{"partner.name", "zero\u200bwidth", "", true},
		{"partner.name", strings.Repeat("n", 201), "", true},
		{"partner.name", "", "", false}, // unsets
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			k, err := Find(tt.key)
			if err != nil {
				t.Fatal(err)
			}
			c := Config{Partner: Partner{Name: "before"}}
			err = k.Set(scenarios.Embedded(), &c, tt.value)
			var ve *ValueError
			if tt.bad != errors.As(err, &ve) {
				t.Fatalf("error %v, want bad=%v", err, tt.bad)
			}
			if !tt.bad && k.Get(&c) != tt.want {
				t.Errorf("stored %q, want %q", k.Get(&c), tt.want)
			}
		})
	}
}

func TestFindSuggests(t *testing.T) {
	_, err := Find("partner.partnerid")
	var ke *KeyError
	if !errors.As(err, &ke) || ke.Suggest != "partner.partner_id" {
		t.Errorf("got %v", err)
	}
}

func TestLoadAndSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "config.json")
	c, err := Load(scenarios.Embedded(), path)
	if err != nil || *c != (Config{}) {
		t.Fatalf("a missing file is an empty configuration: %v %+v", err, c)
	}
	c.Partner.PartnerID, c.Lang = "4847383", "de"
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || testkit.UnixModes && fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v (%v)", fi.Mode(), err)
	}
	back, err := Load(scenarios.Embedded(), path)
	if err != nil || back.Partner.PartnerID != "4847383" || back.Lang != "de" {
		t.Fatalf("read back %+v (%v)", back, err)
	}
	data, _ := os.ReadFile(path)
	if string(data) != "{\n  \"partner\": {\n    \"partner_id\": \"4847383\"\n  },\n  \"lang\": \"de\"\n}\n" {
		t.Errorf("file:\n%s", data)
	}
}

func TestLoadRefusesBrokenFiles(t *testing.T) {
	tests := []struct {
		name, data string
		kind       ProblemKind
		value      bool
	}{
		{"not JSON", `{"lang": `, ProblemSyntax, false},
		{"unknown key", `{"partner":{"nmae":"x"}}`, ProblemUnknownKey, false},
		{"not text", `{"lang": 1}`, ProblemType, false},
		{"two values", `{} {}`, ProblemSeveral, false},
		{"a value no setting can hold", `{"partner":{"partner_id":"abc"}}`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.json")
			if err := os.WriteFile(path, []byte(tt.data), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(scenarios.Embedded(), path)
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != path {
				t.Fatalf("want a FileError naming the file, got %v", err)
			}
			var p *Problem
			var ve *ValueError
			switch {
			case tt.value && !errors.As(err, &ve):
				t.Errorf("want a ValueError, got %v", err)
			case !tt.value && (!errors.As(err, &p) || p.Kind != tt.kind):
				t.Errorf("want %s, got %v", tt.kind, err)
			}
		})
	}
	t.Run("a directory", func(t *testing.T) {
		if _, err := Load(scenarios.Embedded(), t.TempDir()); err == nil {
			t.Error("a directory is not a settings file")
		}
	})
}

func TestDefaultPath(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	tests := []struct {
		goos string
		vars map[string]string
		want string
	}{
		{"linux", map[string]string{"HOME": "/home/anna"}, "/home/anna/.config/cspfix/config.json"},
		{"linux", map[string]string{"HOME": "/home/anna", "XDG_CONFIG_HOME": "/cfg"}, "/cfg/cspfix/config.json"},
		{"linux", map[string]string{"HOME": "/home/anna", "XDG_CONFIG_HOME": "relative"}, "/home/anna/.config/cspfix/config.json"},
		{"darwin", map[string]string{"HOME": "/Users/anna"}, "/Users/anna/Library/Application Support/cspfix/config.json"},
		{"windows", map[string]string{"AppData": `C:\Users\anna\AppData\Roaming`}, filepath.Join(`C:\Users\anna\AppData\Roaming`, "cspfix", "config.json")},
		{"linux", map[string]string{}, ""},
	}
	for _, tt := range tests {
		if got := DefaultPath(tt.goos, env(tt.vars)); got != tt.want {
			t.Errorf("%s %v: got %q, want %q", tt.goos, tt.vars, got, tt.want)
		}
	}
}
