package cli

import (
	"bytes"
	"fmt"
	"github.com/cspfix/cspfix/scenarios"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
)

// These tests run the real binary in a real terminal: tmux, 80×24. CI installs tmux; elsewhere
// they are skipped when it is missing.

// requireTool skips a test when a program it drives is missing, except in CI (.ci/run sets
// CSPFIX_CI), which must have installed it.
func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err == nil {
		return
	}
	if os.Getenv("CI") != "" || os.Getenv("CSPFIX_CI") != "" {
		t.Fatalf("%s is missing: .ci/run must install it", name)
	}
	t.Skipf("%s is not installed", name)
}

var terminals atomic.Int32

// cspfixBinary is the binary under test, built once.
func cspfixBinary(t *testing.T) string { return testkit.Binary(t) }

type terminal struct {
	t      *testing.T
	socket string
	dir    string
	start  time.Time
}

// startTerminal runs shell in a fresh tmux server of 80×24 columns; stdout goes to out.txt in
// the test's directory and the exit status to exit.txt.
func startTerminal(t *testing.T, shell string) *terminal {
	t.Helper()
	// The group lets the command's own redirections (> /dev/tty) win over > out.txt.
	return openTerminal(t, t.TempDir(), fmt.Sprintf("{ %s; } > out.txt; echo $? > exit.txt; sleep 60", shell))
}

// openTerminal runs command in dir in a fresh tmux server of 80×24 columns, with the cspfix
// under test first on PATH, in English whatever the developer's locale (--lang still wins).
func openTerminal(t *testing.T, dir, command string) *terminal {
	t.Helper()
	return openTerminalSized(t, dir, 80, 24, command)
}

// openTerminalSized is openTerminal with a terminal of cols×rows.
func openTerminalSized(t *testing.T, dir string, cols, rows int, command string) *terminal {
	t.Helper()
	requireTool(t, "tmux")
	bin := cspfixBinary(t)
	// Each terminal its own tmux server: a socket being shut down is not reusable at once.
	term := &terminal{t: t, socket: fmt.Sprintf("cspfix-test-%d-%d", os.Getpid(), terminals.Add(1)), dir: dir}
	script := fmt.Sprintf("cd %s && export PATH=%s:$PATH XDG_STATE_HOME=%s/state CSPFIX_CONFIG=%s/config.json TERM=xterm-256color CSPFIX_LANG=en && %s",
		sanitize.Shell(dir), sanitize.Shell(filepath.Dir(bin)), sanitize.Shell(dir), sanitize.Shell(dir), command)
	term.start = time.Now()
	if out, err := term.tmux("new-session", "-d", "-s", "main", "-x", strconv.Itoa(cols), "-y", strconv.Itoa(rows), script); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(term.close)
	return term
}

