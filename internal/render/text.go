package render

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cspfix/cspfix/internal/sanitize"
)

// visibleWidth counts the runes of s that take space, skipping our own colour sequences.
func visibleWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == 0x1b:
			i += sanitize.EscapeLength(s[i:])
			continue
		case c < utf8.RuneSelf:
			i++
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		n++
	}
	return n
}

// asciiSpace are the ASCII characters unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// Wrap fills text into lines of at most width columns: the first line starts with first, the
// following ones with indent. A word longer than a line stands alone on its line.
func Wrap(first, indent, text string, width int) string {
	var b bytes.Buffer
	wrapTo(&b, first, indent, text, width)
	return b.String()
}

// wrapTo writes Wrap's lines to b. Words are separated by white space, as strings.Fields
// separates them, and taken from text where they stand: a batch wraps every sentence it writes.
func wrapTo(b *bytes.Buffer, first, indent, text string, width int) {
	b.Grow(len(first) + len(text) + len(text)/max(width/2, 1)*(len(indent)+1) + 1)
	line := 0
	for i := 0; i < len(text); {
		// Skip white space, then take the word up to the next, counting its width.
		if c := text[i]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); unicode.IsSpace(r) {
			i += size
			continue
		}
		start, w, escaped := i, 0, false
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if asciiSpace[c] {
					break
				}
				escaped = escaped || c == 0x1b
				i++
			} else {
				r, size := utf8.DecodeRuneInString(text[i:])
				if unicode.IsSpace(r) {
					break
				}
				i += size
			}
			w++
		}
		word := text[start:i]
		if escaped {
			w = visibleWidth(word) // our colour sequences take no space
		}
		switch {
		case line == 0:
			b.WriteString(first)
			line = visibleWidth(first)
		case line+1+w > width:
			b.WriteByte('\n')
			b.WriteString(indent)
			line = visibleWidth(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += w
	}
	if line == 0 {
		b.WriteString(strings.TrimRight(first, " "))
	}
	b.WriteByte('\n')
}
