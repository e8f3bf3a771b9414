package cli

import (
	"bytes"
	"io/fs"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit"
)

const invitationURL = "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=6c3f5b2e-0d4a-4f8e-9b1c-7a2d5e8f3c40&msppId=0&DAP=true#/BillingAccounts/partner-invitation"

// TestGoldenMessages pins the message to the customer of each scenario's example in both
// languages, the questions of an undiagnosed case, and one message in every other format (the
// e-mail draft in both languages).
func TestGoldenMessages(t *testing.T) {
	type goldenRun struct{ name, lang, flag, ext string }
	var runs []goldenRun
	for _, name := range scenarioExamples {
		for _, lang := range []string{"en", "de"} {
			runs = append(runs, goldenRun{name, lang, "text", "txt"})
		}
	}
	runs = append(runs, goldenRun{"b-pending-invitation", "en", "markdown", "md"}, goldenRun{"incomplete", "en", "text", "txt"})
	for _, r := range runs {
		golden := "message-" + r.name + "." + r.lang + "." + r.ext
		t.Run(golden, func(t *testing.T) {
			args := []string{"message", "--answers", "../../../examples/" + r.name + ".json", "--customer-lang", r.lang, "-o", r.flag,
				"--invitation-url", invitationURL, testNowFlag}
			e, out, errOut := testEnv("", deskConfig)
			if code := run(e, args); code != exitOK || errOut.Len() > 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			compareGolden(t, filepath.Join("testdata", "golden", golden), out.Bytes())
		})
	}
	for _, lang := range []string{"en"} {
		t.Run("message-b-pending-invitation."+lang+".eml", func(t *testing.T) {
			e, out, errOut := testEnv("", deskConfig)
			args := []string{"message", "--answers", "../../../examples/b-pending-invitation.json", "--customer-lang", lang, "-o", "eml",
				"--to", "Frau Müller <mueller@contoso.example>", "--invitation-url", invitationURL, testNowFlag}
			if code := run(e, args); code != exitOK || errOut.Len() > 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			compareGolden(t, filepath.Join("testdata", "golden", "message-b-pending-invitation."+lang+".eml"), out.Bytes())
			msg, err := mail.ReadMessage(bytes.NewReader(out.Bytes()))
			if err != nil {
				t.Fatalf("the draft does not parse: %v", err)
			}
			if from, err := msg.Header.AddressList("From"); err != nil || from[0].Address != "jana.roth@fabrikam.example" {
				t.Errorf("From %v (%v): the contact of the settings", from, err)
			}
		})
	}
}

func TestMessageUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"unknown kind", []string{"--kind", "reminder"}, exitUsage, `unknown kind of message "reminder"`},
		{"http link", []string{"--invitation-url", "http://admin.microsoft.com/x"}, exitUsage, "is not an invitation link"},
		{"link elsewhere", []string{"--invitation-url", "https://admin.microsoft.com.evil.example/x"}, exitUsage, "leads to admin.microsoft.com"},
		{"link with a line break", []string{"--invitation-url", "https://admin.microsoft.com/\r\nBcc: x@evil.example"}, exitUsage, `"https://admin.microsoft.com/\u000d\u000aBcc: x@evil.example" is not`},
		{"--to without eml", []string{"--to", "it@contoso.example"}, exitUsage, "add -o eml"},
		{"--to that is none", []string{"-o", "eml", "--to", "not an address"}, exitUsage, "is not a list of e-mail addresses"},
		{"--to with a header in it", []string{"-o", "eml", "--to", "a@b.example\r\nBcc: x@evil.example"}, exitUsage, "is not a list"},
		{"bad language", []string{"--customer-lang", "fr"}, exitUsage, `unsupported language "fr"`},
		{"--out-dir and --out", []string{"--out-dir", "x", "--out", "y"}, exitUsage, "cannot be combined"},
		{"several drafts for one stream", []string{"--answers", "../../../examples/batch.jsonl", "-o", "eml"}, exitUsage, "with --out-dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, out, errOut := testEnv("", nil)
			args := append([]string{"message", testNowFlag}, tt.args...)
			if !slices.Contains(args, "--answers") {
				args = append(args, "--answers", "../../../examples/b-pending-invitation.json")
			}
			if code := run(e, args); code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			if !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
			if out.Len() > 0 {
				t.Errorf("a refused command writes nothing, got %q", out)
			}
		})
	}
}

