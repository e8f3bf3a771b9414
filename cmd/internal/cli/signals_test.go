//go:build unix

package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/casegen"
	"github.com/cspfix/cspfix/scenarios"
)

// startBinary runs the cspfix binary with args, stdin from in, and returns the command and its
// stdout and stderr as they come.
func startBinary(t *testing.T, in io.Reader, env []string, args ...string) (*exec.Cmd, *syncBuffer, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(cspfixBinary(t), args...)
	cmd.Stdin = in
	cmd.Env = append(terminalEnv(), env...)
	var out, errOut syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, &out, &errOut
}

// waitUntil polls cond; the limit only stops a hung test.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func exitStatus(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode()
	case <-time.After(15 * time.Second):
		t.Fatal("the command did not end")
	}
	return -1
}

// wholeJSONLines checks that out is JSON Lines with nothing cut, and returns the lines.
func wholeJSONLines(t *testing.T, out []byte) []string {
	t.Helper()
	if len(out) > 0 && out[len(out)-1] != '\n' {
		t.Errorf("the output ends in a cut line: …%q", out[max(0, len(out)-80):])
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if line == "" {
			continue
		}
		if !json.Valid([]byte(line)) {
			t.Errorf("not a whole result: %.120q", line)
		}
		lines = append(lines, line)
	}
	return lines
}

// TestSignalStopsABatchAfterAWholeResult: a batch that is stopped by a signal while its input
// is still coming writes every result it finished, whole, says how many, and exits 128+n.
func TestSignalStopsABatchAfterAWholeResult(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			var cases bytes.Buffer
			if err := casegen.Write(&cases, 200, 1); err != nil {
				t.Fatal(err)
			}
			pr, pw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer pw.Close()
			defer pr.Close()
			cmd, out, errOut := startBinary(t, pr, nil, "diagnose", "-o", "json", "--now", "2026-11-20T12:00:00+01:00")
			go pw.Write(cases.Bytes()) // and the pipe stays open: more could come
			// 200 results are more than the output buffer holds: output shows that work is done.
			waitUntil(t, "the first results", func() bool { return out.Len() > 0 })
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := exitStatus(t, cmd); code != 128+int(sig) {
				t.Fatalf("exit %d, want %d; stderr %s", code, 128+int(sig), errOut)
			}
			lines := wholeJSONLines(t, out.Bytes())
			want := fmt.Sprintf("stopped by SIG%s after %d cases; every result written is complete", map[syscall.Signal]string{
				syscall.SIGINT: "INT", syscall.SIGTERM: "TERM", syscall.SIGHUP: "HUP"}[sig], len(lines))
			if !strings.Contains(errOut.String(), want) {
				t.Errorf("stderr %q lacks %q", errOut, want)
			}
		})
	}
}

// TestSignalKeepsTheResultsOfAnOnlineBatch: with --online each result is written as soon as it
// is made, so a batch stopped while a lookup hangs keeps the results before it.
func TestSignalKeepsTheResultsOfAnOnlineBatch(t *testing.T) {
	hang := make(chan struct{})
	defer close(hang)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/slow.example/") {
			select {
			case <-hang:
			case <-r.Context().Done():
			}
			return
		}
		b, _ := os.ReadFile("../../../internal/discovery/testdata/commercial-ww.json")
		w.Write(b)
	}))
	defer srv.Close()
	in := `{"id":"one","customer":{"domain":"contoso.onmicrosoft.com"}}` + "\n" +
		`{"id":"two","customer":{"domain":"contoso.onmicrosoft.com"}}` + "\n" +
		`{"id":"three","customer":{"domain":"slow.example"}}` + "\n"
	cmd, out, errOut := startBinary(t, strings.NewReader(in), []string{"CSPFIX_AUTHORITY=" + srv.URL},
		"diagnose", "--online", "-o", "json", "--now", "2026-11-20T12:00:00+01:00")
	waitUntil(t, "two results", func() bool { return bytes.Count(out.Bytes(), []byte("\n")) == 2 })
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitStatus(t, cmd); code != 143 {
		t.Fatalf("exit %d, want 143; stderr %s", code, errOut)
	}
	if lines := wholeJSONLines(t, out.Bytes()); len(lines) != 2 || !strings.Contains(lines[1], `"id":"two"`) {
		t.Errorf("results %q", lines)
	}
}

// TestTerminalSignals stops the walkthrough with a signal while a question is being answered:
// what was answered is saved, the question in hand is not answered with its default, the
// terminal is back in its normal mode, and the exit status names the signal.
func TestTerminalSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			term := openTerminal(t, t.TempDir(),
				`{ sh -c 'echo $$ > pid.txt; exec cspfix diagnose'; } > out.txt; echo $? > exit.txt; stty -a > stty.txt; sleep 60`)
			term.answer(ask("operation", scenarios.EN), "Home", "Enter")   // linking an existing tenant
			term.answer(ask("error_place", scenarios.EN), "Home", "Enter") // the distributor's portal
			// The error message has a default: a signal must not submit it.
			term.waitFor(ask("error_message", scenarios.EN))
			pid, err := os.ReadFile(filepath.Join(term.dir, "pid.txt"))
			if err != nil {
				t.Fatal(err)
			}
			n, _ := strconv.Atoi(strings.TrimSpace(string(pid)))
			if err := syscall.Kill(n, sig); err != nil {
				t.Fatal(err)
			}
			if code := term.exitCode(); code != strconv.Itoa(128+int(sig)) {
				t.Fatalf("exit %s, want %d:\n%s", code, 128+int(sig), term.screen())
			}
			term.waitFor("Resume with: cspfix diagnose --resume")
			_, c := term.savedCase()
			if c.Operation != "link_existing" || c.ErrorPlace != "distributor_portal" {
				t.Errorf("the answers before the signal are not saved: %+v", c)
			}
			if c.ErrorMessage != "" {
				t.Errorf("the question in hand was answered with its default: %q", c.ErrorMessage)
			}
			waitUntil(t, "stty", func() bool {
				b, _ := os.ReadFile(filepath.Join(term.dir, "stty.txt"))
				return len(b) > 0
			})
			stty, _ := os.ReadFile(filepath.Join(term.dir, "stty.txt"))
			for _, mode := range []string{"icanon", "echo"} {
				if !bytes.Contains(stty, []byte(" "+mode+" ")) && !bytes.HasSuffix(bytes.TrimSpace(stty), []byte(" "+mode)) {
					t.Errorf("the terminal is left without %s (raw mode):\n%s", mode, stty)
				}
			}
		})
	}
}

// syncBuffer is a bytes.Buffer that a command writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

func (b *syncBuffer) Len() int { return len(b.Bytes()) }

func (b *syncBuffer) String() string { return string(b.Bytes()) }
