package main

import (
	"github.com/spf13/cobra"
)

// newTenantCmd groups the tenant-ID commands.
func newTenantCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tenant",
		Short: ui.TenantShort.In(g.lang),
	}
	useLine(cmd, "", g.lang)
	cmd.AddCommand(newTenantCheckCmd(e, g, nil), newTenantResolveCmd(e, g, nil))
	return cmd
}
