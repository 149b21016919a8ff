package feed

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testInterval = 10 * time.Minute

// rssBody returns a small RSS document with one item per title.
func rssBody(title string, itemTitles ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>https://site.example/</link>`, title)
	for i, it := range itemTitles {
		fmt.Fprintf(&b, `<item><title>%s</title><link>https://site.example/%d-%s</link><guid>%s-%d</guid><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate></item>`,
			it, i, strings.ReplaceAll(it, " ", "-"), title, i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

type pollerFixture struct {
	poller *Poller
	states *memStates
	sink   *memSink
	clock  *fakeClock
	mu     sync.Mutex
	events []string // OnFetch outcomes, in order
}

func newPollerFixture(t *testing.T, srcs []Source, fcfg FetcherConfig, mutate func(*PollerConfig)) *pollerFixture {
	t.Helper()
	fx := &pollerFixture{states: newMemStates(), sink: newMemSink(), clock: newFakeClock()}
	cfg := PollerConfig{
		Sources:         srcs,
		DefaultInterval: testInterval,
		Fetcher:         NewFetcher(fcfg),
		States:          fx.states,
		Sink:            fx.sink,
		Logger:          discardLogger(),
		Now:             fx.clock.Now,
		OnFetch: func(src Source, outcome string) {
			fx.mu.Lock()
			defer fx.mu.Unlock()
			fx.events = append(fx.events, src.Name+":"+outcome)
		},
	}
	if mutate != nil {
		mutate(&cfg)
	}
	p, err := NewPoller(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fx.poller = p
	return fx
}

// requestLog records the headers of every request a test server received.
type requestLog struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (l *requestLog) add(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, r.Clone(context.Background()))
}

func (l *requestLog) get(i int) *http.Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reqs[i]
}

func (l *requestLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reqs)
}

func TestRefreshConditionalGet(t *testing.T) {
	const lastModified = "Tue, 04 Mar 2025 08:00:00 GMT"
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", lastModified)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(rssBody("Wire", "Drones", "Contracts"))
	}))
	defer srv.Close()
	src := Source{Name: "Wire", URL: srv.URL + "/feed"}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	ctx := context.Background()

	start := fx.clock.Now()
	rep := fx.poller.Refresh(ctx, src)
	if rep.Err != nil || rep.Outcome != OutcomeOK || rep.Status != 200 || rep.New != 2 || rep.Items != 2 {
		t.Fatalf("first refresh = %+v", rep)
	}
	first := log.get(0)
	if first.Header.Get("If-None-Match") != "" || first.Header.Get("If-Modified-Since") != "" {
		t.Errorf("first request was conditional: %v", first.Header)
	}
	if ua := first.Header.Get("User-Agent"); ua != "Vigie/0.1 (+https://github.com/vigie; feed reader)" {
		t.Errorf("User-Agent = %q", ua)
	}
	if acc := first.Header.Get("Accept"); !strings.HasPrefix(acc, "application/rss+xml, application/atom+xml") {
		t.Errorf("Accept = %q", acc)
	}
	if ae := first.Header.Get("Accept-Encoding"); ae != "gzip" {
		t.Errorf("Accept-Encoding = %q", ae)
	}
	st := fx.states.get(src.URL)
	want := State{
		URL: src.URL, Name: "Wire", ETag: `"v1"`, LastModified: lastModified,
		CheckedAt: start, NextCheckAt: start.Add(testInterval), LastSuccessAt: start,
		LastStatus: 200, ItemsLast: 2, ItemsNew: 2, FetchCount: 1, Title: "Wire", ContentHash: st.ContentHash,
	}
	if st != want || st.ContentHash == "" || !st.Healthy() {
		t.Errorf("state after 200 =\n%+v\nwant\n%+v", st, want)
	}

	fx.clock.Advance(testInterval)
	rep = fx.poller.Refresh(ctx, src)
	if rep.Err != nil || rep.Outcome != OutcomeNotModified || rep.Status != 304 || rep.New != 0 {
		t.Fatalf("second refresh = %+v", rep)
	}
	second := log.get(1)
	if second.Header.Get("If-None-Match") != `"v1"` || second.Header.Get("If-Modified-Since") != lastModified {
		t.Errorf("second request not conditional: %v", second.Header)
	}
	if n := fx.sink.callCount(); n != 1 {
		t.Errorf("sink called %d times, want 1: a 304 ingests nothing", n)
	}
	st = fx.states.get(src.URL)
	if st.ETag != `"v1"` || st.LastModified != lastModified || st.FetchCount != 2 || st.ItemsNew != 2 ||
		st.LastStatus != 304 || !st.NextCheckAt.Equal(fx.clock.Now().Add(testInterval)) || st.ErrorCount != 0 {
		t.Errorf("state after 304 = %+v", st)
	}
	if got := strings.Join(fx.events, ","); got != "Wire:ok,Wire:not_modified" {
		t.Errorf("OnFetch events = %s", got)
	}
}

