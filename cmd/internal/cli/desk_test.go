package cli

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/internal/walkthrough/walkthroughtest"
	"github.com/cspfix/cspfix/scenarios"
)

// savedCases makes a state directory holding the given cases (file name → content) and an
// environment that uses it.
func savedCases(t *testing.T, files map[string]string) (string, map[string]string) {
	t.Helper()
	state := t.TempDir()
	dir := filepath.Join(state, "cspfix", "cases")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, map[string]string{"XDG_STATE_HOME": state, "CSPFIX_CONFIG": filepath.Join(state, "none.json")}
}

// TestCasesRmAsksOnATerminal: on a terminal, cases rm names what it would delete and deletes
// only after a yes; Enter, a no or the end of the input keep the cases; --yes deletes without
// asking.
func TestCasesRmAsksOnATerminal(t *testing.T) {
	for _, tt := range []struct {
		stdin string
		args  []string
		asked bool
		gone  bool
	}{
		{stdin: "\n", asked: true},
		{stdin: "n\n", asked: true},
		{stdin: "", asked: true},
		{stdin: "y\n", asked: true, gone: true},
		{stdin: " Ja \n", asked: true, gone: true},
		{args: []string{"--yes"}, gone: true},
	} {
		dir, vars := savedCases(t, map[string]string{"d1.json": `{"id":"d1"}`, "d2.json": `{"id":"d2"}`})
		e, _, errOut := testEnv(tt.stdin, vars)
		e.stdinTerminal = true
		if code := run(e, append([]string{"cases", "rm", "d1", "d2"}, tt.args...)); code != exitOK {
			t.Fatalf("%q: exit %d: %s", tt.stdin, code, errOut)
		}
		asked := strings.Contains(errOut.String(), "Delete these 2 saved cases?\n  • d1 (")
		if asked != tt.asked || tt.asked && !strings.Contains(errOut.String(), "[y/N]:") {
			t.Errorf("%q: asked %v:\n%s", tt.stdin, asked, errOut)
		}
		for _, name := range []string{"d1.json", "d2.json"} {
			if _, err := os.Stat(filepath.Join(dir, name)); os.IsNotExist(err) != tt.gone {
				t.Errorf("%q: %s gone %v", tt.stdin, name, !tt.gone)
			}
		}
		if !tt.gone && !strings.Contains(errOut.String(), "Nothing was deleted.") {
			t.Errorf("stderr %q", errOut)
		}
	}
}

// TestCaseInUseIsNeitherDeletedNorResumed: while another cspfix holds a case (a walkthrough on
// it), cases rm and --resume stop before anything is asked or deleted, with exit status 5.
func TestCaseInUseIsNeitherDeletedNorResumed(t *testing.T) {
	dir, vars := savedCases(t, map[string]string{"d1.json": `{"id":"d1","customer":{"name":"Contoso"}}`, "d2.json": `{"id":"d2"}`})
	other, err := casefile.Hold(testmodel.Embedded(), filepath.Join(dir, "d1.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Release()
	for _, args := range [][]string{{"cases", "rm", "--yes", "d2", "d1"}, {"diagnose", "--resume", "d1"}} {
		script := &walkthroughtest.Prompter{T: t}
		e, _, errOut := testEnv("", vars)
		e.stdinTerminal = true
		e.prompter = func(promptSettings) walkthrough.Prompter { return script }
		if code := run(e, args); code != exitConflict {
			t.Errorf("%v: exit %d, want %d: %s", args, code, exitConflict, errOut)
		}
		if !strings.Contains(errOut.String(), "d1.json: another cspfix is working on it right now") || len(script.Asked) > 0 {
			t.Errorf("%v: asked %v, stderr %s", args, script.Asked, errOut)
		}
	}
	for _, name := range []string{"d1.json", "d2.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestResumeThroughALinkIsRefusedBeforeAsking: a link cannot be saved to, so it is not resumed
// either, and nothing is asked first.
func TestResumeThroughALinkIsRefusedBeforeAsking(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.json")
	os.WriteFile(real, []byte(`{"id":"x"}`), 0o600)
	link := filepath.Join(dir, "x.json")
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	script := &walkthroughtest.Prompter{T: t}
	e, _, errOut := testEnv("", nil)
	e.stdinTerminal = true
	e.prompter = func(promptSettings) walkthrough.Prompter { return script }
	if code := run(e, []string{"diagnose", "--resume", link}); code != exitUsage || len(script.Asked) > 0 {
		t.Errorf("exit %d, asked %v: %s", code, script.Asked, errOut)
	}
	if !strings.Contains(errOut.String(), "it is a symbolic link, not a regular file") {
		t.Errorf("stderr %s", errOut)
	}
}

// editingPrompter changes the case file behind the walkthrough's back at one question, as a
// person with an editor (or an older cspfix, which takes no lock) would.
type editingPrompter struct {
	*walkthroughtest.Prompter
	at, path, content string
}

func (p *editingPrompter) Ask(q walkthrough.Prompt) (string, error) {
	if q.ID == p.at {
		os.WriteFile(p.path, []byte(p.content), 0o600)
	}
	return p.Prompter.Ask(q)
}

// TestWalkthroughNeverSavesOverAnEdit: a case changed by another program during the walkthrough
// is not written over; the walkthrough stops with exit status 5 and says so.
func TestWalkthroughNeverSavesOverAnEdit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "case.json")
	os.WriteFile(path, []byte(`{"id":"x","customer":{"name":"Contoso"}}`), 0o600)
	edit := `{"id":"x","customer":{"name":"Contoso"},"notes":"typed by a colleague"}`
	script := &editingPrompter{Prompter: &walkthroughtest.Prompter{T: t, Answers: map[string][]string{
		"customer.domain": {"contoso.example"}, "customer.tenant_id": {testkit.GoodID}}},
		at: "customer.tenant_id", path: path, content: edit}
	e, _, errOut := testEnv("", nil)
	e.stdinTerminal = true
	e.prompter = func(promptSettings) walkthrough.Prompter { return script }
	if code := run(e, []string{"diagnose", "--resume", path}); code != exitConflict {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(path); string(got) != edit {
		t.Errorf("the edit was written over:\n%s", got)
	}
	if !strings.Contains(errOut.String(), "it was changed by another program since cspfix read it") {
		t.Errorf("stderr %s", errOut)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestWalkthroughKeepsToNow: with --now, what the walkthrough records as "now" is that time,
// as the diagnosis's is, however far it is from the clock.
func TestWalkthroughKeepsToNow(t *testing.T) {
	script := &walkthroughtest.Prompter{T: t, Answers: map[string][]string{
		"customer.name": {"Contoso"}, "customer.tenant_id": {testkit.GoodID}, "attempts": {"now"},
		"answers.other_csp": {"yes"}, "answers.other_partner_kind": {"reseller"}, "fixed": {"yes"}}}
	e, _, errOut := testEnv("", nil)
	e.stdinTerminal = true
	e.prompter = func(promptSettings) walkthrough.Prompter { return script }
	path := filepath.Join(t.TempDir(), "case.json")
	if code := run(e, []string{"diagnose", "--save", path, "--now", "2999-06-01T10:00:00Z"}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	c, err := casefile.Load(testmodel.Embedded(), path)
	if err != nil || len(c.Attempts) != 1 || c.Attempts[0].Year() != 2999 || c.Outcome.At == nil || c.Outcome.At.Year() != 2999 {
		t.Errorf("recorded %+v %+v (%v)", c.Attempts, c.Outcome, err)
	}
}

// TestEarlyFlagsReadValuesAsValues: the settings file and the language are found before the
// commands exist, and a value that looks like a flag is the value it is.
func TestEarlyFlagsReadValuesAsValues(t *testing.T) {
	tests := []struct {
		args         []string
		config, lang string
	}{
		{args: []string{"ticket", "--impact", "--config=/tmp/evil.json", "--answers", "x"}},
		{args: []string{"ticket", "--impact", "--config", "--config", "mine.json"}, config: "mine.json"},
		{args: []string{"ticket", "--impact", "--lang=de"}},
		{args: []string{"message", "--to", "--lang", "--lang", "de"}, lang: "de"},
		{args: []string{"diagnose", "-o", "--config=x.json"}},
		{args: []string{"diagnose", "--summary", "--config", "c.json", "--", "--lang", "de"}, config: "c.json"},
		{args: []string{"cases", "rm", "-y", "--config=c.json"}, config: "c.json"},
	}
	for _, tt := range tests {
		flags := earlyFlags(tt.args)
		if flags["config"] != tt.config || flags["lang"] != tt.lang {
			t.Errorf("%q: config %q, lang %q", tt.args, flags["config"], flags["lang"])
		}
	}
	// As a whole run: the --impact text is the impact, and the settings are the usual ones.
	dir := t.TempDir()
	evil := filepath.Join(dir, "evil.json")
	os.WriteFile(evil, []byte(`{"contact":{"email":"attacker@evil.example"}}`), 0o600)
	e, out, errOut := testEnv(`{"id":"x","customer":{"name":"Contoso"}}`, map[string]string{"CSPFIX_CONFIG": filepath.Join(dir, "none.json")})
	if code := run(e, []string{"ticket", "--impact", "--config=" + evil, "--now", "2026-11-20T12:00:00+01:00"}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out.String(), "attacker@") || !strings.Contains(out.String(), "--config="+evil) {
		t.Errorf("the value of --impact was taken for --config:\n%s", out)
	}
}

// TestSwitchesAreEveryFlagWithoutAValue: earlyFlags knows every flag that takes no value, so
// that it never takes the word after one for its value.
func TestSwitchesAreEveryFlagWithoutAValue(t *testing.T) {
	e, _, _ := testEnv("", nil)
	root := newRootCmd(e, scenarios.EN, settings{cfg: &config.Config{}})
	eachCommand(root, func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			noValue := f.NoOptDefVal != ""
			if noValue != switches.Get()[f.Name] || f.Shorthand != "" && noValue != switches.Get()[f.Shorthand] {
				t.Errorf("%s --%s: takes no value %v, but switches says %v (add it to switches in config.go)",
					c.CommandPath(), f.Name, noValue, switches.Get()[f.Name])
			}
		})
	})
}

// TestConfigThatIsNoFileSaysWhatToDo: a device or pipe named as the settings is refused at once,
// with a hint that fits (not to move /dev/zero away).
func TestConfigThatIsNoFileSaysWhatToDo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	e, _, errOut := testEnv("", nil)
	if code := run(e, []string{"--config", "/dev/zero", "config", "list"}); code != exitUsage {
		t.Fatalf("exit %d", code)
	}
	got := errOut.String()
	if !strings.Contains(got, "it is a device, not a regular file") || strings.Contains(got, "mv ") ||
		!strings.Contains(got, "hint: name a regular file with --config or CSPFIX_CONFIG") {
		t.Errorf("stderr:\n%s", got)
	}
}

// countingReader counts what was read of the input.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// firstWrite notes how much of the input had been read when the first output was written.
type firstWrite struct {
	in    *countingReader
	at    int64
	wrote bool
}

func (f *firstWrite) Write(p []byte) (int, error) {
	if !f.wrote {
		f.wrote, f.at = true, f.in.n.Load()
	}
	return len(p), nil
}

// TestTicketsAndMessagesAreStreamed: a batch's tickets and messages are written while the
// input is still being read, not held until its end, so that memory does not grow with the
// batch (README "Performance").
func TestTicketsAndMessagesAreStreamed(t *testing.T) {
	var input strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&input, `{"id":"K-%d","customer":{"name":"Contoso %d"},"answers":{"invitation_pending":"yes"}}`+"\n", i, i)
	}
	for _, args := range [][]string{{"ticket"}, {"message"}, {"ticket", "-o", "json"}} {
		in := &countingReader{r: strings.NewReader(input.String())}
		out := &firstWrite{in: in}
		e, _, errOut := testEnv("", nil)
		e.stdin, e.stdout = in, out
		if code := run(e, append(args, "--now", "2026-11-20T12:00:00+01:00")); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if !out.wrote || out.at >= int64(input.Len()) {
			t.Errorf("%v: the first output came after %d of %d bytes of input", args, out.at, input.Len())
		}
	}
}

