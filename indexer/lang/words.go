package lang

// The word tables below are the detector's whole model. They hold function
// words (articles, prepositions, pronouns, auxiliaries, conjunctions) and a
// few very frequent news words: they make up 40-50% of running text in either
// language, so even a two-line summary carries several of them, and they are
// almost never proper nouns, so a French article full of English names
// ("Department of Defense", "Artificial Intelligence") still reads as French.
//
// Words spelt the same in both languages are left out on purpose: "a", "on",
// "an" (French "un an"), "son", "me", "car", "plan", "via", "non", "ma", "mon",
// "y", "i", "million(s)"; so are those that are also common acronyms in this
// field: "ai" (AI), "us" (US). "pour" is kept (rare in English news). Keys are lower case, with
// French accents; weights are the evidence one occurrence adds.

// frWords are French function words.
var frWords = map[string]float64{
	"le": 1, "la": 1, "les": 1, "de": 1, "des": 1, "du": 1, "un": 1, "une": 1,
	"et": 1, "est": 1, "sont": 1, "été": 1, "être": 1, "en": 1, "dans": 1,
	"pour": 1, "par": 1, "sur": 1, "avec": 1, "au": 1, "aux": 1, "ce": 1,
	"cet": 1, "cette": 1, "ces": 1, "qui": 1, "que": 1, "ne": 1, "pas": 1,
	"plus": 0.5, "il": 1, "ils": 1, "elle": 1, "elles": 1, "nous": 1,
	"vous": 1, "leur": 1, "leurs": 1, "se": 1, "sa": 1, "ses": 1, "mais": 1,
	"ou": 1, "où": 1, "à": 1, "ont": 1, "avait": 1, "avaient": 1, "était": 1,
	"étaient": 1, "sera": 1, "seront": 1, "serait": 1, "fait": 1, "cela": 1,
	"ça": 1, "selon": 1, "entre": 1, "après": 1, "avant": 1, "depuis": 1,
	"sans": 1, "sous": 1, "chez": 1, "aussi": 1, "très": 1, "comme": 1,
	"tout": 1, "tous": 1, "toute": 1, "toutes": 1, "même": 1, "donc": 1,
	"alors": 1, "lors": 1, "dont": 1, "vers": 1, "contre": 1, "notre": 1,
	"nos": 1, "votre": 1, "vos": 1, "lui": 1, "déjà": 1, "encore": 1,
	"lorsque": 1, "puis": 1, "quand": 1, "pendant": 1, "dès": 1, "peut": 1,
	"doit": 1, "ainsi": 1, "si": 0.5, "avoir": 1, "fois": 1, "moins": 1,
	"celui": 1, "celle": 1, "ceux": 1, "deux": 1, "trois": 1, "nouveau": 1,
	"nouvelle": 1, "nouvelles": 1, "premier": 0.5, "première": 1, "ans": 1,
	"année": 1, "plusieurs": 1, "dernier": 1, "dernière": 1, "autre": 1,
	"autres": 1, "également": 1, "notamment": 1, "toujours": 1, "chaque": 1,
	"aujourd": 1, "quelques": 1, "rien": 1, "beaucoup": 1, "peu": 1,
	"bien": 1, "soit": 1, "avons": 1, "avez": 1, "sommes": 1, "êtes": 1,
	"suis": 1, "pourrait": 1, "devrait": 1, "doivent": 1,
	"peuvent": 1, "faire": 1, "dit": 1, "afin": 1, "lequel": 1,
	"laquelle": 1, "lesquels": 1, "auprès": 1, "parmi": 1, "près": 1,
	"mieux": 1, "jamais": 1, "aucun": 1, "aucune": 1, "cependant": 1,
	"pourtant": 1, "désormais": 1, "contrat": 0.5, "milliards": 0.5,
	"défense": 0.5, "ministère": 0.5, "armée": 0.5,
	"armées": 0.5, "ceci": 1, "celles": 1, "quel": 1,
	"quelle": 1, "quels": 1, "quelles": 1, "jusque": 1, "durant": 1,
	"hier": 1, "demain": 1, "mois": 1, "semaine": 1,
}

