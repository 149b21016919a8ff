package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"vigie/indexer/amount"
)

// Article is one news item as Vigie keeps it: the normalised text, the
// enrichment, and enough of the raw feed entry to re-normalise it later
// without fetching it again. The store holds it as JSON; the bleve index is
// derived from it.
type Article struct {
	ID        string    `json:"id"`
	Seq       uint64    `json:"seq"` // store sequence of the last write; grows on update
	URL       string    `json:"url"`
	GUID      string    `json:"guid,omitempty"`
	FeedURL   string    `json:"feed_url"`
	Source    string    `json:"source"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	Author    string    `json:"author,omitempty"`
	Published time.Time `json:"published"`
	// DateKnown is false when the feed gave no usable date and Published is
	// the time Vigie first saw the item.
	DateKnown bool      `json:"date_known"`
	Updated   time.Time `json:"updated,omitempty"`
	FirstSeen time.Time `json:"first_seen"`

	Enrichment

	// Fingerprint groups the same story published under different links
	// (see normalize.Fingerprint); it is what alerts use to send a story once.
	Fingerprint uint64 `json:"fingerprint"`
	// Story groups the reports of one event, from any source and in either
	// language (see indexer/story): the ID of the story's first article,
	// assigned when the article is first stored and never changed after.
	// Empty for articles stored before stories existed, until `vigie
	// reindex` assigns them one.
	Story string `json:"story,omitempty"`
	// ContentHash covers everything that reaches the index; an item seen again
	// with the same hash is not written or indexed again.
	ContentHash string `json:"content_hash"`

	// FeedLang is the language the feed declared, the prior for detection.
	FeedLang string `json:"feed_lang,omitempty"`
	// TextFrom is "page" when Text is the main text extracted from the
	// article's own page (the feed carried only a summary), empty when it
	// is the feed's text.
	TextFrom string `json:"text_from,omitempty"`

	// Raw is stored apart from the article (store bucket "raw"): it is
	// large, and neither indexing nor search results need it.
	Raw Raw `json:"-"`
}

// Raw keeps the feed entry as received (HTML included), so normalisation
// can be rerun after its rules change without fetching the feed again.
type Raw struct {
	Title      string   `json:"title"`
	Summary    string   `json:"summary,omitempty"`
	Content    string   `json:"content,omitempty"`
	Link       string   `json:"link,omitempty"`
	Categories []string `json:"categories,omitempty"`
	// Page is the article's page as last fetched for its full text, nil
	// when it never was. The store keeps it in its own bucket ("pages"),
	// so a failed fetch is remembered without rewriting the article.
	Page *Page `json:"-"`
}

// TextFromPage is Article.TextFrom for a text extracted from the page.
const TextFromPage = "page"

// Page is what fetching an article's page for its full text gave: the main
// text an extractor found in it, or why there is none. `vigie reindex`
// re-reads it from the store and never fetches again.
type Page struct {
	// URL is the page the text came from, after redirects.
	URL       string    `json:"url"`
	FetchedAt time.Time `json:"fetched_at"`
	// Text is the extracted main text, paragraphs separated by blank
	// lines; empty when the fetch or the extraction failed.
	Text      string `json:"text,omitempty"`
	Extractor string `json:"extractor,omitempty"`
	// Error says why there is no text. Permanent errors (robots.txt
	// forbids it, 404, not HTML, nothing extractable) are not retried;
	// the others are, up to a few Attempts.
	Error     string `json:"error,omitempty"`
	Permanent bool   `json:"permanent,omitempty"`
	Attempts  int    `json:"attempts"`
}

// Enrichment is what Vigie recognises in an article's text. Its JSON shape is
// the one `vigie extract` prints and the API returns.
type Enrichment struct {
	Lang      string   `json:"lang"`
	Companies []string `json:"companies"`
	Agencies  []string `json:"agencies"`
	// ParentCompanies and ParentAgencies are what the named ones roll up to
	// and are not themselves named ("Sikorsky" -> Lockheed Martin;
	// "Army Contracting Command-Redstone" -> Army Contracting Command, Army
	// Materiel Command, US Army, DoD). The index files the article under
	// them too, so a filter on a parent finds its children's articles.
	ParentCompanies []string        `json:"parent_companies,omitempty"`
	ParentAgencies  []string        `json:"parent_agencies,omitempty"`
	Amounts         []amount.Amount `json:"amounts"`
	// AmountUSD is the largest amount mentioned, in USD; 0 when none.
	AmountUSD float64 `json:"amount_usd"`
}

// StoryID is the article's story, its own ID when it has none yet: an
// article is always a story of one at least.
func (a *Article) StoryID() string {
	if a.Story != "" {
		return a.Story
	}
	return a.ID
}

// HashContent returns the content hash of what is indexed for a, so an
// unchanged item seen again can be skipped. The source is left out: which
// feed owns an article is decided by the store, not by the content.
func HashContent(a *Article) string {
	h := sha256.New()
	// A date the feed did not give is the time it was first fetched: it is
	// not content, and hashing it made every poll of a dateless feed
	// rewrite (and re-index) each of its articles.
	published := ""
	if a.DateKnown {
		published = a.Published.UTC().Format(time.RFC3339)
	}
	for _, s := range []string{a.URL, a.Title, a.Text, a.Author, a.Lang, published} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
