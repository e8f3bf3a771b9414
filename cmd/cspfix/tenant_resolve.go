package main

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
		Short:   ui.ResolveShort.In(g.lang),
		Long:    ui.ResolveLong.In(g.lang),
		Example: "  cspfix tenant resolve contoso.onmicrosoft.com\n  cspfix tenant resolve 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31",
		Args:    positionalArgs(g.lang, 1, 1),
	}
	useLine(cmd, "DOMAIN|TENANT-ID", g.lang)
	checkOutput := outputFlag(cmd, &opts.output, g.lang, "text", "json")
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
	lang, cat := opts.global.lang, scenarios.MustLoad()
	byID, err := resolvesTenantID(opts.domain, lang)
	if err != nil {
		return err
	}
	client, err := opts.env.lookupClient(lang)
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
		return lookupFailure(err, byID, cat, lang)
	}
	return render.Resolution(opts.env.stdout, res, render.Format(opts.output), opts.env.renderOptions(lang))
}

// resolvesTenantID decides whether tenant resolve looks up a tenant ID (true) or a domain: a
// valid tenant ID, as people paste it, is one; anything with a dot a domain; anything else is
// neither, and the tenant ID's problems say why. The IDs that are no customer's tenant are
// refused here, before any request.
func resolvesTenantID(arg string, lang scenarios.Lang) (bool, error) {
	t := diagnose.CheckTenantID(arg)
	switch {
	case t.Valid && (t.Canonical == discovery.NilTenant || t.Canonical == discovery.ConsumersTenant):
		return false, usageError(online.TenantCheckHint.In(lang), "%s", online.NotCustomerTenant.In(lang, "value", t.Canonical))
	case t.Valid:
		return true, nil
	case strings.Contains(arg, ".") || t.Has(diagnose.ProblemDomain) || !looksLikeTenantID(arg):
		return false, nil
	case t.Has(diagnose.ProblemNil):
		return false, usageError(online.TenantCheckHint.In(lang), "%s", online.NotCustomerTenant.In(lang, "value", sanitize.Exact(arg)))
	}
	cat := scenarios.MustLoad()
	return false, usageError(online.TenantCheckHint.In(lang), "%s", online.NeitherDomainNorTenant.In(lang,
		"value", cat.Quote(arg, sanitize.MaxID, lang), "problems", t.ProblemsText(cat, lang)))
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
func lookupFailure(err error, byID bool, cat *scenarios.Catalog, lang scenarios.Lang) error {
	le, ok := err.(*diagnose.LookupError)
	if !ok {
		return err
	}
	msg := fmt.Errorf("%s", le.Message(cat, lang))
	hint := ui.NoTenantHint.In(lang)
	if byID {
		hint = online.HintUnknownID.In(lang)
	}
	switch le.Kind {
	case diagnose.LookupInvalidDomain:
		return &exitError{code: exitUsage, err: msg, hint: hint}
	case diagnose.LookupNotFound:
		return &exitError{code: exitCheckFailed, err: msg, hint: hint}
	}
	return &exitError{code: exitFailure, err: msg, hint: ui.LookupHint.In(lang)}
}

// lookup is a client of Microsoft's sign-in service (discovery.Client, or a test's fake).
type lookup = discovery.Lookup

// lookupClient is the environment's client for the sign-in services: those of every cloud in
// turn, the public cloud's first (a tenant of the US Government or China cloud is unknown to
// the public service), or CSPFIX_AUTHORITY alone when it is set.
func (e *env) lookupClient(lang scenarios.Lang) (lookup, error) {
	if override := e.getenv("CSPFIX_AUTHORITY"); override != "" {
		c, err := e.lookup(override)
		if err != nil {
			return nil, usageError("", "%s", ui.BadAuthority.In(lang, "err", err.Error()))
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
