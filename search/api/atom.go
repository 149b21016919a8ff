package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"vigie/indexer"
	"vigie/indexer/normalize"
	"vigie/search"
)

// Atom feed sizes: readers show a few dozen entries; the size parameter
// can ask for up to search.MaxSize.
const (
	atomDefaultSize = 30
	atomSummaryLen  = 600
	mimeAtom        = "application/atom+xml; charset=utf-8"
)

// The Atom 1.0 (RFC 4287) elements Vigie writes. encoding/xml escapes all
// text and attributes, so feed text stays text.
type atomFeed struct {
	XMLName   xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string        `xml:"id"`
	Title     atomText      `xml:"title"`
	Subtitle  *atomText     `xml:"subtitle,omitempty"`
	Updated   string        `xml:"updated"`
	Links     []atomLink    `xml:"link"`
	Author    atomPerson    `xml:"author"`
	Generator atomGenerator `xml:"generator"`
	Entries   []atomEntry   `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomGenerator struct {
	URI  string `xml:"uri,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     atomPerson     `xml:"author"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
}

// atom answers GET /search.atom: the search as an Atom feed, newest first
// whatever the sort parameter says (a feed is a timeline).
func (s *server) atom(c echo.Context) error {
	q := c.QueryParams()
	req, err := search.ParseRequest(q)
	if err != nil {
		return err
	}
	if q.Get("size") == "" {
		req.Size = atomDefaultSize
	}
	req.Sort = search.SortDate
	req.NoFacets = true
	// A subscription must not silently switch to "did you mean" results.
	req.NoFuzzy = true
	resp, err := s.runSearch(c.Request().Context(), req)
	if err != nil {
		return err
	}
	ids := make([]string, len(resp.Hits))
	for i, h := range resp.Hits {
		ids[i] = h.ID
	}
	arts, err := s.cfg.Store.Articles(ids)
	if err != nil {
		return fmt.Errorf("atom: load articles: %w", err)
	}
	body, err := xml.MarshalIndent(s.atomFeed(req, q.Has("size"), arts, time.Now()), "", " ")
	if err != nil {
		return fmt.Errorf("atom: encode: %w", err)
	}
	return serveCacheable(c, mimeAtom, "public, max-age=300", append([]byte(xml.Header), body...))
}

// atomFeed builds the feed of articles (already newest first) for req.
func (s *server) atomFeed(req search.Request, keepSize bool, arts []*indexer.Article, now time.Time) atomFeed {
	v := req.Values()
	v.Del("sort")
	if keepSize {
		v.Set("size", fmt.Sprint(req.Size))
	}
	self := s.cfg.BaseURL + "/search.atom" + query(v)
	page := url.Values{}
	for k, vs := range v {
		page[k] = vs
	}
	page.Del("size")
	page.Set("sort", search.SortDate)

	f := atomFeed{
		ID:    uuidURN(self),
		Title: atomText{Type: "text", Body: feedTitle(req)},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: s.cfg.BaseURL + "/" + query(page)},
		},
		Author:    atomPerson{Name: "Vigie"},
		Generator: atomGenerator{URI: s.cfg.BaseURL + "/", Body: "Vigie"},
		Entries:   make([]atomEntry, 0, len(arts)),
	}
	if sub := filterSummary(req); sub != "" {
		f.Subtitle = &atomText{Type: "text", Body: sub}
	}
	var newest time.Time
	for _, a := range arts {
		e := s.atomEntry(a)
		f.Entries = append(f.Entries, e)
		if u := entryUpdated(a); u.After(newest) {
			newest = u
		}
	}
	if newest.IsZero() {
		// Nothing matched: any stable value will do; the hour keeps the
		// ETag stable between polls.
		newest = now.UTC().Truncate(time.Hour)
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	return f
}

func (s *server) atomEntry(a *indexer.Article) atomEntry {
	author := a.Author
	if author == "" {
		author = a.Source
	}
	e := atomEntry{
		ID:        uuidURN("vigie:article:" + a.ID),
		Title:     atomText{Type: "text", Body: a.Title},
		Published: a.Published.UTC().Format(time.RFC3339),
		Updated:   entryUpdated(a).UTC().Format(time.RFC3339),
		Author:    atomPerson{Name: author},
	}
	// Atom requires an alternate link on entries without content: the
	// article itself, or its JSON when the feed gave no link.
	api := atomLink{Type: "application/json", Href: s.cfg.BaseURL + "/api/articles/" + url.PathEscape(a.ID)}
	if a.URL != "" {
		api.Rel = "related"
		e.Links = []atomLink{{Rel: "alternate", Type: "text/html", Hreflang: hreflang(a.Lang), Href: a.URL}, api}
	} else {
		api.Rel = "alternate"
		e.Links = []atomLink{api}
	}
	if sum := normalize.Snippet(a.Text, atomSummaryLen); sum != "" {
		e.Summary = &atomText{Type: "text", Body: sum}
	}
	for _, c := range a.Companies {
		e.Categories = append(e.Categories, atomCategory{Term: c, Label: c, Scheme: s.cfg.BaseURL + "/api/search?company"})
	}
	for _, ag := range a.Agencies {
		e.Categories = append(e.Categories, atomCategory{Term: ag, Label: ag, Scheme: s.cfg.BaseURL + "/api/search?agency"})
	}
	return e
}

// entryUpdated is the later of the publication and update times.
func entryUpdated(a *indexer.Article) time.Time {
	if a.Updated.After(a.Published) {
		return a.Updated
	}
	return a.Published
}

func hreflang(lang string) string {
	if lang == "fr" || lang == "en" {
		return lang
	}
	return ""
}

// uuidURN is a stable, globally unique Atom id derived from a name
// (RFC 4122 version 5), as the Atom RFC recommends for ids that must not
// change when the feed is fetched again.
func uuidURN(name string) string {
	return "urn:uuid:" + uuid.NewSHA1(uuid.NameSpaceURL, []byte(name)).String()
}

func query(v url.Values) string {
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

func feedTitle(req search.Request) string {
	if req.Q == "" {
		return "Vigie: latest articles"
	}
	return "Vigie: " + req.Q
}

// filterSummary describes the filters in words, for the feed subtitle.
func filterSummary(req search.Request) string {
	var parts []string
	add := func(name string, vs []string) {
		if len(vs) > 0 {
			parts = append(parts, name+": "+strings.Join(vs, ", "))
		}
	}
	add("company", req.Companies)
	add("agency", req.Agencies)
	add("lang", req.Langs)
	add("source", req.Sources)
	if req.AmountMin > 0 {
		parts = append(parts, fmt.Sprintf("amount ≥ $%.0f", req.AmountMin))
	}
	if req.AmountMax > 0 {
		parts = append(parts, fmt.Sprintf("amount ≤ $%.0f", req.AmountMax))
	}
	if !req.From.IsZero() {
		parts = append(parts, "from "+req.From.Format(time.DateOnly))
	}
	if !req.To.IsZero() {
		parts = append(parts, "before "+req.To.Format(time.DateOnly))
	}
	return strings.Join(parts, " · ")
}

// serveCacheable writes body with a weak ETag (weak: gzip changes the
// bytes on the wire) and answers 304 when the client already has it.
func serveCacheable(c echo.Context, contentType, cacheControl string, body []byte) error {
	sum := sha256.Sum256(body)
	etag := `W/"` + hex.EncodeToString(sum[:12]) + `"`
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, cacheControl)
	h.Set("ETag", etag)
	if etagMatch(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, contentType, body)
}

// etagMatch implements the weak comparison of If-None-Match.
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}
