package diagnose

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/cspfix/cspfix/scenarios"
)

// csvRecords decodes every record of in and describes each: its number, line and values, or
// its problems (kind@line:field).
func csvRecords(t testing.TB, in []byte, opts DecodeOptions) []string {
	t.Helper()
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	d := NewDecoderWith(bytes.NewReader(in), opts)
	var out []string
	for {
		var c Case
		err := d.Next(&c)
		if errors.Is(err, io.EOF) {
			return out
		}
		var ie *InputError
		switch {
		case errors.As(err, &ie):
			var ps []string
			for _, p := range ie.Problems() {
				ps = append(ps, fmt.Sprintf("%s@%d:%s", p.Kind, p.Line, p.Field))
			}
			out = append(out, fmt.Sprintf("#%d line %d %q: %s", d.Record(), d.Line(), ie.CaseID, strings.Join(ps, " ")))
		case err != nil:
			t.Fatal(err)
		default:
			var vs []string
			for _, f := range CSVColumns() {
				if f.Known(&c) {
					v := f.Value(&c)
					if f.Path == "tried" {
						v = ""
						for _, tr := range c.Tried {
							v += string(tr.Scenario)
							if tr.At != nil {
								v += "@" + tr.At.Format(time.RFC3339)
							}
							v += " "
						}
					}
					if f.Path == "attempts" {
						v = fmt.Sprint(len(c.Attempts), " ", v)
					}
					vs = append(vs, f.Path+"="+strings.TrimSpace(v))
				}
			}
			out = append(out, fmt.Sprintf("#%d line %d: %s", d.Record(), d.Line(), strings.Join(vs, " ")))
		}
	}
}