// TestToIsCheckedAfterDecoding: a name in an RFC 2047 encoded word is checked as it will be
// shown, so that a bidi control cannot come in encoded; addresses and names are bounded.
func TestToIsCheckedAfterDecoding(t *testing.T) {
	encoded := func(s string) string { return mime.BEncoding.Encode("utf-8", s) }
	for to, ok := range map[string]bool{
		encoded("Frau Müller") + " <mueller@contoso.example>":               true,
		encoded("Anna \u202eevil") + " <a@contoso.example>":                 false,
		mime.QEncoding.Encode("utf-8", "x\u200by") + " <a@contoso.example>": false,
		encoded("line\r\nBcc: x@evil.example") + " <a@contoso.example>":     false,
		strings.Repeat("a", 250) + "@contoso.example":                       false,
		encoded(strings.Repeat("n", 201)) + " <a@contoso.example>":          false,
		strings.Repeat("a@contoso.example, ", 50) + "b@contoso.example":     false,
	} {
		if _, err := parseAddresses(to); (err == nil) != ok {
			t.Errorf("%.80q: %v, want ok %v", to, err, ok)
		}
	}
}

// TestLegacyTerminalGetsNoC1: on a terminal whose locale is ISO-8859-1, German text arrives in
// that set and no byte of it is one such a terminal reads as a control; a pipe keeps UTF-8.
func TestLegacyTerminalGetsNoC1(t *testing.T) {
	for _, terminal := range []bool{true, false} {
		e, out, errOut := testEnv(`{"id":"K-ě","customer":{"name":"Müller"},"answers":{"invitation_pending":"yes"}}`, map[string]string{"LANG": "de_DE.ISO-8859-1"})
		e.stdoutTerminal, e.stderrTerminal = terminal, terminal
		e.forLocale()
		if code := run(e, []string{"diagnose", "--lang", "de", "--now", "2026-11-20T12:00:00+01:00"}); code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		n := 0
		for _, c := range out.Bytes() {
			if c >= 0x80 && c <= 0x9f {
				n++
			}
		}
		switch {
		case terminal && (n > 0 || !bytes.Contains(out.Bytes(), []byte("M\xfcller")) || !bytes.Contains(out.Bytes(), []byte("K-?"))):
			t.Errorf("terminal: %d C1 bytes in %q", n, out.Bytes())
		case !terminal && !strings.Contains(out.String(), "K-ě"):
			t.Errorf("pipe: %q", out.String())
		}
	}
}

