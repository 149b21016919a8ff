package index

import (
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Stemming is a fifth of indexing's analysis time, and news text is
// Zipfian: a few thousand forms make up most tokens. The cached stemmers
// remember the stem of each form they saw (up to stemCacheMax forms), so
// a frequent word is stemmed once per process. Their output is exactly
// that of the stemmer they wrap.
const (
	stemEN       = "vigie_stem_en"
	stemFR       = "vigie_stem_fr"
	stemCacheMax = 1 << 18 // forms per language; ~20 MB at worst
	stemShards   = 32
)

func init() {
	for name, inner := range map[string]string{stemEN: "stemmer_en_snowball", stemFR: "stemmer_fr_light"} {
		c := &stemCache{seed: maphash.MakeSeed()}
		for i := range c.shards {
			c.shards[i].m = make(map[string][]byte)
		}
		registry.RegisterTokenFilter(name, func(_ map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
			f, err := cache.TokenFilterNamed(inner)
			if err != nil {
				return nil, err
			}
			return &cachedStemmer{inner: f, cache: c}, nil
		})
	}
}

// stemCache maps a form to its stem, shared by every analyzer of one
// language; it is safe for the concurrent analysis workers.
type stemCache struct {
	seed   maphash.Seed
	shards [stemShards]struct {
		mu sync.RWMutex
		m  map[string][]byte
	}
}

type cachedStemmer struct {
	inner analysis.TokenFilter
	cache *stemCache
}

func (f *cachedStemmer) Filter(in analysis.TokenStream) analysis.TokenStream {
	one := make(analysis.TokenStream, 1)
	for _, tok := range in {
		if tok.KeyWord {
			continue // stemmers leave keyword tokens alone
		}
		sh := &f.cache.shards[maphash.Bytes(f.cache.seed, tok.Term)%stemShards]
		sh.mu.RLock()
		stem, ok := sh.m[string(tok.Term)]
		sh.mu.RUnlock()
		if ok {
			tok.Term = stem
			continue
		}
		form := string(tok.Term)
		one[0] = tok
		f.inner.Filter(one)
		// The cached stem is shared by every token that uses it: nothing
		// after the stemmer in Vigie's analyzers writes to a term.
		stem = tok.Term
		sh.mu.Lock()
		if len(sh.m) < stemCacheMax/stemShards {
			sh.m[form] = stem
		}
		sh.mu.Unlock()
	}
	return in
}
