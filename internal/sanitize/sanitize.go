// Package sanitize makes text that comes from input safe to show to a person: on a terminal, in
// a ticket, in a message and in Markdown. It is the one place that decides which characters are
// unsafe; docs/architecture.md and SECURITY.md say where it is applied.
//
// Unsafe are the characters that are not text a reader can see for what it is: control
// characters (C0, DEL, C1) and the escape sequences they start, the line and paragraph
// separators, and the invisible format characters (Unicode category Cf: bidi controls such as
// U+202E, zero-width characters, the byte order mark, soft hyphen, interlinear annotation
// marks) with the whole tag block U+E0000–U+E007F.
package sanitize

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Unsafe reports whether r must not reach a person as it is.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return true
	case r < 0xad:
		return false
	case r == 0x2028 || r == 0x2029 || r >= 0xe0000 && r <= 0xe007f:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// safe reports whether s holds nothing to change, the common case, without allocating.
func safe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= utf8.RuneSelf {
			return safeSlow(s[i:])
		}
	}
	return true
}

func safeSlow(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if Unsafe(r) {
			return false
		}
	}
	return true
}

// Text makes s safe as prose: escape sequences and unsafe characters are dropped, a tab or a
// line break becomes a space, and bytes that are not UTF-8 become U+FFFD.
func Text(s string) string {
	if safe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			i += EscapeLength(s[i:])
			continue
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case Unsafe(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Exact shows s with every unsafe character written as an escape (\u200b, \u001b, \xff for a
// byte that is not UTF-8), for values whose exact form matters: IDs, domains, keys, file names.
func Exact(s string) string {
	if safe(s) {
		return s
	}
	return string(appendExact(make([]byte, 0, len(s)+16), s, ""))
}

// Quote is Exact in double quotes, with quotes and backslashes escaped as in Go and JSON, so that
// the value's start and end are visible.
func Quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = appendExact(b, s, `"\\`)
	return string(append(b, '"'))
}

// appendExact appends s with unsafe characters escaped, and a backslash before each byte of
// special (the quote characters of the surrounding syntax).
func appendExact(b []byte, s string, special string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\x`...)
			b = appendHex(b, uint32(s[i]), 2)
		case r < utf8.RuneSelf && strings.IndexByte(special, byte(r)) >= 0:
			b = append(b, '\\', byte(r))
		case Unsafe(r) && r > 0xffff:
			b = append(b, `\U`...)
			b = appendHex(b, uint32(r), 8)
		case Unsafe(r):
			b = append(b, `\u`...)
			b = appendHex(b, uint32(r), 4)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}

func appendHex(b []byte, v uint32, digits int) []byte {
	h := strconv.FormatUint(uint64(v), 16)
	for n := len(h); n < digits; n++ {
		b = append(b, '0')
	}
	return append(b, h...)
}

// EscapeLength is the length of the escape sequence at the start of s: ESC and what belongs to
// it (a CSI sequence up to its final byte; an OSC, DCS, SOS, PM or APC string up to BEL or ST;
// else the one byte after ESC).
func EscapeLength(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']', 'P', 'X', '_', '^':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}

// The most characters one value from input shows, whatever its length (docs/architecture.md):
// a record up to the size limit cannot flood a terminal, a ticket or a result.
const (
	MaxID   = 80   // tenant IDs and domains
	MaxLine = 200  // a record's id, names and other one-line values
	MaxText = 4000 // notes and error messages
)

// Cut keeps at most max characters of s and says how many it left out, so that one huge value
// cannot flood a terminal or a ticket. Callers write the count in the reader's language.
func Cut(s string, max int) (head string, more int) {
	if len(s) <= max { // a string of at most max bytes has at most max characters
		return s, 0
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i], utf8.RuneCountInString(s[i:])
		}
		n++
	}
	return s, 0
}

// JSON escapes, in JSON text that an encoder wrote, the unsafe characters that JSON allows raw
// in strings (C1 controls, bidi and other format characters, U+2028/9): a consumer that shows a
// string as it is, or a person who reads the JSON in a terminal, sees \u202e, not its effect.
// The text means the same afterwards. It returns b itself when there is nothing to escape.
func JSON(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	if i == len(b) || safe(string(b[i:])) {
		return b
	}
	out := append(make([]byte, 0, len(b)+16), b[:i]...)
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r >= utf8.RuneSelf && Unsafe(r) {
			out = AppendEscapedRune(out, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// AppendEscapedRune appends r as a JSON \u escape, a surrogate pair above U+FFFF.
func AppendEscapedRune(b []byte, r rune) []byte {
	if r > 0xffff {
		r1, r2 := utf16.EncodeRune(r)
		b = appendHex(append(b, `\u`...), uint32(r1), 4)
		return appendHex(append(b, `\u`...), uint32(r2), 4)
	}
	return appendHex(append(b, `\u`...), uint32(r), 4)
}
