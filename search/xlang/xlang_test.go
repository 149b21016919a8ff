package xlang_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"

	"vigie/indexer/index"
	"vigie/search/xlang"
)

// analyzers returns the search index's French and English analyzers, the
// ones the lexicon is keyed with in production.
func analyzers(t testing.TB) (fr, en analysis.Analyzer) {
	t.Helper()
	m, err := index.NewMapping()
	if err != nil {
		t.Fatalf("NewMapping: %v", err)
	}
	fr, en = m.AnalyzerNamed(index.AnalyzerFR), m.AnalyzerNamed(index.AnalyzerEN)
	if fr == nil || en == nil {
		t.Fatalf("analyzers %q / %q not in the mapping", index.AnalyzerFR, index.AnalyzerEN)
	}
	return fr, en
}

func defaultLexicon(t testing.TB) (*xlang.Lexicon, analysis.Analyzer, analysis.Analyzer) {
	t.Helper()
	fr, en := analyzers(t)
	l, err := xlang.Default(fr, en)
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return l, fr, en
}

// maxSpanWords mirrors search.maxSpanWords: a query run longer than this is
// never looked up, so an entry longer on both sides could never be met.
const maxSpanWords = 6

func TestEmbeddedLexicon(t *testing.T) {
	ps, err := xlang.Pairs()
	if err != nil {
		t.Fatalf("embedded lexicon: %v", err)
	}
	if len(ps) < 1500 {
		t.Errorf("lexicon has %d pairs, want at least 1500", len(ps))
	}
	domains := map[string]int{}
	for _, p := range ps {
		domains[p.Domain]++
	}
	if len(domains) < 10 {
		t.Errorf("lexicon has %d domains (%v), want at least 10", len(domains), domains)
	}
	for _, d := range []string{"contracts", "naval", "ai & computing", "countries"} {
		if domains[d] == 0 {
			t.Errorf("domain %q is missing or empty", d)
		}
	}

	fr, en := analyzers(t)
	l := xlang.New(ps, fr, en)
	type keys struct{ fr, en string }
	byKeys := map[keys]xlang.Pair{}
	for _, p := range ps {
		fk, ek := xlang.Key(fr, p.FR), xlang.Key(en, p.EN)
		if fk == "" {
			t.Errorf("line %d: French %q analyses to nothing (only stop words?)", p.Line, p.FR)
		}
		if ek == "" {
			t.Errorf("line %d: English %q analyses to nothing (only stop words?)", p.Line, p.EN)
		}
		if fk == "" || ek == "" {
			continue
		}
		if len(strings.Fields(p.FR)) > maxSpanWords && len(strings.Fields(p.EN)) > maxSpanWords {
			t.Errorf("line %d: %s / %s: both sides longer than %d words, no query can meet it", p.Line, p.FR, p.EN, maxSpanWords)
		}
		// Two lines the analyzers read alike add the same clause twice.
		if q, dup := byKeys[keys{fk, ek}]; dup {
			t.Errorf("line %d: %s / %s is line %d (%s / %s) once analysed; keep one", p.Line, p.FR, p.EN, q.Line, q.FR, q.EN)
		}
		byKeys[keys{fk, ek}] = p
		// A pair must add something in one direction at least; one that the
		// analyzers already read as the same word is as useless as an
		// identical pair.
		if !has(l.Translate(p.FR), "en", p.EN) && !has(l.Translate(p.EN), "fr", p.FR) {
			t.Errorf("line %d: %s / %s adds no translation: each side analyses as the other already", p.Line, p.FR, p.EN)
		}
		// The query's own form never comes back as its translation.
		for _, side := range []string{p.FR, p.EN} {
			for _, tr := range l.Translate(side) {
				a := map[string]analysis.Analyzer{"fr": fr, "en": en}[tr.Lang]
				if a == nil {
					t.Fatalf("Translate(%q): translation %q has language %q", side, tr.Text, tr.Lang)
				}
				if xlang.Key(a, tr.Text) == xlang.Key(a, side) {
					t.Errorf("Translate(%q) returns %q (%s), which is the query itself", side, tr.Text, tr.Lang)
				}
			}
		}
	}
	if n := l.Len(); n < len(ps)/2 {
		t.Errorf("Len() = %d for %d pairs", n, len(ps))
	}
	if l.MaxWords() < 2 || l.MaxWords() > 2*maxSpanWords {
		t.Errorf("MaxWords() = %d", l.MaxWords())
	}
	logCollisions(t, ps, fr, en)
}

