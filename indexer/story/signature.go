package story

import (
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"vigie/indexer"
	"vigie/indexer/entity"
)

// maxTerms bounds the key terms kept per article: the title and the
// opening of the text say what the story is; later paragraphs drift into
// background that other stories share.
const maxTerms = 48

// minAmountUSD is the smallest amount that identifies an event: smaller
// ones are prices, salaries and per-unit costs.
const minAmountUSD = 1e6

// Signature is what clustering compares of an article: language-neutral
// features (canonical entity IDs, amounts, designations), key terms mapped
// to one vocabulary, and a SimHash of the text for near-duplicates in the
// same language. It is derived from the stored article, so it never needs
// storing itself.
type Signature struct {
	ID        string
	Story     string
	Lang      string
	Published int64 // Unix seconds

	// Companies are the named and parent companies, sorted, without the
	// press cited as a source (Reuters, AFP, Les Echos).
	Companies []string
	Agencies  []string // named agencies, sorted
	Parents   []string // parent agencies not named, sorted
	Amounts   []money
	// Designations are model and programme names with a digit: F-35,
	// PAC-3, HX-2, GPT-4o (folded, hyphens dropped).
	Designations []string
	// Terms are hashed key terms (folded, French mapped to English,
	// truncated to a 6-letter stem), sorted and unique.
	Terms []uint32
	// Names are hashed capitalised words that are not entities or common
	// words: programme, product and place names (Maven, TITAN,
	// Thunderforge, Ohio). They are written alike in both languages.
	Names []uint32
	Sim   uint64 // SimHash of the words

	// companies and agencies weigh each entity by salience (named in the
	// title or only in the body) and, for agencies, by specificity.
	companies, agencies weighted
	amountSum           float64 // sum of the weights of the amounts
	// roundup marks a digest of several events: see isRoundup.
	roundup bool
	// frame is the kind of event reported, frameConf the confidence of
	// its reading: see detectFrame.
	frame     frame
	frameConf float64
}

// money is one amount, in its own currency and in USD, with its salience.
type money struct {
	value    float64
	currency string
	usd      float64
	w        float64
}

// Salience weights: a company, an agency or an amount the title names is
// what the article is about; one only the body names may be background
// (a rival, a previous contract, one award among twenty).
const (
	titleWeight  = 1.0
	bodyWeight   = 0.4
	parentWeight = 0.2 // a parent company or agency the text does not name
)

// Sign computes the signature of an article from its enrichment and text.
func Sign(a *indexer.Article) *Signature {
	s := &Signature{ID: a.ID, Story: a.Story, Lang: a.Lang, Published: a.Published.Unix()}
	inTitle := titleNames(a.Title)
	for _, c := range a.Companies {
		if !press[c] {
			s.companies.add(c, pick(inTitle(c), titleWeight, bodyWeight))
		}
	}
	for _, c := range a.ParentCompanies {
		if !press[c] {
			s.companies.add(c, pick(inTitle(c), titleWeight, parentWeight))
		}
	}
	s.companies.finish()
	s.Companies = slices.Clone(s.companies.keys)
	s.Agencies = sortedSet(a.Agencies, nil)
	for _, p := range a.ParentAgencies {
		if !slices.Contains(s.Agencies, p) && !slices.Contains(s.Parents, p) {
			s.Parents = append(s.Parents, p)
		}
	}
	slices.Sort(s.Parents)
	for _, g := range a.Agencies {
		s.agencies.add(g, pick(inTitle(g), titleWeight, bodyWeight)*specificity(g))
	}
	for _, g := range s.Parents {
		s.agencies.add(g, pick(inTitle(g), titleWeight, parentWeight)*specificity(g))
	}
	s.agencies.finish()
	for _, m := range a.Amounts {
		if m.USD < minAmountUSD {
			continue
		}
		dup := false
		for _, o := range s.Amounts {
			if o.currency == m.Currency && o.value == m.Value {
				dup = true
			}
		}
		if dup {
			continue
		}
		// Offsets are not stored: an amount is the title's when the
		// title holds its text.
		w := bodyWeight
		if m.Text != "" && strings.Contains(a.Title, m.Text) {
			w = titleWeight
		}
		s.Amounts = append(s.Amounts, money{value: m.Value, currency: m.Currency, usd: m.USD, w: w})
		s.amountSum += w
	}
	s.frame, s.frameConf = detectFrame(a.Title, a.Text)
	s.roundup = isRoundup(a.Title, s)
	// Entity names are compared as entities, not again as words.
	var skip map[string]bool
	for _, names := range [][]string{a.Companies, a.Agencies} {
		for _, n := range names {
			for _, w := range strings.Fields(n) {
				if skip == nil {
					skip = map[string]bool{}
				}
				skip[string(fold(nil, w))] = true
			}
		}
	}
	t := tokenizer{lang: a.Lang, skip: skip}
	// English headlines are often Title Cased: their capitals name nothing.
	t.naming = !titleCased(a.Title)
	t.run(a.Title, -1)
	t.naming = true
	t.run(a.Text, 220)
	s.Terms, s.Names, s.Designations, s.Sim = t.result()
	return s
}

