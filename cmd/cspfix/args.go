package main

// Cobra and pflag report a wrong argument or flag in English and point at the root's help.
// These checks say it in the interface language, show the command's own usage, and suggest
// what was probably meant.

import (
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cspfix/cspfix/internal/suggest"
	"github.com/cspfix/cspfix/scenarios"
)

// positionalArgs accepts between min and max arguments. A word too many is an unknown
// subcommand where the command has subcommands, and a case file where the command reads
// them with --answers.
func positionalArgs(lang scenarios.Lang, min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		path := cmd.CommandPath()
		switch {
		case len(args) > max && cmd.HasAvailableSubCommands():
			var names []string
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name())
				}
			}
			return usageError(didYouMean(suggest.Closest(args[max], names), cmd, lang), "%s",
				scenarios.Fill(ui.UnknownCommand.In(lang), "name", strconv.Quote(args[max]), "cmd", path))
		case len(args) > max:
			hint := scenarios.Fill(ui.UsageIs.In(lang), "use", cmd.UseLine())
			if cmd.Flags().Lookup("answers") != nil {
				hint = scenarios.Fill(ui.ReadWithAnswers.In(lang), "cmd", path, "file", shellWord(args[max]))
			}
			quoted := make([]string, len(args)-max)
			for i, a := range args[max:] {
				quoted[i] = strconv.Quote(a)
			}
			return usageError(hint, "%s", scenarios.Fill(ui.TooManyArgs.In(lang), "cmd", path, "args", strings.Join(quoted, " ")))
		case len(args) < min:
			return usageError(scenarios.Fill(ui.UsageIs.In(lang), "use", cmd.UseLine()), "%s",
				scenarios.Fill(ui.MissingArg.In(lang), "cmd", path))
		}
		return nil
	}
}

// flagError turns pflag's parse errors into usage errors in the interface language.
func flagError(cmd *cobra.Command, err error, lang scenarios.Lang) error {
	var (
		notExist      *pflag.NotExistError
		valueRequired *pflag.ValueRequiredError
		invalidValue  *pflag.InvalidValueError
		invalidSyntax *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		typed := "--" + notExist.GetSpecifiedName()
		if notExist.GetSpecifiedShortnames() != "" {
			typed = "-" + notExist.GetSpecifiedName()
		}
		var names []string
		for _, set := range []*pflag.FlagSet{cmd.Flags(), cmd.InheritedFlags()} { // --lang, --config too
			set.VisitAll(func(f *pflag.Flag) {
				if !f.Hidden {
					names = append(names, f.Name)
				}
			})
		}
		guess := suggest.Closest(notExist.GetSpecifiedName(), names)
		if guess != "" {
			guess = "--" + guess
		}
		return usageError(didYouMean(guess, cmd, lang), "%s",
			scenarios.Fill(ui.UnknownFlag.In(lang), "flag", typed, "cmd", cmd.CommandPath()))
	case errors.As(err, &valueRequired):
		return usageError(flagUsage(valueRequired.GetFlag()), "%s",
			scenarios.Fill(ui.FlagNeedsValue.In(lang), "flag", "--"+valueRequired.GetFlag().Name))
	case errors.As(err, &invalidValue):
		return usageError(flagUsage(invalidValue.GetFlag()), "%s",
			scenarios.Fill(ui.BadFlagValue.In(lang), "value", strconv.Quote(invalidValue.GetValue()), "flag", "--"+invalidValue.GetFlag().Name))
	case errors.As(err, &invalidSyntax):
		return usageError(seeHelp(cmd, lang), "%s", scenarios.Fill(ui.BadFlagSyntax.In(lang), "flag", invalidSyntax.GetSpecifiedFlag()))
	}
	return usageError(seeHelp(cmd, lang), "%s", err)
}

// didYouMean is the hint for a mistyped name: the guess, else the command's help.
func didYouMean(guess string, cmd *cobra.Command, lang scenarios.Lang) string {
	if guess == "" {
		return seeHelp(cmd, lang)
	}
	return scenarios.Fill(ui.DidYouMean.In(lang), "name", guess)
}

// flagUsage is a flag's line from the help: "--now TIME: take TIME (RFC 3339) as …".
func flagUsage(f *pflag.Flag) string {
	name, usage := pflag.UnquoteUsage(f)
	return strings.TrimSpace("--"+f.Name+" "+name) + ": " + usage
}
