package diagnose

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/cspfix/cspfix/internal/casegen"
	"github.com/cspfix/cspfix/scenarios"
)

// outcome is one record as the decoder saw it: "id" for a valid case, "!kind@line:field" for an
// invalid one.
func decodeAll(t testing.TB, r io.Reader) []string {
	t.Helper()
	dec := NewDecoder(r)
	var out []string
	for {
		var c Case
		err := dec.Next(&c)
		if errors.Is(err, io.EOF) {
			return out
		}
		var ie *InputError
		switch {
		case errors.As(err, &ie):
			if ie.Record != len(out)+1 {
				t.Fatalf("record number %d, want %d", ie.Record, len(out)+1)
			}
			out = append(out, "!"+string(ie.Kind)+"@"+strconv.Itoa(ie.Line)+":"+ie.Field)
		case err != nil:
			t.Fatalf("unexpected error: %v", err)
		default:
			out = append(out, c.ID)
		}
		if len(out) > 1000 {
			t.Fatal("decoder does not advance")
		}
	}
}

func TestDecoderFormats(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
	}{
		{"one object", `{"id":"a"}`, "a"},
		{"one pretty object", "{\n  \"id\": \"a\",\n  \"answers\": {\n    \"other_csp\": \"yes\"\n  }\n}\n", "a"},
		{"JSON Lines", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n", "a b c"},
		{"JSON Lines without final newline", "{\"id\":\"a\"}\n{\"id\":\"b\"}", "a b"},
		{"concatenated pretty objects", "{\n \"id\": \"a\"\n}\n{\n \"id\": \"b\"\n}", "a b"},
		{"array", `[{"id":"a"},{"id":"b"}]`, "a b"},
		{"pretty array", "[\n  {\"id\": \"a\"},\n  {\"id\": \"b\"}\n]\n", "a b"},
		{"empty array", `[]`, ""},
		{"empty input", "", ""},
		{"white space only", " \n\t\r\n", ""},
		{"blank lines between records", "{\"id\":\"a\"}\n\n\n{\"id\":\"b\"}\n", "a b"},
		{"CRLF line ends", "{\"id\":\"a\"}\r\n{\"id\":\"b\"}\r\n", "a b"},
		{"UTF-8 byte order mark", "\ufeff{\"id\":\"a\"}", "a"},
		{"braces inside strings", `{"id":"a}{[","notes":"\"}"}`, "a}{["},
		{"an editor's schema link", `{"$schema":"./case.schema.json","id":"a"}`, "a"},
		{"null values count as missing", `{"id":"a","customer":null,"answers":{"other_csp":null},"attempts":null}`, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, reader := range []struct {
				name string
				r    io.Reader
			}{
				{"whole", strings.NewReader(tt.in)},
				{"one byte at a time", iotest.OneByteReader(strings.NewReader(tt.in))},
			} {
				got := strings.Join(decodeAll(t, reader.r), " ")
				if got != tt.want {
					t.Errorf("%s: got %q, want %q", reader.name, got, tt.want)
				}
			}
		})
	}
}

func TestDecoderErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
		message  string
	}{
		{"unknown key with suggestion", `{"id":"a","answer":{}}`,
			"!unknown_key@1:answer", `answer: unknown key; the keys here are $schema, id, customer, partner, operation, error_place, error_message, attempts, answers, tried, outcome, notes, retry_at, lookups (did you mean "answers"?)`},
		{"answer outside answers", `{"other_csp":"yes"}`,
			"!unknown_key@1:other_csp", `did you mean "answers.other_csp"?`},
		{"misspelt nested key", `{"answers":{"invitaton_pending":"yes"}}`,
			"!unknown_key@1:answers.invitaton_pending", `did you mean "invitation_pending"?`},
		{"no suggestion for nonsense", `{"zzzzzzzz":1}`, "!unknown_key@1:zzzzzzzz", "the keys here are"},
		{"value outside the enum", `{"answers":{"other_csp":"maybe"}}`,
			"!bad_value@1:answers.other_csp", `answers.other_csp: "maybe" is not allowed; use one of: yes, no, unknown`},
		{"search enum", `{"answers":{"partner_center_search":"maybe"}}`,
			"!bad_value@1:answers.partner_center_search", "found, not_found, not_checked (letter case does not matter; also accepted: found: yes"},
		{"bad timestamp", `{"attempts":["2026-11-20"]}`,
			"!bad_time@1:attempts[0]", `attempts[0]: "2026-11-20" is not a time cspfix reads; write it like 2026-11-20 09:14`},
		{"timestamp of wrong type", `{"answers":{"recent_change_at":1700000000}}`,
			"!bad_time@1:answers.recent_change_at", "is not a time cspfix reads"},
		{"a boolean where no answer takes one", `{"tried":[{"scenario":true}]}`,
			"!bad_value@1:tried[0].scenario", "true is not allowed; use one of: A, B, C, D"},
		{"a Partner ID that is no integer", `{"partner":{"partner_id":48.5}}`,
			"!bad_number@1:partner.partner_id", "48.5 is not a Partner ID"},
		{"a negative Partner ID", `{"partner":{"partner_id":-4847383}}`, "!bad_number@1:partner.partner_id", ""},
		{"a Partner ID beyond 20 digits", `{"partner":{"partner_id":1e20}}`, "!bad_number@1:partner.partner_id", ""},
		{"bad tried scenario", `{"tried":[{"scenario":"C"},{"scenario":"E"}]}`,
			"!bad_value@1:tried[1].scenario", `"E" is not allowed; use one of: A, B, C, D`},
		{"tried with unknown key", `{"tried":[{"scenario":"C","when":"now"}]}`,
			"!unknown_key@1:tried[0].when", "the keys here are scenario, at, note"},
		{"wrong type string", `{"customer":{"tenant_id":42}}`,
			"!wrong_type@1:customer.tenant_id", "customer.tenant_id: must be a string, not a number"},
		{"wrong type object", `{"answers":[]}`, "!wrong_type@1:answers", "must be an object, not a list"},
		{"wrong type list", `{"tried":{}}`, "!wrong_type@1:tried", "must be a list, not an object"},
		{"not an object", `"hello"`, "!not_object@1:", "a case must be a JSON object, not a string"},
		{"garbage", `hello world`, "!syntax@1:", "not valid JSON: invalid character 'h'"},
		{"truncated at the end", `{"id":"a"`, "!truncated@1:", "not valid JSON: the record ends too early"},
		{"invalid UTF-8", "{\"id\":\"\xff\"}", "!encoding@1:", "it is not valid UTF-8 text"},
		{"syntax error on a later line", "{\n\"id\": \"a\",\n\"notes\": x\n}", "!syntax@3:", "invalid character 'x'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(decodeAll(t, strings.NewReader(tt.in)), " ")
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			var c Case
			err := NewDecoder(strings.NewReader(tt.in)).Next(&c)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("want an InputError, got %v", err)
			}
			if msg := ie.Message(scenarios.Embedded(), scenarios.EN); !strings.Contains(msg, tt.message) {
				t.Errorf("message %q lacks %q", msg, tt.message)
			}
			if de := ie.Message(scenarios.Embedded(), scenarios.DE); de == ie.Message(scenarios.Embedded(), scenarios.EN) || strings.Contains(de, "{") {
				t.Errorf("German message not translated or not filled in: %q", de)
			}
		})
	}
}

// TestDecoderResynchronises shows that one broken record costs only itself: the records after it
// are read, with the right record and line numbers.
func TestDecoderResynchronises(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a"}`,
		`{"id":"b","answers":{"other_csp":"maybe"}}`,
		`not json at all`,
		`{"id":"unterminated`,
		`42`,
		``,
		`{"id":"f"}`,
	}, "\n")
	got := strings.Join(decodeAll(t, strings.NewReader(in)), " ")
	want := "a !bad_value@2:answers.other_csp !syntax@3: !truncated@4: !not_object@5: f"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	arr := `[{"id":"a"}, 7, "x", {"id":"d"}]`
	if got, want := strings.Join(decodeAll(t, strings.NewReader(arr)), " "), "a !not_object@1: !not_object@1: d"; got != want {
		t.Errorf("array: got %q, want %q", got, want)
	}
}

func TestDecoderReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	dec := NewDecoder(io.MultiReader(strings.NewReader(`{"id":"a"}`+"\n"), iotest.ErrReader(boom)))
	var c Case
	if err := dec.Next(&c); err != nil {
		t.Fatalf("first record: %v", err)
	}
	if err := dec.Next(&c); !errors.Is(err, boom) {
		t.Fatalf("want the read error, got %v", err)
	}
}

func TestDecoderKeepsTimeOffsets(t *testing.T) {
	var c Case
	if err := NewDecoder(strings.NewReader(`{"attempts":["2026-11-20T09:14:00+01:00"]}`)).Next(&c); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(c.Attempts[0])
	if string(b) != `"2026-11-20T09:14:00+01:00"` {
		t.Errorf("offset lost: %s", b)
	}
}

func FuzzDecoder(f *testing.F) {
	for _, s := range []string{
		`{"id":"a"}`, "[{\"id\":\"a\"},1]", "{\"id\":\"a\"}\n{\"x\":1}\n", `{"answers":{"other_csp":"maybe"}}`,
		`{"tried":[{"scenario":"Z"}]}`, "\ufeff[\n{}\n]", `{"id":"a`, `}}}]]]`, "\"\\\n{}",
		// lookups, as a saved case holds them, and broken ones
		`{"customer":{"tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31","name":"C"},"lookups":[{"source":"graph","fact":"tenant_name","value":"\u202eX","at":"2026-11-20T10:00:00Z"},{"source":"partner_center","fact":"customer_relationship","value":"reseller","at":"2026-11-20T10:00:00Z"},{"source":"graph","fact":"admin_relationship_ended","value":"bad","at":"2026-11-20T10:00:00Z"}]}`,
		`{"lookups":[{"source":"graph","fact":"x","at":"x"},{}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := NewDecoder(strings.NewReader(string(data)))
		e := &Engine{Model: testModel, Lang: scenarios.DE, Now: testNow}
		for n := 1; ; n++ {
			var c Case
			err := dec.Next(&c)
			if errors.Is(err, io.EOF) {
				return
			}
			var ie *InputError
			var he *HeaderError
			switch {
			case errors.As(err, &he):
				return // a CSV input whose header cannot be read: refused as a whole
			case errors.As(err, &ie):
				if ie.Record != n || ie.Line < 1 {
					t.Fatalf("record %d: bad position %+v", n, ie)
				}
				for _, p := range ie.Problems() {
					_ = p.Message(scenarios.Embedded(), scenarios.DE)
				}
			case err != nil:
				t.Fatal(err)
			default:
				e.Diagnose(&c, n)
			}
			if n > len(data)+1 {
				t.Fatalf("more records than bytes: the decoder does not advance")
			}
		}
	})
}

func TestDecoderReadsUTF16(t *testing.T) {
	text := "{\"id\":\"a\",\"customer\":{\"name\":\"Müller 😀\"}}\r\n{\"id\":\"b\"}\r\n"
	for _, be := range []bool{false, true} {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(casegen.UTF16(text, be))
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			dec := NewDecoder(r)
			var c Case
			if err := dec.Next(&c); err != nil || c.ID != "a" || c.Customer.Name != "Müller 😀" {
				t.Fatalf("big endian %v, one byte %v: %v %+v", be, oneByte, err, c)
			}
			if err := dec.Next(&c); err != nil || c.ID != "b" || dec.Line() != 2 {
				t.Fatalf("second record: %v %+v line %d", err, c, dec.Line())
			}
		}
	}
}

func TestDecoderResyncsAfterATruncatedLine(t *testing.T) {
	in := "{\"id\":\"a\",\"answers\":{\"other_csp\":\"y\n{\"id\":\"b\"}\n{\"id\":\"c\",\"notes\":[1,\n{\"id\":\"d\"}\n"
	if got, want := strings.Join(decodeAll(t, strings.NewReader(in)), " "), "!truncated@1: b !truncated@3: d"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// Pretty-printed records may hold unindented objects on their own lines: never split them.
	pretty := "{\n\"id\": \"p\",\n\"tried\": [\n{\"scenario\": \"C\"}\n]\n}\n{\"id\":\"q\"}\n"
	if got, want := strings.Join(decodeAll(t, strings.NewReader(pretty)), " "), "p q"; got != want {
		t.Errorf("pretty: got %q, want %q", got, want)
	}
}

func TestDecoderHostileRecords(t *testing.T) {
	deep := `{"notes":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}"
	huge := `{"id":"big","notes":"` + strings.Repeat("x", 4<<20) + `"}`
	tests := []struct {
		name, in, want string
	}{
		{"deep nesting", deep + "\n{\"id\":\"ok\"}", "!too_deep@1: ok"},
		{"NUL byte in a string", "{\"id\":\"a\x00b\"}\n{\"id\":\"ok\"}", "!syntax@1: ok"},
		{"NUL bytes between records", "\x00\x00\n{\"id\":\"ok\"}", "!syntax@1: ok"},
		{"megabytes of notes", huge + "\n{\"id\":\"ok\"}", "big ok"},
		{"too large", `{"notes":"` + strings.Repeat("x", MaxRecordSize+10) + "\"}\n{\"id\":\"ok\"}", "!too_large@1: ok"},
		{"invalid UTF-8", "{\"id\":\"\xc3\x28\"}\n{\"id\":\"ok\"}", "!encoding@1: ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(decodeAll(t, strings.NewReader(tt.in)), " "); got != tt.want {
				t.Errorf("got %.200q, want %q", got, tt.want)
			}
		})
	}
}

