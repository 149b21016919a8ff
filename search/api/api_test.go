package api_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"vigie/indexer/feed"
	"vigie/search/api"
)

func TestBadInput(t *testing.T) {
	srv := server(t)
	oa := loadOpenAPI(t, srv)
	tests := []struct {
		name, path string
		status     int
		code       string
		param      string
	}{
		{"unterminated phrase", `/api/search?q=%22unterminated`, 400, "bad_query", "q"},
		{"unclosed parenthesis", `/api/search?q=(a`, 400, "bad_query", "q"},
		{"stray closing parenthesis", `/api/search?q=a)`, 400, "bad_query", "q"},
		{"dangling OR", `/api/search?q=drones+OR`, 400, "bad_query", "q"},
		{"field without value", `/api/search?q=company:`, 400, "bad_query", "q"},
		{"amount not a number", `/api/search?amount_min=abc`, 400, "bad_parameter", "amount_min"},
		{"negative amount", `/api/search?amount_max=-5`, 400, "bad_parameter", "amount_max"},
		{"amount bounds reversed", `/api/search?amount_min=5M&amount_max=1M`, 400, "bad_parameter", "amount_max"},
		{"impossible date", `/api/search?from=2025-13-45`, 400, "bad_parameter", "from"},
		{"year 0", `/api/search?to=0000-01-01`, 400, "bad_parameter", "to"},
		{"year 9999", `/api/search?from=9999-01-01T00:00:00Z`, 400, "bad_parameter", "from"},
		{"date in another format", `/api/search?to=17/06/2025`, 400, "bad_parameter", "to"},
		{"to before from", `/api/search?from=2025-06-02&to=2025-06-01`, 400, "bad_parameter", "to"},
		{"size above 100", `/api/search?size=101`, 400, "bad_parameter", "size"},
		{"size not a number", `/api/search?size=ten`, 400, "bad_parameter", "size"},
		{"unknown sort", `/api/search?sort=foo`, 400, "bad_parameter", "sort"},
		{"page 0", `/api/search?page=0`, 400, "bad_parameter", "page"},
		{"unknown language", `/api/search?lang=de`, 400, "bad_parameter", "lang"},
		{"unknown parameter", `/api/search?compnay=OpenAI`, 400, "bad_parameter", "compnay"},
		{"query too long", `/api/search?q=` + strings.Repeat("a", 1001), 400, "bad_query", "q"},
		{"Atom feed: same validation", `/search.atom?q=%22unterminated`, 400, "bad_query", "q"},
		{"Atom feed: bad date", `/search.atom?from=yesterday`, 400, "bad_parameter", "from"},
		{"unknown route", `/api/nope`, 404, "not_found", ""},
		{"unknown page", `/wp-admin.php`, 404, "not_found", ""},
		{"unknown article", `/api/articles/nope`, 404, "not_found", "id"},
		{"missing static file", `/static/missing.js`, 404, "not_found", ""},
		{"static path escaping its folder", `/static/..%2fopenapi.json`, 404, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, srv, tt.path)
			e := wantError(t, r, tt.status, tt.code)
			if e.Error.Param != tt.param {
				t.Errorf("param %q, want %q (message %q)", e.Error.Param, tt.param, e.Error.Message)
			}
			if strings.HasPrefix(tt.path, "/api/search") {
				oa.check(t, r)
			}
		})
	}
}

func TestErrorsOtherThanParameters(t *testing.T) {
	cfg := config()
	e, err := api.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// A handler that panics must give a 500 in the JSON shape, without
	// its message reaching the client.
	e.GET("/api/boom", func(echo.Context) error { panic("secret internal detail") })
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)

	t.Run("panic", func(t *testing.T) {
		r := get(t, srv, "/api/boom")
		wantError(t, r, http.StatusInternalServerError, "internal")
		if bytes.Contains(r.body, []byte("secret")) {
			t.Errorf("500 leaks the panic: %s", r.body)
		}
	})
	t.Run("method not allowed", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/search", nil)
		wantError(t, do(t, req), http.StatusMethodNotAllowed, "method_not_allowed")
	})
	t.Run("body too large", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/search", bytes.NewReader(make([]byte, 100<<10)))
		req.Header.Set("Content-Type", "application/json")
		wantError(t, do(t, req), http.StatusRequestEntityTooLarge, "too_large")
	})
	t.Run("HEAD of an error has no body", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodHead, srv.URL+"/api/nope", nil)
		r := do(t, req)
		if r.status != http.StatusNotFound || len(r.body) != 0 {
			t.Errorf("HEAD /api/nope: %d with %d bytes", r.status, len(r.body))
		}
	})
}

