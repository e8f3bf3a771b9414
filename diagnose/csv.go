package diagnose

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/cspfix/cspfix/internal/suggest"
	"github.com/cspfix/cspfix/scenarios"
)

// CSV input (README "Batches from a spreadsheet or CRM"): a header row of the case file's key
// paths, one case per row. Excel and CRM exports write "," or ";" and, in a German Excel,
// Windows-1252: both are recognised. Cells are read through the field table and normalised as
// the JSON values are.

// CSVColumns are the columns a CSV input may have, in the field table's order: every value of
// the case outside a list, and "attempts" and "tried" as one column each.
func CSVColumns() []*Field {
	csvOnce.Do(func() {
		var walk func(f *Field)
		walk = func(f *Field) {
			switch f.Kind {
			case KindObject:
				for _, c := range f.Fields {
					walk(c)
				}
			case KindList:
				csvColumns = append(csvColumns, f)
			default:
				if f.Path != "$schema" {
					csvColumns = append(csvColumns, f)
				}
			}
		}
		walk(CaseFields())
	})
	return csvColumns
}

var (
	csvOnce    sync.Once
	csvColumns []*Field
)

// csvFields are the fields a row's cells are checked against beyond their own column.
var csvFields = struct{ outcome, triedScenario, triedAt *Field }{
	FieldAt("outcome"), FieldAt("tried[].scenario"), FieldAt("tried[].at")}

// CSVTemplate is the header row to start a CSV input from.
func CSVTemplate() string {
	names := make([]string, 0, len(CSVColumns()))
	for _, f := range CSVColumns() {
		names = append(names, f.Path)
	}
	return strings.Join(names, ",") + "\n"
}

// looksLikeCSV reports whether an input that starts with b (after a byte order mark) is CSV:
// its first line is not JSON and holds a separator, or is one column's name.
func looksLikeCSV(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 || b[0] == '{' || b[0] == '[' {
		return false
	}
	line := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line = b[:i]
	}
	if bytes.ContainsAny(line, ",;") {
		return true
	}
	name := string(bytes.Trim(line, " \t\r\""))
	for _, f := range CSVColumns() {
		if strings.EqualFold(name, f.Path) {
			return true
		}
	}
	return false
}

// separatorOf is the separator of the header line at the start of b: the more frequent of ","
// and ";" outside quotes, "," when neither is there.
func separatorOf(b []byte) rune {
	commas, semicolons, quoted := 0, 0, false
	for _, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			if semicolons > commas {
				return ';'
			}
			return ','
		case c == ',':
			commas++
		case c == ';':
			semicolons++
		}
	}
	if semicolons > commas {
		return ';'
	}
	return ','
}

// csvDecoder reads the rows of a CSV input.
type csvDecoder struct {
	r       *csv.Reader
	in      *boundedReader
	loc     *time.Location // never nil: NewDecoderWith makes nil the local zone
	strict  bool           // the encoding is known (a byte order mark, UTF-16): no Windows-1252 guess
	columns []*Field
	named   []bool // the header gave the column a name (known or not)
	width   int    // cells in the header
	ended   bool
	// line is the line the last row starts on.
	line int
}

// newCSVDecoder starts reading CSV from r, whose start is head (already read).
func newCSVDecoder(r io.Reader, head []byte, strict bool, loc *time.Location) *csvDecoder {
	in := &boundedReader{r: r}
	cr := csv.NewReader(in)
	cr.Comma = separatorOf(head)
	cr.FieldsPerRecord = -1
	// Quotes are read strictly: a lax reader takes a cell such as `"Fabrikam" Logistics` for an
	// unclosed quote and silently swallows every row after it into one cell.
	cr.ReuseRecord = true
	return &csvDecoder{r: cr, in: in, loc: loc, strict: strict}
}

// boundedReader stops a row that grows beyond MaxRecordSize: the CSV reader would otherwise
// hold an unterminated quote and everything after it in memory.
type boundedReader struct {
	r          io.Reader
	read, mark int64
}

var errRowTooLarge = errors.New("row too large")

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.read-b.mark > MaxRecordSize+readChunk {
		return 0, errRowTooLarge
	}
	n, err := b.r.Read(p)
	b.read += int64(n)
	return n, err
}

// HeaderError is a header row that names columns cspfix does not know, or one twice: no row
// can be read right under it, so the input is refused as a whole.
type HeaderError struct{ Problems []Problem }

func (e *HeaderError) Error() string { return e.Message(scenarios.EN) }

// Message is every problem of the header in the given language.
func (e *HeaderError) Message(lang scenarios.Lang) string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message(lang)
	}
	return strings.Join(msgs, "; ")
}

