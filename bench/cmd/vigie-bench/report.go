package main

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"vigie/bench"
	"vigie/bench/gen"
)

// result is one kind's measurements on every engine.
type result struct {
	kind                         kind
	vigie, bleve, sqlite, http   stats
	hasBleve, hasSQLite, hasHTTP bool
}

// report is everything the Markdown file says.
type report struct {
	cfg                config
	machine            machine
	started            time.Time
	elapsed            time.Duration
	loadStart, loadEnd string
	ingest             bench.IngestStats
	reused             bool
	docs               int
	indexBytes         int64
	storeBytes         int64
	peakRSSIngest      uint64
	peakRSS            uint64
	rssServing         uint64
	settle             time.Duration // waiting for the merger after reopening
	segments           int           // index segments when the queries ran
	rssAnon, rssFile   uint64
	heapServing        uint64
	warm               time.Duration
	peerDocs           int
	peerLoad           time.Duration
	peerBytes          int64
	peerReused         bool
	results            []result
	alerts             alertResult
	loaded             *loadImport // nil: not run
}

type machine struct {
	cpus       int
	cpuModel   string
	goVersion  string
	commit     string
	dirty      bool
	osArch     string
	gomaxprocs int
}

func readMachine() machine {
	m := machine{cpus: runtime.NumCPU(), goVersion: runtime.Version(), osArch: runtime.GOOS + "/" + runtime.GOARCH,
		gomaxprocs: runtime.GOMAXPROCS(0), cpuModel: "unknown", commit: "unknown"}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.cpuModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		m.commit = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil {
		m.dirty = len(bytes.TrimSpace(out)) > 0
	}
	return m
}

