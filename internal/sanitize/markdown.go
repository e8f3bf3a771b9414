package sanitize

import (
	"strconv"
	"strings"
	"unicode"
)

// Markdown makes s (after Text) read as exactly that text wherever cspfix puts it in Markdown:
// in a paragraph, a list item, a heading or bold text, under CommonMark and GitHub Flavored
// Markdown. Nothing in s can start a heading, list, quote, code block, table, link, autolink,
// emphasis, strikethrough, HTML or entity. The fuzz test renders the result with a CommonMark
// and GFM renderer and compares the text that comes out.
//
// Characters that can mean something anywhere are always backslash-escaped; those that only
// mean something at the start of a line are escaped at the start; the rest stays readable.
func Markdown(s string) string {
	s = Text(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	// White space at either end would start a code block, make a hard line break, keep a
	// surrounding ** from closing, or be dropped: it goes in as character references.
	rest := strings.TrimLeftFunc(s, isSpace)
	body := strings.TrimRightFunc(rest, isSpace)
	writeRefs(&b, s[:len(s)-len(rest)])
	trail := rest[len(body):]
	digits := 0 // digits at the start, which with "." or ")" would start an ordered list
	for i := 0; i < len(body); i++ {
		c := body[i]
		atStart := i == digits
		switch {
		case c >= '0' && c <= '9' && atStart:
			digits++
		case strings.IndexByte("\\`*_[]<>&|~@#", c) >= 0,
			atStart && strings.IndexByte("+-=", c) >= 0,
			(c == '.' || c == ')') && digits > 0 && i == digits,
			c == ':' && strings.HasPrefix(body[i:], "://"),
			c == '.' && i >= 3 && strings.EqualFold(body[i-3:i], "www"):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	writeRefs(&b, trail)
	return b.String()
}

// isSpace is CommonMark's Unicode white space (after Text, tabs and line breaks are spaces).
func isSpace(r rune) bool { return unicode.Is(unicode.Zs, r) }

// writeRefs writes each character of s as a numeric character reference.
func writeRefs(b *strings.Builder, s string) {
	for _, r := range s {
		b.WriteString("&#x" + strconv.FormatInt(int64(r), 16) + ";")
	}
}