func TestRefreshRetryAfter(t *testing.T) {
	serverDate := time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		status     int
		retryAfter string
		minDelay   time.Duration
		maxDelay   time.Duration
	}{
		{"429 with seconds", 429, "3600", time.Hour, time.Hour},
		{"503 with an HTTP date, measured from Date", 503, serverDate.Add(2 * time.Hour).Format(http.TimeFormat), 2 * time.Hour, 2 * time.Hour},
		{"short Retry-After does not undercut the backoff", 429, "5", 16 * time.Minute, 24 * time.Minute},
		{"absurd Retry-After is capped", 503, "9999999", 24 * time.Hour, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Date", serverDate.Format(http.TimeFormat))
				w.Header().Set("Retry-After", tt.retryAfter)
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			src := Source{Name: "Busy", URL: srv.URL}
			fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
			rep := fx.poller.Refresh(context.Background(), src)
			var se *StatusError
			if !errors.As(rep.Err, &se) || se.Code != tt.status || rep.Outcome != OutcomeError {
				t.Fatalf("report = %+v", rep)
			}
			st := fx.states.get(src.URL)
			delay := st.NextCheckAt.Sub(fx.clock.Now())
			if delay < tt.minDelay || delay > tt.maxDelay {
				t.Errorf("next check in %v, want [%v, %v]", delay, tt.minDelay, tt.maxDelay)
			}
			if st.LastError != fmt.Sprintf("HTTP %d", tt.status) || st.ErrorCount != 1 || st.LastStatus != tt.status || st.Healthy() {
				t.Errorf("state = %+v", st)
			}
		})
	}
}

func TestRefreshServerErrorBacksOff(t *testing.T) {
	var failing atomic.Bool
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		if failing.Load() {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write(rssBody("Flaky", "One"))
	}))
	defer srv.Close()
	src := Source{Name: "Flaky", URL: srv.URL}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	ctx := context.Background()
	if rep := fx.poller.Refresh(ctx, src); rep.Outcome != OutcomeOK {
		t.Fatalf("first refresh = %+v", rep)
	}

	failing.Store(true)
	for n := 1; n <= 7; n++ {
		fx.clock.Advance(time.Hour)
		rep := fx.poller.Refresh(ctx, src)
		st := fx.states.get(src.URL)
		base := min(testInterval<<n, DefaultMaxBackoff)
		delay := st.NextCheckAt.Sub(fx.clock.Now())
		if rep.Outcome != OutcomeError || st.ErrorCount != n || st.LastError != "HTTP 500" || st.LastStatus != 500 {
			t.Fatalf("failure %d: report %+v state %+v", n, rep, st)
		}
		if lo, hi := time.Duration(0.8*float64(base)), time.Duration(1.2*float64(base)); delay < lo || delay > hi {
			t.Errorf("failure %d: next check in %v, want within ±20%% of %v", n, delay, base)
		}
		// The previous validators survive failures and are still sent.
		if st.ETag != `"v1"` || log.get(n).Header.Get("If-None-Match") != `"v1"` {
			t.Errorf("failure %d: ETag %q, sent %q", n, st.ETag, log.get(n).Header.Get("If-None-Match"))
		}
	}

	failing.Store(false)
	fx.clock.Advance(7 * time.Hour)
	rep := fx.poller.Refresh(ctx, src)
	st := fx.states.get(src.URL)
	if rep.Err != nil || st.ErrorCount != 0 || st.LastError != "" || !st.Healthy() ||
		!st.NextCheckAt.Equal(fx.clock.Now().Add(testInterval)) {
		t.Errorf("after recovery: report %+v state %+v", rep, st)
	}
}

