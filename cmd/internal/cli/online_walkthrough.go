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
		// cspfix: nobody signed in and no token, or no cspfix-online to look up (else it
		// handed the walkthrough over).
		note := txt.LookupsNotSignedIn
		if opts.onlineMissing {
			note = txt.LookupsOnlineMissing
		}
		flow.LookupNote = e.model().Catalog.Text(note, lang)
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

// handOverIfLooking asks, in cspfix, for cspfix-online when the run looks up: with --online,
// and a walkthrough with a sign-in or a token (walkthroughLookups would offer it). What cspfix
// can check of that is checked first: the tokens and service roots in the environment, the
// sign-in settings. A walkthrough goes on without lookups, and says why, when cspfix-online is
// not installed.
func (opts *diagnoseOptions) handOverIfLooking() error {
	e, g := opts.env, opts.global
	if !opts.online && !opts.walkthrough {
		return nil
	}
	me, err := e.readMicrosoftEnv(g.texts())
	if err != nil {
		return err
	}
	if !opts.online {
		// The sign-in's record, read as cspfix-online reads it: one that cannot be read is
		// no sign-in.
		_, signedIn, _ := signin.LoadRecord(signin.RecordPath(runtime.GOOS, e.getenv))
		if !signedIn && me.tokens.Graph == nil && me.tokens.PartnerCenter == nil {
			return nil
		}
		if _, err := findOnline(); err != nil {
			opts.onlineMissing = true
			return nil
		}
	}
	if _, err := loginSettings(g, nil, g.texts()); err != nil {
		return err
	}
	return e.requireOnline("cspfix diagnose")
}