func TestSearchTimeout(t *testing.T) {
	srv := server(t, func(c *api.Config) { c.RequestTimeout = time.Nanosecond })
	r := get(t, srv, "/api/search?q=drones")
	wantError(t, r, http.StatusServiceUnavailable, "timeout")
}

func TestArticle(t *testing.T) {
	srv := server(t)
	oa := loadOpenAPI(t, srv)
	s := decode[searchAnswer](t, get(t, srv, "/api/search?q=%22frontier+AI%22+Pentagon"))
	if len(s.Hits) != 1 || hitKey(s.Hits[0].URL) != "e01" {
		t.Fatalf("search for e01 found %+v", s.Hits)
	}
	r := get(t, srv, "/api/articles/"+url.PathEscape(s.Hits[0].ID))
	oa.check(t, r)
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	a := decode[api.Article](t, r)
	if a.ID != s.Hits[0].ID || a.Title != "OpenAI wins $200 million contract with the Pentagon's CDAO" ||
		a.URL != "https://defensescoop.example/2025/06/e01" || a.Source != "DefenseScoop" || a.Lang != "en" {
		t.Errorf("article = %+v", a)
	}
	if !a.Published.Equal(time.Date(2025, 6, 17, 14, 0, 0, 0, time.UTC)) || !a.DateKnown {
		t.Errorf("published %v (known %v), want 2025-06-17T14:00:00Z", a.Published, a.DateKnown)
	}
	if !strings.HasPrefix(a.Text, "OpenAI was awarded a $200 million contract") || strings.Contains(a.Text, "<p>") {
		t.Errorf("text is not the plain text: %q", a.Text)
	}
	if !slices.Contains(a.Companies, "OpenAI") || !slices.Contains(a.Agencies, "CDAO") || !slices.Contains(a.Agencies, "DoD") {
		t.Errorf("companies %v agencies %v", a.Companies, a.Agencies)
	}
	if a.AmountUSD != 200e6 || len(a.Amounts) == 0 {
		t.Errorf("amount_usd %v amounts %+v", a.AmountUSD, a.Amounts)
	}
}

func TestAtom(t *testing.T) {
	srv := server(t)
	r := get(t, srv, "/search.atom?q=drone&sort=relevance&lang=fr")
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	f, err := (&atom.Parser{}).Parse(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("gofeed cannot parse the feed: %v\n%s", err, r.body)
	}
	// Newest first whatever sort says.
	wantTitles := []string{
		"Défense : l'armée veut des drones dotés d'intelligence artificielle",
		"Anduril et Rheinmetall s'associent pour des drones en Europe",
		"L'armée de Terre commande des drones à Thales",
		"L'armée française teste un drone autonome en Champagne",
		"Drones : la France veut produire plus vite",
	}
	var titles []string
	for i, e := range f.Entries {
		titles = append(titles, e.Title)
		if i > 0 && e.PublishedParsed.After(*f.Entries[i-1].PublishedParsed) {
			t.Errorf("entry %d is newer than entry %d", i, i-1)
		}
		if !strings.HasPrefix(e.ID, "urn:uuid:") {
			t.Errorf("entry id %q is not a URN", e.ID)
		}
		if e.Summary == "" {
			t.Errorf("entry %q has no summary", e.Title)
		}
	}
	if !slices.Equal(titles, wantTitles) {
		t.Errorf("titles\n%q\nwant\n%q", titles, wantTitles)
	}
	links := map[string]string{}
	for _, l := range f.Links {
		links[l.Rel] = l.Href
	}
	if self := links["self"]; !strings.HasPrefix(self, "https://vigie.example/search.atom?") ||
		!strings.Contains(self, "q=drone") || !strings.Contains(self, "lang=fr") || strings.Contains(self, "sort=") {
		t.Errorf("self link %q", self)
	}
	if alt := links["alternate"]; !strings.HasPrefix(alt, "https://vigie.example/?") || !strings.Contains(alt, "sort=date") {
		t.Errorf("alternate link %q", alt)
	}
	first := f.Entries[0]
	if len(first.Links) == 0 || first.Links[0].Href != "https://opex360.example/2025/05/f05" || first.Links[0].Rel != "alternate" {
		t.Errorf("first entry links %+v", first.Links)
	}
	if first.Published != "2025-05-20T11:00:00Z" {
		t.Errorf("first entry published %q", first.Published)
	}

	// The universal parser (what readers use) accepts it too.
	uf, err := gofeed.NewParser().ParseString(string(r.body))
	if err != nil || uf.FeedType != "atom" || len(uf.Items) != 5 {
		t.Fatalf("gofeed: %v, type %q, %d items", err, uf.FeedType, len(uf.Items))
	}

	t.Run("conditional GET", func(t *testing.T) {
		etag := r.header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		r2 := get(t, srv, "/search.atom?q=drone&sort=relevance&lang=fr", "If-None-Match", etag)
		if r2.status != http.StatusNotModified {
			t.Errorf("If-None-Match: status %d, want 304", r2.status)
		}
	})
	t.Run("categories", func(t *testing.T) {
		r := get(t, srv, "/search.atom?q=%22armée+de+terre%22&xlang=0")
		f, err := (&atom.Parser{}).Parse(bytes.NewReader(r.body))
		if err != nil || len(f.Entries) != 1 {
			t.Fatalf("%v, %d entries", err, len(f.Entries))
		}
		var terms []string
		for _, c := range f.Entries[0].Categories {
			terms = append(terms, c.Term)
		}
		if !slices.Contains(terms, "Thales") || !slices.Contains(terms, "DGA") {
			t.Errorf("categories %v, want Thales and DGA", terms)
		}
	})
}

