package index

import (
	"hash/maphash"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Each analyzer's token filters (case, elision or possessive, stop words,
// accent folding, stemming) look at one token at a time, and news text is
// Zipfian: a few thousand word forms make up most tokens. So the filters
// run as one memoised chain: the first time a form is seen, the real
// filters turn it into its term (or drop it); later it costs one map
// lookup. Filtering was a third of analysis time, stemming most of it.
// The output is exactly the chain's (a differential test holds it to
// that).
const (
	termsFR         = "vigie_terms_fr"
	termsEN         = "vigie_terms_en"
	termCacheMax    = 1 << 18 // forms per language; ~25 MB at worst
	termCacheShards = 32
)

// termChains are the filters each memoised chain runs, in order.
var termChains = map[string][]string{
	termsFR: {"to_lower", "elision_fr", "stop_fr", foldFilter, "stemmer_fr_light"},
	termsEN: {"possessive_en", "to_lower", "stop_en", foldFilter, "stemmer_en_snowball", pluralFilter},
}

// stopFilters are the chains' stop-word filters. They spare acronyms: "AI",
// "EU", "UN" and "US" are French or English stop words in lower case
// ("ai", "eu", "un", "us"), and an engine for AI and defence news must
// index and find them.
var stopFilters = map[string]bool{"stop_fr": true, "stop_en": true}

// IsAcronym reports whether word, as written, is an acronym: two letters
// or more, all capitals ("AI", "OTAN", "L'OTAN"; not "F35", not "Ai").
func IsAcronym(word string) bool {
	letters := 0
	for _, r := range word {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

func init() {
	for name, chain := range termChains {
		c := newTermCache()
		registry.RegisterTokenFilter(name, func(_ map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
			m := &memoChain{filters: make([]analysis.TokenFilter, len(chain)), stop: make([]bool, len(chain)), cache: c}
			for i, f := range chain {
				var err error
				if m.filters[i], err = cache.TokenFilterNamed(f); err != nil {
					return nil, err
				}
				m.stop[i] = stopFilters[f]
			}
			return m, nil
		})
	}
}

// termCache maps a token as the tokenizer cut it to its final term; a nil
// term means the chain drops the token (a stop word). It is shared by
// every analyzer of one language and safe for bleve's concurrent analysis
// workers.
type termCache struct {
	seed   maphash.Seed
	shards [termCacheShards]struct {
		mu sync.RWMutex
		m  map[string][]byte
	}
}

func newTermCache() *termCache {
	c := &termCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string][]byte)
	}
	return c
}

type memoChain struct {
	filters []analysis.TokenFilter
	stop    []bool // filters[i] is a stop-word filter
	cache   *termCache
}

func (f *memoChain) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	var one analysis.TokenStream
	for _, tok := range in {
		sh := &f.cache.shards[maphash.Bytes(f.cache.seed, tok.Term)%termCacheShards]
		sh.mu.RLock()
		term, ok := sh.m[string(tok.Term)]
		sh.mu.RUnlock()
		if !ok {
			form := string(tok.Term)
			// The filters may rewrite the token in place; they get a copy
			// so the cached term never aliases the input text.
			cp := *tok
			cp.Term = []byte(form)
			if one == nil {
				one = make(analysis.TokenStream, 1)
			}
			one[0] = &cp
			res, acronym := one, IsAcronym(form)
			for i, filter := range f.filters {
				if !(acronym && f.stop[i]) {
					res = filter.Filter(res)
				}
			}
			term = nil // dropped
			if len(res) == 1 {
				term = append([]byte{}, res[0].Term...) // never nil
			}
			sh.mu.Lock()
			if len(sh.m) < termCacheMax/termCacheShards {
				sh.m[form] = term
			}
			sh.mu.Unlock()
		}
		if term == nil {
			continue // a stop word
		}
		// Shared by every token of this form: nothing after the chain
		// writes to a term.
		tok.Term = term
		out = append(out, tok)
	}
	return out
}
