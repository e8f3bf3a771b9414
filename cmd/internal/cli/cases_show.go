package cli

import (
	"errors"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// newCasesShowCmd makes `cspfix cases show ID`: where one saved case stands (README "Saved
// cases").
func newCasesShowCmd(e *env, g *globalOptions, opts *casesOptions) *cobra.Command {
	var output string
	show := &cobra.Command{
		Use:   "show",
		Short: g.texts().T(txt.CLICasesShowShort),
		Args:  positionalArgs(g.texts(), 1, 1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var ids []cobra.Completion
			for _, id := range savedCaseIDs(e, opts.dir, g.texts()) {
				if strings.HasPrefix(id, toComplete) {
					ids = append(ids, id)
				}
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
	}
	checkOutput := outputFlag(show, &output, g.texts(), "text", "json")
	show.RunE = func(_ *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		opts.ids, opts.output = args, output
		return runCasesShow(opts)
	}
	useLine(show, g.texts().T(txt.CLICaseIDs), g.texts())
	return show
}

// runCasesShow prints one saved case: its line of the list, its file, its diagnosis now, and
// the command that continues it.
func runCasesShow(o *casesOptions) error {
	tr := o.global.texts()
	dir, err := o.casesDir()
	if err != nil {
		return err
	}
	id := o.ids[0]
	path, err := casefile.Find(o.env.model(), dir, id)
	if errors.Is(err, casefile.ErrNoSuchCase) {
		return usageError(didYouMeanCase(o.env, dir, id, tr), "%s", tr.T(txt.CLINoSuchCase, "id", strconv.Quote(sanitize.Exact(id)), "dir", sanitize.Exact(dir)))
	}
	if err != nil {
		return fileProblem(txt.CLICannotRead, dir, err, tr)
	}
	c, err := casefile.Load(o.env.model(), path)
	if err != nil {
		return fileProblem(txt.CLICannotRead, path, err, tr)
	}
	saved := casefile.Saved{Path: path, Case: c}
	if fi, err := os.Stat(path); err == nil {
		saved.Changed = fi.ModTime()
	}
	now := o.env.now()
	engine := &diagnose.Engine{Model: o.env.model(), Lang: tr.Lang, Now: now, Desk: o.global.settings.desk()}
	r := engine.Diagnose(c, 1)
	resume := resumeCommand(resumeName(o.env, path, c, tr), o.global.langFlag, false)
	d := &render.CaseDetail{SavedCase: describeSaved(engine, saved, now), Result: &r, Resume: resume}
	return render.Case(o.env.stdout, d, render.Format(o.output), o.env.renderOptions(tr))
}
