package static_test

// Browser tests: the real server (search/api over a real bleve index built
// by the ingest pipeline from testdata/*.xml) driven by a headless
// Chromium through chromedp. They skip when no browser is installed,
// unless VIGIE_REQUIRE_BROWSER=1 (CI) makes that a failure.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
	"vigie/internal/moduledir"
	"vigie/search"
	"vigie/search/alert"
	"vigie/search/api"
	"vigie/static"
)

// fixtureFeeds are the feed files of testdata/ and what the pipeline must
// keep of each.
var fixtureFeeds = []struct {
	file, name, url string
	items           int
}{
	{"defense-wire.xml", "Defense Wire", "https://defense-wire.example/feed/", 11},
	{"lettre-defense.xml", "La Lettre Défense", "https://lettre-defense.example/atom.xml", 8},
	{"payload-lab.xml", "Payload Lab", "https://payload-lab.example/rss", 4},
}

const fixtureTotal = 23

// fixtureStories is how many stories they make: the page collapses the
// OpenAI contract reported in English and in French into one.
const fixtureStories = 22

// Titles the tests look for, as the fixtures write them.
const (
	titleOpenAIEN = "OpenAI signs $200 million contract with Pentagon's CDAO"
	titleOpenAIFR = "OpenAI signe un contrat de 200 millions de dollars avec le Département de la Défense"
	titleLockheed = "Army awards Lockheed Martin $9 billion missile deal"
)

// networkDownQuery makes the test server drop the connection, as a dead
// network would.
const networkDownQuery = "vigie-network-down"

// Searches the test server treats specially in alert back-tests.
const (
	slowPreviewQuery = "vigie-slow-preview" // answered after previewDelay
	previewDownQuery = "vigie-preview-down" // answered 503
	previewDelay     = 1500 * time.Millisecond
)

// site is the running server: url has e-mail alerts writing .eml files,
// noMailURL is the same site with no mail transport. alerts records what
// the page POSTed to the alert API.
type site struct {
	url, noMailURL string
	alerts         *alertLog
}

// alertLog records the JSON bodies of POST /api/alerts (created) and POST
// /api/alerts/preview (previews), in order.
type alertLog struct {
	mu                sync.Mutex
	created, previews []map[string]any
	secret            string // the last webhook_secret the service answered
}

func (l *alertLog) lastSecret() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.secret
}

func (l *alertLog) add(list *[]map[string]any, body map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	*list = append(*list, body)
}

// snapshot returns copies of the lists so far.
func (l *alertLog) snapshot() (created, previews []map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.created), slices.Clone(l.previews)
}

func startSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := store.Open(filepath.Join(dir, "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	p := ingest.New(st, idx, enrich.New(nil, nil), log)
	var sources []feed.Source
	for _, f := range fixtureFeeds {
		src := feed.Source{Name: f.name, URL: f.url}
		res, err := p.ImportFile(ctx, filepath.Join("testdata", f.file), src)
		if err != nil {
			t.Fatalf("import %s: %v", f.file, err)
		}
		if res.Added != f.items {
			t.Fatalf("import %s: %d articles added, want %d (%+v)", f.file, res.Added, f.items, res)
		}
		sources = append(sources, src)
	}
	// Bulk import stores only; indexing is the caller's step.
	if err := p.CatchUp(ctx); err != nil {
		t.Fatalf("index the fixtures: %v", err)
	}
	putFeedStates(t, st, sources)
	sources = append(sources, feed.Source{Name: "Never Polled", URL: "https://never.example/feed"})

	searcher, err := search.New(idx, st)
	if err != nil {
		t.Fatal(err)
	}
	// "Now" for the alert previews: just after the newest fixture, so the
	// 30-day preview finds the June stories.
	clock := time.Date(2025, 6, 20, 12, 0, 0, 0, time.UTC)
	requests := &alertLog{}
	newServer := func(mailDir string) string {
		alerts, err := alert.New(alert.Config{
			Store: st, Searcher: searcher, DataDir: dir, BaseURL: "http://vigie.test",
			MailDir: mailDir, Logger: log, Now: func() time.Time { return clock },
		})
		if err != nil {
			t.Fatal(err)
		}
		h, err := api.New(api.Config{
			Searcher: searcher, Store: st, Index: idx, Sources: sources, Static: static.FS,
			Alerts: alerts, Logger: log, BaseURL: "http://vigie.test",
		})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(dropConnection(alertShims(requests, h)))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	return &site{url: newServer(filepath.Join(dir, "mail")), noMailURL: newServer(""), alerts: requests}
}

// alertShims records the alert API's request bodies (and the webhook
// secret it answers) in log, and slows down or fails the back-test of the
// special queries.
func alertShims(log *alertLog, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || (r.URL.Path != "/api/alerts" && r.URL.Path != "/api/alerts/preview") {
			h.ServeHTTP(w, r)
			return
		}
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var body map[string]any
		_ = json.Unmarshal(raw, &body) // a bad body is the service's to answer
		r2 := r.Clone(r.Context())
		r2.Body, r2.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
		r2.Header.Del("Accept-Encoding") // answers read here must be plain JSON
		if r.URL.Path == "/api/alerts/preview" {
			log.add(&log.previews, body)
			switch body["q"] {
			case slowPreviewQuery:
				select {
				case <-time.After(previewDelay):
				case <-r.Context().Done():
					return
				}
			case previewDownQuery:
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusServiceUnavailable)
				io.WriteString(w, `{"error":{"code":"unavailable","message":"the index is being rebuilt"}}`)
				return
			}
			h.ServeHTTP(w, r2)
			return
		}
		log.add(&log.created, body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r2)
		var created struct {
			Secret string `json:"webhook_secret"`
		}
		if json.Unmarshal(rec.Body.Bytes(), &created) == nil && created.Secret != "" {
			log.mu.Lock()
			log.secret = created.Secret
			log.mu.Unlock()
		}
		maps.Copy(w.Header(), rec.Header())
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// putFeedStates gives the feed health page something to show: the first
// feed healthy, the second failing, the third never polled.
func putFeedStates(t *testing.T, st *store.Store, srcs []feed.Source) {
	t.Helper()
	now := time.Now().UTC()
	states := []feed.State{
		{URL: srcs[0].URL, Name: srcs[0].Name, CheckedAt: now.Add(-5 * time.Minute), LastSuccessAt: now.Add(-5 * time.Minute),
			NextCheckAt: now.Add(10 * time.Minute), LastStatus: 200, ItemsLast: 11, ItemsNew: 11, FetchCount: 3},
		{URL: srcs[1].URL, Name: srcs[1].Name, CheckedAt: now.Add(-2 * time.Minute), LastSuccessAt: now.Add(-26 * time.Hour),
			NextCheckAt: now.Add(30 * time.Minute), LastStatus: 503, ErrorCount: 4, ItemsNew: 8, FetchCount: 9,
			LastError: "fetch https://lettre-defense.example/atom.xml: 503 Service Unavailable"},
	}
	for _, s := range states {
		if err := st.PutFeedState(s); err != nil {
			t.Fatal(err)
		}
	}
}

// dropConnection closes the connection of a search for networkDownQuery
// without answering, so the page sees a network error.
func dropConnection(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/search" && r.URL.Query().Get("q") == networkDownQuery {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}

// browserPath finds a Chromium: $CHROME_PATH, then the usual names.
func browserPath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "chromium-headless-shell", "headless-shell", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-headless-shell", "/headless-shell/headless-shell"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func requireBrowser(t *testing.T) string {
	t.Helper()
	p := browserPath()
	if p == "" {
		msg := "no Chromium found (install Debian's chromium, or set CHROME_PATH)"
		if os.Getenv("VIGIE_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + "; VIGIE_REQUIRE_BROWSER=1 requires the browser tests to run")
		}
		t.Skip(msg + "; browser tests skipped")
	}
	return p
}

// startBrowser launches one headless Chromium for all the subtests.
func startBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "en-US"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// tab is one page in its own browser context (its own storage), with the
// console errors and exceptions it produced.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu         sync.Mutex
	problems   []string
	allowFetch bool // failed requests are expected (error-path tests)
}

type tabOption func(*tab) []chromedp.Action[chromedp.Void]

// french makes the tab a French-speaking browser: locale and
// Accept-Language.
func french(tb *tab) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		v, err := chromedp.CallBrowser(ctx, browser.GetVersion, struct{}{})
		if err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: "fr_FR"}); err != nil {
			return err
		}
		_, err = chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
			UserAgent: v.UserAgent, AcceptLanguage: "fr-FR,fr;q=0.9",
		})
		return err
	})}
}

