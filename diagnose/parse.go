package diagnose

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/cspfix/cspfix/internal/sanitize"
)

// The case format is I-JSON (RFC 7493) read through the field table: UTF-8, keys matched
// exactly after their escapes are decoded, no key twice in one object, no unpaired surrogate
// escapes, null for "not given". The parser reads one record (a frame the Decoder cut out) in
// one pass, without reflection, and reports every problem in document order; a syntax error
// ends the record. The work is linear in the record's size.
const (
	maxProblems = 20    // problems listed per record; the rest are counted
	maxDepth    = 10000 // nesting of values the case format does not know, as encoding/json allows
	maxShown    = 40    // characters of an offending key or value shown in a message
)

type parser struct {
	model *Model // the table the record is read through
	b     []byte
	i     int
	c     *Case
	err   *InputError

	lineAt, line int    // the line (0-based) of offset lineAt, to count lines once
	scratch      []byte // unescaped string contents
	stack        []byte // closing brackets of the values being skipped
	depth        int    // objects of the table open around the current value
	unknown      []string
	// loc is the time zone of times written without an offset; nil for the local one (from
	// UnmarshalJSON, which has no options).
	loc *time.Location
	// record is a copy of b, made for the first string of a record: the strings of the case
	// are parts of it, one allocation for all of them (records up to maxShared bytes).
	record string
	// mem gives the case's lists, answers and times their memory; tmp holds a time on its way
	// into a list of times, which keeps a copy.
	mem arena
	tmp Time
}

// maxShared bounds the records whose strings share one copy: a huge record's few kept strings
// should not keep all of it alive.
const maxShared = 64 << 10

// parse decodes b, which holds one record and nothing after it, into c and returns its
// problems, or nil for a valid case.
func (p *parser) parse(b []byte, c *Case, encoding string) *InputError {
	end, complete := p.parseFrom(b, c, encoding)
	if complete {
		p.i = end
		p.ws()
		if p.i < len(p.b) {
			p.syntaxError()
		}
	}
	return p.err
}

