package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// summaryTop is how many evidence codes, missing questions and warnings a summary lists.
const summaryTop = 10

// Summary writes the counts of a batch (README "A summary of a batch") in format.
func Summary(w io.Writer, s *diagnose.Summary, format Format, opts Options) error {
	switch format {
	case JSON:
		return writeJSONLine(w, summaryJSON(s, opts))
	case Markdown:
		_, err := io.WriteString(w, summaryMarkdown(s, opts))
		return err
	}
	_, err := io.WriteString(w, summaryText(s, opts))
	return err
}

// summaryRow is one line of counts: a label and its parts ("diagnosed 6").
type summaryRow struct {
	label txt.Key
	parts []string
}

func summaryRows(s *diagnose.Summary, cat *scenarios.Catalog, lang scenarios.Lang) []summaryRow {
	none := cat.Text(txt.RenderSummaryNone, lang)
	var status, scenario, confidence []string
	for _, st := range diagnose.Statuses {
		if n := s.Status[st]; n > 0 {
			status = append(status, cat.Text(statusWord(st), lang)+" "+strconv.Itoa(n))
		}
	}
	for _, id := range s.Scenarios() {
		if n := s.Scenario[id]; n > 0 {
			name := string(id)
			if id == "" {
				name = none
			}
			scenario = append(scenario, name+" "+strconv.Itoa(n))
		}
	}
	for _, c := range diagnose.Confidences {
		if n := s.Confidence[c]; n > 0 {
			name := none
			switch c {
			case diagnose.High:
				name = cat.Text(txt.RenderLevelHigh, lang)
			case diagnose.Medium:
				name = cat.Text(txt.RenderLevelMedium, lang)
			}
			confidence = append(confidence, name+" "+strconv.Itoa(n))
		}
	}
	return []summaryRow{{txt.RenderSummaryStatus, status}, {txt.RenderSummaryScenario, scenario}, {txt.RenderSummaryConfidence, confidence}}
}

func statusWord(s diagnose.Status) txt.Key {
	switch s {
	case diagnose.Diagnosed:
		return txt.RenderStatusDiagnosed
	case diagnose.Incomplete:
		return txt.RenderStatusIncomplete
	case diagnose.Resolved:
		return txt.RenderStatusResolved
	}
	return txt.RenderStatusInvalid
}

func summaryHeading(s *diagnose.Summary, cat *scenarios.Catalog, lang scenarios.Lang) string {
	if s.Cases == 1 {
		return cat.Text(txt.RenderSummaryOne, lang)
	}
	return cat.Text(txt.RenderSummary, lang, "n", strconv.Itoa(s.Cases))
}

// summaryLists are the ranked lists of a summary: a label and its items, each a text in words
// or a code (evidence and warnings go by their codes), and its count.
func summaryLists(s *diagnose.Summary, opts Options) []summaryList {
	w := newWriter(io.Discard, opts, false)
	var lists []summaryList
	add := func(label txt.Key, counts map[string]int, text func(string) (string, string)) {
		top := s.Top(counts, summaryTop, label == txt.RenderSummaryMissing)
		if len(top) == 0 {
			return
		}
		l := summaryList{label: label}
		for _, c := range top {
			t, code := text(c.Key)
			l.items = append(l.items, summaryItem{t, code, c.N})
		}
		lists = append(lists, l)
	}
	asCode := func(k string) (string, string) { return "", k }
	add(txt.RenderSummaryEvidence, s.Evidence, asCode)
	// Questions in words, as a result lists them; JSON gives their fields.
	add(txt.RenderSummaryMissing, s.Missing, func(path string) (string, string) { return w.question(path), "" })
	add(txt.RenderWarnings, s.Warnings, asCode)
	add(txt.RenderSummaryUnknownErrors, s.UnknownErrorTexts, func(text string) (string, string) { return text, "" })
	return lists
}

type summaryList struct {
	label txt.Key
	items []summaryItem
}

type summaryItem struct {
	text, code string
	n          int
}

func summaryText(s *diagnose.Summary, opts Options) string {
	lang, th := opts.Lang, opts.Theme
	var b strings.Builder
	b.WriteString(Style(th.Heading, summaryHeading(s, opts.Catalog, lang)) + "\n")
	rows := summaryRows(s, opts.Catalog, lang)
	width := 0
	for _, r := range rows {
		width = max(width, visibleWidth(opts.Catalog.Text(r.label, lang)))
	}
	for _, r := range rows {
		if len(r.parts) == 0 {
			continue
		}
		label := opts.Catalog.Text(r.label, lang)
		indent := "  " + label + strings.Repeat(" ", width-visibleWidth(label)+2)
		b.WriteString(Wrap(indent, strings.Repeat(" ", visibleWidth(indent)), strings.Join(r.parts, " · "), opts.width()))
	}
	digits := len(strconv.Itoa(s.Cases))
	w := newWriter(io.Discard, opts, false)
	if len(s.Invalid) > 0 {
		b.WriteString("\n" + Style(th.Heading, opts.Catalog.Text(txt.RenderSummaryInvalid, lang)) + "\n")
		for _, r := range s.Invalid {
			b.WriteString(Wrap("  • ", "    ", w.invalidHeading(r)+": "+sanitize.Text(r.Error.Message(opts.Catalog, lang)), opts.width()))
		}
		if more := s.Status[diagnose.Invalid] - len(s.Invalid); more > 0 {
			b.WriteString("  " + opts.Catalog.Text(txt.RenderSummaryMore, lang, "n", strconv.Itoa(more)) + "\n")
		}
	}
	for _, l := range summaryLists(s, opts) {
		b.WriteString("\n" + Style(th.Heading, opts.Catalog.Text(l.label, lang)) + "\n")
		for _, it := range l.items {
			first := fmt.Sprintf("  %*d  ", digits, it.n)
			text := sanitize.Text(it.text)
			if it.text == "" {
				text = it.code
			}
			b.WriteString(Wrap(first, strings.Repeat(" ", visibleWidth(first)), text, opts.width()))
		}
	}
	return b.String()
}

