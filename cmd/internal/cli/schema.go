package cli

import (
	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/scenarios/txt"
)

func newSchemaCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "schema",
		Long:    g.texts().T(txt.CLISchemaLong),
		Example: "  cspfix schema > case.schema.json",
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := e.stdout.Write(e.model().Schema(g.lang))
			return err
		},
	}
	useLine(cmd, "", g.texts())
	return cmd
}