func TestCSVInput(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts DecodeOptions
		want []string
	}{
		{"semicolons, values as exported, quoted cells over lines",
			"ID;Customer.Name;answers.other_csp;answers.partner_center_search;partner.partner_id;attempts;tried\r\n" +
				"r1;\"Contoso; \"\"Main\"\"\";Ja;Nicht gefunden;4847383;\"2026-11-20 09:14\n2026-11-21 10:00\";C@20.11.2026 09:30, b\r\n" +
				";;;;;;\r\n" +
				"r2;Fabrikam;n;;;;\r\n",
			DecodeOptions{},
			[]string{
				`#1 line 2: id=r1 customer.name=Contoso; "Main" partner.partner_id=4847383 attempts=2 2026-11-21T10:00:00Z answers.other_csp=yes answers.partner_center_search=not_found tried=C@2026-11-20T09:30:00Z B`,
				`#2 line 5: id=r2 customer.name=Fabrikam answers.other_csp=no`,
			}},
		{"commas, a header cell in quotes, a single column",
			"\"id\",answers.recent_change,answers.recent_change_at\nx,yes,2026-11-20T08:50:00+01:00\n",
			DecodeOptions{},
			[]string{`#1 line 2: id=x answers.recent_change=yes answers.recent_change_at=2026-11-20T08:50:00+01:00`}},
		{"one column, read as CSV by its name", "customer.tenant_id\n4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31\n", DecodeOptions{},
			[]string{`#1 line 2: customer.tenant_id=4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31`}},
		{"every problem of a row",
			"id;answers.other_csp;attempts;tried;outcome.reference\n" +
				"a;maybe;2026-11-20|yesterday;E@now;R-1\n" +
				"b;;;;;extra\n",
			DecodeOptions{},
			[]string{
				`#1 line 2 "a": bad_value@2:answers.other_csp bad_time@2:attempts[0] bad_time@2:attempts[1] bad_value@2:tried[0].scenario bad_time@2:tried[0].at missing@2:outcome.status`,
				`#2 line 3 "b": extra_cell@3:`,
			}},
		{"an unnamed column must stay empty",
			"id,,notes\na,,n\nc,x,\n",
			DecodeOptions{},
			[]string{
				`#1 line 2: id=a notes=n`,
				`#2 line 3 "c": unnamed_column@3:`,
			}},
		{"a quote where CSV allows none breaks its row only",
			"id;customer.name\nK3;\"Fabrikam\" Logistics\nK4;Contoso \"Main\" GmbH\nK5;ok\nK6;\"unterminated\nK7;kept\n",
			DecodeOptions{},
			[]string{
				`#1 line 2 "K3": csv_quote@2:`,
				`#2 line 3 "K4": csv_quote@3:`,
				`#3 line 4: id=K5 customer.name=ok`,
				`#4 line 5 "K6": csv_unclosed@5:`,
				`#5 line 6: id=K7 customer.name=kept`,
			}},
		{"a problem on the line of its cell", "notes,answers.other_csp\n\"a\nb\nc\",maybe\n", DecodeOptions{},
			[]string{`#1 line 2 "": bad_value@4:answers.other_csp`}},
		{"a byte order mark", "\ufeffid,notes\nx,Grüße\n", DecodeOptions{},
			[]string{`#1 line 2: id=x notes=Grüße`}},
		{"a byte order mark promises UTF-8", "\ufeffid,notes\nx,Gr\xfc\xdfe\n", DecodeOptions{},
			[]string{`#1 line 2 "x": encoding@2:notes`}},
		{"read as CSV because the file says so", "id\nx\n", DecodeOptions{CSV: true},
			[]string{`#1 line 2: id=x`}},
		{"times without an offset in the zone asked for", "answers.recent_change_at\n2026-11-20 09:14\n",
			DecodeOptions{Location: time.FixedZone("", 3600)},
			[]string{`#1 line 2: answers.recent_change_at=2026-11-20T09:14:00+01:00`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := csvRecords(t, []byte(tt.in), tt.opts)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestCSVFromGermanExcel reads what a German Excel saves as "CSV (Trennzeichen-getrennt)":
// Windows-1252, semicolons, CRLF.
func TestCSVFromGermanExcel(t *testing.T) {
	utf8 := "id;customer.name;notes\r\nk1;Müller & Söhne;Kunde sagt: „nichts geändert“ – 5 €\r\n"
	in, err := charmap.Windows1252.NewEncoder().String(utf8)
	if err != nil {
		t.Fatal(err)
	}
	got := csvRecords(t, []byte(in), DecodeOptions{})
	want := `#1 line 2: id=k1 customer.name=Müller & Söhne notes=Kunde sagt: „nichts geändert“ – 5 €`
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestJSONIsNotTakenForCSV: inputs that start as JSON, broken or not, stay JSON.
func TestJSONIsNotTakenForCSV(t *testing.T) {
	for _, in := range []string{`{"id":"a"}`, " \n[{\"id\":\"a\"}]", `{"id":"a",}`, "garbage\n"} {
		if looksLikeCSV([]byte(in)) {
			t.Errorf("%q taken for CSV", in)
		}
	}
	for _, in := range []string{"id,notes\n", "ID;notes", "Customer.Tenant_ID\r\n", "Kunde;Name\n"} {
		if !looksLikeCSV([]byte(in)) {
			t.Errorf("%q not taken for CSV", in)
		}
	}
}

// TestCSVHeaderProblems: a header that names an unknown column, or one twice, refuses the input
// as a whole, with every problem and a "did you mean".
func TestCSVHeaderProblems(t *testing.T) {
	d := NewDecoderWith(strings.NewReader("id;answers.other_cps;ID;Kundennummer\na;ja;b;1\n"), DecodeOptions{})
	var c Case
	var he *HeaderError
	if err := d.Next(&c); !errors.As(err, &he) {
		t.Fatalf("got %v, want a HeaderError", err)
	}
	var got []string
	for _, p := range he.Problems {
		got = append(got, fmt.Sprintf("%s@%d:%s>%s", p.Kind, p.Line, p.Field, p.Suggest))
	}
	if want := "unknown_column@1:answers.other_cps>answers.other_csp duplicate_column@1:id> unknown_column@1:Kundennummer>"; strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	if err := d.Next(&c); !errors.Is(err, io.EOF) {
		t.Errorf("after the header: %v", err)
	}
}

// TestCSVSuggestsColumns: an unknown column gets the closest known one.
func TestCSVSuggestsColumns(t *testing.T) {
	for in, want := range map[string]string{
		"answers.other_cps": "answers.other_csp", "other_csp": "answers.other_csp",
		"tenant_id": "customer.tenant_id", "Kundenname": "",
	} {
		if got := suggestColumn(in); got != want {
			t.Errorf("%s: got %q, want %q", in, got, want)
		}
	}
}

// TestCSVRowTooLarge: a row over the size limit, or a quote that never closes within it, is
// reported at its line; the rows after it are read, and the input is never held whole.
func TestCSVRowTooLarge(t *testing.T) {
	long := strings.Repeat("x", MaxRecordSize+2*readChunk)
	for in, want := range map[string]string{
		"id,notes\na,\"" + long + "\nb,c\n":                           `#1 line 2 "a": csv_unclosed@2:`,
		"id,notes\na," + long + "\nb,c\n":                             `#1 line 2 "a": too_large@2:`,
		"id,notes\na,\"" + long + strings.Repeat(long, 2) + "\nb,c\n": `#1 line 2 "a": too_large@2:`,
	} {
		got := csvRecords(t, []byte(in), DecodeOptions{})
		if len(got) != 2 || got[0] != want || got[1] != "#2 line 3: id=b notes=c" {
			t.Errorf("got %.200q, want %q and b", got, want)
		}
	}
}

// TestCSVFaultsStayOnTheirLine: each fault of a desk's spreadsheet is reported at its own line,
// and reading goes on with the next row (README "Batches from a spreadsheet or CRM").
func TestCSVFaultsStayOnTheirLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"a quote that never closes swallows nothing",
			"id;notes\nK1;\"started\nK2;a\nK3;b\n",
			[]string{`#1 line 2 "K1": csv_unclosed@2:`, `#2 line 3: id=K2 notes=a`, `#3 line 4: id=K3 notes=b`}},
		{"a stray quote closed by another row's is still the stray one's fault",
			"id;notes\nK1;\"started\nK2;a\nK3;\"x\" y\nK4;c\n",
			[]string{`#1 line 2 "K1": csv_unclosed@2:`, `#2 line 3: id=K2 notes=a`, `#3 line 4 "K3": csv_quote@4:`, `#4 line 5: id=K4 notes=c`}},
		{"a cell over lines is still one cell",
			"id;notes\nK1;\"two\r\nlines\"\nK2;b\n",
			[]string{`#1 line 2: id=K1 notes=two` + "\n" + `lines`, `#2 line 4: id=K2 notes=b`}},
		{"a row with commas under a semicolon header",
			"id;customer.name;notes\nK1;Contoso;a\nK2,Fabrikam,b\n\"K3\",\"Litware\",\"c\"\nK4;Adatum;d\n",
			[]string{`#1 line 2: id=K1 customer.name=Contoso notes=a`, `#2 line 3 "K2": csv_separator@3:`, `#3 line 4 "K3": csv_separator@4:`,
				`#4 line 5: id=K4 customer.name=Adatum notes=d`}},
		{"a quoted cell with the other separator is a cell",
			"id;notes\n\"K1, the first\"\n",
			[]string{`#1 line 2: id=K1, the first`}},
		{"a header repeated in the middle: two exports joined, the second in another order",
			"id;customer.name\nK1;Contoso\n\ufeffCustomer.Name;ID\nFabrikam;K2\n",
			[]string{`#1 line 2: id=K1 customer.name=Contoso`, `#2 line 3 "": csv_header_again@3:`, `#3 line 4: id=K2 customer.name=Fabrikam`}},
		{"Excel's sep line",
			"sep=;\r\nid;customer.name\r\nK1;Contoso, Ltd\r\n",
			[]string{`#1 line 3: id=K1 customer.name=Contoso, Ltd`}},
		{"a tab-separated export",
			"id\tcustomer.name\tnotes\nK1\tContoso; Ltd\tx, y\n",
			[]string{`#1 line 2: id=K1 customer.name=Contoso; Ltd notes=x, y`}},
		{"UTF-8 and Windows-1252 in one cell",
			"id;notes\nK1;Gr\xc3\xbc\xdfe\nK2;Gr\xfc\xdfe\nK3;Grüße\n",
			[]string{`#1 line 2 "K1": mixed_encoding@2:notes`, `#2 line 3: id=K2 notes=Grüße`, `#3 line 4: id=K3 notes=Grüße`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := csvRecords(t, []byte(tt.in), DecodeOptions{})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestCSVFromExcelUnicodeText reads Excel's "Unicode text" (UTF-16 with tabs), with and without
// its byte order mark.
func TestCSVFromExcelUnicodeText(t *testing.T) {
	text := "id\tcustomer.name\r\nK1\tMüller & Söhne\r\n"
	for _, bom := range []bool{true, false} {
		var in []byte
		if bom {
			in = append(in, 0xff, 0xfe)
		}
		for _, u := range utf16.Encode([]rune(text)) {
			in = append(in, byte(u), byte(u>>8))
		}
		got := csvRecords(t, in, DecodeOptions{})
		if want := `#1 line 2: id=K1 customer.name=Müller & Söhne`; len(got) != 1 || got[0] != want {
			t.Errorf("byte order mark %v: got %q", bom, got)
		}
	}
}

// TestJSONLinesUnderATitle: a JSON Lines file with a title line is JSON; the title is reported
// at its line, and the cases are read.
func TestJSONLinesUnderATitle(t *testing.T) {
	in := "Cases, exported 2026-11-20; open only\n{\"id\":\"a\"}\n{\"id\":\"b\"}\n"
	d := NewDecoderWith(strings.NewReader(in), DecodeOptions{Location: time.UTC})
	var got []string
	for {
		var c Case
		err := d.Next(&c)
		if errors.Is(err, io.EOF) {
			break
		}
		var ie *InputError
		switch {
		case errors.As(err, &ie):
			got = append(got, fmt.Sprintf("invalid@%d", ie.Line))
		case err != nil:
			t.Fatal(err)
		default:
			got = append(got, c.ID)
		}
	}
	if strings.Join(got, " ") != "invalid@1 a b" {
		t.Errorf("got %v", got)
	}
}

// TestCSVHeaderProblemsAreBounded: a header of a million unknown or repeated columns is reported
// as the first few problems and a count, in time and memory that a small header takes.
func TestCSVHeaderProblemsAreBounded(t *testing.T) {
	var in strings.Builder
	in.WriteString("id")
	for i := range 1000000 {
		if i%2 == 0 {
			fmt.Fprintf(&in, ",column%d", i)
		} else {
			in.WriteString(",ID")
		}
	}
	in.WriteString("\nx\n")
	d := NewDecoderWith(strings.NewReader(in.String()), DecodeOptions{})
	var c Case
	var he *HeaderError
	if err := d.Next(&c); !errors.As(err, &he) {
		t.Fatalf("got %v", err)
	}
	if len(he.Problems) != maxProblems || he.Omitted != 1000000-maxProblems {
		t.Errorf("%d problems listed, %d counted", len(he.Problems), he.Omitted)
	}
	if msg := he.Message(scenarios.Embedded(), scenarios.EN); len(msg) > 4000 || !strings.HasSuffix(msg, "(and 999980 more)") {
		t.Errorf("message of %d bytes: ...%s", len(msg), msg[max(0, len(msg)-100):])
	}
}

func TestCSVTemplateReadsBack(t *testing.T) {
	got := csvRecords(t, []byte(CSVTemplate()+strings.Repeat(",", len(CSVColumns())-1)+"\n"), DecodeOptions{})
	if len(got) != 0 {
		t.Errorf("the template with an empty row: %q", got)
	}
	if n := strings.Count(CSVTemplate(), ","); n < 25 {
		t.Errorf("the template has %d columns", n+1)
	}
}

// FuzzCSV: any input read as CSV ends, without a panic, in records whose problems lie on lines
// of the input.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("id;answers.other_csp\nx;Ja\n"))
	f.Add([]byte("\ufeffid,attempts,tried\n\"a\nb\",2026-11-20 09:14|x,C@1.1.2026 0:00\n"))
	f.Add([]byte("id,\"notes\nx,\"unterminated\n"))
	f.Add([]byte("id,,x\n,,\n1,2,3,4\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		lines := bytes.Count(in, []byte{'\n'}) + 2
		d := NewDecoderWith(bytes.NewReader(in), DecodeOptions{CSV: true, Location: time.UTC})
		for n := 0; ; n++ {
			var c Case
			err := d.Next(&c)
			if errors.Is(err, io.EOF) {
				return
			}
			if n > len(in)+1 {
				t.Fatalf("more records than bytes")
			}
			var ie *InputError
			var he *HeaderError
			if errors.As(err, &he) {
				for _, p := range he.Problems {
					if p.Line < 1 || p.Line > lines {
						t.Fatalf("header problem %+v on line %d of %d", p, p.Line, lines)
					}
				}
				return
			}
			if errors.As(err, &ie) {
				for _, p := range ie.Problems() {
					if p.Line < 1 || p.Line > lines {
						t.Fatalf("problem %+v on line %d of %d", p, p.Line, lines)
					}
					_ = p.Message(scenarios.Embedded(), scenarios.DE)
				}
			} else if err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestCSVRowOfMillionsOfCells: a row or header of millions of cells is read in memory that
// grows with its size, not with a record of every cell; its cells beyond the header's are
// counted.
func TestCSVRowOfMillionsOfCells(t *testing.T) {
	cells := strings.Repeat(",", 2000000)
	got := csvRecords(t, []byte("id,notes\nx"+cells+"y\nz,n\n"), DecodeOptions{})
	if len(got) != 2 || got[0] != `#1 line 2 "x": extra_cell@2:` || got[1] != "#2 line 3: id=z notes=n" {
		t.Errorf("got %.300q", got)
	}
	d := NewDecoderWith(strings.NewReader("id,notes\nx,n"+cells+"y\n"), DecodeOptions{Location: time.UTC})
	var c Case
	var ie *InputError
	if err := d.Next(&c); !errors.As(err, &ie) || ie.Got != "2000002" || ie.Omitted != 0 {
		t.Errorf("got %+v", err)
	}
	d = NewDecoderWith(strings.NewReader("id"+strings.Repeat(",x", 2000000)+"\n"), DecodeOptions{CSV: true})
	var he *HeaderError
	if err := d.Next(&c); !errors.As(err, &he) || len(he.Problems)+he.Omitted != 2000000 {
		t.Errorf("header: %v (%d listed, %d counted)", err, len(he.Problems), he.Omitted)
	}
}
