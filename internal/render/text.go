package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cspfix/cspfix/scenarios"
)

// labels are the fixed words of the renderings.
var labels = struct {
	MostLikely, High, Medium, Case, Evidence, Steps, Others, Tried, AlreadyTried, Missing, Warnings,
	Incomplete, Invalid scenarios.Text
}{
	MostLikely:   scenarios.Text{EN: "Most likely", DE: "Am wahrscheinlichsten"},
	High:         scenarios.Text{EN: "high confidence", DE: "hohe Sicherheit"},
	Medium:       scenarios.Text{EN: "medium confidence", DE: "mittlere Sicherheit"},
	Case:         scenarios.Text{EN: "Case", DE: "Fall"},
	Evidence:     scenarios.Text{EN: "Evidence", DE: "Hinweise"},
	Steps:        scenarios.Text{EN: "Steps", DE: "Schritte"},
	Others:       scenarios.Text{EN: "Other candidates", DE: "Weitere mögliche Ursachen"},
	Tried:        scenarios.Text{EN: "already tried", DE: "bereits versucht"},
	AlreadyTried: scenarios.Text{EN: "Already tried without success", DE: "Bereits ohne Erfolg versucht"},
	Missing:      scenarios.Text{EN: "Still unknown: find out first", DE: "Noch offen: zuerst klären"},
	Warnings:     scenarios.Text{EN: "Warnings", DE: "Warnungen"},
	Incomplete:   scenarios.Text{EN: "Not enough information for a diagnosis yet", DE: "Noch nicht genug Informationen für eine Diagnose"},
	Invalid:      scenarios.Text{EN: "Invalid record {id} (line {line})", DE: "Ungültiger Datensatz {id} (Zeile {line})"},
}

// Clean makes text from input safe for a terminal: escape sequences and control characters are
// dropped (a tab or line break becomes a space), so input cannot move the cursor, recolour the
// screen or hide what follows.
func Clean(s string) string {
	clean := true
	for _, r := range s {
		if unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			i += escapeLength(s[i:])
			continue
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unsafeRune(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r == utf8.RuneError || r == '\u2028' || r == '\u2029' ||
		r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// escapeLength is the length of the escape sequence at the start of s (ESC and what belongs to
// it: a CSI sequence up to its final byte, an OSC string up to BEL or ST, or one more byte).
func escapeLength(s string) int {
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
	case ']', 'P', '_', '^':
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

// visibleWidth counts the runes of s that take space, skipping our own colour sequences.
func visibleWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			i += escapeLength(s[i:])
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return n
}

// Wrap fills text into lines of at most width columns: the first line starts with first, the
// following ones with indent. A word longer than a line stands alone on its line.
func Wrap(first, indent, text string, width int) string {
	var b strings.Builder
	prefix := first
	line := 0
	for _, word := range strings.Fields(text) {
		w := visibleWidth(word)
		switch {
		case line == 0:
			b.WriteString(prefix)
			line = visibleWidth(prefix)
		case line+1+w > width:
			b.WriteString("\n" + indent)
			line = visibleWidth(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += w
	}
	if line == 0 {
		b.WriteString(strings.TrimRight(prefix, " "))
	}
	b.WriteByte('\n')
	return b.String()
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`)

// escapeMarkdown keeps text from input from being read as Markdown or HTML.
func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }
