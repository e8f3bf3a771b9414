package diagnose

import (
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

// A scenario's steps may name a waiting time (its catalog's "wait": hours after the time of a
// field, the recent change for a replication delay): the steps name when it ends, a try before
// that says nothing (tried_too_early), and the walkthrough asks, after a "no" before it, whether
// the change was earlier (README "How the diagnosis decides").

// WaitEnds is when the waiting time that the steps of scenario s name ends for c: false when s
// names none, or c gives no time (that counts) to count from.
func (m *Model) WaitEnds(c *Case, s scenarios.ID) (time.Time, bool) {
	w, ok := m.waits[s]
	if !ok || !w.field.Counts(c) {
		return time.Time{}, false
	}
	return w.end(c)
}

// WaitField is the field whose time the waiting time of scenario s counts from; nil when s
// names none.
func (m *Model) WaitField(s scenarios.ID) *Field { return m.waits[s].field }

// end is when the waiting time ends for c, counted from the time of its field as given.
func (w wait) end(c *Case) (time.Time, bool) {
	if w.field == nil {
		return time.Time{}, false
	}
	t, ok := w.field.getTime(c, 0)
	if !ok {
		return time.Time{}, false
	}
	return waitEnd(t.Time, w.d), true
}

// waitEnd is d after t, but never after the year 9999.
func waitEnd(t time.Time, d time.Duration) time.Time {
	if end := t.Add(d); end.Year() <= 9999 {
		return end
	}
	return t
}
