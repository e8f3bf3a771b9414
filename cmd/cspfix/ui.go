package main

import "github.com/cspfix/cspfix/scenarios"

type text = scenarios.Text

// ui holds the command line's own texts in every language; a test checks that each is complete.
var ui = struct {
	Error, Hint, SeeHelp text

	UnknownCommand, DidYouMean, TooManyArgs, MissingArg, UsageIs, ReadWithAnswers text
	UnknownFlag, FlagNeedsValue, BadFlagValue, BadFlagSyntax                      text

	RootShort, RootLong, LangFlag, OutputFlag, Options, CommandArg, VersionFlag, VersionShort text

	DiagnoseShort, DiagnoseLong, DiagnoseExample, AnswersFlag, NowFlag text
	NoInput, NoInputHint, EmptyInput, EmptyInputHint, InvalidRecords   text
	CannotRead, CannotReadHint, BadNow, BadNowHint                     text
	FileNotFound, FileNoPermission, FileIsDirectory                    text

	ScenariosShort, ScenariosLong, UnknownScenario, Steps text

	BadOutput, BadLang text

	Usage, HelpFlag, HelpShort, UnknownHelpTopic text

	TenantShort, CheckShort, CheckLong, CheckExample, ConfirmedFlag                         text
	CheckValid, CheckCleanable, CheckInvalid, CheckMatches, CheckDiffers, CheckConfirmedBad text
	RowEntered, RowConfirmed, DiffLegend                                                    text
	ResolveShort, ResolveLong, OnlineFlag                                                   text
	LabelDomain, LabelTenant, LabelRegion, LabelCloud, RegionNote                           text
	CloudPublic, CloudUSGov, CloudChina, CloudOther, NoTenantHint, LookupHint, BadAuthority text

	TicketShort, TicketLong, TicketExample, TicketLangFlag, StrictFlag, OutFlag, CopyFlag  text
	TicketIncomplete, TicketIncompleteHint, TicketWritten, TicketCopied, CopyNeedsTerminal text
	CannotWrite                                                                            text

	SaveFlag, ResumeFlag, AccessibleFlag, Interrupted, CaseSaved, ResumeWith      text
	NoStateDir, NoStateDirHint, ResumeOrAnswers, ResumeNeedsPrompts, NoPromptHint text
	SaveOnlyInteractive                                                           text
	CannotResume, CannotSave, NotRegular, NotRegularHint                          text
	KindSymlink, KindPipe, KindDirectory, KindDevice, KindOther                   text
	HoldsOtherCase, HoldsSeveral, HoldsNoCase, HoldsInvalidCase                   text
	OtherCaseHint, SeveralHint, InvalidCaseHint, OutIsInput, CheckPath            text
	CannotWriteOutput, CannotWriteOutputHint, NoSpace, StoppedBatch               text
	ChooseNumber, BadNumber                                                       text
	FormKeys                                                                      map[string]text

	CompletionShort, CompletionLong, CompletionShellShort text
	CompletionShells                                      map[string]text
	NoDescriptions                                        text
	SchemaShort, SchemaLong                               text
	ChecklistShort, ChecklistLong                         text
}{
	Error:   text{EN: "error", DE: "Fehler"},
	Hint:    text{EN: "hint", DE: "Hinweis"},
	SeeHelp: text{EN: "run '{cmd} --help' for usage", DE: "'{cmd} --help' zeigt die Verwendung"},

	UnknownCommand:  text{EN: "unknown command {name} for {cmd}", DE: "unbekannter Befehl {name} für {cmd}"},
	DidYouMean:      text{EN: "did you mean {name}?", DE: "meinten Sie {name}?"},
	TooManyArgs:     text{EN: "too many arguments for {cmd}: {args}", DE: "zu viele Argumente für {cmd}: {args}"},
	MissingArg:      text{EN: "missing argument for {cmd}", DE: "fehlendes Argument für {cmd}"},
	UsageIs:         text{EN: "usage: {use}", DE: "Verwendung: {use}"},
	ReadWithAnswers: text{EN: "case files are read with --answers: {cmd} --answers {file}", DE: "Falldateien werden mit --answers gelesen: {cmd} --answers {file}"},
	UnknownFlag:     text{EN: "unknown flag {flag} for {cmd}", DE: "unbekannte Option {flag} für {cmd}"},
	FlagNeedsValue:  text{EN: "flag {flag} needs a value", DE: "die Option {flag} braucht einen Wert"},
	BadFlagValue:    text{EN: "invalid value {value} for {flag}", DE: "ungültiger Wert {value} für {flag}"},
	BadFlagSyntax:   text{EN: "bad flag syntax: {flag}", DE: "ungültige Schreibweise einer Option: {flag}"},

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
	LangFlag:     text{EN: "write the texts in `de|en`", DE: "Texte in `de|en` schreiben"},
	OutputFlag:   text{EN: "output `FORMAT`: {formats}", DE: "Ausgabe als `FORMAT`: {formats}"},
	Options:      text{EN: "[options]", DE: "[Optionen]"},
	CommandArg:   text{EN: "[command]", DE: "[Befehl]"},
	VersionFlag:  text{EN: "print the version", DE: "Version ausgeben"},
	VersionShort: text{EN: "Print the version", DE: "Die Version ausgeben"},

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
	NoInput: text{EN: "no case given", DE: "kein Fall angegeben"},
	NoInputHint: text{
		EN: "pass --answers FILE, or pipe a case file: {cmd} < case.json",
		DE: "--answers DATEI angeben oder eine Falldatei hineinleiten: {cmd} < fall.json"},
	EmptyInput: text{EN: "the input holds no case", DE: "die Eingabe enthält keinen Fall"},
	EmptyInputHint: text{
		EN: "a case is a JSON object; see examples/ for complete ones",
		DE: "ein Fall ist ein JSON-Objekt; vollständige Beispiele stehen in examples/"},
	InvalidRecords: text{
		EN: "{invalid} of {total} records are invalid; their results say why",
		DE: "{invalid} von {total} Datensätzen sind ungültig; ihre Ergebnisse nennen den Grund"},
	CannotRead:       text{EN: "cannot read {path}: {err}", DE: "{path} kann nicht gelesen werden: {err}"},
	FileNotFound:     text{EN: "no such file or directory", DE: "Datei oder Verzeichnis nicht gefunden"},
	FileNoPermission: text{EN: "permission denied", DE: "keine Berechtigung"},
	FileIsDirectory:  text{EN: "is a directory", DE: "ist ein Verzeichnis"},
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

	TenantShort: text{EN: "Check a tenant ID, or look one up by domain", DE: "Eine Tenant-ID prüfen oder über die Domain nachschlagen"},
	CheckShort:  text{EN: "Find what is wrong with a tenant ID, character by character", DE: "Zeichen für Zeichen finden, was an einer Tenant-ID falsch ist"},
	CheckLong: text{
		EN: "Shows the canonical form of a tenant ID and every problem with its position: white space,\n" +
			"braces, missing hyphens, wrong length, letters that only look like hexadecimal digits,\n" +
			"invisible characters, a domain name in place of the ID. With --confirmed it compares the ID\n" +
			"with the one the customer confirmed. Exit status 0 when the ID is clean (and matches),\n" +
			"4 when something was found.",
		DE: "Zeigt die kanonische Form einer Tenant-ID und jedes Problem mit seiner Position: Leerraum,\n" +
			"Klammern, fehlende Bindestriche, falsche Länge, Buchstaben, die nur wie Hexadezimalziffern\n" +
			"aussehen, unsichtbare Zeichen, ein Domainname statt der ID. Mit --confirmed wird sie mit der\n" +
			"vom Kunden bestätigten ID verglichen. Exit-Status 0, wenn die ID sauber ist (und passt),\n" +
			"4, wenn etwas gefunden wurde."},
	CheckExample: text{
		EN: "  cspfix tenant check ' 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31'\n" +
			"  cspfix tenant check \"$ENTERED\" --confirmed \"$FROM_CUSTOMER\"",
		DE: "  cspfix tenant check ' 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31'\n" +
			"  cspfix tenant check \"$EINGEGEBEN\" --confirmed \"$VOM_KUNDEN\""},
	ConfirmedFlag:     text{EN: "compare with `ID`, the one the customer confirmed", DE: "mit `ID` vergleichen, der vom Kunden bestätigten"},
	CheckValid:        text{EN: "Valid tenant ID: {id}", DE: "Gültige Tenant-ID: {id}"},
	CheckCleanable:    text{EN: "Valid only after clean-up: {id}", DE: "Erst nach Bereinigung gültig: {id}"},
	CheckInvalid:      text{EN: "Not a valid tenant ID: {id}", DE: "Keine gültige Tenant-ID: {id}"},
	CheckMatches:      text{EN: "It matches the ID the customer confirmed.", DE: "Sie stimmt mit der vom Kunden bestätigten ID überein."},
	CheckDiffers:      text{EN: "It differs from the ID the customer confirmed:", DE: "Sie weicht von der vom Kunden bestätigten ID ab:"},
	CheckConfirmedBad: text{EN: "The confirmed ID is not valid itself: {problems}", DE: "Die bestätigte ID ist selbst ungültig: {problems}"},
	RowEntered:        text{EN: "entered", DE: "eingegeben"},
	RowConfirmed:      text{EN: "confirmed", DE: "bestätigt"},
	DiffLegend: text{
		EN: "^ differs   + only in the entered ID   - missing from the entered ID   · invisible or space",
		DE: "^ anders   + nur in der eingegebenen ID   - fehlt in der eingegebenen ID   · unsichtbar oder Leerzeichen"},

	ResolveShort: text{EN: "Look up the tenant behind a domain (uses the network)", DE: "Den Tenant hinter einer Domain nachschlagen (nutzt das Netzwerk)"},
	ResolveLong: text{
		EN: "Asks Microsoft's public sign-in service which tenant a domain belongs to, in which region\n" +
			"and in which cloud it lives. This is the only command that uses the network;\n" +
			"CSPFIX_AUTHORITY replaces https://login.microsoftonline.com. Exit status 4 when no tenant\n" +
			"is registered for the domain.",
		DE: "Fragt Microsofts öffentlichen Anmeldedienst, zu welchem Tenant eine Domain gehört und in\n" +
			"welcher Region und Cloud er liegt. Nur dieser Befehl nutzt das Netzwerk;\n" +
			"CSPFIX_AUTHORITY ersetzt https://login.microsoftonline.com. Exit-Status 4, wenn für die\n" +
			"Domain kein Tenant registriert ist."},
	OnlineFlag: text{
		EN: "also look up customer.domain in Microsoft's public sign-in service",
		DE: "customer.domain zusätzlich bei Microsofts öffentlichem Anmeldedienst nachschlagen"},
	LabelDomain: text{EN: "Domain", DE: "Domain"},
	LabelTenant: text{EN: "Tenant ID", DE: "Tenant-ID"},
	LabelRegion: text{EN: "Region", DE: "Region"},
	LabelCloud:  text{EN: "Cloud", DE: "Cloud"},
	RegionNote: text{
		EN: "Reseller relationships are mostly only possible within the same region or country.",
		DE: "Weiterverkaufsbeziehungen sind meist nur innerhalb derselben Region bzw. desselben Landes möglich."},
	CloudPublic: text{
		EN: "public cloud: the customer accepts reseller invitations in the Microsoft 365 admin center.",
		DE: "öffentliche Cloud: Der Kunde nimmt Einladungen im Microsoft 365 Admin Center an."},
	CloudUSGov: text{
		EN: "Microsoft Cloud for US Government: served from Partner Center for US Government; the customer accepts invitations in the Office admin portal.",
		DE: "Microsoft Cloud for US Government: betreut über Partner Center für US Government; der Kunde nimmt Einladungen im Office-Admin-Portal an."},
	CloudChina: text{
		EN: "Microsoft cloud in China (21Vianet): no reseller relationship with a partner in the global Partner Center.",
		DE: "Microsoft-Cloud in China (21Vianet): keine Weiterverkaufsbeziehung zu einem Partner im globalen Partner Center."},
	CloudOther: text{EN: "another national cloud.", DE: "eine andere nationale Cloud."},
	NoTenantHint: text{
		EN: "check the spelling, or ask the customer for their .onmicrosoft.com domain",
		DE: "prüfen Sie die Schreibweise oder fragen Sie den Kunden nach seiner .onmicrosoft.com-Domain"},
	LookupHint: text{
		EN: "check the network connection and try again; cspfix tenant check works offline",
		DE: "prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut; cspfix tenant check geht auch offline"},
	BadAuthority: text{EN: "CSPFIX_AUTHORITY is not usable: {err}", DE: "CSPFIX_AUTHORITY ist nicht verwendbar: {err}"},

	TicketShort: text{
		EN: "Write the support ticket that partner support needs",
		DE: "Das Support-Ticket schreiben, das der Partner-Support braucht"},
	TicketLong: text{
		EN: "Writes, for each case, the text to send to partner support: the exact error, the customer's\n" +
			"tenant IDs, your Partner ID and indirect provider, every failed attempt in its own time zone\n" +
			"and in UTC, the steps already taken, the causes ruled out, and what the customer said.\n" +
			"Missing facts are marked in the ticket; --strict makes them exit status 4.",
		DE: "Schreibt für jeden Fall den Text an den Partner-Support: den genauen Fehler, die Tenant-IDs\n" +
			"des Kunden, Ihre Partner-ID und Ihren indirekten Anbieter, jeden fehlgeschlagenen Versuch in\n" +
			"seiner Zeitzone und in UTC, die bereits unternommenen Schritte, die ausgeschlossenen Ursachen\n" +
			"und was der Kunde gesagt hat. Fehlende Angaben werden im Ticket markiert; mit --strict führen\n" +
			"sie zu Exit-Status 4."},
	TicketExample: text{
		EN: "  cspfix ticket --answers examples/e-support.json\n" +
			"  cspfix ticket --answers case.json -o markdown --out ticket.md\n" +
			"  cspfix ticket --answers case.json --copy",
		DE: "  cspfix ticket --answers examples/e-support.json\n" +
			"  cspfix ticket --answers fall.json -o markdown --out ticket.md\n" +
			"  cspfix ticket --answers fall.json --copy"},
	TicketLangFlag: text{
		EN: "write the ticket in `de|en` (partner support works in English)",
		DE: "das Ticket in `de|en` schreiben (der Partner-Support arbeitet auf Englisch)"},
	StrictFlag: text{
		EN: "exit with status 4 when a required fact is missing",
		DE: "mit Status 4 beenden, wenn eine nötige Angabe fehlt"},
	OutFlag:  text{EN: "write the ticket to `FILE` instead of standard output", DE: "das Ticket in `DATEI` statt auf die Standardausgabe schreiben"},
	CopyFlag: text{EN: "also copy the ticket to the clipboard (through the terminal, works over SSH)", DE: "das Ticket auch in die Zwischenablage kopieren (über das Terminal, auch per SSH)"},
	TicketIncomplete: text{
		EN: "{n} ticket(s) lack required facts; they are marked in the ticket",
		DE: "{n} Ticket(s) fehlen nötige Angaben; sie sind im Ticket markiert"},
	TicketIncompleteHint: text{
		EN: "add them to the case file and run cspfix ticket again",
		DE: "ergänzen Sie sie in der Falldatei und rufen Sie cspfix ticket erneut auf"},
	TicketWritten:     text{EN: "wrote {path}", DE: "{path} geschrieben"},
	TicketCopied:      text{EN: "copied the ticket to the clipboard", DE: "Ticket in die Zwischenablage kopiert"},
	CopyNeedsTerminal: text{EN: "--copy needs a terminal on standard error", DE: "--copy braucht ein Terminal auf der Standardfehlerausgabe"},
	CannotWrite:       text{EN: "cannot write {path}: {err}", DE: "{path} kann nicht geschrieben werden: {err}"},

	SaveFlag: text{
		EN: "save the case to `FILE` (default: a new file under the state directory)",
		DE: "den Fall in `DATEI` speichern (Standard: eine neue Datei im Zustandsverzeichnis)"},
	ResumeFlag: text{EN: "continue the saved case in `FILE`", DE: "den gespeicherten Fall in `DATEI` fortsetzen"},
	AccessibleFlag: text{
		EN: "plain line-by-line prompts for screen readers and scripts (also ACCESSIBLE=1)",
		DE: "einfache zeilenweise Fragen für Screenreader und Skripte (auch ACCESSIBLE=1)"},
	Interrupted: text{
		EN: "Stopped. The answers so far are saved in {path}.\nResume with: {command}",
		DE: "Abgebrochen. Die bisherigen Antworten sind in {path} gespeichert.\nFortsetzen mit: {command}"},
	CaseSaved:  text{EN: "Case saved: {path}", DE: "Fall gespeichert: {path}"},
	ResumeWith: text{EN: "Resume with: {command}", DE: "Fortsetzen mit: {command}"},
	NoStateDir: text{EN: "no directory to save the case in", DE: "kein Verzeichnis zum Speichern des Falls"},
	NoStateDirHint: text{
		EN: "pass --save FILE, or set XDG_STATE_HOME or HOME",
		DE: "--save DATEI angeben oder XDG_STATE_HOME bzw. HOME setzen"},
	ResumeOrAnswers: text{
		EN: "--resume and --answers do not go together",
		DE: "--resume und --answers lassen sich nicht kombinieren"},
	ResumeNeedsPrompts: text{
		EN: "--resume asks questions, but CSPFIX_NO_PROMPT forbids prompts",
		DE: "--resume stellt Fragen, aber CSPFIX_NO_PROMPT verbietet sie"},
	NoPromptHint:    text{EN: "unset CSPFIX_NO_PROMPT, or diagnose with --answers FILE", DE: "CSPFIX_NO_PROMPT entfernen oder mit --answers DATEI diagnostizieren"},
	CompletionShort: text{EN: "Print the shell completion script", DE: "Das Skript zur Vervollständigung in der Shell ausgeben"},
	CompletionLong: text{
		EN: "Prints the script that lets your shell complete cspfix's commands, flags and values\n(scenario IDs, languages, formats, case files). See the help of each shell for how to load it.",
		DE: "Gibt das Skript aus, mit dem Ihre Shell Befehle, Optionen und Werte von cspfix vervollständigt\n(Szenarien, Sprachen, Formate, Falldateien). Wie es geladen wird, zeigt die Hilfe der jeweiligen Shell."},
	NoDescriptions:       text{EN: "complete without descriptions", DE: "ohne Beschreibungen vervollständigen"},
	CompletionShellShort: text{EN: "Print the completion script for {shell}", DE: "Das Vervollständigungsskript für {shell} ausgeben"},
	CompletionShells: map[string]text{
		"bash": {
			EN: "In the current shell:  source <(cspfix completion bash)\nFor every new shell:   cspfix completion bash > /etc/bash_completion.d/cspfix\n(on macOS with Homebrew: > $(brew --prefix)/etc/bash_completion.d/cspfix). Needs bash-completion.",
			DE: "In der aktuellen Shell:  source <(cspfix completion bash)\nFür jede neue Shell:     cspfix completion bash > /etc/bash_completion.d/cspfix\n(unter macOS mit Homebrew: > $(brew --prefix)/etc/bash_completion.d/cspfix). Braucht bash-completion."},
		"zsh": {
			EN: "For every new shell:  cspfix completion zsh > \"${fpath[1]}/_cspfix\"\nIf completion is not enabled yet, add  autoload -U compinit; compinit  to ~/.zshrc.",
			DE: "Für jede neue Shell:  cspfix completion zsh > \"${fpath[1]}/_cspfix\"\nIst die Vervollständigung noch nicht aktiv, fügen Sie  autoload -U compinit; compinit  in ~/.zshrc ein."},
		"fish": {
			EN: "In the current shell:  cspfix completion fish | source\nFor every new shell:   cspfix completion fish > ~/.config/fish/completions/cspfix.fish",
			DE: "In der aktuellen Shell:  cspfix completion fish | source\nFür jede neue Shell:     cspfix completion fish > ~/.config/fish/completions/cspfix.fish"},
		"powershell": {
			EN: "In the current session:  cspfix completion powershell | Out-String | Invoke-Expression\nFor every session, add that line to your PowerShell profile ($PROFILE).",
			DE: "In der aktuellen Sitzung:  cspfix completion powershell | Out-String | Invoke-Expression\nFür jede Sitzung fügen Sie diese Zeile in Ihr PowerShell-Profil ($PROFILE) ein."},
	},
	SchemaShort: text{EN: "Print the JSON Schema of the case file", DE: "Das JSON-Schema der Falldatei ausgeben"},
	SchemaLong: text{
		EN: "Prints the JSON Schema (draft 2020-12) of one case, as --answers reads it. Editors use it to\ncomplete keys, explain each field and flag mistakes while you write a case file; see the\nREADME for VS Code. The explanations are in the --lang language.",
		DE: "Gibt das JSON-Schema (Draft 2020-12) eines Falls aus, wie --answers ihn liest. Editoren\nvervollständigen damit Schlüssel, erklären jedes Feld und markieren Fehler beim Schreiben;\nsiehe README für VS Code. Die Erklärungen sind in der Sprache von --lang."},
	ChecklistShort: text{EN: "Print the onboarding checklist that prevents the error", DE: "Die Onboarding-Checkliste ausgeben, die den Fehler vermeidet"},
	ChecklistLong: text{
		EN: "Prints the practices that keep \"Partner relation does not work because it is already existing\"\naway, as a checklist to go through with every new customer. -o markdown gives a task list for a wiki.",
		DE: "Gibt die Vorgehensweisen aus, die „Partner relation does not work because it is already existing“\nverhindern, als Checkliste für jeden neuen Kunden. -o markdown liefert eine Aufgabenliste für ein Wiki."},
	// FormKeys translates the help line of the walkthrough's forms, keyed by huh's English.
	FormKeys: map[string]text{
		"submit":       {EN: "submit", DE: "bestätigen"},
		"next":         {EN: "next", DE: "weiter"},
		"back":         {EN: "back", DE: "zurück"},
		"complete":     {EN: "complete", DE: "ergänzen"},
		"select":       {EN: "select", DE: "auswählen"},
		"up":           {EN: "up", DE: "hoch"},
		"down":         {EN: "down", DE: "runter"},
		"left":         {EN: "left", DE: "links"},
		"right":        {EN: "right", DE: "rechts"},
		"filter":       {EN: "filter", DE: "filtern"},
		"set filter":   {EN: "set filter", DE: "Filter setzen"},
		"clear filter": {EN: "clear filter", DE: "Filter löschen"},
		"½ page up":    {EN: "½ page up", DE: "½ Seite hoch"},
		"½ page down":  {EN: "½ page down", DE: "½ Seite runter"},
		"go to start":  {EN: "go to start", DE: "zum Anfang"},
		"go to end":    {EN: "go to end", DE: "zum Ende"},
	},
	ChooseNumber: text{EN: "Enter a number from 1 to {n} (Enter keeps {default}):", DE: "Nummer von 1 bis {n} eingeben (Enter behält {default}):"},
	BadNumber:    text{EN: "please enter a number from 1 to {n}", DE: "bitte eine Nummer von 1 bis {n} eingeben"},
	CannotResume: text{EN: "cannot resume {path}: {err}", DE: "{path} kann nicht fortgesetzt werden: {err}"},
	CannotSave:   text{EN: "will not save the case to {path}: {err}", DE: "der Fall wird nicht in {path} gespeichert: {err}"},
	NotRegular:   text{EN: "it is {kind}, not a regular file", DE: "das ist {kind}, keine gewöhnliche Datei"},
	NotRegularHint: text{
		EN: "give the path of a regular file; cspfix never writes through links or onto devices",
		DE: "geben Sie den Pfad einer gewöhnlichen Datei an; cspfix schreibt nie über Links oder auf Geräte"},
	KindSymlink:      text{EN: "a symbolic link", DE: "ein symbolischer Link"},
	KindPipe:         text{EN: "a named pipe", DE: "eine benannte Pipe"},
	KindDirectory:    text{EN: "a directory", DE: "ein Verzeichnis"},
	KindDevice:       text{EN: "a device", DE: "ein Gerät"},
	KindOther:        text{EN: "a special file", DE: "eine Spezialdatei"},
	HoldsOtherCase:   text{EN: "it holds another case ({id})", DE: "sie enthält einen anderen Fall ({id})"},
	HoldsSeveral:     text{EN: "it holds several cases", DE: "sie enthält mehrere Fälle"},
	HoldsNoCase:      text{EN: "it holds something other than a case", DE: "sie enthält etwas anderes als einen Fall"},
	HoldsInvalidCase: text{EN: "its case is not valid", DE: "ihr Fall ist nicht gültig"},
	OtherCaseHint: text{
		EN: "choose a new file with --save, or continue that case with cspfix diagnose --resume {path}",
		DE: "wählen Sie mit --save eine neue Datei oder setzen Sie jenen Fall mit cspfix diagnose --resume {path} fort"},
	SeveralHint: text{
		EN: "--resume continues a file with one case; cspfix diagnose --answers {path} diagnoses them all",
		DE: "--resume setzt eine Datei mit einem Fall fort; cspfix diagnose --answers {path} diagnostiziert sie alle"},
	InvalidCaseHint: text{
		EN: "correct the case file, or see every problem with cspfix diagnose --answers {path}",
		DE: "korrigieren Sie die Falldatei oder sehen Sie alle Probleme mit cspfix diagnose --answers {path}"},
	CannotWriteOutput: text{EN: "cannot write the output: {err}", DE: "die Ausgabe kann nicht geschrieben werden: {err}"},
	CannotWriteOutputHint: text{
		EN: "check where the output goes and that the disk has room; nothing written can be trusted to be complete",
		DE: "prüfen Sie, wohin die Ausgabe geht und ob auf dem Datenträger Platz ist; das Geschriebene ist womöglich unvollständig"},
	NoSpace: text{EN: "no space left on the device", DE: "kein Platz mehr auf dem Datenträger"},
	StoppedBatch: text{
		EN: "stopped by {signal} after {n} cases; every result written is complete",
		DE: "durch {signal} nach {n} Fällen angehalten; jedes geschriebene Ergebnis ist vollständig"},
	CheckPath: text{EN: "check the path and the permissions", DE: "prüfen Sie den Pfad und die Berechtigungen"},
	OutIsInput: text{
		EN: "--out {path} is the file the cases are read from; write to another file",
		DE: "--out {path} ist die Datei, aus der die Fälle gelesen werden; schreiben Sie in eine andere Datei"},
	SaveOnlyInteractive: text{
		EN: "--save is for the interactive walkthrough; with --answers the results go to standard output",
		DE: "--save gilt für den interaktiven Ablauf; mit --answers gehen die Ergebnisse auf die Standardausgabe"},
}

func usageTemplate(usage, command, examples, commands, flags, globalFlags, more string) string {
	return usage + `:{{if and .Runnable (not .HasAvailableSubCommands)}}
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