// readHeader reads the header row and maps its cells to columns.
func (d *csvDecoder) readHeader() error {
	cells, err := d.r.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &HeaderError{Problems: []Problem{{Line: pe.Line, Kind: ErrCSVQuote, Got: strconv.Itoa(pe.Column)}}}
	}
	if err != nil {
		return err
	}
	d.in.mark = d.in.read
	d.width = len(cells)
	d.columns, d.named = make([]*Field, len(cells)), make([]bool, len(cells))
	seen := map[*Field]bool{}
	var problems []Problem
	for i, cell := range cells {
		name := strings.TrimSpace(d.text(cell))
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff")
		}
		if name == "" {
			continue // an unnamed column must stay empty (checked per row)
		}
		d.named[i] = true
		f := csvColumn(name)
		switch {
		case f == nil:
			problems = append(problems, Problem{Line: 1, Field: shown(name), Kind: ErrUnknownColumn, Got: shown(name),
				Suggest: suggestColumn(name)})
		case seen[f]:
			problems = append(problems, Problem{Line: 1, Field: f.Path, Kind: ErrDuplicateColumn, Got: shown(name)})
		default:
			seen[f] = true
			d.columns[i] = f
		}
	}
	if len(problems) > 0 {
		return &HeaderError{Problems: problems}
	}
	return nil
}

// csvColumn is the column named name, letter case ignored.
func csvColumn(name string) *Field {
	for _, f := range CSVColumns() {
		if strings.EqualFold(name, f.Path) {
			return f
		}
	}
	return nil
}

// suggestColumn finds the column closest to an unknown one, also by its last part ("other_csp"
// for "answers.other_csp").
func suggestColumn(name string) string {
	if len(name) > 64 {
		return ""
	}
	lower := strings.ToLower(name)
	best, bestDist := "", len(name)/3+2
	for _, f := range CSVColumns() {
		for _, candidate := range []string{f.Path, f.Name} {
			if d := suggest.Distance(lower, candidate); d < bestDist {
				best, bestDist = f.Path, d
			}
		}
	}
	return best
}

// text is a cell's text: UTF-8 as it is; else, unless the encoding is known, Windows-1252, as a
// German Excel writes CSV.
func (d *csvDecoder) text(cell string) string {
	if d.strict || utf8.ValidString(cell) {
		return cell
	}
	s, err := charmap.Windows1252.NewDecoder().String(cell)
	if err != nil {
		return cell
	}
	return s
}

// next reads the next row that holds anything into c. It returns io.EOF after the last.
func (d *csvDecoder) next(c *Case) (*InputError, error) {
	if d.ended {
		return nil, io.EOF
	}
	if d.columns == nil {
		if err := d.readHeader(); err != nil {
			d.ended = true
			if errors.Is(err, errRowTooLarge) {
				d.line = 1
				return &InputError{Problem: Problem{Kind: ErrTooLarge}}, nil
			}
			return nil, err
		}
	}
	for {
		cells, err := d.r.Read()
		if errors.Is(err, errRowTooLarge) {
			d.ended = true
			d.line++
			return &InputError{Problem: Problem{Kind: ErrTooLarge}}, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// A quote where CSV allows none: the row is invalid, the reader goes on after it.
			d.in.mark = d.in.read
			d.line = pe.StartLine
			ie := &InputError{Problem: Problem{Line: pe.Line - pe.StartLine, Kind: ErrCSVQuote, Got: strconv.Itoa(pe.Column)}}
			for i, f := range d.columns {
				if f != nil && f.Path == "id" && i < len(cells) {
					ie.CaseID = d.text(cells[i])
				}
			}
			return ie, nil
		}
		if err != nil {
			d.ended = true
			return nil, err
		}
		d.in.mark = d.in.read
		d.line, _ = d.r.FieldPos(0)
		if blankRow(cells) {
			continue // Excel writes ";;;;" for an empty row
		}
		return d.row(cells, c), nil
	}
}

func blankRow(cells []string) bool {
	for _, cell := range cells {
		if strings.TrimSpace(cell) != "" {
			return false
		}
	}
	return true
}