// TestXSSEscaped searches the articles whose titles and bodies carry
// script, img and svg payloads (raw in CDATA, entity-escaped and double
// escaped) and checks they come out as text in JSON and in Atom.
func TestXSSEscaped(t *testing.T) {
	srv := server(t)
	q := "q=" + url.QueryEscape("hackers OR injection OR cyberdéfense OR conversationnels")
	s := decode[searchAnswer](t, get(t, srv, "/api/search?"+q))
	var keys []string
	for _, h := range s.Hits {
		keys = append(keys, hitKey(h.URL))
		checkEscaped(t, "title_html", h.TitleHTML)
		checkEscaped(t, "snippet", h.Snippet)
	}
	if !slices.Equal(sorted(keys), []string{"e11", "e20", "f10", "f20"}) {
		t.Fatalf("XSS articles found: %v", keys)
	}

	r := get(t, srv, "/search.atom?"+q)
	if r.status != http.StatusOK {
		t.Fatalf("atom: %d", r.status)
	}
	raw := strings.ToLower(string(r.body))
	for _, tag := range []string{"<script", "<img", "<svg"} {
		if strings.Contains(raw, tag) {
			t.Errorf("Atom output contains a raw %s tag", tag)
		}
	}
	// The only elements are Atom's own.
	for _, m := range regexp.MustCompile(`<([a-zA-Z]+)[\s>/]`).FindAllStringSubmatch(string(r.body), -1) {
		switch m[1] {
		case "feed", "id", "title", "subtitle", "updated", "link", "author", "name", "generator",
			"entry", "published", "summary", "category":
		default:
			t.Errorf("unexpected element <%s> in the Atom output", m[1])
		}
	}
	f, err := (&atom.Parser{}).Parse(bytes.NewReader(r.body))
	if err != nil || len(f.Entries) != 4 {
		t.Fatalf("atom: %v, %d entries", err, len(f.Entries))
	}
}

