package microsoft

import (
	"context"
	"runtime"
	"slices"
	"testing"
)

// TestLimiterServesPriorityFirst: a freed slot goes to the waiting request of the highest
// priority (a batch's earlier case), among equals the first to come, those without one last;
// a request that gives up waiting leaves the queue.
func TestLimiterServesPriorityFirst(t *testing.T) {
	l := NewLimiter(1)
	ctx := context.Background()
	if err := l.acquire(ctx); err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 8)
	waiting := func(n int64) {
		for l.Waiting() != n {
			// Wait until the goroutine queued: the order of the queue is what is tested.
			runtime.Gosched()
		}
	}
	start := func(name string, ctx context.Context) {
		go func() {
			if err := l.acquire(ctx); err != nil {
				order <- name + " gave up"
				return
			}
			order <- name
			l.release()
		}()
	}
	start("none", ctx)
	waiting(1)
	start("5", WithPriority(ctx, 5))
	waiting(2)
	start("1a", WithPriority(ctx, 1))
	waiting(3)
	gone, cancel := context.WithCancel(WithPriority(ctx, 0))
	start("0", gone)
	waiting(4)
	cancel()
	if got := <-order; got != "0 gave up" {
		t.Fatalf("got %q", got)
	}
	start("1b", WithPriority(ctx, 1))
	waiting(4)
	l.release()
	var got []string
	for range 4 {
		got = append(got, <-order)
	}
	if want := []string{"1a", "1b", "5", "none"}; !slices.Equal(got, want) {
		t.Errorf("served %v, want %v", got, want)
	}
	if l.Started() != 5 || l.Waiting() != 0 {
		t.Errorf("started %d, waiting %d", l.Started(), l.Waiting())
	}
}
