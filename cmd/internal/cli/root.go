package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/discovery"
	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/platform"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// env is everything a command takes from the outside world, so that tests can replace it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time

	stdinTerminal, stdoutTerminal, stderrTerminal bool
	width                                         int // columns of the terminal on stdout, 0 when not a terminal
	// stdinMintty: standard input is Git Bash's window (mintty), which is no console on Windows
	// (platform.MinttyInput): cspfix can neither ask there nor read cases from it.
	stdinMintty bool
	// languages are the system's display languages, for the interface language when no locale
	// variable is set (Windows): none when nil.
	languages platform.Languages

	// prompter makes the walkthrough's prompter: the terminal's (internal/termprompt) or plain
	// lines, unless a test gives a script.
	prompter func(promptSettings) walkthrough.Prompter
	// online reaches Microsoft; nil in the cspfix executable, which hands the runs that need it
	// to cspfix-online (handOver). The fields below come from it unless a test gives fakes.
	online *Online
	// handOver runs the command line in cspfix-online and returns its exit code (README "Two
	// executables"); a test may give another.
	handOver func(args []string) (int, error)
	// handedOverBy is the version of the cspfix that handed this run to cspfix-online, "" for
	// none.
	handedOverBy string
	// lookup makes the client of Microsoft's sign-in service for an authority ("" for the
	// public cloud's).
	lookup func(authority string) (lookup, error)
	// connect makes the clients of Graph and Partner Center that share a limiter.
	connect func(*microsoft.Limiter) microsoft.Connector
	// signinFactory and signinStore make the sign-in's credentials and keep its tokens
	// (cspfix login).
	signinFactory signin.Factory
	signinStore   signin.Store

	// catalog is the run's catalog: every text cspfix says, and the knowledge its diagnosis is
	// made of (model). The one the binary carries unless a test gives another; the commands
	// are given it (globalOptions.texts), never a global.
	catalog *scenarios.Catalog
	// compiled is the diagnosis model of catalog, made when a command first needs it (model):
	// the commands that only print texts never do.
	compiled func() (*diagnose.Model, error)

	// ctx is cancelled when a signal asks cspfix to stop; its cause is then a stopSignal.
	// Commands stop at the next safe point: a batch after its current result, the walkthrough
	// at its current question, having saved what was answered. watchSignals takes the signals
	// over for that; the commands that wait call it (signalCommands), and nil means the caller
	// (a test) watches itself.
	ctx          context.Context
	watchSignals func()
}

// signalCommands are the commands that may wait for something a signal must be able to end at
// a safe point: a batch's input, a person's answers, the network. true takes the signals over
// before the command runs; false leaves it to the command, once it knows that it waits (a batch
// from a pipe, a large file or the network, the walkthrough: quickBatch).
var signalCommands = lazy.Value[map[string]bool]{Make: func() map[string]bool {
	return map[string]bool{"cspfix diagnose": false, "cspfix ticket": false, "cspfix message": false, "cspfix tenant resolve": true}
}}

// watchSignalsNow takes the signals over, to stop at a safe point, unless the caller (a test)
// watches itself.
func (e *env) watchSignalsNow() {
	if e.watchSignals != nil {
		e.watchSignals()
	}
}

// stopGrace is how long Main waits, after a signal, for the command to save and flush what it
// has before it ends anyway; a second signal ends it at once.
const stopGrace = 5 * time.Second

// Online is what cspfix needs to reach Microsoft: the clients of its public sign-in service,
// of Graph and Partner Center, and the sign-in. Only cspfix-online links them, so that cspfix
// starts without Go's network stack (README "Two executables").
type Online struct {
	// Discovery makes the client of the public sign-in service for an authority ("" for the
	// public cloud's): internal/discovery/oidc.
	Discovery func(authority string) (discovery.Lookup, error)
	// Connect makes the clients of Graph and Partner Center that share the limiter:
	// internal/microsoft/rest.
	Connect func(*microsoft.Limiter) microsoft.Connector
	// SigninFactory and SigninStore make the sign-in's credentials and keep its tokens:
	// internal/signin/entra.
	SigninFactory signin.Factory
	SigninStore   signin.Store
}

// Program is what an executable gives Main.
type Program struct {
	// Exit ends the process at once: Main calls it only when a command that took the signals
	// over has not stopped within stopGrace of a signal, or at a second one (os.Exit).
	Exit func(code int)
	// Version is a release's version (-ldflags "-X main.buildVersion=v1.2.3"), "" for a build
	// from source.
	Version string
	// Online reaches Microsoft; nil in cspfix, which hands the runs that need it to
	// cspfix-online.
	Online *Online
}

