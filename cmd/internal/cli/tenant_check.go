package cli

import (
	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios/txt"
)

type tenantCheckOptions struct {
	env       *env
	global    *globalOptions
	id        string
	confirmed string
	output    string
}

func newTenantCheckCmd(e *env, g *globalOptions, runF func(*tenantCheckOptions) error) *cobra.Command {
	opts := &tenantCheckOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "check",
		Short:   g.texts().T(txt.CLICheckShort),
		Long:    g.texts().T(txt.CLICheckLong),
		Example: g.texts().T(txt.CLICheckExample),
		Args:    positionalArgs(g.texts(), 1, 1),
	}
	useLine(cmd, "ID", g.texts())
	checkOutput := outputFlag(cmd, &opts.output, g.texts(), "text", "json")
	cmd.Flags().StringVar(&opts.confirmed, "confirmed", "", g.texts().T(txt.CLIConfirmedFlag))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		opts.id = args[0]
		if runF != nil {
			return runF(opts)
		}
		return runTenantCheck(opts)
	}
	return cmd
}

func runTenantCheck(opts *tenantCheckOptions) error {
	r := diagnose.CompareTenantIDs(opts.id, opts.confirmed)
	if err := render.TenantCheck(opts.env.stdout, r, render.Format(opts.output), opts.env.renderOptions(opts.global.texts())); err != nil {
		return err
	}
	if !r.Clean() {
		return &exitError{code: exitCheckFailed}
	}
	return nil
}
