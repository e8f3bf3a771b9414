package cli

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testNowFlag = "--now=2026-11-20T12:00:00+01:00"

// deskConfig is a settings file with the desk's partner and contact facts.
var deskConfig = map[string]string{"CSPFIX_CONFIG": "testdata/desk/config.json"}

// TestGoldenTickets pins the full example's ticket in text and Markdown, and in German (its JSON
// is held to the Ticket struct, TestTicketJSON; an incomplete one, TestIncompleteTicket).
func TestGoldenTickets(t *testing.T) {
	for _, r := range []struct{ lang, flag, ext string }{{"en", "text", "txt"}, {"en", "markdown", "md"}, {"de", "text", "txt"}} {
		golden := filepath.Join("testdata", "golden", "ticket-e-support."+r.lang+"."+r.ext)
		t.Run(filepath.Base(golden), func(t *testing.T) {
			e, out, _ := testEnv("", nil)
			args := []string{"ticket", "--answers", "../../../examples/e-support.json", "--ticket-lang", r.lang, "-o", r.flag, testNowFlag}
			if code := run(e, args); code != exitOK {
				t.Fatalf("exit %d", code)
			}
			compareGolden(t, golden, out.Bytes())
		})
	}
}

// TestTicketHasEveryFact checks that every fact of the full example reaches the ticket.
func TestTicketHasEveryFact(t *testing.T) {
	e, out, _ := testEnv("", nil)
	if code := run(e, []string{"ticket", "--answers", "../../../examples/e-support.json", testNowFlag}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	ticket := strings.Join(strings.Fields(out.String()), " ") // undo the wrapping
	for _, fact := range []string{
		"Partner relation does not work because it is already existing",
		"Tailspin Toys GmbH", "tailspintoys.onmicrosoft.com",
		"Tenant ID (as we entered it): 3a8f2d6c-1b9e-4c7a-8d5f-6e0b4a2c9d13",
		"Tenant ID (as our customer confirmed it): 3a8f2d6c-1b9e-4c7a-8d5f-6e0b4a2c9d13",
		"Fabrikam IT", "Partner ID (MPN ID): 4847383", "Indirect provider: Northwind Distribution",
		"2026-11-17 14:20 +01:00 (2026-11-17 13:20 UTC)", "2026-11-18 09:05 +01:00 (2026-11-18 08:05 UTC)",
		"waited a day, cleared the cache, private window: same error",
		"customer read the ID out again; it matches",
		"Our customer states that it does not work with any other partner.",
		"Our CRM holds a single entry for our customer.",
		"The customer confirms in the admin center that no partner is listed.",
		"screenshot", "Prepared with cspfix",
	} {
		if !strings.Contains(ticket, fact) {
			t.Errorf("ticket lacks %q", fact)
		}
	}
	// The customer's answers and the reseller's own checks each under their own heading.
	order := []string{"What our customer told us", "does not work with any other partner", "What we checked ourselves", "Our CRM holds"}
	for i := 1; i < len(order); i++ {
		if strings.Index(ticket, order[i-1]) > strings.Index(ticket, order[i]) {
			t.Errorf("%q comes after %q", order[i-1], order[i])
		}
	}
}

func TestTicketStrict(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		args   []string
		code   int
		stderr string
	}{
		{"complete, strict", "", []string{"--answers", "../../../examples/e-support.json", "--strict"}, exitOK, ""},
		{"incomplete, not strict", "", []string{"--answers", "../../../examples/incomplete.json"}, exitOK, ""},
		{"incomplete, strict", "", []string{"--answers", "../../../examples/incomplete.json", "--strict"}, exitCheckFailed,
			"error: 1 ticket(s) lack required facts or details; the ticket lists them under \"To check before sending\""},
		{"partner ID with letters, strict", `{"error_message":"x","customer":{"tenant_id":"y"},"partner":{"partner_id":"MPN 123"},"attempts":["2026-11-20T09:14:00+01:00"]}`,
			[]string{"--strict"}, exitCheckFailed, "lack required facts"},
		{"invalid record wins over strict", `{"answers":{"other_csp":"maybe"}}`, []string{"--strict"}, exitInvalid, "1 of 1 records is invalid"},
		{"bad ticket language", "", []string{"--answers", "../../../examples/e-support.json", "--ticket-lang", "fr"}, exitUsage, `unsupported language "fr"`},
		{"--copy without a terminal", "", []string{"--answers", "../../../examples/e-support.json", "--copy"}, exitOK,
			"nothing was copied to the clipboard: cspfix reaches it through the terminal, and here it runs without one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, errOut := testEnv(tt.input, nil)
			if code := run(e, append([]string{"ticket", testNowFlag}, tt.args...)); code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			if tt.stderr == "" && errOut.String() != "" || !strings.Contains(errOut.String(), tt.stderr) { // "" wants nothing at all
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
		})
	}
}

func TestTicketIsSafeToPaste(t *testing.T) {
	hostile := `{"customer":{"name":"Evil\u001b[2J\u001b]0;owned\u0007 Corp","tenant_id":"x"},"notes":"line\u0000one\r\nline two \u001b[31mred","tried":[{"scenario":"C","note":"\u001b]52;c;ZXZpbA==\u0007"}]}`
	for _, format := range []string{"text", "markdown"} {
		e, out, _ := testEnv(hostile, nil)
		e.stdoutTerminal = true // even on a terminal: no colour, no escape sequences from input
		run(e, []string{"ticket", "-o", format})
		if strings.ContainsAny(out.String(), "\x1b\x00\x07\r") {
			t.Errorf("%s: control characters reached the ticket: %q", format, out)
		}
		if !strings.Contains(out.String(), "Evil Corp") {
			t.Errorf("%s: the name itself must survive: %s", format, out)
		}
		for _, line := range strings.Split(out.String(), "\n") {
			if format == "text" && len([]rune(line)) > 72 && strings.Contains(line, " ") && !strings.HasPrefix(line, "Subject: ") {
				t.Errorf("line longer than 72 columns: %q", line)
			}
		}
	}
}

