package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigie/bench"
	"vigie/bench/gen"
	"vigie/indexer/store"
	"vigie/search"
)

// TestQuickRun runs the whole harness on a small corpus, peer and HTTP
// included, and checks the report's content, not its timings.
func TestQuickRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report", "quick.md")
	cfg, err := parseFlags([]string{"-n", "400", "-quick", "-out", out, "-batch", "100", "-load-import", "100", "-load-clients", "4"}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.duration != time.Second || !cfg.sqlite || !cfg.http || cfg.concurrency != 4 {
		t.Fatalf("quick defaults: %+v", cfg)
	}
	var stdout bytes.Buffer
	if err := run(context.Background(), cfg, &stdout, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, stdout.Bytes()) {
		t.Error("the file and standard output differ")
	}
	report := string(file)
	for _, want := range []string{
		"# Vigie benchmark: 400 articles (quick mode",
		"## Ingest, size, memory", "## Query latency, in-process (ms)", "## HTTP under load (4 concurrent clients, ms)",
		"## Issue 6 targets (set for 100,000 articles), this run", "## The queries", "articles/s", "docs/s", "bytes/article",
		"Not measured: not run (-alerts=false; off by default under -quick).",
		"## Searches during an import (4 HTTP clients, 100 articles imported)", "| errors | **0** (0 transport, 0 non-2xx) |",
		"| 5xx | **0** |", "under load / without: **",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Each kind's row: hits equal on both engines (the marker words have
	// no inflected forms, so stemming and unicode61 agree), no HTTP error.
	ks := map[string]bool{}
	latency := regexp.MustCompile(`(?m)^\| ([^|]+) \| ([\d,]+) \([\d.]+%\) / ([\d,]+) \| \*\*`)
	for _, m := range latency.FindAllStringSubmatch(report, -1) {
		ks[m[1]] = true
		if m[2] != m[3] {
			t.Errorf("%s: Vigie %s hits, SQLite %s", m[1], m[2], m[3])
		}
		if !strings.Contains(m[1], "filtered") && m[2] == "0" {
			t.Errorf("%s: no hit", m[1])
		}
	}
	if len(ks) != 12 {
		t.Errorf("%d query kinds in the latency table, want 12:\n%s", len(ks), report)
	}
	httpRow := regexp.MustCompile(`(?m)^\| ([^|]+) \| (\d+) \| (\d+) \| [\d.]+ \|`)
	rows := httpRow.FindAllStringSubmatch(report, -1)
	if len(rows) != 8 {
		t.Errorf("%d rows in the HTTP table, want 8", len(rows))
	}
	for _, m := range rows {
		if n, _ := strconv.Atoi(m[2]); n == 0 || m[3] != "0" {
			t.Errorf("HTTP %s: %s requests, %s errors", m[1], m[2], m[3])
		}
	}
}

func TestParseFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		ok   bool
	}{
		{nil, true},
		{[]string{"-n", "50"}, false},
		{[]string{"-concurrency", "0"}, false},
		{[]string{"-load-clients", "0"}, false},
		{[]string{"-load-import", "-1"}, false},
		{[]string{"extra"}, false},
		{[]string{"-quick", "-duration", "3s"}, true},
	} {
		cfg, err := parseFlags(c.args, &bytes.Buffer{})
		if (err == nil) != c.ok {
			t.Errorf("%q: error %v", c.args, err)
		}
		if c.ok && c.args == nil && (cfg.n != 100000 || cfg.out != "bench/RESULTS.md" || cfg.duration != 10*time.Second ||
			cfg.loadImport != 20000 || cfg.loadClients != 64) {
			t.Errorf("defaults: %+v", cfg)
		}
		if c.ok && len(c.args) == 3 && (cfg.duration != 3*time.Second || cfg.loadImport != 500) {
			t.Errorf("-quick -duration 3s: duration %v, load import %d", cfg.duration, cfg.loadImport)
		}
	}
}

func TestPercentiles(t *testing.T) {
	var l latencies
	for i := 1; i <= 100; i++ {
		l = append(l, time.Duration(101-i)*time.Millisecond)
	}
	s := l.stats()
	if s.p50 != 50*time.Millisecond || s.p95 != 95*time.Millisecond || s.p99 != 99*time.Millisecond ||
		s.min != time.Millisecond || s.max != 100*time.Millisecond || s.n != 100 {
		t.Errorf("stats = %+v", s)
	}
	if one := (latencies{7 * time.Millisecond}).stats(); one.p50 != 7*time.Millisecond || one.p99 != 7*time.Millisecond {
		t.Errorf("one sample: %+v", one)
	}
}