// logCollisions reports different entries of one language that its analyzer
// reads as the same term ("armée" and "arme"): a query for one also gets the
// other's translations. Most are inflections of one word; run with -v to
// review them after editing the lexicon.
func logCollisions(t *testing.T, ps []xlang.Pair, fr, en analysis.Analyzer) {
	for _, side := range []struct {
		name   string
		a      analysis.Analyzer
		of, to func(xlang.Pair) string
	}{
		{"French", fr, func(p xlang.Pair) string { return p.FR }, func(p xlang.Pair) string { return p.EN }},
		{"English", en, func(p xlang.Pair) string { return p.EN }, func(p xlang.Pair) string { return p.FR }},
	} {
		texts, trans := map[string]map[string]bool{}, map[string]map[string]bool{}
		for _, p := range ps {
			k := xlang.Key(side.a, side.of(p))
			if texts[k] == nil {
				texts[k], trans[k] = map[string]bool{}, map[string]bool{}
			}
			texts[k][strings.ToLower(side.of(p))] = true
			trans[k][side.to(p)] = true
		}
		n := 0
		for _, k := range sortedKeys(texts) {
			if len(texts[k]) > 1 {
				n++
				t.Logf("%s key %q: %s -> %s", side.name, k, strings.Join(sortedKeys(texts[k]), " / "), strings.Join(sortedKeys(trans[k]), " / "))
			}
		}
		t.Logf("%d %s keys shared by several entries", n, side.name)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func has(trs []xlang.Translation, lang, text string) bool {
	for _, tr := range trs {
		if tr.Lang == lang && strings.EqualFold(tr.Text, text) {
			return true
		}
	}
	return false
}

func TestTranslate(t *testing.T) {
	l, _, _ := defaultLexicon(t)
	tests := []struct {
		query string
		lang  string   // language of the wanted translations
		want  []string // each must be among them
	}{
		{"contrats", "en", []string{"contract", "deal"}},
		{"Contrat", "en", []string{"contract"}},
		{"contract", "fr", []string{"contrat", "marché"}},
		{"contracts", "fr", []string{"contrat"}},
		{"marché public", "en", []string{"public contract"}},
		{"appel d'offres", "en", []string{"tender", "call for tenders"}},
		{"appel d’offres", "en", []string{"tender"}}, // typographic apostrophe
		{"Appel d'Offres", "en", []string{"tender"}},
		{"tenders", "fr", []string{"appel d'offres"}},
		{"attribué", "en", []string{"award"}},
		{"attribue", "en", []string{"award"}},
		{"awarded", "fr", []string{"attribuer", "attribution"}},
		{"remporte", "en", []string{"win", "won"}},
		{"won", "fr", []string{"remporter"}},
		{"commandes", "en", []string{"order"}},
		{"lève", "en", []string{"raises"}},
		{"raised", "fr", []string{"lève"}},
		{"levée de fonds", "en", []string{"funding round", "fundraising"}},
		{"funding round", "fr", []string{"levée de fonds"}},
		{"essaims", "en", []string{"swarm"}},
		{"frappes", "en", []string{"strike"}},
		{"strikes", "fr", []string{"frappe"}},
		{"armée de Terre", "en", []string{"Army"}},
		{"ministère des Armées", "en", []string{"Ministry of the Armed Forces"}},
		{"chasseurs de mines", "en", []string{"minehunter"}},
		{"sous-marins", "en", []string{"submarine"}},
		{"porte-avion", "en", []string{"aircraft carrier"}},
		{"intelligence artificielle", "en", []string{"artificial intelligence", "AI"}},
		{"AI", "fr", []string{"IA", "intelligence artificielle"}},
		{"grands modèles de langage", "en", []string{"large language model", "LLM"}},
		{"loitering munitions", "fr", []string{"munition rôdeuse", "drone rôdeur"}},
		{"Allemagne", "en", []string{"Germany"}},
		{"Germany", "fr", []string{"Allemagne"}},
		{"allemandes", "en", []string{"German"}},
		{"États-Unis", "en", []string{"United States"}},
		{"Etats-Unis", "en", []string{"United States"}}, // accents folded
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := l.Translate(tt.query)
			for _, w := range tt.want {
				if !has(got, tt.lang, w) {
					t.Errorf("Translate(%q) = %v, want %q (%s) among them", tt.query, got, w, tt.lang)
				}
			}
		})
	}
}

