package cli

import (
	"github.com/spf13/cobra"
)

// newTenantCmd groups the tenant-ID commands.
func newTenantCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use: "tenant",
	}
	useLine(cmd, "", g.texts())
	cmd.AddCommand(newTenantCheckCmd(e, g, nil), newTenantResolveCmd(e, g, nil))
	return cmd
}
