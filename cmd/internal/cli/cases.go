package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/suggest"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

type casesOptions struct {
	env    *env
	global *globalOptions
	dir    string
	due    bool
	output string
	ids    []string
	yes    bool // cases rm: delete without asking
}

func newCasesCmd(e *env, g *globalOptions, runF func(*casesOptions) error) *cobra.Command {
	opts := &casesOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "cases",
		Long:    g.texts().T(txt.CLICasesLong),
		Example: g.texts().T(txt.CLICasesExample),
	}
	useLine(cmd, "", g.texts())
	checkOutput := outputFlag(cmd, &opts.output, g.texts(), "text", "json")
	cmd.PersistentFlags().StringVar(&opts.dir, "dir", "", g.texts().T(txt.CLICasesDirFlag))
	_ = cmd.MarkPersistentFlagDirname("dir")
	cmd.Flags().BoolVar(&opts.due, "due", false, g.texts().T(txt.CLICasesDueFlag))
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
		Short: g.texts().T(txt.CLICasesRmShort),
		Args:  positionalArgs(g.texts(), 1, 1<<20),
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var ids []cobra.Completion
			for _, id := range savedCaseIDs(e, opts.dir, g.texts()) {
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
	rm.Flags().BoolVarP(&opts.yes, "yes", "y", false, g.texts().T(txt.CLIYesFlag))
	useLine(rm, g.texts().T(txt.CLICaseIDs), g.texts())
	cmd.AddCommand(rm, newCasesShowCmd(e, g, opts))
	return cmd
}

// dir is the directory of saved cases: --dir, else the state directory's.
func (o *casesOptions) casesDir() (string, error) {
	if o.dir != "" {
		return o.dir, nil
	}
	return o.env.casesDir(o.global.texts())
}

