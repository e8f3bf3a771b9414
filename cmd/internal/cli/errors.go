package cli

import (
	"errors"
	"fmt"
	"io"
	"syscall"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Exit codes (README "Exit codes").
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInvalid     = 3
	exitCheckFailed = 4
	exitConflict    = 5   // another cspfix holds or changed the file: nothing was written
	exitSignal      = 128 // plus the signal's number
	exitInterrupted = exitSignal + int(syscall.SIGINT)
)

// exitError carries the exit code for an error, and a hint on what to do next. Without err it
// only sets the exit code: the command's output has already said what is wrong.
type exitError struct {
	code int
	err  error
	hint string
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

func usageError(hint string, format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...), hint: hint}
}

// reportError prints err (and its hint) to stderr and returns the exit code for it. This is the
// one place where errors become exit codes. width is the terminal's, to wrap the lines at
// (0 where stderr is no terminal: a pipe or a file gets each on one line).
func reportError(w io.Writer, err error, tr scenarios.Texts, width int) int {
	if err == nil {
		return exitOK
	}
	code, hint := exitFailure, ""
	var ee *exitError
	var we *writeError
	var stop stopSignal
	switch {
	case errors.As(err, &ee) && ee.err == nil:
		return ee.code
	case errors.As(err, &ee):
		code, hint = ee.code, ee.hint
	case errors.As(err, &stop):
		// The command has said what it kept; the code tells the shell which signal it was.
		return stop.exitCode()
	case errors.As(err, &we):
		err = errors.New(tr.T(txt.CLICannotWriteOutput, "err", systemReason(we.err, tr)))
		hint = tr.T(txt.CLICannotWriteOutputHint)
	}
	fmt.Fprint(w, wrapLine(tr.T(txt.CLIError)+": "+boundedLine(sanitize.Text(err.Error())), width))
	if hint != "" {
		fmt.Fprint(w, wrapLine(tr.T(txt.CLIHint)+": "+boundedLine(hint), width))
	}
	return code
}

// wrapLine is a line of an error ended by a newline, wrapped at width on a terminal (0: never),
// the lines after the first indented.
func wrapLine(line string, width int) string {
	if width <= 0 || len([]rune(line)) <= width {
		return line + "\n"
	}
	return render.Wrap("", "  ", line, width)
}

// maxErrorLine bounds an error or hint line, whatever value from the command line or the input
// it quotes (a 100 KB --lang value is not printed back whole).
const maxErrorLine = 2000

// boundedLine cuts s to maxErrorLine characters, marking the cut.
func boundedLine(s string) string {
	if head, more := sanitize.Cut(s, maxErrorLine); more > 0 {
		return head + "…"
	}
	return s
}
