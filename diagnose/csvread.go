package diagnose

import (
	"bytes"
	"errors"
	"io"
)

// csvReader reads the records of a CSV input as RFC 4180 describes them (quotes read strictly,
// as encoding/csv does without LazyQuotes), and, unlike encoding/csv, finds its way back after
// a record it cannot read, so that one fault never costs the rows after it (README "Batches
// from a spreadsheet or CRM"):
//
//   - a quote where CSV allows none ends its record at the end of its line;
//   - a quoted cell that never closes properly (its closing quote never comes, or is followed by
//     text) is a stray quote: its record ends at the end of the line where the quote opened, and
//     the lines after it, which it would have swallowed, are read again as rows;
//   - a record larger than MaxRecordSize is skipped to the end of its line.
//
// A record is held in the read buffer until it is complete, so that the reader can go back to
// the line after a stray quote; that is at most MaxRecordSize. Going back re-reads at most the
// lines a stray quote spanned, which no other stray quote spans again: the work stays in
// proportion to the input.
type csvReader struct {
	r     io.Reader
	comma byte
	buf   []byte
	pos   int // the start of the record being read (or the next), in buf
	line  int // the line of buf[pos]
	eof   bool
	err   error // a read error other than io.EOF

	// The last record read: its cells' text one after another, where each ends, the line each
	// starts on, and whether it was quoted.
	rec                    []byte
	ends                   []int
	lines                  []int
	quoted                 []bool
	cells                  []string
	line1                  int // the line the last record (or fault) starts on
	dropped, droppedFilled int // cells beyond maxCSVCells, and those of them with text
	firstFilled            int // the place (1-based) of the first of those with text
	open                   bool
	cellStart              int // where the cell begun last starts in rec

	// lastLine is the text of the last fault's line when the record has only that line and it
	// is held whole (up to 64 KiB), for a look at whether it has another separator.
	lastLine []byte
}

// csvFault is a record the reader could not read; the reader has moved past it.
type csvFault struct {
	kind ErrorKind // ErrCSVQuote, ErrCSVUnclosed or ErrTooLarge
	line int       // the line of the fault
	col  int       // the byte of the line where it is (1-based), for quotes
}

func newCSVReader(r io.Reader, comma byte) *csvReader {
	return &csvReader{r: r, comma: comma, buf: make([]byte, 0, readChunk), line: 1}
}