// Main runs cspfix with the process's arguments and streams and returns its exit code. It is
// the one place that decides how the process ends: main passes the code to os.Exit.
func Main(p Program) int {
	buildVersion = p.Version
	exit := p.Exit
	if namedIn(os.Args[1:])("diagnose") {
		growStack()
	}
	e := &env{
		stdin:          os.Stdin,
		stdout:         os.Stdout,
		stderr:         os.Stderr,
		getenv:         os.Getenv,
		now:            time.Now,
		stdinTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		stdoutTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		stderrTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		languages:      platform.System(),
		online:         p.Online,
	}
	if p.Online != nil {
		e.handedOverBy = handedOverBy()
	}
	e.stdinMintty = !e.stdinTerminal && platform.MinttyInput(os.Stdin)
	userShell = sanitize.DetectShell(runtime.GOOS, os.Getenv)
	e.forLocale()
	if e.stdoutTerminal || e.stderrTerminal {
		for _, f := range []*os.File{os.Stdout, os.Stderr} {
			if w, _, err := term.GetSize(int(f.Fd())); err == nil {
				e.width = w
				break
			}
		}
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	e.ctx = ctx
	// Only commands that wait (for input, a person or the network) take the signals over, to stop
	// at a safe point; the others end as any program does, and are spared setting that up (it
	// starts a thread for the signals). The command runs on this goroutine either way.
	var sigs chan os.Signal
	e.watchSignals = sync.OnceFunc(func() {
		sigs = make(chan os.Signal, 2)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		go stopOnSignal(sigs, cancel, exit, stopGrace)
	})
	defer func() {
		if sigs != nil {
			signal.Stop(sigs)
		}
	}()
	e.handOver = func(args []string) (int, error) {
		if sigs != nil {
			signal.Stop(sigs) // cspfix-online answers the signals of the run it is handed
		}
		return handOver(args)
	}
	return run(e, os.Args[1:])
}

// stopOnSignal asks the command to stop (cancel) at the first signal, and ends the process
// (exit) at a second one or when the command has not stopped within grace.
func stopOnSignal(sigs <-chan os.Signal, cancel context.CancelCauseFunc, exit func(int), grace time.Duration) {
	sig := <-sigs
	cancel(stopSignal{sig})
	select {
	case <-sigs:
	case <-time.After(grace):
	}
	exit(stopSignal{sig}.exitCode())
}

// forLocale makes the streams that are terminals of a locale with an 8-bit character set write
// text in that set, never the bytes of UTF-8 that such a terminal reads as controls (README
// "Languages").
func (e *env) forLocale() {
	cs, utf8 := sanitize.LocaleCharset(e.getenv)
	if utf8 {
		return
	}
	if e.stdoutTerminal {
		e.stdout = sanitize.Legacy(e.stdout, cs)
	}
	if e.stderrTerminal {
		e.stderr = sanitize.Legacy(e.stderr, cs)
	}
}

// run executes one command line. It never panics: a defect becomes exit 1 with a short message.
// Output that cannot be written is an error (exit 1) whatever else happened, also where a
// library drops the error (cobra writing help).
func run(parent *env, args []string) (code int) {
	lang := scenarios.EN
	e := *parent
	if e.catalog == nil {
		e.catalog = scenarios.Embedded()
	}
	if e.compiled == nil {
		e.compiled = compileOnce(e.catalog)
	}
	if e.ctx == nil {
		e.ctx = context.Background()
	}
	if e.prompter == nil {
		e.prompter = newPrompter
	}
	if e.handOver == nil {
		e.handOver = handOver
	}
	if o := e.online; o != nil {
		if e.lookup == nil {
			e.lookup = o.Discovery
		}
		if e.connect == nil {
			e.connect = o.Connect
		}
		if e.signinFactory == nil {
			e.signinFactory = o.SigninFactory
		}
		if e.signinStore == nil {
			e.signinStore = o.SigninStore
		}
	}
	out := &outWriter{w: e.stdout}
	e.stdout = out
	defer func() {
		if p := recover(); p != nil {
			tr := e.catalog.In(lang)
			fmt.Fprintf(e.stderr, "%s: %s\n%s: %s\n", tr.T(txt.CLIError), tr.T(txt.CLIInternalError, "err", sanitize.Text(fmt.Sprint(p))),
				tr.T(txt.CLIHint), tr.T(txt.CLIInternalErrorHint))
			code = exitFailure
		}
	}()
	s := loadSettings(e.catalog, args, e.getenv)
	lang = detectLang(args, e.getenv, s.cfg.Lang, e.languages)
	root := newRootCmdFor(&e, lang, s, namedIn(args))
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		// Only a shell asking for completions needs them: walking every flag of every command
		// is work that other runs are spared.
		completeNoFilesByDefault(root)
	}
	root.SetArgs(args)
	err := otherRelease(e.handedOverBy, e.catalog.In(lang))
	if err == nil {
		err = root.Execute()
	}
	if need := (*onlineNeeded)(nil); errors.As(err, &need) {
		// Nothing was read or written yet: cspfix-online runs the same command line.
		code, herr := e.handOver(args)
		if herr == nil {
			return code
		}
		err = handOverFailure(herr, need.command, e.catalog.In(lang))
	}
	var we *writeError
	out.reported = errors.As(err, &we) && out.err != nil
	width := 0
	if e.stderrTerminal {
		width = e.textWidth()
	}
	code = reportError(e.stderr, err, e.catalog.In(lang), width)
	if out.err != nil && code < exitSignal {
		if !out.reported {
			reportError(e.stderr, out.err, e.catalog.In(lang), width)
		}
		code = exitFailure
	}
	return code
}

