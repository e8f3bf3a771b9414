package diagnose

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf16"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/cspfix/cspfix/internal/casegen"
	"github.com/cspfix/cspfix/scenarios"
)

// problems lists every problem of each record as "kind@line:field", records separated by " | ".
func problems(t *testing.T, in string) string {
	t.Helper()
	dec := NewDecoder(strings.NewReader(in))
	var out []string
	for {
		var c Case
		err := dec.Next(&c)
		if errors.Is(err, io.EOF) {
			return strings.Join(out, " | ")
		}
		var ie *InputError
		switch {
		case errors.As(err, &ie):
			var ps []string
			for _, p := range ie.Problems() {
				ps = append(ps, string(p.Kind)+"@"+strconv.Itoa(p.Line)+":"+p.Field)
			}
			out = append(out, strings.Join(ps, " "))
		case err != nil:
			t.Fatal(err)
		default:
			out = append(out, "ok:"+c.ID)
		}
	}
}

// TestCaseFormatIsStrict holds the decoder to the case format of the README: keys matched
// exactly after their escapes are decoded, no key twice, null for "not given", every problem of
// a record named with its field.
func TestCaseFormatIsStrict(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"keys in other letter case", `{"ID":"a","Answers":{},"answers":{"OTHER_CSP":"yes"}}`,
			"unknown_key@1:ID unknown_key@1:Answers unknown_key@1:answers.OTHER_CSP"},
		{"a look-alike letter in a key", `{"cuſtomer":{}}`, "unknown_key@1:cuſtomer"},
		{"a key twice", `{"id":"a","id":"b"}`, "duplicate_key@1:id"},
		{"a key twice, once escaped", `{"id":"a","\u0069d":"b"}`, "duplicate_key@1:id"},
		{"a key in other case after the real one", `{"customer":{"tenant_id":"x","TENANT_ID":"y"}}`, "unknown_key@1:customer.TENANT_ID"},
		{"an unknown key twice", `{"x":1,"x":2}`, "unknown_key@1:x duplicate_key@1:x"},
		{"escapes decoded before matching", `{"\u0069d":"a","answers":{"other_csp":"\u0079es"}}`, "ok:a"},
		{"null for every key", `{"id":null,"customer":null,"partner":{"name":null},"attempts":null,"answers":{"recent_change_at":null},"tried":null,"notes":null,"retry_at":null,"$schema":null}`, "ok:"},
		{"null in a list", `{"attempts":[null],"tried":[null]}`, "bad_time@1:attempts[0] wrong_type@1:tried[0]"},
		{"a huge number", `{"notes":1e999}`, "wrong_type@1:notes"},
		{"a tried step without a scenario", `{"tried":[{"at":"2026-11-20T09:30:00+01:00"},{"scenario":null}]}`, "missing@1:tried[0].scenario missing@1:tried[1].scenario"},
		{"every problem, in order", "{\"answers\":{\"other_csp\":\"maybe\",\n\"recent_change_at\":\"today\"},\n\"tried\":[{\"scenario\":\"E\"}],\"zz\":1}",
			"bad_value@1:answers.other_csp bad_time@2:answers.recent_change_at bad_value@3:tried[0].scenario unknown_key@3:zz"},
		{"problems before a syntax error", `{"answers":{"other_csp":"maybe"},"id":`, "bad_value@1:answers.other_csp truncated@1:"},
		{"an unpaired surrogate escape", `{"id":"\ud800"}`, "bad_escape@1:"},
		{"a low surrogate first", `{"notes":"\udc00\ud800"}`, "bad_escape@1:"},
		{"a surrogate pair", `{"id":"\ud83d\ude00"}`, "ok:😀"},
		{"an unknown escape", `{"id":"\x"}`, "bad_escape@1:"},
		{"a raw control character", "{\"id\":\"a\tb\"}", "syntax@1:"},
		{"trailing comma in an object", `{"id":"a",}`, "syntax@1:"},
		{"missing comma in an object", `{"id":"a" "notes":"b"}`, "syntax@1:"},
		{"a record that is cut", `{"answers":{"other_csp":"yes"`, "truncated@1:"},
		{"a time beyond RFC 3339", `{"attempts":["2026-11-20T24:00:00Z","2026-11-20T09:14:00+24:00","2026-02-30T00:00:00Z","2026-11-20T9:14:00Z"]}`,
			"bad_time@1:attempts[0] bad_time@1:attempts[1] bad_time@1:attempts[2] bad_time@1:attempts[3]"},
		{"times RFC 3339 allows", `{"attempts":["2026-11-20t09:14:00z","2026-11-20T09:14:00.123456789123-23:59","0000-01-01T00:00:00+23:59","9999-12-31T23:59:59-23:59"]}`, "ok:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problems(t, tt.in); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestEveryProblemHasAMessage(t *testing.T) {
	in := `{"ID":1,"answers":{"other_csp":"maybe","recent_change_at":5},"attempts":[null],"tried":[{}]}`
	var c Case
	var ie *InputError
	if !errors.As(NewDecoder(strings.NewReader(in)).Next(&c), &ie) {
		t.Fatal("not rejected")
	}
	for _, p := range ie.Problems() {
		for _, lang := range scenarios.Langs {
			msg := p.Message(scenarios.Embedded(), lang)
			if !strings.HasPrefix(msg, p.Field+": ") || strings.Contains(msg, "{") {
				t.Errorf("%s: %q does not start with its field", lang, msg)
			}
		}
	}
	if got := len(ie.Problems()); got != 5 {
		t.Errorf("%d problems, want 5", got)
	}
}

