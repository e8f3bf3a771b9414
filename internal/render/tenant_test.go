package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// TestTenantCheckFitsTheWidth: the tenant check, its legend included, fits 80 and 60 columns
// in both languages: the legend breaks between its items, each whole.
func TestTenantCheckFitsTheWidth(t *testing.T) {
	r := diagnose.CompareTenantIDs("4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5а31", "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31")
	for _, lang := range []scenarios.Lang{scenarios.EN, scenarios.DE} {
		for _, width := range []int{60, 80} {
			var b bytes.Buffer
			if err := TenantCheck(&b, r, Text, Options{Lang: lang, Catalog: scenarios.Embedded(), Width: width}); err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(b.String(), "\n") {
				if utf8.RuneCountInString(line) > width {
					t.Errorf("%s at %d: %q is %d wide", lang, width, line, utf8.RuneCountInString(line))
				}
			}
			legend := scenarios.Embedded().Text(txt.RenderDiffLegend, lang)
			var items []string
			for _, line := range strings.Split(b.String(), "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "^ ") || len(items) > 0 && line != "" {
					items = append(items, strings.Split(strings.TrimSpace(line), "   ")...)
				}
			}
			if strings.Join(items, "   ") != legend {
				t.Errorf("%s at %d: the legend's items are not whole:\n%s", lang, width, b.String())
			}
		}
	}
}
