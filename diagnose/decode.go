package diagnose

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
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

	record     int // records returned so far, including invalid ones
	recordLine int
}

// NewDecoder returns a decoder reading from r.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{r: r, buf: make([]byte, 0, readChunk), line: 1}
}

// Record is the 1-based number of the record last returned by Next.
func (d *Decoder) Record() int { return d.record }

// Line is the line on which the record last returned by Next starts.
func (d *Decoder) Line() int { return d.recordLine }

// Next decodes the next record into c. It returns io.EOF after the last record, an *InputError
// for a record that is not a valid case (the next call goes on after it), and any other error
// when the input cannot be read.
func (d *Decoder) Next(c *Case) error {
	frame, ierr, err := d.nextFrame()
	if err != nil {
		return err
	}
	d.record++
	if ierr == nil {
		ierr = d.decodeFrame(frame, c)
	}
	if ierr != nil {
		ierr.Record, ierr.Line = d.record, d.recordLine+ierr.Line
		return ierr
	}
	return nil
}

func (d *Decoder) decodeFrame(frame []byte, c *Case) *InputError {
	*c = Case{}
	// encoding/json would silently replace invalid UTF-8; a damaged record must be reported.
	if frame[0] != '{' || !utf8.Valid(frame) {
		return explain(frame)
	}
	if fastDecode(frame, c) {
		return nil
	}
	*c = Case{}
	if err := strictUnmarshal(frame, c); err != nil {
		return explain(frame)
	}
	return nil
}

// nextFrame returns the bytes of the next record. A record that cannot be framed (too large)
// comes back as an InputError.
func (d *Decoder) nextFrame() ([]byte, *InputError, error) {
	if d.record == 0 && d.line == 1 {
		d.skipBOM()
	}
	for {
		b, ok, err := d.skipSpace()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, io.EOF
		}
		switch {
		case !d.started && b == '[':
			d.pos++
			d.inArray, d.started = true, true
			continue
		case d.inArray && (b == ',' || b == ']'):
			d.pos++
			if b == ']' {
				d.inArray, d.started = false, false
			}
			continue
		}
		d.started = true
		d.recordLine = d.line
		return d.frame()
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

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// skipBOM handles a byte order mark at the start of the input, as Windows tools write one: a
// UTF-8 mark is dropped; UTF-16 (Windows PowerShell's default) is read as UTF-8 from here on.
func (d *Decoder) skipBOM() {
	for len(d.buf)-d.pos < len(utf8BOM) && d.fill() {
	}
	rest := d.buf[d.pos:]
	switch {
	case bytes.HasPrefix(rest, utf8BOM):
		d.pos += len(utf8BOM)
	case bytes.HasPrefix(rest, []byte{0xFF, 0xFE}), bytes.HasPrefix(rest, []byte{0xFE, 0xFF}):
		pending := bytes.Clone(rest)
		utf16 := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		d.r = utf16.Reader(io.MultiReader(bytes.NewReader(pending), d.r))
		d.buf, d.pos, d.eof = d.buf[:0], 0, d.err != nil
	}
}

// frame scans one record starting at d.pos. Objects and arrays end where their brackets balance;
// anything else (a stray value or garbage) ends at the end of its line, or in an array at the
// next comma, so that the following records can still be read.
func (d *Decoder) frame() ([]byte, *InputError, error) {
	start := d.pos
	i := start
	depth, inString, escaped := 0, false, false
	structured := d.buf[start] == '{' || d.buf[start] == '['
	lines := 0
	// A record with content on its first line is a JSON Lines record: if it is cut short, the
	// next line that starts with "{" begins the next record. Pretty-printed records start with
	// "{" and a line break, and are never cut this way.
	jsonLine, lineStart := false, false
	for {
		for ; i < len(d.buf); i++ {
			b := d.buf[i]
			if lineStart && b == '{' && jsonLine && depth > 0 && !inString && !d.inArray {
				return d.cut(start, i, lines)
			}
			lineStart = b == '\n'
			if b == '\n' {
				lines++
			} else if lines == 0 && i > start && b != ' ' && b != '\t' && b != '\r' {
				jsonLine = true
			}
			if inString {
				switch {
				case escaped:
					escaped = false
				case b == '\\':
					escaped = true
				case b == '"':
					inString = false
				case b == '\n':
					// A string never spans lines in valid JSON: end the record here so that
					// one unterminated string cannot swallow the records after it.
					return d.cut(start, i, lines-1)
				default:
					// Most of a record is string contents: jump to the next byte that needs a
					// look (a quote, a backslash, a line break) or the end of what is read, so
					// that each byte is scanned a bounded number of times.
					rest := d.buf[i:]
					j := bytes.IndexByte(rest, '"')
					if j < 0 {
						j = len(rest)
					}
					if k := bytes.IndexByte(rest[:j], '\\'); k >= 0 {
						j = k
					}
					if k := bytes.IndexByte(rest[:j], '\n'); k >= 0 {
						j = k
					}
					i += j - 1
				}
				continue
			}
			switch {
			case !structured && (b == '\n' || d.inArray && (b == ',' || b == ']')):
				if b == '\n' {
					lines--
				}
				return d.cut(start, i, lines)
			case b == '"':
				inString = true
			case b == '{' || b == '[':
				depth++
			case b == '}' || b == ']':
				depth--
				if structured && depth == 0 {
					return d.cut(start, i+1, lines)
				}
			}
		}
		if i-start > MaxRecordSize {
			return d.skipOversized(start)
		}
		// fill moves the unread bytes to the front of the buffer: carry start and i along.
		off := i - start
		d.pos = start
		more := d.fill()
		start, i = d.pos, d.pos+off
		if !more {
			if d.err != nil {
				return nil, nil, d.err
			}
			return d.cut(start, len(d.buf), lines)
		}
	}
}

// cut returns buf[start:end] as a record and moves past it; a record over MaxRecordSize is an
// error however it was read.
func (d *Decoder) cut(start, end, lines int) ([]byte, *InputError, error) {
	d.pos = end
	d.line += lines
	if end-start > MaxRecordSize {
		return nil, &InputError{Kind: ErrTooLarge}, nil
	}
	return d.buf[start:end], nil, nil
}

// skipOversized drops a record that is larger than MaxRecordSize, up to the end of its line.
func (d *Decoder) skipOversized(start int) ([]byte, *InputError, error) {
	d.pos = start
	for {
		if j := bytes.IndexByte(d.buf[d.pos:], '\n'); j >= 0 {
			d.pos += j
			return nil, &InputError{Kind: ErrTooLarge}, nil
		}
		d.pos = len(d.buf)
		if !d.fill() {
			return nil, &InputError{Kind: ErrTooLarge}, d.err
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