func TestTicketOutAndCopy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ticket.txt")
	e, out, errOut := testEnv("", map[string]string{"TMUX": "/tmp/tmux-0/default,1,0"})
	e.stderrTerminal = true
	if code := run(e, []string{"ticket", "--answers", "../../../examples/e-support.json", "--out", path, "--copy", testNowFlag}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	written, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(written), "Tailspin Toys GmbH") {
		t.Fatalf("ticket file: %v %q", err, written)
	}
	if out.Len() != 0 {
		t.Errorf("with --out nothing goes to stdout, got %q", out)
	}
	// Inside tmux the plain OSC 52 sequence (set-clipboard on) and tmux's passthrough of it.
	seq, encoded := errOut.String(), base64.StdEncoding.EncodeToString(written)
	if !strings.Contains(seq, "\n\x1b]52;c;"+encoded+"\a") || !strings.Contains(seq, "\x1bPtmux;\x1b\x1b]52;c;"+encoded) {
		t.Errorf("no OSC 52 sequences with the ticket on stderr: %q", seq[:min(len(seq), 80)])
	}
	if !strings.Contains(seq, "wrote "+path) || !strings.Contains(seq, "sent the text to the terminal's clipboard") {
		t.Errorf("stderr: %q", seq)
	}
}

func TestClipboardSequences(t *testing.T) {
	plain, tmux, screen := "\x1b]52;c;dGV4dA==\a", "\x1bPtmux;\x1b\x1b]52;c;dGV4dA==\a\x1b\\", "\x1bP\x1b]52;c;dGV4dA==\a\x1b\\"
	for _, tt := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"TERM": "xterm-256color"}, plain},
		{map[string]string{"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"}, plain + tmux},
		{map[string]string{"TERM": "screen-256color", "TMUX": "/tmp/tmux-0/default,1,0"}, plain + tmux},
		{map[string]string{"TERM": "screen", "STY": "123.pts-0.host"}, screen},
	} {
		e, _, _ := testEnv("", tt.vars)
		if got := clipboardSequences(e, "text"); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.vars, got, tt.want)
		}
	}
}

func TestTicketJSON(t *testing.T) {
	e, out, _ := testEnv("", nil)
	if code := run(e, []string{"ticket", "--answers", "../../../examples/incomplete.json", "-o", "json", testNowFlag}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "lang", "subject", "error_message", "customer", "partner", "attempts", "tried",
		"ruled_out", "not_ruled_out", "conversation", "notes", "problems", "missing", "generator", "text"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("key %q missing", key)
		}
	}
	if got := doc["missing"].([]any); len(got) != 2 {
		t.Errorf("missing: %v", got)
	}
}

// TestTicketLinesFitAnEmail: the body of a text ticket fits an e-mail (72 columns); its first
// line, the subject after its label, stays whole on one line, as the subject field takes it.
func TestTicketLinesFitAnEmail(t *testing.T) {
	for lang, label := range map[string]string{"en": "Subject: ", "de": "Betreff: "} {
		e, out, _ := testEnv("", nil)
		run(e, []string{"ticket", "--answers", "../../../examples/e-support.json", "--ticket-lang", lang, testNowFlag})
		subject, body, _ := strings.Cut(out.String(), "\n")
		if !strings.HasPrefix(subject, label) || !strings.HasSuffix(subject, ": Tailspin Toys GmbH") {
			t.Errorf("%s: the first line is %q, want the whole subject after %q", lang, subject, label)
		}
		for _, line := range strings.Split(body, "\n") {
			if len([]rune(line)) > 72 && len(strings.Fields(line)) > 1 {
				t.Errorf("%s: line of %d columns: %q", lang, len([]rune(line)), line)
			}
		}
	}
}

// TestTicketCopyWithoutATerminal: in a pipe the ticket is still printed, and stderr says that
// nothing reached the clipboard.
func TestTicketCopyWithoutATerminal(t *testing.T) {
	e, out, errOut := testEnv("", nil)
	if code := run(e, []string{"ticket", "--answers", "../../../examples/e-support.json", "--copy", testNowFlag}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out.String(), "Tailspin Toys GmbH") || strings.Contains(errOut.String(), "\x1b]52") ||
		!strings.Contains(errOut.String(), "nothing was copied to the clipboard") {
		t.Errorf("stdout %q…; stderr %q", out.String()[:min(out.Len(), 60)], errOut)
	}
}

// TestTicketFromTheDesk: the contact of the settings and the business impact reach the ticket,
// each in its own section, and a German note in an English ticket is marked as German.
func TestTicketFromTheDesk(t *testing.T) {
	e, out, errOut := testEnv(`{"customer":{"name":"Contoso"},"notes":"Kunde sagt, es hat sich nichts geändert"}`, deskConfig)
	if code := run(e, []string{"ticket", "--impact", "Orders for 40 seats are on hold.", testNowFlag}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"\nBusiness impact\n---------------\nOrders for 40 seats are on hold.\n",
		"\nContact for this request\n------------------------\n- Name: Jana Roth\n- E-mail: jana.roth@fabrikam.example\n- Phone: +49 30 1234567\n",
		"\nNotes (in German)\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("ticket lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), "tell us how to resolve it. We have not tried any remedy yet.") {
		t.Errorf("the ticket says that nothing was tried:\n%s", out)
	}
}
