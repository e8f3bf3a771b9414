package render

import (
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
)

func TestOutcome(t *testing.T) {
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testNow}
	fixed := walkthrough.Outcome{Kind: walkthrough.Fixed, Result: e.Diagnose(decodeOne(t, `{"customer":{"tenant_id":"x"}}`), 1)}
	paused := walkthrough.Outcome{Kind: walkthrough.Later, RetryAt: time.Date(2026, 11, 20, 15, 0, 0, 0, time.FixedZone("", 3600)),
		Result: e.Diagnose(decodeOne(t, `{"customer":{"tenant_id":"x"}}`), 1)}
	for _, tt := range []struct {
		out  walkthrough.Outcome
		lang scenarios.Lang
		want string
	}{
		{fixed, scenarios.EN, "Fixed by C: Wrong or mistyped tenant ID, or the wrong tenant accepted.\n"},
		{paused, scenarios.DE, "Pausiert: erneut versuchen nach 2026-11-20 15:00 +01:00.\n"},
	} {
		var b strings.Builder
		if err := Outcome(&b, tt.out, Text, Options{Lang: tt.lang, Catalog: scenarios.Embedded(), Terminal: true}); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("got %q, want %q", b.String(), tt.want)
		}
	}
}

// TestPausedOutcomeInAFile: a paused walkthrough's text in a file or a pipe holds the result
// (verdict, evidence, steps) before the pause, as Markdown and JSON do; the terminal, which was
// shown the result before the question, gets the pause alone.
func TestPausedOutcomeInAFile(t *testing.T) {
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testNow}
	r := e.Diagnose(decodeOne(t, `{"customer":{"tenant_id":"x"}}`), 1)
	paused := walkthrough.Outcome{Kind: walkthrough.Later, Result: r, RetryAt: time.Date(2026, 11, 20, 15, 0, 0, 0, time.FixedZone("", 3600))}
	var whole, result strings.Builder
	if err := Outcome(&whole, paused, Text, Options{Lang: scenarios.EN, Catalog: scenarios.Embedded()}); err != nil {
		t.Fatal(err)
	}
	if err := NewText(&result, Options{Lang: scenarios.EN, Catalog: scenarios.Embedded()}).Write(&r); err != nil {
		t.Fatal(err)
	}
	if want := result.String() + "\nPaused: try again after 2026-11-20 15:00 +01:00.\n"; whole.String() != want {
		t.Errorf("got\n%s\nwant\n%s", whole.String(), want)
	}
	if !strings.Contains(whole.String(), "Next steps") && !strings.Contains(whole.String(), "1.") {
		t.Errorf("no steps:\n%s", whole.String())
	}
}

// TestResolvedCaseListsNoOtherCauses: a case the steps of a scenario fixed lists no other
// possible causes, in text or in Markdown: there is nothing left to look into.
func TestResolvedCaseListsNoOtherCauses(t *testing.T) {
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testNow}
	c := decodeOne(t, `{"customer":{"tenant_id":"x"},"answers":{"other_csp":"yes","invitation_pending":"yes"},
		"tried":[{"scenario":"C"}],"outcome":{"status":"fixed","scenario":"C"}}`)
	r := e.Diagnose(c, 1)
	if r.Status != diagnose.Resolved || len(r.Candidates) < 2 {
		t.Fatalf("want a resolved case with other candidates: %s %d", r.Status, len(r.Candidates))
	}
	for _, format := range []Format{Text, Markdown} {
		var b strings.Builder
		if err := NewResults(&b, format, Options{Lang: scenarios.EN, Catalog: scenarios.Embedded()}).Write(&r); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "Other possible causes") {
			t.Errorf("%s:\n%s", format, b.String())
		}
	}
}
