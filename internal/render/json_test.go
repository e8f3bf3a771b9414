package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casegen"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

var testNow = testkit.Now

func decodeOne(t testing.TB, js string) *diagnose.Case {
	t.Helper()
	var c diagnose.Case
	if err := testmodel.Embedded().NewDecoder(strings.NewReader(js)).Next(&c); err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	return &c
}

func TestResultJSONShape(t *testing.T) {
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testNow}
	enc := ResultJSON{Lang: scenarios.EN, Catalog: scenarios.Embedded()}
	for _, js := range []string{`{}`, `{"id":"x","answers":{"other_csp":"yes"}}`} {
		r := e.Diagnose(decodeOne(t, js), 1)
		var m map[string]any
		if err := json.Unmarshal(enc.Append(nil, &r), &m); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"id", "status", "scenario", "confidence", "title", "known_error", "candidates", "steps", "missing", "warnings", "ticket"} {
			if _, ok := m[key]; !ok {
				t.Errorf("%s: key %q missing from %v", js, key, m)
			}
		}
		if len(m) != 11 {
			t.Errorf("unexpected keys: %v", m)
		}
	}
	inv := testmodel.Embedded().InvalidResult(&diagnose.InputError{Record: 3,
		Problem: diagnose.Problem{Line: 4, Field: "answers.other_csp", Kind: diagnose.ErrBadValue, Got: `"maybe"`, Allowed: []string{"yes"}},
		More:    []diagnose.Problem{{Line: 5, Kind: diagnose.ErrTruncated}}}, scenarios.EN)
	got := string(enc.Append(nil, &inv))
	want := `{"id":"#3","status":"invalid","error":{"message":"answers.other_csp: \"maybe\" is not allowed; use one of: yes","line":4,"field":"answers.other_csp"},` +
		`"errors":[{"message":"answers.other_csp: \"maybe\" is not allowed; use one of: yes","line":4,"field":"answers.other_csp"},` +
		`{"message":"not valid JSON: the record ends too early","line":5,"field":null}]}`
	if got != want {
		t.Errorf("invalid result\n got: %s\nwant: %s", got, want)
	}
}

// TestKnownErrorInEveryOutput: the known error text a case's message is (its code) is in the
// result's JSON and CSV, not only in the ticket, so that a batch can be sorted by it; null and
// an empty cell for no text or one the catalog does not know.
func TestKnownErrorInEveryOutput(t *testing.T) {
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testNow}
	opts := Options{Lang: scenarios.EN, Catalog: scenarios.Embedded()}
	for _, tt := range []struct {
		js   string
		want any // the JSON value
	}{
		{`{"error_message":"Error: „Partner relation does not work because it is already existing“"}`, "already_existing"},
		{`{"error_message":"Quota exceeded"}`, nil},
		{`{}`, nil},
	} {
		r := e.Diagnose(decodeOne(t, tt.js), 1)
		enc := ResultJSON{Lang: scenarios.EN, Catalog: opts.Catalog}
		var m map[string]any
		if err := json.Unmarshal(enc.Append(nil, &r), &m); err != nil {
			t.Fatal(err)
		}
		if got, ok := m["known_error"]; !ok || got != tt.want {
			t.Errorf("%s: JSON known_error %v (present %v), want %v", tt.js, got, ok, tt.want)
		}
		var out bytes.Buffer
		if err := NewCSV(&out, opts, false).Write(&r); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&out).ReadAll()
		col := slices.Index(CSVHeader, "known_error")
		want, _ := tt.want.(string)
		if err != nil || col < 0 || rows[1][col] != want {
			t.Errorf("%s: CSV %q (%v), want known_error %q", tt.js, rows, err, want)
		}
	}
}