// outWriter remembers the first error writing the output.
type outWriter struct {
	w        io.Writer
	err      error
	reported bool // the command returned the error itself, and it was printed
}

func (o *outWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = &writeError{err: err}
		return n, o.err
	}
	return n, nil
}

// writeError is output that could not be written.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// stopSignal is the cause of a stop asked for by a signal.
type stopSignal struct{ sig os.Signal }

func (s stopSignal) Error() string { return "stopped by " + s.sig.String() }

// exitCode is 128 plus the signal's number, as shells report it: SIGINT 130, SIGTERM 143,
// SIGHUP 129.
func (s stopSignal) exitCode() int {
	if n, ok := s.sig.(syscall.Signal); ok {
		return exitSignal + int(n)
	}
	return exitInterrupted
}

// maintainerCommands are hidden commands that only builds with a tag include (see gendocs.go).
var maintainerCommands []func(*env, *globalOptions) *cobra.Command

// globalOptions are the flags every command shares.
type globalOptions struct {
	langFlag   string
	lang       scenarios.Lang
	catalog    *scenarios.Catalog // the run's (env.catalog)
	configFlag string
	settings   settings
}

// texts are the run's texts in the interface language.
func (g *globalOptions) texts() scenarios.Texts { return g.catalog.In(g.lang) }

func newRootCmd(e *env, lang scenarios.Lang, s settings) *cobra.Command {
	return newRootCmdFor(e, lang, s, func(string) bool { return true })
}

// command is one of cspfix's commands: its name, its one-line description and how it is made.
type command struct {
	name  string
	short txt.Key
	make  func(*env, *globalOptions) *cobra.Command
}

// commands are cspfix's commands. make gives each its description from here (short).
var commands = []command{
	{"diagnose", txt.CLIDiagnoseShort, func(e *env, g *globalOptions) *cobra.Command { return newDiagnoseCmd(e, g, nil) }},
	{"scenarios", txt.CLIScenariosShort, func(e *env, g *globalOptions) *cobra.Command { return newScenariosCmd(e, g, nil) }},
	{"tenant", txt.CLITenantShort, newTenantCmd},
	{"ticket", txt.CLITicketShort, func(e *env, g *globalOptions) *cobra.Command { return newTicketCmd(e, g, nil) }},
	{"message", txt.CLIMessageShort, func(e *env, g *globalOptions) *cobra.Command { return newMessageCmd(e, g, nil) }},
	{"version", txt.CLIVersionShort, newVersionCmd},
	{"schema", txt.CLISchemaShort, newSchemaCmd},
	{"checklist", txt.CLIChecklistShort, func(e *env, g *globalOptions) *cobra.Command { return newChecklistCmd(e, g, nil) }},
	{"config", txt.CLIConfigShort, newConfigCmd},
	{"cases", txt.CLICasesShort, func(e *env, g *globalOptions) *cobra.Command { return newCasesCmd(e, g, nil) }},
	{"login", txt.OnlineLoginShort, newLoginCmd},
	{"logout", txt.OnlineLogoutShort, newLogoutCmd},
}

