package render

import (
	"os"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/scenarios"
)

// TestScenariosDocIsFresh fails when docs/scenarios.md no longer matches the catalog.
func TestScenariosDocIsFresh(t *testing.T) {
	want := ScenariosMarkdown(scenarios.Embedded())
	got, err := os.ReadFile("../../docs/scenarios.md")
	if err != nil || string(got) != want {
		t.Fatalf("docs/scenarios.md is stale or missing (%v): run go run -tags gendocs ./cmd/cspfix gen-docs --docs docs", err)
	}
	for _, s := range []string{"## C — Wrong or mistyped tenant ID", "## C — Falsche oder vertippte Tenant-ID", "Schritte"} {
		if !strings.Contains(want, s) {
			t.Errorf("missing %q", s)
		}
	}
}
