package gen

import (
	_ "embed"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"vigie/indexer/entity"
)

var (
	//go:embed words/en.txt
	wordsEN string
	//go:embed words/fr.txt
	wordsFR string
	//go:embed words/en_function.txt
	functionEN string
	//go:embed words/fr_function.txt
	functionFR string
)

// tailWords is the number of generated rare forms per language after the
// hand-written vocabulary: with the Zipf draw below they take about a
// third of the content tokens, like the long tail of real news text
// (names, places, rare words), and give the index a realistic dictionary.
const tailWords = 30000

// Zipf parameters of content words: p(rank k) ~ (k + zipfV)^-zipfS. The
// offset keeps the head realistic (the top word is about 1% of content
// tokens, not 10%).
const (
	zipfS = 1.1
	zipfV = 15
)

// language is everything the writer needs for one language.
type language struct {
	code       string
	content    []string // hand-written vocabulary then tail, by rank
	vocab      int      // hand-written words in content
	function   []string // by rank
	isFunction map[string]bool
	pFunc      float64 // share of function-word tokens
	// companies and agencies: per entity (Zipf order), the aliases usable
	// in this language.
	companies, agencies []entityForms
	commonWord          string
}

// entityForms are the ways an article may name one entity.
type entityForms struct {
	name  string
	forms []string
}

func newLanguage(code string, ents []entity.Entity, seed uint64) (*language, error) {
	l := &language{code: code}
	var content, function string
	switch code {
	case "en":
		content, function, l.pFunc, l.commonWord = wordsEN, functionEN, 0.42, "defense"
	case "fr":
		content, function, l.pFunc, l.commonWord = wordsFR, functionFR, 0.47, "défense"
	default:
		return nil, fmt.Errorf("gen: no vocabulary for language %q", code)
	}
	reserved := aliasWords(ents)
	for _, w := range readWords(content) {
		if !isReserved(w) && !reserved[strings.ToLower(w)] {
			l.content = append(l.content, w)
		}
	}
	l.vocab = len(l.content)
	if l.vocab < 2000 {
		return nil, fmt.Errorf("gen: %s vocabulary has only %d words", code, l.vocab)
	}
	taken := maps.Clone(reserved)
	for _, w := range l.content {
		taken[strings.ToLower(w)] = true
	}
	l.content = append(l.content, tail(code, seed, tailWords, taken)...)
	l.function = readWords(function)
	l.isFunction = make(map[string]bool, len(l.function))
	for _, f := range l.function {
		l.isFunction[f] = true
	}
	l.companies, l.agencies = entitiesFor(code, ents)
	return l, nil
}

// readWords splits a word list, skipping # comments.
func readWords(s string) []string {
	var out []string
	for line := range strings.Lines(s) {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		out = append(out, strings.Fields(line)...)
	}
	return out
}

// isReserved reports a word that starts like a marker word, accents and
// case ignored (the reserved prefixes are written without accents).
func isReserved(w string) bool {
	f := strings.ToLower(foldASCII(w))
	return slices.ContainsFunc(reservedPrefixes, func(p string) bool { return strings.HasPrefix(f, p) })
}

// aliasWords are the one-word aliases of the gazetteer, lower-cased: a
// vocabulary word equal to one ("army", "meta") would name an entity at the
// start of a sentence, behind the generator's back.
func aliasWords(ents []entity.Entity) map[string]bool {
	out := map[string]bool{}
	for _, e := range ents {
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			if !strings.ContainsAny(a, " -'’.&") {
				out[strings.ToLower(a)] = true
			}
		}
	}
	return out
}

// Syllables of the generated tail, per language.
var syllables = map[string][]string{
	"en": {"ar", "ber", "ton", "ley", "ing", "ham", "mor", "ris", "den", "wick", "ster", "gan", "tel", "ford",
		"lin", "ver", "son", "ral", "cot", "pen", "dra", "kel", "mar", "tis", "vo", "rath", "quin", "bel"},
	"fr": {"ar", "bé", "ton", "lier", "mont", "ville", "cour", "gé", "ris", "nac", "ette", "vé", "lon", "teau",
		"ré", "mar", "quet", "seau", "lan", "gne", "pi", "ran", "dor", "che", "vil", "rou", "ça", "lè"},
}

// tail generates n distinct pseudo-words for the long tail, none of them in
// taken (lower case): lower-case rare words, and one in four capitalised
// like a name or a place.
func tail(code string, seed uint64, n int, taken map[string]bool) []string {
	r := rand.New(rand.NewPCG(seed, 0x7a11))
	syl := syllables[code]
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		k := 2 + r.IntN(3)
		var b strings.Builder
		for range k {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		w := b.String()
		if seen[w] || taken[w] || isReserved(w) {
			continue
		}
		seen[w] = true
		if r.IntN(4) == 0 {
			w = capitalize(w)
		}
		out = append(out, w)
	}
	return out
}

