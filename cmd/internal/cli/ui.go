package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// helpWidth is the width of help texts: 80 columns, or a narrower terminal's.
const helpWidth = 80

// usageFunc writes a command's usage with its words from tr, as cobra's usage template would
// with them, wrapped at width: in Go, since executing a template took more of a run of
// `cspfix --help` than everything else cspfix does (README "Performance").
func usageFunc(tr scenarios.Texts, width int) func(*cobra.Command) error {
	return func(c *cobra.Command) error {
		var b strings.Builder
		b.WriteString(tr.T(txt.CLIUsageHeading) + ":")
		if c.Runnable() && !c.HasAvailableSubCommands() {
			b.WriteString("\n  " + c.UseLine())
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n  " + c.CommandPath() + " [" + tr.T(txt.CLIUsageCommand) + "]")
		}
		if c.HasExample() {
			b.WriteString("\n\n" + tr.T(txt.CLIUsageExamples) + ":\n" + wrapExamples(c.Example, width))
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n\n" + tr.T(txt.CLIUsageCommands) + ":")
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() || sub.Name() == "help" {
					name := fmt.Sprintf("  %-*s ", sub.NamePadding(), sub.Name())
					b.WriteString("\n" + strings.TrimSuffix(render.Wrap(name, strings.Repeat(" ", len(name)), sub.Short, width), "\n"))
				}
			}
		}
		if c.HasAvailableLocalFlags() {
			b.WriteString("\n\n" + tr.T(txt.CLIUsageFlags) + ":\n" + strings.TrimRightFunc(c.LocalFlags().FlagUsagesWrapped(width), unicode.IsSpace))
		}
		if c.HasAvailableInheritedFlags() {
			b.WriteString("\n\n" + tr.T(txt.CLIUsageGlobalFlags) + ":\n" + strings.TrimRightFunc(c.InheritedFlags().FlagUsagesWrapped(width), unicode.IsSpace))
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n\n" + strings.TrimSuffix(render.Wrap("", "", tr.T(txt.CLIUsageMore, "cmd", c.CommandPath()), width), "\n"))
		}
		b.WriteString("\n")
		_, err := io.WriteString(c.OutOrStderr(), b.String())
		return err
	}
}

// helpFunc writes a command's help: its description, wrapped at width, and its usage.
func helpFunc(width int) func(*cobra.Command, []string) {
	return func(c *cobra.Command, _ []string) {
		text := c.Long
		if text == "" {
			text = c.Short
		}
		if text = strings.TrimRightFunc(text, unicode.IsSpace); text != "" {
			fmt.Fprintln(c.OutOrStdout(), wrapParagraphs(text, width))
			fmt.Fprintln(c.OutOrStdout())
		}
		if c.Runnable() || c.HasSubCommands() {
			fmt.Fprint(c.OutOrStdout(), c.UsageString())
		}
	}
}

// wrapParagraphs fills the paragraphs of a help text to width: a paragraph whose lines start
// at the margin is prose and is filled anew; an indented one (a list, commands) keeps its lines,
// each wrapped under its own indent.
func wrapParagraphs(text string, width int) string {
	paras := strings.Split(text, "\n\n")
	for i, para := range paras {
		lines := strings.Split(para, "\n")
		prose := true
		for _, line := range lines {
			prose = prose && !strings.HasPrefix(line, " ")
		}
		if prose {
			paras[i] = strings.TrimSuffix(render.Wrap("", "", strings.Join(lines, " "), width), "\n")
			continue
		}
		for j, line := range lines {
			if len([]rune(line)) > width {
				indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
				lines[j] = strings.TrimSuffix(render.Wrap(indent, indent+"  ", line, width), "\n")
			}
		}
		paras[i] = strings.Join(lines, "\n")
	}
	return strings.Join(paras, "\n\n")
}

// wrapExamples breaks an example command wider than width between its words, with a shell's
// line continuation, so that a copy of it still runs.
func wrapExamples(examples string, width int) string {
	lines := strings.Split(examples, "\n")
	for i, line := range lines {
		if len([]rune(line)) > width && !strings.Contains(line, "#") {
			indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
			lines[i] = continuedLines(strings.Fields(line), indent, width, ` \`)
		}
	}
	return strings.Join(lines, "\n")
}

// completionShellHelp is the help of the completion command of a shell: cobra makes one for
// bash, fish, PowerShell and zsh (TestCompletionHelpTranslated holds every one to a text).
func completionShellHelp(shell string, tr scenarios.Texts) string {
	var k txt.Key
	switch shell {
	case "bash":
		k = txt.CLICompletionShellsBash
	case "fish":
		k = txt.CLICompletionShellsFish
	case "powershell":
		k = txt.CLICompletionShellsPowershell
	case "zsh":
		k = txt.CLICompletionShellsZsh
	default:
		return "" // the help shows the summary
	}
	return tr.T(k)
}