// close ends the terminal and waits until every process that ran in it has ended (a command
// that was still saving or writing its exit status would otherwise write into the test's
// directory after it was removed, and leave it behind).
func (term *terminal) close() {
	pid, err := term.tmux("display-message", "-p", "-t", "main", "#{pane_pid}")
	term.tmux("kill-server")
	pid = strings.TrimSpace(pid)
	if err != nil || pid == "" {
		return
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		// The pane's shell leads a session of its own: wait until no process of it runs (an
		// ended one nobody reaped yet is a zombie, state Z, and writes nothing).
		out, err := exec.Command("ps", "-o", "stat=", "-s", pid).Output()
		if err != nil && len(out) == 0 {
			return
		}
		running := false
		for _, stat := range strings.Fields(string(out)) {
			running = running || !strings.HasPrefix(stat, "Z")
		}
		if !running {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	term.t.Errorf("processes of the terminal still run 10 s after it was closed")
}

func (term *terminal) tmux(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-L", term.socket, "-f", "/dev/null"}, args...)...)
	cmd.Env = terminalEnv()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// terminalEnv is the test's environment without what changes how cspfix talks to a person
// (colour, prompts), so that a developer's or CI runner's settings do not leak into the
// terminal; a test sets them itself where it means to. openTerminal sets TERM and the language.
func terminalEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLORTERM", "CI", "ACCESSIBLE", "CSPFIX_NO_PROMPT", "CSPFIX_CONFIG":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// screen is what the terminal shows, with what has scrolled off the top.
func (term *terminal) screen() string {
	out, _ := term.tmux("capture-pane", "-p", "-S", "-", "-t", "main")
	return out
}

// waitFor waits until the screen shows text; the limit only stops a hung test.
func (term *terminal) waitFor(text string) {
	term.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(term.screen(), text) {
			return
		}
		time.Sleep(30 * time.Millisecond)
	}
	term.t.Fatalf("the screen never showed %q:\n%s", text, term.screen())
}

func (term *terminal) keys(keys ...string) {
	term.t.Helper()
	if out, err := term.tmux(append([]string{"send-keys", "-t", "main"}, keys...)...); err != nil {
		term.t.Fatalf("send-keys: %v %s", err, out)
	}
}

// answer waits for a prompt and answers it.
func (term *terminal) answer(prompt string, keys ...string) {
	term.t.Helper()
	term.waitFor(prompt)
	term.keys(keys...)
}

// answerLine answers a question of the plain-line prompts (--accessible, TERM=dumb): it waits
// for the question and then for its input prompt, the line the cursor is on ending with ":",
// since keys typed before that prompt is printed are echoed by the terminal before it.
func (term *terminal) answerLine(question string, keys ...string) {
	term.t.Helper()
	term.waitFor(question)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.HasSuffix(strings.TrimSpace(term.cursorLine()), ":") {
			term.keys(keys...)
			return
		}
		time.Sleep(30 * time.Millisecond)
	}
	term.t.Fatalf("no input prompt after %q:\n%s", question, term.screen())
}

// cursorLine is the visible line the cursor is on.
func (term *terminal) cursorLine() string {
	y, err := term.tmux("display-message", "-p", "-t", "main", "#{cursor_y}")
	if err != nil {
		return ""
	}
	row, err := strconv.Atoi(strings.TrimSpace(y))
	if err != nil {
		return ""
	}
	out, _ := term.tmux("capture-pane", "-p", "-t", "main", "-S", strconv.Itoa(row), "-E", strconv.Itoa(row))
	return out
}

func (term *terminal) exitCode() string {
	term.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(filepath.Join(term.dir, "exit.txt")); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(30 * time.Millisecond)
	}
	term.t.Fatalf("the command did not end:\n%s", term.screen())
	return ""
}

// waitForFile waits until the command line has written a file in the terminal's directory.
func (term *terminal) waitForFile(name string) {
	term.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(filepath.Join(term.dir, name)); err == nil && len(b) > 0 {
			return
		}
		time.Sleep(30 * time.Millisecond)
	}
	term.t.Fatalf("%s was never written:\n%s", name, term.screen())
}

func (term *terminal) stdout() string {
	b, _ := os.ReadFile(filepath.Join(term.dir, "out.txt"))
	return string(b)
}

func (term *terminal) savedCase() (string, *diagnose.Case) {
	term.t.Helper()
	paths, _ := filepath.Glob(filepath.Join(term.dir, "state", "cspfix", "cases", "*.json"))
	if len(paths) != 1 {
		term.t.Fatalf("want one saved case, got %v", paths)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		term.t.Fatal(err)
	}
	var c diagnose.Case
	if err := testmodel.Embedded().NewDecoder(bytes.NewReader(data)).Next(&c); err != nil {
		term.t.Fatalf("the saved case is not a valid case file: %v\n%s", err, data)
	}
	return paths[0], &c
}

const cyrillicID = "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5а31"

