package render

import (
	"strings"
	"unicode/utf8"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

// labels are the fixed words of the renderings; their texts are in the catalog, under
// "render.".
var labels = func() (keys struct {
	MostLikely, High, Medium, Case, Evidence, Steps, Others, Tried, AlreadyTried, Missing, Warnings,
	Incomplete, Invalid, DocsTitle, OnlyWhen, And, Resolved, ResolvedUnknown scenarios.Key
	CheckValid, CheckCleanable, CheckInvalid, CheckMatches, CheckDiffers, CheckConfirmedBad       scenarios.Key
	RowEntered, RowConfirmed, DiffLegend                                                          scenarios.Key
	LabelDomain, LabelTenant, LabelRegion, LabelCloud, RegionNote                                 scenarios.Key
	CloudPublic, CloudUSGov, CloudChina, CloudOther                                               scenarios.Key
	Done, Paused, MessageSubject                                                                  scenarios.Key
	NoCases, CaseOpen, CasePaused, CaseFixed, CaseTicketOpened, CaseRetry, CaseDue, CaseChanged   scenarios.Key
	Summary, SummaryOne, SummaryStatus, SummaryScenario, SummaryConfidence, SummaryEvidence       scenarios.Key
	SummaryMissing, SummaryNone, SummaryCount, LevelHigh, LevelMedium                             scenarios.Key
	StatusDiagnosed, StatusIncomplete, StatusResolved, StatusInvalid, SummaryInvalid, SummaryMore scenarios.Key
}) {
	scenarios.Bind(&keys, "render")
	return keys
}()

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