func TestBackoffJitterIsBounded(t *testing.T) {
	fx := newPollerFixture(t, nil, FetcherConfig{}, nil)
	for _, failures := range []int{1, 3, 5, 60} {
		base := min(testInterval<<min(failures, 20), DefaultMaxBackoff)
		lo, hi := time.Duration(0.8*float64(base)), time.Duration(1.2*float64(base))
		minSeen, maxSeen := time.Duration(1<<62), time.Duration(0)
		for range 2000 {
			d := fx.poller.backoff(testInterval, failures)
			minSeen, maxSeen = min(minSeen, d), max(maxSeen, d)
		}
		if minSeen < lo || maxSeen > hi {
			t.Errorf("%d failures: delays in [%v, %v], want within [%v, %v]", failures, minSeen, maxSeen, lo, hi)
		}
		if maxSeen-minSeen < base/4 { // 2000 draws over a 40% band: well spread
			t.Errorf("%d failures: delays in [%v, %v] are not jittered", failures, minSeen, maxSeen)
		}
	}
}

func TestRefreshRedirects(t *testing.T) {
	mux := http.NewServeMux()
	for _, code := range []int{301, 302, 307, 308} {
		mux.Handle(fmt.Sprintf("/old/%d/feed", code), http.RedirectHandler("/new/feed", code))
	}
	mux.Handle("/loop", http.RedirectHandler("/loop", http.StatusFound))
	mux.HandleFunc("/new/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<rss version="2.0"><channel><title>New</title><item><title>Relative</title><link>a1</link></item></channel></rss>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, code := range []int{301, 302, 307, 308} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			src := Source{Name: "Moved", URL: fmt.Sprintf("%s/old/%d/feed", srv.URL, code)}
			fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
			rep := fx.poller.Refresh(context.Background(), src)
			if rep.Err != nil || rep.Outcome != OutcomeOK || rep.FinalURL != srv.URL+"/new/feed" {
				t.Fatalf("report = %+v", rep)
			}
			// Relative links resolve against where the document really is.
			if got := fx.sink.calls[0].feed.Items[0].Link; got != srv.URL+"/new/a1" {
				t.Errorf("link = %q", got)
			}
		})
	}
	t.Run("loop", func(t *testing.T) {
		src := Source{Name: "Loop", URL: srv.URL + "/loop"}
		fx := newPollerFixture(t, []Source{src}, FetcherConfig{MaxRedirects: 3}, nil)
		fx.poller.Refresh(context.Background(), src)
		if st := fx.states.get(src.URL); st.LastError != "too many redirects (more than 3)" {
			t.Errorf("LastError = %q", st.LastError)
		}
	})
}

func TestFetchMovedIsPermanentOnly(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/a", http.RedirectHandler("/b", http.StatusMovedPermanently))
	mux.Handle("/b", http.RedirectHandler("/c", http.StatusFound))
	mux.Handle("/p", http.RedirectHandler("/c", http.StatusPermanentRedirect))
	mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) { w.Write(rssBody("C", "x")) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := NewFetcher(FetcherConfig{})
	tests := map[string]bool{"/a": false, "/p": true, "/c": false}
	for path, moved := range tests {
		res, err := f.Fetch(context.Background(), srv.URL+path, State{})
		if err != nil || res.Moved != moved || res.FinalURL != srv.URL+"/c" {
			t.Errorf("%s: moved %v final %q err %v; want moved %v", path, res.Moved, res.FinalURL, err, moved)
		}
	}
}