// loadAverage is the 1, 5 and 15 minute load averages: a busy machine
// explains slow figures.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// writeReport prints the report and writes it to path.
func writeReport(r *report, path string, stdout io.Writer) error {
	var b bytes.Buffer
	r.markdown(&b)
	if _, err := stdout.Write(b.Bytes()); err != nil {
		return err
	}
	if path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

func (r *report) markdown(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	commit := r.machine.commit
	if r.machine.dirty {
		commit += " (+ uncommitted changes)"
	}
	mode := ""
	if r.cfg.quick {
		mode = " (quick mode: few repetitions, rough figures)"
	}
	p("# Vigie benchmark: %s articles%s\n\n", thousands(r.docs), mode)
	p("- Command: `go run ./bench/cmd/vigie-bench %s`\n", strings.Join(r.cfg.args, " "))
	p("- Date: %s; run took %s\n", r.started.UTC().Format("2006-01-02 15:04 MST"), r.elapsed.Round(time.Second))
	p("- Commit: %s\n", commit)
	p("- Machine: %d CPUs (%s), GOMAXPROCS %d, GOGC %d, %s, %s\n", r.machine.cpus, r.machine.cpuModel, r.machine.gomaxprocs,
		gcPercent(), r.machine.osArch, r.machine.goVersion)
	p("- Load average (1/5/15 min) at start: %s; at end: %s\n", r.loadStart, r.loadEnd)
	p("- Corpus: `bench/gen` seed %d, %s articles (%.0f%% English), 44 sources, ~350 words each; marker words: rare %q (%.0f%%), medium %q (%.0f%%), common %q (%.0f%% + entity names), phrase %q (%.0f%%)\n\n",
		r.cfg.seed, thousands(r.docs), gen.EnglishShare*100, gen.RareWord, gen.RareShare*100, gen.MediumWord, gen.MediumShare*100,
		gen.CommonWord, gen.CommonShare*100, gen.Phrase, gen.PhraseShare*100)

	r.ingestTable(p)
	r.latencyTable(p)
	r.httpTable(p)
	r.loadImportSection(p)
	r.alertSection(p)
	r.targets(p)
	r.queries(p)
	p("## How to read this\n\n")
	p("- Latencies are wall-clock per search, measured in-process around `Searcher.Search` (parse, bleve search, facet counts, highlighting, loading the 10 hits from the store), after `Searcher.Warm`. Percentiles by nearest rank over the timed runs (column n).\n")
	p("- \"bleve facets\" is the same Searcher with `search.WithBleveFacets()`: bleve's own terms/numeric facets on doc values, the obvious way. Only faceted kinds have it.\n")
	p("- SQLite FTS5 (modernc.org/sqlite, pure Go) holds the same enriched documents read back from Vigie's store: FTS5 `unicode61 remove_diacritics 2` on title and body, a values table and one table per multi-valued facet with indexes; WAL, synchronous=NORMAL, 64 MiB cache. Per search: count, top 10 by `bm25(docs, 2.5, 1.0)` (or date/amount) with title and `snippet()`, and with facets one GROUP BY per facet over the matched rows, each without its own filter, as Vigie's disjunctive facets. SQLite has no stemming: hit counts match because the marker words have no inflected forms in the corpus.\n")
	p("- Ratio = Vigie p50 / SQLite p50 (below 1: Vigie faster).\n")
	p("- Vigie's ingest rate is end to end (generation of the feed items, normalisation, enrichment, store, index); SQLite's load inserts documents already enriched, so the two rates do not measure the same work.\n")
	p("- HTTP: Vigie's real server (`search/api`, all middleware, gzip) on 127.0.0.1, %d concurrent clients of a bounded load loop, up to %d requests or %s per kind; the API always counts facets. Client and server share the machine's cores.\n",
		r.cfg.concurrency, budgetsFor(r.cfg.quick).httpRequests, r.cfg.duration)
}

func (r *report) ingestTable(p func(string, ...any)) {
	p("## Ingest, size, memory\n\n| | Vigie | SQLite FTS5 |\n|---|---|---|\n")
	vigieRate := "reused corpus (not measured)"
	if !r.reused {
		cpuShare, genShare := 0.0, 0.0
		if r.ingest.Elapsed > 0 && r.ingest.CPU > 0 {
			cpuShare = 100 * r.ingest.CPU.Seconds() / r.ingest.Elapsed.Seconds()
			genShare = 100 * r.ingest.Generate.Seconds() / r.ingest.CPU.Seconds()
		}
		vigieRate = fmt.Sprintf("**%s articles/s** (%s articles in %s; %d store workers, rounds of %d, background indexer; "+
			"CPU %.2f ms/article, %.0f%% of one core on average; of which the article generator about %.0f%%)",
			thousands(int(r.ingest.PerSecond())), thousands(r.ingest.Articles), dur(r.ingest.Elapsed),
			r.cfg.workers, r.cfg.batch, float64(r.ingest.CPU.Microseconds())/1000/float64(max(1, r.ingest.Articles)), cpuShare, genShare)
	}
	peerRate := "not run"
	switch {
	case r.peerReused:
		peerRate = "reused database (not measured)"
	case r.peerLoad > 0:
		peerRate = fmt.Sprintf("**%s docs/s** (%s docs in %s, inserts + index builds)",
			thousands(int(float64(r.peerDocs)/r.peerLoad.Seconds())), thousands(r.peerDocs), dur(r.peerLoad))
	}
	p("| ingest | %s | %s |\n", vigieRate, peerRate)
	perDoc := func(n int64) string {
		if r.docs == 0 || n == 0 {
			return "—"
		}
		return fmt.Sprintf("%s bytes/article (%s in all)", thousands(int(n/int64(r.docs))), mib(uint64(n)))
	}
	p("| index on disk | %s | %s |\n", perDoc(r.indexBytes), perDoc(r.peerBytes))
	p("| store on disk (bbolt, articles + raw feed entries) | %s | — |\n", perDoc(r.storeBytes))
	p("| peak RSS after ingest (VmHWM) | %s | — |\n", mib(r.peakRSSIngest))
	p("| peak RSS serving (VmHWM over the query phases, data directory reopened after the ingest, before SQLite) | %s | — |\n", mib(r.peakRSS))
	p("| RSS serving (VmRSS after the query phases) | %s: %s anonymous (Go heap in use %s) + %s mapped files (index, store; page cache the kernel can reclaim) | — |\n",
		mib(r.rssServing), mib(r.rssAnon), mib(r.heapServing), mib(r.rssFile))
	p("| merges after the ingest (waited before the query phases) | %s, %d segments left | — |\n", dur(r.settle), r.segments)
	p("| facet column build (`Warm`, all segments) | %s | — |\n\n", ms(r.warm)+" ms")
}

func (r *report) latencyTable(p func(string, ...any)) {
	p("## Query latency, in-process (ms)\n\n")
	p("| query kind | hits (Vigie / SQLite) | Vigie p50 | p95 | p99 | n | bleve facets p50 | p99 | SQLite p50 | p99 | ratio Vigie/SQLite |\n")
	p("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, x := range r.results {
		hits := fmt.Sprintf("%s (%.1f%%)", thousands(int(x.vigie.hits)), 100*float64(x.vigie.hits)/float64(max(1, r.docs)))
		if x.hasSQLite {
			hits += " / " + thousands(int(x.sqlite.hits))
		}
		bl50, bl99 := "—", "—"
		if x.hasBleve {
			bl50, bl99 = ms(x.bleve.p50), ms(x.bleve.p99)
		}
		sq50, sq99, ratio := "—", "—", "—"
		if x.hasSQLite {
			sq50, sq99 = ms(x.sqlite.p50), ms(x.sqlite.p99)
			ratio = fmt.Sprintf("%.2f", float64(x.vigie.p50)/float64(x.sqlite.p50))
		}
		p("| %s | %s | **%s** | %s | %s | %d | %s | %s | %s | %s | %s |\n", x.kind.name, hits,
			ms(x.vigie.p50), ms(x.vigie.p95), ms(x.vigie.p99), x.vigie.n, bl50, bl99, sq50, sq99, ratio)
	}
	p("\n")
}

func (r *report) httpTable(p func(string, ...any)) {
	if !r.cfg.http {
		p("## HTTP under load\n\nNot run (-http=false).\n\n")
		return
	}
	p("## HTTP under load (%d concurrent clients, ms)\n\n", r.cfg.concurrency)
	p("| query kind | requests | errors | p50 | p95 | p99 | throughput (req/s) |\n|---|---|---|---|---|---|---|\n")
	for _, x := range r.results {
		if !x.hasHTTP {
			continue
		}
		p("| %s | %d | %d | %s | %s | %s | %.0f |\n", x.kind.name, x.http.n, x.http.errors,
			ms(x.http.p50), ms(x.http.p95), ms(x.http.p99), x.http.throughput)
	}
	p("\n")
}

// targets states which of issue 6's targets this run met: those set for
// 1,000,000 articles on a run of that size, else those set for 100,000.
func (r *report) targets(p func(string, ...any)) {
	if r.docs >= 1_000_000 {
		r.targets1M(p)
		return
	}
	p("## Issue 6 targets (set for 100,000 articles), this run\n\n")
	mark := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**missed**"
	}
	byName := map[string]result{}
	for _, x := range r.results {
		byName[x.kind.name] = x
	}
	for _, x := range r.results {
		if !x.kind.facets() {
			continue
		}
		line := fmt.Sprintf("- %s: p99 %s ms <= 50: %s", x.kind.name, ms(x.vigie.p99), mark(x.vigie.p99 <= 50*time.Millisecond))
		if x.hasSQLite {
			line += fmt.Sprintf("; p50 <= half of SQLite's (%s vs %s ms): %s", ms(x.vigie.p50), ms(x.sqlite.p50),
				mark(2*x.vigie.p50 <= x.sqlite.p50))
		}
		if plain, ok := byName[strings.Replace(x.kind.name, " + 6 facets", ", top 10, no facets", 1)]; ok && plain.kind.name != x.kind.name {
			line += fmt.Sprintf("; facets cost <= 2x the plain query (p50 %s vs %s ms): %s", ms(x.vigie.p50), ms(plain.vigie.p50),
				mark(x.vigie.p50 <= 2*plain.vigie.p50))
		}
		p("%s\n", line)
	}
	for _, x := range r.results {
		if x.kind.facets() {
			continue
		}
		line := fmt.Sprintf("- %s: p99 %s ms <= 20: %s", x.kind.name, ms(x.vigie.p99), mark(x.vigie.p99 <= 20*time.Millisecond))
		if strings.Contains(x.kind.name, "phrase") && x.hasSQLite {
			line += fmt.Sprintf("; p99 <= 1.5x SQLite's (%s vs %s ms): %s", ms(x.vigie.p99), ms(x.sqlite.p99),
				mark(2*x.vigie.p99 <= 3*x.sqlite.p99))
		}
		p("%s\n", line)
	}
	if !r.reused {
		p("- ingest >= 2,000 articles/s: %s articles/s: %s\n", thousands(int(r.ingest.PerSecond())), mark(r.ingest.PerSecond() >= 2000))
	}
	alertTarget := "not measured (see above)"
	for _, b := range r.alerts.benches {
		// The whole pass (store reads, match, outbox commit) when
		// measured, else the in-memory match.
		switch b.name {
		case "BenchmarkMatchPass/alerts=10000/articles=1000":
			alertTarget = fmt.Sprintf("%s s for a whole matching pass: %s", seconds(b.perOp), mark(b.perOp <= 2*time.Second))
		case "BenchmarkMatch/alerts=10000/articles=1000":
			if alertTarget == "not measured (see above)" {
				alertTarget = fmt.Sprintf("%s s (in-memory match): %s", seconds(b.perOp), mark(b.perOp <= 2*time.Second))
			}
		}
	}
	p("- alert matching (10,000 saved searches x 1,000 new articles) <= 2 s: %s\n\n", alertTarget)
}

