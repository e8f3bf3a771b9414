package main

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/casegen"
)

// BenchmarkDiagnoseJSON measures the batch command end to end in process: reading, diagnosing
// and writing JSON Lines, as `cspfix diagnose -o json` does (scripts/bench.sh measures the binary).
func BenchmarkDiagnoseJSON(b *testing.B) {
	const n = 20000
	var in bytes.Buffer
	if err := casegen.Write(&in, n, 42); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(in.Len() / n))
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; done += n {
		e := &env{stdin: bytes.NewReader(in.Bytes()), stdout: io.Discard, stderr: io.Discard,
			getenv: func(string) string { return "" }, now: time.Now}
		if code := run(e, []string{"diagnose", "-o", "json", "--now", "2026-11-20T12:00:00+01:00"}); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
}
