package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// runWalkthrough walks a person through one case in the terminal (README "The walkthrough"): prompts on stderr,
// the outcome on stdout, the case saved after every answer.
func runWalkthrough(opts *diagnoseOptions) error {
	e, tr := opts.env, opts.global.texts()
	e.watchSignalsNow() // a person answers: a signal saves what was answered
	c, held, err := caseToWalk(opts)
	if err != nil {
		return err
	}
	// The case is this run's until it ends: no other cspfix changes it meanwhile.
	defer held.Release()
	path := held.Path
	engine, err := newEngine(opts)
	if err != nil {
		return err
	}
	errTheme := e.themeFor(e.stderrTerminal)
	errOpts := render.Options{Lang: tr.Lang, Catalog: engine.Model.Catalog, Theme: errTheme, Width: e.textWidth(), Terminal: e.stderrTerminal}
	settings := promptSettings{ctx: e.ctx, in: e.stdin, out: e.stderr, accessible: opts.accessible,
		dumb: e.getenv("TERM") == "dumb", inTerminal: e.stdinTerminal, theme: errTheme, tr: tr}
	if e.stderrTerminal {
		settings.width = e.textWidth()
	}
	prompter := e.prompter(settings)
	// The prompts end before the outcome is printed: the program leaves the terminal as it was.
	closePrompter := func() {
		if c, ok := prompter.(io.Closer); ok {
			c.Close()
		}
	}
	defer func() { closePrompter() }()
	// A new case in the state directory is named after its customer once the name is known.
	reserved := opts.save == "" && opts.resume == ""
	rename := reserved
	saved := false // something was answered and written in this run
	flow := &walkthrough.Flow{
		Prompter: prompter,
		Engine:   engine,
		Now:      opts.clock(e),
		Save: func(c *diagnose.Case) error {
			saved = true
			if rename && strings.TrimSpace(c.Customer.Name) != "" {
				rename = false
				id := casefile.NamedID(c.Customer.Name, opts.now)
				if err := held.Rename(id); err == nil {
					path, c.ID = held.Path, id
				}
			}
			if err := held.Save(c); err != nil {
				return refusedFile(txt.CLICannotWrite, path, err, tr)
			}
			return nil
		},
		Render: func(r *diagnose.Result) string {
			var b strings.Builder
			render.NewText(&b, errOpts).Write(r)
			return strings.TrimRight(b.String(), "\n")
		},
		Headline:   func(r *diagnose.Result) string { return render.Headline(r, errOpts) },
		Resumed:    opts.resume != "",
		Accessible: opts.accessible,
	}
	facts, preset := fillFromSettings(c, opts.global.settings.cfg, tr)
	if facts != "" {
		prompter.Say(tr.T(txt.CLIFromSettings, "facts", facts))
	}
	flow.Preset = preset
	if err := walkthroughLookups(opts, flow); err != nil {
		return err
	}
	out, err := flow.Run(c)
	closePrompter()
	if err == nil {
		err = render.Outcome(e.stdout, out, render.Format(opts.output), e.renderOptions(tr))
	}
	if err == nil && out.Kind == walkthrough.Support && c.Outcome.Status == "" {
		// The ticket above is what the support request is opened with: then take its number.
		err = flow.RecordTicket(c)
		closePrompter()
	}
	if err == nil && out.Kind != walkthrough.Fixed && opts.output != "json" {
		err = offerMessage(opts, flow, c, out, closePrompter)
	}
	resume := resumeWords(resumeName(opts.env, path, c, tr), opts.global.langFlag, opts.accessible)
	if errors.Is(err, walkthrough.ErrAborted) {
		return stoppedWalkthrough(opts, err, path, resume, saved, reserved)
	}
	if err != nil {
		return err
	}
	e.note(tr.T(txt.CLICaseSaved, "path", sanitize.Exact(path)), sanitize.Exact(path))
	if out.Kind == walkthrough.Later || out.Kind == walkthrough.Incomplete {
		e.noteCommand(tr.T(txt.CLIResumeWith, "command", ""), resume)
	}
	return nil
}

