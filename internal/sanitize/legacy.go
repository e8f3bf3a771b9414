package sanitize

import (
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/cspfix/cspfix/internal/lazy"
)

// Legacy returns a writer that writes cspfix's UTF-8 text to w for a terminal whose locale has an
// 8-bit character set (cs; nil for plain ASCII): each character that set has, "?" for the
// others, and never a byte from 0x80 to 0x9F. Such a terminal reads those bytes as C1 controls
// (0x9B starts a control sequence as ESC [ does), and UTF-8 is full of them ("ě" is C4 9B).
// A UTF-8 character split between two writes is kept until its end arrives. When w is a file,
// the writer is one too (its descriptor is w's), so that a terminal program can still ask it
// for its size.
func Legacy(w io.Writer, cs *charmap.Charmap) io.Writer {
	l := &legacyWriter{w: w, cs: cs}
	if f, ok := w.(*os.File); ok {
		return &legacyFile{legacyWriter: l, f: f}
	}
	return l
}

type legacyWriter struct {
	w       io.Writer
	cs      *charmap.Charmap
	pending []byte // the start of a character whose end is still to come
	out     []byte
}

func (l *legacyWriter) Write(p []byte) (int, error) {
	in := p
	if len(l.pending) > 0 {
		in = append(l.pending, p...)
		l.pending = nil
	}
	out := l.out[:0]
	for i := 0; i < len(in); {
		c := in[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		if !utf8.FullRune(in[i:]) {
			l.pending = append([]byte(nil), in[i:]...)
			break
		}
		r, size := utf8.DecodeRune(in[i:])
		i += size
		b, ok := byte('?'), false
		if l.cs != nil && r != utf8.RuneError {
			b, ok = l.cs.EncodeRune(r)
		}
		if !ok || b >= 0x80 && b <= 0x9f {
			b = '?'
		}
		out = append(out, b)
	}
	l.out = out
	if _, err := l.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// legacyFile is a legacyWriter on a file, with the file's descriptor.
type legacyFile struct {
	*legacyWriter
	f *os.File
}

func (l *legacyFile) Fd() uintptr                { return l.f.Fd() }
func (l *legacyFile) Read(p []byte) (int, error) { return l.f.Read(p) }
func (l *legacyFile) Close() error               { return nil }

// legacySets are the 8-bit character sets a terminal's locale names, by their names without
// case and punctuation, whose first 128 characters are ASCII.
var legacySets = lazy.Value[map[string]*charmap.Charmap]{Make: func() map[string]*charmap.Charmap {
	return map[string]*charmap.Charmap{
		"iso88591": charmap.ISO8859_1, "latin1": charmap.ISO8859_1, "iso88592": charmap.ISO8859_2, "latin2": charmap.ISO8859_2,
		"iso88593": charmap.ISO8859_3, "iso88594": charmap.ISO8859_4, "iso88595": charmap.ISO8859_5, "iso88596": charmap.ISO8859_6,
		"iso88597": charmap.ISO8859_7, "iso88598": charmap.ISO8859_8, "iso88599": charmap.ISO8859_9, "latin5": charmap.ISO8859_9,
		"iso885910": charmap.ISO8859_10, "iso885913": charmap.ISO8859_13, "iso885914": charmap.ISO8859_14,
		"iso885915": charmap.ISO8859_15, "latin9": charmap.ISO8859_15, "iso885916": charmap.ISO8859_16,
		"koi8r": charmap.KOI8R, "koi8u": charmap.KOI8U,
		"cp1250": charmap.Windows1250, "cp1251": charmap.Windows1251, "cp1252": charmap.Windows1252,
		"windows1250": charmap.Windows1250, "windows1251": charmap.Windows1251, "windows1252": charmap.Windows1252,
	}
}}

// LocaleCharset reads the character set of the locale that getenv describes (LC_ALL, else
// LC_CTYPE, else LANG, as POSIX orders them). utf8 is true for UTF-8, and for a locale that
// names none (C, POSIX, unset): terminals today are UTF-8. Otherwise cs is the 8-bit set, or
// nil where only ASCII is safe (a multi-byte set cspfix does not write, or an unknown one).
// A locale without a character set takes the C library's default: ISO-8859-1, or ISO-8859-15
// for "@euro".
func LocaleCharset(getenv func(string) string) (cs *charmap.Charmap, utf8 bool) {
	locale := ""
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if locale = getenv(name); locale != "" {
			break
		}
	}
	if locale == "" || locale == "C" || locale == "POSIX" {
		return nil, true
	}
	rest, modifier, _ := strings.Cut(locale, "@")
	_, set, named := strings.Cut(rest, ".")
	if !named {
		if strings.EqualFold(modifier, "euro") {
			return charmap.ISO8859_15, false
		}
		return charmap.ISO8859_1, false
	}
	key := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, set)
	if key == "utf8" {
		return nil, true
	}
	return legacySets.Get()[key], false
}