// namedIn tells whether args has the word name: a command's name anywhere on the command line
// (after "help", "__complete", before or after flags or as a flag's value) makes it in full.
func namedIn(args []string) func(name string) bool {
	return func(name string) bool { return slices.Contains(args, name) }
}

// stubCommand stands for a command that this run's command line does not name: it gives help,
// suggestions and completion the command's name and description, and nothing else. Making
// every command in full, with its flags and texts, cost more than the rest of a short run (README
// "Performance").
func stubCommand(name, short string) *cobra.Command {
	return &cobra.Command{Use: name, Short: short, RunE: func(*cobra.Command, []string) error {
		return fmt.Errorf("internal error: command %s was not made for this run", name)
	}}
}

// newRootCmdFor makes the command tree with the commands for which named is true made in full.
func newRootCmdFor(e *env, lang scenarios.Lang, s settings, named func(name string) bool) *cobra.Command {
	g := &globalOptions{lang: lang, catalog: e.catalog, settings: s}
	tr := g.texts()
	root := &cobra.Command{
		Use:           "cspfix",
		Short:         tr.T(txt.CLIRootShort),
		Long:          tr.T(txt.CLIRootLong),
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			// cspfix hands these commands to cspfix-online: a signal taken over here would be
			// lost at the hand-over, and until then none has anything to save.
			if signalCommands.Get()[cmd.CommandPath()] && e.online != nil {
				e.watchSignalsNow()
			}
			if g.settings.err != nil && needsSettings(cmd) {
				return configError(g.settings.err, tr)
			}
			if g.langFlag != "" {
				l, err := scenarios.ParseLang(g.langFlag)
				if err != nil {
					return usageError(seeHelp(cmd, tr), "%s", tr.T(txt.CLIBadLang, "value", strconv.Quote(g.langFlag)))
				}
				g.lang = l
			}
			return nil
		},
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	width := min(e.textWidth(), helpWidth)
	root.SetUsageFunc(usageFunc(tr, width))
	root.SetHelpFunc(helpFunc(width))
	root.PersistentFlags().BoolP("help", "h", false, tr.T(txt.CLIHelpFlag))
	root.SetHelpCommand(newHelpCmd(tr))
	root.PersistentFlags().StringVar(&g.langFlag, "lang", "", tr.T(txt.CLILangFlag))
	_ = root.RegisterFlagCompletionFunc("lang", completeLangs)
	root.PersistentFlags().StringVar(&g.configFlag, "config", "", tr.T(txt.CLIConfigFlag))
	_ = root.MarkPersistentFlagFilename("config", "json")
	root.Flags().BoolP("version", "v", false, tr.T(txt.CLIVersionFlag))
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return flagError(cmd, err, tr) })

	for _, c := range commands {
		if named(c.name) {
			cmd := c.make(e, g)
			cmd.Short = tr.T(c.short)
			root.AddCommand(cmd)
		} else {
			root.AddCommand(stubCommand(c.name, tr.T(c.short)))
		}
	}
	for _, newCmd := range maintainerCommands {
		root.AddCommand(newCmd(e, g))
	}
	if named("completion") {
		translateCompletion(root, tr) // after AddCommand: cobra adds it only to a tree of commands
	} else {
		// cobra adds its own completion command only where there is none.
		root.AddCommand(stubCommand("completion", tr.T(txt.CLICompletionShort)))
	}
	checkArgsEverywhere(root, tr)
	return root
}

// newHelpCmd replaces cobra's help command only to translate its description.
func newHelpCmd(tr scenarios.Texts) *cobra.Command {
	cmd := &cobra.Command{
		Use:               "help",
		Short:             tr.T(txt.CLIHelpShort),
		ValidArgsFunction: completeCommandNames,
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return usageError(seeHelp(c.Root(), tr), "%s",
					tr.T(txt.CLIUnknownHelpTopic, "topic", strconv.Quote(strings.Join(args, " "))))
			}
			return target.Help()
		},
	}
	useLine(cmd, tr.T(txt.CLICommandArg), tr)
	return cmd
}

// useLine makes a command's use line with a translated "[options]" in place of cobra's "[flags]".
func useLine(cmd *cobra.Command, args string, tr scenarios.Texts) {
	cmd.DisableFlagsInUseLine = true
	cmd.Use = strings.TrimSpace(cmd.Use + " " + tr.T(txt.CLIOptions) + " " + args)
}