// dark makes the tab prefer a dark colour scheme.
func dark(tb *tab) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		return err
	})}
}

// expectFailedRequests lets the tab log failed requests (4xx answers,
// dropped connections) without failing the test.
func expectFailedRequests(tb *tab) []chromedp.Action[chromedp.Void] {
	tb.allowFetch = true
	return nil
}

func openTab(t *testing.T, browserCtx context.Context, url string, opts ...tabOption) *tab {
	t.Helper()
	tb := &tab{t: t}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	tctx, tcancel := context.WithTimeout(ctx, 40*time.Second)
	t.Cleanup(tcancel)
	tb.ctx = tctx
	var setup []chromedp.Action[chromedp.Void]
	for _, o := range opts {
		setup = append(setup, o(tb)...)
	}
	setup = append(setup, chromedp.Navigate(url))
	tb.do(setup...)
	t.Cleanup(tb.checkConsole)
	return tb
}

// listen runs in the tab's event loop: it only records.
func (tb *tab) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = fmt.Sprintf("exception: %s %s:%d", d.Text, d.URL, d.LineNumber+1)
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeWarning {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, string(a.Value)+a.Description)
		}
		msg = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " "))
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		if e.Level != cdplog.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("log %s: %s %s", e.Source, e.Text, e.URL)
		if e.Source == cdplog.EntrySourceNetwork {
			msg = "network " + msg
		}
	default:
		return
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, msg)
}

// takeProblems returns what the console watch saw and forgets it.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// checkConsole fails the test on any console error, exception or CSP
// violation; failed requests are allowed only where the test expects them.
func (tb *tab) checkConsole() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		if tb.allowFetch && strings.HasPrefix(p, "network ") {
			continue
		}
		tb.t.Errorf("browser console: %s", p)
	}
}

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// settle waits until the page shows the answer to its current search and
// cond (a JavaScript expression) holds.
func (tb *tab) settle(cond string) {
	tb.t.Helper()
	js := `(() => { const r = document.getElementById("results"); const s = document.getElementById("status");
		return r && !r.hasAttribute("aria-busy") && s && s.textContent !== "" && (` + cond + `); })()`
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		state, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`location.search + " | " + document.getElementById("status")?.textContent`))
		tb.t.Fatalf("page never settled with %s (now %s): %v", cond, state, err)
	}
}

// waitFor waits until a JavaScript expression holds.
func (tb *tab) waitFor(cond string) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		tb.t.Fatalf("waiting for %s: %v", cond, err)
	}
}

// settleAt waits for the page to show the search of a query string.
func (tb *tab) settleAt(search string) {
	tb.t.Helper()
	b, _ := json.Marshal(search)
	tb.settle("location.search === " + string(b))
}

func (tb *tab) total() int {
	tb.t.Helper()
	return eval[int](tb, `Number(document.getElementById("status").dataset.total)`)
}

func (tb *tab) text(sel string) string {
	tb.t.Helper()
	b, _ := json.Marshal(sel)
	return eval[string](tb, `document.querySelector(`+string(b)+`)?.textContent ?? ""`)
}

func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(sel)))
}

// keyDownUp presses a key as a shortcut: keydown and keyup only. (The
// char event chromedp.KeyEvent also sends is a separate protocol event
// that a page's preventDefault on keydown cannot cancel.)
func keyDownUp(key, code string, keyCode int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			_, err := chromedp.Call(ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: key, Code: code, WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode,
			})
			if err != nil {
				return fmt.Errorf("press %s: %w", key, err)
			}
		}
		return nil
	})
}

// shownHit is a result card as the page shows it.
type shownHit struct {
	Title        string   `json:"title"`
	TitleMarks   []string `json:"titleMarks"`
	Snippet      string   `json:"snippet"`
	SnippetMarks []string `json:"snippetMarks"`
	Href         string   `json:"href"`
	Published    string   `json:"published"`
	Lang         string   `json:"lang"`
	Amount       string   `json:"amount"`
	Companies    []string `json:"companies"`
	Agencies     []string `json:"agencies"`
}

const hitsJS = `[...document.querySelectorAll("#hits > li")].map((li) => {
	const title = li.querySelector(".hit-title").cloneNode(true);
	title.querySelectorAll(".visually-hidden").forEach((e) => e.remove());
	const a = li.querySelector(".hit-title a");
	const texts = (sel) => [...li.querySelectorAll(sel)].map((e) => e.textContent);
	return {
		title: title.textContent,
		titleMarks: texts(".hit-title mark"),
		snippet: li.querySelector(".hit-snippet")?.textContent ?? "",
		snippetMarks: texts(".hit-snippet mark"),
		href: a ? a.getAttribute("href") : "",
		published: li.querySelector("time")?.getAttribute("datetime") ?? "",
		lang: li.querySelector(".hit-lang")?.textContent ?? "",
		amount: li.querySelector(".hit-amount strong")?.textContent ?? "",
		companies: [...li.querySelectorAll(".chip-company")].map((c) => c.dataset.value),
		agencies: [...li.querySelectorAll(".chip-agency")].map((c) => c.dataset.value),
	};
})`

func (tb *tab) hits() []shownHit {
	tb.t.Helper()
	return eval[[]shownHit](tb, hitsJS)
}

func titles(hits []shownHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Title
	}
	return out
}

