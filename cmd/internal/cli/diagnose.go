package cli

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

type diagnoseOptions struct {
	env    *env
	global *globalOptions
	caseInput
	output string
	online bool
	// onlineMissing: a walkthrough that would look up, without cspfix-online beside cspfix; it
	// goes on without lookups and says why.
	onlineMissing bool
	// template, when given, asks for an empty input to start from instead of a diagnosis.
	template string
	// excel writes CSV for Excel; summary writes the counts of the batch instead of the results.
	excel, summary bool
	// results is where the output goes: stdout, or the new file --out, written as it is made
	// and put in place at the end (PowerShell's > would re-encode it: README "Windows").
	results delivery

	// The interactive walkthrough.
	walkthrough  bool // a person is there to answer
	noPrompt     bool // CSPFIX_NO_PROMPT forbids prompts
	save, resume string
	accessible   bool
}

// newDiagnoseCmd makes `cspfix diagnose`. runF, when not nil, runs in place of the command's own
// run functions, so that a test sees the options that the flags and the environment make.
func newDiagnoseCmd(e *env, g *globalOptions, runF func(*diagnoseOptions) error) *cobra.Command {
	opts := &diagnoseOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "diagnose",
		Long:    g.texts().T(txt.CLIDiagnoseLong),
		Example: g.texts().T(txt.CLIDiagnoseExample),
	}
	useLine(cmd, "", g.texts())
	checkOutput := outputFlag(cmd, &opts.output, g.texts(), "text", "json", "markdown", "csv")
	cmd.Flags().BoolVar(&opts.excel, "excel", false, g.texts().T(txt.CLIExcelFlag))
	cmd.Flags().BoolVar(&opts.summary, "summary", false, g.texts().T(txt.CLISummaryFlag))
	cmd.Flags().StringVar(&opts.results.out, "out", "", g.texts().T(txt.CLIDiagnoseOutFlag))
	_ = cmd.MarkFlagFilename("out")
	opts.caseInput.flags(cmd, e, g.texts())
	cmd.Flags().BoolVar(&opts.online, "online", false, g.texts().T(txt.CLIOnlineFlag))
	cmd.Flags().StringVar(&opts.template, "template", "", g.texts().T(txt.CLITemplateFlag))
	_ = cmd.RegisterFlagCompletionFunc("template", cobra.FixedCompletions([]cobra.Completion{"csv"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.Flags().StringVar(&opts.save, "save", "", g.texts().T(txt.CLISaveFlag))
	cmd.Flags().StringVar(&opts.resume, "resume", "", g.texts().T(txt.CLIResumeFlag))
	var accessibleFlag bool
	cmd.Flags().BoolVar(&accessibleFlag, "accessible", false, g.texts().T(txt.CLIAccessibleFlag))
	caseFiles(cmd, "save")
	_ = cmd.RegisterFlagCompletionFunc("resume", func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		// The IDs of the saved cases, or case files when a path is being typed or none is saved.
		if !strings.ContainsAny(toComplete, `/\.~`) {
			var ids []cobra.Completion
			for _, id := range savedCaseIDs(e, "", g.texts()) {
				if strings.HasPrefix(id, toComplete) {
					ids = append(ids, id)
				}
			}
			if len(ids) > 0 {
				return ids, cobra.ShellCompDirectiveNoFileComp
			}
		}
		return []cobra.Completion{"json", "jsonl"}, cobra.ShellCompDirectiveFilterFileExt
	})
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if opts.excel && opts.output == "" {
			opts.output = "csv"
		}
		if err := checkOutput(); err != nil {
			return err
		}
		switch {
		case opts.excel && opts.output != "csv":
			return usageError(seeHelp(cmd, g.texts()), "%s", g.texts().T(txt.CLIExcelNeedsCSV))
		case opts.summary && opts.output == "csv":
			return usageError(seeHelp(cmd, g.texts()), "%s", g.texts().T(txt.CLISummaryNotCSV))
		}
		var err error
		if err = opts.caseInput.check(e, g.texts()); err != nil {
			return err
		}
		for _, in := range []string{opts.save, opts.resume} {
			opts.results.outputs.Input(in) // the walkthrough's case file is no output either
		}
		if err := opts.results.check(cmd, e, opts.answers, g.texts()); err != nil {
			return err
		}
		if opts.template != "" {
			if opts.template != "csv" {
				return usageError(seeHelp(cmd, g.texts()), "%s", g.texts().T(txt.CLIBadTemplate, "value", strconv.Quote(opts.template)))
			}
			if runF != nil {
				return runF(opts)
			}
			header := e.model().CSVTemplate()
			if opts.excel { // as Excel in a German locale opens it
				header = "\ufeff" + strings.ReplaceAll(strings.TrimSuffix(header, "\n"), ",", ";") + "\r\n"
			}
			out, err := opts.results.open(e, g.texts())
			if err != nil {
				return err
			}
			_, err = io.WriteString(out, header)
			return out.close(err)
		}
		opts.accessible = accessibleFlag || e.getenv("ACCESSIBLE") != ""
		noPrompt := e.getenv("CSPFIX_NO_PROMPT") != "" && e.getenv("CSPFIX_NO_PROMPT") != "0"
		opts.noPrompt = noPrompt
		switch {
		case opts.resume != "" && opts.answers != "":
			return usageError(seeHelp(cmd, g.texts()), "%s", g.texts().T(txt.CLIResumeOrAnswers))
		case opts.resume != "" && noPrompt:
			return usageError(g.texts().T(txt.CLINoPromptHint), "%s", g.texts().T(txt.CLIResumeNeedsPrompts))
		}
		// Prompt when a person is there: a terminal, or --accessible with piped answers.
		// ACCESSIBLE=1 alone only chooses the mode, so that piped batches stay batches.
		opts.walkthrough = opts.resume != "" || opts.answers == "" && !noPrompt && (e.stdinTerminal || accessibleFlag)
		if runF == nil && e.online == nil {
			if err := opts.handOverIfLooking(); err != nil {
				return err
			}
		}
		switch {
		case runF != nil:
			return runF(opts)
		case opts.walkthrough && opts.results.out != "":
			return walkthroughToFile(opts)
		case opts.walkthrough:
			return runWalkthrough(opts)
		}
		return runDiagnose(opts)
	}
	return cmd
}

