package feed

import (
	"context"
	"sync"
	"time"
)

// HostGate lets one request at a time reach each host, with a pause
// between two requests to the same host. The poller passes its feed
// requests through it and the full-text fetcher its page and robots.txt
// requests, so a publisher whose feed and pages share a host never sees
// two of Vigie's requests at once.
type HostGate struct {
	mu    sync.Mutex
	hosts map[string]*hostSlot
}

type hostSlot struct {
	token chan struct{}
	// next is when the next request may start; only the token's holder
	// reads or writes it.
	next time.Time
}

// NewHostGate returns an empty gate.
func NewHostGate() *HostGate { return &HostGate{hosts: map[string]*hostSlot{}} }

// Acquire waits for host's turn: until no other request to it is in flight
// and the pause the previous one asked for has passed. The caller must call
// release when its request is done; gap is the pause to leave after it.
func (g *HostGate) Acquire(ctx context.Context, host string) (release func(gap time.Duration), err error) {
	s := g.slot(host)
	select {
	case s.token <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if wait := time.Until(s.next); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-s.token
			return nil, ctx.Err()
		}
	}
	var once sync.Once
	return func(gap time.Duration) {
		once.Do(func() {
			s.next = time.Now().Add(gap)
			<-s.token
		})
	}, nil
}

func (g *HostGate) slot(host string) *hostSlot {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.hosts[host]
	if s == nil {
		s = &hostSlot{token: make(chan struct{}, 1)}
		g.hosts[host] = s
	}
	return s
}

// HostKey is the unit of politeness for a URL: its lower-cased host name.
func HostKey(raw string) string { return hostKey(raw) }
