package search

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
	SortAmount    = "amount"
)

// CollapseStory shows each story once, by its best-ranked report.
const CollapseStory = "story"

// Size limits.
const (
	DefaultSize      = 10
	MaxSize          = 100
	DefaultFacetSize = 10
	MaxFacetSize     = 200
	// maxPage bounds deep paging: bleve collects page*size hits in memory.
	maxPage = 1000
)

// The dates a search may name. bleve stores dates as Unix nanoseconds
// (years 1677 to 2262) and rejects a range outside them; news has no
// business there anyway.
var (
	minDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Request is one search, as the HTTP API, the CLI, the Atom feed and the
// saved alerts all express it.
type Request struct {
	Q         string    `json:"q"`
	Companies []string  `json:"company,omitempty"`
	Agencies  []string  `json:"agency,omitempty"`
	Langs     []string  `json:"lang,omitempty"`
	Sources   []string  `json:"source,omitempty"`
	AmountMin float64   `json:"amount_min,omitempty"` // USD; 0 = no bound
	AmountMax float64   `json:"amount_max,omitempty"` // USD, inclusive; 0 = no bound
	From      time.Time `json:"from,omitzero"`        // inclusive
	To        time.Time `json:"to,omitzero"`          // exclusive (a YYYY-MM-DD "to" means through that day)
	Sort      string    `json:"sort,omitempty"`
	// Recency boosts recent articles in relevance order (an option, so
	// relevance is never silently re-ranked by date).
	Recency bool `json:"recency,omitempty"`
	Page    int  `json:"page,omitempty"`
	Size    int  `json:"size,omitempty"`
	// FacetSize is how many values each terms facet returns.
	FacetSize int `json:"facet_size,omitempty"`
	// NoFacets skips facet counting (Atom feeds, alert matching).
	NoFacets bool `json:"-"`
	// NoXLang disables the cross-lingual expansion (xlang=0): the query's
	// words are then searched only as typed.
	NoXLang bool `json:"no_xlang,omitempty"`
	// Collapse is CollapseStory to page through stories rather than
	// articles: each story's best-ranked hit stands for it, with the other
	// reports of the story listed under it. Empty: every article.
	Collapse string `json:"collapse,omitempty"`
	// NoFuzzy disables the fuzzy retry when nothing matches.
	NoFuzzy bool `json:"-"`
	// IDsOnly answers with bare hits, ID and Score: the same hits in the
	// same order with the same totals, but no article fields, snippets,
	// other reports of a story or fuzzy suggestion, and the store is not
	// asked for the articles (alert matching, over its own in-memory
	// index, needs only which articles match; locating, highlighting and
	// loading every hit was half of its search cost).
	IDsOnly bool `json:"-"`
	// IDs restricts the search to these articles (alert matching over what
	// is new); not exposed over HTTP.
	IDs []string `json:"-"`
}

// BadRequestError is a request parameter that cannot be used; Param names
// it and Msg says what is wrong in words a person understands.
type BadRequestError struct {
	Code  string // "bad_query" or "bad_parameter"
	Param string
	Msg   string
}

func (e *BadRequestError) Error() string {
	if e.Param == "" {
		return e.Msg
	}
	return e.Param + ": " + e.Msg
}

func badParam(param, format string, args ...any) error {
	return &BadRequestError{Code: "bad_parameter", Param: param, Msg: fmt.Sprintf(format, args...)}
}

// knownParams are the query parameters the search accepts; anything else is
// rejected so a typo ("compnay=") is not silently ignored.
var knownParams = []string{"q", "company", "agency", "lang", "source", "amount_min", "amount_max",
	"from", "to", "sort", "recency", "page", "size", "facet_size", "xlang", "collapse"}

// ParseRequest reads a search from URL query parameters and validates it.
// extra names parameters the caller handles itself (they are not rejected).
func ParseRequest(v url.Values, extra ...string) (Request, error) {
	for k := range v {
		if !slices.Contains(knownParams, k) && !slices.Contains(extra, k) {
			return Request{}, badParam(k, "unknown parameter; known parameters are %s", strings.Join(knownParams, ", "))
		}
	}
	r := Request{
		Q:         strings.TrimSpace(v.Get("q")),
		Companies: values(v["company"]),
		Agencies:  values(v["agency"]),
		Langs:     values(v["lang"]),
		Sources:   values(v["source"]),
		Sort:      v.Get("sort"),
	}
	var err error
	if r.AmountMin, err = parseAmount(v, "amount_min"); err != nil {
		return r, err
	}
	if r.AmountMax, err = parseAmount(v, "amount_max"); err != nil {
		return r, err
	}
	if r.From, _, err = parseDate(v.Get("from"), "from"); err != nil {
		return r, err
	}
	to, dayOnly, err := parseDate(v.Get("to"), "to")
	if err != nil {
		return r, err
	}
	if dayOnly {
		to = to.AddDate(0, 0, 1) // "to=2025-06-30" includes that whole day
	}
	r.To = to
	if r.Recency, err = parseBool(v, "recency"); err != nil {
		return r, err
	}
	if strings.TrimSpace(v.Get("xlang")) != "" { // default on
		on, err := parseBool(v, "xlang")
		if err != nil {
			return r, err
		}
		r.NoXLang = !on
	}
	switch c := strings.TrimSpace(v.Get("collapse")); c {
	case "", "none":
	case CollapseStory:
		r.Collapse = CollapseStory
	default:
		return r, badParam("collapse", "%q is not a way to collapse results; use story or none", c)
	}
	if r.Page, err = parseInt(v, "page", 1, 1, maxPage); err != nil {
		return r, err
	}
	if r.Size, err = parseInt(v, "size", DefaultSize, 0, MaxSize); err != nil {
		return r, err
	}
	if r.FacetSize, err = parseInt(v, "facet_size", DefaultFacetSize, 1, MaxFacetSize); err != nil {
		return r, err
	}
	return r, r.Validate()
}

// Validate checks a request built in code or decoded from JSON (alerts) and
// fills defaults.
func (r *Request) Validate() error {
	if r.Sort == "" {
		r.Sort = SortRelevance
	}
	if !slices.Contains([]string{SortRelevance, SortDate, SortAmount}, r.Sort) {
		return badParam("sort", "%q is not a sort order; use relevance, date or amount", r.Sort)
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Page < 1 || r.Page > maxPage {
		return badParam("page", "must be between 1 and %d", maxPage)
	}
	// size=0 is allowed: facets and total only.
	if r.Size < 0 || r.Size > MaxSize {
		return badParam("size", "must be between 0 and %d", MaxSize)
	}
	if r.FacetSize == 0 {
		r.FacetSize = DefaultFacetSize
	}
	if r.FacetSize < 1 || r.FacetSize > MaxFacetSize {
		return badParam("facet_size", "must be between 1 and %d", MaxFacetSize)
	}
	if r.AmountMin < 0 || r.AmountMax < 0 {
		return badParam("amount_min", "amounts cannot be negative")
	}
	if r.AmountMax > 0 && r.AmountMin > r.AmountMax {
		return badParam("amount_max", "is smaller than amount_min")
	}
	for _, d := range []struct {
		name string
		t    time.Time
	}{{"from", r.From}, {"to", r.To}} {
		if !d.t.IsZero() && (d.t.Before(minDate) || d.t.After(maxDate)) {
			return badParam(d.name, "%s is out of range; dates go from %d to %d", d.t.Format("2006-01-02"), minDate.Year(), maxDate.Year()-1)
		}
	}
	if !r.From.IsZero() && !r.To.IsZero() && !r.From.Before(r.To) {
		return badParam("to", "is before from")
	}
	if r.Collapse != "" && r.Collapse != CollapseStory {
		return badParam("collapse", "%q is not a way to collapse results; use story or none", r.Collapse)
	}
	for _, l := range r.Langs {
		if l != "fr" && l != "en" && l != "und" {
			return badParam("lang", "%q is not a language; use fr, en or und", l)
		}
	}
	if _, err := parseQuery(r.Q); err != nil {
		var qe *QueryError
		if errors.As(err, &qe) {
			return &BadRequestError{Code: "bad_query", Param: "q", Msg: qe.Msg}
		}
		return err
	}
	return nil
}

func values(vs []string) []string {
	var out []string
	for _, v := range vs {
		v = strings.TrimSpace(v)
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func parseBool(v url.Values, name string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v.Get(name))) {
	case "", "0", "false", "no", "off":
		return false, nil
	case "1", "true", "yes", "on":
		return true, nil
	}
	return false, badParam(name, "%q is not true or false", v.Get(name))
}

func parseInt(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badParam(name, "%q is not a whole number", s)
	}
	if n < lo || n > hi {
		return 0, badParam(name, "must be between %d and %d (got %d)", lo, hi, n)
	}
	return n, nil
}

// parseAmount accepts plain numbers and the usual suffixes people type in
// a URL: 100000000, 1e8, 100M, 1.5B, 250k.
func parseAmount(v url.Values, name string) (float64, error) {
	s := strings.TrimSpace(strings.ReplaceAll(v.Get(name), "_", ""))
	if s == "" {
		return 0, nil
	}
	mult := 1.0
	switch strings.ToLower(s[len(s)-1:]) {
	case "k":
		mult = 1e3
	case "m":
		mult = 1e6
	case "b":
		mult = 1e9
	case "t":
		mult = 1e12
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	f, err := strconv.ParseFloat(strings.TrimPrefix(s, "$"), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, badParam(name, "%q is not an amount in USD (e.g. 100000000 or 100M)", v.Get(name))
	}
	if f < 0 {
		return 0, badParam(name, "amounts cannot be negative")
	}
	return f * mult, nil
}

// parseDate accepts YYYY-MM-DD, YYYY-MM and RFC 3339; dayOnly reports a
// date without a time (to make "to" inclusive of that day or month).
func parseDate(s, name string) (time.Time, bool, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), false, nil
	}
	return time.Time{}, false, badParam(name, "%q is not a date; use YYYY-MM-DD or RFC 3339 (2025-06-17T09:00:00Z)", s)
}