// artifactDir is where screenshots go: $VIGIE_ARTIFACTS, else
// testartifacts/ at the repository root (git-ignored).
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("VIGIE_ARTIFACTS")
	if dir == "" {
		root, err := moduledir.Root()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(root, "testartifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSearchPageInBrowser(t *testing.T) {
	path := requireBrowser(t)
	s := startSite(t)
	b := startBrowser(t, path)

	t.Run("the console watch sees errors", func(t *testing.T) {
		// The other subtests fail on console errors; make sure they would
		// be seen: an error call, an uncaught exception and a CSP block.
		tb := openTab(t, b, s.url+"/")
		tb.settleAt("")
		tb.do(chromedp.Evaluate[chromedp.Void](`console.error("planted error");
			setTimeout(() => { throw new Error("planted exception"); });
			const el = document.createElement("script"); el.textContent = "window.__inline = 1"; document.body.append(el);`))
		tb.do(chromedp.Sleep(200 * time.Millisecond))
		got := strings.Join(tb.takeProblems(), "\n")
		for _, want := range []string{"planted error", "planted exception", "Content Security Policy"} {
			if !strings.Contains(got, want) {
				t.Errorf("console watch missed %q; saw:\n%s", want, got)
			}
		}
		if eval[bool](tb, `window.__inline === 1`) {
			t.Error("an inline script ran despite the CSP")
		}
	})

	t.Run("typing shows highlighted results", func(t *testing.T) {
		// Every article, not collapsed by story (see the story subtest).
		tb := openTab(t, b, s.url+"/?collapse=none")
		tb.settleAt("?collapse=none")
		if got := tb.total(); got != fixtureTotal {
			t.Fatalf("empty search shows %d articles, want all %d", got, fixtureTotal)
		}
		tb.do(chromedp.SendKeys(chromedp.ID("q"), "openai"))
		tb.settleAt("?q=openai&collapse=none")
		hits := tb.hits()
		got := titles(hits)
		slices.Sort(got)
		want := []string{titleOpenAIFR, titleOpenAIEN}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("titles for openai = %q, want %q", got, want)
		}
		for _, h := range hits {
			if !slices.Contains(h.TitleMarks, "OpenAI") {
				t.Errorf("%q: title highlights %q, want OpenAI marked", h.Title, h.TitleMarks)
			}
			if !slices.Contains(h.SnippetMarks, "OpenAI") {
				t.Errorf("%q: snippet highlights %q, want OpenAI marked", h.Title, h.SnippetMarks)
			}
			if !slices.Contains(h.Companies, "OpenAI") || h.Amount == "" {
				t.Errorf("%q: companies %q amount %q, want the OpenAI chip and an amount", h.Title, h.Companies, h.Amount)
			}
			if !strings.HasPrefix(h.Href, "https://") {
				t.Errorf("%q links to %q", h.Title, h.Href)
			}
		}
		if st := tb.text("#status"); !strings.HasPrefix(st, "2 results for “openai”") || !strings.Contains(st, " ms") {
			t.Errorf("status = %q, want the count, the query and the time taken", st)
		}
		target := eval[string](tb, `document.querySelector("#hits .hit-title a").target + " " + document.querySelector("#hits .hit-title a").rel`)
		if target != "_blank noopener noreferrer" {
			t.Errorf("result link target/rel = %q", target)
		}

		// Typing more replaces the history entry of the burst; Enter
		// searches at once; Back leaves the whole burst.
		tb.do(chromedp.SendKeys(chromedp.ID("q"), " contract\r"))
		tb.settleAt("?q=openai+contract&collapse=none")
		// The French article says "contrat": the translation finds it,
		// below the English one that has the word as typed, and the
		// page says what else it searched.
		if got := titles(tb.hits()); !slices.Equal(got, []string{titleOpenAIEN, titleOpenAIFR}) {
			t.Errorf("openai contract: %q, want the English story then the French one", got)
		}
		if got := tb.text(".notice-xlang .also-searched"); got != "contrat, marché" {
			t.Errorf("also searched = %q, want contrat, marché", got)
		}
		tb.click(".notice-xlang .xlang-toggle")
		tb.settleAt("?q=openai+contract&xlang=0&collapse=none")
		if got := titles(tb.hits()); !slices.Equal(got, []string{titleOpenAIEN}) {
			t.Errorf("openai contract as typed: %q, want only the English story", got)
		}
		if got := tb.text(".notice-xlang .xlang-toggle"); got != "also search translations" {
			t.Errorf("toggle once off = %q", got)
		}
		tb.click(".notice-xlang .xlang-toggle")
		tb.settleAt("?q=openai+contract&collapse=none")
		tb.do(chromedp.Evaluate[chromedp.Void](`history.go(-3)`))
		tb.settleAt("?collapse=none")
		if got, q := tb.total(), eval[string](tb, `document.getElementById("q").value`); got != fixtureTotal || q != "" {
			t.Errorf("after Back: %d results and box %q, want %d and empty", got, q, fixtureTotal)
		}
	})

	t.Run("a story shows once, with its other reports", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/")
		tb.settleAt("")
		if got := tb.total(); got != fixtureStories {
			t.Fatalf("empty search shows %d stories, want all %d", got, fixtureStories)
		}
		if st := tb.text("#status"); !strings.HasPrefix(st, fmt.Sprintf("%d results · %d articles", fixtureStories, fixtureTotal)) {
			t.Errorf("status = %q, want the stories then the articles counted", st)
		}
		tb.do(chromedp.SendKeys(chromedp.ID("q"), "openai\r"))
		tb.settleAt("?q=openai")
		hits := tb.hits()
		if got := titles(hits); len(got) != 1 || (got[0] != titleOpenAIEN && got[0] != titleOpenAIFR) {
			t.Fatalf("openai collapsed: %q, want the OpenAI contract once", got)
		}
		other := "La Lettre Défense (FR)"
		if hits[0].Title == titleOpenAIFR {
			other = "Defense Wire (EN)"
		}
		if got := tb.text("#hits .also-reported"); got != "Also reported by: "+other {
			t.Errorf("under the lead: %q, want %q", got, "Also reported by: "+other)
		}
		href := eval[string](tb, `document.querySelector("#hits .also-reported a").href`)
		if !strings.HasPrefix(href, "https://") || href == hits[0].Href {
			t.Errorf("the other report links to %q (lead %q)", href, hits[0].Href)
		}
		if st := tb.text("#status"); !strings.HasPrefix(st, "1 result for “openai” · 2 articles") {
			t.Errorf("status = %q", st)
		}
	})

	t.Run("facet filters and Back restores", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/")
		tb.settleAt("")
		box := `#facet-company input[data-focus-key="facet-company-Palantir"]`
		if n := tb.text(`#facet-company label:has(input[data-focus-key="facet-company-Palantir"]) .facet-count`); n != "3" {
			t.Fatalf("Palantir facet count = %q, want 3", n)
		}
		tb.click(box)
		tb.settleAt("?company=Palantir")
		hits := tb.hits()
		if len(hits) != 3 || tb.total() != 3 {
			t.Fatalf("company=Palantir shows %d hits (total %d), want 3", len(hits), tb.total())
		}
		for _, h := range hits {
			if !slices.Contains(h.Companies, "Palantir") {
				t.Errorf("%q has companies %q, want Palantir", h.Title, h.Companies)
			}
		}
		if !eval[bool](tb, `document.querySelector('`+box+`').checked`) {
			t.Error("Palantir box is not ticked")
		}
		if chip := tb.text("#active-filter-list .filter-chip"); !strings.Contains(chip, "Palantir") {
			t.Errorf("active filter chip = %q", chip)
		}
		// Disjunctive counts: the other companies keep their counts.
		if n := tb.text(`#facet-company label:has(input[data-focus-key="facet-company-OpenAI"]) .facet-count`); n != "2" {
			t.Errorf("OpenAI count while Palantir is selected = %q, want 2 (disjunctive)", n)
		}

		tb.do(chromedp.Evaluate[chromedp.Void](`history.back()`))
		tb.settleAt("")
		if tb.total() != fixtureStories || eval[bool](tb, `document.querySelector('`+box+`').checked`) {
			t.Errorf("after Back: total %d, box ticked %v; want %d and unticked", tb.total(), eval[bool](tb, `document.querySelector('`+box+`').checked`), fixtureStories)
		}

		// A typed amount range filters; a bad one is explained, not sent.
		tb.do(chromedp.SendKeys(chromedp.ID("amount-min"), "500M"), chromedp.Click(chromedp.CSS(`#amount-form button`)))
		tb.settleAt("?amount_min=500M")
		for _, h := range tb.hits() {
			if h.Amount == "" {
				t.Errorf("amount ≥ 500M shows %q without an amount", h.Title)
			}
		}
		if got := len(tb.hits()); got != 5 {
			t.Errorf("amount ≥ 500M: %d hits, want 5 (Lockheed, Thales, Maven, Anduril, DIU)", got)
		}
		tb.do(chromedp.SetValue(chromedp.ID("amount-max"), "lots"), chromedp.Click(chromedp.CSS(`#amount-form button`)))
		if msg := tb.text("#amount-help"); !strings.Contains(msg, "such as 50M") || eval[string](tb, "location.search") != "?amount_min=500M" {
			t.Errorf("bad amount: help %q, URL %q", msg, eval[string](tb, "location.search"))
		}
		tb.click(`#active-filter-list .filter-chip`)
		tb.settleAt("")

		// "More" asks for the long tail, "Fewer" folds it again.
		short := eval[int](tb, `document.querySelectorAll("#facet-company li").length`)
		tb.click("#facet-company .facet-more")
		tb.settle(`document.querySelectorAll("#facet-company li").length > ` + fmt.Sprint(short))
		if got := eval[string](tb, `document.querySelector("#facet-company .facet-more").textContent + " " + document.querySelectorAll("#facet-company li").length`); got != "Fewer 13" {
			t.Errorf("expanded company facet: %q, want Fewer 13 (Google rolls up Google DeepMind)", got)
		}

		// A chip on a result filters by its agency.
		tb.click(`#hits .chip-agency[data-value="DGA"]`)
		tb.settleAt("?agency=DGA")
		for _, h := range tb.hits() {
			if !slices.Contains(h.Agencies, "DGA") {
				t.Errorf("agency=DGA shows %q with agencies %q", h.Title, h.Agencies)
			}
		}
		// Reload shows the same thing.
		tb.do(chromedp.Reload())
		tb.settleAt("?agency=DGA")
		if !eval[bool](tb, `document.querySelector('#facet-agency input[data-focus-key="facet-agency-DGA"]').checked`) {
			t.Error("after reload the DGA box is not ticked")
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/")
		tb.settleAt("")
		tb.do(keyDownUp("/", "Slash", 191))
		if got := eval[string](tb, `document.activeElement.id + "|" + document.getElementById("q").value`); got != "q|" {
			t.Errorf(`after "/": focus|box = %q, want the empty search box focused`, got)
		}
		// Bars are one tab stop (the last month); arrows move, Enter picks.
		tb.do(chromedp.Focus(chromedp.CSS(`#timeline-chart .bar[tabindex="0"]`)), chromedp.KeyEvent(kb.ArrowLeft), chromedp.KeyEvent(kb.Enter))
		tb.settleAt("?from=2025-05-01&to=2025-05-31")
		if key := eval[string](tb, `document.activeElement.dataset?.focusKey ?? document.activeElement.tagName`); key != "bar-2025-05" {
			t.Errorf("focus after choosing a bar is on %q, want the May bar", key)
		}
		// A facet ticked with Space keeps the focus through the re-render.
		tb.do(chromedp.Focus(chromedp.CSS(`#facet-lang input[data-focus-key="facet-lang-fr"]`)), chromedp.KeyEvent(" "))
		tb.settleAt("?lang=fr&from=2025-05-01&to=2025-05-31")
		if key := eval[string](tb, `document.activeElement.dataset.focusKey ?? document.activeElement.tagName`); key != "facet-lang-fr" {
			t.Errorf("focus after ticking a facet is on %q, want the same box", key)
		}
		for _, h := range tb.hits() {
			if h.Lang != "FR" || !strings.HasPrefix(h.Published, "2025-05") {
				t.Errorf("lang=fr in May shows %q (%s, %s)", h.Title, h.Lang, h.Published)
			}
		}
	})

	t.Run("feed payloads stay text", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/?q=sentinel")
		tb.settleAt("?q=sentinel")
		hits := tb.hits()
		if len(hits) != 4 {
			t.Fatalf("sentinel: %d hits, want the 4 payload articles: %q", len(hits), titles(hits))
		}
		// Give an onerror handler, had an <img> been created, time to run.
		tb.do(chromedp.Sleep(300 * time.Millisecond))
		if xss := eval[string](tb, `typeof window.__xss + ":" + String(window.__xss)`); xss != "undefined:undefined" {
			t.Fatalf("a feed payload ran: window.__xss is %s", xss)
		}
		if n := eval[int](tb, `document.querySelectorAll("#hits script, #hits img, #hits iframe, #hits [onerror]").length`); n != 0 {
			t.Errorf("%d elements from feed markup in the results", n)
		}
		if n := eval[int](tb, `[...document.querySelectorAll("a[href]")].filter((a) => !/^(https?:|\/|\?|#)/.test(a.getAttribute("href"))).length`); n != 0 {
			t.Errorf("%d links with a non-web address", n)
		}
		// The pipeline reduces markup to text; what is left must read
		// exactly as written, special characters included.
		want := map[string]string{
			"https://payload-lab.example/raw":        "Sentinel drone raw payload",
			"https://payload-lab.example/escaped":    "Sentinel drone escaped payload",
			"":                                       "Sentinel drone link test",
			"https://payload-lab.example/characters": `Sentinel drone 5 < 6 && "quotes" & 'apostrophes' <3`,
		}
		for _, h := range hits {
			if w, ok := want[h.Href]; !ok || h.Title != w {
				t.Errorf("hit %q links to %q; want one of %q", h.Title, h.Href, want)
			}
			if strings.Contains(h.Title+h.Snippet, "&lt;") || strings.Contains(h.Title+h.Snippet, "&amp;") || strings.Contains(h.Title+h.Snippet, "&#") {
				t.Errorf("%q shows HTML entities: %q", h.Title, h.Snippet)
			}
		}
		if got := eval[string](tb, `[...document.querySelectorAll("#hits .hit-snippet")].map((p) => p.textContent).find((s) => s.startsWith("Characters")) ?? ""`); !strings.Contains(got, `5 < 6 && 7 > 3, "double" and 'single' quotes`) {
			t.Errorf("special characters snippet = %q", got)
		}
	})

	t.Run("timeline filters by month and by brushing", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/")
		tb.settleAt("")
		bars := eval[[]string](tb, `[...document.querySelectorAll("#timeline-chart .bar")].map((g) => g.dataset.from)`)
		want := []string{"2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01"}
		if !slices.Equal(bars, want) {
			t.Fatalf("timeline bars %q, want %q", bars, want)
		}
		label := eval[string](tb, `document.querySelector('#timeline-chart .bar[data-from="2025-03-01"]').getAttribute("aria-label")`)
		if !strings.HasPrefix(label, "March 2025: 3 articles") {
			t.Errorf("March bar aria-label = %q", label)
		}
		tb.click(`#timeline-chart .bar[data-from="2025-03-01"] .hit-area`)
		tb.settleAt("?from=2025-03-01&to=2025-03-31")
		hits := tb.hits()
		if len(hits) != 3 {
			t.Errorf("March: %d hits, want 3", len(hits))
		}
		for _, h := range hits {
			if !strings.HasPrefix(h.Published, "2025-03") {
				t.Errorf("March filter shows %q published %s", h.Title, h.Published)
			}
		}
		if got := tb.text("#period-label"); got != "March 2025" {
			t.Errorf("period label = %q, want March 2025", got)
		}
		if pressed := eval[string](tb, `document.querySelector('#timeline-chart .bar[data-from="2025-03-01"]').getAttribute("aria-pressed")`); pressed != "true" {
			t.Errorf("March bar aria-pressed = %q", pressed)
		}

		tb.do(chromedp.DragAndDrop(chromedp.CSS(`#timeline-chart .bar[data-from="2025-02-01"] .hit-area`),
			chromedp.CSS(`#timeline-chart .bar[data-from="2025-04-01"] .hit-area`)))
		tb.settleAt("?from=2025-02-01&to=2025-04-30")
		for _, h := range tb.hits() {
			if h.Published < "2025-02" || h.Published >= "2025-05" {
				t.Errorf("Feb–Apr filter shows %q published %s", h.Title, h.Published)
			}
		}

		tb.click("#period-clear")
		tb.settleAt("")
		if tb.total() != fixtureStories {
			t.Errorf("after clearing the period: %d results", tb.total())
		}
	})

	t.Run("sort and paging", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/?sort=date")
		tb.settleAt("?sort=date")
		page1 := tb.hits()
		if len(page1) != 10 || page1[0].Title != titleOpenAIFR {
			t.Fatalf("newest first: %d hits, first %q; want 10, first %q", len(page1), titles(page1), titleOpenAIFR)
		}
		for i := 1; i < len(page1); i++ {
			if page1[i].Published > page1[i-1].Published {
				t.Errorf("date sort: %s after %s", page1[i].Published, page1[i-1].Published)
			}
		}
		tb.click(`#pager a[rel="next"]`)
		tb.settleAt("?sort=date&page=2")
		page2 := tb.hits()
		if len(page2) != 10 || page2[0].Published > page1[9].Published {
			t.Errorf("page 2: %d hits starting %s, want 10 older than %s", len(page2), page2[0].Published, page1[9].Published)
		}
		if st := tb.text("#status"); !strings.Contains(st, "Page 2 of 3") {
			t.Errorf("status = %q, want Page 2 of 3", st)
		}
		tb.click(`#pager a[data-page="3"]`)
		tb.settleAt("?sort=date&page=3")
		if n := len(tb.hits()); n != fixtureStories-20 {
			t.Errorf("page 3: %d hits, want %d", n, fixtureStories-20)
		}

		tb.do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("sort"); s.value = "amount"; s.dispatchEvent(new Event("change")); })()`))
		tb.settleAt("?sort=amount")
		byAmount := tb.hits()
		if byAmount[0].Title != titleLockheed || byAmount[0].Amount != "$9B" {
			t.Errorf("largest amount first: %q %q, want %q $9B", byAmount[0].Title, byAmount[0].Amount, titleLockheed)
		}
		if byAmount[1].Amount != "≈ $1.62B" && !strings.HasPrefix(byAmount[1].Amount, "≈ $1.") {
			t.Errorf("second largest = %q %q, want the Thales order in euros shown as ≈ USD", byAmount[1].Title, byAmount[1].Amount)
		}
	})

	t.Run("did you mean", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/?q=palantri")
		tb.settleAt("?q=palantri")
		link := tb.text(".notice-fuzzy .suggestion a")
		if !strings.EqualFold(link, "palantir") {
			t.Fatalf("suggestion = %q, want palantir (notice: %q)", link, tb.text("#notice"))
		}
		if n := len(tb.hits()); n == 0 {
			t.Error("fuzzy results are not shown")
		}
		tb.click(".notice-fuzzy .suggestion a")
		tb.settleAt("?q=" + link)
		if q := eval[string](tb, `document.getElementById("q").value`); q != link {
			t.Errorf("search box = %q after following the suggestion", q)
		}
		if tb.total() != 3 || eval[int](tb, `document.querySelectorAll(".notice-fuzzy").length`) != 0 {
			t.Errorf("palantir: %d results, fuzzy note still there: %v", tb.total(), tb.text("#notice"))
		}
	})

	t.Run("nothing matches lists filters to remove", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/?q=drone&company=OpenAI")
		tb.settleAt("?q=drone&company=OpenAI")
		if tb.total() != 0 {
			t.Fatalf("drone + OpenAI: %d results, want none", tb.total())
		}
		if msg := tb.text(".empty .empty-title"); msg != "No article matches “drone”." {
			t.Errorf("empty message = %q", msg)
		}
		tb.click(`.empty .filter-chip`)
		tb.settleAt("?q=drone")
		if tb.total() == 0 {
			t.Error("removing the filter found nothing")
		}
	})

	t.Run("API errors are explained", func(t *testing.T) {
		tb := openTab(t, b, s.url+`/?q=%22unterminated`, expectFailedRequests)
		tb.waitFor(`document.querySelector(".notice-error") !== null`)
		if msg := tb.text(".notice-error .error-message"); !strings.Contains(msg, "quotation mark") {
			t.Errorf("bad query message = %q, want the API's explanation", msg)
		}
		tb.do(chromedp.Navigate(s.url + "/?q=" + networkDownQuery))
		tb.waitFor(`document.querySelector(".notice-error") !== null`)
		if msg := tb.text(".notice-error .error-message"); !strings.Contains(msg, "could not be reached") {
			t.Errorf("network error message = %q", msg)
		}
	})

	t.Run("e-mail alert", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/?q=openai")
		tb.settleAt("?q=openai")
		tb.click("#alert > summary")
		tb.do(chromedp.SendKeys(chromedp.ID("alert-email"), "analyst@example.org"))
		tb.click(`#alert-form button[type="submit"]`)
		tb.waitFor(`document.querySelector("#alert-result .alert-ok, #alert-result .alert-error") !== null`)
		got := tb.text("#alert-result")
		if !strings.Contains(got, "confirmation link to analyst@example.org") || !strings.Contains(got, "matched 2 articles (1 story)") ||
			!(strings.Contains(got, titleOpenAIEN) || strings.Contains(got, titleOpenAIFR)) {
			t.Errorf("alert answer = %q", got)
		}
		// The answer shows the back-test, so the form's own is put away.
		if n := eval[int](tb, `document.querySelectorAll("#alert-result .alert-backtest svg rect").length`); n != 30 {
			t.Errorf("the answer's back-test has %d bars, want 30", n)
		}
		if !eval[bool](tb, `document.getElementById("alert-backtest").hidden`) {
			t.Error("the form still shows the back-test the answer repeats")
		}
		// An e-mail alert sends what it always did: no channel fields.
		created, _ := s.alerts.snapshot()
		if len(created) == 0 {
			t.Fatal("the server received no alert")
		}
		last := created[len(created)-1]
		if keys := slices.Sorted(maps.Keys(last)); !slices.Equal(keys, []string{"email", "frequency", "locale", "q"}) {
			t.Errorf("e-mail alert body has keys %q, want email, frequency, locale and q only (%v)", keys, last)
		}
		png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		writeArtifact(t, "alert.png", png)

		nm := openTab(t, b, s.noMailURL+"/?q=openai", expectFailedRequests)
		nm.settleAt("?q=openai")
		nm.click("#alert > summary")
		nm.do(chromedp.SendKeys(chromedp.ID("alert-email"), "analyst@example.org"))
		nm.click(`#alert-form button[type="submit"]`)
		nm.waitFor(`document.querySelector("#alert-result p:not(:empty)") !== null && !document.querySelector('#alert-form button[type="submit"]').disabled`)
		if got := nm.text("#alert-result"); !strings.Contains(got, "not available on this server") {
			t.Errorf("alert answer without mail = %q", got)
		}
		if href := eval[string](tb, `document.getElementById("atom-link").getAttribute("href")`); href != "/search.atom?q=openai" {
			t.Errorf("Atom link = %q", href)
		}
	})

	t.Run("alert back-test before saving", func(t *testing.T) { testBacktest(t, b, s) })

	t.Run("webhook alert", func(t *testing.T) { testWebhookAlert(t, b, s) })

	t.Run("French interface", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/?q=drone", french)
		tb.settleAt("?q=drone")
		if lang := eval[string](tb, `document.documentElement.lang`); lang != "fr" {
			t.Fatalf("html lang = %q with a French browser", lang)
		}
		st := tb.text("#status")
		if !strings.Contains(st, "résultats pour « drone »") {
			t.Errorf("status = %q, want French", st)
		}
		if got := tb.text(`#sort option[value="date"]`); got != "Plus récents" {
			t.Errorf("sort option = %q", got)
		}
		if ph := eval[string](tb, `document.getElementById("q").placeholder`); !strings.HasPrefix(ph, "Rechercher") {
			t.Errorf("placeholder = %q", ph)
		}
		if got := tb.text(`#facet-lang label:has(input[data-focus-key="facet-lang-fr"]) .facet-name`); got != "Français" {
			t.Errorf("language facet shows %q for fr", got)
		}
		tb.do(chromedp.Navigate(s.url + "/?q=thales&sort=amount"))
		tb.settleAt("?q=thales&sort=amount")
		if h := tb.hits(); len(h) == 0 || !strings.HasSuffix(h[0].Amount, "Md$") {
			t.Errorf("French amount = %+v, want … Md$", h)
		}
		// The switch wins over the browser and is remembered.
		tb.click(`button[data-ui-lang="en"]`)
		tb.settle(`document.documentElement.lang === "en"`)
		tb.do(chromedp.Reload())
		tb.settleAt("?q=thales&sort=amount")
		if st := tb.text("#status"); !strings.Contains(st, "for “thales”") {
			t.Errorf("after switching to English and reloading, status = %q", st)
		}
	})

	t.Run("feed health page", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/feeds")
		tb.waitFor(`document.querySelectorAll("#feeds-body tr").length > 0`)
		rows := eval[[][]string](tb, `[...document.querySelectorAll("#feeds-body tr")].map((tr) => [...tr.children].map((c) => c.textContent.trim()))`)
		if len(rows) != 4 {
			t.Fatalf("%d feed rows, want 4: %q", len(rows), rows)
		}
		if !strings.HasPrefix(rows[0][0], "La Lettre Défense") || !strings.HasPrefix(rows[0][1], "Failing") || !strings.Contains(rows[0][5], "503 Service Unavailable") {
			t.Errorf("first row = %q, want the failing feed with its error", rows[0])
		}
		var states []string
		for _, r := range rows {
			states = append(states, strings.Fields(r[1])[0])
		}
		if !slices.Equal(states, []string{"Failing", "Never", "Never", "OK"}) {
			t.Errorf("statuses in order = %q", states)
		}
		if st := tb.text("#feeds-status"); st != "4 feeds: 1 ok, 1 failing, 2 not fetched yet" {
			t.Errorf("summary = %q", st)
		}
	})

	t.Run("page modules", func(t *testing.T) { testModules(t, b, s.url) })

	t.Run("screenshots", func(t *testing.T) {
		tb := openTab(t, b, s.url+"/?q=contract&company=OpenAI&company=Anduril")
		tb.settleAt("?q=contract&company=OpenAI&company=Anduril")
		shot(t, tb, "search-results.png")
		tb.do(chromedp.Navigate(s.url + "/"))
		tb.settleAt("")
		shot(t, tb, "search-all.png")

		dk := openTab(t, b, s.url+"/?q=drone&from=2025-05-01&to=2025-05-31", dark, french)
		dk.settleAt("?q=drone&from=2025-05-01&to=2025-05-31")
		shot(t, dk, "search-dark-fr.png")

		ph := openTab(t, b, "about:blank")
		ph.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.url+"/?q=drone"))
		ph.settleAt("?q=drone")
		if open := eval[bool](ph, `document.getElementById("filters").open`); open {
			t.Error("filters are open on a phone; they should fold away")
		}
		shot(t, ph, "search-phone.png")

		fp := openTab(t, b, s.url+"/feeds")
		fp.waitFor(`document.querySelectorAll("#feeds-body tr").length > 0`)
		shot(t, fp, "feeds.png")
	})
}

