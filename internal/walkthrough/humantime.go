package walkthrough

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrTimeFormat says that a time could not be read; the prompt's help shows the formats.
var ErrTimeFormat = errors.New("unknown time format")

// ErrDotTime says that "14.05" was typed: it could be the 14th of May or five past two, so it
// is refused with a hint rather than guessed.
var ErrDotTime = errors.New("a time or a date")

var (
	// Compiled on first use: most commands never read a time typed by a person.
	agoRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:vor\s+)?(\d{1,4})\s*(m|min|mins|minute|minutes|minuten?|h|hr|hrs|std\.?|stunden?|hours?|d|tage?n?|days?)\.?(?:\s+ago)?$`)
	})
	// A time of day: 14:05, 9 uhr, 9 uhr 30, 14:05 uhr, 2:05 pm, 2 pm, 9 o'clock.
	clockRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?\s*(uhr(?:\s+(\d{2}))?|am|pm|a\.m\.|p\.m\.|o'clock)?$`)
	})
	dotRE    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{1,2}\.\d{2}$`) })
	layouts  = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "02.01.2006 15:04", "2.1.2006 15:04"}
	nowWords = map[string]bool{"now": true, "jetzt": true, "gerade": true, "just now": true, "eben": true}
	// dayWords are the days a time of day may be said with, as days before today (tomorrow,
	// for when to try again, is one day before today less one).
	dayWords = map[string]int{"today": 0, "heute": 0, "yesterday": 1, "gestern": 1, "vorgestern": 2,
		"tomorrow": -1, "morgen": -1, "übermorgen": -2}
)

// ParseTime reads a time as people say it, in English or German: "now", "14:05", "2:05 pm",
// "9 Uhr" (today), "yesterday 10:00", "gestern 14:00", "2026-11-20 14:05", "20.11.2026 14:05",
// "2h ago", "vor 2 Std.", or RFC 3339. "14.05" is refused (ErrDotTime). Times without an offset
// are in now's location. The result keeps its offset, so it can be saved as RFC 3339.
func ParseTime(s string, now time.Time) (time.Time, error) {
	in := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch {
	case in == "":
		return time.Time{}, ErrTimeFormat
	case nowWords[in]:
		return now.Truncate(time.Minute), nil
	case dotRE().MatchString(in):
		return time.Time{}, ErrDotTime
	}
	if t, err := time.Parse(time.RFC3339, strings.ToUpper(in)); err == nil {
		return t, nil
	}
	if m := agoRE().FindStringSubmatch(in); m != nil {
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
		if d, isDay := dayWords[word]; isDay {
			daysBack, clock = d, rest
		}
	}
	if h, min, ok := clockOfDay(clock); ok {
		y, mo, d := now.Date()
		return time.Date(y, mo, d-daysBack, h, min, 0, 0, now.Location()), nil
	}
	for _, layout := range layouts {
		if t, err := time.ParseInLocation(layout, strings.ToUpper(in), now.Location()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, ErrTimeFormat
}

// clockOfDay reads a time of day: hours and minutes.
func clockOfDay(s string) (h, min int, ok bool) {
	m := clockRE().FindStringSubmatch(s)
	if m == nil || m[2] == "" && m[3] == "" { // a bare number is no time
		return 0, 0, false
	}
	h, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		min, _ = strconv.Atoi(m[2])
	} else if m[4] != "" { // "9 uhr 30"
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