// Values is the inverse of ParseRequest: the URL parameters of r, without
// defaults, for links (Atom self links, the page, alert e-mails).
func (r Request) Values() url.Values {
	v := url.Values{}
	if r.Q != "" {
		v.Set("q", r.Q)
	}
	for _, p := range []struct {
		k  string
		vs []string
	}{{"company", r.Companies}, {"agency", r.Agencies}, {"lang", r.Langs}, {"source", r.Sources}} {
		for _, x := range p.vs {
			v.Add(p.k, x)
		}
	}
	if r.AmountMin > 0 {
		v.Set("amount_min", strconv.FormatFloat(r.AmountMin, 'f', -1, 64))
	}
	if r.AmountMax > 0 {
		v.Set("amount_max", strconv.FormatFloat(r.AmountMax, 'f', -1, 64))
	}
	if !r.From.IsZero() {
		v.Set("from", formatDate(r.From))
	}
	if !r.To.IsZero() {
		to := r.To
		if to.Equal(to.Truncate(24 * time.Hour)) {
			v.Set("to", to.AddDate(0, 0, -1).Format("2006-01-02"))
		} else {
			v.Set("to", to.Format(time.RFC3339))
		}
	}
	if r.Sort != "" && r.Sort != SortRelevance {
		v.Set("sort", r.Sort)
	}
	if r.Recency {
		v.Set("recency", "true")
	}
	if r.NoXLang {
		v.Set("xlang", "0")
	}
	if r.Collapse != "" {
		v.Set("collapse", r.Collapse)
	}
	return v
}

func formatDate(t time.Time) string {
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}
