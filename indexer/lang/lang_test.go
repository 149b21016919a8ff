package lang

import (
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vigie/internal/moduledir"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, text, hint, want string
	}{
		// English headlines.
		{"en headline", "Pentagon awards $200 million AI contract to OpenAI", "", EN},
		{"en headline in fr feed", "OpenAI wins the Pentagon contract for AI agents", "fr", EN},
		{"en headline two words in fr feed", "Anduril unveils the Fury drone for the Air Force", "fr-FR", EN},
		{"en title case", "Army Awards Contract To Lockheed Martin For Javelin Production", "", EN},
		{"en title case fr feed", "Navy Selects Anduril And Shield AI For The Collaborative Combat Aircraft Program", "fr", EN},
		{"en all caps", "PENTAGON TAPS ANDURIL FOR THE NEXT GENERATION OF DRONES", "", EN},
		{"en acronyms that are french words", "The UN and the US asked AI labs to share their models with CE-certified auditors at DE&S.", "fr", EN},
		{"fr acronyms that are english words", "L'OTAN et l'ONU veulent encadrer l'IA militaire, a déclaré le chef de l'AT&T Defense IT.", "en", FR},
		{"en contractions", "It's the Pentagon's biggest bet on AI, and it won't be the last", "", EN},
		{"en typographic apostrophes", "The Army’s new drone won’t fly until the Pentagon’s review is done", "fr", EN},
		{"en question", "Why is the DoD spending so much on AI?", "", EN},
		{"en paragraph", "The Department of Defense said on Tuesday that it had awarded contracts worth up to $200 million each to Anthropic, Google, OpenAI and xAI to develop agentic AI workflows across a range of mission areas.", "", EN},
		{"en paragraph fr hint", "Defense Secretary Pete Hegseth told lawmakers that the department would accelerate the adoption of artificial intelligence, arguing that the United States could not afford to fall behind China.", "fr", EN},
		{"en with french names", "French defense group Thales said it would work with Mistral AI and the Direction générale de l'armement on a sovereign model for the Ministère des Armées.", "", EN},
		{"en quoting french", "\"Nous sommes prêts\", the French minister said, adding that Paris would double its spending on military AI by 2030.", "fr", EN},
		{"en proper-noun heavy", "Lockheed Martin, Northrop Grumman, RTX and General Dynamics reported third-quarter results on Tuesday, with L3Harris and Boeing following later in the week.", "", EN},
		{"en british spelling", "The Ministry of Defence has signed a £1bn deal with Palantir to modernise the armed forces' data platforms.", "", EN},
		{"en short", "Inside the Pentagon's war room", "", EN},
		{"one english word", "Inside the war room", "", EN},
		{"one english word fr hint", "Inside the war room", "fr", FR},
		{"en de gaulle", "The carrier Charles De Gaulle sailed from Toulon with the frigate Aquitaine and the tanker Jacques Chevallier.", "", EN},

		// French headlines and paragraphs.
		{"fr headline", "L'armée de Terre commande 300 drones à Parrot", "", FR},
		{"fr headline in en feed", "Thales et Airbus s'allient dans le spatial militaire", "en", FR},
		{"fr typographic apostrophes", "L’État s’engage à financer l’IA de défense jusqu’en 2030", "", FR},
		{"fr elisions only", "Qu'est-ce que l'IA militaire ?", "", FR},
		{"fr short avec", "Palantir signe avec l'OTAN", "", FR},
		{"fr all caps", "L'ARMÉE FRANÇAISE ACHÈTE DES DRONES À LA START-UP", "", FR},
		{"fr english names", "Le Department of Defense a signé avec OpenAI un contrat de 200 millions de dollars pour développer des prototypes d'Artificial Intelligence.", "", FR},
		{"fr english names en hint", "Le Département de la Défense américain, désormais appelé Department of War, confie à Anthropic et à Google DeepMind le développement de modèles pour le Chief Digital and Artificial Intelligence Office.", "en", FR},
		{"fr quoting english", "« We are proud to support the warfighter », a déclaré le PDG d'Anduril, qui livrera ses premiers drones à l'armée américaine dès l'an prochain.", "en", FR},
		{"fr paragraph", "Le ministère des Armées a annoncé mercredi la création d'une agence dédiée à l'intelligence artificielle de défense, dotée d'un budget de 300 millions d'euros par an.", "", FR},
		{"fr paragraph en hint", "Selon nos informations, la Direction générale de l'armement a notifié un contrat à Safran pour la modernisation des systèmes de navigation des Rafale.", "en-US", FR},
		{"fr machine learning jargon", "Les start-up du machine learning et du deep learning se disputent les contrats du Pentagone et de la DGA.", "en", FR},
		{"fr the economist", "Selon le magazine The Economist, la Chine a dépassé les États-Unis dans le domaine des essaims de drones.", "", FR},
		{"fr no function words but accents", "Armée, défense, sécurité : priorités budgétaires", "", FR},
		{"fr le monde style", "Guerre en Ukraine : Kiev affirme avoir abattu des drones russes près de la frontière", "en", FR},
		{"fr question", "Pourquoi l'OTAN mise sur l'intelligence artificielle", "", FR},
		{"fr quebec hint", "Le gouvernement du Canada octroie un contrat à CAE pour la formation des pilotes", "fr-CA", FR},

		// Too little evidence: the hint decides, else undetermined.
		{"name only no hint", "Anduril", "", Und},
		{"name only en hint", "Anduril", "en", EN},
		{"name only fr hint", "Palantir Technologies", "fr", FR},
		{"numbers only", "2025 — 200 M$ — 9,8 Md€", "", Und},
		{"numbers fr hint", "2025 — 200 M$ — 9,8 Md€", "fr_FR", FR},
		{"empty", "", "", Und},
		{"empty en hint", "", "EN-GB", EN},
		{"one french word en hint", "Homophobie : un constat alarmant", "en", EN},
		{"acronyms", "DGA, CDAO, DIU, DARPA", "", Und},
		{"unknown hint", "Anduril", "de", Und},
		{"punctuation only", "… — « » !!! ???", "", Und},

		// Neither French nor English, whatever the hint.
		{"german", "Die Bundeswehr hat mit dem Rüstungskonzern Rheinmetall einen Vertrag über die Lieferung von Drohnen unterzeichnet.", "", Und},
		{"german fr hint", "Die Bundeswehr hat mit dem Rüstungskonzern Rheinmetall einen Vertrag über die Lieferung von Drohnen unterzeichnet.", "fr", Und},
		{"spanish", "El Ministerio de Defensa ha firmado un contrato con la empresa Indra para el desarrollo de sistemas de inteligencia artificial.", "", Und},
		{"spanish fr hint", "El Ministerio de Defensa ha firmado un contrato con la empresa Indra para el desarrollo de sistemas de inteligencia artificial.", "fr", Und},
		{"portuguese", "O Ministério da Defesa assinou um contrato com a Embraer para o desenvolvimento de drones.", "", Und},

		// URLs and e-mail addresses are not prose.
		{"domains are not words", "golem.de/news lemonde.fr de.wikipedia.org the.verge", "", Und},
		{"fr with urls", "Plus d'infos sur www.lemonde.fr/international et golem.de, écrivez à contact@opex360.fr", "en", FR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DetectDetail(tt.text, tt.hint)
			if got.Lang != tt.want {
				t.Errorf("Detect(%q, %q) = %+v, want %s", tt.text, tt.hint, got, tt.want)
			}
		})
	}
}