func TestProblemsAreBounded(t *testing.T) {
	in := "{" + strings.Repeat(`"x":1,`, 1000) + `"id":"a"}`
	var c Case
	var ie *InputError
	if !errors.As(NewDecoder(strings.NewReader(in)).Next(&c), &ie) {
		t.Fatal("not rejected")
	}
	if len(ie.Problems()) != maxProblems || ie.Omitted != 1000-maxProblems {
		t.Errorf("%d problems listed, %d omitted", len(ie.Problems()), ie.Omitted)
	}
}

// TestListsOfCases holds the framing of a JSON array to JSON: a missing "]" or comma, or a comma
// too many, is reported where it is, and the intact cases around it still count.
func TestListsOfCases(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a list", `[{"id":"a"},{"id":"b"}]`, "ok:a | ok:b"},
		{"no closing bracket", `[{"id":"a"},{"id":"b"}`, "ok:a | ok:b | unclosed_list@1:"},
		{"cut after a comma", "[{\"id\":\"a\"},\n", "ok:a | unclosed_list@2:"},
		{"a missing comma", `[{"id":"a"} {"id":"b"}]`, "ok:a | missing_comma@1:"},
		{"two commas", `[{"id":"a"},,{"id":"b"}]`, "ok:a | empty_slot@1: | ok:b"},
		{"a leading comma", `[,{"id":"a"}]`, "empty_slot@1: | ok:a"},
		{"a trailing comma", `[{"id":"a"},]`, "ok:a | empty_slot@1:"},
		{"two lists", `[{"id":"a"}][{"id":"b"}]`, "ok:a | ok:b"},
		{"a case cut short by the end of the list", "[{\"id\":\"a\"},\n{\"id\":\"b\",\n]", "ok:a | truncated@2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problems(t, tt.in); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// encode writes s in a UTF-16 or UTF-32 encoding, with or without a byte order mark.
func encode(s, enc string, bom bool) []byte {
	size, order := unitOf(enc)
	var units []uint32
	if bom {
		units = append(units, 0xFEFF)
	}
	if size == 2 {
		for _, u := range utf16.Encode([]rune(s)) {
			units = append(units, uint32(u))
		}
	} else {
		for _, r := range s {
			units = append(units, uint32(r))
		}
	}
	var out []byte
	for _, u := range units {
		if size == 2 {
			out = order.(binary.AppendByteOrder).AppendUint16(out, uint16(u))
		} else {
			out = order.(binary.AppendByteOrder).AppendUint32(out, u)
		}
	}
	return out
}

func TestEncodings(t *testing.T) {
	text := "{\"id\":\"a\",\"customer\":{\"name\":\"Müller 😀\"}}\r\n{\"id\":\"b\"}\r\n"
	for _, enc := range []string{"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"} {
		for _, bom := range []bool{true, false} {
			for _, oneByte := range []bool{false, true} {
				var r io.Reader = bytes.NewReader(encode(text, enc, bom))
				if oneByte {
					r = iotest.OneByteReader(r)
				}
				dec := NewDecoder(r)
				var c Case
				if err := dec.Next(&c); err != nil || c.ID != "a" || c.Customer.Name != "Müller 😀" {
					t.Fatalf("%s bom=%v: %v %+v", enc, bom, err, c)
				}
				if err := dec.Next(&c); err != nil || c.ID != "b" || dec.Line() != 2 {
					t.Fatalf("%s bom=%v second record: %v line %d", enc, bom, err, dec.Line())
				}
			}
		}
	}
	// NUL bytes that do not frame a "{" are not taken for UTF-16 or UTF-32.
	if got := problems(t, "\x00\x00\x00\n{\"id\":\"ok\"}"); got != "syntax@1: | ok:ok" {
		t.Errorf("stray NULs: %s", got)
	}
}

// TestDamagedEncodings: what is not a character in UTF-16 or UTF-32 is reported for the record
// holding it, naming the encoding, as invalid UTF-8 is, and the records around it are read.
func TestDamagedEncodings(t *testing.T) {
	lone := binary.LittleEndian.AppendUint16(nil, 0xD800)
	le := func(s string) []byte { return encode(s, "UTF-16LE", false) }
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"unpaired high surrogate", concat(le("{\"id\":\"a\"}\n{\"id\":\"b"), lone, le("\"}\n{\"id\":\"c\"}")), "ok:a | encoding@2: | ok:c"},
		{"unpaired low surrogate", concat(le("{\"id\":\""), binary.LittleEndian.AppendUint16(nil, 0xDC00), le("\"}")), "encoding@1:"},
		{"a byte missing at the end", append(le("{\"id\":\"a\"}"), 0x20), "ok:a | encoding@1:"},
		{"UTF-32 beyond U+10FFFF", concat(encode("{\"id\":\"", "UTF-32BE", true), []byte{0, 0x11, 0, 0}, encode("\"}", "UTF-32BE", false)), "encoding@1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problems(t, string(tt.in)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	var c Case
	var ie *InputError
	if !errors.As(NewDecoder(bytes.NewReader(tests[1].in)).Next(&c), &ie) || !strings.Contains(ie.Message(scenarios.Embedded(), scenarios.EN), "not valid UTF-16LE text") {
		t.Errorf("the message does not name the encoding: %v", ie)
	}
}

func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// FuzzCaseRoundTrip: a case the decoder accepts, written out again (as a saved case is), reads
// back as the same case.
func FuzzCaseRoundTrip(f *testing.F) {
	seedCases(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Case
		if NewDecoder(bytes.NewReader(data)).Next(&c) != nil {
			return
		}
		out, err := c.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Case
		if err := NewDecoder(bytes.NewReader(out)).Next(&back); err != nil {
			t.Fatalf("%s does not read back: %v", out, err)
		}
		again, _ := back.MarshalJSON()
		if !bytes.Equal(out, again) || !sameCase(&c, &back) {
			t.Fatalf("round trip changed the case:\n%s\n%s", out, again)
		}
	})
}

// sameCase compares two cases, times by instant and offset.
func sameCase(a, b *Case) bool {
	x, _ := a.MarshalJSON()
	y, _ := b.MarshalJSON()
	return bytes.Equal(x, y) && answer(a, "answers.recent_change") == answer(b, "answers.recent_change")
}

func seedCases(f *testing.F) {
	var buf bytes.Buffer
	if err := casegen.Write(&buf, 20, 7); err != nil {
		f.Fatal(err)
	}
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		f.Add(line)
	}
	// The hostile corpus of the command line's tests, one record per file or line.
	files, _ := filepath.Glob("../cmd/internal/cli/testdata/hostile/*")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			f.Add(line)
		}
	}
	for _, s := range []string{
		`{}`, `{"id":"a","id":"b"}`, `{"ID":"a"}`, `{"\u0069d":"a"}`, `{"answers":{"other_csp":"\u0079es"}}`,
		`{"id":null,"customer":null,"tried":null}`, `{"attempts":[null]}`, `{"tried":[{}]}`, `{"tried":[{"scenario":null}]}`,
		`{"notes":1e999}`, `{"id":"\ud800"}`, `{"id":"\ud83d\ude00"}`, `{"$schema":"./case.schema.json"}`,
		`{"attempts":["2026-11-20t09:14:00z","2026-11-20T24:00:00Z","2026-11-20T09:14:00+24:00","2026-02-29T00:00:00Z","2024-02-29T00:00:00.5-23:59"]}`,
		`{"retry_at":"9999-12-31T23:59:59-23:59","answers":{"recent_change_at":"0000-01-01T00:00:00+23:59"}}`,
		`{"customer":{"name":"a","NAME":"b"}}`, `{"cuſtomer":{}}`, `{"notes":"\u0000\u001b[2J"}`, `{"": 1}`,
		`{"tried":[{"scenario":"C","at":"2026-11-20T09:30:00+01:00","note":"x"},{"scenario":"E"}]}`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzDecoderAgreesWithSchema is the contract of `cspfix schema`: for one JSON object, the
// decoder accepts it exactly when it is I-JSON (RFC 7493: UTF-8, no key twice, no unpaired
// surrogate; checked with the strict encoding/json/v2 text parser) and the schema validates it.
func FuzzDecoderAgreesWithSchema(f *testing.F) {
	seedCases(f)
	s := compiledSchema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		trimmed := bytes.TrimLeft(data, " \t\r\n")
		if len(trimmed) == 0 || trimmed[0] != '{' || bytes.ContainsAny(data, "\n\r") {
			// One object on one line: the decoder frames several records otherwise.
			return
		}
		schemaOK := jsontext.Value(data).IsValid() && validate(s, data) == nil
		// In UTC: a pattern cannot know the hours a zone skips or repeats (time_skipped,
		// time_twice), so the schema holds to the decoder for a zone without summer time.
		dec := NewDecoderWith(bytes.NewReader(data), DecodeOptions{Location: time.UTC})
		var c Case
		err := dec.Next(&c)
		decoderOK := err == nil && errors.Is(dec.Next(&c), io.EOF)
		if schemaOK != decoderOK {
			t.Fatalf("%q: schema and I-JSON say %v, the decoder says %v (%v)", data, schemaOK, decoderOK, err)
		}
	})
}