// stoppedWalkthrough says how a walkthrough that stopped before its end left the case, and how
// to go on: Ctrl-C or a signal (exit 130, 143, 129), or the end of piped answers (exit 0, as an
// incomplete case; exit 2 when not one answer came). What was answered is saved; a new case
// nobody answered anything in is not kept (README "The walkthrough").
func stoppedWalkthrough(opts *diagnoseOptions, err error, path string, resume []string, saved, reserved bool) error {
	e, tr := opts.env, opts.global.texts()
	ended := errors.Is(err, walkthrough.ErrEndOfInput) && context.Cause(e.ctx) == nil
	if !saved && reserved {
		os.Remove(path) // the empty file reserved for the new case
	}
	p := sanitize.Exact(path)
	fmt.Fprintln(e.stderr)
	switch {
	case saved && ended:
		e.note(tr.T(txt.CLIAnswersEnded, "path", p), p)
	case saved:
		e.note(tr.T(txt.CLIInterrupted, "path", p), p)
	case opts.resume != "" && ended:
		e.note(tr.T(txt.CLIEndedUnchanged, "path", p), p)
	case opts.resume != "":
		e.note(tr.T(txt.CLIStoppedUnchanged, "path", p), p)
	case ended:
		return usageError(tr.T(txt.CLINoAnswersHint), "%s", tr.T(txt.CLINoAnswers))
	default:
		e.note(tr.T(txt.CLIStoppedNothingSaved), "")
	}
	if saved || opts.resume != "" {
		e.noteCommand(tr.T(txt.CLIResumeWith, "command", ""), resume)
	}
	switch cause := context.Cause(e.ctx); {
	case cause != nil:
		return cause
	case ended:
		return nil
	}
	return &exitError{code: exitInterrupted}
}

// note writes a sentence for the person on stderr, wrapped at the terminal's width there. The
// path it names (path, "" for none) is never broken: where the sentence does not fit on one
// line, the path stands on a line of its own, however long, so that it is copied in one go.
func (e *env) note(text, path string) {
	if !e.stderrTerminal {
		fmt.Fprintln(e.stderr, text)
		return
	}
	width := e.textWidth()
	wrapped := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			fmt.Fprint(e.stderr, render.Wrap("", "  ", s, width))
		}
	}
	before, after, found := strings.Cut(text, path)
	if path == "" || !found || len([]rune(text)) <= width {
		wrapped(text)
		return
	}
	wrapped(before)
	fmt.Fprintln(e.stderr, path)
	if after = strings.TrimSpace(after); after != "." {
		wrapped(after)
	}
}

// noteCommand writes a command to run after its label ("Resume with:"), whole: on the label's
// line where both fit in the terminal's width, else on a line of its own. In a POSIX shell a
// command wider than the terminal is broken only between its words (a quoted path with spaces
// is one) with a backslash, so that no ID or path is cut in two and a copy of it still runs.
// PowerShell and cmd.exe continue lines with different characters (` and ^), and the guess
// which of them runs cspfix can be wrong (a cmd.exe started from PowerShell looks like
// PowerShell): there the command is never broken, and the terminal wraps it (README "Windows").
func (e *env) noteCommand(label string, words []string) {
	label = strings.TrimSpace(label)
	width := e.textWidth()
	command := strings.Join(words, " ")
	if !e.stderrTerminal || len([]rune(label))+1+len([]rune(command)) <= width {
		fmt.Fprintln(e.stderr, label+" "+command)
		return
	}
	fmt.Fprintln(e.stderr, label)
	if userShell != sanitize.POSIXShell {
		fmt.Fprintln(e.stderr, command)
		return
	}
	fmt.Fprintln(e.stderr, continuedLines(words, "  ", width, userShell.Continuation()))
}

