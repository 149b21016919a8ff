package gold

import (
	"os"
	"path/filepath"
	"testing"

	"vigie/indexer/enrich"
	"vigie/internal/moduledir"
)

// sets lists the gold sets: the shared DoD development half (skipped when
// shared/ is absent) and the articles written for Vigie in testdata.
func sets(t *testing.T) []*Set {
	t.Helper()
	var out []*Set
	for _, name := range []string{"en-dev", "en-test", "fr-dev", "fr-test"} {
		file := filepath.Join("testdata", name+".json")
		if _, err := os.Stat(file); err != nil {
			continue
		}
		s, err := Load(name, file, filepath.Join("testdata", "articles", name))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if root, err := moduledir.Root(); err == nil {
		dir := filepath.Join(root, "..", "shared", "fixtures")
		if _, err := os.Stat(filepath.Join(dir, "gold", "dod-public-dev.json")); err == nil {
			s, err := Load("dod-dev", filepath.Join(dir, "gold", "dod-public-dev.json"), filepath.Join(dir, "articles", "dod-public"))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		t.Skip("no gold sets")
	}
	return out
}

// floors are the F1 scores below which recognition has regressed; the
// targets are higher (see the README).
var floors = map[string]float64{"companies": 0.85, "agencies": 0.85, "amounts": 0.95}

// TestGoldSets scores the enricher on every gold set. `make eval` runs it
// verbose, which prints the table; VIGIE_EVAL_DIFF=1 also prints each
// article's misses and extras.
func TestGoldSets(t *testing.T) {
	en := enrich.New(nil, nil)
	var results []*Result
	for _, s := range sets(t) {
		r, err := Score(en, s)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
		if os.Getenv("VIGIE_EVAL_DIFF") != "" {
			WriteDiffs(os.Stdout, r)
		}
		for _, k := range Kinds {
			if f := r.Counts[k].F1(); f < floors[k] {
				t.Errorf("%s %s: F1 %.3f below %.2f", s.Name, k, f, floors[k])
			}
		}
	}
	if testing.Verbose() {
		WriteTable(os.Stdout, results)
	}
}
