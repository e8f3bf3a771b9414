package main

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// settings are the desk's settings as this run found them (README "Configuration"): read once,
// before the command line is parsed, because they may set the language of the help texts.
type settings struct {
	path string         // the file: --config, CSPFIX_CONFIG or the usual place; "" when none is known
	cfg  *config.Config // never nil
	err  error          // why the file could not be read; commands refuse to run on it
}

// loadSettings finds the settings file (--config FILE in args, else CSPFIX_CONFIG, else the
// user's configuration directory) and reads it.
func loadSettings(args []string, getenv func(string) string) settings {
	s := settings{path: flagValue(args, "config"), cfg: &config.Config{}}
	if s.path == "" {
		s.path = getenv("CSPFIX_CONFIG")
	}
	if s.path == "" {
		s.path = config.DefaultPath(runtime.GOOS, getenv)
	}
	if s.path == "" {
		return s
	}
	if cfg, err := config.Load(embeddedCatalog(), s.path); err != nil {
		s.err = err
	} else {
		s.cfg = cfg
	}
	return s
}

// flagValue is the value of --name in args ("--name value" or "--name=value"), or "", read as
// the flag parser will read it (earlyFlags).
func flagValue(args []string, name string) string {
	v, _ := earlyFlags(args)[name]
	return v
}

// switches are the flags that take no value. Before the commands exist, this is how the flags
// that cspfix needs first (--config, --lang) are told from values that only look like them:
// "--impact --config=x" sets --impact to "--config=x", as the parser will. A test checks the
// list against every command's flags.
var switches = map[string]bool{
	"help": true, "h": true, "version": true, "v": true, "excel": true, "summary": true, "online": true,
	"accessible": true, "strict": true, "copy": true, "due": true, "yes": true, "y": true, "no-descriptions": true,
	"device-code": true, "use-az": true,
}

// earlyFlags reads the long flags of args ("--name value", "--name=value") as the flag parser
// will: a word that is the value of the flag before it is no flag, and nothing after "--" is
// one. The last of a flag given twice counts.
func earlyFlags(args []string) map[string]string {
	flags := map[string]string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags
		case strings.HasPrefix(a, "--"):
			name, value, attached := strings.Cut(a[2:], "=")
			if !attached && !switches[name] && i+1 < len(args) {
				i++
				value = args[i]
			}
			flags[name] = value
		case len(a) == 2 && a[0] == '-' && a[1] != '-' && !switches[a[1:]]:
			i++ // -o json: the next word is the value
		}
	}
	return flags
}

// desk is what the settings give the ticket: the partner's facts and the contact person.
func (s settings) desk() diagnose.Desk {
	p, c := s.cfg.Partner, s.cfg.Contact
	return diagnose.Desk{
		Partner: diagnose.Partner{Name: p.Name, PartnerID: p.PartnerID, IndirectProvider: p.IndirectProvider, Country: p.Country},
		Contact: diagnose.Contact{Name: c.Name, Email: c.Email, Phone: c.Phone},
	}
}

// needsSettings reports whether a command uses the settings, and so must not run on a broken
// file: every command but those that show where the file is, print help or a version, or complete.
func needsSettings(cmd *cobra.Command) bool {
	switch cmd.CommandPath() {
	case "cspfix config path", "cspfix version", "cspfix help", "cspfix":
		return false
	}
	for c := cmd; c != nil; c = c.Parent() {
		if c.Name() == "completion" || strings.HasPrefix(c.Name(), "__complete") {
			return false
		}
	}
	return true
}

// configError says what is wrong with the settings or a setting, in lang (exit 2).
func configError(err error, lang scenarios.Lang) error {
	var ke *config.KeyError
	var ve *config.ValueError
	var fe *config.FileError
	switch {
	case errors.As(err, &ke):
		msg := ui.ConfigUnknownKey.In(lang, "key", strconv.Quote(sanitize.Exact(ke.Name)), "keys", strings.Join(config.Names(), ", "))
		hint := ui.ConfigHint.In(lang)
		if ke.Suggest != "" {
			hint = ui.DidYouMean.In(lang, "name", strconv.Quote(ke.Suggest)) // a line of its own
		}
		return usageError(hint, "%s", msg)
	case errors.As(err, &fe):
		msg := ui.ConfigFileBroken.In(lang, "path", sanitize.Exact(fe.Path), "err", settingsReason(fe.Err, lang))
		var nr *safefile.NotRegularError
		var te *config.TrustError
		var busy *safefile.BusyError
		var changed *safefile.ChangedError
		switch {
		case errors.As(fe.Err, &nr):
			// Nothing to move aside: another path is needed.
			return usageError(fileUI.ConfigNotRegularHint.In(lang), "%s", msg)
		case errors.As(fe.Err, &te) && te.Owner >= 0:
			return usageError(fileUI.UntrustedOwnerHint.In(lang, "path", shellWord(te.Path)), "%s", msg)
		case errors.As(fe.Err, &te):
			return usageError(fileUI.UntrustedModeHint.In(lang, "path", shellWord(te.Path)), "%s", msg)
		case errors.As(fe.Err, &busy):
			return &exitError{code: exitConflict, err: errors.New(msg), hint: fileUI.BusyHint.In(lang)}
		case errors.As(fe.Err, &changed):
			return &exitError{code: exitConflict, err: errors.New(msg), hint: fileUI.ChangedHint.In(lang)}
		}
		return usageError(ui.ConfigFileHint.In(lang, "path", shellWord(fe.Path)), "%s", msg)
	case errors.As(err, &ve):
		return usageError(ui.ConfigHint.In(lang), "%s", valueMessage(ve, lang))
	}
	return err
}