// enWords are English function words.
var enWords = map[string]float64{
	"the": 1, "of": 1, "and": 1, "to": 1, "in": 1, "is": 1, "are": 1,
	"was": 1, "were": 1, "be": 1, "been": 1, "being": 1, "that": 1,
	"this": 1, "these": 1, "those": 1, "for": 1, "with": 1, "as": 1,
	"by": 1, "from": 1, "at": 1, "it": 1, "its": 1, "he": 1, "she": 1,
	"they": 1, "we": 1, "his": 1, "her": 1, "their": 1, "our": 1,
	"them": 1, "him": 1, "has": 1, "have": 1, "had": 1, "will": 1,
	"would": 1, "can": 0.5, "could": 1, "should": 1, "may": 0.5,
	"might": 1, "must": 1, "not": 1, "but": 1, "or": 1, "which": 1,
	"who": 1, "whom": 1, "whose": 1, "what": 1, "when": 1, "where": 1,
	"while": 1, "than": 1, "then": 1, "there": 1, "also": 1, "after": 1,
	"about": 1, "into": 1, "over": 1, "under": 1, "more": 1, "most": 1,
	"said": 1, "says": 1, "new": 1, "one": 0.5, "two": 1, "three": 1,
	"other": 1, "such": 1, "some": 1, "any": 1, "all": 1, "up": 1,
	"out": 1, "if": 1, "how": 1, "why": 1, "only": 1, "just": 1,
	"because": 1, "before": 1, "during": 1, "through": 1, "against": 1,
	"between": 1, "amid": 1, "among": 1, "including": 1, "without": 1,
	"within": 1, "according": 1, "year": 1, "years": 1, "first": 1,
	"last": 1, "week": 1, "you": 1, "your": 1, "do": 1, "does": 1,
	"did": 1, "no": 0.5, "so": 0.5, "very": 1, "each": 1, "both": 1,
	"here": 1, "now": 1, "get": 1, "gets": 1, "make": 1, "makes": 1,
	"my": 1, "off": 1, "again": 1, "across": 1, "around": 1,
	"since": 1, "until": 1, "despite": 1, "toward": 1, "towards": 1,
	"however": 1, "billion": 0.5, "contract": 0.5,
	"defense": 0.5, "defence": 0.5, "army": 0.5, "announced": 1,
	"today": 1, "yesterday": 1, "onto": 1, "upon": 1, "whether": 1, "although": 1, "though": 1,
}

// weights is the evidence one occurrence of a word adds to each language.
type weights struct {
	fr, en, other float64
	// romance is the part of fr that Spanish, Italian and Portuguese
	// share ("de", "la", "que"...): it does not tell French from them.
	romance float64
}

// functionWords merges frWords and enWords for a single lookup per word.
var functionWords = newWordTable(frWords, enWords, otherWords)

// maxFunctionWord is the byte length of the longest function word: longer
// words need no lookup.
var maxFunctionWord = func() int {
	n := 0
	for _, m := range []map[string]float64{frWords, enWords} {
		for w := range m {
			n = max(n, len(w))
		}
	}
	return n
}()

// wordTable is a fixed open-addressing hash table from word to weights. The
// detector looks up every short word of every article; a plain map spends
// most of the detection time hashing, this table a few nanoseconds.
type wordTable struct {
	slots [tableSize]wordSlot
}

type wordSlot struct {
	key string
	w   weights
}

// tableSize is a power of two a few times larger than the word count, so
// probe sequences stay short.
const tableSize = 1024

func newWordTable(fr, en, other map[string]float64) *wordTable {
	t := new(wordTable)
	for k, v := range fr {
		s := t.slot(k)
		s.w.fr = v
		if romanceShared[k] {
			s.w.romance = v
		}
	}
	for k, v := range en {
		t.slot(k).w.en = v
	}
	for k, v := range other {
		t.slot(k).w.other = v
	}
	return t
}

