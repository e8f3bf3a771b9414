package cli

import (
	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios/txt"
)

type checklistOptions struct {
	env    *env
	global *globalOptions
	output string
}

func newChecklistCmd(e *env, g *globalOptions, runF func(*checklistOptions) error) *cobra.Command {
	opts := &checklistOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "checklist",
		Long:    g.texts().T(txt.CLIChecklistLong),
		Example: "  cspfix checklist --lang de > onboarding.txt\n  cspfix checklist -o markdown >> wiki/onboarding.md",
	}
	useLine(cmd, "", g.texts())
	checkOutput := outputFlag(cmd, &opts.output, g.texts(), "text", "markdown")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		if runF != nil {
			return runF(opts)
		}
		return runChecklist(opts)
	}
	return cmd
}

// runChecklist prints the checklist: with boxes to tick on paper, or as a Markdown task list.
func runChecklist(opts *checklistOptions) error {
	return render.Checklist(opts.env.stdout, opts.global.catalog.Checklist, render.Format(opts.output), opts.env.renderOptions(opts.global.texts()))
}
