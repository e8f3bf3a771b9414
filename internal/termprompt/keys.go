package termprompt

import (
	"unicode/utf8"
)

// keyKind is what a key does, whatever bytes the terminal sent for it.
type keyKind uint8

const (
	keyRune keyKind = iota + 1 // a character typed (or pasted: Paste says so)
	keyEnter
	keyBackspace
	keyDelete
	keyLeft
	keyRight
	keyUp
	keyDown
	keyHome
	keyEnd
	keyPageUp
	keyPageDown
	keyEsc
	keyBackTab // Shift+Tab
	keyCtrlC
	keyKillLine     // Ctrl+U
	keyKillWord     // Ctrl+W
	keyKillToEnd    // Ctrl+K
	keyWordLeft     // Alt+B, Ctrl+Left
	keyWordRight    // Alt+F, Ctrl+Right
	keyIgnored      // a key or sequence cspfix does not use
	keyPasteControl // a line break (r '\n') or tab (r ' ') inside a paste
)

// key is one key press, or one character of a paste.
type key struct {
	kind  keyKind
	r     rune
	paste bool // part of a bracketed paste: never a command, Enter included
}

// control reports a control character typed that no key of the prompt means: it edits nothing.
func (k key) control() bool { return k.kind == keyRune && (k.r < 0x20 || k.r == 0x7f) }

// keyParser turns the bytes a terminal sends into keys. A sequence or a character split across
// two reads is kept until the rest arrives; a bracketed paste (ESC [200~ … ESC [201~) gives its
// characters as text, so that a pasted line break never answers a question.
type keyParser struct {
	pending []byte
	inPaste bool
	afterCR bool // the last byte of a paste was a carriage return (of a CRLF)
}

// feed parses b after what was pending and appends the keys to out.
func (p *keyParser) feed(b []byte, out []key) []key {
	buf := append(p.pending, b...)
	p.pending = nil
	i := 0
	for i < len(buf) {
		k, n := p.next(buf[i:])
		if n == 0 { // incomplete: wait for more
			break
		}
		i += n
		if k.kind != 0 {
			out = append(out, k)
		}
	}
	rest := buf[i:]
	if len(rest) == 1 && rest[0] == 0x1b && !p.inPaste {
		// A read that ends with ESC alone: the Esc key. Terminals write each key's sequence at
		// once, so the rest of a sequence never comes in a later read.
		return append(out, key{kind: keyEsc})
	}
	p.pending = append([]byte(nil), rest...)
	return out
}

// flush gives what is pending as keys, when no more bytes are coming with it (a lone ESC is
// the Esc key).
func (p *keyParser) flush(out []key) []key {
	for len(p.pending) > 0 {
		if p.pending[0] == 0x1b {
			out = append(out, key{kind: keyEsc})
			p.pending = p.pending[1:]
			continue
		}
		k, n := p.next(p.pending)
		if n == 0 {
			p.pending = nil
			break
		}
		if k.kind != 0 {
			out = append(out, k)
		}
		p.pending = p.pending[n:]
	}
	p.pending = nil
	return out
}

const (
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
)

// next parses the key at the start of b and returns it with the number of bytes it took; 0
// bytes when b holds only the start of one. A key of kind 0 is consumed and dropped.
func (p *keyParser) next(b []byte) (key, int) {
	if p.inPaste {
		if hasPrefix(b, pasteEnd) {
			p.inPaste = false
			return key{}, len(pasteEnd)
		}
		if b[0] == 0x1b && len(b) < len(pasteEnd) && hasPrefix([]byte(pasteEnd), string(b)) {
			return key{}, 0
		}
		if b[0] == 0x1b {
			// A sequence copied along with the text (colours of a terminal's output) is no
			// text: dropped whole, not its ESC alone, which would leave "[31m" in the answer.
			p.afterCR = false
			return key{}, pastedEscape(b)
		}
		afterCR := p.afterCR
		p.afterCR = b[0] == '\r'
		switch b[0] {
		case '\n':
			if afterCR {
				return key{}, 1 // CRLF is one line break
			}
			return key{kind: keyPasteControl, r: '\n', paste: true}, 1
		case '\r':
			return key{kind: keyPasteControl, r: '\n', paste: true}, 1
		case '\t':
			return key{kind: keyPasteControl, r: ' ', paste: true}, 1
		}
		if b[0] < 0x20 || b[0] == 0x7f {
			return key{}, 1 // other control characters of a paste are dropped
		}
		r, n := decodeRune(b)
		if n == 0 {
			return key{}, 0
		}
		return key{kind: keyRune, r: r, paste: true}, n
	}
	switch c := b[0]; {
	case c == 0x1b:
		return p.escape(b)
	case c == '\r' || c == '\n':
		return key{kind: keyEnter}, 1
	case c == 0x7f || c == 0x08:
		return key{kind: keyBackspace}, 1
	case c == 0x03:
		return key{kind: keyCtrlC}, 1
	case c == 0x15:
		return key{kind: keyKillLine}, 1
	case c == 0x17:
		return key{kind: keyKillWord}, 1
	case c == 0x0b:
		return key{kind: keyKillToEnd}, 1
	case c == 0x01:
		return key{kind: keyHome}, 1
	case c == 0x05:
		return key{kind: keyEnd}, 1
	case c == 0x02:
		return key{kind: keyLeft}, 1
	case c == 0x06:
		return key{kind: keyRight}, 1
	case c == 0x0e:
		return key{kind: keyDown}, 1
	case c == 0x10:
		return key{kind: keyUp}, 1
	case c < 0x20:
		return key{kind: keyIgnored}, 1
	}
	r, n := decodeRune(b)
	if n == 0 {
		return key{}, 0
	}
	return key{kind: keyRune, r: r}, n
}