// TestDecodedCasesKeepTheirMemory: the lists and times of every case decoded from a stream stay
// as they were decoded while the decoder goes on (they come from the decoder's arena), with
// lists of every length up to beyond a block's.
func TestDecodedCasesKeepTheirMemory(t *testing.T) {
	var lines []string
	for i := range 600 {
		n := i % 7
		if i%100 == 99 {
			n = 300 // more than a block holds
		}
		var attempts, tried []string
		for k := range n {
			at := time.Date(2026, 11, 1+k%28, i%24, k%60, 0, 0, time.UTC).Format(time.RFC3339)
			attempts = append(attempts, strconv.Quote(at))
			tried = append(tried, `{"scenario":"`+string(rune('A'+k%4))+`","at":`+strconv.Quote(at)+`,"note":"n`+strconv.Itoa(k)+`"}`)
		}
		line := `{"id":"c` + strconv.Itoa(i) + `"`
		if n > 0 {
			line += `,"attempts":[` + strings.Join(attempts, ",") + `]`
		}
		line += `,"answers":{"recent_change":"yes","recent_change_at":"2026-11-0` + strconv.Itoa(1+i%9) + `T10:00:00Z"}`
		if n > 0 {
			line += `,"tried":[` + strings.Join(tried, ",") + `]`
		}
		lines = append(lines, line+`,"outcome":{"status":"fixed","scenario":"A","at":"2026-11-20T10:00:00+01:00"}}`)
	}
	dec := NewDecoder(strings.NewReader(strings.Join(lines, "\n")))
	kept := make([]*Case, len(lines))
	for i := range lines {
		var c Case
		if err := dec.Next(&c); err != nil {
			t.Fatalf("case %d: %v", i+1, err)
		}
		kept[i] = &c
	}
	// The lines are written as a case file holds them: a case that kept its memory is
	// written back exactly so.
	for i, line := range lines {
		got, err := json.Marshal(kept[i])
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != line {
			t.Fatalf("case %d changed after it was decoded:\n%s\nwant\n%s", i+1, got, line)
		}
	}
}
