package cli

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/internal/lazy"
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
func loadSettings(cat *scenarios.Catalog, args []string, getenv func(string) string) settings {
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
	if cfg, err := config.Load(cat, s.path); err != nil {
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
var switches = lazy.Value[map[string]bool]{Make: func() map[string]bool {
	return map[string]bool{
		"help": true, "h": true, "version": true, "v": true, "excel": true, "summary": true, "online": true,
		"accessible": true, "strict": true, "copy": true, "due": true, "yes": true, "y": true, "no-descriptions": true,
		"device-code": true, "use-az": true,
	}
}}

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
			if !attached && !switches.Get()[name] && i+1 < len(args) {
				i++
				value = args[i]
			}
			flags[name] = value
		case len(a) == 2 && a[0] == '-' && a[1] != '-' && !switches.Get()[a[1:]]:
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

// configError says what is wrong with the settings or a setting, in tr's language (exit 2).
func configError(err error, tr scenarios.Texts) error {
	var ke *config.KeyError
	var ve *config.ValueError
	var fe *config.FileError
	switch {
	case errors.As(err, &ke):
		msg := tr.T(txt.CLIConfigUnknownKey, "key", strconv.Quote(sanitize.Exact(ke.Name)), "keys", strings.Join(config.Names(), ", "))
		hint := tr.T(txt.CLIConfigHint)
		if ke.Suggest != "" {
			hint = tr.T(txt.CLIDidYouMean, "name", strconv.Quote(ke.Suggest)) // a line of its own
		}
		return usageError(hint, "%s", msg)
	case errors.As(err, &fe):
		msg := tr.T(txt.CLIConfigFileBroken, "path", sanitize.Exact(fe.Path), "err", settingsReason(fe.Err, tr))
		var nr *safefile.NotRegularError
		var te *config.TrustError
		var busy *safefile.BusyError
		var changed *safefile.ChangedError
		switch {
		case errors.As(fe.Err, &nr):
			// Nothing to move aside: another path is needed.
			return usageError(tr.T(txt.CLIConfigNotRegularHint), "%s", msg)
		case errors.As(fe.Err, &te) && te.Owner >= 0:
			return usageError(tr.T(txt.CLIUntrustedOwnerHint, "path", shellWord(te.Path)), "%s", msg)
		case errors.As(fe.Err, &te):
			return usageError(tr.T(txt.CLIUntrustedModeHint, "path", shellWord(te.Path)), "%s", msg)
		case errors.As(fe.Err, &busy):
			return &exitError{code: exitConflict, err: errors.New(msg), hint: tr.T(txt.CLIBusyHint)}
		case errors.As(fe.Err, &changed):
			return &exitError{code: exitConflict, err: errors.New(msg), hint: tr.T(txt.CLIChangedHint)}
		}
		return usageError(tr.T(txt.CLIConfigFileHint, "path", shellWord(fe.Path)), "%s", msg)
	case errors.As(err, &ve):
		return usageError(tr.T(txt.CLIConfigHint), "%s", valueMessage(ve, tr))
	}
	return err
}

// settingsReason says why a settings file cannot be used.
func settingsReason(err error, tr scenarios.Texts) string {
	var p *config.Problem
	var ve *config.ValueError
	var te *config.TrustError
	switch {
	case errors.As(err, &te):
		what := txt.CLITrustFile
		if te.Dir {
			what = txt.CLITrustFolder
		}
		if te.Owner >= 0 {
			return tr.T(txt.CLIUntrustedOwner, "what", tr.T(what, "path", sanitize.Exact(te.Path)), "uid", strconv.Itoa(te.Owner))
		}
		return tr.T(txt.CLIUntrustedMode, "what", tr.T(what, "path", sanitize.Exact(te.Path)), "mode", te.Mode.String())
	case errors.As(err, new(*safefile.NotRegularError)) || errors.As(err, new(*safefile.BusyError)) || errors.As(err, new(*safefile.ChangedError)):
		return fileReason(err, tr)
	case errors.As(err, &p):
		return tr.T(configProblemTexts.Get()[p.Kind], "key", strconv.Quote(sanitize.Exact(p.Key)), "detail", sanitize.Exact(p.Detail))
	case errors.As(err, &ve):
		return valueMessage(ve, tr)
	}
	return systemReason(err, tr)
}

// configProblemTexts say what is wrong with a settings file, by its kind of problem.
var configProblemTexts = lazy.Value[map[config.ProblemKind]txt.Key]{Make: func() map[config.ProblemKind]txt.Key {
	return map[config.ProblemKind]txt.Key{
		config.ProblemSyntax: txt.CLIConfigProblemSyntax, config.ProblemUnknownKey: txt.CLIConfigProblemUnknownKey,
		config.ProblemType: txt.CLIConfigProblemType, config.ProblemSeveral: txt.CLIConfigProblemSeveral,
		config.ProblemTooLarge: txt.CLIConfigProblemTooLarge,
	}
}}

// configBadTexts say why a value cannot be a setting's, by the kind of setting, and what it
// may be.
var configBadTexts = lazy.Value[map[config.Kind]txt.Key]{Make: func() map[config.Kind]txt.Key {
	return map[config.Kind]txt.Key{
		config.KindText: txt.CLIConfigBadText, config.KindPartnerID: txt.CLIConfigBadPartnerID,
		config.KindCountry: txt.CLIConfigBadCountry, config.KindEmail: txt.CLIConfigBadEmail,
		config.KindPhone: txt.CLIConfigBadPhone, config.KindLang: txt.CLIConfigBadLang,
		config.KindLink: txt.CLIConfigBadInvitationURL, config.KindGUID: txt.CLIConfigBadGUID,
		config.KindTenant: txt.CLIConfigBadTenant, config.KindCloud: txt.CLIConfigBadCloud,
	}
}}

// valueMessage says why a value cannot be a setting's, and what it may be.
func valueMessage(ve *config.ValueError, tr scenarios.Texts) string {
	cat := tr.Catalog
	key := configBadTexts.Get()[ve.Kind]
	if ve.Kind == config.KindPartnerID && diagnose.CheckTenantID(ve.Value).Valid {
		key = txt.CLIConfigBadPartnerIDTenant // a tenant ID pasted in its place, as happens
	}
	return tr.T(key, "key", ve.Key, "value", cat.Quote(ve.Value, sanitize.MaxID, tr.Lang))
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
		Long:    g.texts().T(txt.CLIConfigLong),
		Example: g.texts().T(txt.CLIConfigExample),
	}
	useLine(cmd, "", g.texts())
	keyArg := func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return valueCompletions(args[0]), cobra.ShellCompDirectiveNoFileComp
		}
		return config.Names(), cobra.ShellCompDirectiveNoFileComp
	}
	sub := func(use, args string, short txt.Key, nargs int, run func(o *configOptions) error) *cobra.Command {
		c := &cobra.Command{Use: use, Short: g.texts().T(short), Args: positionalArgs(g.texts(), nargs, nargs),
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
		useLine(c, args, g.texts())
		if nargs > 0 {
			c.ValidArgsFunction = keyArg
		}
		return c
	}
	list := sub("list", "", txt.CLIConfigListShort, 0, nil)
	var format string
	checkOutput := outputFlag(list, &format, g.texts(), "text", "json")
	list.RunE = func(*cobra.Command, []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		return runConfigList(&configOptions{env: e, global: g, output: format})
	}
	cmd.AddCommand(
		sub("set", g.texts().T(txt.CLIConfigKeyValueArgs), txt.CLIConfigSetShort, 2, func(o *configOptions) error {
			if strings.TrimSpace(o.value) == "" {
				// A blank value would unset the key without a word: unset says so.
				if _, err := config.Find(o.key); err != nil {
					return configError(err, o.global.texts())
				}
				return usageError(g.texts().T(txt.CLIConfigBlankHint, "key", o.key), "%s", g.texts().T(txt.CLIConfigBlank, "key", o.key))
			}
			return runConfigSet(o)
		}),
		sub("get", g.texts().T(txt.CLIConfigKeyArg), txt.CLIConfigGetShort, 1, runConfigGet),
		sub("unset", g.texts().T(txt.CLIConfigKeyArg), txt.CLIConfigUnsetShort, 1, runConfigSet),
		list,
		sub("path", "", txt.CLIConfigPathShort, 0, runConfigPath),
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
		tr := o.global.texts()
		return "", usageError(tr.T(txt.CLIConfigNoPlaceHint), "%s", tr.T(txt.CLIConfigNoPlace))
	}
	return o.global.settings.path, nil
}

