package diagnose

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Values as people export them (README "The case file"): an answer written "Ja", " YES ", "y"
// or true, a kind with a space or a hyphen for its underscore, a Partner ID exported as a
// number, a time with a space for its "T", without seconds or without an offset. The decoder
// stores the canonical value, so every output carries it. The schema's patterns for the same
// values are made here, next to the code that reads them; a test and a fuzz target hold the two
// together.

// maxWord bounds the characters of a value compared with the words of a field: no word is
// longer, and a long value costs no comparisons.
const maxWord = 24

// matchWord finds the value that s stands for, as one of the field's values or their
// synonyms: white space around it, letter case and a space or a hyphen for an underscore do
// not matter.
func (f *Field) matchWord(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxWord {
		return "", false
	}
	for _, v := range f.Values {
		if sameWord(s, v) {
			return v, true
		}
	}
	for _, syn := range f.Synonyms {
		if sameWord(s, syn.Word) {
			return syn.Value, true
		}
	}
	return "", false
}

// takesBooleans reports whether the JSON literals true and false stand for values of f.
func (f *Field) takesBooleans() bool {
	for _, syn := range f.Synonyms {
		if syn.Word == "true" {
			return true
		}
	}
	return false
}

// alsoAccepted lists the synonyms of f by the value they stand for, for the message about a
// value that is none of them: "yes: y, j, ja, true".
func (f *Field) alsoAccepted() []string {
	var out []string
	for _, v := range f.Values {
		var words []string
		for _, syn := range f.Synonyms {
			if syn.Value == v {
				w := syn.Word
				if w == "" {
					w = `""`
				}
				words = append(words, w)
			}
		}
		if len(words) > 0 {
			out = append(out, v+": "+strings.Join(words, ", "))
		}
	}
	return out
}

// sameWord compares s with word rune by rune: equal under Unicode simple case folding, or both
// one of the joiners " ", "-" and "_".
func sameWord(s, word string) bool {
	for word != "" {
		if s == "" {
			return false
		}
		r1, n1 := utf8.DecodeRuneInString(s)
		r2, n2 := utf8.DecodeRuneInString(word)
		s, word = s[n1:], word[n2:]
		if r1 != r2 && !(isJoiner(r1) && isJoiner(r2)) && !foldsTo(r1, r2) {
			return false
		}
	}
	return s == ""
}

func isJoiner(r rune) bool { return r == ' ' || r == '-' || r == '_' }

// foldsTo reports whether r2 is in r1's case-folding orbit, as strings.EqualFold compares.
func foldsTo(r1, r2 rune) bool {
	for f := unicode.SimpleFold(r1); f != r1; f = unicode.SimpleFold(f) {
		if f == r2 {
			return true
		}
	}
	return false
}

// spaceClass is Unicode white space as strings.TrimSpace (unicode.IsSpace) knows it, as a
// character class that both Go's and ECMAScript's regular expressions read.
const spaceClass = "[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"