// targets1M states the targets issue 6 sets at 1,000,000 articles.
func (r *report) targets1M(p func(string, ...any)) {
	p("## Issue 6 targets at 1,000,000 articles, this run\n\n")
	var worst result
	for _, x := range r.results {
		if x.kind.facets() && x.vigie.p99 > worst.vigie.p99 {
			worst = x
		}
	}
	p("- faceted queries p99 <= 300 ms: the slowest faceted kind (%s) has p99 %s ms: %s\n",
		worst.kind.name, ms(worst.vigie.p99), map[bool]string{true: "met", false: "**missed**"}[worst.vigie.p99 <= 300*time.Millisecond])
	p("- serving RSS <= 2 GB: %s after the query phases (%s anonymous, %s mapped files): %s\n\n",
		mib(r.rssServing), mib(r.rssAnon), mib(r.rssFile), map[bool]string{true: "met", false: "**missed**"}[r.rssServing <= 2<<30])
}

func (r *report) alertSection(p func(string, ...any)) {
	p("## Alert matching (10,000 saved searches x 1,000 new articles)\n\n")
	if r.alerts.skipped != "" {
		p("Not measured: %s.\n\n", r.alerts.skipped)
		return
	}
	p("From search/alert's own benchmarks (its generated alerts and articles), `%s`:\n\n", r.alerts.command)
	p("| benchmark | wall time per pass | CPU time per pass |\n|---|---|---|\n")
	for _, b := range r.alerts.benches {
		cpu := "—"
		if b.cpuSec > 0 {
			cpu = fmt.Sprintf("%.2f s", b.cpuSec)
		}
		p("| %s | %s s | %s |\n", b.name, seconds(b.perOp), cpu)
	}
	p("\n")
}