func TestFeeds(t *testing.T) {
	srv := server(t)
	oa := loadOpenAPI(t, srv)
	r := get(t, srv, "/api/feeds")
	oa.check(t, r)
	got := decode[api.FeedsResponse](t, r)
	if len(got.Feeds) != 4 || got.OK != 1 || got.Failing != 1 || got.Never != 2 {
		t.Fatalf("feeds %+v", got)
	}
	want := map[string]string{"DefenseScoop": "ok", "Breaking Defense": "never", "Zone Militaire": "failing", "Le Monde Défense": "never"}
	for i, f := range got.Feeds {
		if f.Name != feedFiles[i].src.Name || f.URL != feedFiles[i].src.URL {
			t.Errorf("feed %d is %s %s, want configuration order", i, f.Name, f.URL)
		}
		if f.Status != want[f.Name] {
			t.Errorf("%s: status %s, want %s", f.Name, f.Status, want[f.Name])
		}
	}
	zm := got.Feeds[2]
	if zm.ErrorCount != 4 || zm.LastStatus != 503 || zm.LastError != "HTTP 503 Service Unavailable" ||
		zm.LastFetch == nil || zm.NextCheck == nil || zm.ItemsNewTotal != 11 || zm.Lang != "fr" {
		t.Errorf("failing feed %+v", zm)
	}
	if bd := got.Feeds[1]; bd.LastFetch != nil || bd.LastSuccess != nil || bd.NextCheck != nil {
		t.Errorf("never-polled feed has times: %+v", bd)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	m := api.NewMetrics(fixture.index)
	srv := server(t, func(c *api.Config) { c.Metrics = m })
	oa := loadOpenAPI(t, srv)

	r := get(t, srv, "/healthz")
	oa.check(t, r)
	h := decode[api.Health](t, r)
	if r.status != http.StatusOK || h.Status != "ok" || h.Articles != 40 || h.IndexDocs != 40 {
		t.Errorf("healthz %d %+v", r.status, h)
	}

	get(t, srv, "/api/search?q=drones")
	get(t, srv, "/api/search?q=%22oops")
	get(t, srv, "/api/articles/nope")
	get(t, srv, "/no/such/page")
	m.Ingested(3, 1, 36)
	m.FeedFetched(feed.Source{Name: "DefenseScoop"}, "ok")
	m.FeedFetched(feed.Source{Name: "DefenseScoop"}, "error")

	r = get(t, srv, "/metrics")
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %s", r.status, r.header.Get("Content-Type"))
	}
	body := string(r.body)
	for _, want := range []string{
		`vigie_http_request_duration_seconds_count{method="GET",route="/api/search",status="200"} 1`,
		`vigie_http_request_duration_seconds_count{method="GET",route="/api/search",status="400"} 1`,
		`vigie_http_request_duration_seconds_count{method="GET",route="/api/articles/:id",status="404"} 1`,
		`vigie_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1`,
		`vigie_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1`,
		`vigie_search_duration_seconds_count 1`,
		`vigie_index_documents 40`,
		`vigie_feed_fetches_total{feed="DefenseScoop",outcome="ok"} 1`,
		`vigie_feed_fetches_total{feed="DefenseScoop",outcome="error"} 1`,
		`vigie_ingested_articles_total{kind="added"} 3`,
		`vigie_ingested_articles_total{kind="updated"} 1`,
		`vigie_ingested_articles_total{kind="unchanged"} 36`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want+"\n") && !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "/no/such/page") {
		t.Error("metrics label a raw unmatched path")
	}
}

func TestSecurityHeadersAndCORS(t *testing.T) {
	srv := server(t)
	for _, p := range []string{"/", "/api/search?q=drone", "/api/nope", "/static/app.js"} {
		r := get(t, srv, p, "Origin", "https://elsewhere.example")
		csp := r.header.Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
			"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, d) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, d)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe code: %q", p, csp)
		}
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
			"Referrer-Policy": "strict-origin-when-cross-origin",
		} {
			if got := r.header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", p, h, got, want)
			}
		}
		if r.header.Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-ID", p)
		}
		acao := r.header.Get("Access-Control-Allow-Origin")
		if strings.HasPrefix(p, "/api/") && acao != "*" {
			t.Errorf("%s: Access-Control-Allow-Origin %q, want *", p, acao)
		}
		if !strings.HasPrefix(p, "/api/") && acao != "" {
			t.Errorf("%s: CORS header %q outside /api", p, acao)
		}
	}
	t.Run("request id is kept when sane, replaced when not", func(t *testing.T) {
		r := get(t, srv, "/healthz", "X-Request-ID", "abc-123")
		if got := r.header.Get("X-Request-Id"); got != "abc-123" {
			t.Errorf("sane request id replaced by %q", got)
		}
		r = get(t, srv, "/healthz", "X-Request-ID", "bad id <script>")
		if got := r.header.Get("X-Request-Id"); got == "" || strings.ContainsAny(got, " <>") {
			t.Errorf("unsafe request id echoed: %q", got)
		}
	})
	t.Run("gzip", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/search?size=50", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("Content-Encoding %q, want gzip", res.Header.Get("Content-Encoding"))
		}
	})
}

func TestStaticPage(t *testing.T) {
	srv := server(t)
	tests := []struct {
		path, body, ctype, cache string
	}{
		{"/", "<title>Vigie</title>", "text/html", "no-cache"},
		{"/feeds", "<title>Vigie feeds</title>", "text/html", "no-cache"},
		{"/static/app.js", "export const app", "javascript", "public, max-age=600"},
		{"/static/style.css", "body{margin:0}", "text/css", "public, max-age=600"},
	}
	for _, tt := range tests {
		r := get(t, srv, tt.path)
		if r.status != http.StatusOK || !strings.Contains(string(r.body), tt.body) {
			t.Errorf("%s: %d %q", tt.path, r.status, r.body)
		}
		if ct := r.header.Get("Content-Type"); !strings.Contains(ct, tt.ctype) {
			t.Errorf("%s: Content-Type %q", tt.path, ct)
		}
		if cc := r.header.Get("Cache-Control"); cc != tt.cache {
			t.Errorf("%s: Cache-Control %q, want %q", tt.path, cc, tt.cache)
		}
		etag := r.header.Get("ETag")
		if r2 := get(t, srv, tt.path, "If-None-Match", etag); etag == "" || r2.status != http.StatusNotModified {
			t.Errorf("%s: revalidation with ETag %q gave %d", tt.path, etag, r2.status)
		}
	}
}

