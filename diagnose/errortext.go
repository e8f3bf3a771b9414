package diagnose

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cspfix/cspfix/scenarios"
)

// The known error texts (README "How the diagnosis decides"): a pasted error message is
// recognised as one of the catalog's known texts forgivingly and in time linear in its length.
// Both the message and the patterns are normalised the same way (normaliseErrorText); a pattern
// is fragments in order, each starting at most maxErrorGap bytes after the one before it ended,
// anywhere in the message, so that names, IDs, codes, "Error:" or a log line around the text do
// not matter.

const (
	// maxErrorGap is how far apart two fragments of a pattern may be: what a "…" stands for (a
	// name, a GUID, a domain, a number) and a little more.
	maxErrorGap = 240
	// maxErrorScan bounds the part of a message that is matched, and so the work and memory a
	// message of any size costs: its first MiB.
	maxErrorScan = 1 << 20
)

// knownPatterns are the patterns of one known error, each its fragments, normalised: made when a
// text is first matched against them (patternsOf).
type knownPatterns struct {
	once  sync.Once
	frags [][][]byte
}

// checkErrorImplies checks that each value a known error implies is one of its field's values.
func (m *Model) checkErrorImplies() []error {
	var errs []error
	for _, e := range m.Catalog.Errors {
		for _, i := range e.Implies {
			path, value := i.Key, i.Value
			if f := m.byPath[path]; f == nil || f.Kind != KindEnum || !slices.Contains(f.Values, value) {
				errs = append(errs, fmt.Errorf("known error %q: implies %s = %q, which is no value of a field of the case", e.Code, path, value))
			}
		}
	}
	return errs
}

// patternsOf are the patterns of the catalog's known error i: each text as shown, then the
// further patterns. A message is the first known error one of whose patterns it holds, so a
// known error's are made when a message is first matched against them: most messages are the
// first known error's, and a batch is spared normalising the others (README "Performance").
func (m *Model) patternsOf(i int) [][][]byte {
	k := &m.errorPatterns[i]
	k.once.Do(func() {
		e := &m.Catalog.Errors[i]
		var sources []string
		for _, lang := range scenarios.Langs {
			if text, ok := e.Texts.Get(string(lang)); ok {
				sources = append(sources, text)
			}
		}
		for _, lang := range scenarios.Langs {
			patterns, _ := e.Match.Get(string(lang))
			sources = append(sources, patterns...)
		}
		for _, src := range sources {
			if p := compileErrorPattern(src); len(p) > 0 {
				k.frags = append(k.frags, p)
			}
		}
	})
	return k.frags
}

// compileErrorPattern is a text or a pattern, normalised and cut into its fragments at "…":
// without the spaces and quotes around a gap (a name is quoted in one message and not in
// another) and without a full stop at the end.
func compileErrorPattern(s string) [][]byte {
	norm, _ := normaliseErrorText(nil, s)
	var frags [][]byte
	parts := bytes.Split(norm, []byte(scenarios.Gap))
	for i, part := range parts {
		part = bytes.Trim(part, " '")
		if i == len(parts)-1 {
			part = bytes.TrimRight(part, ".! ")
		}
		if len(part) > 0 {
			frags = append(frags, part)
		}
	}
	return frags
}

// normaliseErrorText appends s, normalised for matching, to b: invisible and format characters
// removed, every style of quote folded to ' and every dash to -, each run of white space to one
// space (none at the ends), letters in lower case. changed says that it removed an invisible
// character: what the warning error_text_normalised says. Typographic quotes are no change worth
// a warning: German is written with „ “, and e-mail and chat turn ' and " into ‘ ’ and “ ”.
// It looks at the first maxErrorScan bytes of s only.
func normaliseErrorText(b []byte, s string) (out []byte, changed bool) {
	if len(s) > maxErrorScan {
		s = s[:maxErrorScan]
	}
	b = slices.Grow(b, len(s)) // lower case and folding change the length little: one allocation
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
				space = true
				continue
			case c < 0x20 || c == 0x7f:
				changed = true
				continue
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c == '"':
				c = '\''
			case c == '`':
				c = '\''
			}
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case invisible(r):
			changed = true
			continue
		case quote(r):
			r = '\''
		case dash(r):
			r = '-'
		default:
			r = unicode.ToLower(r)
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = utf8.AppendRune(b, r)
	}
	return b, changed
}

