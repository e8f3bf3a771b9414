package render

import (
	"strings"
	"unicode/utf8"

	"github.com/cspfix/cspfix/internal/sanitize"
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

// visibleWidth counts the runes of s that take space, skipping our own colour sequences.
func visibleWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			i += sanitize.EscapeLength(s[i:])
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
