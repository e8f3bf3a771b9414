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

var (
	// Compiled on first use: most commands never read a time typed by a person.
	agoRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:vor\s+)?(\d{1,4})\s*(m|min|mins|minute|minutes|minuten?|h|hr|hrs|std\.?|stunden?|hours?|d|tage?n?|days?)\.?(?:\s+ago)?$`)
	})
	clockRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{1,2})[:.](\d{2})(?:\s*uhr)?$`) })
	layouts  = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "02.01.2006 15:04", "2.1.2006 15:04"}
	nowWords = map[string]bool{"now": true, "jetzt": true, "gerade": true, "just now": true, "eben": true}
)

// ParseTime reads a time as people type it: "now", "14:05" (today), "2026-11-20 14:05",
// "20.11.2026 14:05", "2h ago", "30 min ago", "vor 2 Std.", or RFC 3339. Times without an offset
// are in now's location. The result keeps its offset, so it can be saved as RFC 3339.
func ParseTime(s string, now time.Time) (time.Time, error) {
	in := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch {
	case in == "":
		return time.Time{}, ErrTimeFormat
	case nowWords[in]:
		return now.Truncate(time.Minute), nil
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
	if m := clockRE().FindStringSubmatch(in); m != nil {
		h, _ := strconv.Atoi(m[1])
		min, _ := strconv.Atoi(m[2])
		if h > 23 || min > 59 {
			return time.Time{}, ErrTimeFormat
		}
		y, mo, d := now.Date()
		return time.Date(y, mo, d, h, min, 0, 0, now.Location()), nil
	}
	for _, layout := range layouts {
		if t, err := time.ParseInLocation(layout, strings.ToUpper(in), now.Location()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, ErrTimeFormat
}