// shownBacktest is an alert back-test as the page shows it.
type shownBacktest struct {
	Bars     int      `json:"bars"`
	Role     string   `json:"role"`
	Label    string   `json:"label"`
	Dates    []string `json:"dates"`
	Titles   []string `json:"titles"`
	Counts   []string `json:"counts"`
	Sentence string   `json:"sentence"`
	Hint     string   `json:"hint"`
	Hits     []struct {
		Title string `json:"title"`
		Href  string `json:"href"`
		Meta  string `json:"meta"`
	} `json:"hits"`
	Note string `json:"note"`
}

const backtestJS = `((sel) => {
	const b = document.querySelector(sel);
	const svg = b.querySelector("svg");
	const rects = [...b.querySelectorAll("svg rect")];
	return {
		bars: rects.length,
		role: svg?.getAttribute("role") ?? "",
		label: svg?.getAttribute("aria-label") ?? "",
		dates: rects.map((r) => r.dataset.date),
		titles: rects.map((r) => r.querySelector("title")?.textContent ?? ""),
		counts: rects.map((r) => r.dataset.count),
		sentence: b.querySelector(".backtest-sentence")?.textContent ?? "",
		hint: b.querySelector(".backtest-hint")?.textContent ?? "",
		hits: [...b.querySelectorAll(".backtest-hits li")].map((li) => ({
			title: li.querySelector(".backtest-title")?.textContent ?? "",
			href: li.querySelector("a")?.getAttribute("href") ?? "",
			meta: li.querySelector(".backtest-meta")?.textContent ?? "",
		})),
		note: b.querySelector(".backtest-failed")?.textContent ?? "",
	};
})`

