// Command cobraonly is the yardstick of cspfix's start-up budget (README "Performance"): a
// binary that links cobra and nothing else, with a root command and one subcommand, built as
// cspfix is. scripts/bench.sh times `cobraonly --help` next to cspfix's commands that never
// prompt. It lives under cmd/ because only commands import cobra; releases do not ship it.
package main

import "github.com/spf13/cobra"

func main() {
	root := &cobra.Command{Use: "cobraonly", Short: "A cobra-only binary, the yardstick of start-up", SilenceErrors: true,
		Run: func(*cobra.Command, []string) {}}
	root.AddCommand(&cobra.Command{Use: "list", Short: "Print a list",
		Run: func(c *cobra.Command, _ []string) { c.Println("A B C D E") }})
	cobra.CheckErr(root.Execute()) // cobra's own way to end with status 1 on an error
}
