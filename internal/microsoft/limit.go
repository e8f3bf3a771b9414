package microsoft

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// Limiter bounds the requests in flight at once, across the clients that share it: a batch
// runs lookups for many cases side by side, and Microsoft's services throttle a partner that
// asks too much at once.
type Limiter struct {
	slots chan struct{}
	// started counts the requests that got a slot, waiting those waiting for one: for the
	// progress of a batch.
	started, waiting atomic.Int64
}

// NewLimiter returns a limiter of n requests at once (at least one).
func NewLimiter(n int) *Limiter { return &Limiter{slots: make(chan struct{}, max(n, 1))} }

// acquire waits for a free slot, or until ctx ends.
func (l *Limiter) acquire(ctx context.Context) error {
	l.waiting.Add(1)
	defer l.waiting.Add(-1)
	select {
	case l.slots <- struct{}{}:
		l.started.Add(1)
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (l *Limiter) release() { <-l.slots }

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
