package cli

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

type ticketOptions struct {
	env    *env
	global *globalOptions
	caseInput
	output     string
	ticketLang scenarios.Lang
	strict     bool
	impact     string
	delivery
}

func newTicketCmd(e *env, g *globalOptions, runF func(*ticketOptions) error) *cobra.Command {
	opts := &ticketOptions{env: e, global: g}
	var ticketLang string
	cmd := &cobra.Command{
		Use:     "ticket",
		Long:    g.texts().T(txt.CLITicketLong),
		Example: g.texts().T(txt.CLITicketExample),
	}
	useLine(cmd, "", g.texts())
	checkOutput := outputFlag(cmd, &opts.output, g.texts(), "text", "markdown", "json")
	opts.caseInput.flags(cmd, e, g.texts())
	cmd.Flags().StringVar(&ticketLang, "ticket-lang", "en", g.texts().T(txt.CLITicketLangFlag))
	cmd.Flags().BoolVar(&opts.strict, "strict", false, g.texts().T(txt.CLIStrictFlag))
	cmd.Flags().StringVar(&opts.impact, "impact", "", g.texts().T(txt.CLIImpactFlag))
	opts.delivery.flags(cmd, g.texts(), txt.CLIOutFlag, txt.CLIOutDirFlag, txt.CLICopyFlag)
	_ = cmd.RegisterFlagCompletionFunc("ticket-lang", completeLangs)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		var err error
		if opts.ticketLang, err = langOption(cmd, "ticket-lang", ticketLang, g.settings.cfg.TicketLang, scenarios.EN, g.texts()); err != nil {
			return err
		}
		if err = opts.caseInput.check(e, g.texts()); err != nil {
			return err
		}
		if err := opts.delivery.check(cmd, e, opts.answers, g.texts()); err != nil {
			return err
		}
		if runF != nil {
			return runF(opts)
		}
		return runTicket(opts)
	}
	return cmd
}

// ticketExt is the file name extension of a ticket in each format.
var ticketExt = lazy.Value[map[render.Format]string]{Make: func() map[render.Format]string {
	return map[render.Format]string{render.Text: ".txt", render.Markdown: ".md", render.JSON: ".json"}
}}

func runTicket(opts *ticketOptions) error {
	tr, cat := opts.global.texts(), opts.global.catalog
	generator := "cspfix " + version()
	engine := &diagnose.Engine{Model: opts.env.model(), Lang: tr.Lang, Now: opts.now, TicketLang: opts.ticketLang, Generator: generator,
		Desk: opts.global.settings.desk(), Impact: opts.impact}
	format := render.Format(opts.output)

	// Each ticket is written as it is made, to stdout or --out; with --out-dir each goes to a
	// file of its own, and an unreadable record is named on stderr.
	var tickets *render.TicketWriter
	var files *perCaseFiles
	var out *stream
	if opts.outDir != "" {
		var err error
		if files, err = newPerCaseFiles(opts.outDir, ticketExt.Get()[format], &opts.outputs); err != nil {
			return refusedFile(txt.CLICannotWrite, opts.outDir, err, tr)
		}
		tickets = render.NewTickets(opts.env.stderr, render.Text, cat)
	} else {
		var err error
		if out, err = opts.delivery.open(opts.env, tr); err != nil {
			return err
		}
		tickets = render.NewTickets(out, format, cat)
	}
	incomplete := 0
	var one bytes.Buffer
	err := eachResult(opts.env, "cspfix ticket", &opts.caseInput, engine, func(r *diagnose.Result) error {
		if r.Status == diagnose.Invalid {
			return tickets.WriteInvalid(r, tr.Lang) // its place is marked
		}
		t := r.Ticket
		if t == nil {
			t = engine.Ticket(r.Case, r, opts.ticketLang, generator)
		}
		if len(t.Missing) > 0 || len(t.Problems) > 0 {
			incomplete++
		}
		if files != nil {
			one.Reset()
			if err := render.NewTickets(&one, format, cat).Write(t); err != nil {
				return err
			}
			return files.write(r, one.Bytes(), tr)
		}
		return tickets.Write(t)
	})
	if files != nil {
		files.done(opts.env, tr)
	} else {
		// What was produced is written even when some records were invalid.
		err = out.close(err)
	}
	if err != nil {
		return err
	}
	if opts.strict && incomplete > 0 {
		return &exitError{code: exitCheckFailed, hint: tr.T(txt.CLITicketIncompleteHint),
			err: errors.New(tr.T(txt.CLITicketIncomplete, "n", strconv.Itoa(incomplete)))}
	}
	return nil
}