// dur formats a phase's duration: milliseconds under a second.
func dur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return d.Round(100 * time.Millisecond).String()
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func (r *report) queries(p func(string, ...any)) {
	p("## The queries\n\n| query kind | Vigie request (API parameters) | FTS5 MATCH |\n|---|---|---|\n")
	for _, x := range r.results {
		v := x.kind.req.Values()
		v.Set("size", fmt.Sprint(x.kind.req.Size))
		params := v.Encode()
		if x.kind.req.NoFacets {
			params += " (no facets)"
		}
		match := "— (all rows)"
		if x.kind.match != "" {
			match = "`" + x.kind.match + "`"
		}
		p("| %s | `%s` | %s |\n", x.kind.name, params, match)
	}
	p("\n")
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func mib(n uint64) string {
	if n == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}

// gcPercent reads the GOGC in effect (gctune's, or the environment's).
func gcPercent() int {
	old := debug.SetGCPercent(100)
	debug.SetGCPercent(old)
	return old
}

// loadImportSection reports the searches made while articles were
// imported, and what they cost the import.
func (r *report) loadImportSection(p func(string, ...any)) {
	l := r.loaded
	if l == nil {
		p("## Searches during an import\n\nNot run (-load-import=0).\n\n")
		return
	}
	c := l.counts
	p("## Searches during an import (%d HTTP clients, %s articles imported)\n\n", l.clients, thousands(l.imported.Articles))
	p("`go run ./bench/cmd/vigie-bench %s`: the real server on the index holding %s articles; %d keep-alive clients loop over the %d faceted kinds "+
		"while %s new articles are imported through the same ingest as above, until the index has caught up (%s documents).\n\n",
		strings.Join(r.cfg.args, " "), thousands(l.base), l.clients, facetedCount(r.results), thousands(l.imported.Articles), thousands(l.docs))
	p("| | |\n|---|---|\n")
	p("| requests | %s in %s (%.0f req/s) |\n", thousands(c.requests), dur(l.elapsed), float64(c.requests)/max(l.elapsed.Seconds(), 1e-9))
	p("| errors | **%d** (%d transport, %d non-2xx) |\n", c.errors(), c.transport, c.non2xx)
	p("| 5xx | **%d** |\n", c.fivexx)
	p("| statuses | %s |\n", statusList(c.status))
	p("| latency of the 2xx answers (ms) | p50 **%s**, p95 %s, p99 %s, max %s |\n", ms(l.lat.p50), ms(l.lat.p95), ms(l.lat.p99), ms(l.lat.max))
	p("| import under load | **%s articles/s** (%s articles in %s) |\n", thousands(int(l.imported.PerSecond())), thousands(l.imported.Articles), dur(l.imported.Elapsed))
	if r.reused || r.ingest.PerSecond() == 0 {
		p("| import without load | not measured (reused corpus) |\n\n")
	} else {
		p("| import without load (the ingest above, into an empty index) | %s articles/s; under load / without: **%.2f** |\n\n",
			thousands(int(r.ingest.PerSecond())), l.imported.PerSecond()/r.ingest.PerSecond())
	}
	p("Any error or 5xx makes the run exit non-zero; timings are not checked. The import under load goes into a bigger index than the unloaded one, so the ratio includes that too.\n\n")
}

func facetedCount(results []result) int {
	n := 0
	for _, x := range results {
		if x.kind.facets() {
			n++
		}
	}
	return n
}

// statusList is "200: 1,234, 503: 2", codes in order.
func statusList(status map[int]int) string {
	codes := slices.Sorted(maps.Keys(status))
	parts := make([]string, len(codes))
	for i, code := range codes {
		parts[i] = fmt.Sprintf("%d: %s", code, thousands(status[code]))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, ", ")
}
