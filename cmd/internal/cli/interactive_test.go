package cli

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// TestAccessibleWalkthrough runs the accessible mode on piped answers, without a terminal.
func TestAccessibleWalkthrough(t *testing.T) {
	answers := pipedAnswers(t, map[string][]string{
		"customer.name": {"Contoso GmbH"}, "customer.domain": {"contoso.com"}, "customer.tenant_id": {"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"},
		"partner.partner_id": {"4847383"}, "attempts": {"10:15"},
		"answers.other_csp": {"nein"}, "answers.direct_microsoft": {"2", "n"}, "answers.earlier_relationship_with_you": {"zurück", "2"},
		"answers.invitation_pending": {"2"}, "answers.recent_change": {"ja"}, "answers.change_kind": {"5"},
		"answers.recent_change_at": {"30 min ago"}, "customer.confirmed_tenant_id": {"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"},
		"answers.crm_duplicates": {"2"}, "answers.partner_center_search": {"2"},
	}, nil,
		"",       // the review: Enter goes on
		"später", // the fix question: later (a word, not its number)
		"",       // the retry time: Enter keeps the one suggested
	)
	save := filepath.Join(t.TempDir(), "case.json")
	e, out, errOut := testEnv(answers, map[string]string{"HOME": t.TempDir()})
	if code := run(e, []string{"diagnose", "--accessible", "--save", save, "--lang", "de"}); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.HasPrefix(out.String(), "Am wahrscheinlichsten: D") || !strings.Contains(out.String(), "\nPausiert: erneut versuchen nach ") {
		t.Errorf("stdout %q", out)
	}
	prompts := errOut.String()
	for _, want := range []string{
		"Name des Kunden",
		"Wann wurde die Änderung vorgenommen?",
		"Ab hier führt „zurück“ als Antwort zur vorigen Frage.",
		"Antworten vor der Diagnose prüfen",
		"Am wahrscheinlichsten: D",
		"Fortsetzen mit: cspfix diagnose --resume " + save + " --lang de",
	} {
		if !strings.Contains(prompts, want) {
			t.Errorf("prompts lack %q", want)
		}
	}
	data, err := os.ReadFile(save)
	if err != nil || !strings.Contains(string(data), `"retry_at"`) {
		t.Fatalf("saved case: %v\n%s", err, data)
	}

	// Resuming asks nothing already answered; the end of the input stops it, the case kept.
	e, _, errOut = testEnv("", nil)
	if code := run(e, []string{"diagnose", "--accessible", "--resume", save}); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if strings.Contains(errOut.String(), "Customer name") || !strings.Contains(errOut.String(), "paused to wait until") {
		t.Errorf("resume output:\n%s", errOut)
	}
}

