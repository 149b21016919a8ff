package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"vigie/internal/moduledir"
)

// plainChain is a memoised chain's filters run as bleve would run them,
// acronyms going round the stop-word filter.
func plainChain(t testing.TB, name string) func(analysis.TokenStream) analysis.TokenStream {
	t.Helper()
	cache := registry.NewCache()
	var all, noStop []analysis.TokenFilter
	for _, f := range termChains[name] {
		filter, err := cache.TokenFilterNamed(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, filter)
		if !stopFilters[f] {
			noStop = append(noStop, filter)
		}
	}
	run := func(filters []analysis.TokenFilter, ts analysis.TokenStream) analysis.TokenStream {
		for _, f := range filters {
			ts = f.Filter(ts)
		}
		return ts
	}
	return func(ts analysis.TokenStream) analysis.TokenStream {
		var acronyms, words analysis.TokenStream
		for _, tok := range ts {
			if IsAcronym(string(tok.Term)) {
				acronyms = append(acronyms, tok)
			} else {
				words = append(words, tok)
			}
		}
		out := append(run(all, words), run(noStop, acronyms)...)
		slices.SortFunc(out, func(a, b *analysis.Token) int { return a.Position - b.Position })
		return out
	}
}

// sameTerms fails unless the memoised chain gives, for text, the tokens
// the plain chain gives: terms, offsets, positions.
func sameTerms(t testing.TB, name string, memo analysis.TokenFilter, plain func(analysis.TokenStream) analysis.TokenStream, text string) {
	t.Helper()
	got := memo.Filter(fastTok.Tokenize([]byte(text)))
	want := plain(fastTok.Tokenize([]byte(text)))
	if fmt.Sprint(dump(got)) != fmt.Sprint(dump(want)) {
		t.Errorf("%s %q:\n got %v\nwant %v", name, text, dump(got), dump(want))
	}
}

func TestMemoChainsMatchPlainChains(t *testing.T) {
	texts := []string{
		"L'armée de l’Air et l'ONERA : qu'elles soient jusqu'à présent les contrats des Armées, d'OpenAI.",
		"The Army's contracts, Anduril's drones and the DoD’s AI: they were running, ran, runs.",
		"LES ÉTATS-UNIS ET L'OTAN — Œuvre, cœur, naïve, Ça, À, être, été.",
		"the a an of and or but if then les des du de la le un une et ou mais si",
		"AI EU UN US IT OR ai eu un us L'AI l'UE Mistral AI and the US Army, l'ONU et l'UE",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields(strings.Join(texts, " "))
	for range 200 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		texts = append(texts, b.String())
	}
	compareChains(t, texts, 2)
}

// The shared real-world articles and feeds, when present.
func TestMemoChainsOnFixtures(t *testing.T) {
	var texts []string
	filepath.WalkDir(moduledir.SharedFixtures(t), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && len(texts) < 150 {
			if b, err := os.ReadFile(path); err == nil {
				texts = append(texts, string(b))
			}
		}
		return nil
	})
	if len(texts) < 100 {
		t.Fatalf("read %d fixture articles", len(texts))
	}
	compareChains(t, texts, 1)
}

// compareChains runs both chains of each language over texts from
// concurrent workers, each text more than once (cache misses, then hits).
func compareChains(t *testing.T, texts []string, workers int) {
	cache := registry.NewCache()
	for _, name := range []string{termsFR, termsEN} {
		memo, err := cache.TokenFilterNamed(name)
		if err != nil {
			t.Fatal(err)
		}
		plain := plainChain(t, name)
		var wg sync.WaitGroup
		for w := range workers + 1 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range texts {
					sameTerms(t, name, memo, plain, texts[(i+w*7)%len(texts)])
				}
			}()
		}
		wg.Wait()
	}
}

func FuzzMemoChains(f *testing.F) {
	for _, s := range []string{"L'armée a commandé des drones.", "The Army's contracts", "qu'À Œuvre 1,5 l’OTAN"} {
		f.Add(s)
	}
	cache := registry.NewCache()
	memo := map[string]analysis.TokenFilter{}
	plain := map[string]func(analysis.TokenStream) analysis.TokenStream{}
	for _, name := range []string{termsFR, termsEN} {
		m, err := cache.TokenFilterNamed(name)
		if err != nil {
			f.Fatal(err)
		}
		memo[name], plain[name] = m, plainChain(f, name)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name := range memo {
			sameTerms(t, name, memo[name], plain[name], s)
		}
	})
}
