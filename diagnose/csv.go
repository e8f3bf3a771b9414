package diagnose

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/cspfix/cspfix/internal/suggest"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// CSV input (README "Batches from a spreadsheet or CRM"): a header row of the case file's key
// paths, one case per row. Excel and CRM exports write "," or ";" and, in a German Excel,
// Windows-1252: both are recognised. Cells are read through the field table and normalised as
// the JSON values are.

// CSVColumns are the columns a CSV input may have, in the field table's order: every value of
// the case outside a list, and "attempts" and "tried" as one column each.
func (m *Model) CSVColumns() []*Field { return m.csvColumns }

func csvColumnsOf(root *Field) []*Field {
	var columns []*Field
	var walk func(f *Field)
	walk = func(f *Field) {
		switch f.Kind {
		case KindObject:
			for _, c := range f.Fields {
				walk(c)
			}
		case KindList:
			if f.lookups == nil { // cspfix writes the lookups itself, never a spreadsheet
				columns = append(columns, f)
			}
		default:
			if f.Path != "$schema" {
				columns = append(columns, f)
			}
		}
	}
	walk(root)
	return columns
}

// CSVTemplate is the header row to start a CSV input from.
func (m *Model) CSVTemplate() string {
	names := make([]string, 0, len(m.csvColumns))
	for _, f := range m.csvColumns {
		names = append(names, f.Path)
	}
	return strings.Join(names, ",") + "\n"
}

// looksLikeCSV reports whether an input that starts with b (after a byte order mark) is CSV:
// its first line is Excel's "sep=" line, or is not JSON and holds a separator (",", ";" or a
// tab), or is one column's name. A first line followed by JSON is a title over JSON Lines,
// not a header.
func (m *Model) looksLikeCSV(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 || b[0] == '{' || b[0] == '[' {
		return false
	}
	line, rest := b, []byte(nil)
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line, rest = b[:i], b[i+1:]
	}
	if _, ok := sepLine(line); ok {
		return true
	}
	if rest = bytes.TrimLeft(rest, " \t\r\n"); len(rest) > 0 && (rest[0] == '{' || rest[0] == '[') {
		return false
	}
	if bytes.ContainsAny(line, ",;\t") {
		return true
	}
	return m.csvColumn(string(bytes.Trim(line, " \t\r\""))) != nil
}

// sepLine reads Excel's first line "sep=;" (also in quotes), which names the separator.
func sepLine(line []byte) (byte, bool) {
	line = bytes.TrimPrefix(bytes.TrimRight(line, "\r"), []byte("\ufeff"))
	if len(line) == 6 && line[0] == '"' && line[5] == '"' {
		line = line[1:5]
	}
	if len(line) == 5 && bytes.EqualFold(line[:4], []byte("sep=")) && line[4] != '"' && line[4] != '\n' {
		return line[4], true
	}
	return 0, false
}

// separatorOf is the separator of the header line at the start of b: the most frequent of ",",
// ";" and a tab outside quotes, "," when none is there.
func separatorOf(b []byte) byte {
	var count [3]int
	quoted := false
	for _, c := range b {
		if c == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		switch c {
		case ',':
			count[0]++
		case ';':
			count[1]++
		case '\t':
			count[2]++
		}
	}
	best := 0
	for i := range count {
		if count[i] > count[best] {
			best = i
		}
	}
	return ",;\t"[best]
}

// csvDecoder reads the rows of a CSV input.
type csvDecoder struct {
	model   *Model
	mem     arena // the memory of the rows' lists, answers and times
	r       *csvReader
	loc     *time.Location // never nil: NewDecoderWith makes nil the local zone
	strict  bool           // the encoding is known (a byte order mark, UTF-16): no Windows-1252 guess
	columns []*Field
	named   []bool // the header gave the column a name (known or not)
	width   int    // cells in the header
	ended   bool
	sepLine bool // the input starts with Excel's "sep=" line
	// line is the line the last row starts on.
	line int
}

// newCSVDecoder starts reading CSV from r, whose start is head (already read). Excel's first
// line "sep=;" names the separator; else it is the header's most frequent one.
func (m *Model) newCSVDecoder(r io.Reader, head []byte, strict bool, loc *time.Location) *csvDecoder {
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	sep, named := sepLine(first)
	if !named {
		sep = separatorOf(head)
	}
	return &csvDecoder{model: m, r: newCSVReader(r, sep), loc: loc, strict: strict, sepLine: named}
}