// visible is what the terminal shows now, without what has scrolled off the top.
func (term *terminal) visible() string {
	out, _ := term.tmux("capture-pane", "-p", "-t", "main")
	return out
}

// waitForVisible waits until the visible screen shows every text at once.
func (term *terminal) waitForVisible(texts ...string) {
	term.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		screen, all := term.visible(), true
		for _, text := range texts {
			all = all && strings.Contains(screen, text)
		}
		if all {
			return
		}
		time.Sleep(30 * time.Millisecond)
	}
	term.t.Fatalf("the screen never showed all of %q at once:\n%s", texts, term.visible())
}

func TestTerminalFullRun(t *testing.T) {
	term := startTerminal(t, "cspfix diagnose")
	term.waitFor(ask("operation", scenarios.EN))
	t.Logf("first prompt on screen after %v (including tmux start-up)", time.Since(term.start).Round(time.Millisecond))
	term.keys("Home", "Enter") // linking the customer's existing tenant
	term.answer(ask("error_place", scenarios.EN), "Enter")
	term.answer(ask("error_message", scenarios.EN), "Enter")
	term.answer(ask("customer.name", scenarios.EN), "Contoso GmbH", "Enter")
	term.answer(ask("customer.domain", scenarios.EN), "contoso.com", "Enter")
	term.answer(ask("customer.tenant_id", scenarios.EN), cyrillicID)
	// Checked as it is typed: the look-alike letter at its position, below the input.
	term.waitForVisible("> "+cyrillicID, "CYRILLIC SMALL LETTER A at position 34")
	term.keys("Enter")
	term.answer(ask("partner.partner_id", scenarios.EN), "4847383", "Enter")
	term.answer(ask("partner.indirect_provider", scenarios.EN), "Enter")
	term.answer(ask("attempts", scenarios.EN), "2h ago", "Enter")
	for _, q := range []string{"answers.other_csp", "answers.direct_microsoft", "answers.earlier_relationship_with_you", "answers.invitation_pending", "answers.recent_change"} {
		term.answer(ask(q, scenarios.EN), "Up", "Enter") // from "Don't know yet" to "No"
	}
	// The confirmed ID is compared with the entered one while it is typed, in labelled rows.
	term.answer(ask("customer.confirmed_tenant_id", scenarios.EN), "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31")
	term.waitForVisible("> 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", "It differs from the tenant ID that was entered",
		"entered    "+cyrillicID, "confirmed  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31")
	term.keys("Enter")
	term.answer(ask("answers.crm_duplicates", scenarios.EN), "Up", "Enter")
	term.answer(ask("answers.partner_center_search", scenarios.EN), "Up", "Enter")
	// The review lists every answer; Enter on its first line goes on.
	term.waitForVisible("Check the answers before the diagnosis", "> All correct: go on", "Tenant ID confirmed: 4b9d3f1c")
	term.keys("Enter")
	// The verdict stays in view next to the question, whose cursor starts on "not yet".
	term.waitForVisible("Most likely: C — Wrong or mistyped", "Did these steps fix the error?", "> Not yet: save the case")
	term.keys("Down", "Down", "Enter") // yes
	if code := term.exitCode(); code != "0" {
		t.Fatalf("exit %s:\n%s", code, term.screen())
	}
	if got := term.stdout(); got != "Fixed by C: Wrong or mistyped tenant ID, or the wrong tenant accepted.\n" {
		t.Errorf("stdout %q", got)
	}
	_, c := term.savedCase()
	if c.Customer.TenantID != cyrillicID || c.Operation != "link_existing" || testmodel.Embedded().FieldAt("answers.invitation_pending").Value(c) != diagnose.No || len(c.Attempts) != 1 ||
		c.Outcome.Status != diagnose.OutcomeFixed || c.Outcome.Scenario != "C" {
		t.Errorf("saved case: %+v", c)
	}
}

