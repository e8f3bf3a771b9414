package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cspfix/cspfix/scenarios"
)

// Scenarios writes the scenarios of the catalog: a list of IDs and titles, or one scenario in
// full (detail) with its summary and steps; as text, Markdown, or one JSON object each.
func Scenarios(w io.Writer, list []scenarios.Scenario, detail bool, format Format, opts Options) error {
	lang := opts.Lang
	if format == JSON {
		for _, s := range list {
			out := scenarioJSON{ID: s.ID, Title: s.Title.In(lang), Summary: s.Summary.In(lang)}
			for _, st := range s.Steps {
				out.Steps = append(out.Steps, st.In(lang))
			}
			if err := writeJSONLine(w, out); err != nil {
				return err
			}
		}
		return nil
	}
	var b strings.Builder
	switch {
	case !detail:
		for _, s := range list {
			if format == Markdown {
				fmt.Fprintf(&b, "- **%s** — %s\n", s.ID, s.Title.In(lang))
			} else {
				fmt.Fprintf(&b, "%s  %s\n", s.ID, s.Title.In(lang))
			}
		}
	case format == Markdown:
		s := list[0]
		fmt.Fprintf(&b, "## %s — %s\n\n%s\n\n**%s**\n\n", s.ID, s.Title.In(lang), s.Summary.In(lang), labels.Steps.In(lang))
		for i, st := range s.Steps {
			fmt.Fprintf(&b, "%d. %s\n", i+1, st.In(lang))
		}
	default:
		s, th := list[0], opts.Theme
		b.WriteString(Style(th.Heading, fmt.Sprintf("%s — %s", s.ID, s.Title.In(lang))) + "\n\n")
		b.WriteString(Wrap("", "", s.Summary.In(lang), opts.width()))
		b.WriteString("\n" + Style(th.Heading, labels.Steps.In(lang)) + "\n")
		for i, st := range s.Steps {
			num := fmt.Sprintf("  %d. ", i+1)
			b.WriteString(Wrap(num, strings.Repeat(" ", len(num)), st.In(lang), opts.width()))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// scenarioJSON is the stable JSON form of a scenario in one language.
type scenarioJSON struct {
	ID      scenarios.ID `json:"id"`
	Title   string       `json:"title"`
	Summary string       `json:"summary"`
	Steps   []string     `json:"steps"`
}

// Checklist writes the onboarding checklist: with boxes to tick on paper, or as a Markdown
// task list.
func Checklist(w io.Writer, list scenarios.Checklist, format Format, opts Options) error {
	lang := opts.Lang
	var b strings.Builder
	if format == Markdown {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", list.Title.In(lang), list.Intro.In(lang))
		for _, it := range list.Items {
			fmt.Fprintf(&b, "- [ ] **%s**: %s\n", it.Title.In(lang), it.Detail.In(lang))
		}
	} else {
		th, width := opts.Theme, opts.width()
		b.WriteString(Style(th.Heading, strings.TrimSuffix(Wrap("", "", list.Title.In(lang), width), "\n")) + "\n\n")
		b.WriteString(Wrap("", "", list.Intro.In(lang), width))
		for i, it := range list.Items {
			head := "☐ " + strconv.Itoa(i+1) + ". "
			indent := strings.Repeat(" ", len([]rune(head)))
			b.WriteString("\n" + Style(th.Heading, head+it.Title.In(lang)) + "\n")
			b.WriteString(Wrap(indent, indent, it.Detail.In(lang), width))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
