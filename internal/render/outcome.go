package render

import (
	"io"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/walkthrough"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Outcome writes how a walkthrough ended: one line when the error is fixed or the case is
// paused, the result when more must be found out or support is next, then the ticket when there
// is one. In JSON, Markdown and CSV it is the last diagnosis, as `diagnose --answers` writes it.
func Outcome(w io.Writer, out walkthrough.Outcome, format Format, opts Options) error {
	if format == JSON || format == Markdown || format == CSV {
		return NewResults(w, format, opts).Write(&out.Result)
	}
	var b strings.Builder
	switch out.Kind {
	case walkthrough.Fixed:
		b.WriteString(opts.Catalog.Text(txt.RenderDone, opts.Lang, "scenario", string(out.Result.Scenario), "title", out.Result.Title) + "\n")
	case walkthrough.Later:
		// On the terminal, the walkthrough showed the result before asking whether it worked;
		// a file or a pipe gets it whole, as Markdown and JSON do, before the pause.
		if !opts.Terminal {
			if err := NewText(&b, opts).Write(&out.Result); err != nil {
				return err
			}
			b.WriteString("\n")
		}
		b.WriteString(opts.Catalog.Text(txt.RenderPaused, opts.Lang, "time", diagnose.FormatLocal(out.RetryAt)) + "\n")
	default:
		if err := NewText(&b, opts).Write(&out.Result); err != nil {
			return err
		}
	}
	if out.Result.Ticket != nil && out.Kind != walkthrough.Fixed {
		b.WriteString("\n")
		ticketText(&b, out.Result.Ticket, opts.Catalog, false, opts.Width)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
