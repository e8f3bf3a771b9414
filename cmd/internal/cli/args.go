package cli

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
	"github.com/cspfix/cspfix/scenarios/txt"
)

// positionalArgs accepts between min and max arguments. A word too many is an unknown
// subcommand where the command has subcommands, and a case file where the command reads
// them with --answers.
func positionalArgs(tr scenarios.Texts, min, max int) cobra.PositionalArgs {
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
			return usageError(didYouMean(suggest.Closest(args[max], names), cmd, tr), "%s",
				tr.T(txt.CLIUnknownCommand, "name", strconv.Quote(args[max]), "cmd", path))
		case len(args) > max:
			hint := tr.T(txt.CLIUsageIs, "use", cmd.UseLine())
			if cmd.Flags().Lookup("answers") != nil {
				hint = tr.T(txt.CLIReadWithAnswers, "cmd", path, "file", shellWord(args[max]))
			}
			quoted := make([]string, len(args)-max)
			for i, a := range args[max:] {
				quoted[i] = strconv.Quote(a)
			}
			return usageError(hint, "%s", tr.T(txt.CLITooManyArgs, "cmd", path, "args", strings.Join(quoted, " ")))
		case len(args) < min:
			return usageError(tr.T(txt.CLIUsageIs, "use", cmd.UseLine()), "%s",
				tr.T(txt.CLIMissingArg, "cmd", path))
		}
		return nil
	}
}

// flagError turns pflag's parse errors into usage errors in the interface language.
func flagError(cmd *cobra.Command, err error, tr scenarios.Texts) error {
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
		return usageError(didYouMean(guess, cmd, tr), "%s",
			tr.T(txt.CLIUnknownFlag, "flag", typed, "cmd", cmd.CommandPath()))
	case errors.As(err, &valueRequired):
		return usageError(flagUsage(valueRequired.GetFlag()), "%s",
			tr.T(txt.CLIFlagNeedsValue, "flag", "--"+valueRequired.GetFlag().Name))
	case errors.As(err, &invalidValue):
		return usageError(flagUsage(invalidValue.GetFlag()), "%s",
			tr.T(txt.CLIBadFlagValue, "value", strconv.Quote(invalidValue.GetValue()), "flag", "--"+invalidValue.GetFlag().Name))
	case errors.As(err, &invalidSyntax):
		return usageError(seeHelp(cmd, tr), "%s", tr.T(txt.CLIBadFlagSyntax, "flag", invalidSyntax.GetSpecifiedFlag()))
	}
	return usageError(seeHelp(cmd, tr), "%s", err)
}

// didYouMean is the hint for a mistyped name: the guess, else the command's help.
func didYouMean(guess string, cmd *cobra.Command, tr scenarios.Texts) string {
	if guess == "" {
		return seeHelp(cmd, tr)
	}
	return tr.T(txt.CLIDidYouMean, "name", guess)
}

// flagUsage is a flag's line from the help: "--now TIME: take TIME (RFC 3339) as …".
func flagUsage(f *pflag.Flag) string {
	name, usage := pflag.UnquoteUsage(f)
	return strings.TrimSpace("--"+f.Name+" "+name) + ": " + usage
}
