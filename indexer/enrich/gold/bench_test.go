package gold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vigie/indexer/enrich"
)

// BenchmarkEnrichCorpus enriches every article of the gold sets written for
// Vigie (64 French and English articles), one article per op: the cost of
// recognition per article on real-shaped prose.
//
//	go test -run '^$' -bench EnrichCorpus -count 10 ./indexer/enrich/gold/
func BenchmarkEnrichCorpus(b *testing.B) {
	files, err := filepath.Glob(filepath.Join("testdata", "articles", "*", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Skip("no gold articles")
	}
	type art struct{ title, body string }
	var arts []art
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		title, body, _ := strings.Cut(string(data), "\n")
		arts = append(arts, art{title, body})
		size += len(data)
	}
	en := enrich.New(nil, nil)
	b.SetBytes(int64(size / len(arts)))
	i := 0
	for b.Loop() {
		a := arts[i%len(arts)]
		en.Enrich(a.title, a.body, "")
		i++
	}
}
