package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/suggest"
	"github.com/cspfix/cspfix/scenarios"
)

type casesOptions struct {
	env    *env
	global *globalOptions
	dir    string
	due    bool
	output string
	ids    []string
}

func newCasesCmd(e *env, g *globalOptions, runF func(*casesOptions) error) *cobra.Command {
	opts := &casesOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "cases",
		Short:   ui.CasesShort.In(g.lang),
		Long:    ui.CasesLong.In(g.lang),
		Example: ui.CasesExample.In(g.lang),
	}
	useLine(cmd, "", g.lang)
	checkOutput := outputFlag(cmd, &opts.output, g.lang, "text", "json")
	cmd.PersistentFlags().StringVar(&opts.dir, "dir", "", ui.CasesDirFlag.In(g.lang))
	_ = cmd.MarkPersistentFlagDirname("dir")
	cmd.Flags().BoolVar(&opts.due, "due", false, ui.CasesDueFlag.In(g.lang))
	cmd.RunE = func(*cobra.Command, []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		if runF != nil {
			return runF(opts)
		}
		return runCases(opts)
	}
	rm := &cobra.Command{
		Use:   "rm",
		Short: ui.CasesRmShort.In(g.lang),
		Args:  positionalArgs(g.lang, 1, 1<<20),
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var ids []cobra.Completion
			for _, id := range savedCaseIDs(e, opts.dir, g.lang) {
				if strings.HasPrefix(id, toComplete) && !slices.Contains(args, id) {
					ids = append(ids, id)
				}
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.ids = args
			return runCasesRm(opts)
		},
	}
	useLine(rm, ui.CaseIDs.In(g.lang), g.lang)
	cmd.AddCommand(rm, newCasesShowCmd(e, g, opts))
	return cmd
}

// dir is the directory of saved cases: --dir, else the state directory's.
func (o *casesOptions) casesDir() (string, error) {
	if o.dir != "" {
		return o.dir, nil
	}
	return o.env.casesDir(o.global.lang)
}

func runCases(o *casesOptions) error {
	lang := o.global.lang
	dir, err := o.casesDir()
	if err != nil {
		return err
	}
	saved, err := casefile.List(dir)
	if err != nil {
		return fileProblem(ui.CannotRead, dir, err, lang)
	}
	now := o.env.now()
	engine := &diagnose.Engine{Catalog: scenarios.MustLoad(), Lang: lang, Now: now}
	var list []render.SavedCase
	for _, s := range saved {
		if s.Err != nil {
			fmt.Fprintln(o.env.stderr, ui.CasesSkipped.In(lang, "path", sanitize.Exact(s.Path), "err", fileProblem(ui.CannotRead, s.Path, s.Err, lang).Error()))
			continue
		}
		line := describeSaved(engine, s, now)
		if o.due && !line.Due {
			continue
		}
		list = append(list, line)
	}
	// What needs doing first: due retries, then the most recently saved.
	slices.SortStableFunc(list, func(a, b render.SavedCase) int {
		if a.Due != b.Due {
			if a.Due {
				return -1
			}
			return 1
		}
		return b.Changed.Compare(a.Changed)
	})
	if o.due && len(list) == 0 && len(saved) > 0 {
		return render.NoneDue(o.env.stdout, render.Format(o.output), o.env.renderOptions(lang))
	}
	return render.Cases(o.env.stdout, list, render.Format(o.output), o.env.renderOptions(lang))
}

// describeSaved is a saved case as the list shows it, with the scenario its diagnosis names.
func describeSaved(engine *diagnose.Engine, s casefile.Saved, now time.Time) render.SavedCase {
	c := s.Case
	line := render.SavedCase{ID: c.ID, Path: s.Path, Customer: c.Customer.Name, Status: casefile.StatusOf(c), Changed: s.Changed}
	if line.Customer == "" {
		line.Customer = c.Customer.Domain
	}
	switch line.Status {
	case casefile.Fixed:
		line.Scenario = c.Outcome.Scenario
	case casefile.TicketOpened:
		line.Scenario = scenarios.E
	default:
		line.Scenario = engine.Diagnose(c, 1).Scenario
	}
	if c.RetryAt != nil {
		t := c.RetryAt.Time
		line.RetryAt = &t
		line.Due = line.Status == casefile.Paused && !t.After(now)
	}
	return line
}

// runCasesRm deletes saved cases by their IDs. Every ID is looked up first: none is deleted
// when one is unknown.
func runCasesRm(o *casesOptions) error {
	lang := o.global.lang
	dir, err := o.casesDir()
	if err != nil {
		return err
	}
	var paths []string
	for _, id := range o.ids {
		path, err := casefile.Find(dir, id)
		if errors.Is(err, casefile.ErrNoSuchCase) {
			return usageError(didYouMeanCase(o.env, dir, id, lang), "%s", ui.NoSuchCase.In(lang, "id", strconv.Quote(sanitize.Exact(id)), "dir", sanitize.Exact(dir)))
		}
		if err != nil {
			return fileProblem(ui.CannotRead, dir, err, lang)
		}
		paths = append(paths, path)
	}
	for i, path := range paths {
		if err := os.Remove(path); err != nil {
			return fileProblem(ui.CannotRemove, path, err, lang)
		}
		fmt.Fprintln(o.env.stderr, ui.CaseRemoved.In(lang, "id", sanitize.Exact(o.ids[i]), "path", sanitize.Exact(path)))
	}
	return nil
}

// didYouMeanCase is the hint for an unknown case ID: the closest saved one, else the list.
func didYouMeanCase(e *env, dir, id string, lang scenarios.Lang) string {
	if near := suggest.Closest(id, savedCaseIDs(e, dir, lang)); near != "" {
		return ui.DidYouMean.In(lang, "name", strconv.Quote(near))
	}
	return ui.CasesListHint.In(lang)
}

// savedCaseIDs are the IDs of the saved cases in dir ("" for the state directory), for
// completion and "did you mean".
func savedCaseIDs(e *env, dir string, lang scenarios.Lang) []string {
	if dir == "" {
		var err error
		if dir, err = e.casesDir(lang); err != nil {
			return nil
		}
	}
	saved, _ := casefile.List(dir)
	var ids []string
	for _, s := range saved {
		if s.Case != nil && s.Case.ID != "" {
			ids = append(ids, s.Case.ID)
		}
	}
	return ids
}
