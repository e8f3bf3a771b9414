package cli

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"

	"github.com/cspfix/cspfix/internal/casegen"
)

// BenchmarkDiagnoseJSON measures the batch command end to end in process: reading, diagnosing
// and writing JSON Lines, as `cspfix diagnose -o json` does (scripts/bench.sh measures the binary).
func BenchmarkDiagnoseJSON(b *testing.B) { benchDiagnose(b, "json") }

// BenchmarkDiagnoseText measures the batch with the text output people read (-o text), which
// ends with the summary of the batch.
func BenchmarkDiagnoseText(b *testing.B) { benchDiagnose(b, "text") }

func benchDiagnose(b *testing.B, format string) {
	const n = 20000
	in := benchCases(b, n)
	b.SetBytes(int64(len(in) / n))
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; done += n {
		e := &env{stdin: bytes.NewReader(in), stdout: io.Discard, stderr: io.Discard,
			getenv: func(string) string { return "" }, now: time.Now}
		if code := run(e, []string{"diagnose", "-o", format, "--now", "2026-11-20T12:00:00+01:00"}); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
}

// benchCases are n generated cases as JSON Lines, made once per run of the benchmarks so that
// their making stays out of the profiles.
var benchCases = func() func(b *testing.B, n int) []byte {
	made := map[int][]byte{}
	return func(b *testing.B, n int) []byte {
		if in, ok := made[n]; ok {
			return in
		}
		var in bytes.Buffer
		if err := casegen.Write(&in, n, 42); err != nil {
			b.Fatal(err)
		}
		made[n] = in.Bytes()
		return in.Bytes()
	}
}()

// BenchmarkPathologicalRecord runs one record with a huge field through every output: the work
// stays linear and the output bounded (out-bytes/op). scripts/bench.sh measures the binary's
// peak memory on the same records.
func BenchmarkPathologicalRecord(b *testing.B) {
	for _, size := range []int{1 << 20, diagnose.MaxRecordSize - 200} {
		fields := map[string]string{
			"tenant_id":  `{"customer":{"tenant_id":"` + strings.Repeat("\\u0430", size/6) + `"}}`,
			"name+notes": `{"customer":{"name":"` + strings.Repeat("n", size/2) + `"},"notes":"` + strings.Repeat("z", size/2-100) + `"}`,
		}
		for name, record := range fields {
			for _, args := range [][]string{{"diagnose", "-o", "json"}, {"diagnose"}, {"diagnose", "-o", "markdown"}, {"ticket"}, {"ticket", "-o", "json"}} {
				b.Run(fmt.Sprintf("%dMiB/%s/%s", size>>20, name, strings.Join(args, "_")), func(b *testing.B) {
					b.ReportAllocs()
					var out countingWriter
					for b.Loop() {
						out = 0
						e := &env{stdin: strings.NewReader(record), stdout: &out, stderr: io.Discard,
							getenv: func(string) string { return "" }, now: time.Now}
						run(e, append(args, "--now", "2026-11-20T12:00:00+01:00"))
					}
					b.ReportMetric(float64(out), "out-bytes/op")
				})
			}
		}
	}
}

type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
