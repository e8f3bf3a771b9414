package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/sanitize"
)

// wrapTexts are what the tests of wrapping wait for, in one language.
type wrapTexts struct {
	high, resumeWith, nothingSaved string
}

var wrapTextsIn = map[string]wrapTexts{
	"en": {"confidence)", "Resume with:", "Stopped before the first answer"},
	"de": {"Wahrscheinlichkeit)", "Fortsetzen mit:", "Vor der ersten Antwort abgebrochen"},
}

// writtenLines are the lines written to the terminal, with what scrolled off the top: a line
// the terminal had to break because it was wider than the screen is one line here, longer than
// the terminal is wide.
func (term *terminal) writtenLines() []string {
	out, _ := term.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "main")
	var lines []string
	for _, line := range strings.Split(out, "\n") {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// TestTerminalTextWrapsAtItsWidth: the result printed on a terminal wraps at its width, the
// verdict included: "(high confidence)" is never cut in two.
func TestTerminalTextWrapsAtItsWidth(t *testing.T) {
	example, err := filepath.Abs("../../../examples/c-wrong-tenant-id.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range terminalCases {
		t.Run(tc.name, func(t *testing.T) {
			texts := wrapTextsIn[tc.lang]
			term := openTerminalSized(t, t.TempDir(), tc.cols, 24, "cspfix diagnose --lang "+tc.lang+" --answers "+example+"; echo $? > exit.txt; sleep 60")
			if code := term.exitCode(); code != "0" {
				t.Fatalf("exit %s:\n%s", code, term.screen())
			}
			term.waitFor(texts.high)
			for _, line := range term.writtenLines() {
				if len([]rune(line)) > tc.cols {
					t.Errorf("a line wider than the terminal, broken by it: %q", line)
				}
			}
		})
	}
}

// TestTerminalLongAnswerAndResumeCommand: a long answer stays readable whole while it is typed,
// and the command to resume is never cut in two by the terminal: its ID stands whole on a line.
func TestTerminalLongAnswerAndResumeCommand(t *testing.T) {
	const long = "Contoso Handelsgesellschaft für Bürobedarf und Informationstechnik mbH & Co. KG"
	for _, tc := range terminalCases {
		t.Run(tc.name, func(t *testing.T) {
			texts := wrapTextsIn[tc.lang]
			// A directory with a name as short as a user's state directory's, not a test's.
			dir, err := os.MkdirTemp("", "cspfix")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			term := openTerminalSized(t, dir, tc.cols, 24, "cspfix diagnose --lang "+tc.lang+"; echo $? > exit.txt; sleep 60")
			term.answer(tc.prompts[0], "Enter")
			term.answer(tc.prompts[1], "Enter")
			term.answer(tc.prompts[2], "Enter")
			term.answer(tc.prompts[3], long)
			// The start and the end of the answer are on the screen at once.
			term.waitForVisible("> Contoso Handelsgesellschaft", "KG")
			term.keys("Enter")
			term.waitFor(tc.prompts[4])
			term.keys("C-c")
			if code := term.exitCode(); code != "130" {
				t.Fatalf("exit %s:\n%s", code, term.screen())
			}
			term.waitFor(texts.resumeWith)
			path, c := term.savedCase()
			if c.Customer.Name != long {
				t.Errorf("saved name %q", c.Customer.Name)
			}
			id := strings.TrimSuffix(filepath.Base(path), ".json")
			whole := false
			for _, line := range term.writtenLines() {
				whole = whole || strings.Contains(line, id)
				// The path stands alone, whole, however long (TestTerminalSavedPathWhole).
				if len([]rune(line)) > tc.cols && line != path {
					t.Errorf("a line wider than the terminal, broken by it: %q", line)
				}
			}
			if !whole {
				t.Errorf("the case's ID %s is not whole on a line:\n%s", id, term.screen())
			}
		})
	}
}

// TestTerminalCtrlCAtTheFirstQuestion: Ctrl-C before the first answer keeps no empty case and
// says so.
func TestTerminalCtrlCAtTheFirstQuestion(t *testing.T) {
	for _, tc := range terminalCases {
		t.Run(tc.name, func(t *testing.T) {
			term := openTerminalSized(t, t.TempDir(), tc.cols, 24, "cspfix diagnose --lang "+tc.lang+"; echo $? > exit.txt; sleep 60")
			term.waitFor(tc.prompts[0])
			term.keys("C-c")
			if code := term.exitCode(); code != "130" {
				t.Fatalf("exit %s:\n%s", code, term.screen())
			}
			term.waitFor(wrapTextsIn[tc.lang].nothingSaved)
			if paths, _ := filepath.Glob(filepath.Join(term.dir, "state", "cspfix", "cases", "*")); len(paths) > 0 {
				t.Errorf("files left: %v", paths)
			}
		})
	}
}

// TestTerminalSavedPathWhole: the path the answers are saved in is never broken, not at its
// spaces nor at its separators: where the sentence does not fit the terminal, the path stands
// on a line of its own, to be copied in one go (a line the terminal broke is joined here).
func TestTerminalSavedPathWhole(t *testing.T) {
	for _, tc := range terminalCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			folder := filepath.Join(dir, "Kunden Fälle 2026", "mit einem recht langen Namen")
			if err := os.MkdirAll(folder, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(folder, "fabrikam.json")
			term := openTerminalSized(t, dir, tc.cols, 24, "cspfix diagnose --lang "+tc.lang+" --save "+sanitize.Shell(path)+"; echo $? > exit.txt; sleep 60")
			term.answer(tc.prompts[0], "Enter")
			term.answer(tc.prompts[1], "Enter")
			term.answer(tc.prompts[2], "Enter")
			term.answer(tc.prompts[3], "Fabrikam", "Enter")
			term.waitFor(tc.prompts[4])
			term.keys("C-c")
			if code := term.exitCode(); code != "130" {
				t.Fatalf("exit %s:\n%s", code, term.screen())
			}
			term.waitFor(wrapTextsIn[tc.lang].resumeWith)
			if !slicesContain(term.writtenLines(), path) {
				t.Errorf("the path %s is not whole on a line of its own:\n%s", path, term.screen())
			}
		})
	}
}

// TestTerminalPlainLinesWrapBetweenWords: the plain-line prompts (TERM=dumb, --accessible)
// wrap at the terminal's width between words: the terminal never cuts a word in two.
func TestTerminalPlainLinesWrapBetweenWords(t *testing.T) {
	for _, tc := range terminalCases {
		for _, mode := range []string{"TERM=dumb cspfix diagnose", "cspfix diagnose --accessible"} {
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				term := openTerminalSized(t, t.TempDir(), tc.cols, 24, mode+" --lang "+tc.lang+"; echo $? > exit.txt; sleep 60")
				term.answerLine(tc.prompts[0], "Enter")
				term.answerLine(tc.prompts[1], "Enter")
				term.answerLine(tc.prompts[2], "Enter")
				term.answerLine(tc.prompts[3], "Contoso GmbH", "Enter")
				term.answerLine(tc.prompts[4], "contoso.com", "Enter")
				term.answerLine(tc.prompts[5], "Enter")
				term.waitFor(backTextsIn[tc.lang].partnerID)
				term.keys("C-c")
				if code := term.exitCode(); code != "130" {
					t.Fatalf("exit %s:\n%s", code, term.screen())
				}
				for _, line := range term.writtenLines() {
					if len([]rune(line)) > tc.cols && !strings.HasSuffix(line, ".json") {
						t.Errorf("a line wider than the terminal, broken by it: %q", line)
					}
				}
			})
		}
	}
}
