package cli

import (
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

type scenariosOptions struct {
	env    *env
	global *globalOptions
	id     string
	output string
}

func newScenariosCmd(e *env, g *globalOptions, runF func(*scenariosOptions) error) *cobra.Command {
	opts := &scenariosOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:  "scenarios",
		Long: g.texts().T(txt.CLIScenariosLong),
		Args: positionalArgs(g.texts(), 0, 1),
		// The IDs with their titles, so that the shell's list explains itself.
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var ids []cobra.Completion
			for _, s := range g.catalog.Scenarios {
				ids = append(ids, cobra.CompletionWithDesc(string(s.ID), s.Title.In(g.lang)))
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
	}
	useLine(cmd, "["+g.catalog.IDs("|")+"]", g.texts())
	checkOutput := outputFlag(cmd, &opts.output, g.texts(), "text", "markdown", "json")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		if len(args) == 1 {
			opts.id = args[0]
		}
		if runF != nil {
			return runF(opts)
		}
		return runScenarios(opts)
	}
	return cmd
}

func runScenarios(opts *scenariosOptions) error {
	tr := opts.global.texts()
	cat := tr.Catalog
	list := cat.Scenarios
	if opts.id != "" {
		s, ok := cat.Scenario(opts.id)
		if !ok {
			return usageError("", "%s", tr.T(txt.CLIUnknownScenario, "id", strconv.Quote(opts.id), "ids", cat.IDs(", ")))
		}
		list = []scenarios.Scenario{*s}
	}
	return render.Scenarios(opts.env.stdout, list, opts.id != "", render.Format(opts.output), opts.env.renderOptions(tr))
}
