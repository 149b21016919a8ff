package index

import (
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// The cached stemmers must give exactly the stems of the stemmers they
// wrap, on first sight and from the cache, from concurrent workers.
func TestCachedStemmerMatchesInner(t *testing.T) {
	words := map[string]string{
		stemEN: "contracts contracting contracted drones drone's autonomy autonomous weapons systems " +
			"agencies agency defence defense procurement procured procuring surveillance running ran " +
			"generalizations happily relational conditional rational valenci hopefulness",
		stemFR: "contrats contrat armées armée armees ministère ministères défense défenses marchés " +
			"autonomes autonome systèmes drones livrées livraison commandé commandes chevaux " +
			"nationaux internationale",
	}
	inners := map[string]string{stemEN: "stemmer_en_snowball", stemFR: "stemmer_fr_light"}
	cache := registry.NewCache()
	for name, text := range words {
		cached, err := cache.TokenFilterNamed(name)
		if err != nil {
			t.Fatal(err)
		}
		inner, err := cache.TokenFilterNamed(inners[name])
		if err != nil {
			t.Fatal(err)
		}
		fields := strings.Fields(string(FoldBytes([]byte(text))))
		want := stems(inner, fields)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for round := range 3 { // the first round fills the cache
					if got := stems(cached, fields); strings.Join(got, " ") != strings.Join(want, " ") {
						t.Errorf("%s round %d:\n got %q\nwant %q", name, round, got, want)
					}
				}
			}()
		}
		wg.Wait()
	}
}

func stems(f analysis.TokenFilter, words []string) []string {
	ts := make(analysis.TokenStream, len(words))
	for i, w := range words {
		ts[i] = &analysis.Token{Term: []byte(w)}
	}
	var out []string
	for _, tok := range f.Filter(ts) {
		out = append(out, string(tok.Term))
	}
	return out
}