// TestTerminalNarrow: at 60 columns the input line stays in view with its check below it, the
// Partner ID is checked as it is typed, the back key goes back, and keys sent in one burst
// answer one question after the other.
func TestTerminalNarrow(t *testing.T) {
	term := openTerminalSized(t, t.TempDir(), 60, 24, "cspfix diagnose; echo $? > exit.txt; sleep 60")
	term.answer(ask("operation", scenarios.EN), "Enter")
	term.answer(ask("error_place", scenarios.EN), "Enter")
	term.answer(ask("error_message", scenarios.EN), "Enter")
	term.answer(ask("customer.name", scenarios.EN), "Contoso GmbH", "Enter")
	term.answer(ask("customer.domain", scenarios.EN), "contoso.com", "Enter")
	term.answer(ask("customer.tenant_id", scenarios.EN), cyrillicID)
	term.waitForVisible("> "+cyrillicID, "CYRILLIC SMALL LETTER A at position 34", "enter confirm • esc back")
	term.keys("Enter")
	term.answer(ask("partner.partner_id", scenarios.EN), "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7")
	term.waitForVisible("> 2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7", "looks like a tenant ID")
	term.keys("Enter") // refused: the question stays
	term.keys("C-u", "4847383", "Enter")
	term.waitFor(ask("partner.indirect_provider", scenarios.EN))
	term.keys("Escape") // back to the Partner ID, with its answer
	term.waitForVisible("Your Partner ID", "> 4847383")
	// One burst: the answer kept, a provider, a time.
	term.keys("Enter", "Northwind", "Enter", "yesterday 10:00", "Enter")
	term.waitFor(ask("answers.other_csp", scenarios.EN))
	term.keys("C-c")
	if code := term.exitCode(); code != "130" {
		t.Fatalf("exit %s:\n%s", code, term.screen())
	}
	_, c := term.savedCase()
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	if c.Partner.PartnerID != "4847383" || c.Partner.IndirectProvider != "Northwind" || len(c.Attempts) != 1 ||
		c.Attempts[0].Format("2006-01-02 15:04") != yesterday+" 10:00" {
		t.Errorf("saved case: %+v", c)
	}
}

// answerLitware answers the first questions of a walkthrough: the operation, where and the error
// text as suggested, then the customer Litware, its domain and the tenant ID entered.
func (term *terminal) answerLitware() {
	term.t.Helper()
	term.answer(ask("operation", scenarios.EN), "Enter")
	term.answer(ask("error_place", scenarios.EN), "Enter")
	term.answer(ask("error_message", scenarios.EN), "Enter")
	term.answer(ask("customer.name", scenarios.EN), "Litware", "Enter")
	term.answer(ask("customer.domain", scenarios.EN), "litware.de", "Enter")
	term.answer(ask("customer.tenant_id", scenarios.EN), "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7", "Enter")
}