// TestStepsReusedOnlyWhileTheyAreTheSame: the JSON of a scenario's steps is made once, and not
// used for a result whose steps differ.
func TestStepsReusedOnlyWhileTheyAreTheSame(t *testing.T) {
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testNow}
	enc := ResultJSON{Lang: scenarios.EN, Catalog: scenarios.Embedded()}
	r := e.Diagnose(decodeOne(t, `{"answers":{"other_csp":"yes"}}`), 1)
	first := string(enc.Append(nil, &r))
	r.Steps = []string{"only this"}
	if got := string(enc.Append(nil, &r)); !strings.Contains(got, `"steps":["only this"]`) || got == first {
		t.Errorf("changed steps not written: %s", got)
	}
}

// FuzzResultJSON: whatever the input, every result, invalid ones included, is one valid line of
// JSON in either language.
func FuzzResultJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":"a"}`, "[{\"id\":\"a\"},1]", "{\"id\":\"a\"}\n{\"x\":1}\n", `{"answers":{"other_csp":"maybe"}}`,
		`{"tried":[{"scenario":"Z"}]}`, "\ufeff[\n{}\n]", `{"id":"a`, `}}}]]]`, "\"\\\n{}", `{"id":"\u202e\u0000"}`,
		// lookups, as a saved case holds them, and broken ones
		`{"customer":{"tenant_id":"4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31","name":"C"},"lookups":[{"source":"graph","fact":"tenant_name","value":"\u202eX","at":"2026-11-20T10:00:00Z"},{"source":"partner_center","fact":"customer_relationship","value":"reseller","at":"2026-11-20T10:00:00Z"},{"source":"graph","fact":"admin_relationship_ended","value":"bad","at":"2026-11-20T10:00:00Z"}]}`,
		`{"lookups":[{"source":"graph","fact":"x","at":"x"},{}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := testmodel.Embedded().NewDecoder(bytes.NewReader(data))
		e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.DE, Now: testNow}
		enc := ResultJSON{Lang: scenarios.DE, Catalog: scenarios.Embedded()}
		for n := 1; n <= len(data)+1; n++ {
			var c diagnose.Case
			err := dec.Next(&c)
			if errors.Is(err, io.EOF) {
				return
			}
			var ie *diagnose.InputError
			var he *diagnose.HeaderError
			var r diagnose.Result
			switch {
			case errors.As(err, &he):
				return // a CSV input refused for its header
			case errors.As(err, &ie):
				r = testmodel.Embedded().InvalidResult(ie, scenarios.DE)
			case err != nil:
				t.Fatal(err)
			default:
				r = e.Diagnose(&c, n)
			}
			line := enc.Append(nil, &r)
			if !json.Valid(line) {
				t.Fatalf("invalid JSON: %s", line)
			}
			sameJSON(t, line, enc.Doc(&r), false)
			if r.Status != diagnose.Invalid {
				sameTicketJSON(t, e.Ticket(r.Case, &r, scenarios.EN, "cspfix test"), false)
			}
		}
	})
}

// TestResultJSONAsTheTypeSays: the hand-written JSON of a result is what encoding/json makes of
// its Go type (ResultDoc, InvalidDoc), byte for byte, for every case of a generated batch with
// broken records among them, in both languages.
func TestResultJSONAsTheTypeSays(t *testing.T) {
	var in bytes.Buffer
	if err := casegen.Write(&in, 2000, 5); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(in.String(), "\n")
	for i := 0; i < len(lines); i += 97 { // a broken record now and then
		lines[i] = strings.Replace(lines[i], `"other_csp":"`, `"other_csp":"maybe`, 1)
		lines[i+1] = strings.Replace(lines[i+1], `"id":`, `"id":"x","bogus":1,"id":`, 1)
	}
	for _, lang := range scenarios.Langs {
		e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: lang, Now: testNow, Generator: "cspfix test"}
		enc := ResultJSON{Lang: lang, Catalog: scenarios.Embedded()}
		dec := testmodel.Embedded().NewDecoder(strings.NewReader(strings.Join(lines, "")))
		invalid := 0
		for n := 1; ; n++ {
			var c diagnose.Case
			err := dec.Next(&c)
			if errors.Is(err, io.EOF) {
				break
			}
			var r diagnose.Result
			var ie *diagnose.InputError
			switch {
			case errors.As(err, &ie):
				r, invalid = testmodel.Embedded().InvalidResult(ie, lang), invalid+1
			case err != nil:
				t.Fatal(err)
			default:
				e.DiagnoseInto(&r, &c, n)
			}
			sameJSON(t, enc.Append(nil, &r), enc.Doc(&r), true)
		}
		if invalid < 20 {
			t.Fatalf("only %d invalid records", invalid)
		}
	}
}

// sameJSON compares a line of hand-written JSON with what encoding/json writes of doc: byte for
// byte when exact, else as values (encoding/json writes \b and \f short, sanitize as \u escapes).
func sameJSON(t *testing.T, got []byte, doc any, exact bool) {
	t.Helper()
	sameAs(t, "result JSON", got, doc, exact)
}

// sameAs holds got, the JSON of what, to what encoding/json writes of doc, as sameJSON says.
func sameAs(t *testing.T, what string, got []byte, doc any, exact bool) {
	t.Helper()
	want, err := marshalLine(doc)
	if err != nil {
		t.Fatal(err)
	}
	want = bytes.TrimSuffix(want, []byte("\n"))
	if exact {
		if !bytes.Equal(got, want) {
			t.Fatalf("%s\n%s\nnot as encoding/json writes its type\n%s", what, got, want)
		}
		return
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%v: %s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s\n%s\nmeans something else than\n%s", what, got, want)
	}
}

// TestTicketJSONAsTheStructSays: the ticket's hand-written JSON is what encoding/json makes of
// the Ticket struct and its tags (escaping aside, which is sanitize's), for every case of a
// generated batch, in both languages.
func TestTicketJSONAsTheStructSays(t *testing.T) {
	var in bytes.Buffer
	if err := casegen.Write(&in, 2000, 3); err != nil {
		t.Fatal(err)
	}
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testNow,
		Desk: diagnose.Desk{Contact: diagnose.Contact{Name: "Jana Berger", Email: "jana@example.com"}}}
	dec := testmodel.Embedded().NewDecoder(bytes.NewReader(in.Bytes()))
	tickets := 0
	for n := 1; ; n++ {
		var c diagnose.Case
		err := dec.Next(&c)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			continue
		}
		r := e.Diagnose(&c, n)
		for _, lang := range scenarios.Langs {
			sameTicketJSON(t, e.Ticket(r.Case, &r, lang, "cspfix test"), true)
			tickets++
		}
	}
	if tickets < 1000 {
		t.Fatalf("only %d tickets compared", tickets)
	}
}

// sameTicketJSON compares appendTicket with encoding/json: byte for byte when exact, else as
// values (encoding/json writes \b and \f short, sanitize as \u escapes).
func sameTicketJSON(t *testing.T, ticket *diagnose.Ticket, exact bool) {
	t.Helper()
	sameAs(t, "ticket JSON", appendTicket(nil, ticket), ticket, exact)
}

// BenchmarkPipeline measures decode, diagnose and JSON encoding per case: the batch path.
func BenchmarkPipeline(b *testing.B) {
	var buf bytes.Buffer
	if err := casegen.Write(&buf, 10000, 42); err != nil {
		b.Fatal(err)
	}
	in := buf.Bytes()
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.EN, Now: testNow}
	enc := ResultJSON{Lang: scenarios.EN, Catalog: scenarios.Embedded()}
	b.SetBytes(int64(len(in)) / 10000)
	b.ReportAllocs()
	b.ResetTimer()
	var out []byte
	done := 0
	for done < b.N {
		dec := testmodel.Embedded().NewDecoder(bytes.NewReader(in))
		for done < b.N {
			var c diagnose.Case
			err := dec.Next(&c)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			r := e.Diagnose(&c, dec.Record())
			out = enc.Append(out[:0], &r)
			done++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
}
