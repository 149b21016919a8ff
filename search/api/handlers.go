package api

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vigie/indexer"
	"vigie/indexer/amount"
	"vigie/indexer/feed"
	"vigie/indexer/store"
	"vigie/search"
)

// openAPIDocument describes every endpoint; tests validate real answers
// against it. A string, so nothing can change it.
//
//go:embed openapi.json
var openAPIDocument string

// runSearch runs one search and records its latency.
func (s *server) runSearch(ctx context.Context, req search.Request) (*search.Response, error) {
	start := time.Now()
	resp, err := s.cfg.Searcher.Search(ctx, req)
	s.cfg.Metrics.observeSearch(time.Since(start))
	return resp, err
}

// search answers GET /api/search.
func (s *server) search(c echo.Context) error {
	req, err := search.ParseRequest(c.QueryParams())
	if err != nil {
		return err
	}
	resp, err := s.runSearch(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resp)
}

// Article is one stored article as GET /api/articles/{id} returns it: the
// full plain text and the enrichment, without the raw feed entry.
type Article struct {
	ID        string          `json:"id"`
	Title     string          `json:"title"`
	URL       string          `json:"url"`
	Source    string          `json:"source"`
	Published time.Time       `json:"published"`
	DateKnown bool            `json:"date_known"`
	Updated   time.Time       `json:"updated,omitzero"`
	Author    string          `json:"author,omitempty"`
	Lang      string          `json:"lang"`
	Text      string          `json:"text"`
	Companies []string        `json:"companies"`
	Agencies  []string        `json:"agencies"`
	Amounts   []amount.Amount `json:"amounts"`
	AmountUSD float64         `json:"amount_usd"`
}

func articleOf(a *indexer.Article) Article {
	out := Article{
		ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published,
		DateKnown: a.DateKnown, Author: a.Author, Lang: a.Lang, Text: a.Text,
		Companies: a.Companies, Agencies: a.Agencies, Amounts: a.Amounts, AmountUSD: a.AmountUSD,
	}
	if a.Updated.After(a.Published) {
		out.Updated = a.Updated
	}
	if out.Companies == nil {
		out.Companies = []string{}
	}
	if out.Agencies == nil {
		out.Agencies = []string{}
	}
	if out.Amounts == nil {
		out.Amounts = []amount.Amount{}
	}
	return out
}

// maxIDLen bounds article ids looked up: real ids are short hashes.
const maxIDLen = 256

// article answers GET /api/articles/:id.
func (s *server) article(c echo.Context) error {
	id := c.Param("id")
	notFound := &APIError{Status: http.StatusNotFound, Code: CodeNotFound, Param: "id",
		Message: fmt.Sprintf("no article with id %q", truncate(id, 80))}
	if id == "" || len(id) > maxIDLen {
		return notFound
	}
	a, err := s.cfg.Store.Article(id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound
	}
	if err != nil {
		return fmt.Errorf("article %s: %w", id, err)
	}
	return c.JSON(http.StatusOK, articleOf(a))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// Feed health statuses.
const (
	FeedOK      = "ok"
	FeedFailing = "failing"
	FeedNever   = "never" // not fetched successfully or unsuccessfully yet
)

// FeedStatus is one configured feed with its polling state.
type FeedStatus struct {
	Name          string     `json:"name"`
	URL           string     `json:"url"`
	Lang          string     `json:"lang,omitempty"`
	Title         string     `json:"title,omitempty"` // the feed's own title
	Status        string     `json:"status"`
	LastFetch     *time.Time `json:"last_fetch"`
	LastSuccess   *time.Time `json:"last_success"`
	NextCheck     *time.Time `json:"next_check"`
	LastStatus    int        `json:"last_status"`
	ErrorCount    int        `json:"error_count"`
	LastError     string     `json:"last_error"`
	ItemsLast     int        `json:"items_last"`
	ItemsNewTotal int64      `json:"items_new_total"`
	FetchCount    int64      `json:"fetch_count"`
	// FullText is the feed's fulltext setting (auto, always, never) and
	// Pages what fetching its articles' pages gave.
	FullText string          `json:"fulltext"`
	Pages    store.PageStats `json:"pages"`
}

// FeedsResponse is the answer of GET /api/feeds.
type FeedsResponse struct {
	Feeds []FeedStatus `json:"feeds"`
	// Counts of feeds by status.
	OK      int `json:"ok"`
	Failing int `json:"failing"`
	Never   int `json:"never"`
}

// feeds answers GET /api/feeds.
func (s *server) feeds(c echo.Context) error {
	states, err := s.cfg.Store.FeedStates()
	if err != nil {
		return fmt.Errorf("feed states: %w", err)
	}
	out := feedHealth(s.cfg.Sources, states)
	for i := range out.Feeds {
		fs := &out.Feeds[i]
		if fs.Pages, err = s.cfg.Store.PageStats(fs.URL); err != nil {
			return fmt.Errorf("page stats: %w", err)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// feedHealth joins the configured feeds with their stored state, in the
// configuration's order. State of feeds no longer configured is ignored.
func feedHealth(srcs []feed.Source, states []feed.State) FeedsResponse {
	byURL := make(map[string]feed.State, len(states))
	for _, st := range states {
		byURL[st.URL] = st
	}
	out := FeedsResponse{Feeds: make([]FeedStatus, 0, len(srcs))}
	for _, src := range srcs {
		st, ok := byURL[src.URL]
		fs := FeedStatus{Name: src.Name, URL: src.URL, Lang: src.Lang, Status: feedStatus(st, ok), FullText: string(src.Mode())}
		if ok {
			fs.Title = st.Title
			fs.LastFetch, fs.LastSuccess, fs.NextCheck = timePtr(st.CheckedAt), timePtr(st.LastSuccessAt), timePtr(st.NextCheckAt)
			fs.LastStatus, fs.ErrorCount, fs.LastError = st.LastStatus, st.ErrorCount, st.LastError
			fs.ItemsLast, fs.ItemsNewTotal, fs.FetchCount = st.ItemsLast, st.ItemsNew, st.FetchCount
		}
		switch fs.Status {
		case FeedOK:
			out.OK++
		case FeedFailing:
			out.Failing++
		default:
			out.Never++
		}
		out.Feeds = append(out.Feeds, fs)
	}
	return out
}

func feedStatus(st feed.State, known bool) string {
	switch {
	case !known || st.CheckedAt.IsZero() && st.ErrorCount == 0:
		return FeedNever
	case st.ErrorCount > 0:
		return FeedFailing
	case st.LastSuccessAt.IsZero():
		return FeedNever
	}
	return FeedOK
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// Health is the answer of GET /healthz.
type Health struct {
	Status    string `json:"status"` // "ok" or "unavailable"
	Articles  int    `json:"articles"`
	IndexDocs uint64 `json:"index_docs"`
	Error     string `json:"error,omitempty"`
}

// healthz answers GET /healthz: 200 when the store and the index answer.
func (s *server) healthz(c echo.Context) error {
	h := Health{Status: "ok", Articles: s.cfg.Store.Count()}
	n, err := s.cfg.Index.DocCount()
	if err != nil {
		s.log.Error("health_check_failed", requestIDAttr(c), errAttr(err))
		h.Status, h.Error = "unavailable", "index does not answer"
		return c.JSON(http.StatusServiceUnavailable, h)
	}
	h.IndexDocs = n
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, h)
}

// openAPI serves the OpenAPI 3 document of the API.
func (s *server) openAPI(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=3600")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, []byte(openAPIDocument))
}
