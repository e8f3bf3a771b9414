//go:build gendocs

package cli

import (
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/safefile"
)

// The generator is built only with -tags gendocs: cobra's man page writer brings a Markdown and
// a YAML library whose package initialisation would cost every run of cspfix a millisecond or two.
func init() { maintainerCommands = append(maintainerCommands, newGenDocsCmd) }

type genDocsOptions struct {
	env       *env
	global    *globalOptions
	man, docs string
}

// newGenDocsCmd writes the man pages and the generated docs, for maintainers and release builds:
// go run -tags gendocs ./cmd/cspfix gen-docs --man DIR --docs docs
func newGenDocsCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &genDocsOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:    "gen-docs",
		Short:  "Write the man pages (--man DIR) and docs/scenarios.md (--docs DIR)",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			// The run's own tree has in full only the commands its command line names.
			root := newRootCmd(opts.env, opts.global.lang, opts.global.settings)
			root.InitDefaultHelpCmd()
			return runGenDocs(root, opts)
		},
	}
	cmd.Flags().StringVar(&opts.man, "man", "", "write man pages into `DIR`")
	cmd.Flags().StringVar(&opts.docs, "docs", "", "write scenarios.md into `DIR`")
	_ = cmd.MarkFlagDirname("man")
	_ = cmd.MarkFlagDirname("docs")
	return cmd
}

func runGenDocs(root *cobra.Command, opts *genDocsOptions) error {
	if opts.man != "" {
		if err := os.MkdirAll(opts.man, 0o755); err != nil {
			return err
		}
		info, ok := debug.ReadBuildInfo()
		date, err := sourceDate(opts.env.getenv, info, ok)
		if err != nil {
			return err
		}
		header := &doc.GenManHeader{Title: "CSPFIX", Section: "1", Source: "cspfix " + version(), Manual: "cspfix", Date: &date}
		root.DisableAutoGenTag = true
		if err := doc.GenManTree(root, header, opts.man); err != nil {
			return err
		}
	}
	if opts.docs != "" {
		md := render.ScenariosMarkdown(opts.global.catalog)
		return safefile.WriteFile(filepath.Join(opts.docs, "scenarios.md"), []byte(md), 0o644)
	}
	return nil
}