// continuedLines breaks a command between its words into lines of at most width columns (a word
// longer than that stands alone), each but the last ending in the shell's continuation (a
// backslash for POSIX shells).
func continuedLines(words []string, indent string, width int, continuation string) string {
	var lines []string
	line := indent
	for _, word := range words {
		if line != indent && len([]rune(line))+1+len([]rune(word))+2 > width {
			lines = append(lines, line+continuation)
			line = indent + "  "
		}
		if line != indent && line != indent+"  " {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}

// offerMessage offers, after the outcome, to write the message to the customer about the
// scenario shown (README "Writing to the customer"), in the customer's language from the
// settings, and prints it on stdout after the outcome. JSON output offers nothing: stdout holds
// the result alone. closePrompter ends the prompts before anything is printed, so that the
// message arrives whole on the terminal, at its width, never overwritten by a prompt.
func offerMessage(opts *diagnoseOptions, flow *walkthrough.Flow, c *diagnose.Case, out walkthrough.Outcome, closePrompter func()) error {
	e, tr, engine := opts.env, opts.global.texts(), flow.Engine
	// The flow takes a stop at this question for a no; Ctrl-C is a stop all the same (exit 130,
	// README "The walkthrough"), while piped answers that end here are a no.
	watch := &stopWatch{Prompter: flow.Prompter}
	flow.Prompter = watch
	ok, err := flow.OfferMessage()
	flow.Prompter = watch.Prompter
	closePrompter()
	if !ok || err != nil {
		if context.Cause(e.ctx) != nil || watch.stopped {
			return walkthrough.ErrAborted // a signal or Ctrl-C, not a no
		}
		return err
	}
	r := out.Result
	if out.Kind == walkthrough.Support || out.Kind == walkthrough.Later {
		// With the request's number, when it was just recorded, or the retry time just chosen.
		r = engine.Diagnose(c, 1)
	}
	customerLang, err := scenarios.ParseLang(opts.global.settings.cfg.CustomerLang)
	if err != nil {
		customerLang = tr.Lang
	}
	m, skip := engine.Message(&r, diagnose.MessageOptions{Lang: customerLang, InvitationURL: opts.global.settings.cfg.Partner.InvitationURL})
	if m == nil {
		fmt.Fprintln(e.stderr, tr.T(txt.CLIMessageSkipped, "id", sanitize.Exact(r.ID), "reason", engine.Model.Catalog.Text(skip, tr.Lang)))
		return nil
	}
	fmt.Fprintln(e.stdout)
	messages := render.NewMessages(e.stdout, engine.Model.Catalog, render.Format(opts.output))
	if e.stdoutTerminal {
		messages.Within(e.textWidth())
	}
	return messages.Write(m)
}

// stopWatch is a prompter that remembers whether the person stopped (Ctrl-C) at a question.
type stopWatch struct {
	walkthrough.Prompter
	stopped bool
}

func (w *stopWatch) Ask(p walkthrough.Prompt) (string, error) {
	v, err := w.Prompter.Ask(p)
	w.stopped = w.stopped || errors.Is(err, walkthrough.ErrAborted) && !errors.Is(err, walkthrough.ErrEndOfInput)
	return v, err
}

// fillFromSettings gives the case the partner's facts from the settings that it does not hold
// yet, so that the walkthrough does not ask them, and says which, in words ("" for none). It
// returns the paths of the facts the case holds as the settings do, filled now or when the case
// was begun: they skip their own questions and no other (README "The walkthrough").
func fillFromSettings(c *diagnose.Case, cfg *config.Config, tr scenarios.Texts) (string, []string) {
	var said, preset []string
	for _, f := range []struct {
		to    *string
		from  string
		path  string
		label txt.Key
	}{
		{&c.Partner.Name, cfg.Partner.Name, "partner.name", txt.TicketFieldPartnerName},
		{&c.Partner.PartnerID, cfg.Partner.PartnerID, "partner.partner_id", txt.TicketFieldPartnerID},
		{&c.Partner.IndirectProvider, cfg.Partner.IndirectProvider, "partner.indirect_provider", txt.TicketFieldIndirectProvider},
		{&c.Partner.Country, cfg.Partner.Country, "partner.country", txt.TicketFieldCountry},
	} {
		if f.from == "" {
			continue
		}
		if strings.TrimSpace(*f.to) == "" {
			*f.to = f.from
			said = append(said, tr.T(f.label)+" "+sanitize.Exact(f.from))
		}
		if *f.to == f.from {
			preset = append(preset, f.path)
		}
	}
	// Parted by " · ", not commas: each fact starts with its label, capitalised as a label is
	// (German "Indirekter Anbieter" mid-sentence would read wrong).
	return strings.Join(said, " · "), preset
}

// clock is the walkthrough's clock: --now when it is given, so that what the walkthrough
// records and says agrees with the diagnosis's "now", else the real one.
func (opts *diagnoseOptions) clock(e *env) func() time.Time {
	if opts.nowValue != "" {
		return func() time.Time { return opts.now }
	}
	return e.now
}

// caseToWalk is the case the walkthrough goes through and the file it is kept in, held by this
// run: the resumed one, or a new one in --save or in a new file of the state directory. Nothing
// is asked before it is sure that the answers can be kept: a file that is not a regular one (a
// link among them), or that another cspfix is working on, is refused first.
func caseToWalk(opts *diagnoseOptions) (c *diagnose.Case, held *casefile.Held, err error) {
	tr := opts.global.texts()
	c = opts.env.model().NewCase()
	defer func() {
		if err != nil {
			held.Release()
		}
	}()
	if opts.resume != "" {
		resume, err := resumePath(opts)
		if err != nil {
			return nil, nil, err
		}
		if _, err := os.Lstat(resume); err != nil {
			return nil, nil, refusedFile(txt.CLICannotResume, resume, err, tr)
		}
		if held, err = casefile.Hold(opts.env.model(), resume); err != nil {
			return nil, nil, refusedFile(txt.CLICannotResume, resume, err, tr)
		}
		if c, err = held.Load(); err != nil {
			return nil, held, refusedFile(txt.CLICannotResume, resume, err, tr)
		}
		opts.resume = resume
		if opts.save == "" || filepath.Clean(opts.save) == filepath.Clean(resume) {
			return c, held, nil
		}
		held.Release() // answered into --save instead: the resumed file is only read
		held = nil
	}
	if c.ID == "" {
		c.ID = casefile.NewID(opts.now)
	}
	if opts.save == "" {
		dir, err := opts.env.casesDir(tr)
		if err != nil {
			return nil, nil, err
		}
		path, err := casefile.Reserve(dir, c.ID)
		if err != nil {
			return nil, nil, refusedFile(txt.CLICannotWrite, dir, err, tr)
		}
		if held, err = casefile.Hold(opts.env.model(), path); err != nil {
			return nil, nil, refusedFile(txt.CLICannotWrite, path, err, tr)
		}
		return c, held, nil
	}
	if held, err = casefile.Hold(opts.env.model(), opts.save); err != nil {
		return nil, nil, refusedFile(txt.CLICannotSave, opts.save, err, tr)
	}
	if err := held.Claim(c); err != nil {
		return nil, held, refusedFile(txt.CLICannotSave, opts.save, err, tr)
	}
	return c, held, nil
}

// resumePath is the file --resume names: the file itself, or, for a word that is no file, the
// saved case with that ID.
func resumePath(opts *diagnoseOptions) (string, error) {
	tr := opts.global.texts()
	name := opts.resume
	if _, err := os.Lstat(name); err == nil || strings.ContainsAny(name, `/\`) {
		return name, nil
	}
	dir, err := opts.env.casesDir(tr)
	if err != nil {
		return name, nil
	}
	path, err := casefile.Find(opts.env.model(), dir, name)
	var shared *casefile.SharedIDError
	switch {
	case errors.Is(err, casefile.ErrNoSuchCase):
		return "", usageError(didYouMeanCase(opts.env, dir, name, tr), "%s",
			tr.T(txt.CLINoSuchCase, "id", strconv.Quote(sanitize.Exact(name)), "dir", sanitize.Exact(dir)))
	case errors.As(err, &shared):
		return "", sharedIDError(shared, tr)
	case err != nil:
		return "", fileProblem(txt.CLICannotRead, dir, err, tr)
	}
	return path, nil
}

// casesDir is where cases are saved by default: the user's state directory
// ($XDG_STATE_HOME, ~/.local/state, or %LOCALAPPDATA%), under cspfix/cases.
func (e *env) casesDir(tr scenarios.Texts) (string, error) {
	base := e.getenv("XDG_STATE_HOME")
	switch {
	case base != "":
	case e.getenv("LOCALAPPDATA") != "":
		base = e.getenv("LOCALAPPDATA")
	case e.getenv("HOME") != "":
		base = filepath.Join(e.getenv("HOME"), ".local", "state")
	default:
		return "", usageError(tr.T(txt.CLINoStateDirHint), "%s", tr.T(txt.CLINoStateDir))
	}
	return filepath.Join(base, "cspfix", "cases"), nil
}

// resumeName is what --resume needs to find the case again: its ID when it is saved under its
// ID in the state directory, else its file.
func resumeName(e *env, path string, c *diagnose.Case, tr scenarios.Texts) string {
	dir, err := e.casesDir(tr)
	if err == nil && c.ID != "" && filepath.Clean(path) == filepath.Join(dir, c.ID+".json") {
		return c.ID
	}
	return path
}
