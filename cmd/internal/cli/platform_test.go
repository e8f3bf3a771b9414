package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/platform"
	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

// TestOutDirNeverNamesADevice: cases whose IDs Windows keeps for devices (CON, NUL, COM1, LPT1,
// in any case, with an extension or trailing dots) get the next free name, on every system.
func TestOutDirNeverNamesADevice(t *testing.T) {
	batch := `{"id":"CON","answers":{"other_csp":"yes"}}
{"id":"nul.txt","answers":{"other_csp":"yes"}}
{"id":"Com1","answers":{"other_csp":"yes"}}
{"id":"LPT1. .","answers":{"other_csp":"yes"}}
{"id":"console","answers":{"other_csp":"yes"}}
`
	dir := filepath.Join(t.TempDir(), "out")
	e, _, errOut := testEnv(batch, nil)
	if code := run(e, []string{"message", "-o", "markdown", "--out-dir", dir, testNowFlag}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if safefile.Reserved(e.Name()) {
			t.Errorf("%s names a device on Windows", e.Name())
		}
		got = append(got, e.Name())
	}
	want := []string{"com1-2.md", "con-2.md", "console.md", "lpt1-2.md", "nul-txt.md"}
	if !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if !strings.Contains(errOut.String(), "wrote 5 files") {
		t.Errorf("stderr: %s", errOut)
	}
}

// displayLanguages is a system with these display languages (platform.Languages).
type displayLanguages []string

func (d displayLanguages) DisplayLanguages() []string { return d }