// slot returns the slot of key, claiming an empty one if key is new. Only
// used while building the table.
func (t *wordTable) slot(key string) *wordSlot {
	for i := hashWord([]byte(key)); ; i = (i + 1) & (tableSize - 1) {
		s := &t.slots[i]
		if s.key == "" {
			s.key = key
		}
		if s.key == key {
			return s
		}
	}
}

// get returns the weights of the word w.
func (t *wordTable) get(w []byte) (weights, bool) {
	for i := hashWord(w); ; i = (i + 1) & (tableSize - 1) {
		s := &t.slots[i]
		if s.key == "" {
			return weights{}, false
		}
		if s.key == string(w) {
			return s.w, true
		}
	}
}

// hashWord is FNV-1a reduced to the table size.
func hashWord(w []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range w {
		h ^= uint32(c)
		h *= 16777619
	}
	return (h ^ h>>16) & (tableSize - 1)
}

// otherWords are function words of the other languages feeds come in
// (Spanish, Italian, Portuguese, German) that French and English do not
// use. They let the detector say Und for a German or Spanish article rather
// than call it French because of "de", "la" and "en". Words that are also
// English or French ("die", "den", "do", "per", "con", "il", "non") are left
// out.
var otherWords = map[string]float64{
	// Spanish
	"el": 1, "los": 1, "las": 1, "del": 1, "una": 1, "por": 1, "para": 1,
	"pero": 1, "más": 1, "como": 1, "sus": 1, "fue": 1, "está": 1,
	"también": 1, "según": 1, "desde": 1, "sobre": 0.5, "con": 1,
	// Italian
	"di": 1, "che": 1, "della": 1, "delle": 1, "degli": 1, "nel": 1,
	"nella": 1, "sono": 1, "è": 1, "anche": 1, "gli": 1, "alla": 1,
	"dei": 1, "questo": 1, "essere": 1, "stato": 1,
	// Portuguese
	"não": 1, "uma": 1, "com": 1, "em": 1, "ao": 1, "pelo": 1, "pela": 1,
	"foi": 1, "são": 1, "já": 1, "seu": 1, "sua": 1, "também": 1,
	"da": 1, "dos": 1, "é": 1, "na": 0.5, "nas": 1,
	// German
	"der": 1, "und": 1, "das": 1, "ist": 1, "nicht": 1, "mit": 1,
	"sich": 1, "auf": 1, "für": 1, "zu": 1, "ein": 1, "eine": 1,
	"dem": 1, "auch": 1, "wird": 1, "werden": 1, "sie": 1, "bei": 1,
	"nach": 1, "wie": 1, "oder": 1, "aus": 1, "einer": 1, "über": 1,
}

// romanceShared are the French function words that Spanish, Italian or
// Portuguese use too.
var romanceShared = map[string]bool{
	"de": true, "la": true, "le": true, "en": true, "un": true, "que": true,
	"se": true, "si": true, "il": true, "ne": true,
}

// elisions are the French words that drop their vowel before another word
// ("l'armée", "qu'il", "jusqu'à"). Only the part before the apostrophe is
// listed. An elision is strong evidence: English never writes a lone "l'" or
// "d'" glued to the next word.
var elisions = map[string]float64{
	"l": 1, "d": 1, "j": 1, "n": 1, "s": 1, "c": 1, "m": 0.5, "t": 0.5,
	"qu": 1, "jusqu": 1, "lorsqu": 1, "puisqu": 1, "quoiqu": 1, "presqu": 1,
}

// contractions are the English endings after an apostrophe: possessive "'s"
// and the verb contractions ("don't", "we're", "they've", "it'll", "I'd").
// "'t" only counts after an "n" ("don't", not "aujourd'hui" style splits).
var contractions = map[string]float64{
	"s": 0.5, "re": 1, "ve": 1, "ll": 1, "d": 0.5, "m": 0.5,
}