func runCases(o *casesOptions) error {
	tr := o.global.texts()
	dir, err := o.casesDir()
	if err != nil {
		return err
	}
	now := o.env.now()
	engine := &diagnose.Engine{Model: o.env.model(), Lang: tr.Lang, Now: now}
	var list []render.SavedCase
	readable := 0 // saved cases read, due or not
	// One case at a time: the list keeps what it shows of each, never the cases themselves.
	err = casefile.Each(o.env.model(), dir, func(s casefile.Saved) error {
		if s.Err != nil {
			fmt.Fprintln(o.env.stderr, tr.T(txt.CLICasesSkipped, "path", sanitize.Exact(s.Path), "err", fileProblem(txt.CLICannotRead, s.Path, s.Err, tr).Error()))
			return nil
		}
		readable++
		line := describeSaved(engine, s, now)
		if !o.due || line.Due {
			list = append(list, line)
		}
		return nil
	})
	if err != nil {
		return fileProblem(txt.CLICannotRead, dir, err, tr)
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
	if o.due && len(list) == 0 && readable > 0 {
		return render.NoneDue(o.env.stdout, render.Format(o.output), o.env.renderOptions(tr))
	}
	return render.Cases(o.env.stdout, list, render.Format(o.output), o.env.renderOptions(tr))
}

// describeSaved is a saved case as the list shows it, with the scenario its diagnosis names.
func describeSaved(engine *diagnose.Engine, s casefile.Saved, now time.Time) render.SavedCase {
	c := s.Case
	line := render.SavedCase{ID: listCut(c.ID), Path: s.Path, Customer: listCut(c.Customer.Name), Status: casefile.StatusOf(c), Changed: s.Changed}
	if line.Customer == "" {
		line.Customer = listCut(c.Customer.Domain)
	}
	switch line.Status {
	case casefile.Fixed:
		line.Scenario = c.Outcome.Scenario
	case casefile.TicketOpened:
		line.Scenario = engine.Model.Fallback()
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

// maxListed bounds what the list keeps of a value: more than a line shows, and never a whole
// field of a huge case.
const maxListed = 1024

// listCut is s cut to maxListed bytes (on a character boundary, with "…"), copied, so that the
// list keeps nothing of the case it came from.
func listCut(s string) string {
	if len(s) <= maxListed {
		return s
	}
	cut := maxListed
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.Clone(s[:cut]) + "…"
}

// removal is one file `cases rm` deletes: a saved case, or a file the list skips because it
// holds no readable case.
type removal struct {
	name string // as typed
	held *casefile.Held
	why  error // for a file that holds no readable case: why
}

// runCasesRm deletes saved cases by their IDs (README "Saved cases"). Every ID is looked up
// and its file taken first: none is deleted when one is unknown, held by several files, or
// open in another cspfix. On a terminal it asks first; --yes deletes without asking, and
// without a terminal to ask on, --yes is needed.
func runCasesRm(o *casesOptions) error {
	tr := o.global.texts()
	dir, err := o.casesDir()
	if err != nil {
		return err
	}
	var targets []removal
	defer func() {
		for _, t := range targets {
			t.held.Release()
		}
	}()
	seen := map[string]bool{}
	for _, id := range o.ids {
		path, err := casefile.Find(o.env.model(), dir, id)
		var shared *casefile.SharedIDError
		var why error
		switch {
		case errors.Is(err, casefile.ErrNoSuchCase):
			if path, why = casefile.Unreadable(o.env.model(), dir, id); path == "" {
				return usageError(didYouMeanCase(o.env, dir, id, tr), "%s", tr.T(txt.CLINoSuchCase, "id", strconv.Quote(sanitize.Exact(id)), "dir", sanitize.Exact(dir)))
			}
		case errors.As(err, &shared):
			return sharedIDError(shared, tr)
		case err != nil:
			return fileProblem(txt.CLICannotRead, dir, err, tr)
		}
		if seen[path] { // the same case named twice is deleted once
			continue
		}
		seen[path] = true
		held, err := casefile.Hold(o.env.model(), path)
		if err != nil {
			return refusedFile(txt.CLICannotRemove, path, err, tr)
		}
		targets = append(targets, removal{name: id, held: held, why: why})
		if why == nil {
			// Read again under the lock: it must still be the case that was found.
			if c, err := held.Load(); err != nil || c.ID != id {
				return refusedFile(txt.CLICannotRemove, path, &safefile.ChangedError{Path: path}, tr)
			}
		}
	}
	if !o.yes {
		ok, err := confirmRemoval(o, targets)
		if err != nil || !ok {
			return err
		}
	}
	for _, t := range targets {
		if err := t.held.Remove(); err != nil {
			return fileProblem(txt.CLICannotRemove, t.held.Path, err, tr)
		}
		if t.why != nil {
			fmt.Fprintln(o.env.stderr, tr.T(txt.CLIUnreadableRemoved, "path", sanitize.Exact(t.held.Path),
				"err", fileReason(t.why, tr)))
			continue
		}
		fmt.Fprintln(o.env.stderr, tr.T(txt.CLICaseRemoved, "id", sanitize.Exact(t.name), "path", sanitize.Exact(t.held.Path)))
	}
	return nil
}

// confirmRemoval asks on the terminal whether to delete the targets: a plain question answered
// with a line, as rm -i asks, that Ctrl-C or a signal ends with nothing deleted. Without a
// terminal there is nobody to ask: that is a usage error that names --yes.
func confirmRemoval(o *casesOptions, targets []removal) (bool, error) {
	e, tr := o.env, o.global.texts()
	if !e.stdinTerminal {
		return false, usageError(tr.T(txt.CLIRmNeedsYesHint), "%s", tr.T(txt.CLIRmNeedsYes))
	}
	var b strings.Builder
	if len(targets) == 1 {
		b.WriteString(tr.T(txt.CLIRmAskOne, "id", sanitize.Exact(targets[0].name)) + "\n")
	} else {
		b.WriteString(tr.T(txt.CLIRmAskMany, "n", strconv.Itoa(len(targets))) + "\n")
	}
	for _, t := range targets {
		b.WriteString("  • " + sanitize.Exact(t.name) + " (" + sanitize.Exact(t.held.Path) + ")\n")
	}
	b.WriteString(tr.T(txt.CLIRmAnswer) + " ")
	fmt.Fprint(e.stderr, b.String())
	answer, err := newLineReader(e.ctx, e.stdin).line()
	if cause := context.Cause(e.ctx); cause != nil {
		fmt.Fprintln(e.stderr, "\n"+tr.T(txt.CLIRmKept))
		return false, cause
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes", "j", "ja":
		return true, nil
	}
	if err != nil {
		fmt.Fprintln(e.stderr) // the input ended on the question's line
	}
	fmt.Fprintln(e.stderr, tr.T(txt.CLIRmKept))
	return false, nil
}

// sharedIDError says which files hold an ID that should be one case's (exit 2).
func sharedIDError(shared *casefile.SharedIDError, tr scenarios.Texts) error {
	paths := make([]string, len(shared.Paths))
	for i, p := range shared.Paths {
		paths[i] = sanitize.Exact(p)
	}
	return usageError(tr.T(txt.CLISharedCaseHint, "path", shellWord(shared.Paths[len(shared.Paths)-1])), "%s",
		tr.T(txt.CLISharedCase, "id", strconv.Quote(sanitize.Exact(shared.ID)), "n", strconv.Itoa(len(paths)), "paths", strings.Join(paths, ", ")))
}

// didYouMeanCase is the hint for an unknown case ID: the closest saved one, else the list.
func didYouMeanCase(e *env, dir, id string, tr scenarios.Texts) string {
	if near := suggest.Closest(id, savedCaseIDs(e, dir, tr)); near != "" {
		return tr.T(txt.CLIDidYouMean, "name", strconv.Quote(near))
	}
	return tr.T(txt.CLICasesListHint)
}

// savedCaseIDs are the IDs of the saved cases in dir ("" for the state directory), for
// completion and "did you mean".
func savedCaseIDs(e *env, dir string, tr scenarios.Texts) []string {
	if dir == "" {
		var err error
		if dir, err = e.casesDir(tr); err != nil {
			return nil
		}
	}
	var ids []string
	_ = casefile.Each(e.model(), dir, func(s casefile.Saved) error {
		if s.Case != nil && s.Case.ID != "" && len(s.Case.ID) <= maxListed {
			ids = append(ids, strings.Clone(s.Case.ID))
		}
		return nil
	})
	return ids
}
