package cli

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

func TestDetectLang(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		vars       map[string]string
		configured string // the settings' lang
		want       scenarios.Lang
	}{
		{"default", nil, nil, "", scenarios.EN},
		{"flag", []string{"diagnose", "--lang", "de"}, nil, "", scenarios.DE},
		{"flag with =", []string{"--lang=de"}, map[string]string{"CSPFIX_LANG": "en"}, "", scenarios.DE},
		{"flag beats env", []string{"--lang", "en"}, map[string]string{"CSPFIX_LANG": "de"}, "", scenarios.EN},
		{"after -- it is an argument", []string{"--", "--lang", "de"}, nil, "", scenarios.EN},
		{"CSPFIX_LANG beats the locale", nil, map[string]string{"CSPFIX_LANG": "de", "LANG": "en_US.UTF-8"}, "", scenarios.DE},
		{"invalid CSPFIX_LANG falls through", nil, map[string]string{"CSPFIX_LANG": "xx", "LANG": "de_DE.UTF-8"}, "", scenarios.DE},
		{"LC_ALL beats LANG", nil, map[string]string{"LC_ALL": "de_CH.UTF-8", "LANG": "en_US.UTF-8"}, "", scenarios.DE},
		{"LC_ALL=C means English", nil, map[string]string{"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, "", scenarios.EN},
		{"LC_MESSAGES", nil, map[string]string{"LC_MESSAGES": "de_DE", "LANG": "en_US"}, "", scenarios.DE},
		{"LANG", nil, map[string]string{"LANG": "de_DE.UTF-8"}, "", scenarios.DE},
		{"the settings beat the locale", nil, map[string]string{"LANG": "en_US.UTF-8"}, "de", scenarios.DE},
		{"CSPFIX_LANG beats the settings", nil, map[string]string{"CSPFIX_LANG": "en"}, "de", scenarios.EN},
		{"--lang beats the settings", []string{"--lang", "en"}, nil, "de", scenarios.EN},
		{"LANGUAGE: its first entry", nil, map[string]string{"LANGUAGE": "de:en", "LANG": "en_US.UTF-8"}, "", scenarios.DE},
		{"LANGUAGE in a language cspfix lacks falls through", nil, map[string]string{"LANGUAGE": "fr:de", "LANG": "de_DE.UTF-8"}, "", scenarios.DE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectLang(tt.args, func(k string) string { return tt.vars[k] }, tt.configured, nil); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestColorDecision(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		vars     map[string]string
		want     bool
	}{
		{"terminal", true, nil, true},
		{"pipe", false, nil, false},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, false},
		{"TERM=dumb", true, map[string]string{"TERM": "dumb"}, false},
		{"CLICOLOR_FORCE on a pipe", false, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{"CLICOLOR_FORCE=0", false, map[string]string{"CLICOLOR_FORCE": "0"}, false},
		{"NO_COLOR beats CLICOLOR_FORCE", true, map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, false},
		{"CLICOLOR=0", true, map[string]string{"CLICOLOR": "0"}, false},
		{"CLICOLOR=1 on a pipe", false, map[string]string{"CLICOLOR": "1"}, false},
		{"CLICOLOR_FORCE beats CLICOLOR=0", false, map[string]string{"CLICOLOR": "0", "CLICOLOR_FORCE": "1"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, _ := testEnv("", tt.vars)
			e.stdoutTerminal = tt.terminal
			styled := e.theme().Heading
			if got := styled != nil && strings.Contains(styled("x"), "\x1b["); got != tt.want {
				t.Errorf("heading coloured = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestTheStyles: each style of a coloured stream starts its SGR sequence and ends it again, so
// that nothing after a styled word is bold or coloured.
func TestTheStyles(t *testing.T) {
	e, _, _ := testEnv("", map[string]string{"CLICOLOR_FORCE": "1"})
	th := e.theme()
	for _, tt := range []struct {
		name  string
		style func(string) string
		want  string
	}{
		{"heading", th.Heading, "\x1b[1mx\x1b[22m"},
		{"strong", th.Strong, "\x1b[1;36mx\x1b[0m"},
		{"dim", th.Dim, "\x1b[2mx\x1b[22m"},
		{"warn", th.Warn, "\x1b[33mx\x1b[39m"},
		{"bad", th.Bad, "\x1b[1;31mx\x1b[0m"},
	} {
		if tt.style == nil || tt.style("x") != tt.want {
			t.Errorf("%s: want %q", tt.name, tt.want)
		}
	}
}

// TestColourOnlyOnATerminal runs diagnose as if stdout were a terminal: the verdict is coloured.
func TestColourOnlyOnATerminal(t *testing.T) {
	for _, terminal := range []bool{true, false} {
		e, out, _ := testEnv(`{"answers":{"other_csp":"yes"}}`, nil)
		e.stdoutTerminal = terminal
		if code := run(e, []string{"diagnose"}); code != exitOK {
			t.Fatalf("exit %d", code)
		}
		if got := strings.Contains(out.String(), "\x1b["); got != terminal {
			t.Errorf("terminal=%v: colour=%v\n%s", terminal, got, out)
		}
	}
}

// TestCompletionHelpTranslated: every shell's completion command that cobra makes has its help
// in each language (completionShellHelp names the shells one by one).
func TestCompletionHelpTranslated(t *testing.T) {
	for _, lang := range []scenarios.Lang{scenarios.EN, scenarios.DE} {
		e, _, _ := testEnv("", nil)
		root := newRootCmd(e, lang, settings{cfg: &config.Config{}})
		completion, _, err := root.Find([]string{"completion"})
		if err != nil || len(completion.Commands()) < 4 {
			t.Fatalf("%s: completion commands: %v", lang, err)
		}
		for _, shell := range completion.Commands() {
			if shell.Long == "" || shell.Long == shell.Short {
				t.Errorf("%s: no help for %s completion", lang, shell.Name())
			}
		}
	}
}

// TestGermanHelpHasNoEnglishLeft walks every command: its German help carries none of cobra's
// English words.
func TestGermanHelpHasNoEnglishLeft(t *testing.T) {
	e, _, _ := testEnv("", nil)
	root := newRootCmd(e, scenarios.DE, settings{cfg: &config.Config{}})
	root.InitDefaultHelpCmd() // Execute adds it; the walk should see it too
	eachCommand(root, func(c *cobra.Command) {
		args := append(strings.Fields(c.CommandPath())[1:], "--help", "--lang", "de")
		e, out, _ := testEnv("", nil)
		if code := run(e, args); code != exitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
		for _, english := range []string{"[flags]", "Usage:", "Flags:", "Available Commands", "help for"} {
			if strings.Contains(out.String(), english) {
				t.Errorf("%s --help --lang de says %q:\n%s", c.CommandPath(), english, out)
			}
		}
	})
}

// TestGermanUsageErrors walks every command with arguments and a flag it does not take: the
// error and hint are German, and none of cobra's or pflag's English is left.
func TestGermanUsageErrors(t *testing.T) {
	e, _, _ := testEnv("", nil)
	eachCommand(newRootCmd(e, scenarios.DE, settings{cfg: &config.Config{}}), func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		path := strings.Fields(c.CommandPath())[1:]
		for _, extra := range [][]string{{"a", "b", "c"}, {"--zzz"}} {
			args := append(append([]string{"--lang", "de"}, path...), extra...)
			e, out, errOut := testEnv("", nil)
			if code := run(e, args); code != exitUsage {
				t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
			}
			msg := errOut.String()
			if out.Len() != 0 || !strings.HasPrefix(msg, "Fehler: ") || !strings.Contains(msg, "\nHinweis: ") {
				t.Errorf("%v: stdout %q, stderr %q", args, out, msg)
			}
			for _, english := range []string{"unknown", "accepts", "flag", "needs an argument", "Did you mean", "usage"} {
				if strings.Contains(msg, english) {
					t.Errorf("%v says %q: %q", args, english, msg)
				}
			}
		}
	})
}

// TestNoInputOnATerminal: with prompts forbidden and nothing piped there is nothing to read; the
// hint shows how to give the command a case.
func TestNoInputOnATerminal(t *testing.T) {
	for _, command := range []string{"diagnose", "ticket"} {
		e, out, errOut := testEnv("", map[string]string{"CSPFIX_NO_PROMPT": "1"})
		e.stdinTerminal = true
		if code := run(e, []string{command}); code != exitUsage {
			t.Fatalf("%s: exit %d, want %d", command, code, exitUsage)
		}
		want := "error: no case given\nhint: pass the case file with --answers: cspfix " + command + " --answers case.json (or pipe it in)\n"
		if out.Len() != 0 || errOut.String() != want {
			t.Errorf("%s: stdout %q, stderr %q", command, out, errOut)
		}
	}
}

func TestPanicBecomesExitOne(t *testing.T) {
	e, _, errOut := testEnv("", nil)
	e.getenv = func(string) string { panic("boom") }
	if code := run(e, []string{"scenarios"}); code != exitFailure {
		t.Fatalf("exit %d, want %d", code, exitFailure)
	}
	if !strings.Contains(errOut.String(), "internal error: boom") || strings.Contains(errOut.String(), "goroutine") {
		t.Errorf("stderr: %q", errOut)
	}
}

// TestCompletion checks the values the shells complete and that every shell gets a script.
func TestCompletion(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "--lang", ""}, []string{"de", "en", ":4"}},
		{[]string{"__complete", "ticket", "--ticket-lang", ""}, []string{"de", "en"}},
		{[]string{"__complete", "diagnose", "-o", ""}, []string{"text", "json", "markdown"}},
		{[]string{"__complete", "tenant", "check", "-o", ""}, []string{"text", "json"}},
		{[]string{"__complete", "scenarios", ""}, []string{"A", "B", "C\tWrong or mistyped tenant ID, or the wrong tenant accepted", "D", "E"}},
		{[]string{"__complete", "--lang", "de", "scenarios", ""}, []string{"C\tFalsche oder vertippte Tenant-ID, oder der falsche Tenant hat angenommen"}},
		{[]string{"__complete", "help", ""}, []string{"ticket\tWrite the support ticket that partner support needs", "tenant", ":4"}},
		{[]string{"__complete", "help", "tenant", ""}, []string{"check", "resolve"}},
		{[]string{"__complete", "diagnose", "--now", ""}, []string{"2026-11-20T12:00:00+01:00"}},
		{[]string{"__complete", "diagnose", "--answers", ""}, []string{"json", "jsonl", ":8"}}, // 8: filter by extension
		{[]string{"__complete", "diagnose", "--resume", ""}, []string{"json", ":8"}},
		{[]string{"__complete", ""}, []string{"diagnose", "scenarios", "tenant", "ticket", "completion"}},
	}
	for _, tt := range tests {
		e, out, _ := testEnv("", nil)
		if code := run(e, tt.args); code != exitOK {
			t.Fatalf("%v: exit %d", tt.args, code)
		}
		for _, w := range tt.want {
			if !strings.Contains(out.String(), w+"\n") && !strings.Contains(out.String(), w+"\t") {
				t.Errorf("%v: completion lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
	e, out, errOut := testEnv("", nil)
	if code := run(e, []string{"completion", "tcsh"}); code != exitUsage || out.Len() != 0 || !strings.Contains(errOut.String(), `unknown command "tcsh"`) {
		t.Errorf("completion tcsh: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		e, out, _ := testEnv("", nil)
		if code := run(e, []string{"completion", shell}); code != exitOK || !strings.Contains(out.String(), "cspfix") || out.Len() < 1000 {
			t.Errorf("%s: exit %d, %d bytes", shell, code, out.Len())
		}
	}
}

// TestCompletionOffersFilesOnlyForFiles walks the whole command tree: shells offer file names
// for the flags that take a file and nowhere else (cobra's fallback for anything without a
// completion of its own is files: wrong for IDs, domains, times and commands without arguments).
func TestCompletionOffersFilesOnlyForFiles(t *testing.T) {
	fileFlags := map[string]bool{"answers": true, "resume": true, "save": true, "out": true, "out-dir": true, "config": true, "dir": true}
	offersFiles := func(args ...string) bool {
		e, out, _ := testEnv("", nil)
		if code := run(e, append([]string{"__complete"}, args...)); code != exitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		directive, err := strconv.Atoi(strings.TrimPrefix(lines[len(lines)-1], ":"))
		if err != nil {
			t.Fatalf("%v: no directive in %q", args, out)
		}
		return cobra.ShellCompDirective(directive)&cobra.ShellCompDirectiveNoFileComp == 0
	}
	e, _, _ := testEnv("", nil)
	seen := map[string]bool{}
	eachCommand(newRootCmd(e, scenarios.EN, settings{cfg: &config.Config{}}), func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		if offersFiles(append(path, "")...) {
			t.Errorf("%q offers file names as arguments", c.CommandPath())
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() == "bool" {
				return
			}
			seen[f.Name] = true
			if got := offersFiles(append(path, "--"+f.Name, "")...); got != fileFlags[f.Name] {
				t.Errorf("%s --%s: offers files = %v, want %v", c.CommandPath(), f.Name, got, fileFlags[f.Name])
			}
		})
	})
	for _, name := range []string{"answers", "out", "now", "confirmed", "lang", "output"} {
		if !seen[name] {
			t.Errorf("the walk never reached --%s", name)
		}
	}
}

func TestSchemaCommand(t *testing.T) {
	e, out, _ := testEnv("", nil)
	if code := run(e, []string{"schema"}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !bytes.Equal(out.Bytes(), testmodel.Embedded().Schema(scenarios.EN)) || !bytes.Contains(out.Bytes(), []byte(`"additionalProperties": false`)) {
		t.Errorf("schema output: %.200s", out)
	}
	e, out, _ = testEnv("", nil)
	if code := run(e, []string{"schema", "--lang", "de"}); code != exitOK || !bytes.Contains(out.Bytes(), []byte("Mandanten-ID")) {
		t.Errorf("exit %d, German schema: %.300s", code, out)
	}
}

// TestOnlyNamedCommandsAreMade: a run makes in full only the commands its command line names
// (README "Performance"); the others stand in with their name and description, and what a
// person or a shell sees of them (cspfix's help, the list of commands to complete, the
// suggestion for a mistyped command) is what the full commands give.
func TestOnlyNamedCommandsAreMade(t *testing.T) {
	for _, lang := range scenarios.Langs {
		e, _, _ := testEnv("", nil)
		g := &globalOptions{lang: lang, catalog: e.catalog}
		full := newRootCmd(e, lang, settings{cfg: &config.Config{}})
		for _, c := range commands {
			made, _, err := full.Find([]string{c.name})
			if err != nil || made.Name() != c.name {
				t.Fatalf("%s: command %q is made as %q (%v)", lang, c.name, made.Name(), err)
			}
			if want := c.make(e, g).Short; want != "" {
				t.Errorf("%s: newCmd for %s sets a description of its own (%q): the table of commands has it", lang, c.name, want)
			}
		}
		for _, args := range [][]string{{"--help"}, {"__complete", ""}, {"__complete", "help", ""}, {"diagnoes"}, {}} {
			var outputs [2]string
			for i, named := range []func(string) bool{func(string) bool { return true }, namedIn(args)} {
				e, out, errOut := testEnv("", nil)
				root := newRootCmdFor(e, lang, settings{cfg: &config.Config{}}, named)
				root.SetArgs(append([]string{"--lang", string(lang)}, args...))
				err := root.Execute()
				outputs[i] = fmt.Sprint(out, errOut, err)
			}
			if outputs[0] != outputs[1] {
				t.Errorf("%s %q: with all commands made:\n%s\nwith the named ones:\n%s", lang, args, outputs[0], outputs[1])
			}
		}
	}
	e, _, _ := testEnv("", nil)
	root := newRootCmdFor(e, scenarios.EN, settings{cfg: &config.Config{}}, namedIn([]string{"scenarios", "--help"}))
	for name, wantFlags := range map[string]bool{"scenarios": true, "diagnose": false, "ticket": false} {
		c, _, _ := root.Find([]string{name})
		if got := c.HasAvailableLocalFlags(); got != wantFlags {
			t.Errorf("cspfix scenarios --help: %s made in full: %v, want %v", name, got, wantFlags)
		}
	}
}