func summaryMarkdown(s *diagnose.Summary, opts Options) string {
	lang := opts.Lang
	var b strings.Builder
	b.WriteString("## " + sanitize.Markdown(summaryHeading(s, opts.Catalog, lang)) + "\n\n")
	for _, r := range summaryRows(s, opts.Catalog, lang) {
		if len(r.parts) > 0 {
			b.WriteString("- **" + sanitize.Markdown(opts.Catalog.Text(r.label, lang)) + ":** " + sanitize.Markdown(strings.Join(r.parts, " · ")) + "\n")
		}
	}
	if len(s.Invalid) > 0 {
		w := newWriter(io.Discard, opts, true)
		b.WriteString("\n### " + sanitize.Markdown(opts.Catalog.Text(txt.RenderSummaryInvalid, lang)) + "\n\n")
		for _, r := range s.Invalid {
			b.WriteString("- " + sanitize.Markdown(w.invalidHeading(r)+": "+r.Error.Message(opts.Catalog, lang)) + "\n")
		}
		if more := s.Status[diagnose.Invalid] - len(s.Invalid); more > 0 {
			b.WriteString("- " + sanitize.Markdown(opts.Catalog.Text(txt.RenderSummaryMore, lang, "n", strconv.Itoa(more))) + "\n")
		}
	}
	for _, l := range summaryLists(s, opts) {
		b.WriteString("\n### " + sanitize.Markdown(opts.Catalog.Text(l.label, lang)) + "\n\n")
		b.WriteString("| " + sanitize.Markdown(opts.Catalog.Text(txt.RenderSummaryCount, lang)) + " | |\n|---:|---|\n")
		for _, it := range l.items {
			text := sanitize.Markdown(it.text)
			if it.text == "" {
				text = "`" + it.code + "`"
			}
			b.WriteString("| " + strconv.Itoa(it.n) + " | " + strings.ReplaceAll(text, "|", `\|`) + " |\n")
		}
	}
	return b.String()
}

// summaryJSON is the summary with stable English keys whatever the language: counts by status,
// scenario and confidence (with "none"), and the ranked lists.
func summaryJSON(s *diagnose.Summary, opts Options) any {
	type count struct {
		Code     string `json:"code,omitempty"`
		Field    string `json:"field,omitempty"`
		Question string `json:"question,omitempty"`
		Count    int    `json:"count"`
	}
	ranked := func(counts map[string]int, field bool) []count {
		out := []count{}
		w := newWriter(io.Discard, opts, false)
		for _, c := range s.Top(counts, summaryTop, field) {
			if field {
				out = append(out, count{Field: c.Key, Question: w.question(c.Key), Count: c.N})
			} else {
				out = append(out, count{Code: c.Key, Count: c.N})
			}
		}
		return out
	}
	byKey := func(keys []string, counts func(string) int) map[string]int {
		m := map[string]int{}
		for _, k := range keys {
			name := k
			if name == "" {
				name = "none"
			}
			m[name] = counts(k)
		}
		return m
	}
	type unknownText struct {
		Text  string `json:"text"`
		Count int    `json:"count"`
	}
	type unknownTexts struct {
		Count int           `json:"count"`
		Texts []unknownText `json:"texts"`
	}
	unknown := unknownTexts{Count: s.UnknownErrors, Texts: []unknownText{}}
	for _, c := range s.Top(s.UnknownErrorTexts, summaryTop, false) {
		unknown.Texts = append(unknown.Texts, unknownText{sanitize.Text(c.Key), c.N})
	}
	type invalid struct {
		ID      string `json:"id"`
		Line    int    `json:"line"`
		Message string `json:"message"`
	}
	invalids := []invalid{}
	for _, r := range s.Invalid {
		invalids = append(invalids, invalid{r.ID, r.Error.Line, r.Error.Message(opts.Catalog, opts.Lang)})
	}
	var statuses, ids, levels []string
	for _, st := range diagnose.Statuses {
		statuses = append(statuses, string(st))
	}
	for _, id := range s.Scenarios() {
		ids = append(ids, string(id))
	}
	for _, c := range diagnose.Confidences {
		levels = append(levels, string(c))
	}
	return struct {
		Cases      int            `json:"cases"`
		Status     map[string]int `json:"status"`
		Scenario   map[string]int `json:"scenario"`
		Confidence map[string]int `json:"confidence"`
		Evidence   []count        `json:"evidence"`
		Missing    []count        `json:"missing"`
		Warnings   []count        `json:"warnings"`
		Invalid    []invalid      `json:"invalid"`
		Unknown    unknownTexts   `json:"unknown_error_texts"`
	}{
		Cases:      s.Cases,
		Status:     byKey(statuses, func(k string) int { return s.Status[diagnose.Status(k)] }),
		Scenario:   byKey(ids, func(k string) int { return s.Scenario[scenarios.ID(k)] }),
		Confidence: byKey(levels, func(k string) int { return s.Confidence[diagnose.Confidence(k)] }),
		Evidence:   ranked(s.Evidence, false),
		Missing:    ranked(s.Missing, true),
		Warnings:   ranked(s.Warnings, false),
		Invalid:    invalids,
		Unknown:    unknown,
	}
}