func TestTerminalInterruptAndResume(t *testing.T) {
	term := startTerminal(t, "cspfix diagnose")
	term.answerLitware()
	term.answer(ask("partner.partner_id", scenarios.EN), "4847383", "Enter")
	term.waitFor(ask("partner.indirect_provider", scenarios.EN))
	term.keys("C-c")
	if code := term.exitCode(); code != "130" {
		t.Fatalf("exit %s, want 130:\n%s", code, term.screen())
	}
	term.waitFor("Resume with: cspfix diagnose --resume")
	path, c := term.savedCase()
	if c.Customer.Name != "Litware" || c.Partner.PartnerID != "4847383" {
		t.Fatalf("answers before Ctrl-C not saved: %+v", c)
	}

	// Resume by the case's ID: first where the case stands, then the interrupted question; then
	// pause with "later" at the time suggested.
	id := strings.TrimSuffix(filepath.Base(path), ".json")
	resumed := openTerminal(t, term.dir, "cspfix diagnose --resume "+sanitize.Shell(id)+" > out.txt; echo $? > exit2.txt; sleep 60")
	resumed.waitFor("Resuming case " + id + " · Litware")
	resumed.waitFor("Nothing tried yet.")
	resumed.waitFor("• " + ask("partner.indirect_provider", scenarios.EN))
	// The answers so far come first, to change any of them; then the open questions.
	resumed.answer("Check the answers before the diagnosis", "Enter")
	resumed.waitFor(ask("partner.indirect_provider", scenarios.EN))
	if strings.Contains(resumed.screen(), "Customer name:") {
		t.Errorf("answered questions were asked again:\n%s", resumed.screen())
	}
	resumed.keys("Enter")
	resumed.answer(ask("attempts", scenarios.EN), "Enter")
	resumed.answer(ask("answers.other_csp", scenarios.EN), "Up", "Enter")
	resumed.answer(ask("answers.direct_microsoft", scenarios.EN), "Up", "Enter")
	resumed.answer(ask("answers.earlier_relationship_with_you", scenarios.EN), "Up", "Enter")
	resumed.answer(ask("answers.invitation_pending", scenarios.EN), "Up", "Enter")
	resumed.answer(ask("answers.recent_change", scenarios.EN), "Up", "Up", "Enter") // yes
	resumed.answer(ask("answers.change_kind", scenarios.EN), "Enter")               // don't know yet
	resumed.answer(ask("answers.recent_change_at", scenarios.EN), "30 min ago", "Enter")
	resumed.answer(ask("customer.confirmed_tenant_id", scenarios.EN), "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7", "Enter")
	resumed.answer(ask("answers.crm_duplicates", scenarios.EN), "Up", "Enter")
	resumed.answer(ask("answers.partner_center_search", scenarios.EN), "Up", "Enter")
	resumed.answer("Check the answers before the diagnosis", "Enter")
	resumed.waitFor("Most likely: D")
	resumed.answer("Did these steps fix the error?", "Enter") // not yet: later
	resumed.waitForVisible("When do you want to try again?")
	suggested := strings.TrimPrefix(strings.TrimSpace(lineWith(resumed.visible(), "> ")), "┃ > ")
	resumed.keys("Enter")
	// The walkthrough offers the message to the customer about the scenario shown.
	resumed.answer("Write the message to the customer?", "Down", "Enter")
	resumed.waitFor("Resume with:")
	resumed.waitForFile("exit2.txt") // the command has ended: nothing writes into the directory after the test
	// stdout is a file here: it holds the result whole, then the pause.
	if got := resumed.stdout(); !strings.HasPrefix(got, "Most likely: D") || !strings.Contains(got, "\nPaused: try again after "+suggested) {
		t.Errorf("stdout %q, want the result and the suggested time %q", got, suggested)
	}
	if got := strings.Join(strings.Fields(resumed.stdout()), " "); !strings.Contains(got, "Subject: Our partner relationship in Microsoft 365: the next steps") ||
		!strings.Contains(got, "There is nothing you need to do now. 2. We will try again on") {
		t.Errorf("stdout lacks the message to the customer:\n%s", resumed.stdout())
	}
	data, _ := os.ReadFile(path)
	if !bytes.Contains(data, []byte(`"retry_at"`)) || !bytes.Contains(data, []byte(`"recent_change": "yes"`)) {
		t.Errorf("resumed case not saved in the same file:\n%s", data)
	}
}

// lineWith is the first line of screen that holds text.
func lineWith(screen, text string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, text) {
			return line
		}
	}
	return ""
}

