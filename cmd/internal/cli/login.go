package cli

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
	"github.com/cspfix/cspfix/scenarios/txt"
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
		Long:    g.texts().T(txt.OnlineLoginLong),
		Example: "  cspfix config set login.client_id 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f\n  cspfix login\n  cspfix login --device-code\n  cspfix login status",
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.deviceCode && opts.useAz {
				return usageError(seeHelp(cmd, g.texts()), "%s", g.texts().T(txt.OnlineOneMethod))
			}
			return runLogin(opts)
		},
	}
	useLine(cmd, "", g.texts())
	cmd.Flags().BoolVar(&opts.deviceCode, "device-code", false, g.texts().T(txt.OnlineFlagDeviceCode))
	cmd.Flags().BoolVar(&opts.useAz, "use-az", false, g.texts().T(txt.OnlineFlagUseAz))
	cmd.Flags().StringVar(&opts.clientID, "client-id", "", g.texts().T(txt.OnlineFlagClientID))
	cmd.Flags().StringVar(&opts.tenant, "tenant", "", g.texts().T(txt.OnlineFlagTenant))
	cmd.Flags().StringVar(&opts.cloud, "cloud", "", g.texts().T(txt.OnlineFlagCloud))
	_ = cmd.RegisterFlagCompletionFunc("cloud", cobra.FixedCompletions([]string{"public", "us_government", "china"}, cobra.ShellCompDirectiveNoFileComp))

	status := &cobra.Command{
		Use:   "status",
		Short: g.texts().T(txt.OnlineStatusShort),
		Long:  g.texts().T(txt.OnlineStatusLong),
	}
	useLine(status, "", g.texts())
	checkOutput := outputFlag(status, &opts.output, g.texts(), "text", "json")
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
		Use:  "logout",
		Long: g.texts().T(txt.OnlineLogoutLong),
		RunE: func(cmd *cobra.Command, args []string) error { return runLogout(&loginOptions{env: e, global: g}) },
	}
	useLine(cmd, "", g.texts())
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
	tr, e := o.global.texts(), o.env
	s, err := loginSettings(o.global, map[string]*string{"login.client_id": &o.clientID, "login.tenant": &o.tenant, "login.cloud": &o.cloud}, tr)
	if err != nil {
		return err
	}
	if err := e.requireOnline("cspfix login"); err != nil {
		return err
	}
	m, err := e.signinManager(tr)
	if err != nil {
		return err
	}
	method := o.method()
	w := e.stderr
	switch method {
	case signin.MethodBrowser:
		if s.ClientID != "" {
			fmt.Fprintln(w, tr.T(txt.OnlineOpeningBrowser, "cloud", cloudName(s.Cloud, tr)))
		}
	case signin.MethodAzureCLI:
		fmt.Fprintln(w, tr.T(txt.OnlineUsingAzureCLI))
	}
	hooks := signin.Hooks{
		DeviceCode: func(url, code string) error {
			_, err := fmt.Fprintln(w, tr.T(txt.OnlineDeviceCodePrompt, "url", sanitize.Exact(url), "code", sanitize.Exact(code)))
			return err
		},
		ShowURL: func(url string) error {
			_, err := fmt.Fprintln(w, tr.T(txt.OnlineOpenURL, "url", sanitize.Exact(url)))
			return err
		},
		Progress: w,
		Texts:    tr,
	}
	res, err := m.Login(e.ctx, method, s, hooks)
	if err != nil {
		return signinFailure(err, tr)
	}
	rec := res.Record
	user := rec.Username
	if user == "" {
		user = "—"
	}
	fmt.Fprintln(w, "✓ "+tr.T(txt.OnlineSignedIn, "user", sanitize.Exact(user), "tenant", sanitize.Exact(rec.TenantID), "cloud", cloudName(rec.Cloud, tr)))
	switch {
	case method == signin.MethodAzureCLI:
		fmt.Fprintln(w, tr.T(txt.OnlineTokensFromAzureCLI))
	case res.StoreErr != nil:
		fmt.Fprintln(w, "! "+res.StoreErr.Message(tr.Catalog, tr.Lang))
		fmt.Fprintln(w, "  "+res.StoreErr.Hint(tr.Catalog, tr.Lang))
	default:
		fmt.Fprintln(w, storeText(res.Store, tr))
	}
	fmt.Fprintln(w, tr.T(txt.OnlineNextStatus))
	return nil
}

// storeText says where the tokens are kept.
func storeText(kind string, tr scenarios.Texts) string {
	if k, ok := render.StoreTexts.Get()[kind]; ok {
		return tr.T(k)
	}
	return tr.T(txt.OnlineStoreOther, "store", sanitize.Exact(kind))
}

// signinFailure gives a failed sign-in its exit code and hint: a missing app registration is a
// usage error (2), anything else a failure (1).
func signinFailure(err error, tr scenarios.Texts) error {
	cat := tr.Catalog
	var se *signin.Error
	var re *signin.RecordError
	switch {
	case errors.As(err, &se):
		code := exitFailure
		if se.Reason == signin.ReasonNoClientID {
			code = exitUsage
		}
		return &exitError{code: code, err: errors.New(se.Message(cat, tr.Lang)), hint: se.Hint(cat, tr.Lang)}
	case errors.As(err, &re):
		return refusedFile(txt.OnlineCannotKeepSignIn, re.Path, re.Err, tr)
	}
	return err
}

func runLogout(o *loginOptions) error {
	tr, e := o.global.texts(), o.env
	if err := e.requireOnline("cspfix logout"); err != nil {
		return err
	}
	m, err := e.signinManager(tr)
	if err != nil {
		return err
	}
	rec, ok, err := m.Logout(e.ctx)
	if err != nil {
		return signinFailure(err, tr)
	}
	w := e.stderr
	if !ok {
		fmt.Fprintln(w, tr.T(txt.OnlineNotSignedIn))
		return nil
	}
	if rec.TenantID == "" { // a record that could not be read (Logout counts it, and removes it)
		fmt.Fprintln(w, "✓ "+tr.T(txt.OnlineSignedOutUnreadable))
		return nil
	}
	user := rec.Username
	if user == "" {
		user = "—"
	}
	fmt.Fprintln(w, "✓ "+tr.T(txt.OnlineSignedOut, "user", sanitize.Exact(user), "tenant", sanitize.Exact(rec.TenantID)))
	if rec.Method == signin.MethodAzureCLI {
		fmt.Fprintln(w, tr.T(txt.OnlineAzureCLIStays))
	}
	return nil
}

// statusTimeout bounds the checks of `login status`: each service is asked once.
const statusTimeout = 2 * microsoft.DefaultTimeout

func runLoginStatus(o *loginOptions) error {
	tr, e := o.global.texts(), o.env
	me, err := e.readMicrosoftEnv(tr)
	if err != nil {
		return err
	}
	s, err := loginSettings(o.global, nil, tr)
	if err != nil {
		return err
	}
	if err := e.requireOnline("cspfix login status"); err != nil {
		return err
	}
	m, err := e.signinManager(tr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(e.ctx, statusTimeout)
	defer cancel()
	st := m.Status(ctx, s, me.tokens, signin.StatusOptions{GraphRoot: me.graphRoot, PartnerCenterRoot: me.pcRoot, Check: true,
		Connect: e.connect(microsoft.NewLimiter(microsoft.DefaultConcurrency))})
	if cause := context.Cause(e.ctx); cause != nil {
		return cause
	}
	if err := render.LoginStatus(e.stdout, st, render.Format(o.output), e.renderOptions(tr)); err != nil {
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
