package gen

import (
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"vigie/indexer/enrich"
	"vigie/indexer/normalize"
)

func newGen(t testing.TB, seed uint64) *Generator {
	t.Helper()
	g, err := New(Config{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestDeterministic(t *testing.T) {
	a, b := newGen(t, 42), newGen(t, 42)
	idx := []int{0, 1, 2, 17, 999, 123456}
	// b generates in reverse order: an article depends on nothing but the
	// seed and its index.
	for k := len(idx) - 1; k >= 0; k-- {
		b.Article(idx[k])
	}
	for _, i := range idx {
		if x, y := a.Article(i), b.Article(i); !reflect.DeepEqual(x, y) {
			t.Errorf("article %d differs between two generators with the same seed:\n%+v\n%+v", i, x.Item.Title, y.Item.Title)
		}
	}
	other := newGen(t, 43)
	same := 0
	for _, i := range idx {
		if other.Article(i).Item.Content == a.Article(i).Item.Content {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d of %d articles identical under another seed", same, len(idx))
	}
}

func TestRevision(t *testing.T) {
	g := newGen(t, 1)
	for _, i := range []int{0, 5, 77} {
		a, r := g.Article(i), g.Revision(i, 1)
		if r.Item.Link != a.Item.Link || r.Item.GUID != a.Item.GUID || !r.Item.Published.Equal(a.Item.Published) ||
			r.Source != a.Source || r.Lang != a.Lang {
			t.Errorf("revision of %d changed identity: %s %s -> %s %s", i, a.Item.Link, a.Item.Published, r.Item.Link, r.Item.Published)
		}
		if r.Item.Content == a.Item.Content {
			t.Errorf("revision of %d has the same text", i)
		}
		if !r.Item.Updated.After(r.Item.Published) {
			t.Errorf("revision of %d: updated %s not after published %s", i, r.Item.Updated, r.Item.Published)
		}
	}
}

// wordRE finds a marker as a whole word.
func wordRE(w string) *regexp.Regexp { return regexp.MustCompile(`(?i)(^|[^\pL])` + w + `($|[^\pL])`) }

func TestShares(t *testing.T) {
	n := 12000
	if testing.Short() || raceEnabled {
		n = 4000
	}
	g := newGen(t, 7)
	count := map[string]int{}
	medium, rare, phrase := wordRE(MediumWord), wordRE(RareWord), wordRE(Phrase)
	common := regexp.MustCompile(`(?i)(^|[^\pL])(defense|défense)($|[^\pL])`)
	words := 0
	for i := range n {
		a := g.Article(i)
		text := a.Item.Title + " " + a.Item.Content
		for _, m := range []struct {
			name string
			on   bool
			re   *regexp.Regexp
		}{{"medium", a.Medium, medium}, {"rare", a.Rare, rare}, {"phrase", a.Phrase, phrase}} {
			if m.on != m.re.MatchString(text) {
				t.Fatalf("article %d: %s marker %v but text match %v", i, m.name, m.on, !m.on)
			}
		}
		if a.Common && !common.MatchString(text) {
			t.Fatalf("article %d: common word missing", i)
		}
		if a.Phrase && a.Lang != "en" {
			t.Fatalf("article %d: phrase in a %s article", i, a.Lang)
		}
		count["en"] += b2i(a.Lang == "en")
		count["medium"] += b2i(a.Medium)
		count["rare"] += b2i(a.Rare)
		count["common"] += b2i(a.Common)
		count["phrase"] += b2i(a.Phrase)
		count["amount"] += b2i(len(a.Amounts) > 0)
		words += len(strings.Fields(normalize.Text(a.Item.Content)))
	}
	for _, c := range []struct {
		name      string
		want, tol float64
	}{
		{"en", EnglishShare, 0.02},
		{"medium", MediumShare, 0.015},
		{"rare", RareShare, 0.004},
		{"common", CommonShare, 0.02},
		{"phrase", PhraseShare, 0.008},
		{"amount", AmountShare, 0.02},
	} {
		got := float64(count[c.name]) / float64(n)
		if math.Abs(got-c.want) > c.tol {
			t.Errorf("%s share = %.4f, want %.3f ± %.3f", c.name, got, c.want, c.tol)
		}
	}
	if mean := float64(words) / float64(n); mean < 320 || mean > 400 {
		t.Errorf("mean article length = %.0f words, want about 350", mean)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestEnrichmentAgrees runs the real enrichment on generated articles: it
// must see the language, the amounts and the entities the generator wrote,
// or the corpus would not exercise facets as intended.
func TestEnrichmentAgrees(t *testing.T) {
	g := newGen(t, 3)
	en := enrich.New(nil, nil)
	srcs := g.Sources()
	n := 1500
	var langOK, amountOK, entities, entityOK int
	for i := range n {
		a := g.Article(i)
		e := en.Enrich(normalize.Title(a.Item.Title), normalize.Text(a.Item.Content), srcs[a.Source].Lang)
		langOK += b2i(e.Lang == a.Lang)
		amountOK += b2i((e.AmountUSD > 0) == (len(a.Amounts) > 0))
		for _, name := range a.Entities {
			entities++
			entityOK += b2i(slices.Contains(e.Companies, name) || slices.Contains(e.Agencies, name))
		}
	}
	check := func(what string, ok, total int, min float64) {
		r := float64(ok) / float64(total)
		if r < min {
			t.Errorf("%s agree on %.3f of %d, want >= %.2f", what, r, total, min)
		}
		t.Logf("%s agree on %.3f of %d", what, r, total)
	}
	check("languages", langOK, n, 0.99)
	check("amounts", amountOK, n, 0.97)
	check("entities", entityOK, entities, 0.93)
}

func TestVocabulary(t *testing.T) {
	g := newGen(t, 1)
	for code, l := range g.langs {
		seen := map[string]bool{}
		for _, w := range l.content {
			if isReserved(w) {
				t.Errorf("%s: reserved word %q in the vocabulary", code, w)
			}
			if seen[w] {
				t.Errorf("%s: %q twice", code, w)
			}
			seen[w] = true
		}
		if l.vocab < 2500 || len(l.content) < l.vocab+tailWords {
			t.Errorf("%s: %d hand-written words, %d in all", code, l.vocab, len(l.content))
		}
		if len(l.companies) < 100 || len(l.agencies) < 80 {
			t.Errorf("%s: %d companies and %d agencies usable", code, len(l.companies), len(l.agencies))
		}
		if l.companies[0].name != headCompanies[0] || l.agencies[0].name != headAgencies[0] {
			t.Errorf("%s: head entities %s, %s", code, l.companies[0].name, l.agencies[0].name)
		}
	}
}

func TestAliasLang(t *testing.T) {
	for _, c := range []struct{ alias, want string }{
		{"ministère des Armées", "fr"},
		{"Agence de l'innovation de défense", "fr"},
		{"Department of Defense", "en"},
		{"Defense Innovation Unit", "en"},
		{"Palantir", ""},
		{"DARPA", ""},
		{"Direction générale de l'armement", "fr"},
	} {
		t.Run(c.alias, func(t *testing.T) {
			if got := aliasLang(c.alias); got != c.want {
				t.Errorf("aliasLang(%q) = %q, want %q", c.alias, got, c.want)
			}
		})
	}
}

func TestSources(t *testing.T) {
	g := newGen(t, 1)
	srcs := g.Sources()
	if len(srcs) != 44 {
		t.Fatalf("%d sources, want 44", len(srcs))
	}
	names, urls, langs := map[string]bool{}, map[string]bool{}, map[string]int{}
	for _, s := range srcs {
		names[s.Name], urls[s.URL] = true, true
		langs[s.Lang]++
	}
	if len(names) != len(srcs) || len(urls) != len(srcs) {
		t.Errorf("names or URLs repeat: %d names, %d URLs", len(names), len(urls))
	}
	if langs["en"] != 24 || langs["fr"] != 20 {
		t.Errorf("languages of sources: %v", langs)
	}
	big, err := New(Config{Sources: 60})
	if err != nil || len(big.Sources()) != 60 {
		t.Errorf("60 sources: %v, %d", err, len(big.Sources()))
	}
	if _, err := New(Config{Sources: 39}); err == nil {
		t.Error("39 sources accepted")
	}
}

func TestFeeds(t *testing.T) {
	g := newGen(t, 1)
	arts := g.Range(0, 1000)
	feeds := g.Feeds(arts)
	items := 0
	for _, f := range feeds {
		items += len(f.Parsed.Items)
		if f.Parsed.Language != f.Source.Lang {
			t.Errorf("%s: feed language %q, source %q", f.Source.Name, f.Parsed.Language, f.Source.Lang)
		}
	}
	if items != 1000 || len(feeds) < 40 {
		t.Errorf("%d items in %d feeds", items, len(feeds))
	}
	links := map[string]bool{}
	for _, a := range arts {
		if links[a.Item.Link] {
			t.Fatalf("link %s twice", a.Item.Link)
		}
		links[a.Item.Link] = true
		if a.Item.Published.Before(g.cfg.From) || a.Item.Published.After(g.FetchedAt()) {
			t.Errorf("article %d published %s, outside the range", a.Index, a.Item.Published)
		}
	}
}

func TestNumberFormats(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{decimal(1.5, ","), "1,5"},
		{decimal(12, "."), "12"},
		{decimal(2.254, "."), "2.25"},
		{grouped(480000, " "), "480 000"},
		{grouped(54294000, ","), "54,294,000"},
		{grouped(999, ","), "999"},
		{slug("L'armée signe: 1,5 milliard d'euros pour l'IA"), "l-armee-signe-1-5-milliard"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	for _, c := range []struct {
		v    float64
		d    int
		want float64
	}{{123456, 2, 120000}, {987654321, 3, 988000000}, {1049, 2, 1000}} {
		if got := roundSig(c.v, c.d); got != c.want {
			t.Errorf("roundSig(%v, %d) = %v, want %v", c.v, c.d, got, c.want)
		}
	}
}

func BenchmarkArticle(b *testing.B) {
	g := newGen(b, 1)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.Article(i)
		i++
	}
}
