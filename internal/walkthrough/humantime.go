package walkthrough

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/scenarios"
)

// ErrTimeFormat says that a time could not be read; the prompt's help shows the formats.
var ErrTimeFormat = errors.New("unknown time format")

// ErrTimeSkipped and ErrTimeTwice say that a local time typed without an offset is one its zone
// skips (the hour lost when summer time begins) or has twice (the hour repeated when it ends):
// refused with a hint instead of moved or guessed.
var (
	ErrTimeSkipped = errors.New("a time the clocks skipped")
	ErrTimeTwice   = errors.New("a time the clocks showed twice")
)

// ZoneError is ErrTimeSkipped or ErrTimeTwice with the offsets the zone has on either side of
// the change, so that the hint can name the ones to type.
type ZoneError struct {
	Err           error
	Before, After string // "+02:00"
	Wall          string // the time typed, "2026-10-25 02:30", to show with an offset
}

func (e *ZoneError) Error() string { return e.Err.Error() }
func (e *ZoneError) Unwrap() error { return e.Err }

// ErrDotTime says that "14.05" was typed: it could be the 14th of May or five past two, so it
// is refused with a hint rather than guessed.
var ErrDotTime = errors.New("a time or a date")

var (
	// Compiled on first use: most commands never read a time typed by a person.
	agoRE = lazy.Value[*regexp.Regexp]{Make: func() *regexp.Regexp {
		return regexp.MustCompile(scenarios.AgoPattern)
	}}
	// A time of day: 14:05, 2:05 pm, 2 pm, 9 o'clock, and their German forms.
	clockRE = lazy.Value[*regexp.Regexp]{Make: func() *regexp.Regexp { return regexp.MustCompile(scenarios.ClockPattern) }}
	dotRE   = lazy.Value[*regexp.Regexp]{Make: func() *regexp.Regexp { return regexp.MustCompile(`^\d{1,2}\.\d{2}$`) }}
	layouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "02.01.2006 15:04", "2.1.2006 15:04"}
	// offsetLayouts are the layouts with an offset, for a time that summer time makes ambiguous.
	offsetLayouts = []string{"2006-01-02 15:04 -07:00", "2006-01-02 15:04-07:00", "2006-01-02T15:04-07:00",
		"02.01.2006 15:04 -07:00"}
)

// ParseTime reads a time as people say it, in English or German with the words of
// scenarios/words.go: "now", "14:05", "2:05 pm", "yesterday 10:00", "2026-11-20 14:05",
// "20.11.2026 14:05", "2h ago", or RFC 3339 (README "The walkthrough" lists the German forms). "14.05" is refused (ErrDotTime). Times without an offset
// are in now's location. The result keeps its offset, so it can be saved as RFC 3339.
func ParseTime(s string, now time.Time) (time.Time, error) {
	in := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch {
	case in == "":
		return time.Time{}, ErrTimeFormat
	case slices.Contains(scenarios.NowWords, in):
		return now.Truncate(time.Minute), nil
	case dotRE.Get().MatchString(in):
		return time.Time{}, ErrDotTime
	}
	if t, err := time.Parse(time.RFC3339, strings.ToUpper(in)); err == nil {
		return t, nil
	}
	for _, layout := range offsetLayouts { // with its offset, the time is what it says
		if t, err := time.Parse(layout, strings.ToUpper(in)); err == nil {
			return t, nil
		}
	}
	if m := agoRE.Get().FindStringSubmatch(in); m != nil {
		n, _ := strconv.Atoi(m[1])
		unit := time.Minute
		switch m[2][0] {
		case 'h', 's':
			unit = time.Hour
		case 'd', 't':
			unit = 24 * time.Hour
		}
		return now.Add(-time.Duration(n) * unit).Truncate(time.Minute), nil
	}
	daysBack := 0
	clock := in
	if word, rest, ok := strings.Cut(in, " "); ok {
		if i := slices.IndexFunc(scenarios.DayWords, func(d scenarios.DayWord) bool { return d.Word == word }); i >= 0 {
			daysBack, clock = scenarios.DayWords[i].DaysBack, rest
		}
	}
	if h, min, ok := clockOfDay(clock); ok {
		y, mo, d := now.Date()
		y, mo, d = time.Date(y, mo, d-daysBack, 12, 0, 0, 0, time.UTC).Date() // yesterday on the 1st
		return local(y, mo, d, h, min, now.Location())
	}
	for _, layout := range layouts {
		// Read in UTC, where every wall time exists, then placed in the zone and checked there.
		if t, err := time.Parse(layout, strings.ToUpper(in)); err == nil {
			y, mo, d := t.Date()
			return local(y, mo, d, t.Hour(), t.Minute(), now.Location())
		}
	}
	return time.Time{}, ErrTimeFormat
}

// local is the local time typed, refused when the zone skipped it or showed it twice.
func local(y int, mo time.Month, d, h, min int, loc *time.Location) (time.Time, error) {
	t, kind := diagnose.LocalDate(y, mo, d, h, min, loc)
	var err error
	switch kind {
	case "":
		return t, nil
	case diagnose.ErrTimeSkipped:
		err = ErrTimeSkipped
	case diagnose.ErrTimeTwice:
		err = ErrTimeTwice
	default:
		return time.Time{}, ErrTimeFormat
	}
	wall := time.Date(y, mo, d, h, min, 0, 0, loc)
	return time.Time{}, &ZoneError{Err: err, Before: wall.Add(-25 * time.Hour).Format("-07:00"),
		After: wall.Add(25 * time.Hour).Format("-07:00"), Wall: fmt.Sprintf("%04d-%02d-%02d %02d:%02d", y, mo, d, h, min)}
}

// clockOfDay reads a time of day: hours and minutes.
func clockOfDay(s string) (h, min int, ok bool) {
	m := clockRE.Get().FindStringSubmatch(s)
	if m == nil || m[2] == "" && m[3] == "" { // a bare number is no time
		return 0, 0, false
	}
	h, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		min, _ = strconv.Atoi(m[2])
	} else if m[4] != "" { // minutes said after the clock's word
		min, _ = strconv.Atoi(m[4])
	}
	switch strings.TrimRight(m[3], ".") {
	case "am", "a.m":
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		h %= 12
	case "pm", "p.m":
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		h = h%12 + 12
	}
	if h > 23 || min > 59 {
		return 0, 0, false
	}
	return h, min, true
}
