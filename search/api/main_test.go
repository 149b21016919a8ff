package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
	"vigie/search"
	"vigie/search/api"
)

// corpus is the test data every test searches: a real store and a real
// bleve index built by the real ingest pipeline from the feed files in
// testdata/feeds (40 articles, see testdata/feeds/CORPUS.md). It is built
// once in TestMain: building it per test would dominate the run time.
type corpus struct {
	store    *store.Store
	index    *index.Index
	searcher *search.Searcher
	sources  []feed.Source
}

var fixture corpus

// feedFiles maps each test feed to its configured source.
var feedFiles = []struct {
	file string
	src  feed.Source
}{
	{"defensescoop.xml", feed.Source{Name: "DefenseScoop", URL: "https://defensescoop.example/feed/", Lang: "en"}},
	{"breakingdefense.json", feed.Source{Name: "Breaking Defense", URL: "https://breakingdefense.example/feed.json"}},
	{"opex360.xml", feed.Source{Name: "Zone Militaire", URL: "https://opex360.example/feed/", Lang: "fr"}},
	{"lemonde-defense.atom", feed.Source{Name: "Le Monde Défense", URL: "https://lemonde.example/defense/rss.xml"}},
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vigie-api-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = buildCorpus(dir)
	code := 1
	if err != nil {
		fmt.Fprintln(os.Stderr, "build test corpus:", err)
	} else {
		code = m.Run()
		fixture.index.Close()
		fixture.store.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func buildCorpus(dir string) error {
	st, err := store.Open(filepath.Join(dir, "vigie.db"))
	if err != nil {
		return err
	}
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		return err
	}
	log := slog.New(slog.DiscardHandler)
	p := ingest.New(st, idx, enrich.New(nil, nil), log)
	ctx := context.Background()
	for _, f := range feedFiles {
		res, err := p.ImportFile(ctx, filepath.Join("testdata", "feeds", f.file), f.src)
		if err != nil {
			return err
		}
		if res.Added != res.Items {
			return fmt.Errorf("%s: %d items, %d added, %d skipped", f.file, res.Items, res.Added, res.Skipped)
		}
		fixture.sources = append(fixture.sources, f.src)
	}
	// ImportFile only stores; CatchUp indexes everything in one go.
	if err := p.CatchUp(ctx); err != nil {
		return err
	}
	s, err := search.New(idx, st)
	if err != nil {
		return err
	}
	// Feed states for /api/feeds: one healthy, one failing, two never polled.
	now := time.Date(2025, 9, 10, 12, 0, 0, 0, time.UTC)
	states := []feed.State{
		{URL: feedFiles[0].src.URL, Name: "DefenseScoop", CheckedAt: now, LastSuccessAt: now,
			NextCheckAt: now.Add(15 * time.Minute), LastStatus: 200, ItemsLast: 12, ItemsNew: 12, FetchCount: 3},
		{URL: feedFiles[2].src.URL, Name: "Zone Militaire", CheckedAt: now, LastSuccessAt: now.Add(-48 * time.Hour),
			NextCheckAt: now.Add(time.Hour), LastStatus: 503, ErrorCount: 4, LastError: "HTTP 503 Service Unavailable",
			ItemsLast: 11, ItemsNew: 11, FetchCount: 9},
	}
	for _, s := range states {
		if err := st.PutFeedState(s); err != nil {
			return err
		}
	}
	fixture = corpus{store: st, index: idx, searcher: s, sources: fixture.sources}
	return nil
}

// testPage is the page the server serves in tests (the real one is the
// static package, tested with a browser there).
var testPage = fstest.MapFS{
	"index.html": {Data: []byte("<!doctype html><title>Vigie</title><script type=module src=/static/app.js></script>")},
	"feeds.html": {Data: []byte("<!doctype html><title>Vigie feeds</title>")},
	"app.js":     {Data: []byte("export const app = 1;\n")},
	"style.css":  {Data: []byte("body{margin:0}\n")},
}

// config is the server configuration tests start from.
func config() api.Config {
	return api.Config{
		Searcher: fixture.searcher,
		Store:    fixture.store,
		Index:    fixture.index,
		Sources:  fixture.sources,
		Static:   testPage,
		Logger:   slog.New(slog.DiscardHandler),
		BaseURL:  "https://vigie.example",
	}
}

// server starts the API over the shared corpus, with options applied to
// the configuration.
func server(t testing.TB, opts ...func(*api.Config)) *httptest.Server {
	t.Helper()
	cfg := config()
	for _, o := range opts {
		o(&cfg)
	}
	e, err := api.New(cfg)
	if err != nil {
		t.Fatalf("api.New: %v", err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

// response is an answer read whole.
type response struct {
	status int
	header http.Header
	body   []byte
	req    *http.Request
}

func do(t testing.TB, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %s: %v", req.URL, err)
	}
	return response{status: res.StatusCode, header: res.Header, body: body, req: req}
}

func get(t testing.TB, srv *httptest.Server, pathAndQuery string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+pathAndQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

func decode[T any](t testing.TB, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("%s: decode %T: %v\n%s", r.req.URL, v, err, r.body)
	}
	return v
}

// apiError is the JSON error shape.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Param   string `json:"param"`
	} `json:"error"`
}

// wantError checks a response is the JSON error shape with status and code.
func wantError(t testing.TB, r response, status int, code string) apiError {
	t.Helper()
	if r.status != status {
		t.Errorf("%s %s: status %d, want %d\n%s", r.req.Method, r.req.URL, r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q, want JSON", r.req.URL, ct)
	}
	e := decode[apiError](t, r)
	if e.Error.Code != code {
		t.Errorf("%s: error code %q, want %q (message %q)", r.req.URL, e.Error.Code, code, e.Error.Message)
	}
	if len(e.Error.Message) < 8 {
		t.Errorf("%s: error message %q is not a sentence", r.req.URL, e.Error.Message)
	}
	return e
}

// hitKey is the test key of a hit: the last segment of its URL ("e01").
func hitKey(url string) string { return path.Base(url) }

// openAPI validates requests and responses against the served document.
type openAPI struct {
	router routers.Router
}

func loadOpenAPI(t testing.TB, srv *httptest.Server) *openAPI {
	t.Helper()
	r := get(t, srv, "/api/openapi.json")
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: %d", r.status)
	}
	doc, err := openapi3.NewLoader().LoadFromData(r.body)
	if err != nil {
		t.Fatalf("load OpenAPI document: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("OpenAPI document is invalid: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("OpenAPI router: %v", err)
	}
	return &openAPI{router: router}
}

// check validates the request that produced r and r itself.
func (o *openAPI) check(t testing.TB, r response) {
	t.Helper()
	ctx := context.Background()
	req := r.req.Clone(ctx)
	if r.req.GetBody != nil {
		// The client consumed the body; validate a fresh copy.
		body, err := r.req.GetBody()
		if err != nil {
			t.Fatal(err)
		}
		req.Body = body
	}
	route, params, err := o.router.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s: no route in the OpenAPI document: %v", r.req.Method, r.req.URL, err)
		return
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true,
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && r.status < 400 {
		t.Errorf("%s %s: request does not match the OpenAPI document: %v", r.req.Method, r.req.URL, err)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: r.status, Header: r.header,
		Body: io.NopCloser(bytes.NewReader(r.body)), Options: in.Options,
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("%s %s: response %d does not match the OpenAPI document: %v\n%.600s", r.req.Method, r.req.URL, r.status, err, r.body)
	}
}