// TestTZIsCheckedAsTzIs: a $TZ that names no zone stops the run as an unknown --tz does,
// instead of becoming UTC; a zone's name or file is used, and --tz wins over it.
func TestTZIsCheckedAsTzIs(t *testing.T) {
	in := `{"id":"x","attempts":["2026-11-20 09:14"]}`
	for _, tt := range []struct {
		tz   string
		args []string
		code int
		want string
	}{
		{tz: "Mars/Olympus", code: exitUsage, want: `error: the environment variable TZ holds "Mars/Olympus", which names no time zone cspfix knows`},
		{tz: "CET-1CEST,M3.5.0,M10.5.0/3", code: exitUsage, want: "hint: set TZ to a zone of the IANA database"},
		{tz: ":Local", code: exitUsage},
		{tz: "Europe/Berlin", code: exitOK, want: "2026-11-20 09:14 +01:00 (2026-11-20 08:14 UTC)"},
		{tz: ":America/New_York", code: exitOK, want: "2026-11-20 09:14 -05:00"},
		{tz: "Mars/Olympus", args: []string{"--tz", "Europe/Vienna"}, code: exitOK, want: "2026-11-20 09:14 +01:00 (2026-11-20 08:14 UTC)"},
	} {
		e, out, errOut := testEnv(in, map[string]string{"TZ": tt.tz})
		code := run(e, append([]string{"ticket", "-o", "json", "--now", "2026-11-20T12:00:00+01:00"}, tt.args...))
		if code != tt.code || !strings.Contains(out.String()+errOut.String(), tt.want) {
			t.Errorf("TZ=%s %v: exit %d\n%s%s", tt.tz, tt.args, code, out, errOut)
		}
	}
}

// TestLongArgumentsGiveShortErrors: an error quotes what was typed within a bound, however long
// the value is.
func TestLongArgumentsGiveShortErrors(t *testing.T) {
	long := strings.Repeat("x", 100000)
	for _, args := range [][]string{
		{"diagnose", "--lang", long}, {"diagnose", "--now", long}, {"diagnose", "--tz", long}, {"diagnose", "-o", long},
		{"config", "get", long}, {"diagnose", "--" + long}, {"scenarios", long}, {"help", long}, {"message", "--kind", long},
	} {
		e, _, errOut := testEnv("", nil)
		if code := run(e, args); code != exitUsage {
			t.Errorf("%.20s: exit %d", args, code)
		}
		if n := errOut.Len(); n > 3*maxErrorLine {
			t.Errorf("%.20s: %d bytes of error", args, n)
		}
	}
}

// TestSaveUnderALongName: a --save name as long as the system allows is saved to after every
// answer (the temporary file's and the lock's names do not grow with it).
func TestSaveUnderALongName(t *testing.T) {
	script := &walkthroughtest.Prompter{T: t, Answers: map[string][]string{
		"customer.name": {"Contoso"}, "customer.tenant_id": {testkit.GoodID}, "answers.other_csp": {"yes"},
		"answers.other_partner_kind": {"reseller"}, "fixed": {"yes"}}}
	e, _, errOut := testEnv("", nil)
	e.stdinTerminal = true
	e.prompter = func(promptSettings) walkthrough.Prompter { return script }
	path := filepath.Join(t.TempDir(), strings.Repeat("c", 250)+".json")
	if code := run(e, []string{"diagnose", "--save", path, "--now", "2026-11-20T12:00:00+01:00"}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if c, err := casefile.Load(testmodel.Embedded(), path); err != nil || c.Customer.Name != "Contoso" {
		t.Errorf("%+v %v", c, err)
	}
	if left, _ := os.ReadDir(filepath.Dir(path)); len(left) != 1 {
		t.Errorf("files left: %v", left)
	}
}