func TestPeerSQL(t *testing.T) {
	k := kind{match: "drone"}
	k.req.Companies = []string{"OpenAI", "Anduril"}
	k.req.AmountMin = 1e7
	q := base(k, "")
	got := q.sql("count(*)", "", "", "")
	want := "SELECT count(*) FROM docs JOIN meta m ON m.id = docs.rowid WHERE docs MATCH ? AND " +
		"m.id IN (SELECT doc FROM doc_company WHERE company IN (?,?)) AND m.amount_usd >= ? "
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if len(q.args) != 4 {
		t.Errorf("args %v", q.args)
	}
	// The company facet is counted without the company filter.
	if q := base(k, "company"); len(q.args) != 2 || strings.Contains(q.sql("x", "", "", ""), "doc_company") {
		t.Errorf("company facet query keeps its own filter: %s %v", q.sql("x", "", "", ""), q.args)
	}
	if !strings.HasPrefix(amountBucketSQL, "CASE WHEN m.amount_usd < 1e+07 THEN 0") || !strings.HasSuffix(amountBucketSQL, "ELSE 4 END") {
		t.Errorf("amount buckets: %s", amountBucketSQL)
	}
}

func TestParseBenchmarks(t *testing.T) {
	out := `goos: linux
pkg: vigie/search/alert
BenchmarkMatch/alerts=10000/articles=1000-2         	       3	 482288972 ns/op	         0.8717 cpu-s/op
BenchmarkMatchPass/alerts=10000/articles=1000-2     	       3	1260845309 ns/op	         1.816 cpu-s/op
BenchmarkOther 	 100	 12.5 ns/op
PASS`
	got := parseBenchmarks(out)
	want := []alertBench{
		{"BenchmarkMatch/alerts=10000/articles=1000", 482288972, 0.8717},
		{"BenchmarkMatchPass/alerts=10000/articles=1000", 1260845309, 1.816},
		{"BenchmarkOther", 12, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestLoadImport runs the searches-during-an-import phase at a tiny size
// and checks its counters agree with each other and with the index.
func TestLoadImport(t *testing.T) {
	const base, n = 300, 200
	g, err := gen.New(gen.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	c, err := bench.Open(t.TempDir(), g, nil, store.WithoutStories())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	if _, err := c.Ingest(ctx, 0, base, 100, 2, nil); err != nil {
		t.Fatal(err)
	}
	s, err := search.New(c.Index, c.Store)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := kinds(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config{loadImport: n, loadClients: 8, batch: 50, workers: 2}
	l, err := measureLoadImport(ctx, cfg, c, s, ks, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.failure(); err != nil {
		t.Error(err)
	}
	cs := l.counts
	if cs.requests < cfg.loadClients || cs.errors() != 0 || cs.fivexx != 0 {
		t.Errorf("counts %+v: want at least one request per client and no error", cs)
	}
	if len(cs.status) != 1 || cs.status[200] != cs.requests || l.lat.n != cs.requests {
		t.Errorf("statuses %v, %d timed, of %d requests: want all 200 and timed", cs.status, l.lat.n, cs.requests)
	}
	if l.base != base || l.imported.Articles != n || l.docs != base+n {
		t.Errorf("index: %d before, %d imported, %d after; want %d, %d, %d", l.base, l.imported.Articles, l.docs, base, n, base+n)
	}
}

// TestLoadImportFailure: any error fails the run, whatever the timings.
func TestLoadImportFailure(t *testing.T) {
	ok := &loadImport{base: 10, docs: 15, imported: bench.IngestStats{Articles: 5}, counts: loadCounts{requests: 9}}
	if err := ok.failure(); err != nil {
		t.Errorf("clean phase fails: %v", err)
	}
	if err := (*loadImport)(nil).failure(); err != nil {
		t.Errorf("phase not run fails: %v", err)
	}
	for _, bad := range []loadImport{
		{base: 10, docs: 15, imported: bench.IngestStats{Articles: 5}, counts: loadCounts{requests: 9, transport: 1}},
		{base: 10, docs: 15, imported: bench.IngestStats{Articles: 5}, counts: loadCounts{requests: 9, non2xx: 1, fivexx: 1}},
		{base: 10, docs: 14, imported: bench.IngestStats{Articles: 5}, counts: loadCounts{requests: 9}},
	} {
		if bad.failure() == nil {
			t.Errorf("%+v passes", bad)
		}
	}
}
