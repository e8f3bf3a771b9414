package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/atomicfile"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
)

// runInteractive walks a person through one case in the terminal (SPEC §6): prompts on stderr,
// the outcome on stdout, the case saved after every answer.
func runInteractive(opts *diagnoseOptions) error {
	e, lang := opts.env, opts.global.lang
	cat := scenarios.MustLoad()
	c := &diagnose.Case{}
	path := opts.save
	if opts.resume != "" {
		loaded, err := loadCase(opts.resume, lang)
		if err != nil {
			return err
		}
		c = loaded
		if path == "" {
			path = opts.resume
		}
	}
	if c.ID == "" {
		c.ID = "case-" + opts.now.Format("2006-01-02-150405")
	}
	if path == "" {
		dir, err := e.casesDir(lang)
		if err != nil {
			return err
		}
		path = filepath.Join(dir, c.ID+".json")
	}
	save := func(c *diagnose.Case) error {
		data, err := json.MarshalIndent(c, "", "  ")
		if err == nil {
			err = atomicfile.WriteFile(path, append(data, '\n'), 0o600)
		}
		if err != nil {
			return &exitError{code: exitFailure, err: fileProblem(ui.CannotWrite, path, err, lang)}
		}
		return nil
	}
	resume := resumeCommand(path, opts.global.langFlag)
	errTheme := e.themeFor(e.stderrTerminal)
	prompter := newHuhPrompter(e.stdin, e.stderr, opts.accessible, e.colour(e.stderrTerminal), e.textWidth(), errTheme.Dim, lang)
	if e.notifyInterrupt != nil {
		// Ctrl-C while no form owns the terminal (between prompts, or in accessible mode, where
		// it arrives as a signal): the case was saved after the last answer; say where, stop.
		stop := e.notifyInterrupt(func() bool {
			if prompter.inForm.Load() {
				return false // the form turns it into ErrUserAborted
			}
			fmt.Fprintln(e.stderr, "\n"+scenarios.Fill(ui.Interrupted.In(lang), "path", path, "command", resume))
			return true
		})
		defer stop()
	}

	engine, err := newEngine(opts)
	if err != nil {
		return err
	}
	flow := &walkthrough.Flow{
		Prompter: prompter,
		Engine:   engine,
		Now:      e.now,
		Save:     save,
		Render: func(r *diagnose.Result) string {
			var b strings.Builder
			render.NewText(&b, render.Options{Lang: lang, Catalog: cat, Theme: errTheme, Width: e.textWidth()}).Write(r)
			return strings.TrimRight(b.String(), "\n")
		},
	}
	out, err := flow.Run(c)
	if errors.Is(err, walkthrough.ErrAborted) {
		fmt.Fprintln(e.stderr, "\n"+scenarios.Fill(ui.Interrupted.In(lang), "path", path, "command", resume))
		return &exitError{code: exitInterrupted}
	}
	if err != nil {
		return err
	}

	var b strings.Builder
	switch out.Kind {
	case walkthrough.Fixed, walkthrough.Later:
		b.WriteString(out.Summary(lang) + "\n")
	case walkthrough.Incomplete, walkthrough.Support:
		render.NewText(&b, render.Options{Lang: lang, Catalog: cat, Theme: e.theme(), Width: e.textWidth()}).Write(&out.Result)
	}
	if out.Result.Ticket != nil {
		b.WriteString("\n")
		render.TicketText(&b, out.Result.Ticket, cat, false)
	}
	if _, err := fmt.Fprint(e.stdout, b.String()); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, scenarios.Fill(ui.CaseSaved.In(lang), "path", path))
	if out.Kind == walkthrough.Later || out.Kind == walkthrough.Incomplete {
		fmt.Fprintln(e.stderr, scenarios.Fill(ui.ResumeWith.In(lang), "command", resume))
	}
	return nil
}

// loadCase reads a saved case (a case file holding one case) for --resume.
func loadCase(path string, lang scenarios.Lang) (*diagnose.Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &exitError{code: exitUsage, hint: ui.CannotReadHint.In(lang),
			err: fileProblem(ui.CannotRead, path, err, lang)}
	}
	defer f.Close()
	var c diagnose.Case
	err = diagnose.NewDecoder(f).Next(&c)
	var ie *diagnose.InputError
	switch {
	case errors.As(err, &ie):
		return nil, &exitError{code: exitUsage, err: errors.New(scenarios.Fill(ui.CannotRead.In(lang), "path", path, "err", ie.Message(lang)))}
	case err != nil:
		return nil, &exitError{code: exitUsage, err: fileProblem(ui.CannotRead, path, err, lang)}
	}
	return &c, nil
}

// casesDir is where cases are saved by default: the user's state directory
// ($XDG_STATE_HOME, ~/.local/state, or %LOCALAPPDATA%), under cspfix/cases.
func (e *env) casesDir(lang scenarios.Lang) (string, error) {
	base := e.getenv("XDG_STATE_HOME")
	switch {
	case base != "":
	case e.getenv("LOCALAPPDATA") != "":
		base = e.getenv("LOCALAPPDATA")
	case e.getenv("HOME") != "":
		base = filepath.Join(e.getenv("HOME"), ".local", "state")
	default:
		return "", usageError(ui.NoStateDirHint.In(lang), "%s", ui.NoStateDir.In(lang))
	}
	dir := filepath.Join(base, "cspfix", "cases")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, nil
}

// resumeCommand is the exact command that continues the case, quoted for a POSIX shell.
func resumeCommand(path, langFlag string) string {
	cmd := "cspfix diagnose --resume " + shellQuote(path)
	if langFlag != "" {
		cmd += " --lang " + shellQuote(langFlag)
	}
	return cmd
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