// maxPastedEscape bounds an escape sequence inside a paste: longer, its ESC alone is dropped.
const maxPastedEscape = 256

// pastedEscape is the length of the escape sequence at the start of b, inside a paste (not its
// end, which next has ruled out): a CSI (ESC [ … final byte), an OSC or other string (ESC ] …
// ending in BEL or ESC \) or ESC, intermediates and a final byte. 0 means that b holds only its
// start; 1 drops the ESC alone where no sequence follows.
func pastedEscape(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	inside := func(i int) int { // more to come, or too long to be a sequence
		if i >= maxPastedEscape {
			return 1
		}
		return 0
	}
	switch b[1] {
	case '[':
		for i := 2; i < len(b) && i < maxPastedEscape; i++ {
			switch c := b[i]; {
			case c >= 0x40 && c <= 0x7e:
				return i + 1
			case c < 0x20 || c > 0x7e:
				return 1
			}
		}
		return inside(len(b))
	case ']', 'P', '^', '_', 'X': // OSC, DCS, PM, APC
		for i := 2; i < len(b) && i < maxPastedEscape; i++ {
			if b[i] == 0x07 {
				return i + 1
			}
			if b[i] == 0x1b {
				if i+1 == len(b) {
					return 0
				}
				if b[i+1] == '\\' {
					return i + 2
				}
				return 1
			}
		}
		return inside(len(b))
	}
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c >= 0x20 && c <= 0x2f: // intermediates
		case c >= 0x30 && c <= 0x7e:
			return i + 1
		default:
			return 1
		}
	}
	return 0
}

// escape parses a sequence that starts with ESC. A lone ESC at the end of what was read is
// the Esc key (feed).
func (p *keyParser) escape(b []byte) (key, int) {
	if len(b) == 1 {
		return key{}, 0
	}
	switch b[1] {
	case '[':
		// CSI: parameters, then a final byte 0x40–0x7e.
		for i := 2; i < len(b); i++ {
			if b[i] >= 0x40 && b[i] <= 0x7e {
				return p.csi(string(b[2:i]), b[i]), i + 1
			}
		}
		if len(b) > 32 { // no final byte in sight: not a sequence a terminal sends
			return key{kind: keyIgnored}, len(b)
		}
		return key{}, 0
	case 'O':
		// SS3: one more byte (the arrows and Home/End of some terminals).
		if len(b) < 3 {
			return key{}, 0
		}
		return ss3(b[2]), 3
	case 'b':
		return key{kind: keyWordLeft}, 2
	case 'f':
		return key{kind: keyWordRight}, 2
	case 0x7f:
		return key{kind: keyKillWord}, 2
	case 0x1b:
		return key{kind: keyEsc}, 1
	}
	// ESC and a key that is not part of a sequence: Esc, then that key on its own (keys sent
	// in one burst, as a paste or a test does).
	return key{kind: keyEsc}, 1
}

func (p *keyParser) csi(params string, final byte) key {
	switch final {
	case 'A':
		return key{kind: keyUp}
	case 'B':
		return key{kind: keyDown}
	case 'C':
		if params == "1;5" || params == "1;3" {
			return key{kind: keyWordRight}
		}
		return key{kind: keyRight}
	case 'D':
		if params == "1;5" || params == "1;3" {
			return key{kind: keyWordLeft}
		}
		return key{kind: keyLeft}
	case 'H':
		return key{kind: keyHome}
	case 'F':
		return key{kind: keyEnd}
	case 'Z':
		return key{kind: keyBackTab}
	case '~':
		switch params {
		case "200":
			p.inPaste = true
			return key{}
		case "1", "7":
			return key{kind: keyHome}
		case "4", "8":
			return key{kind: keyEnd}
		case "3":
			return key{kind: keyDelete}
		case "5":
			return key{kind: keyPageUp}
		case "6":
			return key{kind: keyPageDown}
		}
	}
	return key{kind: keyIgnored}
}

func ss3(c byte) key {
	switch c {
	case 'A':
		return key{kind: keyUp}
	case 'B':
		return key{kind: keyDown}
	case 'C':
		return key{kind: keyRight}
	case 'D':
		return key{kind: keyLeft}
	case 'H':
		return key{kind: keyHome}
	case 'F':
		return key{kind: keyEnd}
	}
	return key{kind: keyIgnored}
}

// decodeRune decodes the character at the start of b: 0 bytes when b holds only its start; a
// byte that is no UTF-8 becomes U+FFFD.
func decodeRune(b []byte) (rune, int) {
	if !utf8.FullRune(b) {
		return 0, 0
	}
	r, n := utf8.DecodeRune(b)
	return r, n
}

func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}
