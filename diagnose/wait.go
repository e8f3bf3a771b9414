package diagnose

import (
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

// WaitEnds is when the waiting time that the steps of scenario s name ends for c: four hours
// after the recent change, when c gives its time (README "How the diagnosis decides"); false
// when s names no waiting time or c gives no time to count from.
func (m *Model) WaitEnds(c *Case, s scenarios.ID) (time.Time, bool) {
	f := m.WaitField(s)
	if f == nil || !f.Counts(c) {
		return time.Time{}, false
	}
	t, ok := f.Time(c)
	if !ok {
		return time.Time{}, false
	}
	return RetryAfter(t.Time), true
}

// WaitField is the field whose time the waiting time of scenario s counts from; nil when s
// names none.
func (m *Model) WaitField(s scenarios.ID) *Field {
	if s != scenarios.D {
		return nil
	}
	return m.ans.recentChangeAt
}