// TestDetectLangFromTheDisplayLanguages: where no locale variable is set (Windows), the system's
// display languages choose, in their order; everything that chooses before them still does.
func TestDetectLangFromTheDisplayLanguages(t *testing.T) {
	german := displayLanguages{"de-DE", "en-US"}
	for _, tt := range []struct {
		name       string
		args       []string
		vars       map[string]string
		configured string
		system     platform.Languages
		want       scenarios.Lang
	}{
		{"German display", nil, nil, "", german, scenarios.DE},
		{"English display", nil, nil, "", displayLanguages{"en-GB", "de-DE"}, scenarios.EN},
		{"the first language cspfix has", nil, nil, "", displayLanguages{"fr-FR", "de-CH"}, scenarios.DE},
		{"no language cspfix has", nil, nil, "", displayLanguages{"fr-FR", "it-IT"}, scenarios.EN},
		{"a bare LANGID's language", nil, nil, "", displayLanguages{"de"}, scenarios.DE},
		{"none", nil, nil, "", displayLanguages{}, scenarios.EN},
		{"no system", nil, nil, "", nil, scenarios.EN},
		{"LANG beats it", nil, map[string]string{"LANG": "en_US.UTF-8"}, "", german, scenarios.EN},
		{"LC_ALL=C beats it", nil, map[string]string{"LC_ALL": "C"}, "", german, scenarios.EN},
		{"LC_MESSAGES beats it", nil, map[string]string{"LC_MESSAGES": "en_GB"}, "", german, scenarios.EN},
		{"LANGUAGE beats it", nil, map[string]string{"LANGUAGE": "en"}, "", german, scenarios.EN},
		{"a LANGUAGE cspfix lacks still counts as set", nil, map[string]string{"LANGUAGE": "fr"}, "", german, scenarios.EN},
		{"the settings beat it", nil, nil, "en", german, scenarios.EN},
		{"CSPFIX_LANG beats it", nil, map[string]string{"CSPFIX_LANG": "en"}, "", german, scenarios.EN},
		{"--lang beats it", []string{"--lang", "en"}, nil, "", german, scenarios.EN},
		{"German from the settings with an English display", nil, nil, "de", displayLanguages{"en-US"}, scenarios.DE},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectLang(tt.args, func(k string) string { return tt.vars[k] }, tt.configured, tt.system); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	// The whole command: help in German on a German Windows with no locale variables.
	e, out, _ := testEnv("", nil)
	e.languages = german
	if code := run(e, []string{"--help"}); code != exitOK || !strings.Contains(out.String(), "Verwendung") {
		t.Errorf("exit %d:\n%.300s", code, out)
	}
}

// withShell makes the person's shell sh for the rest of the test (Main detects it).
func withShell(t *testing.T, sh sanitize.CommandShell) {
	old := userShell
	userShell = sh
	t.Cleanup(func() { userShell = old })
}

// TestResumeCommandForTheShell: the command that resumes a stopped walkthrough is quoted for the
// shell the person runs: a path with a space in single quotes for POSIX shells, in double
// quotes for PowerShell and cmd.exe (single quotes would reach the program in cmd.exe).
func TestResumeCommandForTheShell(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Jana Roth")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	save := filepath.Join(dir, "case.json")
	for _, tt := range []struct {
		sh   sanitize.CommandShell
		want string
	}{
		{sanitize.POSIXShell, "cspfix diagnose --resume '" + save + "' --lang de --accessible"},
		{sanitize.PowerShell, `cspfix diagnose --resume "` + save + `" --lang de --accessible`},
		{sanitize.CmdShell, `cspfix diagnose --resume "` + save + `" --lang de --accessible`},
	} {
		withShell(t, tt.sh)
		os.Remove(save)
		e, _, errOut := testEnv("1\n", nil)
		if code := run(e, []string{"diagnose", "--accessible", "--lang", "de", "--save", save}); code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(errOut.String(), ": "+tt.want+"\n") {
			t.Errorf("shell %d: want %s in\n%s", tt.sh, tt.want, errOut)
		}
	}
}

// TestLongCommandsContinueAsTheShellReads: a command wider than the terminal is broken between
// its words (a quoted path with spaces is one) with a POSIX shell's line continuation; for
// PowerShell and cmd.exe, which continue lines differently and are told apart only by a guess
// (a cmd.exe started from PowerShell inherits PSModulePath), it stands whole on one line, and
// pastes into either.
func TestLongCommandsContinueAsTheShellReads(t *testing.T) {
	path := `C:\Users\Jana Roth\AppData\Local\cspfix\cases\contoso-gmbh-2026-11-23-1843-3fa2.json`
	for _, sh := range []sanitize.CommandShell{sanitize.POSIXShell, sanitize.PowerShell, sanitize.CmdShell} {
		withShell(t, sh)
		e, _, errOut := testEnv("", nil)
		e.stderrTerminal, e.width = true, 60
		e.noteCommand("Resume with:", resumeWords(path, "de", true))
		lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
		if sh != sanitize.POSIXShell {
			want := `cspfix diagnose --resume "` + path + `" --lang de --accessible`
			if len(lines) != 2 || lines[1] != want {
				t.Errorf("shell %d: want the label, then the command on one line:\n%s", sh, errOut)
			}
			continue
		}
		if len(lines) < 3 {
			t.Fatalf("shell %d: not broken:\n%s", sh, errOut)
		}
		for _, line := range lines[1 : len(lines)-1] {
			if !strings.HasSuffix(line, ` \`) {
				t.Errorf("shell %d: %q does not end in a backslash", sh, line)
			}
		}
		if !strings.Contains(errOut.String(), shellWord(path)) {
			t.Errorf("shell %d: the path was cut:\n%s", sh, errOut)
		}
	}
}

// TestHintsQuotePathsForTheShell: a command a hint suggests names the file as the person's shell
// reads it, and in PowerShell, which has no <, the case file is passed with --answers.
func TestHintsQuotePathsForTheShell(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Support Desk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	two := filepath.Join(dir, "two.jsonl")
	if err := os.WriteFile(two, []byte(`{"id":"a"}`+"\n"+`{"id":"b"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	withShell(t, sanitize.PowerShell)
	e, _, errOut := testEnv("", nil)
	if code := run(e, []string{"diagnose", "--resume", two}); code != exitUsage || !strings.Contains(errOut.String(), `cspfix diagnose --answers "`+two+`" diagnoses them all`) {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
	e, _, errOut = testEnv("", nil)
	e.stdinTerminal = true
	if code := run(e, []string{"ticket"}); code != exitUsage || !strings.Contains(errOut.String(), "cspfix ticket --answers case.json") || strings.Contains(errOut.String(), "< case.json") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
}

// TestMinttyInputIsRefused: with standard input Git Bash's window, a command that would read
// cases from it says what to do instead of waiting silently; a file still works.
func TestMinttyInputIsRefused(t *testing.T) {
	for _, command := range []string{"diagnose", "ticket", "message"} {
		e, out, errOut := testEnv(`{"id":"never read"}`, nil)
		e.stdinMintty = true
		if code := run(e, []string{command}); code != exitUsage {
			t.Errorf("%s: exit %d, want %d", command, code, exitUsage)
		}
		if got := errOut.String(); !strings.Contains(got, "Git Bash's window (mintty)") || !strings.Contains(got, "winpty cspfix "+command) || out.Len() > 0 {
			t.Errorf("%s: stdout %q, stderr:\n%s", command, out, got)
		}
	}
	e, out, errOut := testEnv("", nil)
	e.stdinMintty = true
	if code := run(e, []string{"diagnose", "--answers", "../../../examples/c-wrong-tenant-id.json"}); code != exitOK || out.Len() == 0 {
		t.Errorf("--answers: exit %d: %s", code, errOut)
	}
	e, _, errOut = testEnv("", nil)
	e.stdinMintty = true
	if code := run(e, []string{"diagnose", "--lang", "de"}); code != exitUsage || !strings.Contains(errOut.String(), "winpty cspfix diagnose") || !strings.Contains(errOut.String(), "Windows Terminal") {
		t.Errorf("German: exit %d:\n%s", code, errOut)
	}
}

// TestDiagnoseOut: --out writes exactly what stdout would get (the byte order mark and the
// semicolons of --excel included, which PowerShell's > would re-encode), into a new file that
// appears at the end; stdout stays empty and stderr names the file.
func TestDiagnoseOut(t *testing.T) {
	for _, args := range [][]string{
		{"--answers", "../../../examples/crm-export.csv", "--excel", "--tz", "Europe/Berlin"},
		{"--answers", "../../../examples/batch.jsonl", "-o", "json"},
		{"--answers", "../../../examples/c-wrong-tenant-id.json", "--lang", "de"},
		{"--answers", "../../../examples/batch.jsonl", "--summary"},
		{"--template", "csv", "--excel"},
	} {
		e, want, _ := testEnv("", nil)
		wantCode := run(e, append([]string{"diagnose", testNowFlag}, args...))
		path := filepath.Join(t.TempDir(), "Ergebnisse Müller.csv")
		e, out, errOut := testEnv("", nil)
		if code := run(e, append([]string{"diagnose", testNowFlag, "--out", path}, args...)); code != wantCode {
			t.Errorf("%v: exit %d, want %d: %s", args, code, wantCode, errOut)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want.String() || out.Len() > 0 {
			t.Errorf("%v: the file (%v) is not what stdout gets, or stdout got %d bytes:\n%.200q\nwant\n%.200q", args, err, out.Len(), got, want)
		}
		if !strings.Contains(errOut.String(), path) {
			t.Errorf("%v: stderr %q", args, errOut)
		}
	}
}

// TestDiagnoseOutNeverCostsAFile: --out refuses a file that holds something, the input itself
// and the folder of saved cases, before anything is read; a run that fails leaves no file.
func TestDiagnoseOutNeverCostsAFile(t *testing.T) {
	dir := t.TempDir()
	taken := filepath.Join(dir, "results.csv")
	if err := os.WriteFile(taken, []byte("last week's results"), 0o600); err != nil {
		t.Fatal(err)
	}
	input := filepath.Join(dir, "cases.jsonl")
	if err := os.WriteFile(input, []byte(`{"id":"a","answers":{"other_csp":"yes"}}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state")
	cases := filepath.Join(state, "cspfix", "cases")
	if err := os.MkdirAll(cases, 0o700); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"XDG_STATE_HOME": state}
	for _, tt := range []struct {
		name, out, want string
	}{
		{"a file with content", taken, "exists already"},
		{"the input", input, "is the file the cases are read from"},
		{"the saved cases", filepath.Join(cases, "results.json"), "folder of saved cases"},
	} {
		e, out, errOut := testEnv("", vars)
		if code := run(e, []string{"diagnose", "--answers", input, "--out", tt.out}); code != exitUsage || !strings.Contains(errOut.String(), tt.want) || out.Len() > 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr:\n%s", tt.name, code, out, errOut)
		}
	}
	if got, _ := os.ReadFile(taken); string(got) != "last week's results" {
		t.Errorf("the taken file now holds %q", got)
	}
	missing := filepath.Join(dir, "new.csv")
	e, _, errOut := testEnv("", nil)
	if code := run(e, []string{"diagnose", "--answers", filepath.Join(dir, "no such file.jsonl"), "--out", missing}); code != exitUsage {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("a failed run left files: %v", entries)
	}
}

// TestWalkthroughOut: with --out, what the walkthrough prints at its end goes to the file; the
// questions stay on the terminal (stderr) and stdout stays empty.
func TestWalkthroughOut(t *testing.T) {
	answers := pipedAnswers(t, map[string][]string{
		"customer.name": {"Tailspin Toys"}, "customer.domain": {"tailspintoys.onmicrosoft.com"},
		"customer.tenant_id": {"3a8f2d6c-1b9e-4c7a-8d5f-6e0b4a2c9d13"}, "partner.partner_id": {"4847383"},
		"partner.indirect_provider": {"Northwind"}, "attempts": {"09:05"},
		"answers.other_csp": {"2"}, "answers.direct_microsoft": {"2"}, "answers.earlier_relationship_with_you": {"2"},
		"answers.invitation_pending": {"2"}, "answers.recent_change": {"2"},
		"customer.confirmed_tenant_id": {"3a8f2d6c-1b9e-4c7a-8d5f-6e0b4a2c9d13"}, "answers.crm_duplicates": {"2"},
		"answers.partner_center_search": {"2"}, "answers.provider_has_relationship": {"2"},
	}, nil,
		"1",             // the review: all correct
		"SR 2611230042", // the support request's number
	)
	dir := t.TempDir()
	path := filepath.Join(dir, "ticket.txt")
	e, out, errOut := testEnv(answers, nil)
	if code := run(e, []string{"diagnose", "--accessible", "--save", filepath.Join(dir, "c.json"), "--out", path}); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	got, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(got), "Most likely: E") || !strings.Contains(string(got), "- Partner ID (MPN ID): 4847383") || out.Len() > 0 {
		t.Errorf("file (%v):\n%s\nstdout %q", err, got, out)
	}
	if !strings.Contains(errOut.String(), "Customer name") || !strings.Contains(errOut.String(), "wrote "+path) {
		t.Errorf("stderr:\n%s", errOut)
	}
	// Stopped before its end: nothing printed, no file.
	empty := filepath.Join(dir, "empty.txt")
	e, _, errOut = testEnv("1\n", nil)
	if code := run(e, []string{"diagnose", "--accessible", "--save", filepath.Join(dir, "d.json"), "--out", empty}); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(empty); err == nil {
		t.Errorf("an empty %s was left", empty)
	}
}