// translateCompletion gives cobra's completion command texts in the interface language.
func translateCompletion(root *cobra.Command, tr scenarios.Texts) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Short, c.Long = tr.T(txt.CLICompletionShort), tr.T(txt.CLICompletionLong)
		c.Args = nil // cobra's check speaks English; checkArgsEverywhere gives it ours
		useLine(c, "", tr)
		for _, shell := range c.Commands() {
			shell.Short = tr.T(txt.CLICompletionShellShort, "shell", shell.Name())
			shell.Long = completionShellHelp(shell.Name(), tr)
			shell.Args = nil
			useLine(shell, "", tr)
			if f := shell.Flags().Lookup("no-descriptions"); f != nil {
				f.Usage = tr.T(txt.CLINoDescriptions)
			}
		}
	}
}

// checkArgsEverywhere gives every command the argument check of positionalArgs in place of
// cobra's English one: a command that declares no arguments takes none, and a group of commands
// (cspfix, tenant, completion) shows its help when called alone and names an unknown subcommand,
// where cobra would print the help and succeed.
func checkArgsEverywhere(root *cobra.Command, tr scenarios.Texts) {
	eachCommand(root, func(c *cobra.Command) {
		if c.Args == nil {
			c.Args = positionalArgs(tr, 0, 0)
		}
		if c.HasSubCommands() && !c.Runnable() {
			c.RunE = func(c *cobra.Command, args []string) error { return c.Help() }
		}
	})
}

// completeNoFilesByDefault keeps the shells from offering file names where cspfix takes none:
// cobra falls back to files for every argument and flag value that has no completion of its own.
func completeNoFilesByDefault(root *cobra.Command) {
	eachCommand(root, func(c *cobra.Command) {
		if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 {
			c.ValidArgsFunction = cobra.NoFileCompletions
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			_, hasFunc := c.GetFlagCompletionFunc(f.Name)
			_, isFile := f.Annotations[cobra.BashCompFilenameExt]
			_, isDir := f.Annotations[cobra.BashCompSubdirsInDir]
			if f.Value.Type() != "bool" && !hasFunc && !isFile && !isDir {
				_ = c.RegisterFlagCompletionFunc(f.Name, cobra.NoFileCompletions)
			}
		})
	})
}

// eachCommand calls visit for c and every command below it.
func eachCommand(c *cobra.Command, visit func(*cobra.Command)) {
	visit(c)
	for _, sub := range c.Commands() {
		eachCommand(sub, visit)
	}
}