// wordsPattern is the pattern of a string that matchWord finds among words.
func wordsPattern(words []string) string {
	var alts []string
	seen := map[string]bool{}
	for _, w := range words {
		var b strings.Builder
		for _, r := range w {
			switch {
			case isJoiner(r):
				b.WriteString(`[ _\-]`)
			case unicode.SimpleFold(r) != r:
				b.WriteByte('[')
				b.WriteRune(r)
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					b.WriteRune(f)
				}
				b.WriteByte(']')
			default:
				b.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		if !seen[b.String()] {
			seen[b.String()] = true
			alts = append(alts, b.String())
		}
	}
	return "^" + spaceClass + "*(?:" + strings.Join(alts, "|") + ")" + spaceClass + "*$"
}

// words are the field's values and synonyms.
func (f *Field) words() []string {
	w := append([]string(nil), f.Values...)
	for _, syn := range f.Synonyms {
		w = append(w, syn.Word)
	}
	return w
}

// parseTimeIn reads a time as people write it: RFC 3339 (parseTimeBytes), or with a space for
// the "T", without seconds, without an offset (then in loc), or as German dates are written,
// 20.11.2026 09:14, always in loc. White space around it does not matter. It reports false for
// a local time that loc skips or has twice (a change to or from summer time): localFault
// then says which.
func parseTimeIn(b []byte, loc *time.Location) (Time, bool) {
	t, fault := parseTimeFault(b, loc)
	return t, fault == ""
}

// parseTimeFault is parseTimeIn, with why a time is not read: ErrBadTime, or for a local time
// ErrTimeSkipped or ErrTimeTwice.
func parseTimeFault(b []byte, loc *time.Location) (Time, ErrorKind) {
	if t, ok := parseTimeBytes(b); ok {
		return t, ""
	}
	b = bytes.TrimSpace(b)
	var year, month, day int
	var rest []byte
	switch {
	case len(b) >= 16 && b[4] == '-' && b[7] == '-' && (b[10] == 'T' || b[10] == 't' || b[10] == ' '):
		var ok1, ok2, ok3 bool
		year, ok1 = digitsValue(b[0:4])
		month, ok2 = digitsValue(b[5:7])
		day, ok3 = digitsValue(b[8:10])
		if !ok1 || !ok2 || !ok3 {
			return Time{}, ErrBadTime
		}
		rest = b[11:]
	default:
		var ok bool
		if day, b, ok = leadingNumber(b, 2, '.'); !ok {
			return Time{}, ErrBadTime
		}
		if month, b, ok = leadingNumber(b, 2, '.'); !ok {
			return Time{}, ErrBadTime
		}
		if len(b) < 5 || b[4] != ' ' {
			return Time{}, ErrBadTime
		}
		if year, ok = digitsValue(b[0:4]); !ok {
			return Time{}, ErrBadTime
		}
		b = b[5:]
		hour, b, ok := leadingNumber(b, 2, ':')
		if !ok {
			return Time{}, ErrBadTime
		}
		minute, sec, nsec, rest, ok := clockRest(b, false)
		if !ok || len(rest) != 0 {
			return Time{}, ErrBadTime
		}
		return localDate(year, month, day, hour, minute, sec, nsec, loc)
	}
	if len(rest) < 5 || rest[2] != ':' {
		return Time{}, ErrBadTime
	}
	hour, ok := digitsValue(rest[0:2])
	if !ok {
		return Time{}, ErrBadTime
	}
	minute, sec, nsec, rest, ok := clockRest(rest[3:], true)
	if !ok {
		return Time{}, ErrBadTime
	}
	if len(rest) > 0 {
		offset, ok := parseOffset(rest)
		if !ok {
			return Time{}, ErrBadTime
		}
		t, ok := dateIn(year, month, day, hour, minute, sec, nsec, offset)
		if !ok {
			return Time{}, ErrBadTime
		}
		return t, ""
	}
	return localDate(year, month, day, hour, minute, sec, nsec, loc)
}

// clockRest reads "MM", then optionally ":SS" and, when fraction is allowed, ".fff", and
// returns what follows.
func clockRest(b []byte, fraction bool) (minute, sec, nsec int, rest []byte, ok bool) {
	if len(b) < 2 {
		return 0, 0, 0, nil, false
	}
	if minute, ok = digitsValue(b[0:2]); !ok {
		return 0, 0, 0, nil, false
	}
	b = b[2:]
	if len(b) >= 3 && b[0] == ':' {
		if sec, ok = digitsValue(b[1:3]); !ok {
			return 0, 0, 0, nil, false
		}
		b = b[3:]
		if fraction && len(b) > 0 && b[0] == '.' {
			n := 1
			for n < len(b) && b[n] >= '0' && b[n] <= '9' {
				if n <= 9 {
					nsec = nsec*10 + int(b[n]-'0')
				}
				n++
			}
			if n == 1 {
				return 0, 0, 0, nil, false
			}
			for d := min(n-1, 9); d < 9; d++ {
				nsec *= 10
			}
			b = b[n:]
		}
	}
	return minute, sec, nsec, b, true
}

// parseOffset reads "Z" or "±HH:MM".
func parseOffset(b []byte) (*time.Location, bool) {
	switch {
	case len(b) == 1 && (b[0] == 'Z' || b[0] == 'z'):
		return time.UTC, true
	case len(b) == 6 && (b[0] == '+' || b[0] == '-') && b[3] == ':':
		oh, okh := digitsValue(b[1:3])
		om, okm := digitsValue(b[4:6])
		if !okh || !okm || oh > 23 || om > 59 {
			return nil, false
		}
		offset := (oh*60 + om) * 60
		if b[0] == '-' {
			offset = -offset
		}
		return zone(offset), true
	}
	return nil, false
}

// dateIn checks the ranges of a date and a clock time and makes the time.
func dateIn(year, month, day, hour, minute, sec, nsec int, loc *time.Location) (Time, bool) {
	if month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) || hour > 23 ||
		minute > 59 || sec > 59 {
		return Time{}, false
	}
	return Time{time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc)}, true
}

