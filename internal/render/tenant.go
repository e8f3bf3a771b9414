package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// TenantCheck writes what `cspfix tenant check` found: as text, every problem with its position
// and the aligned comparison with the confirmed ID; as JSON, one object with the same facts.
func TenantCheck(w io.Writer, r diagnose.TenantComparison, format Format, opts Options) error {
	if format == JSON {
		return writeJSONLine(w, tenantCheckJSON(r, opts))
	}
	_, err := io.WriteString(w, tenantCheckText(r, opts))
	return err
}

func tenantCheckText(r diagnose.TenantComparison, opts Options) string {
	lang, cat, th := opts.Lang, opts.Catalog, opts.Theme
	var b strings.Builder
	ent := r.Entered
	switch {
	case ent.Clean():
		b.WriteString(Style(th.Heading, "✓ "+cat.Text(txt.RenderCheckValid, lang, "id", ent.Canonical)) + "\n")
	case ent.Valid:
		b.WriteString(Style(th.Warn, "! "+cat.Text(txt.RenderCheckCleanable, lang, "id", ent.Canonical)) + "\n")
	default:
		for _, line := range strings.SplitAfter(Wrap("✗ ", "  ", cat.Text(txt.RenderCheckInvalid, lang, "id", cat.Quote(ent.Input, sanitize.MaxID, lang)), opts.width()), "\n") {
			if line != "" {
				b.WriteString(Style(th.Bad, strings.TrimSuffix(line, "\n")) + "\n")
			}
		}
	}
	for _, p := range ent.Problems {
		b.WriteString(Wrap("  • ", "    ", p.Text(cat, lang), opts.width()))
	}
	if !r.HasConfirmed {
		return b.String()
	}
	b.WriteString("\n")
	if !r.Confirmed.Valid {
		b.WriteString(Wrap("", "", cat.Text(txt.RenderCheckConfirmedBad, lang, "problems", r.Confirmed.ProblemsText(cat, lang)), opts.width()))
	}
	if r.Matches {
		b.WriteString(cat.Text(txt.RenderCheckMatches, lang) + "\n")
		return b.String()
	}
	b.WriteString(cat.Text(txt.RenderCheckDiffers, lang) + "\n")
	if ent.Has(diagnose.ProblemDomain, diagnose.ProblemEmpty) {
		// Nothing to align: the problem above says what was entered instead of an ID.
		b.WriteString("  " + cat.Text(txt.RenderRowConfirmed, lang) + ": " + opts.Catalog.Quote(r.Confirmed.Input, sanitize.MaxID, lang) + "\n")
		return b.String()
	}
	rows := []string{cat.Text(txt.RenderRowEntered, lang), cat.Text(txt.RenderRowConfirmed, lang)}
	pad := max(len([]rune(rows[0])), len([]rune(rows[1]))) + 2
	top, bottom, marks := r.Diff.Rows()
	row := func(label, s string) string {
		return strings.TrimRight("  "+label+strings.Repeat(" ", pad-len([]rune(label)))+s, " ") + "\n"
	}
	b.WriteString(row(rows[0], top))
	b.WriteString(row(rows[1], bottom))
	b.WriteString(row("", Style(th.Bad, marks)))
	for _, line := range legendLines(cat.Text(txt.RenderDiffLegend, lang), opts.width()) {
		b.WriteString(Style(th.Dim, line) + "\n")
	}
	return b.String()
}

// legendLines lays out the legend of the marks under two IDs within width columns: its items
// ("^ differs", parted by three spaces) side by side as far as they fit, each whole.
func legendLines(legend string, width int) []string {
	const indent, sep = "  ", "   "
	var lines []string
	line := ""
	for _, item := range strings.Split(legend, sep) {
		switch {
		case line == "":
			line = indent + item
		case len([]rune(line+sep+item)) <= width:
			line += sep + item
		default:
			lines = append(lines, line)
			line = indent + item
		}
	}
	return append(lines, line)
}

type problemJSON struct {
	Kind      string `json:"kind"`
	Position  int    `json:"position,omitempty"`
	CodePoint string `json:"code_point,omitempty"`
	LooksLike string `json:"looks_like,omitempty"`
	Fixable   bool   `json:"fixable"`
	Count     int    `json:"count,omitempty"`
	Text      string `json:"text"`
}

type idJSON struct {
	Input     string        `json:"input"`
	Valid     bool          `json:"valid"`
	Canonical *string       `json:"canonical"`
	Problems  []problemJSON `json:"problems"`
}

