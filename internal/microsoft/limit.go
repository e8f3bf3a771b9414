package microsoft

import (
	"container/heap"
	"context"
	"errors"
	"math"
	"sync"
	"sync/atomic"
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

// maxMemo bounds the per-run cache, so that memory stays flat on a huge batch.
const maxMemo = 10000

// memo runs each lookup once per key and run, so that a batch that names one customer in many
// cases asks about it once: the first caller does the lookup, callers for the same key at the
// same time wait for its answer, later ones get it at once. Failures are kept too (a tenant
// that was not found stays not found), except a lookup stopped by its context, which the next
// caller runs again.
type memo struct {
	mu      sync.Mutex
	entries map[string]*memoEntry
	max     int
}

type memoEntry struct {
	done chan struct{}
	val  any
	err  error
}

func newMemo(n int) *memo { return &memo{entries: map[string]*memoEntry{}, max: n} }

// do returns the value for key, running fn when no caller has yet.
func (m *memo) do(ctx context.Context, key string, fn func() (any, error)) (any, error) {
	for {
		m.mu.Lock()
		e, ok := m.entries[key]
		if !ok {
			if len(m.entries) >= m.max {
				m.dropFinished()
			}
			e = &memoEntry{done: make(chan struct{})}
			m.entries[key] = e
			m.mu.Unlock()
			e.val, e.err = fn()
			if stopped(ctx, e.err) {
				m.mu.Lock()
				delete(m.entries, key)
				m.mu.Unlock()
			}
			close(e.done)
			return e.val, e.err
		}
		m.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
		if !stopped(nil, e.err) {
			return e.val, e.err
		}
		// The first caller was stopped: this one tries for itself.
	}
}

// dropFinished forgets the finished entries; the caller holds the lock.
func (m *memo) dropFinished() {
	for k, e := range m.entries {
		select {
		case <-e.done:
			delete(m.entries, k)
		default:
		}
	}
}

// stopped reports whether err is a lookup ended by its caller's context rather than an answer.
func stopped(ctx context.Context, err error) bool {
	if err == nil {
		return false
	}
	if ctx != nil && ctx.Err() != nil {
		return true
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && KindOf(err) == ""
}
