package main

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios"
)

type text = scenarios.Key

// ui names the command line's own texts; the texts themselves are in the catalog
// (scenarios/data/texts/cli.json), each under "cli." and the field's name in snake case.
type uiKeys struct {
	Error, Hint, SeeHelp, InternalError, InternalErrorHint                                                             scenarios.Key
	UnknownCommand, DidYouMean, TooManyArgs, MissingArg, UsageIs, ReadWithAnswers                                      scenarios.Key
	UnknownFlag, FlagNeedsValue, BadFlagValue, BadFlagSyntax                                                           scenarios.Key
	RootShort, RootLong, LangFlag, OutputFlag, Options, CommandArg, VersionFlag, VersionShort                          scenarios.Key
	DiagnoseShort, DiagnoseLong, DiagnoseExample, AnswersFlag, NowFlag                                                 scenarios.Key
	NoInput, NoInputHint, EmptyInput, EmptyInputHint, InvalidRecords                                                   scenarios.Key
	CannotRead, CannotReadHint, BadNow, BadNowHint, TzFlag, BadTz, BadTzHint, TemplateFlag, BadTemplate                scenarios.Key
	FileNotFound, FileNoPermission, FileIsDirectory                                                                    scenarios.Key
	ScenariosShort, ScenariosLong, UnknownScenario                                                                     scenarios.Key
	BadOutput, BadLang                                                                                                 scenarios.Key
	UsageHeading, UsageCommand, UsageExamples, UsageCommands, UsageFlags, UsageGlobalFlags, UsageMore                  scenarios.Key
	HelpFlag, HelpShort, UnknownHelpTopic                                                                              scenarios.Key
	TenantShort, CheckShort, CheckLong, CheckExample, ConfirmedFlag                                                    scenarios.Key
	ResolveShort, ResolveLong, OnlineFlag                                                                              scenarios.Key
	NoTenantHint, LookupHint, BadAuthority                                                                             scenarios.Key
	TicketShort, TicketLong, TicketExample, TicketLangFlag, StrictFlag, OutFlag, CopyFlag                              scenarios.Key
	TicketIncomplete, TicketIncompleteHint, TicketWritten, Copied, CopyUnreachable, ImpactFlag                         scenarios.Key
	OutDirFlag, OutDirAlone, OutDirHint, NotDirectory, WroteFiles                                                      scenarios.Key
	MessageShort, MessageLong, MessageExample, KindFlag, CustomerLangFlag, InvitationFlag, ToFlag                      scenarios.Key
	MessageOutFlag, MessageCopyFlag, BadKind, BadInvitation, BadInvitationHint, ToNeedsEml                             scenarios.Key
	BadTo, BadToHint, MessageSkipped, OneDraft, OneDraftHint                                                           scenarios.Key
	CannotWrite                                                                                                        scenarios.Key
	SaveFlag, ResumeFlag, AccessibleFlag, Interrupted, CaseSaved, ResumeWith                                           scenarios.Key
	AnswersEnded, StoppedUnchanged, EndedUnchanged, StoppedNothingSaved, NoAnswers, NoAnswersHint                      scenarios.Key
	NoStateDir, NoStateDirHint, ResumeOrAnswers, ResumeNeedsPrompts, NoPromptHint                                      scenarios.Key
	PipedAnswersHint, SaveOnlyInteractive, ExcelFlag, SummaryFlag, ExcelNeedsCsv, SummaryNotCsv, BadHeader, HeaderHint scenarios.Key
	CannotResume, CannotSave, NotRegular, NotRegularHint                                                               scenarios.Key
	KindSymlink, KindPipe, KindDirectory, KindDevice, KindOther                                                        scenarios.Key
	HoldsOtherCase, HoldsSeveral, HoldsNoCase, HoldsInvalidCase                                                        scenarios.Key
	OtherCaseHint, SeveralHint, InvalidCaseHint, OutIsInput, CheckPath                                                 scenarios.Key
	CannotWriteOutput, CannotWriteOutputHint, NoSpace, StoppedBatch                                                    scenarios.Key
	ChooseNumber, ChooseAny, BadNumber, KeysInput, KeysChoice, KeysBack, KeysYesNo, Answer, AnswerKeeps, BackWord      scenarios.Key
	CompletionShort, CompletionLong, CompletionShellShort                                                              scenarios.Key
	NoDescriptions                                                                                                     scenarios.Key
	SchemaShort, SchemaLong                                                                                            scenarios.Key
	ChecklistShort, ChecklistLong                                                                                      scenarios.Key
	ConfigFlag, ConfigShort, ConfigLong, ConfigExample, ConfigKeyArg, ConfigKeyValueArgs                               scenarios.Key
	ConfigSetShort, ConfigGetShort, ConfigUnsetShort, ConfigListShort, ConfigPathShort                                 scenarios.Key
	ConfigUnknownKey, ConfigHint, ConfigFileBroken, ConfigFileHint, ConfigNoPlace, ConfigNoPlaceHint                   scenarios.Key
	FromSettings, ConfigSetDone, ConfigUnsetDone                                                                       scenarios.Key
	CasesShort, CasesLong, CasesExample, CasesDirFlag, CasesDueFlag, CasesRmShort, CaseIDs, CasesShowShort             scenarios.Key
	CasesSkipped, NoSuchCase, CasesListHint, CannotRemove, CaseRemoved                                                 scenarios.Key
}

var ui = func() (keys uiKeys) {
	scenarios.Bind(&keys, "cli")
	return keys
}()

// helpWidth is the width of help texts: 80 columns, or a narrower terminal's.
const helpWidth = 80

// usageFunc writes a command's usage with its words in lang, as cobra's usage template would
// with them, wrapped at width: in Go, since executing a template took more of a run of
// `cspfix --help` than everything else cspfix does (README "Performance").
func usageFunc(lang scenarios.Lang, width int) func(*cobra.Command) error {
	return func(c *cobra.Command) error {
		var b strings.Builder
		b.WriteString(ui.UsageHeading.In(lang) + ":")
		if c.Runnable() && !c.HasAvailableSubCommands() {
			b.WriteString("\n  " + c.UseLine())
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n  " + c.CommandPath() + " [" + ui.UsageCommand.In(lang) + "]")
		}
		if c.HasExample() {
			b.WriteString("\n\n" + ui.UsageExamples.In(lang) + ":\n" + wrapExamples(c.Example, width))
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n\n" + ui.UsageCommands.In(lang) + ":")
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() || sub.Name() == "help" {
					name := fmt.Sprintf("  %-*s ", sub.NamePadding(), sub.Name())
					b.WriteString("\n" + strings.TrimSuffix(render.Wrap(name, strings.Repeat(" ", len(name)), sub.Short, width), "\n"))
				}
			}
		}
		if c.HasAvailableLocalFlags() {
			b.WriteString("\n\n" + ui.UsageFlags.In(lang) + ":\n" + strings.TrimRightFunc(c.LocalFlags().FlagUsagesWrapped(width), unicode.IsSpace))
		}
		if c.HasAvailableInheritedFlags() {
			b.WriteString("\n\n" + ui.UsageGlobalFlags.In(lang) + ":\n" + strings.TrimRightFunc(c.InheritedFlags().FlagUsagesWrapped(width), unicode.IsSpace))
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n\n" + strings.TrimSuffix(render.Wrap("", "", ui.UsageMore.In(lang, "cmd", c.CommandPath()), width), "\n"))
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

// completionShellHelp is the help of the completion command of a shell.
func completionShellHelp(shell string, lang scenarios.Lang) string {
	return scenarios.Key("cli.completion_shells." + shell).In(lang)
}
