package cli

import (
	"runtime"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// walkthroughLookups gives the walkthrough its lookups: with --online it looks up without
// asking; otherwise it offers to when there is a sign-in or a token, and says once why it does
// not when there is neither.
func walkthroughLookups(opts *diagnoseOptions, flow *walkthrough.Flow) error {
	e, lang := opts.env, opts.global.lang
	if e.online == nil {
		// cspfix: nobody signed in and no token (else it handed the walkthrough over).
		flow.LookupNote = e.model().Catalog.Text(txt.LookupsNotSignedIn, lang)
		return nil
	}
	r, err := e.onlineRunner(opts.global, opts.clock(e))
	if err != nil {
		return err
	}
	cat := e.model().Catalog
	switch {
	case opts.online:
		flow.Lookup = r.Look
		if !r.SignedIn() {
			flow.LookupNote = cat.Text(txt.LookupsPublicOnly, lang)
		}
	case r.SignedIn():
		flow.Lookup, flow.LookupAsk = r.Look, true
	default:
		flow.LookupNote = cat.Text(txt.LookupsNotSignedIn, lang)
	}
	flow.DescribeLookups = func(list []diagnose.Lookup) []string {
		// The walkthrough has just looked them up: the sources, without the time.
		var lines []string
		for _, g := range render.LookupGroups(cat, list, lang) {
			lines = append(lines, "  "+g.Source+":")
			for _, f := range g.Facts {
				lines = append(lines, "    • "+f)
			}
		}
		return lines
	}
	return nil
}

// lookupsOffered tells whether the walkthrough would offer lookups: a sign-in or a token in the
// environment (walkthroughLookups). It reads no more than the sign-in's record, so that
// cspfix, which cannot look up, knows to hand such a walkthrough to cspfix-online; a record
// or token it cannot read counts, for cspfix-online to say what is wrong with it.
func (e *env) lookupsOffered(g *globalOptions) bool {
	me, err := e.readMicrosoftEnv(g.texts())
	if err != nil || me.tokens.Graph != nil || me.tokens.PartnerCenter != nil {
		return true
	}
	_, found, err := signin.LoadRecord(signin.RecordPath(runtime.GOOS, e.getenv))
	return found || err != nil
}
