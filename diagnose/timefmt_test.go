package diagnose

import (
	"math"
	"testing"
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

func TestFormatUTCStaysInTheCalendar(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2026-11-20T09:14:00+01:00", "2026-11-20 08:14 UTC", true},
		{"9999-12-31T23:59:59-23:59", "", false},
		{"0000-01-01T00:00:00+23:59", "", false},
		{"0000-01-01T00:00:00Z", "0000-01-01 00:00 UTC", true},
		{"9999-12-31T23:59:59+23:59", "9999-12-31 00:00 UTC", true},
	}
	for _, tt := range tests {
		at, _ := parseTime(tt.in)
		got, ok := FormatUTC(at.Time)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FormatUTC(%s) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d      time.Duration
		en, de string
	}{
		{25 * time.Minute, "25 min", "25 Min."},
		{2 * time.Hour, "2 h", "2 Std."},
		{2*time.Hour + 35*time.Minute, "2 h 35 min", "2 Std. 35 Min."},
		{-76 * time.Hour, "76 h", "76 Std."},
		{10 * 24 * time.Hour, "10 days", "10 Tage"},
		{400 * 24 * time.Hour, "more than a year", "mehr als ein Jahr"},
		{math.MaxInt64, "more than a year", "mehr als ein Jahr"},
		{math.MinInt64, "more than a year", "mehr als ein Jahr"},
	}
	for _, tt := range tests {
		if got := formatDuration(scenarios.Embedded(), tt.d, scenarios.EN); got != tt.en {
			t.Errorf("%v: %q, want %q", tt.d, got, tt.en)
		}
		if got := formatDuration(scenarios.Embedded(), tt.d, scenarios.DE); got != tt.de {
			t.Errorf("%v: %q, want %q", tt.d, got, tt.de)
		}
	}
}

// TestDaysInAsTimeCounts: the calendar arithmetic agrees with package time for every month of
// every year cspfix reads.
func TestDaysInAsTimeCounts(t *testing.T) {
	for year := 0; year <= 9999; year++ {
		for m := time.January; m <= time.December; m++ {
			if got, want := daysIn(m, year), time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("%d-%02d: %d days, time says %d", year, m, got, want)
			}
		}
	}
}

// TestZoneShared: every offset gets one zone, made once, with that offset.
func TestZoneShared(t *testing.T) {
	for _, offset := range []int{0, 3600, -3600, 5*3600 + 1800, 5*3600 + 45*60, -(23*3600 + 59*60), 23*3600 + 59*60, 37, -24*3600 + 900} {
		a, b := zone(offset), zone(offset)
		if a != b {
			t.Errorf("offset %d: two zones", offset)
		}
		if _, got := time.Date(2026, 1, 1, 0, 0, 0, 0, a).Zone(); got != offset {
			t.Errorf("offset %d: zone has offset %d", offset, got)
		}
	}
}

// TestParseTimestamp: --now is read as a case file's times are, with its offset, never in the
// local time zone.
func TestParseTimestamp(t *testing.T) {
	for _, tt := range []struct {
		in     string
		ok     bool
		offset int
	}{
		{"2026-11-20T12:00:00+01:00", true, 3600},
		{"2026-11-20T12:00:00.5Z", true, 0},
		{"2026-11-20t12:00:00z", true, 0},
		{"2026-11-20T12:00:00-05:30", true, -19800},
		{"2026-11-20T12:00:00", false, 0},
		{"2026-11-20T24:00:00Z", false, 0},
		{"2026-02-30T12:00:00Z", false, 0},
		{"yesterday", false, 0},
		{"", false, 0},
	} {
		got, ok := ParseTimestamp(tt.in)
		if ok != tt.ok {
			t.Errorf("%q: ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if _, offset := got.Zone(); offset != tt.offset || got.Location() == time.Local {
			t.Errorf("%q: offset %d in %v, want %d and not the local zone", tt.in, offset, got.Location(), tt.offset)
		}
	}
}

// TestCustomerTime: a message to the customer writes a time as the customer's language writes
// dates, with its offset from UTC, never in the desk's ISO form.
func TestCustomerTime(t *testing.T) {
	cat := scenarios.Embedded()
	for _, tt := range []struct {
		in   string
		lang scenarios.Lang
		want string
	}{
		{"2026-11-20T13:30:00+01:00", scenarios.DE, "20.11.2026 um 13:30 Uhr (UTC+01:00)"},
		{"2026-11-20T13:30:00+01:00", scenarios.EN, "2026-11-20 at 13:30 (UTC+01:00)"},
		{"2026-03-01T08:05:00Z", scenarios.DE, "01.03.2026 um 08:05 Uhr (UTC)"},
		{"2026-03-01T08:05:00-05:00", scenarios.EN, "2026-03-01 at 08:05 (UTC-05:00)"},
	} {
		at, ok := ParseTimestamp(tt.in)
		if !ok {
			t.Fatalf("%s: not a time", tt.in)
		}
		if got := customerTime(cat, at, tt.lang); got != tt.want {
			t.Errorf("%s in %s: %q, want %q", tt.in, tt.lang, got, tt.want)
		}
	}
}
