package microsoft

import (
	"container/heap"
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Limits of the lookups (SPEC §19, docs/microsoft-access.md "Limits").
const (
	// DefaultTimeout is the time one request may take, answer read included.
	DefaultTimeout = 10 * time.Second
	// MaxTries is how often a request is sent at most: once more after a throttled, failed or
	// lost answer, never after a timeout.
	MaxTries = 2
	// DefaultMaxBytes bounds one answer.
	DefaultMaxBytes = 1 << 20
	// DefaultMaxPages bounds the pages of one list.
	DefaultMaxPages = 20
	// DefaultConcurrency is how many requests run at once in a batch.
	DefaultConcurrency = 4
)

// Limiter bounds the requests in flight at once, across the clients that share it: a batch
// runs lookups for many cases side by side, and Microsoft's services throttle a partner that
// asks too much at once. A free slot goes to the waiting request of the highest priority (the
// lowest number: WithPriority), among equals to the one that came first, so that a batch's
// earlier cases, whose results are written first, are not held up by later ones.
type Limiter struct {
	n int

	mu      sync.Mutex
	inUse   int
	queue   waiters
	arrived int64
	// started counts the requests that got a slot, waiting those waiting for one: for the
	// progress of a batch.
	started, waiting atomic.Int64
}

// waiter is a request waiting for a slot; granted is closed when it gets one.
type waiter struct {
	priority, arrival int64
	granted           chan struct{}
	index             int
}

// waiters is a heap of waiters, the next to get a slot first.
type waiters []*waiter

func (w waiters) Len() int { return len(w) }
func (w waiters) Less(i, j int) bool {
	if w[i].priority != w[j].priority {
		return w[i].priority < w[j].priority
	}
	return w[i].arrival < w[j].arrival
}
func (w waiters) Swap(i, j int) { w[i], w[j] = w[j], w[i]; w[i].index, w[j].index = i, j }
func (w *waiters) Push(x any)   { x.(*waiter).index = len(*w); *w = append(*w, x.(*waiter)) }
func (w *waiters) Pop() any {
	old := *w
	x := old[len(old)-1]
	*w = old[:len(old)-1]
	return x
}

// NewLimiter returns a limiter of n requests at once (at least one).
func NewLimiter(n int) *Limiter { return &Limiter{n: max(n, 1)} }

type priorityKey struct{}

// WithPriority gives the requests made with ctx a priority: the lower, the sooner they get a
// slot. Requests without one come after every numbered one, in the order they came.
func WithPriority(ctx context.Context, p int64) context.Context {
	return context.WithValue(ctx, priorityKey{}, p)
}

// acquire waits for a free slot, or until ctx ends.
func (l *Limiter) acquire(ctx context.Context) error {
	priority, ok := ctx.Value(priorityKey{}).(int64)
	if !ok {
		priority = math.MaxInt64
	}
	l.mu.Lock()
	if l.inUse < l.n && len(l.queue) == 0 {
		l.inUse++
		l.mu.Unlock()
		l.started.Add(1)
		return nil
	}
	l.arrived++
	w := &waiter{priority: priority, arrival: l.arrived, granted: make(chan struct{})}
	heap.Push(&l.queue, w)
	l.mu.Unlock()
	l.waiting.Add(1)
	defer l.waiting.Add(-1)
	select {
	case <-w.granted:
		l.started.Add(1)
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		if w.index >= 0 {
			heap.Remove(&l.queue, w.index)
			l.mu.Unlock()
		} else { // granted meanwhile: hand the slot on
			l.mu.Unlock()
			l.release()
		}
		return context.Cause(ctx)
	}
}

// release frees a slot: it goes to the next waiter, if any.
func (l *Limiter) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.queue) > 0 {
		w := heap.Pop(&l.queue).(*waiter)
		w.index = -1
		close(w.granted)
		return
	}
	l.inUse--
}

// Do runs fn in a slot of the limiter, so that a request of another client (the public
// sign-in service's) counts among those at once; it waits for the slot until ctx ends.
func (l *Limiter) Do(ctx context.Context, fn func()) error {
	if err := l.acquire(ctx); err != nil {
		return err
	}
	defer l.release()
	fn()
	return nil
}

// Started is the number of requests that got a slot so far; Waiting the number waiting for one.
func (l *Limiter) Started() int64 { return l.started.Load() }

func (l *Limiter) Waiting() int64 { return l.waiting.Load() }
