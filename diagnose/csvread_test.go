package diagnose

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"testing"
)

// readAllCSV reads every record of in with csvReader: the records, and the faults' lines.
func readAllCSV(t testing.TB, in []byte, comma byte) (records [][]string, faults []int) {
	r := newCSVReader(bytes.NewReader(in), comma)
	last := 0
	for {
		cells, fault, err := r.Read()
		if errors.Is(err, io.EOF) {
			return records, faults
		}
		if err != nil {
			t.Fatal(err)
		}
		if r.line1 <= last {
			t.Fatalf("record on line %d after one on line %d", r.line1, last)
		}
		last = r.line1
		if fault != nil {
			faults = append(faults, fault.line)
			continue
		}
		records = append(records, slices.Clone(cells))
	}
}

// FuzzCSVReader holds csvReader to encoding/csv: what encoding/csv reads without an error,
// csvReader reads the same, record for record and line for line; anything else it reads to
// its end, each record once, faults on lines of the input, without a panic.
func FuzzCSVReader(f *testing.F) {
	f.Add([]byte("a,b\n\"c\nd\",e\r\n\n\"f\"\"g\",\r\n"), byte(','))
	f.Add([]byte("a;\"b\nc;d\n"), byte(';'))
	f.Add([]byte("a\t\"x\" y\nb\tc"), byte('\t'))
	f.Add([]byte("\"a\r\n\"\"\r"), byte(','))
	f.Fuzz(func(t *testing.T, in []byte, comma byte) {
		switch comma {
		case ',', ';', '\t', '|':
		default:
			comma = ','
		}
		records, faults := readAllCSV(t, in, comma)
		lines := bytes.Count(in, []byte{'\n'}) + 1
		for _, l := range faults {
			if l < 1 || l > lines {
				t.Fatalf("fault on line %d of %d", l, lines)
			}
		}
		cr := csv.NewReader(bytes.NewReader(in))
		cr.Comma = rune(comma)
		cr.FieldsPerRecord = -1
		want, err := cr.ReadAll()
		if err != nil {
			return // encoding/csv gives up; csvReader went on (checked above)
		}
		if len(faults) > 0 || len(records) != len(want) {
			t.Fatalf("encoding/csv reads %d records, csvReader %d and %d faults (%v)\n%q\n%q", len(want), len(records), len(faults), faults, want, records)
		}
		for i := range want {
			if !slices.Equal(want[i], records[i]) {
				t.Fatalf("record %d: encoding/csv %q, csvReader %q", i+1, want[i], records[i])
			}
		}
	})
}

// TestCSVReaderLines: each record starts on its line, and each cell on its own.
func TestCSVReaderLines(t *testing.T) {
	r := newCSVReader(bytes.NewReader([]byte("a,\"b\nc\",d\n\n\"e\"\r\nf\n")), ',')
	var got []int
	for {
		cells, fault, err := r.Read()
		if err != nil || fault != nil {
			break
		}
		got = append(got, r.line1)
		for i := range cells {
			got = append(got, r.lines[i])
		}
		got = append(got, 0)
	}
	if want := []int{1, 1, 1, 2, 0, 4, 4, 0, 5, 5, 0}; !slices.Equal(got, want) {
		t.Errorf("lines %v, want %v", got, want)
	}
}
