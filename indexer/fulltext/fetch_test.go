package fulltext

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const feedSummary = "The U.S. Army has awarded Ridgeline Systems Inc. a $412 million contract to build low-cost interceptors."

// site serves the labelled English page under /story, a robots.txt and a
// few misbehaving paths, and records what it was asked.
type site struct {
	*httptest.Server
	robots   string
	mu       sync.Mutex
	paths    []string
	agents   []string
	inFlight atomic.Int32
	maxIn    atomic.Int32
	starts   []time.Time
}

func newSite(t *testing.T, robots string) *site {
	t.Helper()
	page, err := os.ReadFile("testdata/pages/en-army-counter-drone.html")
	if err != nil {
		t.Fatal(err)
	}
	s := &site{robots: robots}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for m := s.maxIn.Load(); n > m && !s.maxIn.CompareAndSwap(m, n); m = s.maxIn.Load() {
		}
		s.mu.Lock()
		s.paths = append(s.paths, r.URL.Path)
		s.agents = append(s.agents, r.UserAgent())
		s.starts = append(s.starts, time.Now())
		s.mu.Unlock()
		switch {
		case r.URL.Path == "/robots.txt":
			if s.robots == "" {
				http.NotFound(w, r)
				return
			}
			w.Write([]byte(s.robots))
		case strings.HasPrefix(r.URL.Path, "/story"):
			time.Sleep(5 * time.Millisecond)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case r.URL.Path == "/pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.4"))
		case r.URL.Path == "/huge":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body><p>" + strings.Repeat("word ", 400_000) + "</p></body></html>"))
		case r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case r.URL.Path == "/slow":
			time.Sleep(time.Second)
		case r.URL.Path == "/gone":
			http.Error(w, "gone", http.StatusNotFound)
		case r.URL.Path == "/busy":
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case r.URL.Path == "/wall":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body><article><h1>Before you continue</h1><p>" +
				strings.Repeat("We and our partners store and access information on your device to personalise content and measure audiences. ", 5) +
				"</p></article></body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) requested(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.paths {
		if p == path {
			n++
		}
	}
	return n
}

func testFetcher(delay time.Duration) *Fetcher {
	return New(Config{HostDelay: delay, Timeout: 500 * time.Millisecond, MaxBytes: 1 << 20})
}

func TestFetchExtractsTheArticle(t *testing.T) {
	s := newSite(t, "")
	f := testFetcher(-1)
	p := f.Fetch(context.Background(), s.URL+"/story/1", s.URL+"/feed.xml", feedSummary)
	if p.Error != "" {
		t.Fatalf("error %q", p.Error)
	}
	if !strings.Contains(p.Text, "raise its value to $1.1 billion") || strings.Contains(p.Text, "Accept all") {
		t.Errorf("text = %q", p.Text)
	}
	if p.URL != s.URL+"/story/1" || p.Extractor != Extractor || p.FetchedAt.IsZero() {
		t.Errorf("page = %+v", p)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ua := range s.agents {
		if ua != DefaultUserAgent {
			t.Errorf("User-Agent %q", ua)
		}
	}
	if s.paths[0] != "/robots.txt" {
		t.Errorf("first request %q, want robots.txt", s.paths[0])
	}
}

func TestFetchFailures(t *testing.T) {
	s := newSite(t, "")
	f := testFetcher(-1)
	for _, c := range []struct {
		path, want string
		permanent  bool
	}{
		{"/pdf", "not HTML", true},
		{"/huge", "larger than", true},
		{"/loop", "redirects", true},
		{"/slow", "page:", false},
		{"/gone", "HTTP 404", true},
		{"/busy", "HTTP 503", false},
		{"/wall", "does not match the feed", true},
	} {
		p := f.Fetch(context.Background(), s.URL+c.path, s.URL+"/feed.xml", feedSummary)
		if !strings.Contains(p.Error, c.want) || p.Permanent != c.permanent || p.Text != "" {
			t.Errorf("%s: error %q permanent %v, want %q permanent %v", c.path, p.Error, p.Permanent, c.want, c.permanent)
		}
	}
	if p := f.Fetch(context.Background(), "javascript:alert(1)", s.URL, ""); !p.Permanent || p.Error == "" {
		t.Errorf("javascript link: %+v", p)
	}
}

func TestFetchHonoursRobots(t *testing.T) {
	s := newSite(t, "User-agent: *\nDisallow: /story/private\n\nUser-agent: Vigie\nDisallow: /story/members\n")
	f := testFetcher(-1)
	for _, path := range []string{"/story/members/1", "/story/members/"} {
		p := f.Fetch(context.Background(), s.URL+path, s.URL+"/feed.xml", feedSummary)
		if !p.Permanent || !strings.Contains(p.Error, "robots.txt") {
			t.Errorf("%s: %+v", path, p)
		}
		if s.requested(path) != 0 {
			t.Errorf("%s was requested despite robots.txt", path)
		}
	}
	// The Vigie group applies, not "*": /story/private is allowed to Vigie.
	if p := f.Fetch(context.Background(), s.URL+"/story/private", s.URL+"/feed.xml", feedSummary); p.Error != "" {
		t.Errorf("allowed page: %q", p.Error)
	}
	if n := s.requested("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once (cached)", n)
	}
}

// TestFetchOnePerHost fetches pages of one host from many goroutines: the
// server never sees two at once, and they are at least the delay apart.
func TestFetchOnePerHost(t *testing.T) {
	s := newSite(t, "")
	const delay = 20 * time.Millisecond
	f := testFetcher(delay)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.Fetch(context.Background(), s.URL+"/story/"+string(rune('a'+i)), s.URL+"/feed.xml", feedSummary)
		}()
	}
	wg.Wait()
	if m := s.maxIn.Load(); m != 1 {
		t.Errorf("%d requests in flight at once, want 1", m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 1; i < len(s.starts); i++ {
		if gap := s.starts[i].Sub(s.starts[i-1]); gap < delay {
			t.Errorf("requests %d and %d only %v apart", i-1, i, gap)
		}
	}
}

// TestFetchRefusesPrivateAddresses: a feed on one local server may link to
// its own pages, not to another local service (SSRF), even by redirect.
func TestFetchRefusesPrivateAddresses(t *testing.T) {
	feedSite, other := newSite(t, ""), newSite(t, "")
	f := testFetcher(-1)
	p := f.Fetch(context.Background(), other.URL+"/story/1", feedSite.URL+"/feed.xml", feedSummary)
	if !p.Permanent || !strings.Contains(p.Error, "non-public address") {
		t.Errorf("other local server: %+v", p)
	}
	for _, u := range []string{"http://169.254.169.254/latest/meta-data/", "http://[::1]:9/x", "http://10.0.0.1/"} {
		if p := f.Fetch(context.Background(), u, "https://news.example/feed", ""); !strings.Contains(p.Error, "non-public") {
			t.Errorf("%s: %+v", u, p)
		}
	}
	redirector := httptest.NewServer(http.RedirectHandler(other.URL+"/story/1", http.StatusFound))
	defer redirector.Close()
	if p := f.Fetch(context.Background(), redirector.URL+"/r", redirector.URL+"/feed.xml", feedSummary); !strings.Contains(p.Error, "non-public") {
		t.Errorf("redirect to another local server: %+v", p)
	}
	if n := len(other.paths); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
}
