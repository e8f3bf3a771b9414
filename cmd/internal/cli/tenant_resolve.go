package cli

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/discovery"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

type tenantResolveOptions struct {
	env    *env
	global *globalOptions
	domain string // a domain or a tenant ID, as given
	output string
}

func newTenantResolveCmd(e *env, g *globalOptions, runF func(*tenantResolveOptions) error) *cobra.Command {
	opts := &tenantResolveOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "resolve",
		Short:   g.texts().T(txt.CLIResolveShort),
		Long:    g.texts().T(txt.CLIResolveLong),
		Example: "  cspfix tenant resolve contoso.onmicrosoft.com\n  cspfix tenant resolve 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31",
		Args:    positionalArgs(g.texts(), 1, 1),
	}
	useLine(cmd, "DOMAIN|TENANT-ID", g.texts())
	checkOutput := outputFlag(cmd, &opts.output, g.texts(), "text", "json")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		opts.domain = args[0]
		if runF != nil {
			return runF(opts)
		}
		return runTenantResolve(opts)
	}
	return cmd
}

func runTenantResolve(opts *tenantResolveOptions) error {
	tr, cat := opts.global.texts(), opts.global.catalog
	byID, err := resolvesTenantID(opts.domain, tr)
	if err != nil {
		return err
	}
	if !byID {
		// Said here, so that cspfix says it without cspfix-online.
		if _, err := discovery.NormalizeDomain(opts.domain); err != nil {
			return lookupFailure(err, byID, cat, tr)
		}
	}
	if err := opts.env.requireOnline("cspfix tenant resolve"); err != nil {
		return err
	}
	client, err := opts.env.lookupClient(tr)
	if err != nil {
		return err
	}
	var res diagnose.Resolution
	if byID {
		res, err = client.ResolveTenantContext(opts.env.ctx, opts.domain)
	} else {
		res, err = client.ResolveContext(opts.env.ctx, opts.domain)
	}
	if cause := context.Cause(opts.env.ctx); cause != nil {
		return cause
	}
	if err != nil {
		return lookupFailure(err, byID, cat, tr)
	}
	return render.Resolution(opts.env.stdout, res, render.Format(opts.output), opts.env.renderOptions(tr))
}

// resolvesTenantID decides whether tenant resolve looks up a tenant ID (true) or a domain: a
// valid tenant ID, as people paste it, is one; anything with a dot a domain; anything else is
// neither, and the tenant ID's problems say why. The IDs that are no customer's tenant are
// refused here, before any request.
func resolvesTenantID(arg string, tr scenarios.Texts) (bool, error) {
	t := diagnose.CheckTenantID(arg)
	switch {
	case t.Valid && (t.Canonical == discovery.NilTenant || t.Canonical == discovery.ConsumersTenant):
		return false, usageError(tr.T(txt.OnlineTenantCheckHint), "%s", tr.T(txt.OnlineNotCustomerTenant, "value", t.Canonical))
	case t.Valid:
		return true, nil
	case strings.Contains(arg, ".") || t.Has(diagnose.ProblemDomain) || !looksLikeTenantID(arg):
		return false, nil
	case t.Has(diagnose.ProblemNil):
		return false, usageError(tr.T(txt.OnlineTenantCheckHint), "%s", tr.T(txt.OnlineNotCustomerTenant, "value", sanitize.Exact(arg)))
	}
	cat := tr.Catalog
	return false, usageError(tr.T(txt.OnlineTenantCheckHint), "%s", tr.T(txt.OnlineNeitherDomainNorTenant, "value", cat.Quote(arg, sanitize.MaxID, tr.Lang), "problems", t.ProblemsText(cat, tr.Lang)))
}

// looksLikeTenantID reports whether arg was meant as a tenant ID: mostly hexadecimal digits, at
// least half of an ID's 32. Anything else ("not a domain") is checked as the domain it was meant
// to be, so that its error says what a domain needs instead of listing an ID's problems.
func looksLikeTenantID(arg string) bool {
	hex, other := 0, 0
	for _, r := range arg {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
			hex++
		case r == '-' || r == '{' || r == '}' || unicode.IsSpace(r):
		default:
			other++
		}
	}
	return hex >= 16 && other <= hex/4
}

// lookupFailure maps a failed lookup to its exit code: an invalid domain is a usage error, an
// unknown one a finding (4), anything else a failure to reach the service (1).
func lookupFailure(err error, byID bool, cat *scenarios.Catalog, tr scenarios.Texts) error {
	le, ok := err.(*diagnose.LookupError)
	if !ok {
		return err
	}
	msg := fmt.Errorf("%s", le.Message(cat, tr.Lang))
	hint := tr.T(txt.CLINoTenantHint)
	if byID {
		hint = tr.T(txt.OnlineHintUnknownID)
	}
	switch le.Kind {
	case diagnose.LookupInvalidDomain:
		return &exitError{code: exitUsage, err: msg, hint: hint}
	case diagnose.LookupNotFound:
		return &exitError{code: exitCheckFailed, err: msg, hint: hint}
	}
	return &exitError{code: exitFailure, err: msg, hint: tr.T(txt.CLILookupHint)}
}

// lookup is a client of Microsoft's sign-in service (internal/discovery/oidc's, or a test's fake).
type lookup = discovery.Lookup

// lookupClient is the environment's client for the sign-in services: those of every cloud in
// turn, the public cloud's first (a tenant of the US Government or China cloud is unknown to
// the public service), or CSPFIX_AUTHORITY alone when it is set.
func (e *env) lookupClient(tr scenarios.Texts) (lookup, error) {
	if override := e.getenv("CSPFIX_AUTHORITY"); override != "" {
		c, err := e.lookup(override)
		if err != nil {
			return nil, usageError("", "%s", tr.T(txt.CLIBadAuthority, "err", err.Error()))
		}
		return c, nil
	}
	var clouds discovery.Clouds
	for _, cloud := range microsoft.Clouds() {
		c, err := e.lookup(cloud.Authority)
		if err != nil {
			return nil, err
		}
		clouds = append(clouds, c)
	}
	return clouds, nil
}