func TestRateLimit(t *testing.T) {
	t.Run("peer address by default, X-Forwarded-For ignored", func(t *testing.T) {
		srv := server(t, func(c *api.Config) { c.RateLimit = 1 }) // burst 3
		for i := range 3 {
			if r := get(t, srv, "/api/search?size=0"); r.status != http.StatusOK {
				t.Fatalf("request %d: %d", i+1, r.status)
			}
		}
		r := get(t, srv, "/api/search?size=0")
		wantError(t, r, http.StatusTooManyRequests, "rate_limited")
		if ra, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
		}
		// A forged header does not buy a new bucket.
		r = get(t, srv, "/api/search?size=0", "X-Forwarded-For", "203.0.113.7")
		wantError(t, r, http.StatusTooManyRequests, "rate_limited")
		r = get(t, srv, "/search.atom", "X-Real-IP", "203.0.113.8")
		wantError(t, r, http.StatusTooManyRequests, "rate_limited")
		// The page and probes are not limited.
		for _, p := range []string{"/healthz", "/", "/static/app.js"} {
			if r := get(t, srv, p); r.status != http.StatusOK {
				t.Errorf("%s limited: %d", p, r.status)
			}
		}
	})
	t.Run("trusted proxy: one bucket per forwarded client", func(t *testing.T) {
		srv := server(t, func(c *api.Config) { c.RateLimit = 1; c.TrustProxy = "127.0.0.1/32, ::1" })
		for i := range 3 {
			get(t, srv, "/api/search?size=0", "X-Forwarded-For", "203.0.113.7")
			_ = i
		}
		wantError(t, get(t, srv, "/api/search?size=0", "X-Forwarded-For", "203.0.113.7"), http.StatusTooManyRequests, "rate_limited")
		if r := get(t, srv, "/api/search?size=0", "X-Forwarded-For", "203.0.113.9"); r.status != http.StatusOK {
			t.Errorf("another client behind the proxy is limited: %d", r.status)
		}
		// A client cannot prepend a fake address: the proxy appends the
		// real one, and that is the one used.
		wantError(t, get(t, srv, "/api/search?size=0", "X-Forwarded-For", "198.51.100.1, 203.0.113.7"),
			http.StatusTooManyRequests, "rate_limited")
	})
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*api.Config)
		want string
	}{
		{"no searcher", func(c *api.Config) { c.Searcher = nil }, "Searcher"},
		{"no store", func(c *api.Config) { c.Store = nil }, "Store"},
		{"no index", func(c *api.Config) { c.Index = nil }, "Index"},
		{"relative base URL", func(c *api.Config) { c.BaseURL = "vigie.example" }, "base URL"},
		{"bad proxy range", func(c *api.Config) { c.TrustProxy = "10.0.0.0/99" }, "10.0.0.0/99"},
		{"proxy not an address", func(c *api.Config) { c.TrustProxy = "proxy.local" }, "proxy.local"},
		{"negative rate", func(c *api.Config) { c.RateLimit = -1 }, "rate limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config()
			tt.mod(&cfg)
			_, err := api.New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one naming %q", err, tt.want)
			}
		})
	}
}

// syncBuffer is a log sink safe to read while the server writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRequestLog(t *testing.T) {
	var logs syncBuffer
	srv := server(t, func(c *api.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	// token is not a search parameter (400): the log must hide it anyway.
	get(t, srv, "/api/search?q=drones&token=abc123secret", "X-Request-ID", "req-42")
	get(t, srv, "/healthz")
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(logs.String(), `"route":"/healthz"`) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	var search map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["route"] == "/api/search" {
			search = m
		}
	}
	if search == nil {
		t.Fatalf("no request log for /api/search in\n%s", logs.String())
	}
	if search["msg"] != "http_request" || search["status"] != 400.0 || search["request_id"] != "req-42" ||
		search["method"] != "GET" || search["remote_ip"] != "127.0.0.1" {
		t.Errorf("request log %v", search)
	}
	if strings.Contains(logs.String(), "abc123secret") || !strings.Contains(search["uri"].(string), "token=REDACTED") {
		t.Errorf("token not redacted: %v", search["uri"])
	}
}