// parseFrom decodes the record at the start of b into c. It returns where the record ends and
// whether its syntax is complete there; the problems are in p.err.
func (p *parser) parseFrom(b []byte, c *Case, encoding string) (end int, complete bool) {
	*c = Case{model: p.model}
	p.b, p.i, p.c, p.err, p.lineAt, p.line, p.depth, p.record = b, 0, c, nil, 0, 0, 0, ""
	if !utf8.Valid(b) {
		bad := 0
		for bad < len(b) {
			r, size := utf8.DecodeRune(b[bad:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			bad += size
		}
		p.problem(bad, Problem{Kind: ErrEncoding, Want: encoding})
		return len(b), false
	}
	p.ws()
	start := p.i
	if p.peek() != '{' {
		if p.skip() {
			p.problem(start, Problem{Kind: ErrNotObject, Want: jsonType(p.b[start])})
			return p.i, true
		}
		return p.i, false
	}
	complete = p.object(p.model.root, -1)
	if p.err != nil {
		p.err.CaseID, p.err.Customer = c.ID, customerOf(c)
	}
	return p.i, complete
}

// UnmarshalJSON reads one case as UnmarshalCase does, through the model c is tied to (a case
// of Model.NewCase); a case tied to none reads only the case's own fields, and its answers are
// unknown keys.
func (c *Case) UnmarshalJSON(b []byte) error { return modelOf(c).UnmarshalCase(b, c) }

// UnmarshalCase reads one case from b with the same rules as the Decoder; the error is an
// *InputError. Times without an offset are in the local time zone.
func (m *Model) UnmarshalCase(b []byte, c *Case) error {
	p := parser{model: m}
	if err := p.parse(b, c, "UTF-8"); err != nil {
		err.cat = m.Catalog
		return err
	}
	return nil
}

// problem records a problem found at byte offset at.
func (p *parser) problem(at int, pr Problem) {
	if at < p.lineAt {
		p.lineAt, p.line = 0, 0
	}
	p.line += bytes.Count(p.b[p.lineAt:at], []byte{'\n'})
	p.lineAt = at
	pr.Line = p.line
	p.add(pr)
}

// syntaxError records what JSON does not allow at the current position, and returns false so
// that the parse ends.
func (p *parser) syntaxError() bool {
	if p.i >= len(p.b) {
		// On the line where the record's text ends, not after its last line break.
		p.problem(len(bytes.TrimRight(p.b, " \t\r\n")), Problem{Kind: ErrTruncated})
		return false
	}
	r, _ := utf8.DecodeRune(p.b[p.i:])
	p.problem(p.i, Problem{Kind: ErrSyntax, Got: sanitize.Exact(strconv.QuoteRune(r))})
	return false
}

func (p *parser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// peek is the next byte, or 0 at the end.
func (p *parser) peek() byte {
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

func (p *parser) expect(c byte) bool {
	p.ws()
	if p.peek() != c {
		return p.syntaxError()
	}
	p.i++
	return true
}

// where is the path of field f for a message, with the index of the list item it belongs to.
func where(f *Field, item int) string {
	if item < 0 || !strings.Contains(f.Path, "[]") {
		return f.Path
	}
	return strings.Replace(f.Path, "[]", "["+strconv.Itoa(item)+"]", 1)
}

// shown is a key or value from the input as a message shows it: cut and escaped.
func shown(s string) string {
	head, more := sanitize.Cut(s, maxShown)
	if more > 0 {
		head += "…"
	}
	return sanitize.Exact(head)
}

// object reads an object of the fields of f. item is the index of the list item it is in.
func (p *parser) object(f *Field, item int) bool {
	start := p.i
	p.i++                  // {
	var seen, given uint64 // bit k: the k-th field of f appeared, with a value other than null
	next := 0              // keys mostly come in table order: the field after the last one found
	unknownFrom := len(p.unknown)
	p.depth++
	defer func() { p.unknown, p.depth = p.unknown[:unknownFrom], p.depth-1 }()
	p.ws()
	if p.peek() == '}' {
		p.i++
		p.required(f, item, given, start)
		return true
	}
	for {
		p.ws()
		at := p.i
		var key []byte
		var child *Field
		k := -1
		if next < len(f.Fields) && p.keyIs(f.Fields[next].Name) {
			child, k = f.Fields[next], next
		} else {
			var ok bool
			if key, ok = p.rawString(); !ok {
				return false
			}
			child, k = f.childFrom(key, next)
		}
		if !p.expect(':') {
			return false
		}
		p.ws()
		next = k + 1
		switch {
		case child == nil:
			name := string(key)
			pr := Problem{Field: shown(joinPath(where(f, item), name)), Kind: ErrUnknownKey, Got: shown(name),
				Allowed: f.Names(), Suggest: suggestKey(name, f)}
			if p.seenUnknown(name, unknownFrom) {
				pr = Problem{Field: pr.Field, Kind: ErrDuplicateKey, Got: pr.Got}
			}
			p.problem(at, pr)
			if !p.skip() {
				return false
			}
		case seen&(1<<k) != 0:
			p.problem(at, Problem{Field: where(child, item), Kind: ErrDuplicateKey, Got: child.Name})
			if !p.skip() {
				return false
			}
		default:
			seen |= 1 << k
			if p.peek() == 'n' { // null: not given
				if !p.literal("null") {
					return false
				}
				break
			}
			given |= 1 << k
			if !p.value(child, item) {
				return false
			}
		}
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			p.required(f, item, given, start)
			return true
		default:
			return p.syntaxError()
		}
	}
}

// keyIs reads the key at p.i if it is name and reports whether it was. Keys mostly come in
// table order, as cspfix writes them: the one expected next is compared where it stands,
// without a scan for the end of the string (a field's name has no quote or backslash).
func (p *parser) keyIs(name string) bool {
	end := p.i + 1 + len(name)
	if end < len(p.b) && p.b[p.i] == '"' && p.b[end] == '"' && string(p.b[p.i+1:end]) == name {
		p.i = end + 1
		return true
	}
	return false
}

// seenUnknown reports whether an unknown key came before in the same object, whose unknown keys
// start at from. A few are remembered; a record with more is invalid anyway.
func (p *parser) seenUnknown(name string, from int) bool {
	for _, u := range p.unknown[from:] {
		if u == name {
			return true
		}
	}
	if len(p.unknown)-from < 16 {
		p.unknown = append(p.unknown, name)
	}
	return false
}

// required records the required fields of f that the object at start did not give.
func (p *parser) required(f *Field, item int, given uint64, start int) {
	for k, child := range f.Fields {
		if child.Required && given&(1<<k) == 0 {
			p.problem(start, Problem{Field: where(child, item), Kind: ErrMissing, Allowed: child.Values})
		}
	}
}

// value reads the value of field f. Null reaches it only as a list item, where it is not
// allowed.
func (p *parser) value(f *Field, item int) bool {
	at := p.i
	switch f.Kind {
	case KindObject:
		if p.peek() != '{' {
			return p.wrongType(f, item, "object")
		}
		if f == p.model.answers && p.c.Answers.texts == nil {
			// The answers' slots, from the arena: storing an answer then costs nothing.
			p.c.Answers.texts, p.c.Answers.times = p.mem.strings(p.model.texts), p.mem.timeRefs(p.model.times)
		}
		return p.object(f, item)
	case KindList:
		if p.peek() != '[' {
			return p.wrongType(f, item, "array")
		}
		return p.list(f)
	case KindText:
		if c := p.peek(); f.Integer && (c == '-' || '0' <= c && c <= '9') {
			if !p.number() {
				return false
			}
			if digits, ok := integerText(p.b[at:p.i]); ok {
				f.set(p.c, item, digits)
			} else {
				p.problem(at, Problem{Field: where(f, item), Kind: ErrBadNumber, Got: shown(string(p.b[at:p.i]))})
			}
			return true
		}
		if p.peek() != '"' {
			return p.wrongType(f, item, "string")
		}
		s, ok := p.str()
		if ok {
			f.set(p.c, item, s)
		}
		return ok
	case KindEnum:
		var v []byte
		switch c := p.peek(); {
		case c == '"':
			var ok bool
			if v, ok = p.rawString(); !ok {
				return false
			}
		case (c == 't' || c == 'f') && f.takesBooleans():
			word := "false"
			if c == 't' {
				word = "true"
			}
			if !p.literal(word) {
				return false
			}
			v = []byte(word)
		default:
			return p.badValue(f, item, ErrBadValue)
		}
		if canonical, allowed := f.match(v); allowed {
			f.storeEnum(p.c, item, canonical)
		} else {
			p.problem(at, Problem{Field: where(f, item), Kind: ErrBadValue, Got: shown(strconv.Quote(string(v))),
				Allowed: f.Values, Also: f.alsoAccepted()})
		}
		return true
	case KindTime:
		if p.peek() != '"' {
			return p.badValue(f, item, ErrBadTime)
		}
		v, ok := p.rawString()
		if !ok {
			return false
		}
		if t, fault := parseTimeFault(v, p.location()); fault == "" {
			p.storeTime(f, item, t)
		} else {
			p.problem(at, timeProblem(where(f, item), fault, v, p.location()))
		}
		return true
	}
	return p.skip()
}

// list reads the items of list field f.
func (p *parser) list(f *Field) bool {
	p.i++ // [
	p.depth++
	defer func() { p.depth-- }()
	p.ws()
	if p.peek() == ']' {
		p.i++
		return true
	}
	for {
		p.ws()
		p.grow(f)
		if !p.value(f.Item, f.size(p.c)-1) {
			return false
		}
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return true
		default:
			return p.syntaxError()
		}
	}
}

// grow adds an empty item to the list f of the case, from the arena.
func (p *parser) grow(f *Field) {
	switch {
	case f.times != nil:
		list := f.times(p.c)
		*list = p.mem.growAttempts(*list)
	case f.tried != nil:
		list := f.tried(p.c)
		*list = p.mem.growTried(*list)
	case f.lookups != nil:
		list := f.lookups(p.c)
		*list = append(*list, Lookup{})
	}
}

// storeTime stores a time read for field f: a list keeps a copy, any other field the arena's.
func (p *parser) storeTime(f *Field, item int, t Time) {
	if f.copies {
		p.tmp = t
		f.setTime(p.c, item, &p.tmp)
		return
	}
	f.setTime(p.c, item, p.mem.time(t))
}

// wrongType skips a value of another JSON type than field f has, and records it if it is JSON
// at all.
func (p *parser) wrongType(f *Field, item int, want string) bool {
	at := p.i
	if !p.skip() {
		return false
	}
	p.problem(at, Problem{Field: where(f, item), Kind: ErrWrongType, Want: want, Got: jsonType(p.b[at])})
	return true
}

// badValue records a value that is not even a string where an enum value or a time belongs,
// quoting it as written.
func (p *parser) badValue(f *Field, item int, kind ErrorKind) bool {
	at := p.i
	if !p.skip() {
		return false
	}
	p.problem(at, Problem{Field: where(f, item), Kind: kind, Got: shown(string(p.b[at:p.i])), Allowed: f.Values, Also: f.alsoAccepted()})
	return true
}

// str reads a string value.
func (p *parser) str() (string, bool) {
	if p.peek() == '"' && len(p.b) <= maxShared {
		start := p.i + 1
		if end := stringStop(p.b, start); end < len(p.b) && p.b[end] == '"' { // no escapes
			if p.record == "" {
				p.record = string(p.b)
			}
			p.i = end + 1
			return p.record[start:end], true
		}
	}
	v, ok := p.rawString()
	return string(v), ok
}

// rawString reads a string and returns its contents with escapes decoded: a slice of the input
// when it has none, else of the scratch buffer, valid until the next call.
func (p *parser) rawString() ([]byte, bool) {
	if p.peek() != '"' {
		return nil, p.syntaxError()
	}
	p.i++
	start := p.i
	p.i = stringStop(p.b, p.i)
	switch {
	case p.i < len(p.b) && p.b[p.i] == '"':
		p.i++
		return p.b[start : p.i-1], true
	case p.i < len(p.b) && p.b[p.i] == '\\':
		return p.escapedString(start)
	}
	return nil, p.syntaxError()
}

// escapedString finishes a string that holds escapes, from start (after the quote).
func (p *parser) escapedString(start int) ([]byte, bool) {
	out := append(p.scratch[:0], p.b[start:p.i]...)
	defer func() { p.scratch = out[:0] }()
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return out, true
		case c < 0x20:
			return nil, p.syntaxError()
		case c != '\\':
			out = append(out, c)
			p.i++
			continue
		}
		at := p.i
		if p.i+1 >= len(p.b) {
			p.i = len(p.b)
			return nil, p.syntaxError()
		}
		esc := p.b[p.i+1]
		p.i += 2
		switch esc {
		case '"', '\\', '/':
			out = append(out, esc)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := p.hex4()
			if ok && utf16.IsSurrogate(r) {
				// Only a high surrogate followed by a low one makes a character.
				r2 := rune(-1)
				if r < 0xdc00 && bytes.HasPrefix(p.b[p.i:], []byte(`\u`)) {
					p.i += 2
					r2, ok = p.hex4()
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					ok = false
				}
			}
			if !ok {
				p.problem(at, Problem{Kind: ErrBadEscape, Got: shown(string(p.b[at:min(p.i, len(p.b))]))})
				return nil, false
			}
			out = utf8.AppendRune(out, r)
		default:
			p.problem(at, Problem{Kind: ErrBadEscape, Got: shown(string(p.b[at:p.i]))})
			return nil, false
		}
	}
	return nil, p.syntaxError()
}