func TestRefreshTimeouts(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"slow headers", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
		{"slow body", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel>`))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			src := Source{Name: "Slow", URL: srv.URL}
			fx := newPollerFixture(t, []Source{src}, FetcherConfig{Timeout: 150 * time.Millisecond}, nil)
			began := time.Now()
			rep := fx.poller.Refresh(context.Background(), src)
			if took := time.Since(began); took > 2*time.Second {
				t.Errorf("refresh took %v despite a 150ms timeout", took)
			}
			if !errors.Is(rep.Err, ErrTimeout) || rep.Outcome != OutcomeError {
				t.Fatalf("report = %+v", rep)
			}
			if st := fx.states.get(src.URL); st.LastError != "timeout after 150ms" || st.ErrorCount != 1 {
				t.Errorf("state = %+v", st)
			}
		})
	}
}

func TestRefreshOversizeBody(t *testing.T) {
	big := []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>` + strings.Repeat("x", 4096) + `</title></channel></rss>`)
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"Content-Length over the limit", func(w http.ResponseWriter, r *http.Request) { w.Write(big) }},
		{"chunked, no length", func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < len(big); i += 512 {
				w.Write(big[i:min(i+512, len(big))])
				w.(http.Flusher).Flush()
			}
		}},
		{"gzip that inflates over the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipBytes(t, []byte(strings.Repeat(" ", 1<<20))))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			src := Source{Name: "Huge", URL: srv.URL}
			fx := newPollerFixture(t, []Source{src}, FetcherConfig{MaxBytes: 1024}, nil)
			rep := fx.poller.Refresh(context.Background(), src)
			if !errors.Is(rep.Err, ErrTooLarge) {
				t.Fatalf("report = %+v", rep)
			}
			if st := fx.states.get(src.URL); st.LastError != "body larger than 1 KiB" {
				t.Errorf("LastError = %q", st.LastError)
			}
			if fx.sink.callCount() != 0 {
				t.Error("an oversize body reached the sink")
			}
		})
	}
}

func TestRefreshHTMLInsteadOfFeed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(readTestdata(t, "page.html"))
	}))
	defer srv.Close()
	src := Source{Name: "Web page", URL: srv.URL}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	rep := fx.poller.Refresh(context.Background(), src)
	if !errors.Is(rep.Err, ErrNotAFeed) || rep.Status != 200 {
		t.Fatalf("report = %+v", rep)
	}
	if st := fx.states.get(src.URL); st.LastError != "not a feed: got an HTML page" || st.ErrorCount != 1 || st.LastStatus != 200 {
		t.Errorf("state = %+v", st)
	}
}

func TestRefreshCharsetInHeaderOnly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=ISO-8859-1")
		w.Write(readTestdata(t, "latin1_header_only.xml")) // Latin-1 bytes, no encoding in the prolog
	}))
	defer srv.Close()
	src := Source{Name: "Défense", URL: srv.URL + "/rss", Lang: "fr"}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	rep := fx.poller.Refresh(context.Background(), src)
	if rep.Err != nil || rep.New != 2 {
		t.Fatalf("report = %+v", rep)
	}
	got := fx.sink.calls[0].feed
	if got.Items[0].Title != "Défense : l'armée de Terre teste des drones à Mourmelon" {
		t.Errorf("title = %q", got.Items[0].Title)
	}
	if got.Items[1].Title != "Marché public : 200 millions d'euros pour l'IA de la DGA" {
		t.Errorf("title = %q", got.Items[1].Title)
	}
	if st := fx.states.get(src.URL); st.Title != "Actualités défense" {
		t.Errorf("state title = %q", st.Title)
	}
}

func TestRefreshGzipContentEncoding(t *testing.T) {
	var log requestLog
	body := rssBody("Zipped", "Un", "Deux", "Trois")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipBytes(t, body))
			return
		}
		w.Write(body)
	}))
	defer srv.Close()
	src := Source{Name: "Zipped", URL: srv.URL}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	rep := fx.poller.Refresh(context.Background(), src)
	if rep.Err != nil || rep.Items != 3 || rep.New != 3 {
		t.Fatalf("report = %+v", rep)
	}
	if ae := log.get(0).Header.Get("Accept-Encoding"); ae != "gzip" {
		t.Errorf("Accept-Encoding = %q", ae)
	}
	if got := fx.sink.calls[0].feed.Items[2].Title; got != "Trois" {
		t.Errorf("title = %q", got)
	}
}

