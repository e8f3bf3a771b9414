package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Scenarios writes the scenarios of the catalog: a list of IDs and titles, or one scenario in
// full (detail) with its summary and steps; as text, Markdown, or one JSON object each.
func Scenarios(w io.Writer, list []scenarios.Scenario, detail bool, format Format, opts Options) error {
	lang := opts.Lang
	cat := opts.Catalog
	if format == JSON {
		for _, s := range list {
			out := scenarioJSON{ID: s.ID, Title: s.Title.In(lang), Summary: s.Summary.In(lang)}
			for _, st := range s.Steps {
				text, cond := CatalogStep(cat, st, lang)
				out.Steps = append(out.Steps, text)
				var when *stepConditionJSON
				if cond != "" {
					when = &stepConditionJSON{Codes: st.When, Text: cond}
				}
				out.Conditions = append(out.Conditions, when)
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
				// A long title wraps under itself, not under the ID.
				b.WriteString(Wrap(string(s.ID)+"  ", strings.Repeat(" ", len(s.ID)+2), s.Title.In(lang), opts.width()))
			}
		}
	case format == Markdown:
		s := list[0]
		fmt.Fprintf(&b, "## %s — %s\n\n%s\n\n**%s**\n\n", s.ID, s.Title.In(lang), s.Summary.In(lang), cat.Text(txt.RenderSteps, lang))
		markdownSteps(&b, cat, s, lang)
	default:
		s, th := list[0], opts.Theme
		b.WriteString(Style(th.Heading, strings.TrimSuffix(Wrap("", "    ", fmt.Sprintf("%s — %s", s.ID, s.Title.In(lang)), opts.width()), "\n")) + "\n\n")
		b.WriteString(Wrap("", "", s.Summary.In(lang), opts.width()))
		b.WriteString("\n" + Style(th.Heading, cat.Text(txt.RenderSteps, lang)) + "\n")
		for i, st := range s.Steps {
			num := fmt.Sprintf("  %d. ", i+1)
			indent := strings.Repeat(" ", len(num))
			text, cond := CatalogStep(cat, st, lang)
			b.WriteString(Wrap(num, indent, text, opts.width()))
			if cond != "" {
				b.WriteString(Style(th.Dim, strings.TrimSuffix(Wrap(indent, indent, cond, opts.width()), "\n")) + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// scenarioJSON is the stable JSON form of a scenario in one language. Conditions has one entry
// per step: null for a step that always applies.
type scenarioJSON struct {
	ID         scenarios.ID         `json:"id"`
	Title      string               `json:"title"`
	Summary    string               `json:"summary"`
	Steps      []string             `json:"steps"`
	Conditions []*stepConditionJSON `json:"step_conditions"`
}

// stepConditionJSON says when a step applies: the codes of its conditions and the words.
type stepConditionJSON struct {
	Codes []string `json:"when"`
	Text  string   `json:"text"`
}

// CatalogStep is a step as the catalog shows it without a case: the facts it would name marked
// ‹in words›, and its conditions in words ("Only when …"), or "" when it always applies.
func CatalogStep(cat *scenarios.Catalog, st scenarios.Step, lang scenarios.Lang) (text, cond string) {
	text = scenarios.FillFunc(st.In(lang), func(name string) (string, bool) {
		k, ok := diagnose.StepFactWords(name)
		if !ok {
			return "", false
		}
		words, ok := cat.Lookup(k, lang)
		return "‹" + words + "›", ok
	})
	if len(st.When) == 0 {
		return text, ""
	}
	parts := make([]string, 0, len(st.When))
	for _, code := range st.When {
		if c, ok := cat.Condition(code); ok {
			parts = append(parts, c.Text.In(lang))
		}
	}
	return text, cat.Text(txt.RenderOnlyWhen, lang, "conditions", strings.Join(parts, cat.Text(txt.RenderAnd, lang)))
}

// markdownSteps writes a scenario's numbered steps, each condition in italics below its step.
func markdownSteps(b *strings.Builder, cat *scenarios.Catalog, s scenarios.Scenario, lang scenarios.Lang) {
	for i, st := range s.Steps {
		text, cond := CatalogStep(cat, st, lang)
		fmt.Fprintf(b, "%d. %s\n", i+1, text)
		if cond != "" {
			fmt.Fprintf(b, "   *%s*\n", cond)
		}
	}
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