// invisible reports a character that shows nothing: format characters (zero-width spaces and
// joiners, direction marks, the byte order mark, the soft hyphen), controls, variation
// selectors and the fillers that render blank.
func invisible(r rune) bool {
	switch {
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cc, r):
		return true
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef: // variation selectors
		return true
	}
	switch r {
	case 0x034f, 0x115f, 0x1160, 0x3164, 0xffa0: // combining grapheme joiner, Hangul fillers
		return true
	}
	return false
}

// quote reports a quotation mark other than ASCII's: typographic, German, French, prime, full
// width.
func quote(r rune) bool {
	switch r {
	case '´', '‘', '’', '‚', '‛', '“', '”', '„', '‟', '‹', '›', '«', '»', '′', '″', '‵', '‶', '＂', '＇':
		return true
	}
	return false
}

// dash reports a hyphen or dash that looks like "-".
func dash(r rune) bool {
	return r >= 0x2010 && r <= 0x2015 || r == 0x2212 || r == 0xfe58 || r == 0xfe63 || r == 0xff0d
}

// matchFragments reports whether the fragments occur in t in order, each starting at most
// maxErrorGap bytes after the previous one ended. It keeps, fragment by fragment, the ends of
// the occurrences that continue a match (ascending), and scans t once for each fragment: time
// linear in len(t). ends and next are memory, reused.
func matchFragments(t []byte, frags [][]byte, ends, next []int) (bool, []int, []int) {
	ends = ends[:0]
	for pos := 0; pos <= len(t); {
		i := bytes.Index(t[pos:], frags[0])
		if i < 0 {
			break
		}
		ends = append(ends, pos+i+len(frags[0]))
		pos += i + 1
	}
	for _, frag := range frags[1:] {
		if len(ends) == 0 {
			return false, ends, next
		}
		next = next[:0]
		k := -1 // the last end at or before the occurrence
		for pos := ends[0]; pos <= len(t); {
			i := bytes.Index(t[pos:], frag)
			if i < 0 {
				break
			}
			start := pos + i
			for k+1 < len(ends) && ends[k+1] <= start {
				k++
			}
			if k >= 0 && start-ends[k] <= maxErrorGap {
				next = append(next, start+len(frag))
			} else if k == len(ends)-1 {
				break // past the last end by more than a gap: no later occurrence continues
			}
			pos = start + 1
		}
		ends, next = next, ends
	}
	return len(ends) > 0, ends, next
}

// errorMatcher is the memory of matching, reused from case to case, and the last text matched
// with its result: the cases of a batch mostly share their error text.
type errorMatcher struct {
	norm       []byte
	ends, next []int

	model       *Model
	last        string
	lastKnown   int
	lastChanged bool
}

// match finds the first known error of the model whose patterns text holds (-1 for none), and
// whether normalising changed the text.
func (em *errorMatcher) match(m *Model, text string) (known int, changed bool) {
	if em.model == m && text == em.last && len(text) <= maxErrorScan {
		return em.lastKnown, em.lastChanged
	}
	known, changed = em.scan(m, text)
	em.model, em.last, em.lastKnown, em.lastChanged = m, text, known, changed
	return known, changed
}

// scan is match without the memory of the last text.
func (em *errorMatcher) scan(m *Model, text string) (known int, changed bool) {
	em.norm, changed = normaliseErrorText(em.norm[:0], text)
	for i := range m.errorPatterns {
		for _, frags := range m.patternsOf(i) {
			var ok bool
			if ok, em.ends, em.next = matchFragments(em.norm, frags, em.ends, em.next); ok {
				return i, changed
			}
		}
	}
	return -1, changed
}

// RecognisedError is the known error the catalog recognises in text (nil for none), and
// whether the text held invisible characters or quotes that were folded to match it.
func (m *Model) RecognisedError(text string) (*scenarios.KnownError, bool) {
	if strings.TrimSpace(text) == "" {
		return nil, false
	}
	var em errorMatcher
	known, changed := em.match(m, text)
	if known < 0 {
		return nil, changed
	}
	return &m.Catalog.Errors[known], changed
}