func TestPollOnceOneFailingFeedDoesNotStopOthers(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { w.Write(rssBody("Good", "A", "B")) })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 500) })
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) { w.Write(readTestdata(t, "page.html")) })
	mux.HandleFunc("/garbage", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<rss><channel><item><title>x</title><!- nope"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srcs := []Source{
		{Name: "Broken", URL: srv.URL + "/broken"},
		{Name: "Good", URL: srv.URL + "/ok"},
		{Name: "HTML", URL: srv.URL + "/html"},
		{Name: "Garbage", URL: srv.URL + "/garbage"},
		{Name: "Nobody home", URL: "http://" + closedAddr(t) + "/feed"},
	}
	fx := newPollerFixture(t, srcs, FetcherConfig{}, nil)
	reports := fx.poller.PollOnce(context.Background())
	want := []struct {
		outcome, lastError string
	}{
		{OutcomeError, "HTTP 500"},
		{OutcomeOK, ""},
		{OutcomeError, "not a feed: got an HTML page"},
		{OutcomeError, "XML syntax error at line 1: invalid sequence <!- not part of <!--"},
		{OutcomeError, "connection refused"},
	}
	for i, w := range want {
		if reports[i].Source != srcs[i] || reports[i].Outcome != w.outcome {
			t.Errorf("report %d = %+v, want outcome %s", i, reports[i], w.outcome)
		}
		if st := fx.states.get(srcs[i].URL); st.LastError != w.lastError {
			t.Errorf("%s: LastError %q, want %q", srcs[i].Name, st.LastError, w.lastError)
		}
	}
	if fx.sink.callCount() != 1 || reports[1].New != 2 {
		t.Errorf("sink calls %d, new %d", fx.sink.callCount(), reports[1].New)
	}
}

// closedAddr returns a local address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestRefreshSinkErrorDoesNotAdvanceState(t *testing.T) {
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 04 Mar 2025 08:00:00 GMT")
		w.Write(rssBody("Store", "A", "B"))
	}))
	defer srv.Close()
	src := Source{Name: "Store", URL: srv.URL}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	ctx := context.Background()

	fx.sink.setErr(errDiskFull)
	rep := fx.poller.Refresh(ctx, src)
	if !errors.Is(rep.Err, errDiskFull) || rep.Outcome != OutcomeError {
		t.Fatalf("report = %+v", rep)
	}
	st := fx.states.get(src.URL)
	if st.ETag != "" || st.LastModified != "" || st.ContentHash != "" || st.ItemsNew != 0 ||
		st.ErrorCount != 1 || st.LastError != "ingest failed: disk full" || !st.LastSuccessAt.IsZero() {
		t.Errorf("state after ingest error = %+v", st)
	}

	// The next poll is unconditional, so the items come again and are ingested.
	fx.sink.setErr(nil)
	fx.clock.Advance(time.Hour)
	rep = fx.poller.Refresh(ctx, src)
	if log.get(1).Header.Get("If-None-Match") != "" || log.get(1).Header.Get("If-Modified-Since") != "" {
		t.Errorf("retry after an ingest error was conditional: %v", log.get(1).Header)
	}
	if rep.Err != nil || rep.New != 2 {
		t.Fatalf("retry = %+v", rep)
	}
	if st := fx.states.get(src.URL); st.ETag != `"v1"` || st.ItemsNew != 2 || st.ErrorCount != 0 {
		t.Errorf("state after retry = %+v", st)
	}
}

func TestRefreshStateSaveFailure(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write(rssBody("Feed", "A"))
	}))
	defer srv.Close()
	src := Source{Name: "Feed", URL: srv.URL}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	fx.states.putErr = errDiskFull
	rep := fx.poller.Refresh(context.Background(), src)
	if !errors.Is(rep.Err, errDiskFull) || !strings.Contains(rep.Err.Error(), "save feed state: disk full") {
		t.Fatalf("report = %+v", rep)
	}
	// The schedule is also kept in memory: the feed is not hammered.
	if reps := fx.poller.PollDue(context.Background()); len(reps) != 0 || hits.Load() != 1 {
		t.Errorf("PollDue refreshed %d feeds (%d hits) right after a refresh", len(reps), hits.Load())
	}
}

func TestRefreshUnchangedBodySkipsIngest(t *testing.T) {
	var body atomic.Value
	body.Store(rssBody("Static", "A", "B"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(body.Load().([]byte)) // no validators at all
	}))
	defer srv.Close()
	src := Source{Name: "Static", URL: srv.URL}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	ctx := context.Background()
	outcomes := []string{}
	for _, b := range [][]byte{rssBody("Static", "A", "B"), rssBody("Static", "A", "B"), rssBody("Static", "A", "B", "C")} {
		body.Store(b)
		rep := fx.poller.Refresh(ctx, src)
		outcomes = append(outcomes, fmt.Sprintf("%s/%d/%d", rep.Outcome, rep.Items, rep.New))
	}
	if got := strings.Join(outcomes, " "); got != "ok/2/2 unchanged/2/0 ok/3/1" {
		t.Errorf("outcomes = %s", got)
	}
	if fx.sink.callCount() != 2 {
		t.Errorf("sink called %d times, want 2", fx.sink.callCount())
	}
}

