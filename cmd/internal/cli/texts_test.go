package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// TestTimePassedSuggestsATimeAhead: the hint for a retry time that has passed suggests times
// that are still to come whatever the time of day (16:00 was past at 21:45).
func TestTimePassedSuggestsATimeAhead(t *testing.T) {
	for _, lang := range []scenarios.Lang{scenarios.EN, scenarios.DE} {
		text := testTexts(lang).T(txt.WalkthroughTimePassed)
		_, examples, ok := strings.Cut(text, map[scenarios.Lang]string{scenarios.EN: "such as ", scenarios.DE: "etwa "}[lang])
		if !ok {
			t.Fatalf("%s: no examples in %q", lang, text)
		}
		for _, example := range regexp.MustCompile(` or | oder |, `).Split(examples, -1) {
			for _, now := range []time.Time{time.Date(2026, 12, 6, 0, 5, 0, 0, time.UTC), time.Date(2026, 12, 6, 21, 45, 0, 0, time.UTC), time.Date(2026, 12, 6, 23, 59, 0, 0, time.UTC)} {
				at, err := walkthrough.ParseTime(example, now)
				if err != nil || !at.After(now) {
					t.Errorf("%s: %q at %s is %s (%v), not ahead", lang, example, now.Format("15:04"), at, err)
				}
			}
		}
	}
}

// TestNoRelativePathsInHints: what help and hints point at is where an installed cspfix finds
// it: the project's web address, never examples/ or docs/ (the release archives carry neither,
// and a package manager puts the archive where nobody looks).
func TestNoRelativePathsInHints(t *testing.T) {
	files, err := filepath.Glob("../../../scenarios/data/texts/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no texts: %v", err)
	}
	relative := regexp.MustCompile(`(^|[\s(])(examples|docs)/`)
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var texts []struct {
			Code string
			Text map[string]string
		}
		if err := json.Unmarshal(data, &texts); err != nil {
			t.Fatal(err)
		}
		for _, m := range texts {
			for lang, text := range m.Text {
				if relative.MatchString(text) {
					t.Errorf("%s (%s) points at a path an installed cspfix lacks: %q", m.Code, lang, text)
				}
			}
		}
	}
}

// TestGermanWording: the German texts the review found wanting (README "Languages").
func TestGermanWording(t *testing.T) {
	for code, want := range map[txt.Key]string{
		txt.RenderEvidence:               "Anhaltspunkte",   // "Hinweis" is the hint of an error
		txt.RenderCheckMatches:           "Die ID stimmt",   // "Sie" read as the polite "you"
		txt.WalkthroughIDsDiffer:         "✗ Die ID weicht", //
		txt.WalkthroughRetryWhenHelpHour: "Vorschlag: in einer Stunde.",
		txt.WalkthroughTimeFormats:       "Schreiben Sie Uhrzeiten mit Doppelpunkt",
		txt.WalkthroughDotTime:           "Schreiben Sie Uhrzeiten mit Doppelpunkt (14:05) und ein Datum",
		txt.WalkthroughTimePassed:        "eine Zeit in der Zukunft",
		txt.WalkthroughTriedEarly:        "vor dem Ende der Wartezeit",
		txt.TenantLookalike:              `sieht aus wie "{like}"`, // quoted as {char} is
	} {
		if got := testTexts(scenarios.DE).T(code); !strings.Contains(got, want) {
			t.Errorf("%s: %q lacks %q", code, got, want)
		}
	}
	if got := testTexts(scenarios.DE).T(txt.WalkthroughTriedEarly); strings.Contains(got, "bevor") {
		t.Errorf("walkthrough.tried_early: %q says vor … bevor", got)
	}
}

// TestSettingsFactsAsLabels: the facts the settings gave are said as labelled items, parted by
// " · ", so that a label's capital never stands mid-sentence.
func TestSettingsFactsAsLabels(t *testing.T) {
	var c diagnose.Case
	cfg := &config.Config{Partner: config.Partner{PartnerID: "4847383", IndirectProvider: "Northwind"}}
	said, _ := fillFromSettings(&c, cfg, testTexts(scenarios.DE))
	if want := "Partner-ID (MPN-ID) 4847383 · Indirekter Anbieter Northwind"; said != want {
		t.Errorf("said %q, want %q", said, want)
	}
}