func pick(cond bool, a, b float64) float64 {
	if cond {
		return a
	}
	return b
}

// weighted is a set of names with a weight each, sorted by name.
type weighted struct {
	keys []string
	w    []float64
	sum  float64 // sum of w
}

// add adds name with weight w, or raises its weight to w.
func (s *weighted) add(name string, w float64) {
	if i := slices.Index(s.keys, name); i >= 0 {
		s.w[i] = max(s.w[i], w)
		return
	}
	s.keys = append(s.keys, name)
	s.w = append(s.w, w)
}

func (s *weighted) finish() {
	idx := make([]int, len(s.keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(s.keys[a], s.keys[b]) })
	keys := make([]string, len(idx))
	w := make([]float64, len(idx))
	sum := 0.0
	for i, j := range idx {
		keys[i], w[i] = s.keys[j], s.w[j]
		sum += w[i]
	}
	s.keys, s.w, s.sum = keys, w, sum
}

// common returns the sum over the names both share of the smaller of
// their two weights, and the largest product of their two weights.
func (s *weighted) common(o *weighted) (sum, best float64) {
	i, j := 0, 0
	for i < len(s.keys) && j < len(o.keys) {
		switch c := strings.Compare(s.keys[i], o.keys[j]); {
		case c == 0:
			sum += min(s.w[i], o.w[j])
			best = max(best, s.w[i]*o.w[j])
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return sum, best
}

// jaccard is the weighted Jaccard similarity of two weighted sets: the
// sum of the smaller weights over the sum of the larger ones (a name
// absent from one weighs 0 there). Salience counts both ways: a company
// one title names and the other article only mentions in passing is half
// shared; and an article naming many companies shares little with one
// naming a few of them.
func (s *weighted) jaccard(o *weighted) float64 {
	inter, _ := s.common(o)
	if inter == 0 {
		return 0
	}
	return inter / (s.sum + o.sum - inter)
}

func sortedSet(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for _, l := range [][]string{a, b} {
		for _, v := range l {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}

// tokenizer reads words once and feeds the terms, the designations and
// the SimHash.
type tokenizer struct {
	lang  string
	skip  map[string]bool
	terms []uint32
	names []uint32
	desig []string
	// naming tells whether capitalised words count as names in the text
	// being read; upper says the word being read started with a capital,
	// first that it opens the text or a sentence.
	naming, upper, first bool
	// SimHash state: how many words had each bit set (a bit's weight
	// is 2*vec[b] - nwords; counting ones alone needs no branch).
	vec      [64]int
	nwords   int
	buf      []byte
	hyphened bool
}

// run tokenises s, at most limit words (no limit when negative).
func (t *tokenizer) run(s string, limit int) {
	n := 0
	t.buf = t.buf[:0]
	t.hyphened = false
	t.first = true
	flush := func() {
		if len(t.buf) > 0 {
			t.word(t.buf)
			n++
			t.first = false
		}
		t.buf = t.buf[:0]
		t.hyphened = false
	}
	for i := 0; i < len(s); {
		if limit >= 0 && n >= limit {
			return
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if len(t.buf) == 0 {
				t.upper = unicode.IsUpper(r)
			}
			t.buf = foldRune(t.buf, r)
		case r == '.' || r == '!' || r == '?' || r == ':':
			flush()
			t.first = true
		case r == '-' && len(t.buf) > 0 && i < len(s) && isAlnumAt(s, i):
			// F-35, PAC-3, accord-cadre: one word.
			t.buf = append(t.buf, '-')
			t.hyphened = true
		default:
			flush()
		}
	}
	flush()
}

func isAlnumAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (t *tokenizer) word(w []byte) {
	// SimHash over every word, function words included: near-duplicates
	// are copies, and copies keep them. Single words rather than shingles:
	// in a 60-word item each small edit would change three shingles.
	t.shingle(hash64(w))
	t.nwords++

	hasDigit, hasLetter := false, false
	for _, c := range w {
		switch {
		case c >= '0' && c <= '9':
			hasDigit = true
		case c != '-':
			hasLetter = true
		}
	}
	if hasDigit && hasLetter && w[0] >= 'a' && w[0] <= 'z' {
		d := strings.ReplaceAll(string(w), "-", "")
		if !slices.Contains(t.desig, d) && len(d) <= 12 {
			t.desig = append(t.desig, d)
		}
		return
	}
	if hasDigit || len(t.terms) >= maxTerms {
		// Plain numbers, and "480m" or "76b" from "$11.76B": amounts and
		// counts are compared elsewhere.
		return
	}
	if t.naming && t.upper && !t.first && len(w) >= 3 && !t.skip[string(w)] && !stopWords[string(w)] && !commonCapitals[string(w)] {
		if _, ok := frToEn[string(w)]; !ok {
			if h := uint32(hash64(w)); !slices.Contains(t.names, h) {
				t.names = append(t.names, h)
			}
		}
	}
	for _, part := range strings.Split(string(w), "-") {
		t.term(part)
	}
	if t.hyphened {
		t.term(string(w))
	}
}

func (t *tokenizer) term(w string) {
	if len(w) < 3 || stopWords[w] || t.skip[w] {
		return
	}
	w = keyTerm(w)
	if w == "" {
		return
	}
	h := uint32(hash64([]byte(w)))
	if !slices.Contains(t.terms, h) {
		t.terms = append(t.terms, h)
	}
}

// keyTerm maps a folded word to the form compared across languages: the
// English word of a French key word (contrat -> contract), plural dropped,
// cut to 6 letters, so that cognates meet (strategie, strategy -> strate).
func keyTerm(w string) string {
	if en, ok := frToEn[w]; ok {
		w = en
	} else if len(w) > 4 && (w[len(w)-1] == 's' || w[len(w)-1] == 'x') {
		if en, ok := frToEn[w[:len(w)-1]]; ok {
			w = en
		} else {
			w = w[:len(w)-1]
		}
	}
	if en, ok := enForms[w]; ok {
		w = en
	}
	if w == "" {
		return ""
	}
	if len(w) > 6 {
		w = w[:6]
	}
	return w
}

func (t *tokenizer) shingle(h uint64) {
	for b := range t.vec {
		t.vec[b] += int(h >> b & 1)
	}
}

func (t *tokenizer) result() ([]uint32, []uint32, []string, uint64) {
	var sim uint64
	for b := 0; b < 64; b++ {
		if 2*t.vec[b] > t.nwords {
			sim |= 1 << b
		}
	}
	if t.nwords < 8 {
		sim = 0
	}
	slices.Sort(t.terms)
	slices.Sort(t.names)
	slices.Sort(t.desig)
	return t.terms, t.names, t.desig, sim
}

// hash64 is FNV-1a, written out: hash/fnv's interface value costs an
// allocation per word.
func hash64(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return mix(h)
}

// mix spreads FNV's bits (its low bits are weak for short words).
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// hamming is the number of differing bits of two SimHashes.
func hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

func fold(b []byte, s string) []byte {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b = foldRune(b, r)
		}
	}
	return b
}

// foldRune appends r folded as entity names are: lower-cased, without its
// accent.
func foldRune(b []byte, r rune) []byte { return entity.AppendFold(b, r) }

// titleCased reports whether most words of a headline start with a
// capital ("Army Awards Palantir $480 Million").
func titleCased(title string) bool {
	words, caps := 0, 0
	for _, w := range strings.Fields(title) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		words++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return words >= 4 && caps*3 > words*2
}
