package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/cspfix/cspfix/diagnose"
)

// TestInterruptibleKeepsEveryByte: the buffers go round between the reading goroutine and the
// decoder; a buffer given back before its bytes were read would show here as changed bytes.
func TestInterruptibleKeepsEveryByte(t *testing.T) {
	want := make([]byte, 1<<20+17)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range want {
		want[i] = byte(rng.Uint32())
	}
	for name, src := range map[string]io.Reader{
		"whole":  bytes.NewReader(want),
		"halves": iotest.HalfReader(bytes.NewReader(want)),
		"eof":    iotest.DataErrReader(bytes.NewReader(want)),
	} {
		t.Run(name, func(t *testing.T) {
			r := interruptible(context.Background(), src)
			var got []byte
			p := make([]byte, 1000)
			for {
				n, err := r.Read(p[:1+len(got)%len(p)]) // read sizes that never line up with the chunks
				got = append(got, p[:n]...)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("read %d bytes, not the %d written, or not the same", len(got), len(want))
			}
		})
	}
}

// TestInterruptibleEndsAWaitingRead: a signal ends a read that waits for input that never comes.
func TestInterruptibleEndsAWaitingRead(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancelCause(context.Background())
	r := interruptible(ctx, pr)
	stop := errors.New("stopped")
	cancel(stop)
	if _, err := r.Read(make([]byte, 10)); !errors.Is(err, stop) {
		t.Fatalf("read gave %v, want the cause of the stop", err)
	}
}

// TestWhichBatchesWait: a batch takes the signals over (to stop after a whole result) when it
// reads a pipe or a large file, or looks cases up; a small file offline is over too soon to be
// worth it (README "Performance").
func TestWhichBatchesWait(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, size int64) *os.File {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		return f
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	offline, online := &diagnose.Engine{}, &diagnose.Engine{Looker: newAheadLooker(nil)}
	tests := []struct {
		name   string
		in     io.Reader
		engine *diagnose.Engine
		want   bool
	}{
		{"small file", file("small.jsonl", 4096), offline, false},
		{"file of quickBatch bytes", file("edge.jsonl", quickBatch), offline, false},
		{"large file", file("large.jsonl", quickBatch+1), offline, true},
		{"small file online", file("online.jsonl", 4096), online, true},
		{"pipe", pr, offline, true},
		{"reader", strings.NewReader("{}"), offline, true},
	}
	for _, tt := range tests {
		if got := waits(tt.in, tt.engine); got != tt.want {
			t.Errorf("%s: waits %v, want %v", tt.name, got, tt.want)
		}
	}
}
