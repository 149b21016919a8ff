package feed

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"time"
	"vigie/internal/moduledir"
)

// sharedFixtures returns ../shared/fixtures beside the module root, or skips.
func sharedFixtures(t testing.TB) string { return moduledir.SharedFixtures(t) }

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// memStates is an in-memory StateStore.
type memStates struct {
	mu      sync.Mutex
	states  map[string]State
	puts    int
	putErr  error
	loadErr error
}

func newMemStates() *memStates { return &memStates{states: map[string]State{}} }

func (m *memStates) FeedState(url string) (State, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.loadErr != nil {
		return State{}, false, m.loadErr
	}
	s, ok := m.states[url]
	return s, ok, nil
}

func (m *memStates) PutFeedState(s State) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.putErr != nil {
		return m.putErr
	}
	m.puts++
	m.states[s.URL] = s
	return nil
}

func (m *memStates) get(url string) State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.states[url]
}

// memSink is an in-memory Sink that deduplicates on GUID, then link, like
// the real pipeline does.
type memSink struct {
	mu    sync.Mutex
	seen  map[string]bool
	calls []sinkCall
	err   error
}

type sinkCall struct {
	src       Source
	feed      *Parsed
	fetchedAt time.Time
}

func newMemSink() *memSink { return &memSink{seen: map[string]bool{}} }

func (s *memSink) Ingest(_ context.Context, src Source, feed *Parsed, fetchedAt time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, sinkCall{src, feed, fetchedAt})
	if s.err != nil {
		return 0, s.err
	}
	n := 0
	for _, it := range feed.Items {
		key := it.GUID
		if key == "" {
			key = it.Link
		}
		if !s.seen[key] {
			s.seen[key] = true
			n++
		}
	}
	return n, nil
}

func (s *memSink) callCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

func (s *memSink) setErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

// fakeClock is a settable clock for the poller's scheduling.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var errDiskFull = errors.New("disk full")

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }
