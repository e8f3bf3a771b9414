package diagnose

import (
	"bytes"
	"errors"
	"io"
	"time"
)

// MaxRecordSize bounds one record so that a runaway input cannot take all memory.
const MaxRecordSize = 16 << 20

const readChunk = 64 << 10

// Decoder reads cases from a stream holding one object, a JSON array of objects, or objects one
// after another (JSON Lines or pretty-printed). It holds one record in memory at a time.
type Decoder struct {
	r   io.Reader
	buf []byte
	pos int // next unread byte in buf
	eof bool
	err error // read error other than io.EOF

	line    int // line of buf[pos], 1-based
	inArray bool
	started bool
	// slot says what the list of cases expects next: a case (after "[" or ","), or a comma or
	// "]" (after a case).
	slot     slot
	encoding string // the input's encoding, for messages: "UTF-8" unless a BOM or NULs say else
	parser   parser

	record     int // records returned so far, including invalid ones
	recordLine int

	opts DecodeOptions
	bom  bool        // the input started with a byte order mark
	csv  *csvDecoder // the reader of a CSV input, once the input is known to be one
}

// DecodeOptions say how to read an input.
type DecodeOptions struct {
	// CSV reads the input as CSV (a ".csv" file); without it, an input is read as CSV when its
	// first line is not JSON and looks like a header row.
	CSV bool
	// JSONOnly never reads the input as CSV (a saved case file).
	JSONOnly bool
	// Location is the time zone of times written without an offset; nil for the local one.
	Location *time.Location
}

type slot uint8

const (
	slotFirst slot = iota // after "[": a case or "]"
	slotCase              // after ",": a case
	slotComma             // after a case: "," or "]"
)

// NewDecoder returns a decoder reading cases of the model from r.
func (m *Model) NewDecoder(r io.Reader) *Decoder { return m.NewDecoderWith(r, DecodeOptions{}) }

// NewDecoderWith returns a decoder reading cases of the model from r as opts say.
func (m *Model) NewDecoderWith(r io.Reader, opts DecodeOptions) *Decoder {
	if opts.Location == nil {
		opts.Location = time.Local
	}
	d := &Decoder{r: r, buf: make([]byte, 0, readChunk), line: 1, encoding: "UTF-8", opts: opts}
	d.parser.model, d.parser.loc = m, opts.Location
	return d
}

// Record is the 1-based number of the record last returned by Next.
func (d *Decoder) Record() int { return d.record }

// Line is the line on which the record last returned by Next starts.
func (d *Decoder) Line() int { return d.recordLine }

// Next decodes the next record into c. It returns io.EOF after the last record, an *InputError
// for a record that is not a valid case (the next call goes on after it), and any other error
// when the input cannot be read.
func (d *Decoder) Next(c *Case) error {
	ierr, err := d.next(c)
	if err != nil {
		return err
	}
	d.record++
	if ierr != nil {
		ierr.Record, ierr.cat = d.record, d.parser.model.Catalog
		ierr.Line += d.recordLine
		for i := range ierr.More {
			ierr.More[i].Line += d.recordLine
		}
		return ierr
	}
	return nil
}

// next reads the next record into c.
func (d *Decoder) next(c *Case) (*InputError, error) {
	if d.record == 0 && d.line == 1 && d.csv == nil {
		d.detectEncoding()
		d.detectCSV()
	}
	if d.csv != nil {
		ierr, err := d.csv.next(c)
		d.recordLine = d.csv.line
		return ierr, err
	}
	missingComma, ierr, err := d.nextRecord()
	if err != nil || ierr != nil {
		return ierr, err
	}
	if missingComma {
		// The record is read (and skipped) whole; what counts is the missing comma before it.
		if _, ierr, err := d.frame(); err != nil || ierr != nil {
			return ierr, err
		}
		return &InputError{Problem: Problem{Kind: ErrMissingComma}}, nil
	}
	if quickPath {
		if ierr, ok := d.quick(c); ok {
			return ierr, nil
		}
	}
	frame, ierr, err := d.frame()
	if err != nil || ierr != nil {
		return ierr, err
	}
	return d.parser.parse(frame, c, d.encoding), nil
}

// quickPath lets a test compare the decoder with and without quick.
var quickPath = true

// quick reads a record that starts with "{" and ends on its first line, as in JSON Lines,
// straight from the buffer: the parser finds where the object ends, and the framer's scan of
// every byte is not needed. It reports false, having consumed nothing, for a record whose
// syntax the parser cannot complete on that line (pretty-printed, cut short, broken): the framer
// then finds its end, as it finds the end of any record.
func (d *Decoder) quick(c *Case) (*InputError, bool) {
	if d.buf[d.pos] != '{' {
		return nil, false
	}
	end, scanned := -1, 0
	for end < 0 {
		if i := bytes.IndexByte(d.buf[d.pos+scanned:], '\n'); i >= 0 {
			end = d.pos + scanned + i
			break
		}
		scanned = len(d.buf) - d.pos
		if scanned > MaxRecordSize {
			return nil, false
		}
		if !d.fill() {
			if d.err != nil {
				return nil, false
			}
			end = len(d.buf)
		}
	}
	n, complete := d.parser.parseFrom(d.buf[d.pos:end], c, d.encoding)
	if !complete || n > MaxRecordSize {
		return nil, false
	}
	d.pos += n
	return d.parser.err, true
}

// nextRecord moves to the start of the next record, past the brackets and commas of a list of
// cases. A problem of the list itself (a comma too many, a missing "]") comes back as an
// InputError; missingComma says that the record is the second of two without a comma between.
func (d *Decoder) nextRecord() (missingComma bool, ierr *InputError, err error) {
	for {
		b, ok, err := d.skipSpace()
		if err != nil {
			return false, nil, err
		}
		if !ok {
			if d.inArray {
				// The input ends inside a list: say so once, as a record of its own.
				d.inArray = false
				d.recordLine = d.line
				return false, &InputError{Problem: Problem{Kind: ErrUnclosedList}}, nil
			}
			return false, nil, io.EOF
		}
		switch {
		case !d.started && b == '[':
			d.pos++
			d.inArray, d.started, d.slot = true, true, slotFirst
			continue
		case d.inArray && b == ']':
			d.pos++
			d.inArray, d.started = false, false
			if d.slot == slotCase { // "[{…},]"
				d.recordLine = d.line
				return false, &InputError{Problem: Problem{Kind: ErrEmptySlot}}, nil
			}
			continue
		case d.inArray && b == ',':
			d.pos++
			if d.slot != slotComma { // "[,{…}]" or "[{…},,{…}]": a comma with no case before it
				d.slot = slotCase
				d.recordLine = d.line
				return false, &InputError{Problem: Problem{Kind: ErrEmptySlot}}, nil
			}
			d.slot = slotCase
			continue
		}
		d.started = true
		d.recordLine = d.line
		missingComma = d.inArray && d.slot == slotComma
		d.slot = slotComma
		return missingComma, nil, nil
	}
}

// skipSpace moves past white space (and a byte order mark at the start) and reports the next
// byte, if there is one.
func (d *Decoder) skipSpace() (byte, bool, error) {
	for {
		for d.pos < len(d.buf) {
			switch b := d.buf[d.pos]; b {
			case '\n':
				d.line++
				d.pos++
			case ' ', '\t', '\r':
				d.pos++
			default:
				return b, true, nil
			}
		}
		if !d.fill() {
			return 0, false, d.err
		}
	}
}

// detectEncoding finds the input's encoding at its start, as Windows tools write it: a UTF-8
// byte order mark is dropped; UTF-16 and UTF-32, with a byte order mark or recognised by the
// NUL bytes around the first "{" or "[", are read as UTF-8 from here on.
func (d *Decoder) detectEncoding() {
	for len(d.buf)-d.pos < 64 && d.fill() {
	}
	enc, bom := sniffEncoding(d.buf[d.pos:])
	d.bom = bom > 0
	if enc == "UTF-8" {
		d.pos += bom
		return
	}
	pending := bytes.Clone(d.buf[d.pos+bom:])
	d.r = newTranscoder(io.MultiReader(bytes.NewReader(pending), d.r), enc)
	d.buf, d.pos, d.eof = d.buf[:0], 0, d.err != nil
	d.encoding = enc
}

// detectCSV switches to reading CSV when the options say so or the first line looks like a
// header row (looksLikeCSV).
func (d *Decoder) detectCSV() {
	for bytes.IndexByte(d.buf[d.pos:], '\n') < 0 && len(d.buf)-d.pos < readChunk && d.fill() {
	}
	head := d.buf[d.pos:]
	if d.opts.JSONOnly || !d.opts.CSV && !d.parser.model.looksLikeCSV(head) {
		return
	}
	rest := io.MultiReader(bytes.NewReader(bytes.Clone(head)), d.r)
	d.csv = d.parser.model.newCSVDecoder(rest, head, d.bom || d.encoding != "UTF-8", d.opts.Location)
	d.buf, d.pos = nil, 0
}

