package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/scenarios"
)

// The sign-in to Microsoft for the lookups (SPEC §19, docs/microsoft-access.md): cspfix login,
// cspfix logout, cspfix login status.

type loginOptions struct {
	env        *env
	global     *globalOptions
	deviceCode bool
	useAz      bool
	clientID   string
	tenant     string
	cloud      string
	output     string
}

func newLoginCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &loginOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "login",
		Short:   online.LoginShort.In(g.lang),
		Long:    online.LoginLong.In(g.lang),
		Example: "  cspfix config set login.client_id 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f\n  cspfix login\n  cspfix login --device-code\n  cspfix login status",
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.deviceCode && opts.useAz {
				return usageError(seeHelp(cmd, g.lang), "%s", online.OneMethod.In(g.lang))
			}
			return runLogin(opts)
		},
	}
	useLine(cmd, "", g.lang)
	cmd.Flags().BoolVar(&opts.deviceCode, "device-code", false, online.FlagDeviceCode.In(g.lang))
	cmd.Flags().BoolVar(&opts.useAz, "use-az", false, online.FlagUseAz.In(g.lang))
	cmd.Flags().StringVar(&opts.clientID, "client-id", "", online.FlagClientID.In(g.lang))
	cmd.Flags().StringVar(&opts.tenant, "tenant", "", online.FlagTenant.In(g.lang))
	cmd.Flags().StringVar(&opts.cloud, "cloud", "", online.FlagCloud.In(g.lang))
	_ = cmd.RegisterFlagCompletionFunc("cloud", cobra.FixedCompletions([]string{"public", "us_government", "china"}, cobra.ShellCompDirectiveNoFileComp))

	status := &cobra.Command{
		Use:   "status",
		Short: online.StatusShort.In(g.lang),
		Long:  online.StatusLong.In(g.lang),
	}
	useLine(status, "", g.lang)
	checkOutput := outputFlag(status, &opts.output, g.lang, "text", "json")
	status.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		return runLoginStatus(opts)
	}
	cmd.AddCommand(status)
	return cmd
}

func newLogoutCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "logout",
		Short: online.LogoutShort.In(g.lang),
		Long:  online.LogoutLong.In(g.lang),
		RunE:  func(cmd *cobra.Command, args []string) error { return runLogout(&loginOptions{env: e, global: g}) },
	}
	useLine(cmd, "", g.lang)
	return cmd
}

func (o *loginOptions) method() signin.Method {
	switch {
	case o.deviceCode:
		return signin.MethodDeviceCode
	case o.useAz:
		return signin.MethodAzureCLI
	}
	return signin.MethodBrowser
}

func runLogin(o *loginOptions) error {
	lang, e := o.global.lang, o.env
	s, err := loginSettings(o.global, map[string]*string{"login.client_id": &o.clientID, "login.tenant": &o.tenant, "login.cloud": &o.cloud}, lang)
	if err != nil {
		return err
	}
	m, err := e.signinManager(lang)
	if err != nil {
		return err
	}
	method := o.method()
	w := e.stderr
	switch method {
	case signin.MethodBrowser:
		if s.ClientID != "" {
			fmt.Fprintln(w, online.OpeningBrowser.In(lang, "cloud", cloudName(s.Cloud, lang)))
		}
	case signin.MethodAzureCLI:
		fmt.Fprintln(w, online.UsingAzureCLI.In(lang))
	}
	hooks := signin.Hooks{
		DeviceCode: func(url, code string) error {
			_, err := fmt.Fprintln(w, online.DeviceCodePrompt.In(lang, "url", sanitize.Exact(url), "code", sanitize.Exact(code)))
			return err
		},
		ShowURL: func(url string) error {
			_, err := fmt.Fprintln(w, online.OpenURL.In(lang, "url", sanitize.Exact(url)))
			return err
		},
		Progress: w,
		Texts:    embeddedCatalog().In(lang),
	}
	res, err := m.Login(e.ctx, method, s, hooks)
	if err != nil {
		return signinFailure(err, lang)
	}
	rec := res.Record
	user := rec.Username
	if user == "" {
		user = "—"
	}
	fmt.Fprintln(w, "✓ "+online.SignedIn.In(lang, "user", sanitize.Exact(user), "tenant", sanitize.Exact(rec.TenantID), "cloud", cloudName(rec.Cloud, lang)))
	switch {
	case method == signin.MethodAzureCLI:
		fmt.Fprintln(w, online.TokensFromAzureCLI.In(lang))
	case res.StoreErr != nil:
		fmt.Fprintln(w, "! "+res.StoreErr.Message(scenarios.MustLoad(), lang))
		fmt.Fprintln(w, "  "+res.StoreErr.Hint(scenarios.MustLoad(), lang))
	default:
		fmt.Fprintln(w, storeText(res.Store, lang))
	}
	fmt.Fprintln(w, online.NextStatus.In(lang))
	return nil
}

