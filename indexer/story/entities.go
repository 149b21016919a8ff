package story

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

	"vigie/indexer/entity"
)

// press are the news organisations of the gazetteer. Articles cite them as
// sources ("told Reuters", "selon Les Echos", "(Avec AFP)"), which says
// nothing about the event: two unrelated wire stories both name AFP.
var press = setOf2(`AFP|Thomson Reuters|Reuters|Associated Press|CNN|Bloomberg|Le Monde|Le Monde diplomatique|
Le Figaro|Les Echos|La Tribune|L'Usine Nouvelle|Le Canard enchaîné|Le Parisien|Ouest-France|Le Télégramme|
Mediapart|L'Express|Le Journal du Dimanche|L'Opinion|France Télévisions|France Médias Monde|BFMTV|TF1|
Air & Cosmos|Mer et Marine|Zone Militaire|Intelligence Online|La Lettre|Financial Times|The Economist|
The Guardian|BBC|The Wall Street Journal|The New York Times|The Washington Post|Politico|Axios|
Breaking Defense|Defense News|DefenseScoop|Defense One|Janes|Aviation Week|FlightGlobal|The War Zone|
Military Times|C4ISRNET|Naval News|Task & Purpose|CNBC|Fox News|NBC News|CBS News|Al Jazeera|Forbes|
TechCrunch|The Verge|Wired|VentureBeat|PitchBook|Crunchbase|Dealroom|CB Insights|Yonhap|Kyodo News|Nikkei|
Xinhua|TASS|RIA Novosti|Interfax|Ukrinform|The Kyiv Independent|South China Morning Post|Der Spiegel|
Handelsblatt|Frankfurter Allgemeine Zeitung|Süddeutsche Zeitung|El País|Stars and Stripes|DVIDS|
Defense Media Activity|American Forces Press Service`)

func setOf2(list string) map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Split(list, "|") {
		if s = strings.TrimSpace(s); s != "" {
			m[s] = true
		}
	}
	return m
}

// gazetteer is what clustering reads of the embedded gazetteer: a
// recognizer for titles, and how many bodies report to each agency.
var gazetteer = sync.OnceValue(func() *gazInfo {
	g := entity.Default()
	info := &gazInfo{rec: entity.NewRecognizer(g), spec: map[string]float64{}, known: map[string]bool{}}
	parent := map[string]string{}
	for _, e := range g.Entities() {
		info.known[e.Name] = true
		if e.Kind == entity.KindAgency && e.Parent != "" {
			parent[e.Name] = e.Parent
		}
	}
	below := map[string]int{}
	for name := range parent {
		seen := map[string]bool{name: true}
		for p := parent[name]; p != "" && !seen[p]; p = parent[p] {
			seen[p] = true
			below[p]++
		}
	}
	for name, n := range below {
		info.spec[name] = 1 / (1 + math.Log2(1+float64(n)))
	}
	return info
})

type gazInfo struct {
	rec   *entity.Recognizer
	spec  map[string]float64
	known map[string]bool
}

// specificity is 1 for an agency no other listed body reports to (CDAO,
// NGA, AMIAD) and less the more bodies it oversees: two articles that both
// name DoD, the US Army or NATO may be about anything these do.
func specificity(agency string) float64 {
	if s, ok := gazetteer().spec[agency]; ok {
		return s
	}
	return 1
}

// titleNames returns a function that reports whether the title names an
// entity of the article. The embedded gazetteer finds the entities of the
// title; a name it does not know (learned at ingest, or found by pattern)
// counts when the folded title contains it whole.
func titleNames(title string) func(name string) bool {
	if title == "" {
		return func(string) bool { return false }
	}
	g := gazetteer()
	companies, agencies := g.rec.Match(title)
	var folded string
	return func(name string) bool {
		if slices.Contains(companies, name) || slices.Contains(agencies, name) {
			return true
		}
		if g.known[name] {
			return false
		}
		if folded == "" {
			folded = " " + string(foldWords(nil, title)) + " "
		}
		n := string(foldWords(nil, name))
		return len(n) >= 3 && strings.Contains(folded, " "+n+" ")
	}
}

// foldWords folds s to its lower-case unaccented words, separated by
// single spaces.
func foldWords(b []byte, s string) []byte {
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b = foldRune(b, r)
			space = false
		} else if !space {
			b = append(b, ' ')
			space = true
		}
	}
	return bytes.TrimRight(b, " ")
}
