package walkthrough

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

var berlin = time.FixedZone("CET", 3600)
var testNow = time.Date(2026, 11, 20, 15, 30, 42, 0, berlin)

func TestParseTime(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"now", "2026-11-20T15:30:00+01:00"},
		{"Jetzt", "2026-11-20T15:30:00+01:00"},
		{"14:05", "2026-11-20T14:05:00+01:00"},
		{"14:05 Uhr", "2026-11-20T14:05:00+01:00"},
		{"2026-11-19 08:50", "2026-11-19T08:50:00+01:00"},
		{"2026-11-19T08:50", "2026-11-19T08:50:00+01:00"},
		{"19.11.2026 08:50", "2026-11-19T08:50:00+01:00"},
		{"2h ago", "2026-11-20T13:30:00+01:00"},
		{"2 h ago", "2026-11-20T13:30:00+01:00"},
		{"30 min ago", "2026-11-20T15:00:00+01:00"},
		{"90m", "2026-11-20T14:00:00+01:00"},
		{"vor 2 Std.", "2026-11-20T13:30:00+01:00"},
		{"vor 3 Stunden", "2026-11-20T12:30:00+01:00"},
		{"vor 1 Tag", "2026-11-19T15:30:00+01:00"},
		{"2 days ago", "2026-11-18T15:30:00+01:00"},
		{"2026-11-20T08:50:00-05:00", "2026-11-20T08:50:00-05:00"},
		{"2026-11-20t08:50:00z", "2026-11-20T08:50:00Z"},
		{"heute 9:00", "2026-11-20T09:00:00+01:00"},
		{"today 9:00", "2026-11-20T09:00:00+01:00"},
		{"gestern 14:00", "2026-11-19T14:00:00+01:00"},
		{"Yesterday 10:00", "2026-11-19T10:00:00+01:00"},
		{"vorgestern 8 Uhr", "2026-11-18T08:00:00+01:00"},
		{"9 Uhr", "2026-11-20T09:00:00+01:00"},
		{"9 uhr 30", "2026-11-20T09:30:00+01:00"},
		{"2:05 pm", "2026-11-20T14:05:00+01:00"},
		{"2:05 PM", "2026-11-20T14:05:00+01:00"},
		{"12:30 am", "2026-11-20T00:30:00+01:00"},
		{"12 pm", "2026-11-20T12:00:00+01:00"},
		{"9 o'clock", "2026-11-20T09:00:00+01:00"},
		{"yesterday 2 pm", "2026-11-19T14:00:00+01:00"},
		{"tomorrow 9:00", "2026-11-21T09:00:00+01:00"},
		{"morgen 9 Uhr", "2026-11-21T09:00:00+01:00"},
		{"übermorgen 10:00", "2026-11-22T10:00:00+01:00"},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, testNow)
		if err != nil || got.Format(time.RFC3339) != tt.want {
			t.Errorf("ParseTime(%q) = %s, %v; want %s", tt.in, got.Format(time.RFC3339), err, tt.want)
		}
	}
	for _, bad := range []string{"", "yesterday-ish", "25:00", "14:60", "2026-13-01 10:00", "ago", "-2h ago", "12345678h",
		"14", "yesterday", "13 pm", "0 am", "heute", "gestern 25:00"} {
		if got, err := ParseTime(bad, testNow); err == nil {
			t.Errorf("ParseTime(%q) = %s, want an error", bad, got)
		}
	}
}

// TestDotTimeIsRefused: "14.05" is the 14th of May as much as five past two; it is refused with
// a hint instead of guessed.
func TestDotTimeIsRefused(t *testing.T) {
	for _, s := range []string{"14.05", "9.30"} {
		if _, err := ParseTime(s, testNow); !errors.Is(err, ErrDotTime) {
			t.Errorf("ParseTime(%q): %v, want ErrDotTime", s, err)
		}
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"now", "14:05", "2h ago", "vor 2 Std.", "2026-11-20 14:05", "2026-11-20T08:50:00-05:00", "19.11.2026 08:50"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s, testNow)
		if err != nil {
			return
		}
		// Whatever is accepted must survive the trip through a saved case.
		back, perr := time.Parse(time.RFC3339, got.Format(time.RFC3339))
		if perr != nil || !back.Equal(got.Truncate(time.Second)) {
			t.Fatalf("%q gave %v, which does not round-trip through RFC 3339", s, got)
		}
	})
}

