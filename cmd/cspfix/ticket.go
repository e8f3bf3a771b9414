package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

type ticketOptions struct {
	env        *env
	global     *globalOptions
	answers    string
	output     string
	ticketLang scenarios.Lang
	strict     bool
	out        string
	copy       bool
	now        time.Time
}

func newTicketCmd(e *env, g *globalOptions, runF func(*ticketOptions) error) *cobra.Command {
	opts := &ticketOptions{env: e, global: g}
	var nowValue, ticketLang string
	cmd := &cobra.Command{
		Use:     "ticket",
		Short:   ui.TicketShort.In(g.lang),
		Long:    ui.TicketLong.In(g.lang),
		Example: ui.TicketExample.In(g.lang),
	}
	useLine(cmd, "", g.lang)
	checkOutput := outputFlag(cmd, &opts.output, g.lang, "text", "markdown", "json")
	caseInputFlags(cmd, e, &opts.answers, &nowValue, g.lang)
	cmd.Flags().StringVar(&ticketLang, "ticket-lang", "en", ui.TicketLangFlag.In(g.lang))
	cmd.Flags().BoolVar(&opts.strict, "strict", false, ui.StrictFlag.In(g.lang))
	cmd.Flags().StringVar(&opts.out, "out", "", ui.OutFlag.In(g.lang))
	cmd.Flags().BoolVar(&opts.copy, "copy", false, ui.CopyFlag.In(g.lang))
	_ = cmd.MarkFlagFilename("out")
	_ = cmd.RegisterFlagCompletionFunc("ticket-lang", completeLangs)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		if !cmd.Flags().Changed("ticket-lang") && g.settings.cfg.TicketLang != "" {
			ticketLang = g.settings.cfg.TicketLang
		}
		l, err := scenarios.ParseLang(ticketLang)
		if err != nil {
			return usageError(seeHelp(cmd, g.lang), "%s", scenarios.Fill(ui.BadLang.In(g.lang), "value", strconv.Quote(ticketLang)))
		}
		opts.ticketLang = l
		if opts.now, err = parseNow(e, nowValue, g.lang); err != nil {
			return err
		}
		if err := checkOut(opts.out, opts.answers, g.lang); err != nil {
			return err
		}
		if opts.copy && !e.stderrTerminal {
			return usageError("", "%s", ui.CopyNeedsTerminal.In(g.lang))
		}
		if runF != nil {
			return runF(opts)
		}
		return runTicket(opts)
	}
	return cmd
}

func runTicket(opts *ticketOptions) error {
	lang, cat := opts.global.lang, scenarios.MustLoad()
	generator := "cspfix " + version()
	engine := &diagnose.Engine{Catalog: cat, Lang: lang, Now: opts.now, TicketLang: opts.ticketLang, Generator: generator,
		Desk: opts.global.settings.desk()}

	// The tickets are made first and delivered whole: to --out atomically, or to stdout.
	var buf bytes.Buffer
	tickets := render.NewTickets(&buf, render.Format(opts.output), cat)
	incomplete := 0
	err := eachResult(opts.env, "cspfix ticket", opts.answers, engine, func(r *diagnose.Result) error {
		if r.Status == diagnose.Invalid {
			return tickets.WriteInvalid(r, lang) // its place is marked
		}
		t := r.Ticket
		if t == nil {
			t = engine.Ticket(r.Case, r, opts.ticketLang, generator)
		}
		if len(t.Missing) > 0 || len(t.Problems) > 0 {
			incomplete++
		}
		return tickets.Write(t)
	})
	// Write what was produced even when some records were invalid.
	if werr := deliverTicket(opts, buf.Bytes()); werr != nil {
		return werr
	}
	if err != nil {
		return err
	}
	if opts.strict && incomplete > 0 {
		return &exitError{code: exitCheckFailed, hint: ui.TicketIncompleteHint.In(lang),
			err: errors.New(ui.TicketIncomplete.In(lang, "n", strconv.Itoa(incomplete)))}
	}
	return nil
}

// checkOut refuses, before anything is read, an output file that is not a regular file or that
// is the input itself: writing it would destroy the cases.
func checkOut(out, in string, lang scenarios.Lang) error {
	if out == "" {
		return nil
	}
	if err := safefile.Check(out); err != nil {
		return refusedFile(ui.CannotWrite, out, err, lang)
	}
	if in == "" || in == "-" {
		return nil
	}
	a, errA := os.Stat(out)
	b, errB := os.Stat(in)
	if errA == nil && errB == nil && os.SameFile(a, b) {
		return usageError("", "%s", scenarios.Fill(ui.OutIsInput.In(lang), "path", sanitize.Exact(out)))
	}
	return nil
}

// deliverTicket sends the tickets to --out (atomically) or stdout, and to the clipboard.
func deliverTicket(opts *ticketOptions, data []byte) error {
	lang := opts.global.lang
	if opts.out != "" {
		if err := safefile.WriteFile(opts.out, data, 0o600); err != nil {
			return refusedFile(ui.CannotWrite, opts.out, err, lang)
		}
		fmt.Fprintln(opts.env.stderr, scenarios.Fill(ui.TicketWritten.In(lang), "path", sanitize.Exact(opts.out)))
	} else if _, err := opts.env.stdout.Write(data); err != nil {
		return err
	}
	if opts.copy {
		if _, err := io.WriteString(opts.env.stderr, clipboardSequences(opts.env, string(data))); err != nil {
			return err
		}
		// The terminal does not say whether it took the text: say what was done, not more.
		fmt.Fprintln(opts.env.stderr, ui.TicketCopied.In(lang))
	}
	return nil
}

// clipboardSequences asks the terminal to put text on the clipboard (OSC 52). tmux takes the
// plain sequence when set-clipboard is on, and passes its own wrapping on to the outer terminal
// only when allow-passthrough is on: inside tmux both are sent. GNU screen needs its wrapping.
func clipboardSequences(e *env, text string) string {
	seq := osc52.New(text)
	switch term := e.getenv("TERM"); {
	case e.getenv("TMUX") != "" || strings.HasPrefix(term, "tmux"):
		return seq.String() + seq.Tmux().String()
	case e.getenv("STY") != "" || strings.HasPrefix(term, "screen"):
		return seq.Screen().String()
	}
	return seq.String()
}
