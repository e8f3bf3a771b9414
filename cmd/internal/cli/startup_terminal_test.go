package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/scenarios"
)

// ptySession runs a command line on script(1)'s pseudo-terminal, which answers no query: what
// is written goes to the command as typed keys, and everything the command writes is kept.
type ptySession struct {
	t     *testing.T
	cmd   *exec.Cmd
	in    io.WriteCloser
	mu    sync.Mutex
	out   bytes.Buffer
	ended chan struct{}
}

// scriptCommand runs cmdline through sh on script(1)'s pseudo-terminal, keeping no typescript.
// util-linux's script takes the command with -c; the BSDs' and macOS's take it after the file.
func scriptCommand(cmdline string) *exec.Cmd {
	if runtime.GOOS == "linux" {
		return exec.Command("script", "-qec", cmdline, "/dev/null")
	}
	return exec.Command("script", "-q", "/dev/null", "sh", "-c", cmdline)
}

func startPTY(t *testing.T, dir, cmdline string, env ...string) *ptySession {
	t.Helper()
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("script(1) is not installed")
	}
	s := &ptySession{t: t, ended: make(chan struct{})}
	s.cmd = scriptCommand(cmdline)
	s.cmd.Dir = dir
	s.cmd.Env = append(append(terminalEnv(), "CSPFIX_LANG=en", "XDG_STATE_HOME="+dir+"/state", "CSPFIX_CONFIG="+dir+"/config.json"), env...)
	var err error
	if s.in, err = s.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(s.ended)
		buf := make([]byte, 4096)
		for {
			n, err := stdout.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		s.in.Close()
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	})
	return s
}

func (s *ptySession) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

// waitFor waits until the command has written text; the limit only stops a hung test.
func (s *ptySession) waitFor(text string) {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(s.output(), text) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("never wrote %q:\n%q", text, s.output())
}

func (s *ptySession) keys(k string) {
	s.t.Helper()
	if _, err := io.WriteString(s.in, k); err != nil {
		s.t.Fatal(err)
	}
}

// end waits for the command to end and returns all it wrote.
func (s *ptySession) end() string {
	s.t.Helper()
	select {
	case <-s.ended:
	case <-time.After(15 * time.Second):
		s.t.Fatalf("the command did not end:\n%q", s.output())
	}
	return s.output()
}

// TestFirstPromptAsksTheTerminalNothing: on a terminal that never answers, the walkthrough
// shows its first question without asking the terminal anything (a colour or cursor query
// would hold it there for seconds and swallow the keys typed meanwhile).
func TestFirstPromptAsksTheTerminalNothing(t *testing.T) {
	s := startPTY(t, t.TempDir(), cspfixBinary(t)+" diagnose", "TERM=xterm-256color")
	s.waitFor(ask("operation", scenarios.EN))
	s.keys("\x03")
	out := s.end()
	for _, query := range []string{"\x1b]10;?", "\x1b]11;?", "\x1b[6n", "\x1b[c", "\x1b[>c", "\x1b[?u"} {
		if strings.Contains(out, query) {
			t.Errorf("asks the terminal %q:\n%q", query, out)
		}
	}
}

// TestDumbTerminalGetsNoCursorMovement: with TERM=dumb the walkthrough asks in plain lines, with
// no escape sequence at all.
func TestDumbTerminalGetsNoCursorMovement(t *testing.T) {
	s := startPTY(t, t.TempDir(), cspfixBinary(t)+" diagnose", "TERM=dumb")
	s.waitFor(ask("operation", scenarios.EN))
	s.keys("2\r")
	s.waitFor(ask("error_place", scenarios.EN))
	s.keys("\x03") // in a line-mode terminal, Ctrl-C is the signal
	out := s.end()
	if strings.Contains(out, "\x1b") {
		t.Errorf("escape sequences for TERM=dumb:\n%q", out)
	}
}

// TestKeysTypedBeforeTheFirstPrompt: what is typed while cspfix starts answers the first
// question; nothing is lost before it is shown.
func TestKeysTypedBeforeTheFirstPrompt(t *testing.T) {
	term := startTerminal(t, "cspfix diagnose")
	// Not waiting for the prompts: Enter keeps "don't know yet" and the error message offered.
	term.keys("Enter", "Enter", "Enter", "Contoso GmbH", "Enter", "contoso.com", "Enter")
	term.waitFor(ask("customer.tenant_id", scenarios.EN))
	term.keys("C-c")
	if code := term.exitCode(); code != "130" {
		t.Fatalf("exit %s:\n%s", code, term.screen())
	}
	if _, c := term.savedCase(); c.Customer.Name != "Contoso GmbH" || c.Customer.Domain != "contoso.com" {
		t.Errorf("saved %+v", c.Customer)
	}
}

// TestSignalCommandsExist: the commands that take the signals over are commands.
func TestSignalCommandsExist(t *testing.T) {
	e, _, _ := testEnv("", nil)
	root := newRootCmd(e, scenarios.EN, settings{cfg: &config.Config{}})
	for path := range signalCommands.Get() {
		c, rest, err := root.Find(strings.Fields(path)[1:])
		if err != nil || len(rest) > 0 || c.CommandPath() != path {
			t.Errorf("%q is no command (%v)", path, err)
		}
	}
}

// TestStopOnSignal: the first signal asks the command to stop; a second one, or the end of the
// grace period, ends the process with the first signal's status.
func TestStopOnSignal(t *testing.T) {
	for _, tt := range []struct {
		name   string
		second bool
		grace  time.Duration
	}{
		{"second signal", true, time.Hour},
		{"grace over", false, time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sigs := make(chan os.Signal, 2)
			ctx, cancel := context.WithCancelCause(context.Background())
			exited := make(chan int, 1)
			go stopOnSignal(sigs, cancel, func(code int) { exited <- code }, tt.grace)
			sigs <- syscall.SIGINT
			<-ctx.Done()
			if cause := context.Cause(ctx); cause != (stopSignal{syscall.SIGINT}) {
				t.Fatalf("cause %v", cause)
			}
			if tt.second {
				select {
				case code := <-exited:
					t.Fatalf("ended (%d) before the second signal", code)
				default:
				}
				sigs <- syscall.SIGTERM
			}
			if code := <-exited; code != 130 {
				t.Errorf("exit %d, want 130", code)
			}
		})
	}
}
