package enrich

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"vigie/internal/moduledir"
)

// fixturesDir finds ../shared/fixtures next to the repository root.
func fixturesDir(t testing.TB) string {
	return moduledir.SharedFixtures(t, "articles", "dod-public")
}

type wantAmount struct {
	text  string
	value float64
}

// TestDoDArticles checks the enrichment of real U.S. government articles
// (public domain, in ../shared/fixtures). Every expectation was checked by
// reading the article: the contractors and agencies it names, and each
// money expression with its value.
func TestDoDArticles(t *testing.T) {
	dir := fixturesDir(t)
	cases := []struct {
		file      string
		companies []string
		agencies  []string
		amounts   []wantAmount
		maxUSD    float64
	}{
		{"029-army-awards-contracts-to-accelerate-javelin-and-st.txt", []string{"RTX", "Lockheed Martin"},
			[]string{"US Army", "Army Contracting Command", "US Marine Corps", "US Navy"},
			[]wantAmount{{"$624.601M", 624601000}, {"$237.892M", 237892000}, {"$71.412M", 71412000}}, 624601000},
		{"030-contract-awarded-for-production-building-removal-a.txt", []string{"North Wind Site Services"}, []string{"USACE"}, nil, 0},
		{"031-u-s-army-awards-expedited-production-contract-for.txt", []string{"Lockheed Martin"},
			[]string{"US Army", "Army Contracting Command", "PEO Missiles and Space"},
			[]wantAmount{{"$410 million", 410e6}, {"$861 million", 861e6}}, 861e6},
		{"032-pm-uas-awards-production-contract-for-long-range-r.txt", []string{"AeroVironment"}, []string{"US Army"}, nil, 0},
		{"035-multiple-river-dredging-contracts-awarded.txt", []string{"Morrish-Wallace Construction", "Ryba Marine Construction"},
			[]string{"USACE", "USACE Detroit District"},
			[]wantAmount{{"$1.3 million", 1.3e6}, {"$640,500", 640500}, {"$1.2 million", 1.2e6}}, 1.3e6},
		{"036-lrip-and-frp-contracts-awarded-for-the-integrated.txt", []string{"Northrop Grumman"},
			[]string{"US Army", "Army Futures Command", "PEO Missiles and Space"}, nil, 0},
		{"037-army-announces-contract-award-for-tow-weapon-syste.txt", []string{"RTX"},
			[]string{"US Army", "US Marine Corps", "PEO Missiles and Space", "Army Contracting Command-Redstone", "DoD"},
			[]wantAmount{{"$322.5 million", 322.5e6}, {"$400 million", 400e6}}, 400e6},
		{"038-multi-year-production-contract-award-for-the-army.txt", []string{"Sun Test Systems"},
			[]string{"US Army", "PEO Aviation", "PM AMSA", "Army Contracting Command-Redstone", "Fort Novosel Aviation Center of Excellence"},
			[]wantAmount{{"$230M", 230e6}, {"$1B", 1e9}}, 1e9},
		{"039-u-s-army-advances-accelerated-pac-3-mse-production.txt", []string{"Lockheed Martin"}, []string{"US Army"},
			[]wantAmount{{"$4.7 billion", 4.7e9}}, 4.7e9},
		{"040-army-accelerates-advances-manufacturing-with-contr.txt", []string{"Hadrian"},
			[]string{"US Army", "Army Materiel Command", "Army Contracting Command"},
			[]wantAmount{{"$39.2 million", 39.2e6}, {"$80 million", 80e6}}, 80e6},
		{"041-navfac-northwest-awards-54-2-million-contract-for.txt", []string{"Garco Construction"}, []string{"NAVFAC Northwest", "NAVFAC", "DoD", "US Navy"},
			// The title's "$54.2 Million" and the body's "$54.2 million" are one amount.
			[]wantAmount{{"$54.2 Million", 54.2e6}, {"$54,294,000", 54294000}}, 54294000},
		{"042-u-s-army-awards-9-8-billion-contract-enhancing-rea.txt", []string{"Lockheed Martin"},
			[]string{"US Army", "PEO Missiles and Space", "Army Contracting Command", "DoD"},
			[]wantAmount{{"$9.8 billion", 9.8e9}}, 9.8e9},
		{"018-space-development-agency-nd-congressional-leaders.txt", []string{"General Dynamics", "RTX"},
			[]string{"SDA", "US Air Force", "DoD"}, []wantAmount{{"$325 million", 325e6}}, 325e6},
		{"904-general-dynamics-q3-2025-results.txt", []string{"General Dynamics"}, nil,
			[]wantAmount{{"$1.3 billion", 1.3e9}, {"$12.9 billion", 12.9e9}, {"$19.3 billion", 19.3e9},
				{"$167.7 billion", 167.7e9}, {"$109.9 billion", 109.9e9}}, 167.7e9},
		{"905-l3harris-q1-2026-results.txt", []string{"L3Harris"}, nil,
			// Per-share figures ($2.72, $11.40, $11.60 of earnings per share) are not amounts.
			[]wantAmount{{"$7.8 billion", 7.8e9}, {"$40.7 billion", 40.7e9}, {"$5.7 billion", 5.7e9}}, 40.7e9},
		{"906-transdigm-acquires-simmonds.txt", []string{"TransDigm", "RTX", "Simmonds Precision Products", "Goodrich"}, nil,
			[]wantAmount{{"$765 million", 765e6}, {"$350 million", 350e6}}, 765e6},
	}
	e := New(nil, nil)
	for _, c := range cases {
		t.Run(c.file[:3], func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			got := e.Enrich("", string(text), "")
			if got.Lang != "en" {
				t.Errorf("lang = %q, want en", got.Lang)
			}
			if !sameSet(got.Companies, c.companies) {
				t.Errorf("companies = %q, want %q", got.Companies, c.companies)
			}
			for _, a := range c.agencies {
				if !slices.Contains(got.Agencies, a) {
					t.Errorf("agencies = %q, missing %q", got.Agencies, a)
				}
			}
			if len(got.Amounts) != len(c.amounts) {
				t.Fatalf("amounts = %+v, want %d: %+v", got.Amounts, len(c.amounts), c.amounts)
			}
			for i, w := range c.amounts {
				if got.Amounts[i].Text != w.text || got.Amounts[i].Value != w.value || got.Amounts[i].Currency != "USD" {
					t.Errorf("amount %d = %+v, want %q = %v USD", i, got.Amounts[i], w.text, w.value)
				}
			}
			if got.AmountUSD != c.maxUSD {
				t.Errorf("amount_usd = %v, want %v", got.AmountUSD, c.maxUSD)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			return false
		}
	}
	return true
}

// TestBilingualSameStory checks that the same news in French and English
// is recognised alike: the facets must group both versions.
func TestBilingualSameStory(t *testing.T) {
	e := New(nil, nil)
	fr := e.Enrich("OpenAI signe un contrat de 200 millions de dollars avec le Pentagone",
		"Le Département de la Défense a attribué à OpenAI un contrat de 200 millions de dollars, "+
			"piloté par le CDAO, pour des prototypes d'intelligence artificielle.", "en")
	en := e.Enrich("OpenAI wins $200M Pentagon contract",
		"The Department of Defense awarded OpenAI a $200 million contract, run by the CDAO, "+
			"to prototype frontier artificial intelligence capabilities.", "fr")
	if fr.Lang != "fr" || en.Lang != "en" {
		t.Fatalf("langs: fr text -> %q, en text -> %q (the feed hint must not win)", fr.Lang, en.Lang)
	}
	for _, x := range []struct {
		name string
		got  []string
	}{{"fr companies", fr.Companies}, {"en companies", en.Companies}} {
		if !sameSet(x.got, []string{"OpenAI"}) {
			t.Errorf("%s = %q", x.name, x.got)
		}
	}
	for _, got := range [][]string{fr.Agencies, en.Agencies} {
		if !sameSet(got, []string{"DoD", "CDAO"}) {
			t.Errorf("agencies = %q, want DoD and CDAO", got)
		}
	}
	if fr.AmountUSD != 200e6 || en.AmountUSD != 200e6 {
		t.Errorf("amount_usd fr=%v en=%v, want 2e8", fr.AmountUSD, en.AmountUSD)
	}
}

func BenchmarkEnrich(b *testing.B) {
	dir := fixturesDir(b)
	text, err := os.ReadFile(filepath.Join(dir, "042-u-s-army-awards-9-8-billion-contract-enhancing-rea.txt"))
	if err != nil {
		b.Fatal(err)
	}
	e := New(nil, nil)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		e.Enrich("", string(text), "en")
	}
}