// localDate makes a time written without an offset in loc, as dateIn does, and refuses one
// that loc never shows (the hour skipped when summer time begins: ErrTimeSkipped) or shows
// twice (the hour repeated when it ends: ErrTimeTwice), which time.Date would move or pick
// without a word. Where the offset is the same a day before and a day after, there is nothing
// to look at.
func localDate(year, month, day, hour, minute, sec, nsec int, loc *time.Location) (Time, ErrorKind) {
	t, ok := dateIn(year, month, day, hour, minute, sec, nsec, loc)
	if !ok {
		return Time{}, ErrBadTime
	}
	_, before := t.Add(-25 * time.Hour).Zone()
	_, after := t.Add(25 * time.Hour).Zone()
	if before == after {
		return t, ""
	}
	wall := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	var found []time.Time
	for _, offset := range []int{before, after} {
		u := wall.Add(-time.Duration(offset) * time.Second).In(loc)
		if _, o := u.Zone(); o == offset && !slices.ContainsFunc(found, u.Equal) {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 0:
		return Time{}, ErrTimeSkipped
	case 1:
		return Time{found[0]}, ""
	}
	return Time{}, ErrTimeTwice
}

// TimeOffsets are the offsets a local time written without one could have in loc, for a
// message about one that loc skips or has twice: those of the day before and the day after.
func TimeOffsets(b []byte, loc *time.Location) []string {
	t, ok := parseTimeIn(b, time.UTC)
	if !ok {
		return nil
	}
	var out []string
	for _, u := range []time.Time{t.Add(-25 * time.Hour), t.Add(25 * time.Hour)} {
		if o := u.In(loc).Format("-07:00"); !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// leadingNumber reads one to max digits ended by sep and returns what follows sep.
func leadingNumber(b []byte, max int, sep byte) (int, []byte, bool) {
	n := 0
	for n < len(b) && n <= max && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	if n == 0 || n > max || n >= len(b) || b[n] != sep {
		return 0, nil, false
	}
	v, _ := digitsValue(b[:n])
	return v, b[n+1:], true
}

// digitsValue is the number written by the ASCII digits b.
func digitsValue(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// timePattern is the pattern of what parseTimeIn reads, the days of each month (and the leap
// years) included: a constant, put together when cspfix is compiled.
const (
	timeLeap    = `(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)`
	timeD31     = `(?:0[1-9]|[12]\d|3[01])`
	timeD30     = `(?:0[1-9]|[12]\d|30)`
	timeD28     = `(?:0[1-9]|1\d|2[0-8])`
	timeIsoDay  = `(?:\d{4}-(?:(?:0[13578]|1[02])-` + timeD31 + `|(?:0[469]|11)-` + timeD30 + `|02-` + timeD28 + `)|` + timeLeap + `-02-29)`
	timeIso     = timeIsoDay + `[Tt ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?`
	timeE31     = `(?:0?[1-9]|[12]\d|3[01])`
	timeE30     = `(?:0?[1-9]|[12]\d|30)`
	timeE28     = `(?:0?[1-9]|1\d|2[0-8])`
	timeDeDay   = `(?:(?:` + timeE31 + `\.(?:0?[13578]|1[02])|` + timeE30 + `\.(?:0?[469]|11)|` + timeE28 + `\.0?2)\.\d{4}|29\.0?2\.` + timeLeap + `)`
	timeDe      = timeDeDay + ` (?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`
	timePattern = "^" + spaceClass + "*(?:" + timeIso + "|" + timeDe + ")" + spaceClass + "*$"
)

// maxPartnerID is the largest Partner ID read from a JSON number: 20 digits, as the settings
// allow (README "Settings").
const maxPartnerID = "99999999999999999999"

// integerText is the decimal digits of a JSON number that is an integer from 0 to
// maxPartnerID, however it is written (4847383, 4847383.0, 4.847383e6), as JSON Schema's
// "integer" with those bounds reads it.
func integerText(num []byte) (string, bool) {
	neg := len(num) > 0 && num[0] == '-'
	if neg {
		num = num[1:]
	}
	var digits []byte
	frac, exp, i := 0, 0, 0
	for ; i < len(num) && num[i] >= '0' && num[i] <= '9'; i++ {
		digits = append(digits, num[i])
	}
	if i < len(num) && num[i] == '.' {
		for i++; i < len(num) && num[i] >= '0' && num[i] <= '9'; i++ {
			digits = append(digits, num[i])
			frac++
		}
	}
	if i < len(num) && (num[i] == 'e' || num[i] == 'E') {
		i++
		sign := 1
		if i < len(num) && (num[i] == '+' || num[i] == '-') {
			if num[i] == '-' {
				sign = -1
			}
			i++
		}
		for ; i < len(num) && num[i] >= '0' && num[i] <= '9'; i++ {
			if exp < 1e6 { // beyond, the number is 0, or too large, or not an integer anyway
				exp = exp*10 + int(num[i]-'0')
			}
		}
		exp *= sign
	}
	// value = digits × 10^(exp-frac)
	digits = bytes.TrimLeft(digits, "0")
	if len(digits) == 0 {
		return "0", true
	}
	if neg {
		return "", false
	}
	shift := exp - frac
	if shift < 0 {
		if -shift > len(digits) || bytes.Count(digits[len(digits)+shift:], []byte{'0'}) != -shift {
			return "", false
		}
		digits = digits[:len(digits)+shift]
		shift = 0
	}
	if len(digits)+shift > len(maxPartnerID) {
		return "", false
	}
	return string(digits) + strings.Repeat("0", shift), true
}
