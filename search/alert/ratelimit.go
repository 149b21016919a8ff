package alert

import (
	"sync"
	"time"
)

// windowLimiter allows at most max events per key in any sliding window.
// It keeps the event times of each key, so it is meant for rare events
// (alert creations), not for every request.
type windowLimiter struct {
	max    int
	window time.Duration

	mu     sync.Mutex
	events map[string][]time.Time
}

func newWindowLimiter(max int, window time.Duration) *windowLimiter {
	return &windowLimiter{max: max, window: window, events: map[string][]time.Time{}}
}

// allow records an event for key at now if the limit permits it; when not,
// it says how long until the oldest event leaves the window.
func (l *windowLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ev := recent(l.events[key], now.Add(-l.window))
	if len(ev) >= l.max {
		l.events[key] = ev
		return false, ev[0].Add(l.window).Sub(now)
	}
	l.events[key] = append(ev, now)
	return true, 0
}

// prune forgets keys with no event in the window, so the map does not grow
// with every client ever seen.
func (l *windowLimiter) prune(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cutoff := now.Add(-l.window)
	for k, ev := range l.events {
		if ev = recent(ev, cutoff); len(ev) == 0 {
			delete(l.events, k)
		} else {
			l.events[k] = ev
		}
	}
}

// recent drops the events at or before cutoff (they are in time order).
func recent(ev []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(ev) && !ev[i].After(cutoff) {
		i++
	}
	return ev[i:]
}