func (p *parser) hex4() (rune, bool) {
	if p.i+4 > len(p.b) {
		p.i = len(p.b)
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

func (p *parser) literal(word string) bool {
	if !bytes.HasPrefix(p.b[p.i:], []byte(word)) {
		for j := 0; j < len(word) && p.i < len(p.b) && p.b[p.i] == word[j]; j++ {
			p.i++
		}
		return p.syntaxError()
	}
	p.i += len(word)
	return true
}

// number reads a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() bool {
	if p.peek() == '-' {
		p.i++
	}
	switch c := p.peek(); {
	case c == '0':
		p.i++
	case '1' <= c && c <= '9':
		p.digits()
	default:
		return p.syntaxError()
	}
	if p.peek() == '.' {
		p.i++
		if !p.digits() {
			return p.syntaxError()
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if !p.digits() {
			return p.syntaxError()
		}
	}
	return true
}

func (p *parser) digits() bool {
	start := p.i
	for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}

// skip moves past one value of any kind, checking its syntax. It keeps its own stack of open
// brackets instead of recursing, so that deep nesting costs memory in proportion to its depth
// and cannot exhaust the goroutine's stack.
func (p *parser) skip() bool {
	p.stack = p.stack[:0]
	for {
		// A value.
		p.ws()
		switch c := p.peek(); {
		case c == '{' || c == '[':
			if p.depth+len(p.stack) >= maxDepth {
				p.problem(p.i, Problem{Kind: ErrTooDeep})
				return false
			}
			closing := byte(']')
			if c == '{' {
				closing = '}'
			}
			p.i++
			p.stack = append(p.stack, closing)
			p.ws()
			if p.peek() != closing {
				if closing == '}' && !p.memberName() {
					return false
				}
				continue
			}
			p.i++
			p.stack = p.stack[:len(p.stack)-1]
		case c == '"':
			if _, ok := p.rawString(); !ok {
				return false
			}
		case c == 't':
			if !p.literal("true") {
				return false
			}
		case c == 'f':
			if !p.literal("false") {
				return false
			}
		case c == 'n':
			if !p.literal("null") {
				return false
			}
		default:
			if !p.number() {
				return false
			}
		}
		// After a value: close what ends here, then go on with the next value.
	next:
		for {
			if len(p.stack) == 0 {
				return true
			}
			p.ws()
			closing := p.stack[len(p.stack)-1]
			switch p.peek() {
			case ',':
				p.i++
				if closing == '}' && !p.memberName() {
					return false
				}
				break next
			case closing:
				p.i++
				p.stack = p.stack[:len(p.stack)-1]
			default:
				return p.syntaxError()
			}
		}
	}
}

// memberName reads an object's key and its colon while skipping.
func (p *parser) memberName() bool {
	p.ws()
	_, ok := p.rawString()
	return ok && p.expect(':')
}

// timeProblem is the problem of the time v of field that could not be read (fault), in loc.
func timeProblem(field string, fault ErrorKind, v []byte, loc *time.Location) Problem {
	pr := Problem{Field: field, Kind: fault, Got: shown(strconv.Quote(string(bytes.TrimSpace(v))))}
	if fault != ErrBadTime {
		pr.Want, pr.Allowed = loc.String(), TimeOffsets(v, loc)
	}
	return pr
}

// parseTime reads a time as a case file may write it (parseTimeIn), in the local time zone when
// it has no offset.
func parseTime(s string) (Time, bool) { return parseTimeIn([]byte(s), time.Local) }

// location is the time zone of times without an offset.
func (p *parser) location() *time.Location {
	if p.loc == nil {
		return time.Local
	}
	return p.loc
}

// parseTimeBytes reads an RFC 3339 date-time exactly as the schema's pattern and "date-time"
// format describe it: YYYY-MM-DDTHH:MM:SS, an optional fraction, then Z or ±HH:MM, with the date
// on the calendar, hours below 24, minutes and seconds below 60 (no leap second: Go's time has
// none), "t" and "z" also in lower case. time.Parse is laxer (it takes "+24:00" and "9:14").
func parseTimeBytes(b []byte) (Time, bool) {
	if len(b) < len("2006-01-02T15:04:05Z") || b[4] != '-' || b[7] != '-' || b[10] != 'T' && b[10] != 't' ||
		b[13] != ':' || b[16] != ':' {
		return Time{}, false
	}
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(b[0:4])
	month, ok2 := num(b[5:7])
	day, ok3 := num(b[8:10])
	hour, ok4 := num(b[11:13])
	minute, ok5 := num(b[14:16])
	sec, ok6 := num(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return Time{}, false
	}
	rest, nsec := b[19:], 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			if n <= 9 {
				nsec = nsec*10 + int(rest[n]-'0')
			}
			n++
		}
		if n == 1 {
			return Time{}, false
		}
		for d := min(n-1, 9); d < 9; d++ {
			nsec *= 10
		}
		rest = rest[n:]
	}
	var loc *time.Location
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
		loc = time.UTC
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := num(rest[1:3])
		om, okm := num(rest[4:6])
		if !okh || !okm || oh > 23 || om > 59 {
			return Time{}, false
		}
		offset := (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
		loc = zone(offset)
	default:
		return Time{}, false
	}
	return Time{time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc)}, true
}

// daysIn is the number of days of month m (1–12) in year, by the Gregorian calendar that time
// uses for every year.
func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// zone is the fixed zone of an offset in seconds. The zones of a batch are few: they are made
// once and shared, instead of once per time read; those of whole quarter hours, all the world
// uses, without a lookup.
func zone(offset int) *time.Location {
	const quarter = 15 * 60
	if offset%quarter == 0 && -24*4 < offset/quarter && offset/quarter < 24*4 {
		q := &quarterZones[offset/quarter+24*4]
		if l := q.Load(); l != nil {
			return l
		}
		l := time.FixedZone("", offset)
		q.CompareAndSwap(nil, l)
		return q.Load()
	}
	if l, ok := zones.Load(offset); ok {
		return l.(*time.Location)
	}
	l, _ := zones.LoadOrStore(offset, time.FixedZone("", offset))
	return l.(*time.Location)
}

var (
	quarterZones [2*24*4 + 1]atomic.Pointer[time.Location] // by offset in quarter hours, from -24 h
	zones        sync.Map                                  // other offsets in seconds → *time.Location
)
