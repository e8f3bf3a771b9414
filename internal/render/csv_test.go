package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

// results diagnoses the records of in (JSON Lines).
func results(t *testing.T, in string, lang scenarios.Lang) []diagnose.Result {
	t.Helper()
	e := &diagnose.Engine{Model: testmodel.Embedded(), Lang: lang, Now: testNow}
	dec := testmodel.Embedded().NewDecoder(strings.NewReader(in))
	var out []diagnose.Result
	for {
		var c diagnose.Case
		err := dec.Next(&c)
		var ie *diagnose.InputError
		switch {
		case errors.Is(err, io.EOF):
			return out
		case errors.As(err, &ie):
			out = append(out, testmodel.Embedded().InvalidResult(ie, lang))
		case err != nil:
			t.Fatal(err)
		default:
			out = append(out, e.Diagnose(&c, dec.Record()))
		}
	}
}

const spreadsheetCases = `{"id":"=HYPERLINK(\"http://x\")","customer":{"name":"Müller \u001b[31mGmbH\n& Söhne","tenant_id":"contoso.de"}}
{"id":"@SUM(1)","customer":{"domain":"-2+3.de"},"answers":{"other_csp":"yes"},"tried":[{"scenario":"A"}]}
{"id":"bad","customer":{"name":"Fourth Coffee"},"answers":{"other_csp":"maybe"},"zz":1}
{"id":"\t=1+1","customer":{"name":" +1"}}
`

// TestCSVResultsReadBack writes results for Excel and reads them back as Excel in a German
// locale would: one row per case under the header, umlauts intact, nothing from the input that
// a spreadsheet takes for a formula or that carries a control character.
func TestCSVResultsReadBack(t *testing.T) {
	for _, excel := range []bool{false, true} {
		var b bytes.Buffer
		w := NewCSV(&b, Options{Lang: scenarios.DE, Catalog: scenarios.Embedded()}, excel)
		for _, r := range results(t, spreadsheetCases, scenarios.DE) {
			if err := w.Write(&r); err != nil {
				t.Fatal(err)
			}
		}
		out := b.Bytes()
		hasBOM := bytes.HasPrefix(out, []byte("\ufeff"))
		crlf := bytes.Count(out, []byte("\r\n"))
		lf := bytes.Count(out, []byte("\n"))
		if excel != hasBOM || excel && crlf != lf || !excel && crlf != 0 {
			t.Errorf("excel=%v: BOM %v, %d CRLF of %d line ends", excel, hasBOM, crlf, lf)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\ufeff"))))
		if excel {
			r.Comma = ';'
		}
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("excel=%v: %v\n%s", excel, err, out)
		}
		if len(rows) != 5 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
			t.Fatalf("excel=%v: %d rows, header %q", excel, len(rows), rows[0])
		}
		col := func(row int, name string) string {
			for i, h := range CSVHeader {
				if h == name {
					return rows[row][i]
				}
			}
			t.Fatalf("no column %s", name)
			return ""
		}
		for _, check := range []struct {
			row       int
			col, want string
		}{
			{1, "id", `'=HYPERLINK("http://x")`},
			{1, "customer", "Müller GmbH & Söhne"},
			{1, "status", "diagnosed"},
			{1, "scenario", "C"},
			{1, "confidence", "high"},
			{1, "title", scenarios.Embedded().Scenarios[2].Title.In(scenarios.DE)},
			{1, "evidence", "tenant_id_is_domain"},
			{2, "id", "'@SUM(1)"},
			{2, "customer", "'-2+3.de"},
			{2, "evidence", "other_csp"},
			{3, "status", "invalid"},
			{3, "customer", "Fourth Coffee"}, // an invalid record still says whose it is
			{4, "id", "' =1+1"},
			{4, "customer", "' +1"},
		} {
			if got := col(check.row, check.col); got != check.want {
				t.Errorf("excel=%v: row %d %s = %q, want %q", excel, check.row, check.col, got, check.want)
			}
		}
		if e := col(3, "error"); !strings.Contains(e, `"maybe"`) || !strings.Contains(e, " | zz: ") {
			t.Errorf("error column %q does not list every problem", e)
		}
		if m := col(1, "missing"); !strings.Contains(m, "customer.confirmed_tenant_id; ") {
			t.Errorf("missing column %q", m)
		}
	}
}

// TestSummaryCounts counts a batch in every format.
func TestSummaryCounts(t *testing.T) {
	s := testmodel.Embedded().NewSummary()
	lines := strings.SplitAfter(spreadsheetCases, "\n")
	rs := results(t, strings.Join(lines[:3], "")+`{"id":"x","customer":{"tenant_id":"contoso.de"}}`+"\n", scenarios.EN)
	for i := range rs {
		s.Add(&rs[i])
	}
	opts := Options{Lang: scenarios.EN, Catalog: scenarios.Embedded()}
	var text, md, js bytes.Buffer
	for format, b := range map[Format]*bytes.Buffer{Text: &text, Markdown: &md, JSON: &js} {
		if err := Summary(b, s, format, opts); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"Summary of 4 cases\n", "  Status      diagnosed 2 · incomplete 1 · invalid 1\n",
		"  Cause       C 2 · none 2\n", "Most common evidence\n  2  tenant_id_is_domain\n",
		"Most often still unknown\n  3  Which tenant ID does the customer see"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if !strings.Contains(md.String(), "| 2 | `tenant_id_is_domain` |") || !strings.Contains(md.String(), "## Summary of 4 cases") {
		t.Errorf("markdown:\n%s", md.String())
	}
	var got struct {
		Cases    int            `json:"cases"`
		Status   map[string]int `json:"status"`
		Scenario map[string]int `json:"scenario"`
		Evidence []struct {
			Code  string `json:"code"`
			Count int    `json:"count"`
		} `json:"evidence"`
		Missing []struct {
			Field string `json:"field"`
			Count int    `json:"count"`
		} `json:"missing"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, js.String())
	}
	if got.Cases != 4 || got.Status["invalid"] != 1 || got.Status["resolved"] != 0 || got.Scenario["C"] != 2 || got.Scenario["none"] != 2 ||
		got.Evidence[0].Code != "tenant_id_is_domain" || got.Evidence[0].Count != 2 || got.Missing[0].Field != "customer.confirmed_tenant_id" {
		t.Errorf("json: %s", js.String())
	}
}

// TestSummaryNamesInvalidRecords: a summary says which records to correct, the first ten, and
// how many more there are.
func TestSummaryNamesInvalidRecords(t *testing.T) {
	s := testmodel.Embedded().NewSummary()
	var in strings.Builder
	for i := range 12 {
		in.WriteString(`{"id":"r` + string(rune('a'+i)) + `","answers":{"other_csp":"maybe"}}` + "\n")
	}
	rs := results(t, in.String(), scenarios.EN)
	for i := range rs {
		s.Add(&rs[i])
	}
	var text, js bytes.Buffer
	opts := Options{Lang: scenarios.EN, Catalog: scenarios.Embedded()}
	if err := Summary(&text, s, Text, opts); err != nil {
		t.Fatal(err)
	}
	if err := Summary(&js, s, JSON, opts); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Invalid records\n  • Invalid record ra (line 1): answers.other_csp: \"maybe\"", "• Invalid record rj", "  … and 2 more\n"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if strings.Contains(text.String(), "record rk") || !strings.Contains(js.String(), `"invalid":[{"id":"ra","line":1,"message":"answers.other_csp: \"maybe\" is not allowed`) {
		t.Errorf("json: %s", js.String())
	}
}
