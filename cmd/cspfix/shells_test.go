package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCompletionInShells presses Tab in real bash, zsh and fish, each loading the script of
// "cspfix completion SHELL": the values cspfix registers must reach the prompt.
func TestCompletionInShells(t *testing.T) {
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	shells := []struct {
		name, rcFile, rc, command string
		list                      []string // the keys that list the choices
		answers                   string   // the screen after "--answers " and Tab
	}{
		{"bash", ".bashrc", "PS1='$ '\nsource " + bashCompletion + "\nsource <(cspfix completion bash)\n",
			"HOME=$PWD exec bash --noprofile --rcfile .bashrc -i", []string{"Tab", "Tab"}, "--answers case.json"},
		{"zsh", ".zshrc", "PS1='%% '\nautoload -U compinit && compinit -u\nsource <(cspfix completion zsh)\n",
			"HOME=$PWD ZDOTDIR=$PWD exec zsh -i", []string{"Tab"}, "--answers case.json"},
		// cobra's fish script cannot filter by extension: fish lists every file.
		{"fish", "config.fish", "function fish_prompt; echo '> '; end\ncspfix completion fish | source\n",
			"HOME=$PWD exec fish --no-config -C 'source config.fish'", []string{"Tab"}, "notes.txt"},
	}
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			requireTool(t, sh.name)
			if sh.name == "bash" {
				if _, err := os.Stat(bashCompletion); err != nil {
					requireTool(t, "bash-completion") // never on PATH: skips, or fails in CI
				}
			}
			dir := t.TempDir()
			for name, content := range map[string]string{sh.rcFile: sh.rc, "case.json": "{}", "notes.txt": ""} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			term := openTerminal(t, dir, sh.command)

			term.keys(append([]string{"cspfix scenarios "}, sh.list...)...)
			term.waitFor("Wrong, mistyped or outdated tenant ID") // scenario C's title beside its ID
			term.waitFor("Replication delay after a recent change")
			// The line is cleared with C-u, not C-c: a signal is not ordered with the keys typed
			// after it (bash may still be in the completion, or the terminal drop what follows),
			// and on a busy machine the next command was lost.
			term.keys("C-u")

			term.keys("cspfix ticket --ticket-lang d", "Tab")
			term.waitFor("--ticket-lang de")
			term.keys("C-u")

			term.keys("cspfix diagnose --answers ", "Tab")
			term.waitFor(sh.answers)
		})
	}
}