func TestTranslateNothing(t *testing.T) {
	l, _, _ := defaultLexicon(t)
	for _, q := range []string{
		"xyzzy", "drone contract", "", "   ",
		// Common words must not pull in a flood of results.
		"an", "year", "plus", "more", "pour", "for", "le", "the", "de", "of",
	} {
		if got := l.Translate(q); len(got) != 0 {
			t.Errorf("Translate(%q) = %v, want nothing", q, got)
		}
	}
}

func TestTranslateDirection(t *testing.T) {
	l, fr, en := defaultLexicon(t)
	for _, tr := range l.Translate("contrat") {
		if tr.Lang != "en" {
			t.Errorf("Translate(contrat) returns %q in %q, want English only", tr.Text, tr.Lang)
		}
	}
	for _, tr := range l.Translate("contract") {
		if tr.Lang != "fr" {
			t.Errorf("Translate(contract) returns %q in %q, want French only", tr.Text, tr.Lang)
		}
		if xlang.Key(fr, tr.Text) == xlang.Key(fr, "contract") {
			t.Errorf("Translate(contract) returns its own form %q", tr.Text)
		}
	}

	// A translation that its language's analyzer reads as the query is
	// already searched, so it is not returned.
	same := xlang.New([]xlang.Pair{{FR: "défense", EN: "defense", Domain: "t", Line: 1}}, fr, en)
	for _, q := range []string{"défense", "Defense", "defenses"} {
		if got := same.Translate(q); len(got) != 0 {
			t.Errorf("Translate(%q) with défense/defense = %v, want nothing", q, got)
		}
	}
	diff := xlang.New([]xlang.Pair{{FR: "défense", EN: "defence", Domain: "t", Line: 1}}, fr, en)
	if got := diff.Translate("défenses"); len(got) != 1 || got[0] != (xlang.Translation{Text: "defence", Lang: "en"}) {
		t.Errorf("Translate(défenses) with défense/defence = %v, want [{defence en}]", got)
	}
	if got := diff.Translate("defences"); len(got) != 1 || got[0] != (xlang.Translation{Text: "défense", Lang: "fr"}) {
		t.Errorf("Translate(defences) with défense/defence = %v, want [{défense fr}]", got)
	}
	// A side that is only stop words is left out.
	stop := xlang.New([]xlang.Pair{{FR: "pour", EN: "for", Domain: "t", Line: 1}}, fr, en)
	if stop.Len() != 0 {
		t.Errorf("Len() with a stop-word pair = %d, want 0", stop.Len())
	}
}

func TestPairsIsACopy(t *testing.T) {
	a, err := xlang.Pairs()
	if err != nil {
		t.Fatal(err)
	}
	first := a[0]
	a[0].FR = "changed"
	b, _ := xlang.Pairs()
	if b[0] != first {
		t.Errorf("Pairs()[0] = %+v after the caller changed its copy, want %+v", b[0], first)
	}
}

