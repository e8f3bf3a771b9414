package diagnose

import (
	"bytes"
	"errors"
	"io"
	"testing"

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
	e := &Engine{Catalog: scenarios.MustLoad(), Lang: scenarios.EN, Now: testNow}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := e.Diagnose(&cases[i%len(cases)], i)
		_ = r
	}
}

// BenchmarkDecode measures the decoder alone: framing and parsing JSON Lines into cases.
func BenchmarkDecode(b *testing.B) {
	in := benchInput(b, 10000)
	b.SetBytes(int64(len(in)) / 10000)
	b.ReportAllocs()
	var c Case
	done := 0
	for done < b.N {
		dec := NewDecoder(bytes.NewReader(in))
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
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
}