func TestRefreshHonoursCacheHints(t *testing.T) {
	tests := []struct {
		name         string
		cacheControl string
		body         []byte
		want         time.Duration
	}{
		{"no hint: the interval", "", rssBody("F", "a"), testInterval},
		{"max-age longer than the interval", "public, max-age=7200", rssBody("F", "a"), 2 * time.Hour},
		{"max-age shorter than the interval", "max-age=60", rssBody("F", "a"), testInterval},
		{"no-cache", "no-cache, max-age=7200", rssBody("F", "a"), testInterval},
		{"RSS ttl", "", readTestdata(t, "rss_en.xml"), time.Hour},
		{"max-age capped", "max-age=604800", rssBody("F", "a"), DefaultMaxHint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.cacheControl != "" {
					w.Header().Set("Cache-Control", tt.cacheControl)
				}
				w.Write(tt.body)
			}))
			defer srv.Close()
			src := Source{Name: "F", URL: srv.URL}
			fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
			rep := fx.poller.Refresh(context.Background(), src)
			if got := rep.NextCheckAt.Sub(fx.clock.Now()); rep.Err != nil || got != tt.want {
				t.Errorf("next check in %v (err %v), want %v", got, rep.Err, tt.want)
			}
		})
	}
}

// concurrencyProbe is a handler that records how many requests it serves at
// once, overall and per host.
type concurrencyProbe struct {
	mu                sync.Mutex
	inFlight, maxSeen int
	perHost           map[string]int
	maxPerHost        int
	hold              time.Duration
}

func (c *concurrencyProbe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.inFlight++
	c.perHost[r.Host]++
	c.maxSeen = max(c.maxSeen, c.inFlight)
	c.maxPerHost = max(c.maxPerHost, c.perHost[r.Host])
	c.mu.Unlock()
	time.Sleep(c.hold)
	c.mu.Lock()
	c.inFlight--
	c.perHost[r.Host]--
	c.mu.Unlock()
	w.Write(rssBody(r.Host+r.URL.Path, "item"))
}

// dialTo returns a transport that connects every host name to addr, so
// tests can use many host names served by one httptest server.
func dialTo(addr string) *http.Transport {
	var d net.Dialer
	return &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}}
}

func TestPollOnceSerialisesRequestsPerHost(t *testing.T) {
	probe := &concurrencyProbe{perHost: map[string]int{}, hold: 40 * time.Millisecond}
	srv := httptest.NewServer(probe)
	defer srv.Close()
	var srcs []Source
	for _, host := range []string{"one.test", "two.test"} {
		for _, path := range []string{"/a", "/b", "/c"} {
			srcs = append(srcs, Source{Name: host + path, URL: "http://" + host + path})
		}
	}
	fx := newPollerFixture(t, srcs, FetcherConfig{Transport: dialTo(srv.Listener.Addr().String())},
		func(c *PollerConfig) { c.Concurrency = 6 })
	for _, rep := range fx.poller.PollOnce(context.Background()) {
		if rep.Err != nil {
			t.Fatalf("%s: %v", rep.Source.Name, rep.Err)
		}
	}
	if probe.maxPerHost != 1 {
		t.Errorf("max concurrent requests per host = %d, want 1", probe.maxPerHost)
	}
	if probe.maxSeen != 2 {
		t.Errorf("max concurrent requests = %d, want 2 (one per host)", probe.maxSeen)
	}
}

func TestPollOnceBoundsConcurrency(t *testing.T) {
	probe := &concurrencyProbe{perHost: map[string]int{}, hold: 60 * time.Millisecond}
	srv := httptest.NewServer(probe)
	defer srv.Close()
	var srcs []Source
	for i := range 9 {
		srcs = append(srcs, Source{Name: fmt.Sprint(i), URL: fmt.Sprintf("http://feed-%d.test/rss", i)})
	}
	fx := newPollerFixture(t, srcs, FetcherConfig{Transport: dialTo(srv.Listener.Addr().String())},
		func(c *PollerConfig) { c.Concurrency = 3 })
	reports := fx.poller.PollOnce(context.Background())
	for i, rep := range reports {
		if rep.Err != nil || rep.Source != srcs[i] {
			t.Fatalf("report %d = %+v", i, rep)
		}
	}
	if probe.maxSeen != 3 {
		t.Errorf("max concurrent requests = %d, want 3", probe.maxSeen)
	}
}

