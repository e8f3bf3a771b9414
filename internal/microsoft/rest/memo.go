package rest

import (
	"context"
	"errors"
	"sync"

	"github.com/cspfix/cspfix/internal/microsoft"
)

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
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && microsoft.KindOf(err) == ""
}