func TestParse(t *testing.T) {
	in := "# Vigie lexicon\n" +
		"\n" +
		"# == contracts ==\n" +
		"contrat\tcontract\n" +
		"  # an indented comment\n" +
		"appel d'offres\ttender \r\n" +
		"# == ai ==\n" +
		"IA\tAI\n" +
		"robot\trobot\tsame\n"
	ps, err := xlang.Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []xlang.Pair{
		{FR: "contrat", EN: "contract", Domain: "contracts", Line: 4},
		{FR: "appel d'offres", EN: "tender", Domain: "contracts", Line: 6},
		{FR: "IA", EN: "AI", Domain: "ai", Line: 8},
		{FR: "robot", EN: "robot", Domain: "ai", Line: 9, Same: true},
	}
	if fmt.Sprint(ps) != fmt.Sprint(want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", ps, want)
	}
	if ps, err := xlang.Parse(nil); err != nil || len(ps) != 0 {
		t.Errorf("Parse(nil) = %v, %v; want no pairs, no error", ps, err)
	}
}

func TestParseErrors(t *testing.T) {
	const head = "# == d ==\n"
	tests := []struct {
		name, in string
		line     int
		mention  string
	}{
		{"missing tab", head + "contrat contract\n", 2, "columns"},
		{"empty French", head + "\tcontract\n", 2, "empty side"},
		{"empty English", head + "a\tb\ncontrat\t  \n", 3, "empty side"},
		{"four columns", head + "contrat\tcontract\tsame\tx\n", 2, "4 columns"},
		{"unknown flag", head + "contrat\tcontract\tsome\n", 2, "unknown flag"},
		{"duplicate pair", head + "contrat\tcontract\nmarché\tcontract\nContrat\tContract\n", 4, "already on line 2"},
		{"identical sides", head + "missile\tMissile\n", 2, "same in both languages"},
		{"before any domain", "# a comment\ncontrat\tcontract\n# == d ==\n", 2, "before the first domain"},
		{"header without name", "# ====\ncontrat\tcontract\n", 2, "before the first domain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := xlang.Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.in, ps)
			}
			if ps != nil {
				t.Errorf("Parse(%q) returned pairs %v with its error", tt.in, ps)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("line %d:", tt.line)) {
				t.Errorf("Parse(%q) error %q does not name line %d", tt.in, err, tt.line)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("Parse(%q) error %q does not mention %q", tt.in, err, tt.mention)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("# == d ==\ncontrat\tcontract\n"))
	f.Add([]byte("# == d ==\nrobot\trobot\tsame\r\n\n# c\nIA\tAI\n"))
	f.Add([]byte("contrat\tcontract\n"))
	f.Add([]byte("# == d ==\n\t\t\n"))
	f.Add([]byte("#==x==\na\tb\tsame\na\tb\n"))
	f.Add([]byte("# == d ==\n \t \n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := xlang.Parse(data)
		if err != nil {
			if ps != nil {
				t.Fatalf("pairs %v returned with error %v", ps, err)
			}
			return
		}
		last := 0
		seen := map[[2]string]bool{}
		for _, p := range ps {
			if p.FR == "" || p.EN == "" {
				t.Fatalf("pair with an empty side: %+v", p)
			}
			if strings.TrimSpace(p.FR) != p.FR || strings.TrimSpace(p.EN) != p.EN || strings.Contains(p.FR+p.EN, "\t") {
				t.Fatalf("pair not trimmed to one column per side: %+v", p)
			}
			if p.Domain == "" {
				t.Fatalf("pair without a domain: %+v", p)
			}
			if p.Line <= last {
				t.Fatalf("line numbers not increasing: %+v after line %d", p, last)
			}
			last = p.Line
			if strings.EqualFold(p.FR, p.EN) && !p.Same {
				t.Fatalf("identical pair accepted without the same flag: %+v", p)
			}
			k := [2]string{strings.ToLower(p.FR), strings.ToLower(p.EN)}
			if seen[k] {
				t.Fatalf("duplicate pair accepted: %+v", p)
			}
			seen[k] = true
		}
	})
}
