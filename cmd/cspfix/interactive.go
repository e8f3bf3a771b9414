package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
)

// runWalkthrough walks a person through one case in the terminal (SPEC §6): prompts on stderr,
// the outcome on stdout, the case saved after every answer.
func runWalkthrough(opts *diagnoseOptions) error {
	e, lang := opts.env, opts.global.lang
	cat := scenarios.MustLoad()
	c := &diagnose.Case{}
	path := opts.save
	if opts.resume != "" {
		loaded, err := casefile.Load(opts.resume)
		if err != nil {
			return refusedFile(ui.CannotResume, opts.resume, err, lang)
		}
		c = loaded
		if path == "" {
			path = opts.resume
		}
	}
	if c.ID == "" {
		c.ID = casefile.NewID(opts.now)
	}
	if path == "" {
		dir, err := e.casesDir(lang)
		if err != nil {
			return err
		}
		if path, err = casefile.Reserve(dir, c.ID); err != nil {
			return refusedFile(ui.CannotWrite, dir, err, lang)
		}
	} else if path != opts.resume {
		// Nothing is asked before it is sure that the answers can be kept.
		if err := casefile.Claim(path, c); err != nil {
			return refusedFile(ui.CannotSave, path, err, lang)
		}
	}
	save := func(c *diagnose.Case) error {
		if err := casefile.Save(path, c); err != nil {
			return refusedFile(ui.CannotWrite, path, err, lang)
		}
		return nil
	}
	resume := resumeCommand(path, opts.global.langFlag)
	errTheme := e.themeFor(e.stderrTerminal)
	prompter := e.prompter(promptSettings{ctx: e.ctx, in: e.stdin, out: e.stderr, accessible: opts.accessible,
		colour: e.colour(e.stderrTerminal), width: e.textWidth(), dim: errTheme.Dim, lang: lang})

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
		// Ctrl-C, the end of piped answers, or a signal: what was answered is saved, nothing
		// else; say where, and how to go on.
		fmt.Fprintln(e.stderr, "\n"+scenarios.Fill(ui.Interrupted.In(lang), "path", sanitize.Exact(path), "command", resume))
		if cause := context.Cause(e.ctx); cause != nil {
			return cause
		}
		return &exitError{code: exitInterrupted}
	}
	if err != nil {
		return err
	}

	if err := render.Outcome(e.stdout, out, e.renderOptions(lang)); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, scenarios.Fill(ui.CaseSaved.In(lang), "path", sanitize.Exact(path)))
	if out.Kind == walkthrough.Later || out.Kind == walkthrough.Incomplete {
		fmt.Fprintln(e.stderr, scenarios.Fill(ui.ResumeWith.In(lang), "command", resume))
	}
	return nil
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
	return filepath.Join(base, "cspfix", "cases"), nil
}

// resumeCommand is the exact command that continues the case, quoted for a POSIX shell.
func resumeCommand(path, langFlag string) string {
	cmd := "cspfix diagnose --resume " + sanitize.Shell(path)
	if langFlag != "" {
		cmd += " --lang " + sanitize.Shell(langFlag)
	}
	return cmd
}
