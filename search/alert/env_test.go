package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
	"vigie/search"
	"vigie/search/api"
)

// testClock starts at a fixed instant and runs at real speed, so retries
// and timeouts behave, while tests can jump ahead (digest hours).
type testClock struct {
	mu    sync.Mutex
	base  time.Time
	start time.Time
	jump  time.Duration
}

func newClock(base time.Time) *testClock { return &testClock{base: base, start: time.Now()} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Add(time.Since(c.start) + c.jump)
}

// Set jumps to t (forward only).
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.jump += t.Sub(c.base.Add(time.Since(c.start) + c.jump))
}

// testEnv is the real thing on a temp dir: store, bleve index, ingest
// pipeline, search API server with the alert routes, the alert service
// running, and an SMTP server in the process.
type testEnv struct {
	t       *testing.T
	dir     string
	clock   *testClock
	smtp    *testSMTP
	st      *store.Store
	idx     *index.Index
	pipe    *ingest.Pipeline
	svc     *Service
	http    *httptest.Server
	base    string
	stopRun func()
}

// tuesday17 is Tuesday 17 June 2025, noon UTC: the tests' "now".
var tuesday17 = time.Date(2025, 6, 17, 12, 0, 0, 0, time.UTC)

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// newEnv builds and starts an environment; configure adjusts the config.
func newEnv(t *testing.T, smtpSrv *testSMTP, configure func(*Config)) *testEnv {
	t.Helper()
	dir := t.TempDir()
	e := &testEnv{t: t, dir: dir, clock: newClock(tuesday17), smtp: smtpSrv}
	e.open(configure)
	return e
}

// open opens the data dir and starts everything (again, after close).
func (e *testEnv) open(configure func(*Config)) {
	t := e.t
	t.Helper()
	var err error
	if e.st, err = store.Open(filepath.Join(e.dir, "vigie.db")); err != nil {
		t.Fatal(err)
	}
	if e.idx, err = index.Open(filepath.Join(e.dir, "index")); err != nil {
		t.Fatal(err)
	}
	searcher, err := search.New(e.idx, e.st)
	if err != nil {
		t.Fatal(err)
	}
	log := testLogger(t)
	e.pipe = ingest.New(e.st, e.idx, enrich.New(nil, nil), log)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.base = "http://" + ln.Addr().String()
	cfg := Config{
		Store: e.st, Searcher: searcher, DataDir: e.dir, BaseURL: e.base,
		MailFrom: "Vigie <alerts@vigie.example>", AdminToken: "s3cret-admin", DigestHour: 7,
		Logger: log, Now: e.clock.Now,
		PollInterval: 20 * time.Millisecond, RetryBase: 40 * time.Millisecond, RetryMax: 400 * time.Millisecond,
		SMTPTimeout: 2 * time.Second,
	}
	if e.smtp != nil {
		cfg.SMTPURL = "smtp://" + e.smtp.Addr + "?tls=none"
	}
	if configure != nil {
		configure(&cfg)
	}
	if e.svc, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	e.pipe.Listen(e.svc.OnIndexed)
	h, err := api.New(api.Config{Searcher: searcher, Store: e.st, Index: e.idx, Alerts: e.svc, Logger: log, BaseURL: e.base})
	if err != nil {
		t.Fatal(err)
	}
	e.http = httptest.NewUnstartedServer(h)
	e.http.Listener.Close()
	e.http.Listener = ln
	e.http.Start()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.svc.Run(ctx)
	}()
	e.stopRun = func() { cancel(); <-done }
	t.Cleanup(e.close)
}

// close stops everything and closes the data dir, like a process exit.
func (e *testEnv) close() {
	if e.stopRun == nil {
		return
	}
	e.stopRun()
	e.stopRun = nil
	e.http.Close()
	e.idx.Close()
	e.st.Close()
}

// ingest parses a feed file of testdata and runs it through the pipeline.
func (e *testEnv) ingest(file, name, feedURL string) ingest.Result {
	e.t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		e.t.Fatal(err)
	}
	parsed, err := feed.Parse(body, "", feedURL)
	if err != nil {
		e.t.Fatalf("parse %s: %v", file, err)
	}
	res, err := e.pipe.IngestFeed(context.Background(), feed.Source{Name: name, URL: feedURL}, parsed, e.clock.Now())
	if err != nil {
		e.t.Fatalf("ingest %s: %v", file, err)
	}
	return res
}

func (e *testEnv) wire(file string) ingest.Result {
	return e.ingest(file, "Defense Wire", "https://wire.example/feed.xml")
}

func (e *testEnv) mirror(file string) ingest.Result {
	return e.ingest(file, "Mirror News", "https://mirror.example/rss")
}

type httpResult struct {
	Status int
	Header http.Header
	Body   []byte
}

func (e *testEnv) do(method, path, contentType string, body []byte, header ...string) httpResult {
	e.t.Helper()
	url := path
	if !strings.HasPrefix(path, "http") {
		url = e.base + path
	}
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return httpResult{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// create posts an alert and decodes the 201 answer.
func (e *testEnv) create(body string) Created {
	e.t.Helper()
	r := e.do(http.MethodPost, "/api/alerts", "application/json", []byte(body))
	if r.Status != http.StatusCreated {
		e.t.Fatalf("POST /api/alerts %s: %d %s", body, r.Status, r.Body)
	}
	var c Created
	if err := json.Unmarshal(r.Body, &c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+`)

// link returns the first URL of text containing path.
func link(t *testing.T, text, path string) string {
	t.Helper()
	for _, u := range linkRE.FindAllString(text, -1) {
		if strings.Contains(u, path) {
			return u
		}
	}
	t.Fatalf("no %s link in:\n%s", path, text)
	return ""
}

// confirmFrom follows the confirmation link of a confirmation e-mail.
func (e *testEnv) confirmFrom(m received) {
	e.t.Helper()
	pm := parseMail(e.t, m.Data)
	r := e.do(http.MethodGet, link(e.t, pm.Text, "/alerts/confirm?token="), "", nil)
	if r.Status != http.StatusOK {
		e.t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
}

// outboxLen counts the e-mails waiting.
func (e *testEnv) outboxLen() int {
	e.t.Helper()
	n, err := countBucket(e.st, bucketOutbox)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func countBucket(st *store.Store, name []byte) (int, error) {
	n := 0
	err := st.DB().View(func(tx *bolt.Tx) error {
		n = tx.Bucket(name).Stats().KeyN
		return nil
	})
	return n, err
}

// titles lists the article titles of an alert e-mail's text part, in
// order ("1. Title" lines).
func titles(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if i := strings.Index(line, ". "); i > 0 && i <= 3 && strings.Trim(line[:i], "0123456789") == "" {
			out = append(out, strings.TrimSpace(line[i+2:]))
		}
	}
	return out
}

func discardSlog() *slog.Logger { return slog.New(slog.DiscardHandler) }
