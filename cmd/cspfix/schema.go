package main

import (
	"github.com/spf13/cobra"
)

func newSchemaCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "schema",
		Short:   ui.SchemaShort.In(g.lang),
		Long:    ui.SchemaLong.In(g.lang),
		Example: "  cspfix schema > case.schema.json",
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := e.stdout.Write(e.model().Schema(g.lang))
			return err
		},
	}
	useLine(cmd, "", g.lang)
	return cmd
}