func TestDetectDetailScores(t *testing.T) {
	tests := []struct {
		text, hint string
		want       Result
	}{
		// l' (1) + armée (0.5) + et (1) + la (1); "marine" has no cue.
		{"l'armée et la marine", "", Result{Lang: FR, Confidence: 3.5 / 5.5, FR: 3.5, EN: 0}},
		// the (1) + of (1) + and (1); "army" (0.5).
		{"the army of the north and", "", Result{Lang: EN, Confidence: 4.75 / 6.75, FR: 0, EN: 4.75}},
		// Nothing telling: the hint answers with zero confidence.
		{"Anduril", "fr", Result{Lang: FR}},
		{"Anduril", "", Result{Lang: Und}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := DetectDetail(tt.text, tt.hint)
			if got.Lang != tt.want.Lang || !near(got.FR, tt.want.FR) || !near(got.EN, tt.want.EN) ||
				!near(got.Confidence, tt.want.Confidence) {
				t.Errorf("DetectDetail(%q, %q) = %+v, want %+v", tt.text, tt.hint, got, tt.want)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestParseHint(t *testing.T) {
	tests := map[string]string{
		"fr": FR, "FR": FR, "fr-FR": FR, "fr_CA": FR, " fr-be ": FR, "fre": FR, "French": FR,
		"en": EN, "en-us": EN, "EN_GB": EN, "eng": EN, "english": EN,
		"": "", "de": "", "und": "", "f": "", "-": "", "español": "",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := parseHint(in); got != want {
				t.Errorf("parseHint(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

// TestDetectDoDArticles runs the detector on real U.S. government articles:
// each must be English even when the feed claims to be French.
func TestDetectDoDArticles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixturesDir(t), "articles", "dod-public", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no DoD articles found: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		headline, _, _ := strings.Cut(text, "\n")
		t.Run(filepath.Base(f), func(t *testing.T) {
			for _, hint := range []string{"", "en", "fr"} {
				if got := DetectDetail(text, hint); got.Lang != EN || got.Confidence < 0.8 {
					t.Errorf("article, hint %q: %+v, want en with confidence >= 0.8", hint, got)
				}
				if got := Detect(headline, hint); hint != "fr" && got != EN && got != Und {
					t.Errorf("headline %q, hint %q: %s, want en (or und)", headline, hint, got)
				}
			}
		})
	}
}

// TestDetectFrenchFeeds runs the detector on the items of two real French
// news feeds (title + description): all must be French, whatever the hint.
func TestDetectFrenchFeeds(t *testing.T) {
	for _, name := range []string{"lemonde_une_2018-06-27.xml", "sciencesetavenir_espace_2018-06-28.xml"} {
		items := readRSSItems(t, filepath.Join(fixturesDir(t), "feeds", "news", name))
		if len(items) < 20 {
			t.Fatalf("%s: only %d items", name, len(items))
		}
		for _, it := range items {
			t.Run(name+"/"+strings.TrimSpace(it.Title), func(t *testing.T) {
				text := it.Title + "\n\n" + it.Description
				for _, hint := range []string{"", "fr", "en"} {
					if got := DetectDetail(text, hint); got.Lang != FR {
						t.Errorf("hint %q: %+v, want fr", hint, got)
					}
				}
			})
		}
	}
}

type rssItem struct {
	Title       string `xml:"title"`
	Description string `xml:"description"`
}

func readRSSItems(t testing.TB, path string) []rssItem {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Items []rssItem `xml:"channel>item"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return doc.Items
}

// fixturesDir finds the shared fixtures beside the repository: the directory
// holding go.mod, then ../shared/fixtures. Tests that need it skip when it is
// absent.
func fixturesDir(t testing.TB) string { return moduledir.SharedFixtures(t) }

func FuzzDetect(f *testing.F) {
	for _, s := range []string{
		"", "l'armée", "don't", "L’État s’engage", "'", "’", "l'", "'s", "qu'", "d'’l",
		"The Pentagon’s AI", "ÉTATS-UNIS", "\xff\xfe", "a\u2019\u2019b", strings.Repeat("x", 40),
	} {
		f.Add(s, "fr")
	}
	f.Fuzz(func(t *testing.T, text, hint string) {
		r := DetectDetail(text, hint)
		switch r.Lang {
		case FR, EN, Und:
		default:
			t.Fatalf("Lang = %q", r.Lang)
		}
		if r.Confidence < 0 || r.Confidence >= 1 || math.IsNaN(r.Confidence) {
			t.Fatalf("Confidence = %v", r.Confidence)
		}
		if r.FR < 0 || r.EN < 0 {
			t.Fatalf("negative scores %+v", r)
		}
		// A hint only moves the answer towards itself.
		free := Detect(text, "")
		switch h := parseHint(hint); {
		case h == "" && r.Lang != free:
			t.Fatalf("unusable hint %q changed %s to %s", hint, free, r.Lang)
		case h != "" && r.Lang != free && r.Lang != h:
			t.Fatalf("hint %q moved %s to %s", hint, free, r.Lang)
		case free == h && r.Lang != h:
			t.Fatalf("hint %q agreeing with %s gave %s", hint, free, r.Lang)
		}
	})
}

func BenchmarkDetect(b *testing.B) {
	// A 350-word article: a French one built from the Le Monde feed, and an
	// English DoD article, cut to 350 words.
	fx := fixturesDir(b)
	var fr strings.Builder
	for _, it := range readRSSItems(b, filepath.Join(fx, "feeds", "news", "lemonde_une_2018-06-27.xml")) {
		fr.WriteString(it.Title + "\n" + it.Description + "\n")
	}
	en, err := os.ReadFile(filepath.Join(fx, "articles", "dod-public", "029-army-awards-contracts-to-accelerate-javelin-and-st.txt"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, text string }{
		{"fr", firstWords(fr.String(), 350)},
		{"en", firstWords(string(en), 350)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for b.Loop() {
				Detect(c.text, "")
			}
		})
	}
}

func firstWords(s string, n int) string {
	return strings.Join(strings.Fields(s)[:min(n, len(strings.Fields(s)))], " ")
}
