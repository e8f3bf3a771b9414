package cli

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"
)

// TestREADMEConsoleExamples runs every `$ cspfix …` line of the README's console blocks with the
// real clock, as a reader would on any day, and compares its output with the lines the README
// shows, up to a line "…" where the README leaves the rest out.
func TestREADMEConsoleExamples(t *testing.T) {
	f, err := os.Open("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type example struct {
		args []string
		want []string
	}
	var examples []example
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "```console":
			in = true
		case line == "```":
			in = false
		case in && strings.HasPrefix(line, "$ cspfix "):
			examples = append(examples, example{args: splitWords(strings.TrimPrefix(line, "$ cspfix "))})
		case in && len(examples) > 0:
			examples[len(examples)-1].want = append(examples[len(examples)-1].want, line)
		}
	}
	if len(examples) < 2 {
		t.Fatalf("found %d console examples in the README", len(examples))
	}
	for _, ex := range examples {
		t.Run(strings.Join(ex.args, " "), func(t *testing.T) {
			e, out, _ := testEnv("", nil)
			e.now = time.Now
			args := make([]string, len(ex.args))
			for i, a := range ex.args {
				if strings.HasPrefix(a, "examples/") { // the README runs in the repository's root
					a = "../../../" + a
				}
				args[i] = a
			}
			run(e, args)
			got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			for i, want := range ex.want {
				if strings.TrimSpace(want) == "…" {
					return
				}
				if i >= len(got) || got[i] != want {
					t.Fatalf("line %d: the README shows\n%q\nbut cspfix prints\n%q", i+1, want, strings.Join(got, "\n"))
				}
			}
			if len(got) != len(ex.want) {
				t.Errorf("cspfix prints %d lines, the README shows %d", len(got), len(ex.want))
			}
		})
	}
}

// splitWords splits a command line as a shell does for the README's examples: at spaces, with
// double quotes around a word that holds any.
func splitWords(line string) []string {
	var words []string
	var word strings.Builder
	quoted, started := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, started = !quoted, true
		case r == ' ' && !quoted:
			if started {
				words = append(words, word.String())
				word.Reset()
				started = false
			}
		default:
			word.WriteRune(r)
			started = true
		}
	}
	if started {
		words = append(words, word.String())
	}
	return words
}
