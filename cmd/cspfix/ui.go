package main

import "github.com/cspfix/cspfix/scenarios"

type text = scenarios.Text

// ui holds the command line's own texts in every language; a test checks that each is complete.
var ui = struct {
	Error, Hint, SeeHelp text

	RootShort, RootLong, LangFlag, OutputFlag, Options, VersionFlag text

	DiagnoseShort, DiagnoseLong, DiagnoseExample, AnswersFlag, NowFlag text
	NoInput, NoInputHint, EmptyInput, EmptyInputHint, InvalidRecords   text
	CannotRead, CannotReadHint, BadNow, BadNowHint                     text

	ScenariosShort, ScenariosLong, UnknownScenario, Steps text

	BadOutput, BadLang text

	Usage, HelpFlag, HelpShort, UnknownHelpTopic text
}{
	Error:   text{EN: "error", DE: "Fehler"},
	Hint:    text{EN: "hint", DE: "Hinweis"},
	SeeHelp: text{EN: "run '{cmd} --help' for usage", DE: "'{cmd} --help' zeigt die Verwendung"},

	RootShort: text{
		EN: "Diagnose \"Partner relation does not work because it is already existing\"",
		DE: "Diagnose für „Partner relation does not work because it is already existing“"},
	RootLong: text{
		EN: "cspfix helps CSP indirect resellers with the Partner Center error \"Partner relation does not\n" +
			"work because it is already existing\". It names the most likely cause (scenarios A–E) with its\n" +
			"evidence and the steps that fix it, for one case or for a batch of case files.",
		DE: "cspfix hilft indirekten CSP-Resellern beim Partner-Center-Fehler „Partner relation does not\n" +
			"work because it is already existing“. Es nennt die wahrscheinlichste Ursache (Szenarien A–E)\n" +
			"mit den Hinweisen darauf und den Schritten zur Behebung, für einen Fall oder viele Falldateien."},
	LangFlag:    text{EN: "write the texts in `de|en`", DE: "Texte in `de|en` schreiben"},
	OutputFlag:  text{EN: "output `FORMAT`: {formats}", DE: "Ausgabe als `FORMAT`: {formats}"},
	Options:     text{EN: "[options]", DE: "[Optionen]"},
	VersionFlag: text{EN: "print the version", DE: "Version ausgeben"},

	DiagnoseShort: text{
		EN: "Find the most likely cause for one or many cases",
		DE: "Die wahrscheinlichste Ursache für einen oder viele Fälle finden"},
	DiagnoseLong: text{
		EN: "Reads case files (one JSON object, a JSON array, or JSON Lines) from --answers or standard\n" +
			"input and prints one diagnosis per case, in input order. Exit status 3 when some records\n" +
			"are invalid; the others are still diagnosed.",
		DE: "Liest Falldateien (ein JSON-Objekt, ein JSON-Array oder JSON Lines) aus --answers oder der\n" +
			"Standardeingabe und gibt je Fall eine Diagnose aus, in der Reihenfolge der Eingabe.\n" +
			"Exit-Status 3, wenn Datensätze ungültig sind; die übrigen werden trotzdem diagnostiziert."},
	DiagnoseExample: text{
		EN: "  cspfix diagnose --answers examples/c-wrong-tenant-id.json\n" +
			"  cspfix diagnose -o json < cases.jsonl > results.jsonl",
		DE: "  cspfix diagnose --answers examples/c-wrong-tenant-id.json\n" +
			"  cspfix diagnose -o json < faelle.jsonl > ergebnisse.jsonl"},
	AnswersFlag: text{EN: "read the cases from `FILE` (- for standard input)", DE: "die Fälle aus `DATEI` lesen (- für die Standardeingabe)"},
	NowFlag: text{
		EN: "take `TIME` (RFC 3339) as the current time, for reproducible runs",
		DE: "`ZEIT` (RFC 3339) als aktuelle Zeit nehmen, für reproduzierbare Läufe"},
	NoInput: text{EN: "no case to diagnose", DE: "kein Fall zum Diagnostizieren"},
	NoInputHint: text{
		EN: "pass --answers FILE, or pipe a case file: cspfix diagnose < case.json",
		DE: "--answers DATEI angeben oder eine Falldatei hineinleiten: cspfix diagnose < fall.json"},
	EmptyInput: text{EN: "the input holds no case", DE: "die Eingabe enthält keinen Fall"},
	EmptyInputHint: text{
		EN: "a case is a JSON object; see examples/ for complete ones",
		DE: "ein Fall ist ein JSON-Objekt; vollständige Beispiele stehen in examples/"},
	InvalidRecords: text{
		EN: "{invalid} of {total} records are invalid; their results say why",
		DE: "{invalid} von {total} Datensätzen sind ungültig; ihre Ergebnisse nennen den Grund"},
	CannotRead: text{EN: "cannot read {path}: {err}", DE: "{path} kann nicht gelesen werden: {err}"},
	CannotReadHint: text{
		EN: "check the path; use - to read standard input",
		DE: "prüfen Sie den Pfad; - liest die Standardeingabe"},
	BadNow: text{EN: "--now {value} is not an RFC 3339 time", DE: "--now {value} ist keine RFC-3339-Zeit"},
	BadNowHint: text{
		EN: "write it like 2026-11-20T09:14:00+01:00",
		DE: "schreiben Sie sie wie 2026-11-20T09:14:00+01:00"},

	ScenariosShort: text{
		EN: "List the scenarios, or show one with its steps",
		DE: "Die Szenarien auflisten oder eines mit seinen Schritten zeigen"},
	ScenariosLong: text{
		EN: "Without an argument, lists the scenarios A–E. With one, shows its summary and every step.",
		DE: "Ohne Argument werden die Szenarien A–E aufgelistet. Mit einem werden Zusammenfassung und alle Schritte gezeigt."},
	UnknownScenario: text{
		EN: "unknown scenario {id}; choose one of {ids}",
		DE: "unbekanntes Szenario {id}; wählen Sie eines von {ids}"},
	Steps: text{EN: "Steps", DE: "Schritte"},

	BadOutput: text{EN: "unknown output format {value}; use {formats}", DE: "unbekanntes Ausgabeformat {value}; möglich sind {formats}"},
	BadLang:   text{EN: "unsupported language {value}; use de or en", DE: "nicht unterstützte Sprache {value}; möglich sind de und en"},

	// Usage is cobra's usage template, translated. Its {{…}} parts are cobra's template actions.
	Usage: text{
		EN: usageTemplate("Usage", "command", "Examples", "Commands", "Flags", "Global flags",
			`Use "{{.CommandPath}} [command] --help" for more information about a command.`),
		DE: usageTemplate("Verwendung", "Befehl", "Beispiele", "Befehle", "Optionen", "Globale Optionen",
			`„{{.CommandPath}} [Befehl] --help“ zeigt mehr zu einem Befehl.`)},
	HelpFlag:         text{EN: "help for this command", DE: "Hilfe zu diesem Befehl"},
	HelpShort:        text{EN: "Help about any command", DE: "Hilfe zu einem Befehl"},
	UnknownHelpTopic: text{EN: "unknown help topic {topic}", DE: "unbekanntes Hilfethema {topic}"},
}

func usageTemplate(usage, command, examples, commands, flags, globalFlags, more string) string {
	return usage + `:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [` + command + `]{{end}}{{if .HasExample}}

` + examples + `:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

` + commands + `:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

` + flags + `:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

` + globalFlags + `:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

` + more + `{{end}}
`
}
