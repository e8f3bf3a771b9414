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
	paused := walkthrough.Outcome{Kind: walkthrough.Later, RetryAt: time.Date(2026, 11, 20, 15, 0, 0, 0, time.FixedZone("", 3600))}
	for _, tt := range []struct {
		out  walkthrough.Outcome
		lang scenarios.Lang
		want string
	}{
		{fixed, scenarios.EN, "Fixed by C: Wrong or mistyped tenant ID, or the wrong tenant accepted.\n"},
		{paused, scenarios.DE, "Pausiert: erneut versuchen nach 2026-11-20 15:00 +01:00.\n"},
	} {
		var b strings.Builder
		if err := Outcome(&b, tt.out, Text, Options{Lang: tt.lang, Catalog: scenarios.Embedded()}); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("got %q, want %q", b.String(), tt.want)
		}
	}
}
