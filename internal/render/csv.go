package render

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/sanitize"
)

// CSV is the format of one row per result, for a spreadsheet (README "Results in a
// spreadsheet").
const CSV Format = "csv"

// CSVHeader names the columns of the CSV results; the names are stable whatever the language.
var CSVHeader = []string{"id", "customer", "status", "scenario", "confidence", "title", "evidence", "missing",
	"warnings", "first_step", "error", "lookups", "known_error"}

// csvResults writes one CSV row per result, after a header row.
type csvResults struct {
	w      io.Writer
	csv    *csv.Writer
	opts   Options
	excel  bool
	header bool
	row    []string
}

// NewCSV returns the writer of results as CSV (RFC 4180 quoting, "," and line feeds); for
// Excel, ";", CRLF and a byte order mark, so that Excel in a German locale splits the columns
// and keeps the umlauts.
func NewCSV(w io.Writer, opts Options, excel bool) ResultWriter {
	c := csv.NewWriter(w)
	if excel {
		c.Comma, c.UseCRLF = ';', true
	}
	return &csvResults{w: w, csv: c, opts: opts, excel: excel, row: make([]string, len(CSVHeader))}
}

// listSep joins the entries of a list in one cell.
const listSep = "; "

func (c *csvResults) Write(r *diagnose.Result) error {
	if !c.header {
		c.header = true
		if c.excel {
			if _, err := io.WriteString(c.w, "\ufeff"); err != nil {
				return err
			}
		}
		if err := c.csv.Write(CSVHeader); err != nil {
			return err
		}
	}
	row := c.row
	clear(row)
	row[0] = r.ID
	switch {
	case r.Case != nil:
		row[1] = r.Case.Customer.Name
		if row[1] == "" {
			row[1] = r.Case.Customer.Domain
		}
	case r.Error != nil:
		row[1] = r.Error.Customer // an invalid record, as far as it could be read
	}
	row[2] = string(r.Status)
	row[3] = string(r.Scenario)
	row[4] = string(r.Confidence)
	row[5] = r.Title
	row[6] = strings.Join(diagnose.EvidenceCodes(r), listSep)
	row[7] = strings.Join(r.Missing, listSep)
	codes := make([]string, len(r.Warnings))
	for i, w := range r.Warnings {
		codes[i] = w.Code
	}
	row[8] = strings.Join(codes, listSep)
	if len(r.Steps) > 0 {
		row[9] = r.Steps[0]
	}
	if r.Error != nil {
		row[10] = strings.Join(problemMessages(r.Error, c.opts.Catalog, c.opts.Lang), " | ")
	}
	row[11] = lookupsCell(r)
	row[12] = r.KnownError
	for i, cell := range row {
		row[i] = spreadsheetCell(c.opts.Catalog.Cut(cell, sanitize.MaxText, c.opts.Lang))
	}
	if err := c.csv.Write(row); err != nil {
		return err
	}
	c.csv.Flush()
	return c.csv.Error()
}

// spreadsheetCell makes a value from the input safe in a spreadsheet: unsafe characters and
// line breaks dropped (sanitize.Text), and a cell that a spreadsheet would take for a formula
// ("=", "+", "-", "@" first, after any white space) kept as text by a leading apostrophe, as
// docs/sources.md ("Spreadsheets and CSV") describes.
func spreadsheetCell(s string) string {
	s = sanitize.Text(s)
	// White space first does not stop every spreadsheet (one that trims cells, or a tab that
	// became a space here).
	if t := strings.TrimLeftFunc(s, unicode.IsSpace); t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return s
}