// fill reads more input, keeping buf[pos:]. It reports whether anything new was read.
func (r *csvReader) fill() bool {
	if r.eof {
		return false
	}
	if r.pos > 0 {
		n := copy(r.buf, r.buf[r.pos:])
		r.buf = r.buf[:n]
		r.pos = 0
	}
	if cap(r.buf)-len(r.buf) < readChunk/2 {
		grown := make([]byte, len(r.buf), 2*cap(r.buf)+readChunk)
		copy(grown, r.buf)
		r.buf = grown
	}
	for {
		n, err := r.r.Read(r.buf[len(r.buf):cap(r.buf)])
		r.buf = r.buf[:len(r.buf)+n]
		if err != nil {
			r.eof = true
			if !errors.Is(err, io.EOF) {
				r.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// ensure makes buf[pos+off] readable, if the input has it.
func (r *csvReader) ensure(off int) bool {
	for r.pos+off >= len(r.buf) {
		if !r.fill() {
			return false
		}
	}
	return true
}

// Read returns the cells of the next record that holds anything (empty lines are skipped), or
// a fault for one that cannot be read, or io.EOF after the last. The cells are valid until the
// next Read; after a fault, they are those read before it.
func (r *csvReader) Read() ([]string, *csvFault, error) {
	for {
		cells, fault, err := r.record()
		if err != nil || fault != nil || cells != nil {
			return cells, fault, err
		}
	}
}

// record reads one record; nil cells without a fault is an empty line, skipped.
func (r *csvReader) record() ([]string, *csvFault, error) {
	r.rec, r.ends, r.lines, r.quoted, r.cells = r.rec[:0], r.ends[:0], r.lines[:0], r.quoted[:0], r.cells[:0]
	r.lastLine = r.lastLine[:0]
	r.dropped, r.droppedFilled, r.open = 0, 0, false
	r.line1 = r.line
	if !r.ensure(0) {
		if r.err != nil {
			return nil, nil, r.err
		}
		return nil, nil, io.EOF
	}
	switch {
	case r.buf[r.pos] == '\n':
		r.pos++
		r.line++
		return nil, nil, nil
	case r.buf[r.pos] == '\r' && r.ensure(1) && r.buf[r.pos+1] == '\n':
		r.pos += 2
		r.line++
		return nil, nil, nil
	case r.buf[r.pos] == '\r' && !r.ensure(1): // a last line of only "\r"
		r.pos++
		return nil, nil, nil
	}
	off, line, lineStart := 0, r.line, 0 // lineStart: the offset where line begins
	nl := -1                             // where the current line ends, once looked for
	scanned := 0                         // no line break lies between off and this
	for {
		quoted := r.ensure(off) && r.buf[r.pos+off] == '"'
		r.startCell(line, quoted)
		if quoted {
			// A quoted cell: up to a quote that is not doubled.
			qline, qcol := line, off-lineStart+1
			off++
			for {
				if off > MaxRecordSize {
					return r.unclosed(qline, qcol)
				}
				if !r.ensure(off) {
					if r.err != nil {
						return nil, nil, r.err
					}
					return r.unclosed(qline, qcol)
				}
				avail := r.buf[r.pos+off:]
				j := bytes.IndexByte(avail, '"')
				if j < 0 {
					j = len(avail)
				}
				text := avail[:j]
				if n := bytes.Count(text, []byte{'\n'}); n > 0 {
					line += n
					lineStart = off + bytes.LastIndexByte(text, '\n') + 1
					r.rec = appendNewlines(r.rec, text)
				} else {
					r.rec = append(r.rec, text...)
				}
				off += j
				if j == len(avail) {
					continue // no quote in what is read yet
				}
				off++ // past the quote
				if !r.ensure(off) {
					return r.end(off, line) // the input ends after the cell
				}
				switch c := r.buf[r.pos+off]; {
				case c == '"': // a doubled quote stands for one
					r.rec = append(r.rec, '"')
					off++
					continue
				case c == r.comma:
					r.endCell()
					off++
				case c == '\n' || c == '\r' && (!r.ensure(off+1) || r.buf[r.pos+off+1] == '\n'):
					r.endCell()
					return r.end(off, line)
				default:
					// Text after the closing quote: the quote was a stray one, or closed by
					// another row's.
					col := off - lineStart + 1
					if qline < line {
						return r.unclosed(qline, qcol)
					}
					return r.broken(ErrCSVQuote, line, col, line, off)
				}
				break
			}
			continue
		}
		// A plain cell: up to the separator or the end of the line. The line's end is looked
		// for once per line, and the separator and quotes within it, each with IndexByte.
		for {
			if off > MaxRecordSize {
				return r.broken(ErrTooLarge, r.line1, 0, line, off)
			}
			if !r.ensure(off) {
				if r.err != nil {
					return nil, nil, r.err
				}
				// The input ends the record; a "\r" before its end is the line's end, as for
				// encoding/csv.
				r.trimCR()
				r.endCell()
				return r.end(off, line)
			}
			if nl < off {
				// Looked for from where no earlier look has been: a line read in pieces is
				// searched once, however many cells it has.
				from := max(off, scanned)
				nl = noLineEnd
				if i := bytes.IndexByte(r.buf[r.pos+from:], '\n'); i >= 0 {
					nl = from + i
				} else {
					scanned = len(r.buf) - r.pos
				}
			}
			end := len(r.buf) - r.pos
			if nl != noLineEnd {
				end = nl
			}
			seg := r.buf[r.pos+off : r.pos+end]
			field := seg
			j := bytes.IndexByte(seg, r.comma)
			if j >= 0 {
				field = seg[:j]
			}
			if q := bytes.IndexByte(field, '"'); q >= 0 {
				r.rec = append(r.rec, field[:q]...)
				off += q
				return r.broken(ErrCSVQuote, line, off-lineStart+1, line, off)
			}
			r.rec = append(r.rec, field...)
			off += len(field)
			switch {
			case j >= 0: // the separator: the next cell follows
				r.endCell()
				off++
			case nl != noLineEnd: // the line's end
				r.trimCR()
				r.endCell()
				return r.end(off, line)
			default:
				nl = -1 // more of the line is to be read
				continue
			}
			break
		}
	}
}

// noLineEnd says that no line break is in what is read.
const noLineEnd = -2

// appendNewlines appends text, in which a line break may be written CRLF, with LF for each.
func appendNewlines(rec, text []byte) []byte {
	for {
		i := bytes.Index(text, []byte("\r\n"))
		if i < 0 {
			return append(rec, text...)
		}
		rec = append(rec, text[:i]...)
		rec = append(rec, '\n')
		text = text[i+2:]
	}
}

// maxCSVCells bounds the cells of a record that are kept: far more than any header of cspfix's
// columns has, and few enough that a record of millions of empty cells costs no more memory
// than its size. Those beyond are only counted (dropped, and droppedFilled when not empty).
const maxCSVCells = 4096

// startCell begins a cell on line.
func (r *csvReader) startCell(line int, quoted bool) {
	r.open, r.cellStart = true, len(r.rec)
	if len(r.lines) < maxCSVCells {
		r.lines = append(r.lines, line)
		r.quoted = append(r.quoted, quoted)
	}
}

// endCell ends the cell begun last: kept, or counted beyond maxCSVCells.
func (r *csvReader) endCell() {
	r.open = false
	if len(r.ends) < len(r.lines) {
		r.ends = append(r.ends, len(r.rec))
		return
	}
	r.dropped++
	if len(r.rec) > r.cellStart {
		if r.droppedFilled == 0 {
			r.firstFilled = len(r.ends) + r.dropped
		}
		r.droppedFilled++
	}
	r.rec = r.rec[:r.cellStart]
}

// trimCR drops a "\r" that ends the line from the cell begun last.
func (r *csvReader) trimCR() {
	if n := len(r.rec); n > r.cellStart && r.rec[n-1] == '\r' {
		r.rec = r.rec[:n-1]
	}
}

// end ends the record as finish does; a record larger than MaxRecordSize is reported instead.
func (r *csvReader) end(off, line int) ([]string, *csvFault, error) {
	cells := r.finish(off, line)
	if off > MaxRecordSize {
		return cells, &csvFault{kind: ErrTooLarge, line: r.line1}, nil
	}
	return cells, nil, nil
}

// finish ends the record whose last byte before its line break (or the input's end) is at
// off, on line, and moves past it.
func (r *csvReader) finish(off, line int) []string {
	if r.ensure(off) {
		switch {
		case r.buf[r.pos+off] == '\n':
			off++
		case r.buf[r.pos+off] == '\r' && r.ensure(off+1) && r.buf[r.pos+off+1] == '\n':
			off += 2
		case r.buf[r.pos+off] == '\r':
			off++ // the last byte of the input
		}
		line++
	}
	r.pos += off
	r.line = line
	if r.open {
		r.endCell()
	}
	s := string(r.rec)
	start := 0
	for _, end := range r.ends {
		r.cells = append(r.cells, s[start:end])
		start = end
	}
	return r.cells
}

// broken reports a fault of the given kind, found at off on line at, and goes on after that
// line however long it is.
func (r *csvReader) broken(kind ErrorKind, line, col, at, off int) ([]string, *csvFault, error) {
	r.partial()
	for r.line < at { // to the start of the fault's line
		i := bytes.IndexByte(r.buf[r.pos:], '\n')
		r.pos += i + 1
		r.line++
		off -= i + 1
	}
	r.lastLine = r.lastLine[:0]
	if at == r.line1 {
		if i := bytes.IndexByte(r.buf[r.pos:], '\n'); i >= 0 && i <= 64<<10 {
			r.lastLine = append(r.lastLine, bytes.TrimSuffix(r.buf[r.pos:r.pos+i], []byte{'\r'})...)
		}
	}
	r.skipLine(off)
	return r.cells, &csvFault{kind: kind, line: line, col: col}, nil
}

// unclosed reports the quote opened on qline as never closed, and goes on after that line.
// A line that does not end within MaxRecordSize is too large instead.
func (r *csvReader) unclosed(qline, qcol int) ([]string, *csvFault, error) {
	r.partial()
	for r.line <= qline {
		i := bytes.IndexByte(r.buf[r.pos:], '\n')
		switch {
		case i < 0 && r.eof:
			r.pos = len(r.buf) // the input ends on the quote's line
			r.line++
			return r.cells, &csvFault{kind: ErrCSVUnclosed, line: qline, col: qcol}, nil
		case i < 0:
			// The quote's own line goes on beyond what is held: too large a record.
			r.skipLine(len(r.buf) - r.pos)
			return r.cells, &csvFault{kind: ErrTooLarge, line: r.line1}, nil
		}
		r.pos += i + 1
		r.line++
	}
	return r.cells, &csvFault{kind: ErrCSVUnclosed, line: qline, col: qcol}, nil
}

// skipLine moves past the end of the current line; buf[pos+off:] is not read yet.
func (r *csvReader) skipLine(off int) {
	for {
		if r.pos+off < len(r.buf) {
			if i := bytes.IndexByte(r.buf[r.pos+off:], '\n'); i >= 0 {
				r.pos += off + i + 1
				r.line++
				return
			}
		}
		// Nothing of the line is needed any more: drop it as it is read.
		r.pos = len(r.buf)
		off = 0
		if !r.fill() {
			return
		}
	}
}

// partial keeps the cells read before a fault, for the record's ID.
func (r *csvReader) partial() {
	s := string(r.rec)
	start := 0
	r.cells = r.cells[:0]
	for _, end := range r.ends {
		if end > len(s) || end < start {
			break
		}
		r.cells = append(r.cells, s[start:end])
		start = end
	}
}

// splitLine reads one line as a record with another separator: its cells, unquoted, or false
// when the line is no record with it.
func splitLine(line []byte, comma byte) ([]string, bool) {
	var cells []string
	var cell []byte
	quoted, atStart := false, true
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quoted && c == '"' && i+1 < len(line) && line[i+1] == '"':
			cell = append(cell, '"')
			i++
		case quoted && c == '"':
			quoted = false
			if i+1 < len(line) && line[i+1] != comma && line[i+1] != '\r' {
				return nil, false
			}
		case quoted:
			cell = append(cell, c)
		case c == '"' && atStart:
			quoted = true
		case c == '"':
			return nil, false
		case c == comma:
			cells = append(cells, string(cell))
			cell, atStart = cell[:0], true
			continue
		case c == '\r' && i == len(line)-1:
		default:
			cell = append(cell, c)
		}
		atStart = false
	}
	if quoted {
		return nil, false
	}
	return append(cells, string(cell)), true
}