// HeaderError is a header row that names columns cspfix does not know, or one twice: no row
// can be read right under it, so the input is refused as a whole. Problems lists the first
// few; Omitted counts the others.
type HeaderError struct {
	Problems []Problem
	Omitted  int

	cat *scenarios.Catalog // the decoder's, for Error
}

// Error is the header's problems in English; a person reads them through Message.
func (e *HeaderError) Error() string {
	if e.cat == nil {
		return fmt.Sprintf("a header with %d problems", len(e.Problems)+e.Omitted)
	}
	return e.Message(e.cat, scenarios.EN)
}

// Message is every problem of the header listed, in the given language.
func (e *HeaderError) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message(cat, lang)
	}
	msg := strings.Join(msgs, "; ")
	if e.Omitted > 0 {
		msg += " " + cat.Text(txt.InputMoreProblems, lang, "n", strconv.Itoa(e.Omitted))
	}
	return msg
}

// readHeader reads the header row (after Excel's "sep=" line, when there is one) and maps its
// cells to columns.
func (d *csvDecoder) readHeader() error {
	cells, fault, err := d.r.Read()
	if err == nil && d.sepLine {
		cells, fault, err = d.r.Read()
	}
	if err != nil {
		return err
	}
	if fault != nil {
		return &HeaderError{Problems: []Problem{fault.problem(0)}, cat: d.model.Catalog}
	}
	columns, named, problems, omitted := d.mapHeader(cells, d.r.line1)
	omitted += d.r.droppedFilled // named cells beyond the first thousands: none can be right
	if len(problems) > 0 {
		return &HeaderError{Problems: problems, Omitted: omitted, cat: d.model.Catalog}
	}
	d.columns, d.named, d.width = columns, named, len(cells)
	return nil
}

// mapHeader maps the cells of a header row on line to columns, with the first maxProblems
// problems and the number of the others: a header of a million unknown columns costs no more
// to report than one of twenty.
func (d *csvDecoder) mapHeader(cells []string, line int) (columns []*Field, named []bool, problems []Problem, omitted int) {
	columns, named = make([]*Field, len(cells)), make([]bool, len(cells))
	seen := map[*Field]bool{}
	report := func(p Problem) {
		if len(problems) < maxProblems {
			if p.Kind == ErrUnknownColumn {
				p.Suggest = d.model.suggestColumn(p.Got)
			}
			problems = append(problems, p)
		} else {
			omitted++
		}
	}
	for i, cell := range cells {
		name, _ := d.text(cell)
		name = strings.TrimSpace(name)
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff")
		}
		if name == "" {
			continue // an unnamed column must stay empty (checked per row)
		}
		named[i] = true
		f := d.model.csvColumn(name)
		switch {
		case f == nil:
			report(Problem{Line: line, Field: shown(name), Kind: ErrUnknownColumn, Got: shown(name)})
		case seen[f]:
			report(Problem{Line: line, Field: f.Path, Kind: ErrDuplicateColumn, Got: shown(name)})
		default:
			seen[f] = true
			columns[i] = f
		}
	}
	return columns, named, problems, omitted
}

// problem is the fault as a problem of its record, whose first line is first.
func (f *csvFault) problem(first int) Problem {
	p := Problem{Line: f.line - first, Kind: f.kind}
	if f.col > 0 {
		p.Got = strconv.Itoa(f.col)
	}
	return p
}

// csvColumn is the column named name, letter case ignored.
func (m *Model) csvColumn(name string) *Field {
	m.csv.once.Do(func() {
		m.csv.names = map[string]*Field{}
		for _, f := range m.csvColumns {
			m.csv.names[strings.ToLower(f.Path)] = f
			m.csv.longest = max(m.csv.longest, len(f.Path))
		}
	})
	if len(name) > m.csv.longest {
		return nil
	}
	var lower [64]byte
	n := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= utf8.RuneSelf || n == len(lower) {
			return m.csv.names[strings.ToLower(name)]
		}
		lower[n] = c
		n++
	}
	return m.csv.names[string(lower[:n])]
}

