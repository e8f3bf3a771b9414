package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
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