// runConfigSet sets a key (unset: sets it to nothing) and writes the file.
func runConfigSet(o *configOptions) error {
	tr := o.global.texts()
	path, err := o.settingsPath()
	if err != nil {
		return err
	}
	k, err := config.Find(o.key)
	if err != nil {
		return configError(err, tr)
	}
	// Checked before the file is locked, so that a bad value never waits for another run.
	var probe config.Config
	if err := k.Set(tr.Catalog, &probe, o.value); err != nil {
		return configError(err, tr)
	}
	// The file is read again under its lock and only this key changed: what another cspfix
	// set meanwhile stays.
	err = config.Update(o.env.ctx, tr.Catalog, path, func(cfg *config.Config) error { return k.Set(tr.Catalog, cfg, o.value) })
	var fe *config.FileError
	var p *config.Problem
	var te *config.TrustError
	switch {
	case errors.As(err, &fe) && (errors.As(fe.Err, &p) || errors.As(fe.Err, &te) || errors.As(fe.Err, new(*config.ValueError))):
		return configError(err, tr)
	case errors.As(err, &fe):
		return refusedFile(txt.CLICannotWrite, path, fe.Err, tr)
	}
	if err != nil {
		return err
	}
	// What it did, on stderr (stdout stays for data, as with get).
	if v := k.Get(&probe); v != "" {
		fmt.Fprintln(o.env.stderr, tr.T(txt.CLIConfigSetDone, "key", k.Name, "value", sanitize.Exact(v), "path", sanitize.Exact(path)))
	} else {
		fmt.Fprintln(o.env.stderr, tr.T(txt.CLIConfigUnsetDone, "key", k.Name, "path", sanitize.Exact(path)))
	}
	return nil
}

func runConfigGet(o *configOptions) error {
	k, err := config.Find(o.key)
	if err != nil {
		return configError(err, o.global.texts())
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
