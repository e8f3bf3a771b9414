package diagnose

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

// AppendJSON appends r as one line of JSON (without the newline). The layout is the README's
// "Output": every key always present, null where there is no value; an invalid record only has
// id, status, error (its first problem) and errors (all of them). Texts of an invalid record's
// messages are in lang.
func (r *Result) AppendJSON(b []byte, lang scenarios.Lang) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, r.ID)
	b = append(b, `,"status":`...)
	b = appendString(b, string(r.Status))
	if r.Status == Invalid {
		b = append(b, `,"error":`...)
		b = appendProblem(b, &r.Error.Problem, lang)
		b = append(b, `,"errors":[`...)
		for i, p := range r.Error.Problems() {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendProblem(b, &p, lang)
		}
		if n := r.Error.Omitted; n > 0 {
			b = append(b, `,{"message":`...)
			b = appendString(b, scenarios.MustLoad().Text("input.omitted", lang, "n", strconv.Itoa(n)))
			b = append(b, `,"line":null,"field":null}`...)
		}
		return append(b, "]}"...)
	}
	b = append(b, `,"scenario":`...)
	b = appendNullable(b, string(r.Scenario))
	b = append(b, `,"confidence":`...)
	b = appendNullable(b, string(r.Confidence))
	b = append(b, `,"title":`...)
	b = appendNullable(b, r.Title)
	b = append(b, `,"candidates":[`...)
	for i, c := range r.Candidates {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"scenario":`...)
		b = appendString(b, string(c.Scenario))
		b = append(b, `,"confidence":`...)
		b = appendString(b, string(c.Confidence))
		b = append(b, `,"tried":`...)
		b = strconv.AppendBool(b, c.Tried)
		b = append(b, `,"evidence":`...)
		b = appendNotes(b, c.Evidence)
		b = append(b, '}')
	}
	b = append(b, `],"steps":`...)
	if es := r.encodedSteps; es != nil && slices.Equal(r.Steps, es.texts) {
		b = append(b, es.json...)
	} else {
		b = appendStrings(b, r.Steps)
	}
	b = append(b, `,"missing":`...)
	b = appendStrings(b, r.Missing)
	b = append(b, `,"warnings":`...)
	b = appendNotes(b, r.Warnings)
	b = append(b, `,"ticket":`...)
	if r.Ticket == nil {
		b = append(b, "null"...)
	} else {
		b = appendTicket(b, r.Ticket)
	}
	return append(b, '}')
}

// appendProblem appends one problem of an invalid record: its message, line and field.
func appendProblem(b []byte, p *Problem, lang scenarios.Lang) []byte {
	b = append(b, `{"message":`...)
	b = appendString(b, p.Message(lang))
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, `,"field":`...)
	b = appendNullable(b, p.Field)
	return append(b, '}')
}

// appendTicket appends the ticket's JSON. Tickets are rare (scenario E), so encoding/json is fast
// enough; like the rest of the output it leaves <, > and & readable.
func appendTicket(b []byte, t *Ticket) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return append(b, "null"...)
	}
	return append(b, sanitize.JSON(bytes.TrimRight(buf.Bytes(), "\n"))...)
}

// MarshalJSON gives library users the same JSON as the command line, in English.
func (r Result) MarshalJSON() ([]byte, error) {
	return r.AppendJSON(nil, scenarios.EN), nil
}

func appendNotes(b []byte, notes []Note) []byte {
	b = append(b, '[')
	for i, n := range notes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"code":`...)
		b = appendString(b, n.Code)
		b = append(b, `,"text":`...)
		b = appendString(b, n.Text)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

func appendNullable(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendString(b, s)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Like encoding/json it escapes control characters
// and replaces invalid UTF-8 with U+FFFD; unlike it, it leaves <, > and & readable and escapes
// every character sanitize.Unsafe names (U+2028/9 among them).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if sanitize.Unsafe(r) {
			// Valid raw in JSON, but a bidi or format character would act on whoever reads it.
			b = append(b, s[start:i]...)
			b = sanitize.AppendEscapedRune(b, r)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