// completeCommandNames completes the help command's arguments: the commands, with their summaries.
func completeCommandNames(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	parent, rest, err := c.Root().Find(args)
	if err != nil || len(rest) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []cobra.Completion
	for _, sub := range parent.Commands() {
		if (sub.IsAvailableCommand() || sub.Name() == "help") && strings.HasPrefix(sub.Name(), toComplete) {
			names = append(names, cobra.CompletionWithDesc(sub.Name(), sub.Short))
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// completeLangs completes the language flags.
func completeLangs(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return []cobra.Completion{"de", "en"}, cobra.ShellCompDirectiveNoFileComp
}

// caseFiles makes a flag complete case files.
func caseFiles(cmd *cobra.Command, flags ...string) {
	for _, f := range flags {
		_ = cmd.MarkFlagFilename(f, "json", "jsonl")
	}
}

// nowFlag registers --now, the reference time; completion offers the current time, in the form
// the flag wants.
func nowFlag(cmd *cobra.Command, e *env, target *string, tr scenarios.Texts) {
	cmd.Flags().StringVar(target, "now", "", tr.T(txt.CLINowFlag))
	_ = cmd.RegisterFlagCompletionFunc("now", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return []cobra.Completion{e.now().Truncate(time.Minute).Format(time.RFC3339)}, cobra.ShellCompDirectiveNoFileComp
	})
}

// seeHelp is the hint that points to a command's help.
func seeHelp(cmd *cobra.Command, tr scenarios.Texts) string {
	return tr.T(txt.CLISeeHelp, "cmd", cmd.CommandPath())
}

// detectLang picks the language before flags are parsed, so that help texts are translated too:
// --lang, then CSPFIX_LANG, then the settings' lang, then the locale variables, then, when none
// of them is set, the system's display languages (Windows has no locale variables), as the
// README's "Languages" says.
func detectLang(args []string, getenv func(string) string, configured string, system platform.Languages) scenarios.Lang {
	if v, ok := earlyFlags(args)["lang"]; ok {
		if l, ok := scenarios.LangOf(v); ok {
			return l
		}
	}
	if l, ok := scenarios.LangOf(getenv("CSPFIX_LANG")); ok {
		return l
	}
	if l, ok := scenarios.LangOf(configured); ok {
		return l
	}
	// LANGUAGE lists languages in order of preference; its first entry counts.
	if first, _, _ := strings.Cut(getenv("LANGUAGE"), ":"); first != "" {
		if l, ok := scenarios.LangOf(first); ok {
			return l
		}
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if l, ok := scenarios.LangOf(v); ok {
				return l
			}
			// The first locale variable set decides, as in POSIX; "C" means English.
			return scenarios.EN
		}
	}
	if system != nil && getenv("LANGUAGE") == "" {
		// The display languages in the order the person chose them: the first one cspfix has.
		for _, tag := range system.DisplayLanguages() {
			if l, ok := scenarios.LangOf(tag); ok {
				return l
			}
		}
	}
	return scenarios.EN
}

// outputFlag registers -o with the formats a command supports and returns a validator for it.
func outputFlag(cmd *cobra.Command, target *string, tr scenarios.Texts, formats ...string) func() error {
	list := strings.Join(formats, ", ")
	// The default stays empty (and means the first format) so that help shows no English
	// "(default …)" note; the list in the usage names the first format first.
	cmd.Flags().StringVarP(target, "output", "o", "", tr.T(txt.CLIOutputFlag, "formats", list))
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	return func() error {
		if *target == "" {
			*target = formats[0]
		}
		if !slices.Contains(formats, *target) {
			return usageError(seeHelp(cmd, tr), "%s",
				tr.T(txt.CLIBadOutput, "value", strconv.Quote(*target), "formats", list))
		}
		return nil
	}
}

// theme returns the text styles for stdout.
func (e *env) theme() render.Theme { return e.themeFor(e.stdoutTerminal) }

// colour decides whether a stream gets colour: on a terminal, not when piped or with TERM=dumb
// or CLICOLOR=0; CLICOLOR_FORCE forces it, and NO_COLOR, the user's explicit no, wins over all.
// It is the one switch for cspfix's own styles and the walkthrough's forms.
func (e *env) colour(terminal bool) bool {
	if e.getenv("NO_COLOR") != "" {
		return false
	}
	if force := e.getenv("CLICOLOR_FORCE"); force != "" && force != "0" {
		return true
	}
	return terminal && e.getenv("TERM") != "dumb" && e.getenv("CLICOLOR") != "0"
}

// themeFor returns the text styles for a stream: ECMA-48's SGR sequences, the bytes fatih/color
// wrote for them, switched on by the colour rule alone (colour); each style ends what it
// started. The library guessed from the real stdout at every start-up, which cost each command
// more than these five strings (README "Performance").
func (e *env) themeFor(terminal bool) render.Theme {
	if !e.colour(terminal) {
		return render.Theme{}
	}
	style := func(on, off string) func(string) string {
		return func(s string) string { return "\x1b[" + on + "m" + s + "\x1b[" + off + "m" }
	}
	return render.Theme{
		Heading: style("1", "22"),   // bold
		Strong:  style("1;36", "0"), // bold cyan
		Dim:     style("2", "22"),   // faint
		Warn:    style("33", "39"),  // yellow
		Bad:     style("1;31", "0"), // bold red
	}
}

// renderOptions are the options of the renderings on stdout, in tr's language.
func (e *env) renderOptions(tr scenarios.Texts) render.Options {
	return render.Options{Lang: tr.Lang, Catalog: tr.Catalog, Theme: e.theme(), Width: e.textWidth(), Terminal: e.stdoutTerminal}
}

// textWidth is the width to wrap text output at: the terminal's, within reason, or 80.
func (e *env) textWidth() int {
	if e.width > 0 {
		return min(max(e.width, 40), 100)
	}
	return 80
}

// langOption is the language a flag such as --ticket-lang chooses: its value when given, else
// the setting's, else fallback. A value that is no language is a usage error.
func langOption(cmd *cobra.Command, flag, value, setting string, fallback scenarios.Lang, tr scenarios.Texts) (scenarios.Lang, error) {
	if !cmd.Flags().Changed(flag) {
		value = setting
	}
	if value == "" {
		return fallback, nil
	}
	l, err := scenarios.ParseLang(value)
	if err != nil {
		return "", usageError(seeHelp(cmd, tr), "%s", tr.T(txt.CLIBadLang, "value", strconv.Quote(value)))
	}
	return l, nil
}
