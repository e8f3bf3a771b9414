package render

import (
	"fmt"
	"strings"

	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// ScenariosMarkdown is docs/scenarios.md: every scenario with its summary and steps, in English
// and then in German. It is generated (go run -tags gendocs ./cmd/cspfix gen-docs --docs docs),
// and a test keeps it fresh.
func ScenariosMarkdown(cat *scenarios.Catalog) string {
	var b strings.Builder
	b.WriteString("<!-- Generated from scenarios/data by `go run -tags gendocs ./cmd/cspfix gen-docs --docs docs`. Do not edit. -->\n\n")
	for _, lang := range scenarios.Langs {
		fmt.Fprintf(&b, "# %s\n\n", cat.Text(txt.RenderDocsTitle, lang))
		for _, s := range cat.Scenarios {
			fmt.Fprintf(&b, "- [%s — %s](#%s)\n", s.ID, s.Title.In(lang), anchor(lang, s))
		}
		for _, s := range cat.Scenarios {
			fmt.Fprintf(&b, "\n<a id=\"%s\"></a>\n## %s — %s\n\n%s\n\n**%s**\n\n", anchor(lang, s), s.ID, s.Title.In(lang), s.Summary.In(lang), cat.Text(txt.RenderSteps, lang))
			markdownSteps(&b, cat, s, lang)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func anchor(lang scenarios.Lang, s scenarios.Scenario) string {
	return strings.ToLower(string(lang) + "-" + string(s.ID))
}