func FuzzStringStop(f *testing.F) {
	for _, s := range []string{"", "plain text", `quote " here`, `back\slash`, "tab\there", "0123456789abcdef\"", "äöü 😀\n"} {
		f.Add([]byte(s), 0)
	}
	f.Fuzz(func(t *testing.T, b []byte, i int) {
		if i < 0 || i > len(b) {
			return
		}
		want := len(b)
		for j := i; j < len(b); j++ {
			if c := b[j]; c == '"' || c == '\\' || c < 0x20 {
				want = j
				break
			}
		}
		if got := stringStop(b, i); got != want {
			t.Fatalf("stringStop(%q, %d) = %d, want %d", b, i, got, want)
		}
	})
}

// FuzzQuickFraming: reading a JSON Lines record straight from the buffer gives what framing it
// first gives, for any input: the same records, problems and lines.
func FuzzQuickFraming(f *testing.F) {
	seedCases(f)
	for _, s := range []string{"{\"id\":\"a\"}{\"id\":\"b\"}\n{\"id\":\"c\"", "[{\"id\":\"a\"},{\"id\":\"b\"}]", "{\"id\":\"a\"} x\n{\n\"id\":\"b\"}", "{\"id\":\"\xff\"}\n{}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		outcome := func() string {
			dec := NewDecoder(bytes.NewReader(data))
			var out []string
			for n := 0; n <= len(data); n++ {
				var c Case
				err := dec.Next(&c)
				if errors.Is(err, io.EOF) {
					break
				}
				var ie *InputError
				if errors.As(err, &ie) {
					for _, p := range ie.Problems() {
						out = append(out, p.Message(scenarios.Embedded(), scenarios.EN)+"@"+strconv.Itoa(p.Line))
					}
					out = append(out, "#"+ie.CaseID)
					continue
				}
				b, _ := c.MarshalJSON()
				out = append(out, string(b)+"@"+strconv.Itoa(dec.Line()))
			}
			return strings.Join(out, "\n")
		}
		quick := outcome()
		quickPath = false
		framed := outcome()
		quickPath = true
		if quick != framed {
			t.Fatalf("%q\nquick:\n%s\nframed:\n%s", data, quick, framed)
		}
	})
}