func TestTerminalAccessibleWithPipedAnswers(t *testing.T) {
	answers := strings.TrimSuffix(pipedAnswers(t, map[string][]string{
		"customer.name": {"Contoso GmbH"}, "customer.domain": {"contoso.com"}, "customer.tenant_id": {cyrillicID},
		"partner.partner_id": {"4847383"}, "attempts": {"10:15"},
		"answers.other_csp": {"no"}, "answers.direct_microsoft": {"nein"}, "answers.earlier_relationship_with_you": {"2"},
		"answers.invitation_pending": {"n"}, "answers.recent_change": {"2"},
		"customer.confirmed_tenant_id": {"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"},
		"answers.crm_duplicates":       {"2"}, "answers.partner_center_search": {"2"},
	}, nil,
		"", // the review: go on
		"yes",
	), "\n")
	term := startTerminal(t, "printf '%s\\n' "+sanitize.Shell(answers)+" | cspfix diagnose --accessible")
	if code := term.exitCode(); code != "0" {
		t.Fatalf("exit %s:\n%s", code, term.screen())
	}
	if got := term.stdout(); got != "Fixed by C: Wrong or mistyped tenant ID, or the wrong tenant accepted.\n" {
		t.Errorf("stdout %q\nscreen:\n%s", got, term.screen())
	}
	// A screen reader hears the difference in words, not markers under the IDs.
	term.waitFor(`Character 34: entered "а" U+0430 CYRILLIC SMALL LETTER A, confirmed "a"`)
	_, c := term.savedCase()
	if c.Customer.ConfirmedTenantID == "" || testmodel.Embedded().FieldAt("answers.partner_center_search").Value(c) != "not_found" || c.Outcome.Status != diagnose.OutcomeFixed {
		t.Errorf("saved case: %+v", c)
	}
}

func TestTerminalGerman(t *testing.T) {
	term := startTerminal(t, "cspfix diagnose --lang de")
	term.waitFor("Enter bestätigen") // the key help
	term.answer(ask("operation", scenarios.DE), "Enter")
	term.answer(ask("error_place", scenarios.DE), "Enter")
	term.answer(ask("error_message", scenarios.DE), "Enter")
	term.answer(ask("customer.name", scenarios.DE), "Contoso GmbH", "Enter")
	term.answer(ask("customer.domain", scenarios.DE), "contoso.de", "Enter")
	term.answer(ask("customer.tenant_id", scenarios.DE), cyrillicID)
	term.waitForVisible("> "+cyrillicID, `an Position 34 sieht aus wie "a"`)
	term.keys("Enter")
	term.answer(ask("partner.partner_id", scenarios.DE), "4847383", "Enter")
	term.answer(ask("partner.indirect_provider", scenarios.DE), "Enter")
	// Times as people say them, resolved below the input; one in the future is warned of.
	term.answer(ask("attempts", scenarios.DE), "gestern 14:00")
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	term.waitForVisible("> gestern 14:00", "→ "+yesterday+" 14:00")
	term.keys("C-u", "01.01.2099 10:00")
	term.waitForVisible("→ 2099-01-01 10:00", "liegt in der Zukunft")
	term.keys("C-u", "14.05", "Enter")
	term.waitForVisible("> 14.05", "Uhrzeit mit Punkt könnte auch ein Datum sein")
	term.keys("C-c")
	if code := term.exitCode(); code != "130" {
		t.Fatalf("exit %s", code)
	}
	term.waitFor("Fortsetzen mit:")
	term.waitFor("cspfix diagnose --resume")
}

// TestTerminalCopyInTmux: inside tmux with set-clipboard on, --copy puts the ticket in tmux's
// paste buffer (which tmux hands on to the outer terminal).
func TestTerminalCopyInTmux(t *testing.T) {
	example, err := filepath.Abs("../../../examples/e-support.json")
	if err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, "tmux set-option -g set-clipboard on && cspfix ticket --copy --answers "+sanitize.Shell(example))
	if code := term.exitCode(); code != "0" {
		t.Fatalf("exit %s:\n%s", code, term.screen())
	}
	term.waitFor("sent the text to the terminal's clipboard")
	buffer, err := term.tmux("show-buffer")
	if err != nil || buffer != term.stdout() {
		t.Errorf("tmux's paste buffer (%v):\n%q\nwant the ticket:\n%q", err, buffer[:min(len(buffer), 200)], term.stdout()[:min(len(term.stdout()), 200)])
	}
}