type diffJSON struct {
	Column    int    `json:"column"`
	Op        string `json:"op"`
	Entered   string `json:"entered,omitempty"`
	Confirmed string `json:"confirmed,omitempty"`
}

func tenantCheckJSON(r diagnose.TenantComparison, opts Options) any {
	lang, cat := opts.Lang, opts.Catalog
	toJSON := func(t diagnose.TenantID) *idJSON {
		out := &idJSON{Input: opts.Catalog.Cut(t.Input, sanitize.MaxID, lang), Valid: t.Valid, Problems: []problemJSON{}}
		if t.Valid {
			out.Canonical = &t.Canonical
		}
		for _, p := range t.Problems {
			pj := problemJSON{Kind: string(p.Kind), Position: p.Pos, Fixable: p.Fixable, Text: p.Text(cat, lang)}
			if p.Char != 0 {
				pj.CodePoint = fmt.Sprintf("U+%04X", p.Char)
			}
			if p.Like != 0 {
				pj.LooksLike = string(p.Like)
			}
			if p.Kind == diagnose.ProblemMore {
				pj.Count = p.N
			}
			out.Problems = append(out.Problems, pj)
		}
		return out
	}
	doc := struct {
		*idJSON
		OK          bool       `json:"ok"`
		Confirmed   *idJSON    `json:"confirmed"`
		Matches     *bool      `json:"matches"`
		Differences []diffJSON `json:"differences"`
	}{idJSON: toJSON(r.Entered), OK: r.Clean(), Differences: []diffJSON{}}
	if r.HasConfirmed {
		doc.Confirmed, doc.Matches = toJSON(r.Confirmed), &r.Matches
		ops := map[diagnose.DiffOp]string{diagnose.DiffChanged: "changed", diagnose.DiffExtra: "extra", diagnose.DiffMissing: "missing"}
		for i, c := range r.Diff {
			if c.Op == diagnose.DiffSame {
				continue
			}
			d := diffJSON{Column: i + 1, Op: ops[c.Op]}
			if c.Entered != 0 {
				d.Entered = string(c.Entered)
			}
			if c.Confirmed != 0 {
				d.Confirmed = string(c.Confirmed)
			}
			doc.Differences = append(doc.Differences, d)
		}
	}
	return doc
}

// Resolution writes what Microsoft's sign-in service says of a domain or a tenant ID: the
// tenant, its region and cloud, as text or as one JSON object (without "domain" for a tenant
// ID).
func Resolution(w io.Writer, res diagnose.Resolution, format Format, opts Options) error {
	if format == JSON {
		return writeJSONLine(w, struct {
			diagnose.Resolution
			Domain string         `json:"domain,omitempty"`
			Cloud  diagnose.Cloud `json:"cloud"`
		}{res, res.Domain, res.Cloud()})
	}
	lang, th := opts.Lang, opts.Theme
	field := func(name string) string { return fmt.Sprintf("%-11s", name+":") }
	region := res.RegionScope
	if res.RegionSubScope != "" {
		region += " / " + res.RegionSubScope
	}
	cloud := map[diagnose.Cloud]string{
		diagnose.CloudPublic: opts.Catalog.Text(txt.RenderCloudPublic, lang), diagnose.CloudUSGovernment: opts.Catalog.Text(txt.RenderCloudUSGov, lang),
		diagnose.CloudChina: opts.Catalog.Text(txt.RenderCloudChina, lang), diagnose.CloudOther: opts.Catalog.Text(txt.RenderCloudOther, lang),
	}[res.Cloud()]
	var b strings.Builder
	if res.Domain != "" {
		b.WriteString(field(opts.Catalog.Text(txt.RenderLabelDomain, lang)) + " " + sanitize.Exact(res.Domain) + "\n")
	}
	b.WriteString(field(opts.Catalog.Text(txt.RenderLabelTenant, lang)) + " " + Style(th.Heading, res.TenantID) + "\n")
	b.WriteString(field(opts.Catalog.Text(txt.RenderLabelRegion, lang)) + " " + sanitize.Text(region) + "\n")
	b.WriteString(Wrap(field(opts.Catalog.Text(txt.RenderLabelCloud, lang))+" ", strings.Repeat(" ", 12), sanitize.Text(res.CloudInstance)+": "+cloud, opts.width()))
	b.WriteString("\n" + Wrap("", "", opts.Catalog.Text(txt.RenderRegionNote, lang), opts.width()))
	_, err := io.WriteString(w, b.String())
	return err
}