// newEngine is the diagnosis engine for the options, online when asked.
func newEngine(opts *diagnoseOptions) (*diagnose.Engine, error) {
	ticketLang := scenarios.EN
	if l, err := scenarios.ParseLang(opts.global.settings.cfg.TicketLang); err == nil {
		ticketLang = l
	}
	engine := &diagnose.Engine{Model: opts.env.model(), Lang: opts.global.lang, Now: opts.now,
		TicketLang: ticketLang, Generator: "cspfix " + version(), Desk: opts.global.settings.desk()}
	if opts.online && !opts.walkthrough {
		r, err := opts.env.onlineRunner(opts.global, opts.clock(opts.env))
		if err != nil {
			return nil, err
		}
		engine.Looker = newAheadLooker(r) // the walkthrough looks up through its flow
	}
	return engine, nil
}

func runDiagnose(opts *diagnoseOptions) error {
	switch tr := opts.global.texts(); {
	case opts.save == "":
	case opts.answers != "":
		return usageError("", "%s", tr.T(txt.CLISaveOnlyInteractive))
	case opts.noPrompt:
		return usageError(tr.T(txt.CLINoPromptHint), "%s", tr.T(txt.CLISaveNeedsPrompts))
	default:
		// No --answers: the walkthrough was meant, and standard input is no terminal.
		return usageError(tr.T(txt.CLISaveNeedsTerminalHint), "%s", tr.T(txt.CLISaveNeedsTerminal))
	}
	engine, err := newEngine(opts)
	if err != nil {
		return err
	}
	out, err := opts.results.open(opts.env, opts.global.texts())
	if err != nil {
		return err
	}
	format, renderOpts := render.Format(opts.output), opts.env.renderOptions(opts.global.texts())
	var results render.ResultWriter
	var text *render.Writer // text output of more than one case ends with the summary of the batch
	switch {
	case opts.excel:
		results = render.NewCSV(out, renderOpts, true)
	case format == render.Text:
		text = render.NewText(out, renderOpts)
		results = text
	default:
		results = render.NewResults(out, format, renderOpts)
	}
	var summary *diagnose.Summary
	if opts.summary || text != nil {
		summary = opts.env.model().NewSummary()
	}
	if a, ok := engine.Looker.(*aheadLooker); ok {
		// Said once the input is open: an input that cannot be read is the only thing said.
		var stop func()
		opts.caseInput.opened = func() { stop = batchProgress(opts.env, a.runner, opts.global.lang) }
		defer func() {
			if stop != nil {
				stop()
			}
		}()
	}
	read, notCases := 0, 0 // records read, and those that were not JSON objects at all
	err = eachResult(opts.env, "cspfix diagnose", &opts.caseInput, engine, func(r *diagnose.Result) error {
		read++
		if r.Status == diagnose.Invalid && r.Error != nil && (r.Error.Kind == diagnose.ErrSyntax || r.Error.Kind == diagnose.ErrNotObject) {
			notCases++
		}
		if summary != nil {
			summary.Add(r)
		}
		if opts.summary {
			return nil
		}
		if err := results.Write(r); err != nil {
			return err
		}
		if opts.online {
			// Each lookup takes time: a result is out as soon as it is made.
			return out.Flush()
		}
		return nil
	})
	// The summary counts a whole input: not one that stopped early or could not be read.
	var exit *exitError
	if summary != nil && (err == nil || errors.As(err, &exit) && exit.code == exitInvalid) {
		var serr error
		switch {
		case opts.summary:
			serr = render.Summary(out, summary, format, renderOpts)
		case summary.Cases > 1:
			serr = text.WriteSummary(summary)
		}
		if serr != nil {
			err = serr
		}
	}
	if errors.As(err, &exit) && exit.code == exitInvalid && notCases == read && (opts.answers == "" || opts.answers == "-") {
		// Nothing on standard input was even a JSON object: most likely answers to the
		// walkthrough's questions, piped without --accessible (a case with a wrong value is not).
		exit.hint = opts.global.texts().T(txt.CLIPipedAnswersHint)
	}
	// What is finished is written out (to stdout, or the --out file put in place), also when
	// the run stops early; a failed write wins over invalid records (exit 1, not 3).
	return out.close(err)
}

