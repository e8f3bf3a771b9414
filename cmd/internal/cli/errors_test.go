package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/scenarios"
)

// TestErrorsWrapOnATerminal: on a terminal, an error and its hint wrap at its width between
// words; to a pipe or a file each stays on one line, for scripts and logs.
func TestErrorsWrapOnATerminal(t *testing.T) {
	err := &exitError{code: exitUsage, err: errors.New("--save is for the interactive walkthrough, which needs a terminal to ask its questions in"),
		hint: "run it in a terminal, or add --accessible to answer the questions in plain lines from standard input"}
	for _, width := range []int{0, 80, 60} {
		var b strings.Builder
		if code := reportError(&b, err, testTexts(scenarios.EN), width); code != exitUsage {
			t.Fatalf("exit %d", code)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if width == 0 {
			if len(lines) != 2 {
				t.Errorf("not a terminal: %d lines, want 2:\n%s", len(lines), b.String())
			}
			continue
		}
		if len(lines) < 3 {
			t.Errorf("width %d: not wrapped:\n%s", width, b.String())
		}
		for _, line := range lines {
			if len([]rune(line)) > width {
				t.Errorf("width %d: %q is wider", width, line)
			}
		}
		if got := strings.Join(strings.Fields(b.String()), " "); !strings.Contains(got, "questions in hint: run it") {
			t.Errorf("width %d: words lost:\n%s", width, b.String())
		}
	}
}
