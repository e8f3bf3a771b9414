package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios"
)

type tenantResolveOptions struct {
	env    *env
	global *globalOptions
	domain string
	output string
}

func newTenantResolveCmd(e *env, g *globalOptions, runF func(*tenantResolveOptions) error) *cobra.Command {
	opts := &tenantResolveOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "resolve",
		Short:   ui.ResolveShort.In(g.lang),
		Long:    ui.ResolveLong.In(g.lang),
		Example: "  cspfix tenant resolve contoso.onmicrosoft.com",
		Args:    positionalArgs(g.lang, 1, 1),
	}
	useLine(cmd, "DOMAIN", g.lang)
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
	client, err := opts.env.lookupClient(lang)
	if err != nil {
		return err
	}
	res, err := client.ResolveContext(opts.env.ctx, opts.domain)
	if cause := context.Cause(opts.env.ctx); cause != nil {
		return cause
	}
	if err != nil {
		return lookupFailure(err, cat, lang)
	}
	return render.Resolution(opts.env.stdout, res, render.Format(opts.output), opts.env.renderOptions(lang))
}

// lookupFailure maps a failed lookup to its exit code: an invalid domain is a usage error, an
// unknown one a finding (4), anything else a failure to reach the service (1).
func lookupFailure(err error, cat *scenarios.Catalog, lang scenarios.Lang) error {
	le, ok := err.(*diagnose.LookupError)
	if !ok {
		return err
	}
	msg := fmt.Errorf("%s", le.Message(cat, lang))
	switch le.Kind {
	case diagnose.LookupInvalidDomain:
		return &exitError{code: exitUsage, err: msg, hint: ui.NoTenantHint.In(lang)}
	case diagnose.LookupNotFound:
		return &exitError{code: exitCheckFailed, err: msg, hint: ui.NoTenantHint.In(lang)}
	}
	return &exitError{code: exitFailure, err: msg, hint: ui.LookupHint.In(lang)}
}

// lookup is a client of Microsoft's sign-in service (discovery.Client, or a test's fake).
type lookup interface {
	ResolveContext(ctx context.Context, domain string) (diagnose.Resolution, error)
}

// lookupClient is the environment's client for the sign-in service, CSPFIX_AUTHORITY replacing
// its address.
func (e *env) lookupClient(lang scenarios.Lang) (lookup, error) {
	c, err := e.lookup(e.getenv("CSPFIX_AUTHORITY"))
	if err != nil {
		return nil, usageError("", "%s", ui.BadAuthority.In(lang, "err", err.Error()))
	}
	return c, nil
}

// contextResolver looks a domain up with the command's context, so that a signal ends a lookup
// in progress.
type contextResolver struct {
	ctx    context.Context
	client lookup
}

func (r contextResolver) Resolve(domain string) (diagnose.Resolution, error) {
	return r.client.ResolveContext(r.ctx, domain)
}

// cachedResolver looks each domain up once per run: batches often repeat a customer.
type cachedResolver struct {
	next diagnose.Resolver
	seen map[string]cachedResolution
}

type cachedResolution struct {
	res diagnose.Resolution
	err error
}

// maxCachedDomains bounds the cache so that memory stays flat on huge batches.
const maxCachedDomains = 10000

func (c *cachedResolver) Resolve(domain string) (diagnose.Resolution, error) {
	key := strings.ToLower(strings.TrimSpace(domain))
	if hit, ok := c.seen[key]; ok {
		return hit.res, hit.err
	}
	res, err := c.next.Resolve(domain)
	if len(c.seen) >= maxCachedDomains {
		clear(c.seen)
	}
	c.seen[key] = cachedResolution{res, err}
	return res, err
}