// row reads the cells of one row into c and returns its problems, those of the header first.
func (d *csvDecoder) row(cells []string, c *Case) *InputError {
	*c = Case{}
	var p parser // only its list of problems
	p.c = c
	for i, cell := range cells {
		if strings.TrimSpace(cell) == "" {
			continue
		}
		line, _ := d.r.FieldPos(i)
		at := line - d.line
		if d.strict && !utf8.ValidString(cell) {
			p.add(Problem{Line: at, Field: d.columnName(i), Kind: ErrEncoding, Want: "UTF-8"})
			continue
		}
		cell = d.text(cell)
		switch {
		case i >= d.width:
			p.add(Problem{Line: at, Kind: ErrExtraCell, Got: strconv.Itoa(i + 1), Want: strconv.Itoa(d.width)})
		case !d.named[i]:
			p.add(Problem{Line: at, Kind: ErrUnnamedColumn, Got: strconv.Itoa(i + 1)})
		default:
			d.cell(&p, at, d.columns[i], cell)
		}
	}
	// An outcome needs its status (a tried step always has its scenario here).
	if c.Outcome != (Outcome{}) {
		p.required(csvFields.outcome, -1, outcomeGiven(c), 0)
	}
	if p.err != nil {
		p.err.CaseID = c.ID
	}
	return p.err
}

// outcomeGiven are the bits of the outcome's fields that c holds, as the parser counts them.
func outcomeGiven(c *Case) uint64 {
	var given uint64
	for k, f := range csvFields.outcome.Fields {
		if f.Known(c) {
			given |= 1 << k
		}
	}
	return given
}

func (d *csvDecoder) columnName(i int) string {
	if i < len(d.columns) && d.columns[i] != nil {
		return d.columns[i].Path
	}
	return ""
}

// cell reads one cell of column f into the case.
func (d *csvDecoder) cell(p *parser, at int, f *Field, cell string) {
	switch f.Kind {
	case KindText:
		f.set(p.c, 0, cell)
	case KindEnum:
		d.enum(p, at, f, 0, cell)
	case KindTime:
		if t, ok := parseTimeIn([]byte(cell), d.loc); ok {
			f.setTime(p.c, 0, t, &p.mem)
		} else {
			p.add(Problem{Line: at, Field: f.Path, Kind: ErrBadTime, Got: shown(strconv.Quote(strings.TrimSpace(cell)))})
		}
	case KindList:
		if f.Item.Kind == KindTime {
			d.attempts(p, at, f, cell)
		} else {
			d.tried(p, at, f, cell)
		}
	}
}

func (d *csvDecoder) enum(p *parser, at int, f *Field, item int, v string) {
	if canonical, ok := f.matchString(v); ok {
		f.storeEnum(p.c, item, canonical)
		return
	}
	p.add(Problem{Line: at, Field: where(f, item), Kind: ErrBadValue, Got: shown(strconv.Quote(strings.TrimSpace(v))),
		Allowed: f.Values, Also: f.alsoAccepted()})
}

// splitList cuts a cell that holds several entries: at ";", "|" and line breaks, and for tried
// steps also at ",".
func splitList(cell string, comma bool) []string {
	parts := strings.FieldsFunc(cell, func(r rune) bool {
		return r == ';' || r == '|' || r == '\n' || r == '\r' || comma && r == ','
	})
	out := parts[:0]
	for _, part := range parts {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// attempts reads the times of failed attempts.
func (d *csvDecoder) attempts(p *parser, at int, f *Field, cell string) {
	// A problem names the entry by its place in the cell.
	for k, part := range splitList(cell, false) {
		if t, ok := parseTimeIn([]byte(part), d.loc); ok {
			f.grow(p.c, &p.mem)
			f.Item.setTime(p.c, f.size(p.c)-1, t, &p.mem)
		} else {
			p.add(Problem{Line: at, Field: where(f.Item, k), Kind: ErrBadTime, Got: shown(strconv.Quote(part))})
		}
	}
}

// tried reads the scenarios whose steps were tried, each a letter and optionally "@" and when:
// "C@2026-11-20 09:30; B".
func (d *csvDecoder) tried(p *parser, at int, f *Field, cell string) {
	scenario, when := csvFields.triedScenario, csvFields.triedAt
	for _, part := range splitList(cell, true) {
		letter, time, timed := strings.Cut(part, "@")
		i := f.size(p.c)
		f.grow(p.c, &p.mem)
		d.enum(p, at, scenario, i, letter)
		if !timed {
			continue
		}
		if t, ok := parseTimeIn([]byte(time), d.loc); ok {
			when.setTime(p.c, i, t, &p.mem)
		} else {
			p.add(Problem{Line: at, Field: where(when, i), Kind: ErrBadTime, Got: shown(strconv.Quote(strings.TrimSpace(time)))})
		}
	}
}

// add records a problem whose line is already set (relative to the record's first line).
func (p *parser) add(pr Problem) {
	switch {
	case p.err == nil:
		p.err = &InputError{Problem: pr}
	case len(p.err.More)+1 < maxProblems:
		p.err.More = append(p.err.More, pr)
	default:
		p.err.Omitted++
	}
}