// Head entities: the most covered ones first (Zipf rank 1, 2, ...); the
// rest of the gazetteer follows in its own order, as the long tail.
var (
	headCompanies = []string{"OpenAI", "Palantir", "Anduril", "Lockheed Martin", "Thales", "Anthropic",
		"Mistral AI", "Airbus", "Microsoft", "Google", "Helsing", "Northrop Grumman", "RTX", "Safran",
		"Naval Group", "Scale AI", "Nvidia", "Dassault Aviation", "BAE Systems", "Shield AI"}
	headAgencies = []string{"DoD", "NATO", "DGA", "CDAO", "DARPA", "DIU", "US Army", "European Commission",
		"US Air Force", "French Ministry of Armed Forces", "US Navy", "UK MoD", "AMIAD", "NASA", "EDA"}
)

// entitiesFor lists, per kind and in Zipf order, each entity's aliases
// usable in language code: aliases of that language or of none, without
// the ambiguous ones (which count only with confirmation).
func entitiesFor(code string, ents []entity.Entity) (companies, agencies []entityForms) {
	order := func(kind entity.Kind, head []string) []entityForms {
		var first, rest []entityForms
		for _, e := range ents {
			if e.Kind != kind {
				continue
			}
			ef := entityForms{name: e.Name}
			for _, a := range append([]string{e.Name}, e.Aliases...) {
				if slices.Contains(e.Ambiguous, a) || utf8.RuneCountInString(a) < 3 || namesMarker(a) {
					continue
				}
				if lang := aliasLang(a); lang == "" || lang == code {
					ef.forms = append(ef.forms, a)
				}
			}
			if len(ef.forms) == 0 {
				continue
			}
			if slices.Contains(head, e.Name) {
				first = append(first, ef)
			} else {
				rest = append(rest, ef)
			}
		}
		slices.SortStableFunc(first, func(a, b entityForms) int {
			return slices.Index(head, a.name) - slices.Index(head, b.name)
		})
		return append(first, rest...)
	}
	return order(entity.KindCompany, headCompanies), order(entity.KindAgency, headAgencies)
}

// namesMarker reports an alias with a word that stems like the medium or
// rare marker word ("Teal Drones"): it would add hits to their known
// shares. (Aliases with "Defense" stay: the common word's share is
// approximate anyway.)
func namesMarker(alias string) bool {
	for _, w := range strings.Fields(strings.ToLower(foldASCII(alias))) {
		if strings.HasPrefix(w, "dron") || strings.HasPrefix(w, "lidar") {
			return true
		}
	}
	return false
}

var (
	frenchMarkers = []string{"de", "du", "des", "la", "le", "les", "l", "d", "et", "pour", "armée", "armées",
		"ministère", "agence", "direction", "générale", "général", "commandement", "nationale", "française",
		"français", "européenne", "européen", "états-unis", "etats-unis", "américaine", "américain", "marine",
		"aérienne", "spatiale", "sécurité", "ministre", "conseil", "office", "cyberdéfense", "renseignement"}
	englishMarkers = []string{"of", "the", "and", "for", "department", "agency", "office", "command", "force",
		"ministry", "service", "services", "national", "defense", "defence", "us", "u.s.", "united", "states",
		"army", "navy", "corps", "administration", "council", "committee", "secretary", "directorate"}
)

// aliasLang guesses an alias's language from its words and accents: "fr",
// "en", or "" for a name usable in both ("Palantir", "DARPA").
func aliasLang(a string) string {
	lower := strings.ToLower(a)
	words := strings.FieldsFunc(lower, func(r rune) bool {
		return r == ' ' || r == '\'' || r == '’' || r == '-' || r == ','
	})
	fr, en := 0, 0
	for _, w := range words {
		if slices.Contains(frenchMarkers, w) {
			fr++
		}
		if slices.Contains(englishMarkers, w) {
			en++
		}
	}
	if strings.ContainsAny(lower, "éèêàçôûîù") {
		fr += 2
	}
	switch {
	case fr > en:
		return "fr"
	case en > fr:
		return "en"
	case fr > 0:
		return "en" // "Office" etc.: English-looking names
	}
	return ""
}

func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return w
	}
	return string(unicode.ToUpper(r)) + w[n:]
}

// foldASCII removes accents ("défense" -> "defense"): NFD, then drop the
// combining marks.
func foldASCII(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
