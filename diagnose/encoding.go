package diagnose

import (
	"bytes"
	"encoding/binary"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// sniffEncoding names the encoding of the input that starts with b and the length of its byte
// order mark. Without a mark, UTF-16 and UTF-32 are recognised by the NUL bytes of the first
// characters, as RFC 4627 §3 describes: JSON text starts with ASCII, and so does a CSV header.
// A guess must read white space and then "{" or "[" in that encoding, or a first line of
// printable ASCII (a header row), so that stray NUL bytes in UTF-8 are not taken for it.
func sniffEncoding(b []byte) (string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return "UTF-8", 3
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return "UTF-32BE", 4
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return "UTF-32LE", 4
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "UTF-16BE", 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return "UTF-16LE", 2
	}
	if len(b) == 0 || b[0] != 0 && (len(b) < 2 || b[1] != 0) {
		return "UTF-8", 0 // the usual case: no NUL among the first two bytes
	}
	for _, enc := range []string{"UTF-32BE", "UTF-32LE", "UTF-16BE", "UTF-16LE"} {
		if startsJSON(b, enc) || startsHeader(b, enc) {
			return enc, 0
		}
	}
	return "UTF-8", 0
}

// startsHeader reports whether b, read in enc, starts with at least two printable ASCII
// characters (tabs among them) up to its first line break or its first 64 bytes.
func startsHeader(b []byte, enc string) bool {
	size, order := unitOf(enc)
	n := 0
	for ; len(b) >= size && n < 64/size; b = b[size:] {
		var u uint32
		if size == 2 {
			u = uint32(order.Uint16(b))
		} else {
			u = order.Uint32(b)
		}
		switch {
		case u == '\r' || u == '\n':
			return n >= 2
		case u == '\t' || u >= ' ' && u < 0x7f:
			n++
		default:
			return false
		}
	}
	return n >= 2
}

// startsJSON reports whether b, read in enc, starts with white space and then "{" or "[".
func startsJSON(b []byte, enc string) bool {
	size, order := unitOf(enc)
	for ; len(b) >= size; b = b[size:] {
		var u uint32
		if size == 2 {
			u = uint32(order.Uint16(b))
		} else {
			u = order.Uint32(b)
		}
		switch u {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

func unitOf(enc string) (int, binary.ByteOrder) {
	size := 2
	if enc == "UTF-32BE" || enc == "UTF-32LE" {
		size = 4
	}
	if enc == "UTF-16BE" || enc == "UTF-32BE" {
		return size, binary.BigEndian
	}
	return size, binary.LittleEndian
}

// transcoder reads UTF-16 or UTF-32 and gives UTF-8. What is not a character in the source
// (an unpaired surrogate, a code point beyond U+10FFFF, a last unit cut short) becomes the byte
// 0xFF, which is never UTF-8, so that the record holding it is reported as not being text in
// its encoding, as an invalid UTF-8 record is, instead of silently becoming U+FFFD.
type transcoder struct {
	r     io.Reader
	size  int
	order binary.ByteOrder
	in    []byte // source bytes not decoded yet
	out   []byte // UTF-8 not handed out yet
	high  rune   // a high surrogate waiting for its low one, or -1
	eof   bool
}

func newTranscoder(r io.Reader, enc string) *transcoder {
	size, order := unitOf(enc)
	return &transcoder{r: r, size: size, order: order, high: -1}
}

const notText = 0xFF

func (t *transcoder) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.eof {
			if t.high >= 0 || len(t.in) > 0 {
				t.out, t.high, t.in = append(t.out, notText), -1, nil
				break
			}
			return 0, io.EOF
		}
		var chunk [4096]byte
		n, err := t.r.Read(chunk[:])
		t.in = append(t.in, chunk[:n]...)
		t.decode()
		if err == io.EOF {
			t.eof = true
		} else if err != nil {
			return 0, err
		}
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}

// decode turns the complete units of t.in into UTF-8.
func (t *transcoder) decode() {
	for len(t.in) >= t.size {
		var r rune
		if t.size == 2 {
			r = rune(t.order.Uint16(t.in))
		} else {
			r = rune(t.order.Uint32(t.in))
		}
		t.in = t.in[t.size:]
		switch {
		case t.size == 2 && t.high >= 0:
			high := t.high
			t.high = -1
			if pair := utf16.DecodeRune(high, r); pair != utf8.RuneError {
				t.out = utf8.AppendRune(t.out, pair)
				continue
			}
			t.out = append(t.out, notText)
			if utf16.IsSurrogate(r) && r < 0xDC00 {
				t.high = r
				continue
			}
			t.appendRune(r)
		case t.size == 2 && r >= 0xD800 && r < 0xDC00:
			t.high = r
		default:
			t.appendRune(r)
		}
	}
}

func (t *transcoder) appendRune(r rune) {
	if utf16.IsSurrogate(r) || r > utf8.MaxRune || r < 0 {
		t.out = append(t.out, notText)
		return
	}
	t.out = utf8.AppendRune(t.out, r)
}
