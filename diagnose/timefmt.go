package diagnose

import (
	"strconv"
	"time"

	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// How times and durations are written for people. A case may hold any time RFC 3339 can write,
// from year 0000 to 9999 with offsets up to ±23:59; these functions never print a year
// outside that range and never a duration that has overflowed.

// localLayout writes a time as it was given, with its offset.
const localLayout = "2006-01-02 15:04 -07:00"

// ParseTimestamp reads an RFC 3339 date-time with its offset (Z or ±HH:MM) as a case file's
// times are read (parseTimeBytes): the time is in that offset, and the local time zone is not
// looked up (a run that never needs it is spared reading it).
func ParseTimestamp(s string) (time.Time, bool) {
	t, ok := parseTimeBytes([]byte(s))
	return t.Time, ok
}

// FormatLocal writes t in its own offset.
func FormatLocal(t time.Time) string { return t.Format(localLayout) }

func appendLocal(b []byte, t time.Time) []byte { return t.AppendFormat(b, localLayout) }

// customerTime writes t for a message to the customer: the date as the customer's language
// writes it, the time, and its offset from UTC, since the customer may be in another zone than
// the desk ("UTC" alone for none).
func customerTime(cat *scenarios.Catalog, t time.Time, lang scenarios.Lang) string {
	zone := "UTC"
	if _, offset := t.Zone(); offset != 0 {
		zone += t.Format("-07:00")
	}
	return cat.Text(txt.MessageTime, lang, "year", t.Format("2006"), "month", t.Format("01"), "day", t.Format("02"),
		"hour", t.Format("15"), "minute", t.Format("04"), "zone", zone)
}

// FormatUTC writes t in UTC, and reports false for a time whose UTC date falls outside the
// years 0000–9999 (9999-12-31T23:59-23:59 is in year 10000 in UTC).
func FormatUTC(t time.Time) (string, bool) {
	u := t.UTC()
	if y := u.Year(); y < 0 || y > 9999 {
		return "", false
	}
	return u.Format("2006-01-02 15:04") + " UTC", true
}

// longDuration is where a duration stops being told in hours and minutes: no delay of Partner
// Center lasts that long, and time.Duration overflows after 292 years.
const longDuration = 365 * 24 * time.Hour

// formatDuration writes the length of d (its sign is the caller's to say): hours and minutes
// up to a week (the rules' windows are told in hours), then days, then "more than a year". Saturated durations (time.Sub of times
// centuries apart) end up in the last.
func formatDuration(cat *scenarios.Catalog, d time.Duration, lang scenarios.Lang) string {
	if d < 0 {
		d = -d
	}
	if d < 0 || d >= longDuration { // -MinInt64 is still negative
		return cat.Text(txt.DurationLong, lang)
	}
	if d >= 7*24*time.Hour {
		return cat.Text(txt.DurationDays, lang, "d", strconv.Itoa(int(d/(24*time.Hour))))
	}
	minutes := int(d.Round(time.Minute) / time.Minute)
	h, m := strconv.Itoa(minutes/60), strconv.Itoa(minutes%60)
	switch {
	case minutes < 60:
		return cat.Text(txt.DurationM, lang, "m", m)
	case minutes%60 == 0:
		return cat.Text(txt.DurationH, lang, "h", h)
	}
	return cat.Text(txt.DurationHm, lang, "h", h, "m", m)
}

// LocalDate is time.Date for a local time a person typed without an offset: a time its zone
// skips (summer time begins) is ErrTimeSkipped and one it has twice (summer time ends)
// ErrTimeTwice, instead of a time moved or picked without a word (SPEC §11 v3).
func LocalDate(year int, month time.Month, day, hour, minute int, loc *time.Location) (time.Time, ErrorKind) {
	t, kind := localDate(year, int(month), day, hour, minute, 0, 0, loc)
	return t.Time, kind
}