// backtest reads the back-test in the element sel (the form's by default).
func (tb *tab) backtest(sel ...string) shownBacktest {
	tb.t.Helper()
	target := "#alert-backtest"
	if len(sel) > 0 {
		target = sel[0]
	}
	b, _ := json.Marshal(target)
	return eval[shownBacktest](tb, backtestJS+"("+string(b)+")")
}

// settleBacktest waits until the form's back-test has arrived for its
// current search and frequency (nothing on its way) and cond holds.
func (tb *tab) settleBacktest(cond string) {
	tb.t.Helper()
	tb.waitFor(`(() => { const b = document.getElementById("alert-backtest"); return !b.hidden && !b.hasAttribute("aria-busy") && b.textContent !== "" && (` + cond + `); })()`)
}

// searchFor submits the search box with text, as Enter would.
func (tb *tab) searchFor(text string) {
	tb.t.Helper()
	q, _ := json.Marshal(text)
	tb.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ` + string(q) + `; document.getElementById("search-form").requestSubmit()`))
}

// setFrequencies picks the alert frequencies one after the other, at once.
func (tb *tab) setFrequencies(values ...string) {
	tb.t.Helper()
	b, _ := json.Marshal(values)
	tb.do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("alert-frequency");
		for (const v of ` + string(b) + `) { s.value = v; s.dispatchEvent(new Event("change")); } })()`))
}