// TestNoTerminalProbeAtStartup runs commands on a terminal that never answers (script(1)'s pty):
// nothing may ask it for its colours (terminal UI libraries do so when they initialise), as
// that writes escape sequences and waits five seconds for a reply.
func TestNoTerminalProbeAtStartup(t *testing.T) {
	bin := cspfixBinary(t)
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("script(1) is not installed")
	}
	for _, args := range []string{"--version", "scenarios", "tenant check 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"} {
		cmd := scriptCommand(bin + " " + args)
		cmd.Env = append(os.Environ(), "CI=", "TERM=xterm-256color")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%q", args, err, out)
		}
		if bytes.Contains(out, []byte("\x1b]11;?")) || bytes.Contains(out, []byte("\x1b[6n")) {
			t.Errorf("%s probes the terminal at start-up: %q", args, out)
		}
	}
}

// TestColourInATerminal reads the terminal's screen with its attributes: colour on a terminal,
// none with NO_COLOR, TERM=dumb or a pipe, unless CLICOLOR_FORCE asks for it.
func TestColourInATerminal(t *testing.T) {
	tests := []struct {
		name, shell string
		coloured    bool
	}{
		{"terminal", "cspfix scenarios E > /dev/tty", true},
		{"NO_COLOR", "NO_COLOR=1 cspfix scenarios E > /dev/tty", false},
		{"TERM=dumb", "TERM=dumb cspfix scenarios E > /dev/tty", false},
		{"pipe", "cspfix scenarios E | cat > /dev/tty", false},
		{"CLICOLOR_FORCE through a pipe", "CLICOLOR_FORCE=1 cspfix scenarios E | cat > /dev/tty", true},
		{"NO_COLOR beats CLICOLOR_FORCE", "NO_COLOR=1 CLICOLOR_FORCE=1 cspfix scenarios E | cat > /dev/tty", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A pane tall enough for scenario E, heading included.
			term := openTerminalSized(t, t.TempDir(), 80, 40, fmt.Sprintf("{ %s; } > out.txt; echo $? > exit.txt; sleep 60", tt.shell))
			if code := term.exitCode(); code != "0" {
				t.Fatalf("exit %s", code)
			}
			term.waitFor("Still unresolved: contact partner support")
			screen, _ := term.tmux("capture-pane", "-p", "-e", "-t", "main")
			if got := strings.Contains(screen, "\x1b[1m"); got != tt.coloured {
				t.Errorf("bold heading: %v, want %v:\n%q", got, tt.coloured, screen[:min(len(screen), 200)])
			}
		})
	}
}

// TestColourOfTheWalkthrough reads the first prompt's attributes: the forms follow the same
// switch as the text output, also where CI is set.
func TestColourOfTheWalkthrough(t *testing.T) {
	for _, tt := range []struct {
		vars     string
		coloured bool
	}{{"", true}, {"CI=true", true}, {"NO_COLOR=1", false}, {"CLICOLOR=0", false}} {
		t.Run("vars="+tt.vars, func(t *testing.T) {
			term := startTerminal(t, tt.vars+" cspfix diagnose")
			term.waitFor(ask("operation", scenarios.EN))
			screen, _ := term.tmux("capture-pane", "-p", "-e", "-t", "main")
			// The dim key line: tmux may write dim together with a reset ("\x1b[0;2m").
			if got := regexp.MustCompile(`\x1b\[(0;)?2m`).MatchString(screen); got != tt.coloured {
				t.Errorf("coloured prompt: %v, want %v:\n%q", got, tt.coloured, screen[:min(len(screen), 300)])
			}
			term.keys("C-c")
			if code := term.exitCode(); code != "130" {
				t.Errorf("exit %s, want 130", code)
			}
		})
	}
}
