// Package gen generates a deterministic corpus of bilingual defense-AI news
// for Vigie's benchmark and its facet correctness test: French and English
// articles as feed items, spread over 40+ sources, with realistic word
// frequencies (Zipf over a hand-written vocabulary of several thousand words
// per language plus a long tail of rare forms, function words, sentences of
// varied length), the gazetteer's companies and agencies (Zipf over entities,
// so facets have a long tail), money amounts written in both languages'
// conventions and dates over 2019-2026.
//
// Article i depends only on the seed and i (its own PCG stream), so any
// article can be generated alone, in any order, in parallel, and a revision
// of it (same link, new text) for update tests. A few marker terms occur in
// known shares of the articles, so benchmark queries can target a rare, a
// medium and a common word and a phrase, and tests can check the shares.
package gen

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"vigie/indexer/entity"
	"vigie/indexer/feed"
)

// Marker terms and their shares of all articles. The words are absent from
// the vocabulary (and so are the words that stem like them), so their
// document frequency is exactly the injected one.
const (
	// MediumWord occurs in about MediumShare of the articles, both languages.
	MediumWord  = "drone"
	MediumShare = 0.23
	// RareWord occurs in about RareShare of the articles.
	RareWord  = "lidar"
	RareShare = 0.01
	// CommonWord ("défense" in French; both analysers and SQLite's
	// unicode61 remove_diacritics fold them together) occurs in about
	// CommonShare of the articles, besides entity names that contain it.
	CommonWord  = "defense"
	CommonShare = 0.55
	// Phrase occurs in about PhraseShare of the articles (English ones);
	// its three words are also ordinary vocabulary words.
	Phrase      = "autonomous weapon systems"
	PhraseShare = 0.05
	// EnglishShare of the articles are in English, the rest in French.
	EnglishShare = 0.55
	// AmountShare of the articles mention at least one money amount.
	AmountShare = 0.60
)

// Words starting with reservedPrefixes (accents ignored) are dropped from
// the vocabulary: they would stem like a marker word and blur its known
// document frequency.
var reservedPrefixes = []string{"dron", "lidar", "defen"}

// Config parameterises a Generator. The zero value is usable.
type Config struct {
	Seed uint64
	// Sources is the number of feeds (at least 40; default 44).
	Sources int
	// From and To bound publication dates (defaults 2019-01-01 and
	// 2026-11-01); To is also the fetch time given to the ingest path.
	From, To time.Time
	// Gazetteer provides the entities (default entity.Default()).
	Gazetteer *entity.Gazetteer
}

// Generator produces articles. It is immutable and safe for concurrent use.
type Generator struct {
	cfg     Config
	langs   map[string]*language
	sources []source
	byLang  map[string][]int // source indexes per language
}

// source is one generated feed.
type source struct {
	feed.Source
	host string
}

// Article is one generated article: the feed item plus what the generator
// put in it, for tests.
type Article struct {
	Index    int
	Revision int
	Lang     string // "en" or "fr"
	Source   int    // index into Sources()
	Item     feed.Item
	// Medium, Rare, Common and Phrase tell which marker terms the article
	// contains.
	Medium, Rare, Common, Phrase bool
	// Entities are the canonical names the generator wrote an alias of.
	Entities []string
	// Amounts are the money expressions written, as written.
	Amounts []string
}

// Feed is a group of articles of one source, ready for the ingest path.
type Feed struct {
	Source feed.Source
	Parsed *feed.Parsed
}