// growStack grows the stack of the goroutine a batch runs on to what its first case needs, in
// one step while the stack is shallow (Main calls it for diagnose). A goroutine starts with 2 KB,
// and its stack doubles when it runs out, copying every frame and reading each frame's tables,
// which a new process has yet to read from the binary: four such steps deep in the first
// diagnosis cost a small batch 0.1-0.2 ms (README "Performance"). Other commands do not need it.
//
//go:noinline
func growStack() {
	var frame [batchStack]byte
	keep(frame[:])
}

// batchStack is the stack growStack asks for: a batch's first diagnosis stays within 32 KB.
const batchStack = 28 << 10

// keep is where growStack's frame goes, so that the compiler keeps it.
//
//go:noinline
func keep([]byte) {}

// walkthroughToFile runs the walkthrough with what it prints at the end (the outcome, the
// message to the customer) going to the --out file instead of stdout: the questions and notes
// stay on the terminal, and the file appears when the walkthrough ends.
func walkthroughToFile(opts *diagnoseOptions) error {
	out, err := opts.results.open(opts.env, opts.global.texts())
	if err != nil {
		return err
	}
	e := *opts.env
	e.stdout, e.stdoutTerminal = out, false
	opts.env = &e
	err = runWalkthrough(opts)
	if out.empty && out.file != nil {
		out.file.Abort() // stopped before its end: there is nothing to keep
		return err
	}
	return out.close(err)
}

// parseNow is the reference time: --now when given, else the clock.
func parseNow(e *env, flag string, tr scenarios.Texts) (time.Time, error) {
	if flag == "" {
		return e.now(), nil
	}
	t, ok := diagnose.ParseTimestamp(flag)
	if !ok {
		return time.Time{}, usageError(tr.T(txt.CLIBadNowHint), "%s", tr.T(txt.CLIBadNow, "value", strconv.Quote(flag)))
	}
	return t, nil
}
