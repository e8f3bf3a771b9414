package main

import (
	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// walkthroughLookups gives the walkthrough its lookups: with --online it looks up without
// asking; otherwise it offers to when there is a sign-in or a token, and says once why it does
// not when there is neither.
func walkthroughLookups(opts *diagnoseOptions, flow *walkthrough.Flow) error {
	e, lang := opts.env, opts.global.lang
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