// TestMessageSkips: a case with nothing to write is named on stderr; the others are written.
func TestMessageSkips(t *testing.T) {
	e, out, errOut := testEnv("", nil)
	code := run(e, []string{"message", "--answers", "../../../examples/resolved.json", testNowFlag})
	if code != exitOK || out.Len() > 0 || !strings.Contains(errOut.String(), "adatum-2026-11-20: no message: the case is resolved") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	answered := `{"id":"all-answered","customer":{"confirmed_tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"},"answers":{"other_csp":"no",
		"direct_microsoft":"no","earlier_relationship_with_you":"no","invitation_pending":"no","recent_change":"no"}}`
	e, out, errOut = testEnv(answered, nil)
	code = run(e, []string{"message", "--kind", "questions", testNowFlag})
	if code != exitOK || out.Len() > 0 || !strings.Contains(errOut.String(), "has answered every question") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestMessageCustomerLangFromSettings: the settings' customer_lang wins over the interface
// language, and the flag over both.
func TestMessageCustomerLangFromSettings(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(cfg, []byte(`{"customer_lang":"de"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "Betreff:"}, {[]string{"--customer-lang", "en"}, "Subject:"},
	} {
		e, out, _ := testEnv("", map[string]string{"CSPFIX_CONFIG": cfg})
		run(e, append([]string{"message", "--answers", "../../../examples/d-recent-change.json", "--lang", "en", testNowFlag}, tt.args...))
		if !strings.HasPrefix(out.String(), tt.want) {
			t.Errorf("%v: %q", tt.args, out.String()[:min(out.Len(), 40)])
		}
	}
}

// TestOutDirWritesOneFilePerCase: each case of a batch gets its own file in the directory, named
// safely after its ID, whatever the ID holds; the unreadable record is named on stderr.
func TestOutDirWritesOneFilePerCase(t *testing.T) {
	batch := `{"id":"ACME-1","answers":{"other_csp":"yes"}}
{"id":"acme-1","answers":{"invitation_pending":"yes"}}
{"id":"../../outside","answers":{"other_csp":"yes"}}
{"id":".hidden/x\u001b[2J","answers":{"other_csp":"yes"}}
{"answers":{"other_csp":"yes"}}
{"answers":{"other_csp":"maybe"}}
`
	want := []string{"acme-1", "acme-1-2", "outside", "hidden-x-2j", "case-5"}
	for _, tt := range []struct{ command, format, ext string }{
		{"ticket", "text", ".txt"}, {"ticket", "json", ".json"}, {"message", "eml", ".eml"}, {"message", "markdown", ".md"},
	} {
		t.Run(tt.command+" "+tt.format, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			e, out, errOut := testEnv(batch, nil)
			if code := run(e, []string{tt.command, "-o", tt.format, "--out-dir", dir, testNowFlag}); code != exitInvalid {
				t.Fatalf("exit %d, want %d (one record is invalid): %s", code, exitInvalid, errOut)
			}
			var got []string
			err := filepath.WalkDir(parent, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				if filepath.Dir(path) != dir {
					t.Errorf("%s is outside the directory", path)
				}
				if info, _ := d.Info(); testkit.UnixModes && info.Mode().Perm() != 0o600 {
					t.Errorf("%s has mode %v", path, info.Mode().Perm())
				}
				got = append(got, strings.TrimSuffix(d.Name(), tt.ext))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if w := slices.Sorted(slices.Values(want)); !slices.Equal(got, w) {
				t.Errorf("files %v, want %v", got, w)
			}
			if info, err := os.Stat(dir); err != nil || testkit.UnixModes && info.Mode().Perm() != 0o700 {
				t.Errorf("directory: %v %v", info.Mode(), err)
			}
			if out.Len() > 0 || !strings.Contains(errOut.String(), "#6: ") || !strings.Contains(errOut.String(), "wrote 5 files to "+dir) {
				t.Errorf("stdout %q; stderr %q", out, errOut)
			}
		})
	}
	t.Run("a file where the directory should be", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "tickets")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		e, _, errOut := testEnv(batch, nil)
		if code := run(e, []string{"ticket", "--out-dir", file}); code != exitUsage || !strings.Contains(errOut.String(), "is not a directory") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
}