// TestSummerTimeIsNotGuessed: a local time that Europe/Berlin skipped (2026-03-29 02:30) or
// showed twice (2026-10-25 02:30) is refused with the offsets to choose from, instead of being
// moved or picked without a word; with its offset it is read as it says.
func TestSummerTimeIsNotGuessed(t *testing.T) {
	zone, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	spring := time.Date(2026, 3, 29, 12, 0, 0, 0, zone)
	autumn := time.Date(2026, 10, 25, 12, 0, 0, 0, zone)
	tests := []struct {
		in            string
		now           time.Time
		err           error
		before, after string
		want          string
	}{
		{in: "2026-03-29 02:30", now: spring, err: ErrTimeSkipped, before: "+01:00", after: "+02:00"},
		{in: "heute 2:30", now: spring, err: ErrTimeSkipped, before: "+01:00", after: "+02:00"},
		{in: "29.03.2026 02:30", now: spring, err: ErrTimeSkipped, before: "+01:00", after: "+02:00"},
		{in: "2026-10-25 02:30", now: autumn, err: ErrTimeTwice, before: "+02:00", after: "+01:00"},
		{in: "today 2:30", now: autumn, err: ErrTimeTwice, before: "+02:00", after: "+01:00"},
		{in: "2026-10-25 02:30 +01:00", now: autumn, want: "2026-10-25T02:30:00+01:00"},
		{in: "2026-10-25 02:30+02:00", now: autumn, want: "2026-10-25T02:30:00+02:00"},
		{in: "2026-03-29 03:30", now: spring, want: "2026-03-29T03:30:00+02:00"},
		{in: "2026-10-25 03:30", now: autumn, want: "2026-10-25T03:30:00+01:00"},
		// Days counted back across a month's and a year's end.
		{in: "gestern 14:00", now: time.Date(2026, 12, 1, 9, 0, 0, 0, zone), want: "2026-11-30T14:00:00+01:00"},
		{in: "vorgestern 8 Uhr", now: time.Date(2027, 1, 1, 9, 0, 0, 0, zone), want: "2026-12-30T08:00:00+01:00"},
		{in: "morgen 9:00", now: time.Date(2026, 12, 31, 9, 0, 0, 0, zone), want: "2027-01-01T09:00:00+01:00"},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, tt.now)
		if tt.err == nil {
			if err != nil || got.Format(time.RFC3339) != tt.want {
				t.Errorf("ParseTime(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
			}
			continue
		}
		var ze *ZoneError
		if !errors.Is(err, tt.err) || !errors.As(err, &ze) || ze.Before != tt.before || ze.After != tt.after {
			t.Errorf("ParseTime(%q) = %v (%+v), want %v with %s/%s", tt.in, err, ze, tt.err, tt.before, tt.after)
		}
	}
}

// TestTimePromptNamesTheOffsets: a time that summer time made ambiguous is refused with the
// offsets to type, in the person's language.
func TestTimePromptNamesTheOffsets(t *testing.T) {
	zone, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 10, 26, 9, 0, 0, 0, zone)
	for _, tt := range []struct {
		lang scenarios.Lang
		want string
	}{
		{scenarios.EN, "+02:00 for the first time or +01:00 for the second (2026-10-25 02:30 +01:00)"},
		{scenarios.DE, "+02:00 für das erste Mal oder +01:00 für das zweite (2026-10-25 02:30 +01:00)"},
	} {
		f := &Flow{Engine: &diagnose.Engine{Model: testmodel.Embedded(), Lang: tt.lang, Now: now}, Now: func() time.Time { return now }}
		p := f.timePrompt("attempts", "", "", "", false, timePast)
		if err := p.Validate("2026-10-25 02:30"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.lang, err, tt.want)
		}
		if err := p.Validate("2026-10-25 02:30 +01:00"); err != nil {
			t.Errorf("%s: with its offset: %v", tt.lang, err)
		}
	}
}