// settingsReason says why a settings file cannot be used.
func settingsReason(err error, lang scenarios.Lang) string {
	var p *config.Problem
	var ve *config.ValueError
	var te *config.TrustError
	switch {
	case errors.As(err, &te):
		what := fileUI.TrustFile
		if te.Dir {
			what = fileUI.TrustFolder
		}
		if te.Owner >= 0 {
			return fileUI.UntrustedOwner.In(lang, "what", what.In(lang, "path", sanitize.Exact(te.Path)), "uid", strconv.Itoa(te.Owner))
		}
		return fileUI.UntrustedMode.In(lang, "what", what.In(lang, "path", sanitize.Exact(te.Path)), "mode", te.Mode.String())
	case errors.As(err, new(*safefile.NotRegularError)) || errors.As(err, new(*safefile.BusyError)) || errors.As(err, new(*safefile.ChangedError)):
		return fileReason(err, lang)
	case errors.As(err, &p):
		return embeddedCatalog().Text(configProblemTexts[p.Kind], lang, "key", strconv.Quote(sanitize.Exact(p.Key)), "detail", sanitize.Exact(p.Detail))
	case errors.As(err, &ve):
		return valueMessage(ve, lang)
	}
	return systemReason(err, lang)
}

// configProblemTexts say what is wrong with a settings file, by its kind of problem.
var configProblemTexts = map[config.ProblemKind]txt.Key{
	config.ProblemSyntax: txt.CLIConfigProblemSyntax, config.ProblemUnknownKey: txt.CLIConfigProblemUnknownKey,
	config.ProblemType: txt.CLIConfigProblemType, config.ProblemSeveral: txt.CLIConfigProblemSeveral,
	config.ProblemTooLarge: txt.CLIConfigProblemTooLarge,
}

// configBadTexts say why a value cannot be a setting's, by the kind of setting, and what it
// may be.
var configBadTexts = map[config.Kind]txt.Key{
	config.KindText: txt.CLIConfigBadText, config.KindPartnerID: txt.CLIConfigBadPartnerID,
	config.KindCountry: txt.CLIConfigBadCountry, config.KindEmail: txt.CLIConfigBadEmail,
	config.KindPhone: txt.CLIConfigBadPhone, config.KindLang: txt.CLIConfigBadLang,
	config.KindLink: txt.CLIConfigBadInvitationURL, config.KindGUID: txt.CLIConfigBadGUID,
	config.KindTenant: txt.CLIConfigBadTenant, config.KindCloud: txt.CLIConfigBadCloud,
}

// valueMessage says why a value cannot be a setting's, and what it may be.
func valueMessage(ve *config.ValueError, lang scenarios.Lang) string {
	cat := embeddedCatalog()
	key := configBadTexts[ve.Kind]
	if ve.Kind == config.KindPartnerID && diagnose.CheckTenantID(ve.Value).Valid {
		key = txt.CLIConfigBadPartnerIDTenant // a tenant ID pasted in its place, as happens
	}
	return cat.Text(key, lang, "key", ve.Key, "value", cat.Quote(ve.Value, sanitize.MaxID, lang))
}

type configOptions struct {
	env    *env
	global *globalOptions
	key    string
	value  string
	output string
}

func newConfigCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "config",
		Short:   ui.ConfigShort.In(g.lang),
		Long:    ui.ConfigLong.In(g.lang),
		Example: ui.ConfigExample.In(g.lang),
	}
	useLine(cmd, "", g.lang)
	keyArg := func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return valueCompletions(args[0]), cobra.ShellCompDirectiveNoFileComp
		}
		return config.Names(), cobra.ShellCompDirectiveNoFileComp
	}
	sub := func(use, args string, short text, nargs int, run func(o *configOptions) error) *cobra.Command {
		c := &cobra.Command{Use: use, Short: short.In(g.lang), Args: positionalArgs(g.lang, nargs, nargs),
			RunE: func(c *cobra.Command, a []string) error {
				o := &configOptions{env: e, global: g}
				if len(a) > 0 {
					o.key = a[0]
				}
				if len(a) > 1 {
					o.value = a[1]
				}
				return run(o)
			}}
		useLine(c, args, g.lang)
		if nargs > 0 {
			c.ValidArgsFunction = keyArg
		}
		return c
	}
	list := sub("list", "", ui.ConfigListShort, 0, nil)
	var format string
	checkOutput := outputFlag(list, &format, g.lang, "text", "json")
	list.RunE = func(*cobra.Command, []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		return runConfigList(&configOptions{env: e, global: g, output: format})
	}
	cmd.AddCommand(
		sub("set", ui.ConfigKeyValueArgs.In(g.lang), ui.ConfigSetShort, 2, func(o *configOptions) error {
			if strings.TrimSpace(o.value) == "" {
				// A blank value would unset the key without a word: unset says so.
				if _, err := config.Find(o.key); err != nil {
					return configError(err, o.global.lang)
				}
				return usageError(deskUI.ConfigBlankHint.In(g.lang, "key", o.key), "%s", deskUI.ConfigBlank.In(g.lang, "key", o.key))
			}
			return runConfigSet(o)
		}),
		sub("get", ui.ConfigKeyArg.In(g.lang), ui.ConfigGetShort, 1, runConfigGet),
		sub("unset", ui.ConfigKeyArg.In(g.lang), ui.ConfigUnsetShort, 1, runConfigSet),
		list,
		sub("path", "", ui.ConfigPathShort, 0, runConfigPath),
	)
	return cmd
}

// valueCompletions offers the values a setting can take, where they are few.
func valueCompletions(key string) []cobra.Completion {
	k, err := config.Find(key)
	switch {
	case err != nil:
	case k.Kind == config.KindLang:
		return []cobra.Completion{"de", "en"}
	case k.Kind == config.KindCloud:
		return config.Clouds
	}
	return nil
}

// settingsPath is the file the config commands work on.
func (o *configOptions) settingsPath() (string, error) {
	if o.global.settings.path == "" {
		lang := o.global.lang
		return "", usageError(ui.ConfigNoPlaceHint.In(lang), "%s", ui.ConfigNoPlace.In(lang))
	}
	return o.global.settings.path, nil
}

// runConfigSet sets a key (unset: sets it to nothing) and writes the file.
func runConfigSet(o *configOptions) error {
	lang := o.global.lang
	path, err := o.settingsPath()
	if err != nil {
		return err
	}
	k, err := config.Find(o.key)
	if err != nil {
		return configError(err, lang)
	}
	// Checked before the file is locked, so that a bad value never waits for another run.
	var probe config.Config
	if err := k.Set(embeddedCatalog(), &probe, o.value); err != nil {
		return configError(err, lang)
	}
	// The file is read again under its lock and only this key changed: what another cspfix
	// set meanwhile stays.
	err = config.Update(o.env.ctx, embeddedCatalog(), path, func(cfg *config.Config) error { return k.Set(embeddedCatalog(), cfg, o.value) })
	var fe *config.FileError
	var p *config.Problem
	var te *config.TrustError
	switch {
	case errors.As(err, &fe) && (errors.As(fe.Err, &p) || errors.As(fe.Err, &te) || errors.As(fe.Err, new(*config.ValueError))):
		return configError(err, lang)
	case errors.As(err, &fe):
		return refusedFile(ui.CannotWrite, path, fe.Err, lang)
	}
	if err != nil {
		return err
	}
	// What it did, on stderr (stdout stays for data, as with get).
	if v := k.Get(&probe); v != "" {
		fmt.Fprintln(o.env.stderr, ui.ConfigSetDone.In(lang, "key", k.Name, "value", sanitize.Exact(v), "path", sanitize.Exact(path)))
	} else {
		fmt.Fprintln(o.env.stderr, ui.ConfigUnsetDone.In(lang, "key", k.Name, "path", sanitize.Exact(path)))
	}
	return nil
}

func runConfigGet(o *configOptions) error {
	k, err := config.Find(o.key)
	if err != nil {
		return configError(err, o.global.lang)
	}
	if v := k.Get(o.global.settings.cfg); v != "" {
		_, err = fmt.Fprintln(o.env.stdout, sanitize.Exact(v))
	}
	return err
}

func runConfigList(o *configOptions) error {
	list := make([]render.Setting, len(config.Keys))
	for i, k := range config.Keys {
		list[i] = render.Setting{Key: k.Name, Value: k.Get(o.global.settings.cfg)}
	}
	return render.Settings(o.env.stdout, list, render.Format(o.output))
}

func runConfigPath(o *configOptions) error {
	path, err := o.settingsPath()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(o.env.stdout, sanitize.Exact(path))
	return err
}