func testBacktest(t *testing.T, b context.Context, s *site) {
	tb := openTab(t, b, s.url+"/?q=openai")
	tb.settleAt("?q=openai")
	_, before := s.alerts.snapshot()
	if eval[bool](tb, `!document.getElementById("alert-backtest").hidden`) {
		t.Error("the back-test shows before the alert box is opened")
	}
	tb.click("#alert > summary")
	tb.settleBacktest(`b.querySelector(".backtest-sentence") !== null`)
	bt := tb.backtest()
	if bt.Bars != 30 || bt.Role != "img" {
		t.Fatalf("back-test chart: %d bars, role %q; want 30 and img", bt.Bars, bt.Role)
	}
	if bt.Dates[0] != "2025-05-22" || bt.Dates[29] != "2025-06-20" {
		t.Errorf("chart days %s to %s, want 2025-05-22 to 2025-06-20, oldest first", bt.Dates[0], bt.Dates[29])
	}
	if i := slices.Index(bt.Dates, "2025-06-17"); i < 0 || bt.Titles[i] != "Jun 17, 2025: 1" || bt.Counts[i] != "1" {
		t.Errorf("bar of June 17: title %q", bt.Titles[max(i, 0)])
	}
	if bt.Titles[0] != "May 22, 2025: 0" {
		t.Errorf("first bar title = %q", bt.Titles[0])
	}
	if want := "Matches per day over the last 30 days: 2 in all, 1 on Jun 18, 2025, the busiest day."; bt.Label != want {
		t.Errorf("chart label = %q, want %q", bt.Label, want)
	}
	if want := "Over the last 30 days this search matched 2 articles (1 story): about 2 e-mails at this frequency."; bt.Sentence != want {
		t.Errorf("sentence = %q, want %q", bt.Sentence, want)
	}
	if bt.Hint != "A few matches a month." {
		t.Errorf("verdict hint = %q", bt.Hint)
	}
	if len(bt.Hits) != 1 || bt.Hits[0].Title != titleOpenAIFR || bt.Hits[0].Href != "https://lettre-defense.example/2025/06/openai-contrat-pentagone" ||
		bt.Hits[0].Meta != "La Lettre Défense · Jun 18, 2025" {
		t.Errorf("latest matches = %+v, want the OpenAI story's lead with its source and date", bt.Hits)
	}
	if !eval[bool](tb, `!!(document.getElementById("alert-backtest").compareDocumentPosition(document.querySelector('#alert-form button[type="submit"]')) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		t.Error("the back-test is not above the submit button")
	}
	if live := tb.text("#alert-backtest-live"); !strings.HasPrefix(live, "Over the last 30 days this search matched 2 articles") {
		t.Errorf("screen reader announcement = %q", live)
	}
	_, previews := s.alerts.snapshot()
	if len(previews) != len(before)+1 {
		t.Fatalf("opening the box made %d back-test requests, want 1", len(previews)-len(before))
	}
	if got := previews[len(previews)-1]; got["q"] != "openai" || got["frequency"] != "daily" || got["locale"] != "en" || got["email"] != nil || got["channel"] != nil {
		t.Errorf("back-test body = %v, want the search, frequency and locale, without address or channel", got)
	}

	// Two quick changes of frequency: one request, for the last one.
	tb.setFrequencies("instant", "weekly")
	tb.settleBacktest(`b.querySelector(".backtest-sentence").textContent.includes("1 e-mail ")`)
	if got := tb.backtest().Sentence; got != "Over the last 30 days this search matched 2 articles (1 story): about 1 e-mail at this frequency." {
		t.Errorf("weekly sentence = %q (June 17 and 18 are one week)", got)
	}
	_, after := s.alerts.snapshot()
	if n := len(after) - len(previews); n != 1 || after[len(after)-1]["frequency"] != "weekly" {
		t.Errorf("two quick frequency changes made %d requests (last %v), want 1 for weekly", n, after[len(after)-1])
	}

	// A search that matches nothing, changed while the box is open.
	tb.searchFor("zeppelin hovercraft")
	tb.settleAt("?q=zeppelin+hovercraft")
	tb.settleBacktest(`b.querySelector(".backtest-hint.verdict-none") !== null`)
	bt = tb.backtest()
	if bt.Hint != "Nothing matched in 30 days: this alert may stay silent. Loosen the search?" {
		t.Errorf("verdict for nothing = %q", bt.Hint)
	}
	if bt.Bars != 30 || bt.Sentence != "" || len(bt.Hits) != 0 || bt.Label != "Matches per day over the last 30 days: none." {
		t.Errorf("back-test of nothing: %d bars, sentence %q, hits %v, label %q", bt.Bars, bt.Sentence, bt.Hits, bt.Label)
	}

	// A slow answer for an older search never replaces a newer one.
	tb.searchFor(slowPreviewQuery)
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, p := s.alerts.snapshot()
		if len(p) > 0 && p[len(p)-1]["q"] == slowPreviewQuery {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the back-test of the slow search was never asked for")
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.searchFor("openai")
	tb.settleBacktest(`b.querySelector(".backtest-sentence") !== null`)
	tb.do(chromedp.Sleep(previewDelay + 300*time.Millisecond))
	if got := tb.backtest().Sentence; !strings.Contains(got, "matched 2 articles") {
		t.Errorf("after the slow answer was due, the back-test says %q, want openai's", got)
	}

	// A failed back-test is a quiet note and the alert can still be made.
	tb.allowFetch = true
	tb.searchFor(previewDownQuery)
	tb.settleBacktest(`b.querySelector(".backtest-failed") !== null`)
	if got := tb.backtest().Note; got != "Could not check what this search matched recently: the index is being rebuilt" {
		t.Errorf("failed back-test note = %q", got)
	}
	if eval[bool](tb, `document.querySelector('#alert-form button[type="submit"]').disabled`) {
		t.Error("a failed back-test disabled the submit button")
	}
	tb.do(chromedp.SendKeys(chromedp.ID("alert-email"), "watcher@example.org"))
	tb.click(`#alert-form button[type="submit"]`)
	tb.waitFor(`document.querySelector("#alert-result .alert-ok, #alert-result .alert-error") !== null`)
	if got := tb.text("#alert-result .alert-ok"); !strings.Contains(got, "confirmation link to watcher@example.org") {
		t.Errorf("alert after a failed back-test: %q", tb.text("#alert-result"))
	}

	// Closing the box stops asking; reopening asks again.
	tb.click("#alert > summary")
	_, closed := s.alerts.snapshot()
	tb.searchFor("drone")
	tb.settleAt("?q=drone")
	tb.do(chromedp.Sleep(500 * time.Millisecond))
	if _, p := s.alerts.snapshot(); len(p) != len(closed) {
		t.Errorf("%d back-tests asked for while the box was closed", len(p)-len(closed))
	}
	tb.click("#alert > summary")
	tb.settleBacktest(`b.querySelector(".backtest-sentence") !== null`)
	if got := tb.backtest().Sentence; got != "Over the last 30 days this search matched 1 article: about 1 e-mail at this frequency." {
		t.Errorf("drone, weekly: %q", got)
	}
	tb.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	shot(t, tb, "alert-backtest.png")

	fr := openTab(t, b, s.url+"/?q=openai", french)
	fr.settleAt("?q=openai")
	fr.click("#alert > summary")
	fr.settleBacktest(`b.querySelector(".backtest-sentence") !== null`)
	bt = fr.backtest()
	if want := "Sur les 30 derniers jours, cette recherche a trouvé 2 articles (1 sujet), soit environ 2 e-mails à cette fréquence."; bt.Sentence != want {
		t.Errorf("French sentence = %q, want %q", bt.Sentence, want)
	}
	if bt.Hint != "Quelques résultats par mois." {
		t.Errorf("French hint = %q", bt.Hint)
	}
	if i := slices.Index(bt.Dates, "2025-06-17"); i < 0 || bt.Titles[i] != "17 juin 2025 : 1" {
		t.Errorf("French bar title = %q", bt.Titles[max(i, 0)])
	}
	if !strings.HasPrefix(bt.Label, "Résultats par jour sur les 30 derniers jours : 2 au total") {
		t.Errorf("French chart label = %q", bt.Label)
	}
	// Switching the language redraws the back-test without asking again.
	_, p := s.alerts.snapshot()
	fr.click(`button[data-ui-lang="en"]`)
	fr.waitFor(`document.querySelector("#alert-backtest .backtest-sentence").textContent.startsWith("Over the last")`)
	if _, q := s.alerts.snapshot(); len(q) != len(p) {
		t.Errorf("switching the language asked for %d back-tests", len(q)-len(p))
	}
}

func testWebhookAlert(t *testing.T, b context.Context, s *site) {
	tb := openTab(t, b, s.url+"/?q=drone")
	tb.settleAt("?q=drone")
	tb.click("#alert > summary")
	tb.settleBacktest(`b.querySelector(".backtest-sentence") !== null`)
	if !eval[bool](tb, `document.getElementById("alert-webhook").hidden && !document.getElementById("alert-webhook-url").required`) {
		t.Error("the webhook fields show, or are required, with e-mail delivery")
	}
	if got := eval[string](tb, `document.querySelector('input[name="channel"]:checked').value`); got != "email" {
		t.Errorf("default channel = %q", got)
	}
	tb.do(chromedp.SendKeys(chromedp.ID("alert-email"), "ops@example.org"))
	tb.click(`input[name="channel"][value="webhook"]`)
	if !eval[bool](tb, `!document.getElementById("alert-webhook").hidden && document.getElementById("alert-webhook-url").required`) {
		t.Fatal("choosing the webhook does not show a required URL field")
	}
	formats := eval[[]string](tb, `[...document.querySelectorAll("#alert-webhook-format option")].map((o) => o.value + "=" + o.textContent)`)
	if want := []string{"json=JSON (generic, signed)", "slack=Slack", "teams=Microsoft Teams", "matrix=Matrix (hookshot)", "ntfy=ntfy"}; !slices.Equal(formats, want) {
		t.Errorf("formats = %q, want %q", formats, want)
	}
	if got := tb.backtest().Sentence; !strings.HasSuffix(got, "about 1 webhook call at this frequency.") {
		t.Errorf("with a webhook the back-test counts %q", got)
	}

	// No URL: the browser asks for one and nothing is sent.
	created, _ := s.alerts.snapshot()
	tb.click(`#alert-form button[type="submit"]`)
	tb.do(chromedp.Sleep(200 * time.Millisecond))
	if c, _ := s.alerts.snapshot(); len(c) != len(created) {
		t.Errorf("an alert was sent without a webhook URL: %v", c[len(c)-1])
	}
	if !eval[bool](tb, `document.getElementById("alert-webhook-url").validity.valueMissing`) {
		t.Error("the empty webhook URL is not reported missing")
	}
	tb.do(chromedp.SendKeys(chromedp.ID("alert-webhook-url"), "not a url"))
	tb.click(`#alert-form button[type="submit"]`)
	tb.do(chromedp.Sleep(200 * time.Millisecond))
	if c, _ := s.alerts.snapshot(); len(c) != len(created) {
		t.Errorf("an alert was sent with a bad webhook URL: %v", c[len(c)-1])
	}

	tb.do(chromedp.SetValue(chromedp.ID("alert-webhook-url"), "https://hooks.example.org/services/T000/B000/vigie"),
		chromedp.SetValue(chromedp.ID("alert-webhook-format"), "slack"))
	tb.click(`#alert-form button[type="submit"]`)
	tb.waitFor(`document.querySelector("#alert-result .alert-ok, #alert-result .alert-error") !== null`)
	c, _ := s.alerts.snapshot()
	if len(c) != len(created)+1 {
		t.Fatalf("%d alerts sent, want 1", len(c)-len(created))
	}
	body := c[len(c)-1]
	want := map[string]any{"email": "ops@example.org", "frequency": "daily", "q": "drone", "locale": "en",
		"channel": "webhook", "webhook_url": "https://hooks.example.org/services/T000/B000/vigie", "webhook_format": "slack"}
	if !maps.Equal(body, want) {
		t.Errorf("webhook alert body = %v, want %v", body, want)
	}
	if got := tb.text("#alert-result .alert-ok"); !strings.Contains(got, "confirmation link to ops@example.org") {
		t.Errorf("answer = %q", tb.text("#alert-result"))
	}
	secret := s.alerts.lastSecret()
	if got := eval[string](tb, `document.getElementById("alert-secret").value`); len(secret) != 64 || got != secret {
		t.Errorf("secret shown = %q, want the service's %q", got, secret)
	}
	if help := tb.text("#alert-secret-help"); !strings.Contains(help, "X-Vigie-Signature") || !strings.Contains(help, "HMAC-SHA256") || !strings.Contains(help, "only once") {
		t.Errorf("secret explanation = %q", help)
	}
	if got := tb.backtest("#alert-result .alert-backtest").Sentence; !strings.HasSuffix(got, "about 1 webhook call at this frequency.") {
		t.Errorf("answer's back-test = %q", got)
	}
	// Copy puts the secret on the clipboard (the Clipboard API is watched,
	// not the system clipboard, which headless Chromium may not have).
	tb.do(chromedp.Evaluate[chromedp.Void](`navigator.clipboard.writeText = (text) => { window.__copied = text; return Promise.resolve(); }`))
	tb.click(".alert-secret button")
	tb.waitFor(`document.querySelector(".alert-secret .copy-status").textContent !== ""`)
	if got, st := eval[string](tb, `String(window.__copied)`), tb.text(".alert-secret .copy-status"); got != secret || st != "Copied." {
		t.Errorf("copy: clipboard got %q, status %q", got, st)
	}
	tb.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	shot(t, tb, "alert-webhook.png")

	// Back to e-mail: the webhook fields go away and are not required.
	tb.click(`input[name="channel"][value="email"]`)
	if !eval[bool](tb, `document.getElementById("alert-webhook").hidden && !document.getElementById("alert-webhook-url").required`) {
		t.Error("the webhook fields stay after choosing e-mail again")
	}
}

// shot saves a full-page screenshot in the artifact folder.
func shot(t *testing.T, tb *tab, name string) {
	t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, name, png)
}

