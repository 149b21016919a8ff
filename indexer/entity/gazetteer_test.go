package entity

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDefaultCounts(t *testing.T) {
	var companies, agencies int
	for _, e := range Default().Entities() {
		switch e.Kind {
		case KindCompany:
			companies++
		case KindAgency:
			agencies++
		}
	}
	if companies < 130 || agencies < 90 {
		t.Errorf("embedded gazetteer has %d companies and %d agencies, want at least 130 and 90", companies, agencies)
	}
}

// TestEmbeddedData checks what Load does not enforce but the shipped file
// must: every entity has aliases and a description where its name is not
// self-explanatory, no alias repeats one of its own entity, and every alias
// finds its own entity when it is the whole text.
func TestEmbeddedData(t *testing.T) {
	g := Default()
	for _, e := range g.Entities() {
		t.Run(e.Name, func(t *testing.T) {
			if len(e.Aliases) == 0 {
				t.Errorf("no aliases")
			}
			seen := map[string]string{}
			for _, a := range append([]string{e.Name}, e.Aliases...) {
				k := matchKey(e, a)
				if prev, dup := seen[k]; dup {
					t.Errorf("alias %q matches the same texts as %q", a, prev)
				}
				seen[k] = a
				checkSelfMatch(t, g, e, a)
			}
			checkSelfMatch(t, g, e, e.Name)
		})
	}
}

// matchKey is what an alias matches: its tokens, exact when the alias is
// case-sensitive, and its separators, space and hyphen being one.
func matchKey(e Entity, a string) string {
	var ts tokens
	ts.scan(a)
	sensitive := len(ts.toks) == 1 || slices.Contains(e.CaseSensitive, a)
	if slices.Contains(e.CaseInsensitive, a) {
		sensitive = false
	}
	var b strings.Builder
	for i := range ts.toks {
		if i > 0 {
			b.WriteByte(gapKeyByte(ts.toks[i].gap))
		}
		if sensitive {
			b.Write(ts.exactOf(i))
		} else {
			b.Write(ts.fold(i))
		}
	}
	return b.String()
}

// checkSelfMatch finds alias a alone (after the entity's name when a is
// ambiguous, since it needs confirmation) and expects one mention of e that
// spans all of it.
func checkSelfMatch(t *testing.T, g *Gazetteer, e Entity, a string) {
	t.Helper()
	text, offset := a, 0
	if slices.Contains(e.Ambiguous, a) {
		confirm := e.Name
		for _, other := range e.Aliases {
			if !slices.Contains(e.Ambiguous, confirm) {
				break
			}
			confirm = other
		}
		text = confirm + "; " + a
		offset = len(confirm) + 2
	}
	ms := g.Find(text)
	if len(ms) == 0 {
		t.Errorf("alias %q finds nothing", a)
		return
	}
	last := ms[len(ms)-1]
	if last.Name != e.Name || last.Start != offset || last.End != len(text) {
		t.Errorf("alias %q finds %+v, want all of it as %q", a, ms, e.Name)
	}
}

func TestEmbeddedFileIsWhatDefaultLoads(t *testing.T) {
	g, err := LoadFile("gazetteer.yaml")
	if err != nil {
		t.Fatalf("gazetteer.yaml: %v", err)
	}
	if len(g.Entities()) != len(Default().Entities()) {
		t.Errorf("LoadFile and Default disagree: %d vs %d entities", len(g.Entities()), len(Default().Entities()))
	}
}

func TestMustParsePanicsOnBrokenData(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "embedded gazetteer.yaml") {
			t.Errorf("recover() = %v, want a panic naming the embedded file", r)
		}
	}()
	mustParse([]byte("entities:\n  - name: X\n    kind: nothing\n"))
}

func TestParentsAndCountries(t *testing.T) {
	g := Default()
	for _, e := range g.Entities() {
		if e.Parent != "" {
			if _, ok := g.Lookup(e.Parent); !ok {
				t.Errorf("%s: unknown parent %q", e.Name, e.Parent)
			}
		}
		if !validCountry(e.Country) {
			t.Errorf("%s: bad country %q", e.Name, e.Country)
		}
	}
}

func loadArticle(b *testing.B, name string) string {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// BenchmarkMatch measures enrichment of one article of about 350 words, the
// per-article cost of ingest (target: under 100 µs).
func BenchmarkMatch(b *testing.B) {
	g := Default()
	for _, name := range []string{"article_en.txt", "article_fr.txt"} {
		text := loadArticle(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				g.Match(text)
			}
		})
	}
}

// BenchmarkMatchParallel checks that the scratch pool scales across cores.
func BenchmarkMatchParallel(b *testing.B) {
	g := Default()
	text := loadArticle(b, "article_en.txt")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			g.Match(text)
		}
	})
}

// BenchmarkLoad measures building the embedded gazetteer (once per process).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