// storeText says where the tokens are kept.
func storeText(kind string, lang scenarios.Lang) string {
	if k, ok := render.StoreTexts[kind]; ok {
		return embeddedCatalog().Text(k, lang)
	}
	return online.StoreOther.In(lang, "store", sanitize.Exact(kind))
}

// signinFailure gives a failed sign-in its exit code and hint: a missing app registration is a
// usage error (2), anything else a failure (1).
func signinFailure(err error, lang scenarios.Lang) error {
	cat := scenarios.MustLoad()
	var se *signin.Error
	var re *signin.RecordError
	switch {
	case errors.As(err, &se):
		code := exitFailure
		if se.Reason == signin.ReasonNoClientID {
			code = exitUsage
		}
		return &exitError{code: code, err: errors.New(se.Message(cat, lang)), hint: se.Hint(cat, lang)}
	case errors.As(err, &re):
		return refusedFile(online.CannotKeepSignIn, re.Path, re.Err, lang)
	}
	return err
}

func runLogout(o *loginOptions) error {
	lang, e := o.global.lang, o.env
	m, err := e.signinManager(lang)
	if err != nil {
		return err
	}
	rec, ok, err := m.Logout(e.ctx)
	if err != nil {
		return signinFailure(err, lang)
	}
	w := e.stderr
	if !ok {
		fmt.Fprintln(w, online.NotSignedIn.In(lang))
		return nil
	}
	user := rec.Username
	if user == "" {
		user = "—"
	}
	fmt.Fprintln(w, "✓ "+online.SignedOut.In(lang, "user", sanitize.Exact(user), "tenant", sanitize.Exact(rec.TenantID)))
	if rec.Method == signin.MethodAzureCLI {
		fmt.Fprintln(w, online.AzureCliStays.In(lang))
	}
	return nil
}

// statusTimeout bounds the checks of `login status`: each service is asked once.
const statusTimeout = 2 * microsoft.DefaultTimeout

func runLoginStatus(o *loginOptions) error {
	lang, e := o.global.lang, o.env
	me, err := e.readMicrosoftEnv(lang)
	if err != nil {
		return err
	}
	s, err := loginSettings(o.global, nil, lang)
	if err != nil {
		return err
	}
	m, err := e.signinManager(lang)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(e.ctx, statusTimeout)
	defer cancel()
	st := m.Status(ctx, s, me.tokens, signin.StatusOptions{GraphRoot: me.graphRoot, PartnerCenterRoot: me.pcRoot, Check: true})
	if cause := context.Cause(e.ctx); cause != nil {
		return cause
	}
	if err := render.LoginStatus(e.stdout, st, render.Format(o.output), e.renderOptions(lang)); err != nil {
		return err
	}
	for _, svc := range st.Services {
		if svc.Origin != signin.OriginNone {
			return nil
		}
	}
	// Nobody signed in and no token given: a check that found nothing to look up with.
	return &exitError{code: exitCheckFailed}
}
