package render

import (
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// The facts cspfix looked up in Microsoft's systems (diagnose.Lookup), in every output: a
// section of the text and Markdown results, "lookups" in the JSON, a column of the CSV, and in
// the ticket what we checked in Microsoft's systems.

// LookupDoc is a looked-up fact as -o json writes it.
type LookupDoc struct {
	Source string         `json:"source"`
	Fact   string         `json:"fact"`
	Value  string         `json:"value"`
	At     *diagnose.Time `json:"at"`
}

// lookupsOf are the lookups of a result's case; none for an invalid record.
func lookupsOf(r *diagnose.Result) []diagnose.Lookup {
	if r.Case == nil {
		return nil
	}
	return r.Case.Lookups
}

// lookupDocs are the lookups of r as ResultDoc holds them (nil for none: the key is left out).
func lookupDocs(r *diagnose.Result) []LookupDoc {
	var out []LookupDoc
	for _, l := range lookupsOf(r) {
		out = append(out, LookupDoc{Source: l.Source, Fact: l.Fact, Value: l.Value, At: l.At})
	}
	return out
}

// appendLookups appends `,"lookups":[…]` when the case has lookups, as encoding/json writes
// []LookupDoc.
func appendLookups(b []byte, r *diagnose.Result) []byte {
	list := lookupsOf(r)
	if len(list) == 0 {
		return b
	}
	b = append(b, `,"lookups":[`...)
	for i, l := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"source":`...)
		b = sanitize.AppendJSONString(b, l.Source)
		b = append(b, `,"fact":`...)
		b = sanitize.AppendJSONString(b, l.Fact)
		b = append(b, `,"value":`...)
		b = sanitize.AppendJSONString(b, l.Value)
		b = append(b, `,"at":`...)
		if l.At == nil {
			b = append(b, "null"...)
		} else {
			at, _ := l.At.MarshalJSON()
			b = append(b, at...)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// LookupGroup is the looked-up facts of one source at one time, in words: the source and the
// time, then each fact with its value (several values of one fact on one line).
type LookupGroup struct {
	Source, At string
	Facts      []string
}

// LookupGroups says the lookups in words, a group for each source and time in a row:
// "Microsoft Graph, 2026-11-20 10:02 +01:00" with "name of the tenant with the entered ID:
// "Contoso, Ltd"".
func LookupGroups(cat *scenarios.Catalog, list []diagnose.Lookup, lang scenarios.Lang) []LookupGroup {
	var out []LookupGroup
	lastFact := ""
	for _, l := range list {
		w := diagnose.DescribeLookup(cat, l, lang)
		n := len(out)
		if n == 0 || out[n-1].Source != w.Source || out[n-1].At != w.At {
			out = append(out, LookupGroup{Source: w.Source, At: w.At})
			n, lastFact = n+1, ""
		}
		g := &out[n-1]
		if w.Fact == lastFact {
			g.Facts[len(g.Facts)-1] += ", " + w.Value
			continue
		}
		g.Facts, lastFact = append(g.Facts, w.Fact+": "+w.Value), w.Fact
	}
	return out
}

// Head is the group's source and time, as a line.
func (g LookupGroup) Head() string {
	if g.At == "" {
		return g.Source
	}
	return g.Source + ", " + g.At
}

// lookupSection is the section of a text or Markdown result that lists the lookups.
func (w *Writer) lookupSection(r *diagnose.Result) (section, bool) {
	list := lookupsOf(r)
	if len(list) == 0 {
		return section{}, false
	}
	s := section{label: txt.LookupsHeading}
	for _, g := range LookupGroups(w.opts.Catalog, list, w.opts.Lang) {
		it := item{text: g.Head(), notes: make([]diagnose.Note, len(g.Facts))}
		for i, fact := range g.Facts {
			it.notes[i].Text = fact
		}
		s.items = append(s.items, it)
	}
	return s, true
}

// lookupsCell is the CSV cell of the lookups: source/fact=value, separated as other lists.
func lookupsCell(r *diagnose.Result) string {
	var cells []string
	for _, l := range lookupsOf(r) {
		cells = append(cells, l.Source+"/"+l.Fact+"="+l.Value)
	}
	return strings.Join(cells, listSep)
}

// lookedUp writes the ticket's section of what was checked in Microsoft's systems.
func (p *ticketPrinter) lookedUp() {
	if len(p.t.LookedUp) == 0 {
		return
	}
	p.heading(txt.LookupsTicketHeading)
	for _, s := range p.t.LookedUp {
		p.bullet(p.esc(s)) // values from Microsoft's answers: escaped for Markdown
	}
}