// suggestColumn finds the column closest to an unknown one, also by its last part ("other_csp"
// for "answers.other_csp").
func (m *Model) suggestColumn(name string) string {
	if len(name) > 64 {
		return ""
	}
	lower := strings.ToLower(name)
	best, bestDist := "", len(name)/3+2
	for _, f := range m.csvColumns {
		for _, candidate := range []string{f.Path, f.Name} {
			if d := suggest.Distance(lower, candidate); d < bestDist {
				best, bestDist = f.Path, d
			}
		}
	}
	return best
}

// text is a cell's text: UTF-8 as it is; else, unless the encoding is known, Windows-1252, as a
// German Excel writes CSV. A cell that holds UTF-8 characters next to bytes that are not UTF-8
// mixes two encodings: it is not guessed at (mixed reports it), since reading it either way
// would garble half of it.
func (d *csvDecoder) text(cell string) (s string, mixed bool) {
	if d.strict || utf8.ValidString(cell) {
		return cell, false
	}
	if holdsUTF8(cell) {
		return cell, true
	}
	s, err := charmap.Windows1252.NewDecoder().String(cell)
	if err != nil {
		return cell, false
	}
	return s, false
}

// holdsUTF8 reports whether s holds a character written in UTF-8 beyond ASCII.
func holdsUTF8(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if size > 1 && r != utf8.RuneError {
			return true
		}
		i += size
	}
	return false
}

// next reads the next row that holds anything into c. It returns io.EOF after the last. A row
// that cannot be read (a broken quote, a row too large) is an InputError at its own line, and
// reading goes on after it; so does a header row in the middle of the input (two exports
// joined), whose columns the rows after it are then read with.
func (d *csvDecoder) next(c *Case) (*InputError, error) {
	if d.ended {
		return nil, io.EOF
	}
	if d.columns == nil {
		if err := d.readHeader(); err != nil {
			d.ended = true
			var he *HeaderError
			if errors.As(err, &he) && he.Problems[0].Kind == ErrTooLarge {
				d.line = d.r.line1
				return &InputError{Problem: Problem{Kind: ErrTooLarge}}, nil
			}
			return nil, err
		}
	}
	for {
		cells, fault, err := d.r.Read()
		if err != nil {
			d.ended = true
			return nil, err
		}
		d.line = d.r.line1
		if fault != nil {
			ie := &InputError{Problem: fault.problem(d.line), CaseID: d.idOf(cells)}
			if fault.kind == ErrCSVQuote && fault.line == d.line {
				if other := d.otherSeparator(nil); other != nil {
					return other, nil
				}
			}
			return ie, nil
		}
		if blankRow(cells) {
			continue // Excel writes ";;;;" for an empty row
		}
		if ie := d.headerAgain(cells); ie != nil {
			return ie, nil
		}
		if len(cells) == 1 && d.width > 1 && !d.r.quoted[0] {
			if other := d.otherSeparator([]byte(cells[0])); other != nil {
				return other, nil
			}
		}
		return d.row(cells, c), nil
	}
}

// otherSeparator is the problem of a row (line, or the line of the last fault when nil) that
// reads as a row of several cells with another separator than the header's, the row of another
// export; nil for any other row.
func (d *csvDecoder) otherSeparator(line []byte) *InputError {
	if line == nil {
		line = d.r.lastLine
	}
	for _, sep := range []byte{',', ';', '\t'} {
		if sep == d.r.comma || bytes.IndexByte(line, sep) < 0 {
			continue
		}
		if cells, ok := splitLine(line, sep); ok && len(cells) > 1 {
			got := `"` + string(sep) + `"`
			if sep == '\t' {
				got = `"\t"`
			}
			return &InputError{Problem: Problem{Kind: ErrCSVSeparator, Got: got}, CaseID: d.idOf(cells)}
		}
	}
	return nil
}

// idOf is the ID in the cells read of a row, "" when there is none.
func (d *csvDecoder) idOf(cells []string) string {
	for i, f := range d.columns {
		if f != nil && f.Path == "id" && i < len(cells) {
			id, _ := d.text(cells[i])
			return id
		}
	}
	return ""
}