func writeArtifact(t *testing.T, name string, data []byte) {
	t.Helper()
	path := filepath.Join(artifactDir(t), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// testModules runs the page's pure JavaScript functions (format, state,
// render helpers, i18n) in the browser on a table of cases.
func testModules(t *testing.T, b context.Context, siteURL string) {
	tb := openTab(t, b, siteURL+"/feeds")
	cases := []struct{ name, js, want string }{
		{"amount en millions", `f.formatAmount(200e6, "en")`, "$200M"},
		{"amount en billions", `f.formatAmount(1.5e9, "en")`, "$1.5B"},
		{"amount en small", `f.formatAmount(480000, "en")`, "$480,000"},
		{"amount fr millions", `f.formatAmount(200e6, "fr")`, "200\u00a0M$"},
		{"amount fr billions", `f.formatAmount(1.5e9, "fr")`, "1,5\u00a0Md$"},
		{"amount fr small", `f.formatAmount(480000, "fr")`, "480\u202f000\u00a0$"},
		{"amount rounding", `f.formatAmount(642e6, "en")`, "$642M"},
		{"amount negative", `f.formatAmount(-1, "en")`, ""},
		{"entities", `f.decodeEntities("a &amp; b &lt;i&gt; &quot;q&quot; &#39;s&#39; &#34;d&#34; &#x263A; &bogus; &#0;")`, "a & b <i> \"q\" 's' \"d\" \u263a &bogus; &#0;"},
		{"marked", `f.marked("x &lt;b&gt; <mark>y &amp; z</mark> <b>w</b>").map((n) => n.nodeName + ":" + n.textContent).join("|")`, "#text:x <b> |MARK:y & z|#text: <b>w</b>"},
		{"marked plain", `f.marked("no marks").length + ""`, "1"},
		{"safeHref https", `f.safeHref("https://example.com/a?b=1")`, "https://example.com/a?b=1"},
		{"safeHref script", `String(f.safeHref("jav" + "ascript:alert(1)"))`, "null"},
		{"safeHref relative", `String(f.safeHref("/local"))`, "null"},
		{"period month", `f.formatPeriod("2025-06-01", "2025-06-30", "en", (k, p) => p.from + "–" + p.to)`, "June 2025"},
		{"period months", `f.formatPeriod("2025-02-01", "2025-04-30", "en", (k, p) => p.from + "–" + p.to)`, "Feb 2025–Apr 2025"},
		{"period year", `f.formatPeriod("2024-01-01", "2024-12-31", "fr", (k, p) => p.from + "–" + p.to)`, "2024"},
		{"period days", `f.formatPeriod("2025-06-03", "2025-06-17", "en", (k, p) => p.from + "–" + p.to)`, "Jun 3, 2025–Jun 17, 2025"},
		{"bucket fr", `f.formatBucket("2025-06", "fr", true)`, "juin 2025"},
		{"state round trip", `s.toSearch(s.parseState("?q=a+b&company=OpenAI&company=Anduril&from=2025-01-01&sort=date&page=2&bogus=1"))`, "?q=a+b&company=OpenAI&company=Anduril&from=2025-01-01&sort=date&page=2"},
		{"state defaults", `s.toSearch(s.parseState("?sort=nonsense&page=-3"))`, ""},
		{"state toggle", `s.toSearch(s.withToggle(s.parseState("?company=OpenAI&page=3"), "company", "openai", false))`, ""},
		{"api url", `s.apiURL(s.parseState("?q=x"), 50)`, "/api/search?q=x&collapse=story&facet_size=50"},
		{"api url uncollapsed", `s.apiURL(s.parseState("?q=x&collapse=none"))`, "/api/search?q=x&collapse=none"},
		{"state collapse round trip", `s.toSearch(s.parseState("?collapse=none&xlang=0"))`, "?xlang=0&collapse=none"},
		{"state collapse default", `s.toSearch(s.parseState("?collapse=story"))`, ""},
		{"atom url", `s.atomURL(s.parseState("?q=x&page=4&sort=amount"))`, "/search.atom?q=x"},
		{"parseAmount", `[s.parseAmount("100M"), s.parseAmount("1.5B"), s.parseAmount("$250k"), s.parseAmount("x")].join(",")`, "100000000,1500000000,250000,0"},
		{"compactAmount", `["100000000", "1500000000", "250000", "1234567", "50M", "", "junk"].map(s.compactAmount).join(",")`, "100M,1.5B,250k,1234567,50M,,junk"},
		{"alert body", `JSON.stringify(s.alertBody(s.parseState("?q=drone&agency=DGA&amount_min=100M&from=2025-01-01"), "a@b.c", "daily"))`, `{"email":"a@b.c","frequency":"daily","q":"drone","agency":["DGA"],"amount_min":100000000}`},
		{"alert body webhook", `JSON.stringify(s.alertBody(s.parseState("?q=drone"), "a@b.c", "weekly", {url: "https://h.example/x", format: "ntfy"}))`, `{"email":"a@b.c","frequency":"weekly","q":"drone","channel":"webhook","webhook_url":"https://h.example/x","webhook_format":"ntfy"}`},
		{"alert body no email", `JSON.stringify(s.alertBody(s.parseState("?q=drone"), undefined, "daily"))`, `{"frequency":"daily","q":"drone"}`},
		{"backtest sentence", `r.backtestSentence({total: 6, stories: 5, emails: 5, window_days: 30}, ctx("en"))`, "Over the last 30 days this search matched 6 articles (5 stories): about 5 e-mails at this frequency."},
		{"backtest sentence one", `r.backtestSentence({total: 1, stories: 1, emails: 1, window_days: 30}, ctx("en"), true)`, "Over the last 30 days this search matched 1 article: about 1 webhook call at this frequency."},
		{"backtest sentence fr", `r.backtestSentence({total: 1234, stories: 1000, emails: 30, window_days: 30}, ctx("fr"))`, "Sur les 30 derniers jours, cette recherche a trouvé 1\u202f234 articles (1\u202f000 sujets), soit environ 30 e-mails à cette fréquence."},
		{"backtest broad", `r.backtestHint({verdict: "broad", average_per_day: 41.6}, ctx("en"))`, "About 42 a day: more than anyone reads. Narrow the search?"},
		{"backtest broad fr", `r.backtestHint({verdict: "broad", average_per_day: 41.6}, ctx("fr"))`, "Environ 42 par jour : plus qu’on ne peut en lire. Affiner la recherche\u202f?"},
		{"backtest ok", `r.backtestHint({verdict: "ok"}, ctx("en"))`, ""},
		{"day", `f.formatDay("2025-06-17", "fr")`, "17 juin"},
		{"amount range", `JSON.stringify(r.amountRange([{min:0,max:1e7},{min:1e7,max:1e8,selected:true},{min:1e8,max:1e9},{min:1e9}], 2, true))`, `{"amount_min":"10000000","amount_max":"1000000000"}`},
		{"amount range open", `JSON.stringify(r.amountRange([{min:0,max:1e7},{min:1e9}], 1, true))`, `{"amount_min":"1000000000","amount_max":""}`},
		{"amount range none", `JSON.stringify(r.amountRange([{min:0,max:1e7,selected:true}], 0, false))`, `{"amount_min":"","amount_max":""}`},
		{"page window", `JSON.stringify(r.pageWindow(7, 20))`, `[1,null,5,6,7,8,9,null,20]`},
		{"page count cap", `r.pageCount(1e6, 10) + ""`, "1000"},
		{"plural fr", `i.tp("fr", "results", 1, {nText: "1"}) + "/" + i.tp("fr", "results", 2, {nText: "2"})`, "1 résultat/2 résultats"},
		{"detect saved", `i.detectLang({getItem: () => "fr"}, ["en-US"])`, "fr"},
		{"detect browser", `i.detectLang({getItem: () => null}, ["de-DE", "fr-CA", "en"])`, "fr"},
		{"detect default", `i.detectLang(null, ["de-DE"])`, "en"},
	}
	prelude := `Promise.all([import("/static/format.js"), import("/static/state.js"), import("/static/render.js"), import("/static/i18n.js")]).then(([f, s, r, i]) => {
		const ctx = (lang) => ({ lang, t: (k, p) => i.t(lang, k, p), tp: (k, n, p) => i.tp(lang, k, n, p) });
		return `
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := eval[string](tb, prelude+`String(`+c.js+`); })`)
			if got != c.want {
				t.Errorf("%s = %q, want %q", c.js, got, c.want)
			}
		})
	}
}