// TestResumeKeepsTheSchemaLink: a case that names its schema for an editor still does after
// the walkthrough saved it again.
func TestResumeKeepsTheSchemaLink(t *testing.T) {
	save := filepath.Join(t.TempDir(), "case.json")
	if err := os.WriteFile(save, []byte(`{"$schema":"./case.schema.json","id":"contoso"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	e, _, errOut := testEnv("\n1\n", nil) // the review goes on, one answer, the end
	if code := run(e, []string{"diagnose", "--accessible", "--resume", save}); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	data, err := os.ReadFile(save)
	if err != nil || !strings.Contains(string(data), `"$schema": "./case.schema.json"`) {
		t.Errorf("saved case: %v\n%s", err, data)
	}
}

func TestWhenItPrompts(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		terminal bool
		vars     map[string]string
		code     int
		stderr   string
	}{
		{"piped input stays batch, even with ACCESSIBLE=1", []string{"diagnose"}, false, map[string]string{"ACCESSIBLE": "1"}, exitOK, ""},
		{"resume and answers conflict", []string{"diagnose", "--resume", "x.json", "--answers", "y.json"}, true, nil, exitUsage, "--resume and --answers do not go together"},
		{"resume with prompts forbidden", []string{"diagnose", "--resume", "x.json"}, true, map[string]string{"CSPFIX_NO_PROMPT": "1"}, exitUsage, "CSPFIX_NO_PROMPT forbids prompts"},
		{"resume of a missing file", []string{"diagnose", "--resume", "missing.json"}, true, nil, exitUsage, "cannot resume missing.json"},
		{"save is for the walkthrough", []string{"diagnose", "--save", "x.json"}, false, nil, exitUsage, "--save is for the interactive walkthrough"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, errOut := testEnv(`{"answers":{"other_csp":"yes"}}`, tt.vars)
			e.stdinTerminal = tt.terminal
			if code := run(e, tt.args); code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			if tt.stderr == "" && errOut.String() != "" || !strings.Contains(errOut.String(), tt.stderr) { // "" wants nothing at all
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
		})
	}
}

func TestLineReaderHandsOutOneLinePerRead(t *testing.T) {
	l := newLineReader(context.Background(), iotest.HalfReader(strings.NewReader("one\ntwo\nthree")))
	buf := make([]byte, 4096)
	var got []string
	for {
		n, err := l.Read(buf)
		if n > 0 {
			got = append(got, string(buf[:n]))
		}
		if err == io.EOF {
			break
		}
	}
	if strings.Join(got, "|") != "one\n|two\n|three" || !l.eof {
		t.Errorf("got %q, eof=%v", got, l.eof)
	}
}

// TestLineReaderEndsOnASignal: a read that waits for a line that does not come ends when the
// context is cancelled, as by a signal.
func TestLineReaderEndsOnASignal(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	l := newLineReader(ctx, pr)
	done := make(chan error, 1)
	go func() {
		_, err := l.Read(make([]byte, 10))
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if err != io.EOF || !l.eof {
			t.Errorf("err %v, eof %v", err, l.eof)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the read did not end")
	}
}

// TestWalkthroughEndsWithTheTicket: when every answer rules every cause out, the walkthrough
// ends with scenario E and prints the support ticket on stdout.
func TestWalkthroughEndsWithTheTicket(t *testing.T) {
	no := []string{"2"}
	answers := pipedAnswers(t, map[string][]string{
		"customer.name": {"Tailspin Toys"}, "customer.domain": {"tailspintoys.onmicrosoft.com"},
		"customer.tenant_id": {"3a8f2d6c-1b9e-4c7a-8d5f-6e0b4a2c9d13"}, "partner.partner_id": {"4847383"},
		"partner.indirect_provider": {"Northwind"}, "attempts": {"09:05"},
		"answers.other_csp": no, "answers.direct_microsoft": no, "answers.earlier_relationship_with_you": no,
		"answers.invitation_pending": no, "answers.recent_change": no,
		"customer.confirmed_tenant_id": {"3a8f2d6c-1b9e-4c7a-8d5f-6e0b4a2c9d13"},
		"answers.crm_duplicates":       no, "answers.partner_center_search": no, "answers.provider_has_relationship": no,
	}, nil,
		"1",             // the review: go on
		"SR 2611230042", // the number of the support request opened with the ticket
	)
	save := filepath.Join(t.TempDir(), "c.json")
	e, out, errOut := testEnv(answers, nil)
	if code := run(e, []string{"diagnose", "--accessible", "--save", save}); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	got := out.String()
	for _, want := range []string{
		"Most likely: E — Still unresolved: contact partner support (medium confidence)",
		"Reseller relationship request fails with",
		"- Partner ID (MPN ID): 4847383",
		"2026-11-20 09:05 +01:00 (2026-11-20 08:05 UTC)",
		"Our customer states that it does not work with any other partner.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("stdout lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(errOut.String(), "Did these steps fix the error?") {
		t.Errorf("with nothing left to try there is nothing to ask")
	}
	data, err := os.ReadFile(save)
	if err != nil || !strings.Contains(string(data), `"status": "ticket_opened"`) || !strings.Contains(string(data), `"reference": "SR 2611230042"`) {
		t.Errorf("the ticket's reference is not the case's outcome: %v\n%s", err, data)
	}
}

// TestHostileFileNamesAreShownEscaped: a path with escape sequences and invisible characters is
// shown escaped in every message, and the resume command still names the same file.
func TestHostileFileNamesAreShownEscaped(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold control characters")
	}
	path := filepath.Join(t.TempDir(), "bad\x1b]0;owned\x07\u200bname.json")
	e, _, errOut := testEnv("1\n", nil)
	if code := run(e, []string{"diagnose", "--accessible", "--save", path}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := errOut.String()
	if strings.ContainsAny(got, "\x1b\x07\u200b") {
		t.Errorf("raw characters from the file name on stderr:\n%q", got)
	}
	if !strings.Contains(got, `bad\u001b]0;owned\u0007\u200bname.json`) {
		t.Errorf("the path is not shown escaped:\n%s", got)
	}
	_, cmd, _ := strings.Cut(got, "Resume with: ")
	cmd = strings.TrimSuffix(strings.TrimSpace(cmd), " --accessible")
	out, err := exec.Command("bash", "-c", "printf %s "+strings.TrimPrefix(cmd, "cspfix diagnose --resume ")).Output()
	if err != nil || string(out) != path {
		t.Errorf("the resume command %q names %q, not %q (%v)", cmd, out, path, err)
	}
}

// TestTheMessageNamesTheRetryTimeChosen: after "later" and a retry time of the desk's own, the
// message to the customer (at the walkthrough's end and from `cspfix message`) names that time,
// not the end of the waiting time the steps suggested.
func TestTheMessageNamesTheRetryTimeChosen(t *testing.T) {
	answers := pipedAnswers(t, map[string][]string{
		"customer.name": {"Contoso GmbH"}, "customer.domain": {"contoso.com"}, "customer.tenant_id": {"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"},
		"partner.partner_id": {"4847383"}, "attempts": {"10:15"},
		"answers.other_csp": {"no"}, "answers.direct_microsoft": {"no"}, "answers.earlier_relationship_with_you": {"no"},
		"answers.invitation_pending": {"no"}, "answers.recent_change": {"yes"}, "answers.change_kind": {"5"},
		"answers.recent_change_at": {"30 min ago"}, "customer.confirmed_tenant_id": {"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"},
		"answers.crm_duplicates": {"no"}, "answers.partner_center_search": {"2"},
	}, nil,
		"",              // the review: Enter goes on
		"later",         // the fix question
		"tomorrow 9:00", // the retry time, later than the one suggested
		"yes",           // write the message
	)
	save := filepath.Join(t.TempDir(), "case.json")
	e, out, errOut := testEnv(answers, map[string]string{"HOME": t.TempDir()})
	if code := run(e, []string{"diagnose", "--accessible", "--save", save}); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	const want = "We will try again on 2026-11-21 at 09:00 (UTC+01:00)"
	if !strings.Contains(out.String(), want) {
		t.Errorf("the message at the end lacks %q:\n%s", want, out)
	}
	e, out, errOut = testEnv("", nil)
	if code := run(e, []string{"message", "--answers", save}); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.Contains(out.String(), want) {
		t.Errorf("cspfix message lacks %q:\n%s", want, out)
	}
}
