package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

type tenantCheckOptions struct {
	env       *env
	global    *globalOptions
	id        string
	confirmed string
	output    string
}

func newTenantCheckCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &tenantCheckOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "check",
		Short:   ui.CheckShort.In(g.lang),
		Long:    ui.CheckLong.In(g.lang),
		Example: ui.CheckExample.In(g.lang),
		Args:    positionalArgs(g.lang, 1, 1),
	}
	useLine(cmd, "ID", g.lang)
	checkOutput := outputFlag(cmd, &opts.output, g.lang, "text", "json")
	cmd.Flags().StringVar(&opts.confirmed, "confirmed", "", ui.ConfirmedFlag.In(g.lang))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		opts.id = args[0]
		return runTenantCheck(opts)
	}
	return cmd
}

// tenantReport is the outcome of a check, shared by both output formats.
type tenantReport struct {
	entered, confirmed diagnose.TenantID
	hasConfirmed       bool
	diff               diagnose.Alignment
	matches            bool
}

// clean reports whether nothing needs fixing: a valid ID without problems that matches.
func (r *tenantReport) clean() bool {
	return r.entered.Valid && len(r.entered.Problems) == 0 && (!r.hasConfirmed || r.matches)
}

func runTenantCheck(opts *tenantCheckOptions) error {
	r := &tenantReport{entered: diagnose.CheckTenantID(opts.id)}
	if opts.confirmed != "" {
		r.hasConfirmed = true
		r.confirmed = diagnose.CheckTenantID(opts.confirmed)
		r.diff = diagnose.AlignTenantIDs(opts.id, opts.confirmed)
		r.matches = r.entered.Valid && r.confirmed.Valid && r.entered.Canonical == r.confirmed.Canonical
	}
	var err error
	if opts.output == "json" {
		err = writeTenantJSON(opts, r)
	} else {
		_, err = fmt.Fprint(opts.env.stdout, tenantText(opts, r))
	}
	if err != nil {
		return err
	}
	if !r.clean() {
		return &exitError{code: exitCheckFailed}
	}
	return nil
}

func tenantText(opts *tenantCheckOptions, r *tenantReport) string {
	lang, cat := opts.global.lang, scenarios.MustLoad()
	th, width := opts.env.theme(), opts.env.textWidth()
	var b strings.Builder
	ent := r.entered
	switch {
	case ent.Valid && len(ent.Problems) == 0:
		b.WriteString(render.Style(th.Heading, "✓ "+scenarios.Fill(ui.CheckValid.In(lang), "id", ent.Canonical)) + "\n")
	case ent.Valid:
		b.WriteString(render.Style(th.Warn, "! "+scenarios.Fill(ui.CheckCleanable.In(lang), "id", ent.Canonical)) + "\n")
	default:
		b.WriteString(render.Style(th.Bad, "✗ "+scenarios.Fill(ui.CheckInvalid.In(lang), "id", cat.Quote(ent.Input, sanitize.MaxID, lang))) + "\n")
	}
	for _, p := range ent.Problems {
		b.WriteString(render.Wrap("  • ", "    ", p.Text(cat, lang), width))
	}
	if !r.hasConfirmed {
		return b.String()
	}
	b.WriteString("\n")
	if !r.confirmed.Valid {
		b.WriteString(render.Wrap("", "", scenarios.Fill(ui.CheckConfirmedBad.In(lang), "problems", r.confirmed.ProblemsText(cat, lang)), width))
	}
	if r.matches {
		b.WriteString(ui.CheckMatches.In(lang) + "\n")
		return b.String()
	}
	b.WriteString(ui.CheckDiffers.In(lang) + "\n")
	if ent.Has(diagnose.ProblemDomain, diagnose.ProblemEmpty) {
		// Nothing to align: the problem above says what was entered instead of an ID.
		b.WriteString("  " + ui.RowConfirmed.In(lang) + ": " + cat.Quote(r.confirmed.Input, sanitize.MaxID, lang) + "\n")
		return b.String()
	}
	labels := []string{ui.RowEntered.In(lang), ui.RowConfirmed.In(lang)}
	pad := max(len([]rune(labels[0])), len([]rune(labels[1]))) + 2
	top, bottom, marks := r.diff.Rows()
	row := func(label, s string) string {
		return strings.TrimRight("  "+label+strings.Repeat(" ", pad-len([]rune(label)))+s, " ") + "\n"
	}
	b.WriteString(row(labels[0], top))
	b.WriteString(row(labels[1], bottom))
	b.WriteString(row("", render.Style(th.Bad, marks)))
	b.WriteString(render.Style(th.Dim, "  "+ui.DiffLegend.In(lang)) + "\n")
	return b.String()
}

type problemJSON struct {
	Kind      string `json:"kind"`
	Position  int    `json:"position,omitempty"`
	CodePoint string `json:"code_point,omitempty"`
	LooksLike string `json:"looks_like,omitempty"`
	Fixable   bool   `json:"fixable"`
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

func writeTenantJSON(opts *tenantCheckOptions, r *tenantReport) error {
	lang, cat := opts.global.lang, scenarios.MustLoad()
	toJSON := func(t diagnose.TenantID) *idJSON {
		out := &idJSON{Input: cat.Cut(t.Input, sanitize.MaxID, lang), Valid: t.Valid, Problems: []problemJSON{}}
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
	}{idJSON: toJSON(r.entered), OK: r.clean(), Differences: []diffJSON{}}
	if r.hasConfirmed {
		doc.Confirmed, doc.Matches = toJSON(r.confirmed), &r.matches
		ops := map[diagnose.DiffOp]string{diagnose.DiffChanged: "changed", diagnose.DiffExtra: "extra", diagnose.DiffMissing: "missing"}
		for i, c := range r.diff {
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
	return writeJSONLine(opts.env.stdout, doc)
}
