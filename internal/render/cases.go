package render

import (
	"io"
	"strings"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// SavedCase is one line of `cspfix cases`: a saved case and what its last diagnosis says.
type SavedCase struct {
	ID       string
	Path     string
	Customer string
	Status   casefile.Status
	Scenario scenarios.ID // "" when there is no diagnosis yet
	Changed  time.Time    // when the case was last saved
	RetryAt  *time.Time
	Due      bool // paused, and its retry time has come
}

// Cases writes the list of saved cases: two lines a case for people (a due one marked), or one
// JSON object a case.
func Cases(w io.Writer, list []SavedCase, format Format, opts Options) error {
	if format == JSON {
		var b []byte
		for i := range list {
			b = append(appendSavedCase(b, &list[i]), "}\n"...)
		}
		_, err := w.Write(b)
		return err
	}
	lang := opts.Lang
	if len(list) == 0 {
		_, err := io.WriteString(w, opts.Catalog.Text(txt.RenderNoCases, lang)+"\n")
		return err
	}
	var b strings.Builder
	for i := range list {
		writeSavedCase(&b, &list[i], opts)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// NoneDue says, for `cspfix cases --due`, that there are saved cases but none is due now.
func NoneDue(w io.Writer, format Format, opts Options) error {
	if format == JSON {
		return nil // no case: no line
	}
	_, err := io.WriteString(w, opts.Catalog.Text(txt.RenderNoneDue, opts.Lang)+"\n")
	return err
}

// CaseDetail is a saved case as `cspfix cases show` shows it: its line of the list, its file,
// its last diagnosis and how to continue it.
type CaseDetail struct {
	SavedCase
	Result *diagnose.Result
	Resume string // the command that continues (or reopens) the case
}

// Case writes where a saved case stands: its line of the list and its file, then its diagnosis
// as `diagnose` writes it (the verdict, evidence, steps, what was tried, what is missing), and
// the command to continue it; in JSON, the list's object with the result in "result".
func Case(w io.Writer, d *CaseDetail, format Format, opts Options) error {
	if format == JSON {
		b := appendSavedCase(nil, &d.SavedCase)
		b = append(b, `,"result":`...)
		b = (&ResultJSON{Lang: opts.Lang, Catalog: opts.Catalog}).Append(b, d.Result)
		b = append(b, `,"resume":`...)
		b = sanitize.AppendJSONString(b, d.Resume)
		_, err := w.Write(append(b, "}\n"...))
		return err
	}
	var b strings.Builder
	writeSavedCase(&b, &d.SavedCase, opts)
	b.WriteString(Wrap("    ", "      ", sanitize.Exact(d.Path), opts.width()))
	b.WriteString("\n")
	if err := NewText(&b, opts).Write(d.Result); err != nil {
		return err
	}
	b.WriteString("\n" + opts.Catalog.Text(txt.RenderCaseResume, opts.Lang) + " " + d.Resume + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// appendSavedCase appends a saved case's JSON object without its closing brace.
func appendSavedCase(b []byte, c *SavedCase) []byte {
	b = append(b, `{"id":`...)
	b = sanitize.AppendJSONString(b, c.ID)
	b = append(b, `,"path":`...)
	b = sanitize.AppendJSONString(b, c.Path)
	b = append(b, `,"customer":`...)
	b = appendNullable(b, c.Customer)
	b = append(b, `,"status":`...)
	b = sanitize.AppendJSONString(b, string(c.Status))
	b = append(b, `,"scenario":`...)
	b = appendNullable(b, string(c.Scenario))
	b = append(b, `,"changed":`...)
	b = sanitize.AppendJSONString(b, c.Changed.Format(time.RFC3339))
	b = append(b, `,"retry_at":`...)
	if c.RetryAt != nil {
		b = sanitize.AppendJSONString(b, c.RetryAt.Format(time.RFC3339))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"due":`...)
	if c.Due {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	return b
}

// writeSavedCase writes a saved case's two lines of the list.
func writeSavedCase(b *strings.Builder, c *SavedCase, opts Options) {
	lang, th := opts.Lang, opts.Theme
	mark := "  "
	if c.Due {
		mark = Style(th.Warn, "!") + " "
	}
	id := sanitize.Exact(c.ID)
	customer := sanitize.Text(opts.Catalog.Cut(c.Customer, 40, lang))
	var parts []string
	head := mark + Style(th.Strong, id)
	switch {
	case customer == "":
	case visibleWidth(head)+2+visibleWidth(customer) <= opts.width():
		head += "  " + customer
	default: // a narrow terminal: the customer starts the second line
		parts = append(parts, customer)
	}
	b.WriteString(head + "\n")
	parts = append(parts, opts.Catalog.Text(caseStatusLabel(c.Status), lang))
	if c.Scenario != "" {
		parts = append(parts, string(c.Scenario))
	}
	if c.RetryAt != nil && c.Status == casefile.Paused {
		retry := opts.Catalog.Text(txt.RenderCaseRetry, lang, "time", diagnose.FormatLocal(*c.RetryAt))
		if c.Due {
			retry = Style(th.Warn, retry+" ("+opts.Catalog.Text(txt.RenderCaseDue, lang)+")")
		}
		parts = append(parts, retry)
	}
	parts = append(parts, opts.Catalog.Text(txt.RenderCaseChanged, lang, "time", c.Changed.Format("2006-01-02 15:04")))
	b.WriteString(Wrap("    ", "      ", strings.Join(parts, " · "), opts.width()))
}

func caseStatusLabel(s casefile.Status) txt.Key {
	switch s {
	case casefile.Paused:
		return txt.RenderCasePaused
	case casefile.Fixed:
		return txt.RenderCaseFixed
	case casefile.TicketOpened:
		return txt.RenderCaseTicketOpened
	}
	return txt.RenderCaseOpen
}