// headerAgain reads a row that names columns in every cell it fills (two at least) as a header
// in the middle of the input, as two exports joined into one file have: it is reported at its
// line, and the rows after it are read with its columns. Any other row is nil.
func (d *csvDecoder) headerAgain(cells []string) *InputError {
	named := 0
	for i, cell := range cells {
		cell = strings.TrimSpace(cell)
		if i == 0 {
			cell = strings.TrimPrefix(cell, "\ufeff")
		}
		if cell == "" {
			continue
		}
		if name, _ := d.text(cell); d.model.csvColumn(name) == nil {
			return nil
		}
		named++
	}
	if named < 2 {
		return nil
	}
	columns, namedCols, problems, omitted := d.mapHeader(cells, d.line)
	omitted += d.r.droppedFilled
	ie := &InputError{Problem: Problem{Kind: ErrCSVHeaderAgain}}
	for i := range problems {
		problems[i].Line -= d.line
	}
	ie.More, ie.Omitted = problems, omitted
	d.columns, d.named, d.width = columns, namedCols, len(cells)
	return ie
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
	*c = Case{model: d.model}
	p := parser{model: d.model, c: c, mem: d.mem} // its list of problems and its memory
	defer func() { d.mem = p.mem }()
	for i, cell := range cells {
		if strings.TrimSpace(cell) == "" {
			continue
		}
		at := d.r.lines[i] - d.line
		if d.strict && !utf8.ValidString(cell) {
			p.add(Problem{Line: at, Field: d.columnName(i), Kind: ErrEncoding, Want: "UTF-8"})
			continue
		}
		cell, mixed := d.text(cell)
		if mixed {
			p.add(Problem{Line: at, Field: d.columnName(i), Kind: ErrMixedEncoding})
			continue
		}
		switch {
		case i >= d.width:
			p.add(Problem{Line: at, Kind: ErrExtraCell, Got: strconv.Itoa(i + 1), Want: strconv.Itoa(d.width)})
		case !d.named[i]:
			p.add(Problem{Line: at, Kind: ErrUnnamedColumn, Got: strconv.Itoa(i + 1)})
		default:
			d.cell(&p, at, d.columns[i], cell)
		}
	}
	// Cells beyond the thousands the reader keeps are all beyond the header's: counted only.
	if n := d.r.droppedFilled; n > 0 {
		p.add(Problem{Line: d.r.lines[len(d.r.lines)-1] - d.line, Kind: ErrExtraCell, Got: strconv.Itoa(d.r.firstFilled), Want: strconv.Itoa(d.width)})
		p.err.Omitted += n - 1
	}
	// An outcome needs its status (a tried step always has its scenario here).
	if c.Outcome != (Outcome{}) {
		p.required(d.model.csv.outcome, -1, d.outcomeGiven(c), 0)
	}
	if p.err != nil {
		p.err.CaseID, p.err.Customer = c.ID, customerOf(c)
	}
	return p.err
}

// outcomeGiven are the bits of the outcome's fields that c holds, as the parser counts them.
func (d *csvDecoder) outcomeGiven(c *Case) uint64 {
	var given uint64
	for k, f := range d.model.csv.outcome.Fields {
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
		if t, fault := parseTimeFault([]byte(cell), d.loc); fault == "" {
			p.storeTime(f, 0, t)
		} else {
			pr := timeProblem(f.Path, fault, []byte(cell), d.loc)
			pr.Line = at
			p.add(pr)
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
		if t, fault := parseTimeFault([]byte(part), d.loc); fault == "" {
			p.grow(f)
			p.storeTime(f.Item, f.size(p.c)-1, t)
		} else {
			pr := timeProblem(where(f.Item, k), fault, []byte(part), d.loc)
			pr.Line = at
			p.add(pr)
		}
	}
}

// tried reads the scenarios whose steps were tried, each a letter and optionally "@" and when:
// "C@2026-11-20 09:30; B".
func (d *csvDecoder) tried(p *parser, at int, f *Field, cell string) {
	scenario, when := d.model.csv.triedScenario, d.model.csv.triedAt
	for _, part := range splitList(cell, true) {
		letter, time, timed := strings.Cut(part, "@")
		i := f.size(p.c)
		p.grow(f)
		d.enum(p, at, scenario, i, letter)
		if !timed {
			continue
		}
		if t, fault := parseTimeFault([]byte(time), d.loc); fault == "" {
			p.storeTime(when, i, t)
		} else {
			pr := timeProblem(where(when, i), fault, []byte(time), d.loc)
			pr.Line = at
			p.add(pr)
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