// frame scans one record starting at d.pos. Objects and arrays end where their brackets balance;
// anything else (a stray value or garbage) ends at the end of its line, or in an array at the
// next comma, so that the following records can still be read.
func (d *Decoder) frame() ([]byte, *InputError, error) {
	start := d.pos
	f := framing{opener: d.buf[start]}
	for i := start; ; {
		end, lines, next := f.scan(d.buf, start, i, d.inArray)
		if end >= 0 {
			return d.cut(start, end, lines)
		}
		if next-start > MaxRecordSize {
			return d.skipOversized(start)
		}
		// fill moves the unread bytes to the front of the buffer: carry start and i along.
		off := next - start
		d.pos = start
		more := d.fill()
		start, i = d.pos, d.pos+off
		if !more {
			if d.err != nil {
				return nil, nil, d.err
			}
			return d.cut(start, len(d.buf), f.lines)
		}
	}
}

// framing is the state of the scan of one record.
type framing struct {
	opener            byte // the record's first byte
	depth             int
	inString, escaped bool
	lines             int // line breaks seen
	// A record with content on its first line is a JSON Lines record: if it is cut short, the
	// next line that starts with "{" begins the next record. Pretty-printed records start with
	// "{" and a line break, and are never cut this way.
	jsonLine, lineStart bool
}

// scan goes on from buf[i] with the record that starts at buf[start]. It returns where the
// record ends and the line breaks it holds, or end -1 and the index to go on from when buf ends
// first.
func (f *framing) scan(buf []byte, start, i int, inArray bool) (end, lines, next int) {
	structured := f.opener == '{' || f.opener == '['
	for ; i < len(buf); i++ {
		b := buf[i]
		if f.lineStart && b == '{' && f.jsonLine && f.depth > 0 && !f.inString && !inArray {
			return i, f.lines, i
		}
		f.lineStart = b == '\n'
		if b == '\n' {
			f.lines++
		} else if f.lines == 0 && i > start && b != ' ' && b != '\t' && b != '\r' {
			f.jsonLine = true
		}
		if f.inString {
			switch {
			case f.escaped:
				f.escaped = false
			case b == '\\':
				f.escaped = true
			case b == '"':
				f.inString = false
			case b == '\n':
				// A string never spans lines in valid JSON: end the record here so that one
				// unterminated string cannot swallow the records after it.
				return i, f.lines - 1, i
			default:
				// Most of a record is string contents: jump to the next byte that needs a
				// look, or to the end of what is read.
				i = stringStop(buf, i+1) - 1
			}
			continue
		}
		switch {
		case !structured && (b == '\n' || inArray && (b == ',' || b == ']')):
			if b == '\n' {
				return i, f.lines - 1, i
			}
			return i, f.lines, i
		case b == '"':
			f.inString = true
		case b == '{' || b == '[':
			f.depth++
		case b == '}' || b == ']':
			f.depth--
			if structured && f.depth == 0 {
				if inArray && b != closer(f.opener) {
					// "{…]": the record is cut short and the "]" ends the list of cases.
					return i, f.lines, i
				}
				return i + 1, f.lines, i + 1
			}
		}
	}
	return -1, f.lines, i
}

func closer(open byte) byte {
	if open == '[' {
		return ']'
	}
	return '}'
}

// cut returns buf[start:end] as a record and moves past it; a record over MaxRecordSize is an
// error however it was read.
func (d *Decoder) cut(start, end, lines int) ([]byte, *InputError, error) {
	d.pos = end
	d.line += lines
	if end-start > MaxRecordSize {
		return nil, &InputError{Problem: Problem{Kind: ErrTooLarge}}, nil
	}
	return d.buf[start:end], nil, nil
}

// skipOversized drops a record that is larger than MaxRecordSize, up to the end of its line.
func (d *Decoder) skipOversized(start int) ([]byte, *InputError, error) {
	d.pos = start
	for {
		if j := bytes.IndexByte(d.buf[d.pos:], '\n'); j >= 0 {
			d.pos += j
			return nil, &InputError{Problem: Problem{Kind: ErrTooLarge}}, nil
		}
		d.pos = len(d.buf)
		if !d.fill() {
			return nil, &InputError{Problem: Problem{Kind: ErrTooLarge}}, d.err
		}
	}
}

// fill reads more input, keeping buf[pos:]. It reports whether anything new was read.
func (d *Decoder) fill() bool {
	if d.eof {
		return false
	}
	if d.pos > 0 {
		n := copy(d.buf, d.buf[d.pos:])
		d.buf = d.buf[:n]
		d.pos = 0
	}
	if cap(d.buf)-len(d.buf) < readChunk/2 {
		grown := make([]byte, len(d.buf), 2*cap(d.buf))
		copy(grown, d.buf)
		d.buf = grown
	}
	for {
		n, err := d.r.Read(d.buf[len(d.buf):cap(d.buf)])
		d.buf = d.buf[:len(d.buf)+n]
		if err != nil {
			d.eof = true
			if !errors.Is(err, io.EOF) {
				d.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}
