package main

import (
	"github.com/cspfix/cspfix/scenarios"
)

type text = scenarios.Key

// ui names the command line's own texts; the texts themselves are in the catalog
// (scenarios/data/texts/cli.json), each under "cli." and the field's name in snake case.
type uiKeys struct {
	Error, Hint, SeeHelp, InternalError, InternalErrorHint                                                        scenarios.Key
	UnknownCommand, DidYouMean, TooManyArgs, MissingArg, UsageIs, ReadWithAnswers                                 scenarios.Key
	UnknownFlag, FlagNeedsValue, BadFlagValue, BadFlagSyntax                                                      scenarios.Key
	RootShort, RootLong, LangFlag, OutputFlag, Options, CommandArg, VersionFlag, VersionShort                     scenarios.Key
	DiagnoseShort, DiagnoseLong, DiagnoseExample, AnswersFlag, NowFlag                                            scenarios.Key
	NoInput, NoInputHint, EmptyInput, EmptyInputHint, InvalidRecords                                              scenarios.Key
	CannotRead, CannotReadHint, BadNow, BadNowHint, TzFlag, BadTz, BadTzHint, TemplateFlag, BadTemplate           scenarios.Key
	FileNotFound, FileNoPermission, FileIsDirectory                                                               scenarios.Key
	ScenariosShort, ScenariosLong, UnknownScenario                                                                scenarios.Key
	BadOutput, BadLang                                                                                            scenarios.Key
	UsageHeading, UsageCommand, UsageExamples, UsageCommands, UsageFlags, UsageGlobalFlags, UsageMore             scenarios.Key
	HelpFlag, HelpShort, UnknownHelpTopic                                                                         scenarios.Key
	TenantShort, CheckShort, CheckLong, CheckExample, ConfirmedFlag                                               scenarios.Key
	ResolveShort, ResolveLong, OnlineFlag                                                                         scenarios.Key
	NoTenantHint, LookupHint, BadAuthority                                                                        scenarios.Key
	TicketShort, TicketLong, TicketExample, TicketLangFlag, StrictFlag, OutFlag, CopyFlag                         scenarios.Key
	TicketIncomplete, TicketIncompleteHint, TicketWritten, Copied, CopyUnreachable, ImpactFlag                    scenarios.Key
	OutDirFlag, OutDirAlone, OutDirHint, NotDirectory, WroteFiles                                                 scenarios.Key
	MessageShort, MessageLong, MessageExample, KindFlag, CustomerLangFlag, InvitationFlag, ToFlag                 scenarios.Key
	MessageOutFlag, MessageCopyFlag, BadKind, BadInvitation, BadInvitationHint, ToNeedsEml                        scenarios.Key
	BadTo, BadToHint, MessageSkipped, OneDraft, OneDraftHint                                                      scenarios.Key
	CannotWrite                                                                                                   scenarios.Key
	SaveFlag, ResumeFlag, AccessibleFlag, Interrupted, CaseSaved, ResumeWith                                      scenarios.Key
	NoStateDir, NoStateDirHint, ResumeOrAnswers, ResumeNeedsPrompts, NoPromptHint                                 scenarios.Key
	SaveOnlyInteractive, ExcelFlag, SummaryFlag, ExcelNeedsCsv, SummaryNotCsv, BadHeader, HeaderHint              scenarios.Key
	CannotResume, CannotSave, NotRegular, NotRegularHint                                                          scenarios.Key
	KindSymlink, KindPipe, KindDirectory, KindDevice, KindOther                                                   scenarios.Key
	HoldsOtherCase, HoldsSeveral, HoldsNoCase, HoldsInvalidCase                                                   scenarios.Key
	OtherCaseHint, SeveralHint, InvalidCaseHint, OutIsInput, CheckPath                                            scenarios.Key
	CannotWriteOutput, CannotWriteOutputHint, NoSpace, StoppedBatch                                               scenarios.Key
	ChooseNumber, ChooseAny, BadNumber, KeysInput, KeysChoice, KeysBack, KeysYesNo, Answer, AnswerKeeps, BackWord scenarios.Key
	CompletionShort, CompletionLong, CompletionShellShort                                                         scenarios.Key
	NoDescriptions                                                                                                scenarios.Key
	SchemaShort, SchemaLong                                                                                       scenarios.Key
	ChecklistShort, ChecklistLong                                                                                 scenarios.Key
	ConfigFlag, ConfigShort, ConfigLong, ConfigExample, ConfigKeyArg, ConfigKeyValueArgs                          scenarios.Key
	ConfigSetShort, ConfigGetShort, ConfigUnsetShort, ConfigListShort, ConfigPathShort                            scenarios.Key
	ConfigUnknownKey, ConfigHint, ConfigFileBroken, ConfigFileHint, ConfigNoPlace, ConfigNoPlaceHint              scenarios.Key
	FromSettings                                                                                                  scenarios.Key
	CasesShort, CasesLong, CasesExample, CasesDirFlag, CasesDueFlag, CasesRmShort, CaseIDs                        scenarios.Key
	CasesSkipped, NoSuchCase, CasesListHint, CannotRemove, CaseRemoved                                            scenarios.Key
}

var ui = func() (keys uiKeys) {
	scenarios.Bind(&keys, "cli")
	return keys
}()

// usageTemplate is cobra's usage template with its words in lang; the {{…}} parts are cobra's
// template actions.
func usageTemplate(lang scenarios.Lang) string {
	return ui.UsageHeading.In(lang) + `:{{if and .Runnable (not .HasAvailableSubCommands)}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [` + ui.UsageCommand.In(lang) + `]{{end}}{{if .HasExample}}

` + ui.UsageExamples.In(lang) + `:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

` + ui.UsageCommands.In(lang) + `:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

` + ui.UsageFlags.In(lang) + `:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

` + ui.UsageGlobalFlags.In(lang) + `:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

` + ui.UsageMore.In(lang) + `{{end}}
`
}

// completionShellHelp is the help of the completion command of a shell.
func completionShellHelp(shell string, lang scenarios.Lang) string {
	return scenarios.Key("cli.completion_shells." + shell).In(lang)
}