// New returns a generator.
func New(cfg Config) (*Generator, error) {
	if cfg.Sources == 0 {
		cfg.Sources = 44
	}
	if cfg.Sources < 40 {
		return nil, fmt.Errorf("gen: %d sources; at least 40 are needed", cfg.Sources)
	}
	if cfg.From.IsZero() {
		cfg.From = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if cfg.To.IsZero() {
		cfg.To = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	}
	if !cfg.From.Before(cfg.To) {
		return nil, errors.New("gen: From must be before To")
	}
	if cfg.Gazetteer == nil {
		cfg.Gazetteer = entity.Default()
	}
	g := &Generator{cfg: cfg, langs: map[string]*language{}, byLang: map[string][]int{}}
	ents := cfg.Gazetteer.Entities()
	for _, code := range []string{"en", "fr"} {
		l, err := newLanguage(code, ents, cfg.Seed)
		if err != nil {
			return nil, err
		}
		g.langs[code] = l
	}
	g.sources = makeSources(cfg.Sources)
	for i, s := range g.sources {
		g.byLang[s.Lang] = append(g.byLang[s.Lang], i)
	}
	return g, nil
}

// Sources returns the feeds articles are grouped in.
func (g *Generator) Sources() []feed.Source {
	out := make([]feed.Source, len(g.sources))
	for i, s := range g.sources {
		out[i] = s.Source
	}
	return out
}

// FetchedAt is the fetch time to give the ingest path: no generated date is
// after it.
func (g *Generator) FetchedAt() time.Time { return g.cfg.To }

// Article returns article i (revision 0).
func (g *Generator) Article(i int) Article { return g.Revision(i, 0) }

// Revision returns revision rev of article i: same source, link, language
// and date, new text (and so new entities, amounts and markers). Ingesting
// it updates the article.
func (g *Generator) Revision(i, rev int) Article {
	// The article's identity (language, source, date) comes from a stream
	// that ignores the revision; its text from one that does not.
	id := rand.New(rand.NewPCG(g.cfg.Seed, uint64(i)<<16))
	lang := "fr"
	if id.Float64() < EnglishShare {
		lang = "en"
	}
	srcs := g.byLang[lang]
	src := srcs[zipfIndex(id, len(srcs), 1.1, 1.5)]
	published := g.date(id)
	// The link's slug comes from the identity stream too: a revision keeps
	// its URL, so the ingest path sees an update.
	l := g.langs[lang]
	words := make([]string, 3+id.IntN(4))
	for k := range words {
		words[k] = l.content[id.IntN(l.vocab)]
	}

	r := rand.New(rand.NewPCG(g.cfg.Seed^0x9e3779b97f4a7c15, uint64(i)<<16|uint64(rev&0xffff)))
	w := newWriter(l, r)
	a := w.article()
	a.Index, a.Revision, a.Lang, a.Source = i, rev, lang, src
	s := g.sources[src]
	link := fmt.Sprintf("https://%s/%s/%s-%d", s.host, published.Format("2006/01"), slug(strings.Join(words, " ")), i)
	a.Item.Link, a.Item.GUID = link, link
	a.Item.Published, a.Item.DateKnown = published, true
	if rev > 0 {
		a.Item.Updated = published.Add(time.Duration(rev) * time.Hour)
	}
	return a
}

// date draws a publication time; coverage grows over the years (density
// rising linearly), like the subject.
func (g *Generator) date(r *rand.Rand) time.Time {
	span := g.cfg.To.Sub(g.cfg.From)
	u := r.Float64()
	// Density proportional to 1+2x on [0,1]: inverse CDF of (x+x^2)/2.
	x := (-1 + math.Sqrt(1+8*u)) / 2
	return g.cfg.From.Add(time.Duration(x * float64(span))).Truncate(time.Minute).UTC()
}

// Feeds groups articles by source, as one polling round would receive
// them: one Feed per source, sources in order, items in article order.
func (g *Generator) Feeds(arts []Article) []Feed {
	bySrc := make(map[int][]feed.Item)
	for _, a := range arts {
		bySrc[a.Source] = append(bySrc[a.Source], a.Item)
	}
	var out []Feed
	for i, s := range g.sources {
		items := bySrc[i]
		if len(items) == 0 {
			continue
		}
		out = append(out, Feed{Source: s.Source, Parsed: &feed.Parsed{
			Title: s.Name, Link: "https://" + s.host + "/", Language: s.Lang, Items: items,
		}})
	}
	return out
}

// Range returns articles [from, to).
func (g *Generator) Range(from, to int) []Article {
	out := make([]Article, 0, max(0, to-from))
	for i := from; i < to; i++ {
		out = append(out, g.Article(i))
	}
	return out
}

// zipfIndex draws an index in [0, n) with Zipf-Mandelbrot weights
// (k+v)^-s, s > 1.
func zipfIndex(r *rand.Rand, n int, s, v float64) int {
	return int(rand.NewZipf(r, s, v, uint64(n-1)).Uint64())
}

// slug turns a title into a URL path segment of ASCII letters and digits.
func slug(title string) string {
	var b strings.Builder
	words := 0
	prevDash := true
	for _, r := range foldASCII(strings.ToLower(title)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			prevDash = false
		case !prevDash:
			words++
			if words >= 6 {
				return strings.TrimSuffix(b.String(), "-")
			}
			b.WriteByte('-')
			prevDash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