func TestPollDueOnlyFetchesDueFeeds(t *testing.T) {
	var mu sync.Mutex
	var hit []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hit = append(hit, r.URL.Path)
		mu.Unlock()
		w.Write(rssBody(r.URL.Path, "x"))
	}))
	defer srv.Close()
	srcs := []Source{{Name: "later", URL: srv.URL + "/later"}, {Name: "due", URL: srv.URL + "/due"}, {Name: "new", URL: srv.URL + "/new"}}
	fx := newPollerFixture(t, srcs, FetcherConfig{}, nil)
	now := fx.clock.Now()
	fx.states.states[srcs[0].URL] = State{URL: srcs[0].URL, NextCheckAt: now.Add(time.Hour)}
	fx.states.states[srcs[1].URL] = State{URL: srcs[1].URL, NextCheckAt: now.Add(-time.Minute)}

	reports := fx.poller.PollDue(context.Background())
	if len(reports) != 2 || reports[0].Source.Name != "due" || reports[1].Source.Name != "new" {
		t.Fatalf("reports = %+v", reports)
	}
	if len(hit) != 2 {
		t.Errorf("server hits = %v", hit)
	}
	if wait := fx.poller.untilNextDue(); wait != maxSleep {
		t.Errorf("untilNextDue = %v, want the %v cap", wait, maxSleep)
	}
}

func TestRunPollsUntilCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(rssBody("Run", "x"))
	}))
	defer srv.Close()
	src := Source{Name: "Run", URL: srv.URL}
	refreshed := make(chan string, 10)
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, func(c *PollerConfig) {
		c.OnFetch = func(_ Source, outcome string) { refreshed <- outcome }
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- fx.poller.Run(ctx) }()
	select {
	case outcome := <-refreshed:
		if outcome != OutcomeOK {
			t.Errorf("outcome = %s", outcome)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not poll the feed")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil on cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	// The clock did not move: the feed is not due again, so it was polled once.
	if st := fx.states.get(src.URL); st.FetchCount != 1 || !st.Healthy() {
		t.Errorf("state = %+v", st)
	}
}

func TestRefreshCancelledLeavesStateAlone(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	src := Source{Name: "Shutdown", URL: srv.URL}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	rep := fx.poller.Refresh(ctx, src)
	if rep.Outcome != OutcomeCanceled || !errors.Is(rep.Err, context.DeadlineExceeded) {
		t.Errorf("report = %+v", rep)
	}
	if fx.states.puts != 0 {
		t.Errorf("state saved %d times on shutdown: a feed must not be marked failing for it", fx.states.puts)
	}
}

func TestRefreshStateLoadError(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	src := Source{Name: "X", URL: srv.URL}
	fx := newPollerFixture(t, []Source{src}, FetcherConfig{}, nil)
	fx.states.loadErr = errDiskFull
	rep := fx.poller.Refresh(context.Background(), src)
	if rep.Outcome != OutcomeError || !errors.Is(rep.Err, errDiskFull) || hits.Load() != 0 {
		t.Errorf("report = %+v, hits %d", rep, hits.Load())
	}
	if reps := fx.poller.PollDue(context.Background()); len(reps) != 0 {
		t.Errorf("PollDue retried at once on a broken store: %+v", reps)
	}
}

func TestNewPollerValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  PollerConfig
		want string
	}{
		{"no store or sink", PollerConfig{}, "States is required"},
		{"negative", PollerConfig{States: newMemStates(), Sink: newMemSink(), Concurrency: -1}, "must not be negative"},
		{"duplicate urls", PollerConfig{States: newMemStates(), Sink: newMemSink(), Sources: []Source{
			{Name: "a", URL: "https://x.example/feed"}, {Name: "b", URL: "https://X.example/feed"}}}, `sources "a" and "b" share the url`},
		{"bad url", PollerConfig{States: newMemStates(), Sink: newMemSink(), Sources: []Source{{Name: "a", URL: "ftp://a.example/feed"}}}, "scheme must be http, https or file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewPoller(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
