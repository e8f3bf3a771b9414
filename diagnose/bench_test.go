package diagnose

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/casegen"
	"github.com/cspfix/cspfix/scenarios"
)

func benchInput(b *testing.B, n int) []byte {
	var buf bytes.Buffer
	if err := casegen.Write(&buf, n, 42); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkRules measures the diagnosis rules alone on decoded cases.
func BenchmarkRules(b *testing.B) {
	in := benchInput(b, 1000)
	var cases []Case
	dec := NewDecoder(bytes.NewReader(in))
	for {
		var c Case
		if err := dec.Next(&c); err != nil {
			break
		}
		cases = append(cases, c)
	}
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := e.Diagnose(&cases[i%len(cases)], i)
		_ = r
	}
}

// BenchmarkDecode measures the decoder alone: framing and parsing JSON Lines into cases.
func BenchmarkDecode(b *testing.B) {
	benchDecode(b, benchInput(b, 10000), 10000, DecodeOptions{}, "cases/s")
}

// benchDecode decodes the n records of in over and over, b.N records in all.
func benchDecode(b *testing.B, in []byte, n int, opts DecodeOptions, unit string) {
	b.SetBytes(int64(len(in)) / int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	var c Case
	done := 0
	for done < b.N {
		dec := NewDecoderWith(bytes.NewReader(in), opts)
		for done < b.N {
			err := dec.Next(&c)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			done++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit)
}

// benchCSV is n generated cases as a CSV export: ";" and German answer words, as a German
// Excel writes them, in UTF-8 without a byte order mark.
func benchCSV(b testing.TB, n int) []byte {
	var in bytes.Buffer
	if err := casegen.Write(&in, n, 42); err != nil {
		b.Fatal(err)
	}
	german := map[string]string{"yes": "Ja", "no": "Nein", "unknown": "", "not_found": "Nicht gefunden", "found": "Gefunden", "not_checked": ""}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Comma = ';'
	var header []string
	for _, f := range CSVColumns() {
		header = append(header, f.Path)
	}
	_ = w.Write(header)
	dec := NewDecoder(&in)
	row := make([]string, len(header))
	for {
		var c Case
		if err := dec.Next(&c); err != nil {
			break
		}
		for i, f := range CSVColumns() {
			row[i] = f.Value(&c)
			if g, ok := german[row[i]]; ok && f.Kind == KindEnum {
				row[i] = g
			}
			switch f.Path {
			case "attempts":
				var ts []string
				for _, t := range c.Attempts {
					ts = append(ts, t.Format("2006-01-02 15:04"))
				}
				row[i] = strings.Join(ts, "|")
			case "tried":
				var ts []string
				for _, t := range c.Tried {
					s := string(t.Scenario)
					if t.At != nil {
						s += "@" + t.At.Format("02.01.2006 15:04")
					}
					ts = append(ts, s)
				}
				row[i] = strings.Join(ts, ";")
			}
		}
		_ = w.Write(row)
	}
	w.Flush()
	return out.Bytes()
}

// BenchmarkDecodeCSV measures the CSV reader: rows of a CRM export into cases (README
// "Performance": at least 100,000 rows/s on one core). Memory per row stays flat (B/op).
func BenchmarkDecodeCSV(b *testing.B) {
	const n = 10000
	benchDecode(b, benchCSV(b, n), n, DecodeOptions{Location: time.UTC}, "rows/s")
}

// TestBenchCSVReadsAsItsCases: the benchmark's export holds the generated cases, so that the
// benchmark measures real rows (and the CSV reader reads an export of every kind of case).
func TestBenchCSVReadsAsItsCases(t *testing.T) {
	got := csvRecords(t, benchCSV(t, 500), DecodeOptions{})
	if len(got) != 500 {
		t.Fatalf("%d records", len(got))
	}
	for _, r := range got {
		if invalidRow.MatchString(r) {
			t.Fatalf("invalid row: %s", r)
		}
	}
}

var invalidRow = regexp.MustCompile(`^#\d+ line \d+ "`)

// BenchmarkCompile is the diagnosis model made from the catalog the binary carries: what every
// batch pays before its first case (README "Performance").
func BenchmarkCompile(b *testing.B) {
	cat := scenarios.Embedded()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(cat); err != nil {
			b.Fatal(err)
		}
	}
}
