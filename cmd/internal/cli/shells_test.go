package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestCompletionInBash is the real-shell smoke test of completion (the values themselves are
// tested through cobra's __complete command in testdata/script/completion.txtar): Tab in bash,
// with the script of "cspfix completion bash" loaded, reaches cspfix and fills the line. It never
// types ahead of the shell: it waits for the shell's prompt, for each completion, and after
// clearing the line, for the shell to run a command whose output it does not type (an
// arithmetic expansion), so that the next keys meet a shell that is ready.
func TestCompletionInBash(t *testing.T) {
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	requireTool(t, "bash")
	if _, err := os.Stat(bashCompletion); err != nil {
		requireTool(t, "bash-completion") // never on PATH: skips, or fails in CI
	}
	dir := t.TempDir()
	files := map[string]string{
		".bashrc":   "PS1='$ '\nsource " + bashCompletion + "\nsource <(cspfix completion bash)\necho ready-$((6*7))\n",
		"case.json": "{}",
		"notes.txt": "",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	term := openTerminal(t, dir, "HOME=$PWD exec bash --noprofile --rcfile .bashrc -i")
	term.waitFor("ready-42") // the completion script is loaded
	step := 0
	ready := func() {
		t.Helper()
		step++
		term.keys("C-u", "echo done-$((1000+"+strconv.Itoa(step)+"))", "Enter")
		term.waitFor("done-" + strconv.Itoa(1000+step))
	}
	ready()

	term.keys("cspfix scenarios ", "Tab", "Tab")
	term.waitFor("Wrong or mistyped tenant ID") // scenario C's title beside its ID
	term.waitFor("Replication delay after a recent change")
	ready()

	term.keys("cspfix ticket --ticket-lang d", "Tab")
	term.waitFor("--ticket-lang de")
	ready()

	term.keys("cspfix diagnose --answers ", "Tab")
	term.waitFor("--answers case.json") // the only .json file: notes.txt is not offered
	ready()
}
