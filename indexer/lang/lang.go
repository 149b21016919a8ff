// Package lang tells French from English in news text.
//
// It counts function words of each language ("le", "des", "qu'", "the",
// "of", "has", ...), French elisions ("l'armée") and English contractions
// ("don't", "Pentagon's"), plus a few cheap spelling cues on lower-case words
// (French accents, English "-ing", "th", "w"), and decides with a margin. On
// fr/en news this is as accurate as a trained n-gram model and costs a few
// microseconds per article, without embedding any model data. Proper nouns
// carry little weight (they are capitalised and rarely function words), so a
// French article about the "Department of Defense" stays French.
//
// The feed's declared language is only a prior: it tips close calls and is
// the answer when the text has too little evidence (a bare name, a number).
// Text that is clearly in another language (Spanish, Italian, Portuguese,
// German, Slovak...) is Und whatever the hint, rather than French because
// of its "de" and "la".
package lang

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Language codes returned by Detect.
const (
	FR  = "fr"
	EN  = "en"
	Und = "und" // undetermined: too little evidence and no usable hint
)

// Decision parameters. The scores are sums of word weights (about one per
// function word), so they read as "number of telling words".
const (
	// hintPrior is added to the hinted language's score. It is worth one
	// function word: it settles ties and one-word texts, but two clear
	// English words ("the", "to") outweigh a French feed's hint.
	hintPrior = 1.0
	// minScore is the evidence the winner needs, prior included: one
	// function word ("Inside the war room"), if nothing contradicts it.
	minScore = 1.0
	// minRatio is how much the winner must lead the loser by.
	minRatio = 1.5
	// minOther is the evidence for another language (Spanish, German...)
	// that makes the text neither French nor English.
	minOther = 2.0
	// maxScanBytes bounds the work on huge bodies; 64 KB of text is
	// thousands of words, far more evidence than a decision needs.
	maxScanBytes = 64 << 10
	// maxWordBytes is the longest word the detector reads in full; longer
	// ones are never function words and get no spelling cues.
	maxWordBytes = 24
	// nameWeight scales the function words of capitalised words inside a
	// sentence, which are mostly parts of names.
	nameWeight = 0.25
)

// Result is a detection with its evidence.
type Result struct {
	// Lang is FR, EN or Und (too little evidence and no usable hint, or
	// another language).
	Lang string
	// Confidence is in [0, 1]: 0 when the text gave no usable evidence
	// (Lang then comes from the hint, or is Und), growing towards 1 as the
	// winner's lead over the loser grows. It ignores the hint.
	Confidence float64
	// FR and EN are the raw evidence scores read from the text, before the
	// hint's prior: roughly the number of telling words of each language.
	FR, EN float64
}

// Detect returns FR, EN or Und for text (title, summary and body together
// work best). hint is the feed's declared language ("fr", "fr-FR", "en-us",
// "en_GB", "" ...); it is only a prior, see the package comment.
func Detect(text, hint string) string {
	return DetectDetail(text, hint).Lang
}

// DetectDetail is Detect with the scores behind the decision.
func DetectDetail(text, hint string) Result {
	var s scores
	if len(text) > maxScanBytes {
		text = text[:maxScanBytes]
	}
	s.scan(text)
	return s.decide(parseHint(hint))
}

// parseHint reduces a declared language ("fr-FR", "EN_us", "fre", "english")
// to FR, EN or "" when it names neither.
func parseHint(hint string) string {
	h := strings.TrimSpace(hint)
	if i := strings.IndexAny(h, "-_"); i >= 0 {
		h = h[:i]
	}
	switch strings.ToLower(h) {
	case "fr", "fre", "fra", "french", "français", "francais":
		return FR
	case "en", "eng", "english", "anglais":
		return EN
	}
	return ""
}

// tally is evidence for each language.
type tally struct {
	fr, en, other float64
	romance       float64 // the part of fr shared with other Romance languages
}

// scores accumulates evidence for each language.
type scores struct {
	tally
	// caps holds the words written in capitals. In an all-capitals headline
	// they are ordinary words; in running text they are acronyms ("UN",
	// "DE", "CE"), which count for nothing.
	caps tally
	// name holds the function words found capitalised inside a sentence.
	// In running text those are mostly names ("Charles De Gaulle", "The
	// Economist" in French prose, "Los Angeles") and count little; in a
	// Title Case headline ("Army Awards Contract To Lockheed For Javelin")
	// they are ordinary words. Which one it is is only known at the end.
	name tally
	// capitals, allCaps and lower count the words that start with a
	// capital inside a sentence, the words in capitals, and those that
	// start in lower case.
	capitals, allCaps, lower int
}

// totals returns the evidence for each language, name-like words weighed by
// how much the text looks like Title Case.
func (s *scores) totals() tally {
	w := nameWeight
	if s.capitals > 2*s.lower {
		w = 1 // Title Case: capitals say nothing about names
	}
	c := 0.0
	if s.allCaps > s.lower {
		c = 1 // an all-capitals text: capitals are not acronyms
	}
	return tally{
		fr:      s.fr + w*s.name.fr + c*s.caps.fr,
		en:      s.en + w*s.name.en + c*s.caps.en,
		other:   s.other + w*s.name.other + c*s.caps.other,
		romance: s.romance + w*s.name.romance + c*s.caps.romance,
	}
}

// decide turns the evidence and the hint into a Result.
func (s *scores) decide(hint string) Result {
	t := s.totals()
	r := Result{FR: t.fr, EN: t.en}
	// Against another language, only French's own words count: a Spanish
	// text is full of "de", "la" and "que".
	if t.other >= minOther && t.other >= minRatio*max(t.fr-t.romance, t.en) {
		r.Lang = Und // Spanish, Italian, German...: neither, whatever the hint
		return r
	}
	fr, en := t.fr, t.en
	switch hint {
	case FR:
		fr += hintPrior
	case EN:
		en += hintPrior
	}
	win, lose, lang := fr, en, FR
	if en > fr {
		win, lose, lang = en, fr, EN
	}
	if win >= minScore && win >= minRatio*lose {
		r.Lang = lang
		r.Confidence = confidence(r.FR, r.EN, lang)
		return r
	}
	r.Lang = Und
	if hint != "" {
		r.Lang = hint
	}
	return r
}

// confidence is the winner's lead over the loser relative to the total
// evidence, damped by a constant so that a single word is not "certain":
// (w - l) / (w + l + 2). It is 0 when the text alone did not favour lang.
func confidence(fr, en float64, lang string) float64 {
	w, l := fr, en
	if lang == EN {
		w, l = en, fr
	}
	if w <= l {
		return 0
	}
	return (w - l) / (w + l + 2)
}

// scan walks text word by word. A word is a run of letters, possibly joined
// by apostrophes ("l'armée", "don't"); everything else separates words,
// hyphens included ("peut-être", "e-mail"). Words are lower-cased into a
// fixed buffer and looked up in a fixed hash table: scanning does not
// allocate.
func (s *scores) scan(text string) {
	var buf [maxWordBytes]byte
	i := 0
	clauseStart := true // the next word opens a sentence or a clause
	for i < len(text) {
		c := text[i]
		var upper bool
		if c < utf8.RuneSelf { // ASCII fast path
			if lc := c | 0x20; lc < 'a' || lc > 'z' {
				if opensClause(c) {
					clauseStart = true
				}
				i++
				continue
			}
			upper = c <= 'Z'
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isLetter(r) {
				clauseStart = clauseStart || opensClause(c)
				i += size
				continue
			}
			upper = unicode.IsUpper(r)
		}
		start := i
		opening := clauseStart
		clauseStart = false
		var n, apos int
		i, n, apos = readWord(text, i, &buf)
		if inIdentifier(text, start, i) {
			continue // part of a URL, an e-mail or a file name: "golem.de"
		}
		allCaps := upper && isAllCaps(text[start:i])
		// A capital inside a sentence marks a name ("Charles De Gaulle",
		// "The Economist" in French prose): its function words count less
		// and its spelling says nothing. An all-capitals word is a headline
		// or an acronym: see scores.caps; its spelling says nothing either.
		t := &s.tally
		switch {
		case allCaps:
			s.allCaps++
			t = &s.caps
		case upper && !opening:
			s.capitals++
			t = &s.name
		case !upper:
			s.lower++
		}
		if n <= len(buf) {
			s.word(buf[:n], apos, t == &s.tally, t)
		}
	}
}

// readWord reads the word starting at text[i] into buf, lower-cased, with
// every kind of apostrophe stored as the ASCII one. It returns the index
// after the word, the word's length (len(buf)+1 when it did not fit: such
// long words are never function words) and the index of its first
// apostrophe, or -1.
func readWord(text string, i int, buf *[maxWordBytes]byte) (end, n, apos int) {
	apos = -1
	for i < len(text) {
		c := text[i]
		if lc := c | 0x20; 'a' <= lc && lc <= 'z' { // ASCII fast path
			if n < len(buf) {
				buf[n] = lc
			}
			n++
			i++
			continue
		}
		asize := 1
		if c >= utf8.RuneSelf {
			if size, ok := letterAt(text, i); ok {
				n = appendLower(buf, n, text[i:i+size])
				i += size
				continue
			}
			asize = apostropheAt(text, i)
		} else if c != '\'' {
			break
		}
		// An apostrophe joins two letters; anywhere else it is a quote.
		if asize == 0 || i+asize >= len(text) {
			break
		}
		if _, next := letterAt(text, i+asize); !next {
			break
		}
		if apos < 0 && n < len(buf) {
			apos = n
		}
		n = appendLower(buf, n, "'")
		i += asize
	}
	return i, min(n, len(buf)+1), apos
}

// word scores one lower-cased word into t. apos is the index of its first
// apostrophe, or -1. cues says whether its spelling may count.
func (s *scores) word(w []byte, apos int, cues bool, t *tally) {
	for apos >= 0 {
		head, tail := w[:apos], w[apos+1:]
		if v, ok := elisions[string(head)]; ok {
			t.fr += v
			w = tail
			apos = bytes.IndexByte(w, '\'')
			continue
		}
		// A contraction is English even on a name ("Pentagon's").
		if v, ok := contractions[string(tail)]; ok {
			s.en += v
			s.plain(head, cues, t)
			return
		}
		if len(tail) == 1 && tail[0] == 't' && bytes.HasSuffix(head, []byte("n")) {
			s.en++ // don't, can't, isn't, won't
			return
		}
		// Neither: two ordinary words ("aujourd'hui", "O'Brien").
		s.plain(head, cues, t)
		w = tail
		cues = true
		apos = bytes.IndexByte(w, '\'')
	}
	s.plain(w, cues, t)
}

// plain scores a word without apostrophes: a function word of either
// language, else, if cues allows, spelling cues.
func (s *scores) plain(w []byte, cues bool, t *tally) {
	if len(w) == 0 {
		return
	}
	if len(w) <= maxFunctionWord {
		if v, ok := functionWords.get(w); ok {
			t.fr += v.fr
			t.en += v.en
			t.other += v.other
			t.romance += v.romance
			return
		}
	}
	if !cues || len(w) < 3 {
		return
	}
	s.cues(w)
}

// cues adds small weights for spellings typical of one language.
func (s *scores) cues(w []byte) {
	switch french, foreign := accents(w); {
	case foreign:
		s.other += 0.5
	case french:
		s.fr += 0.5
	}
	switch {
	case len(w) >= 5 && hasSuffix(w, "ing"):
		s.en += 0.5
	case len(w) >= 4 && (hasSuffix(w, "ed") || hasSuffix(w, "ly")):
		s.en += 0.25
	case len(w) >= 5 && (hasSuffix(w, "aient") || hasSuffix(w, "ait")):
		s.fr += 0.25
	case len(w) >= 4 && (hasSuffix(w, "eux") || hasSuffix(w, "aux")):
		s.fr += 0.25
	case len(w) >= 5 && (hasSuffix(w, "ique") || hasSuffix(w, "iques")):
		s.fr += 0.25
	}
	if hasEnglishDigraph(w) {
		s.en += 0.25
	}
}

func hasSuffix(w []byte, suffix string) bool {
	return len(w) >= len(suffix) && string(w[len(w)-len(suffix):]) == suffix
}

// hasEnglishDigraph reports whether w contains "th" or "w", both rare in
// French words outside borrowings.
func hasEnglishDigraph(w []byte) bool {
	for i, c := range w {
		if c == 'w' || (c == 't' && i+1 < len(w) && w[i+1] == 'h') {
			return true
		}
	}
	return false
}

// accents classifies the non-ASCII letters of the lower-cased word w:
// french when it has one of French's accented letters (à â ç è é ê ë î ï ô
// ù û ÿ œ æ), foreign when it has a letter French never uses (á í ó ú ñ ã õ
// ä ö ü ß š č ž ł ...), which marks Spanish, Portuguese, German, Slovak...
func accents(w []byte) (french, foreign bool) {
	for i := 0; i < len(w); {
		if w[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(w[i:])
		i += size
		switch r {
		case 'à', 'â', 'ç', 'è', 'é', 'ê', 'ë', 'î', 'ï', 'ô', 'ù', 'û', 'ÿ', 'œ', 'æ':
			french = true
		default:
			if unicode.IsLetter(r) {
				foreign = true
			}
		}
	}
	return french, foreign
}

// letterAt reports the byte size of the rune at text[i] and whether it is a
// letter.
func letterAt(text string, i int) (int, bool) {
	if c := text[i]; c < utf8.RuneSelf {
		return 1, 'a' <= c|0x20 && c|0x20 <= 'z'
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	return size, isLetter(r)
}

func isLetter(r rune) bool {
	return r != utf8.RuneError && unicode.IsLetter(r)
}

// opensClause reports whether the byte c ends a sentence or opens a clause
// or a quotation, after which a capital does not mark a name. Non-ASCII
// bytes are the lead bytes of « “ — and the like: counting them all is
// harmless, it only makes a name after them count fully.
func opensClause(c byte) bool {
	switch c {
	case '.', '!', '?', ':', ';', '\n', '"', '(', '[', '|':
		return true
	}
	return c >= utf8.RuneSelf
}

// inIdentifier reports whether the word text[start:end] is glued to a URL,
// e-mail or path character ("www.lemonde.fr/", "le@x", "a_b", "?q=de"):
// such words are not prose, and domains like ".de" would read as French.
func inIdentifier(text string, start, end int) bool {
	if start > 0 {
		switch text[start-1] {
		case '.', '/', '@', '_', '=', '&', '#', '\\', '%':
			return true
		}
	}
	if end < len(text) {
		switch text[end] {
		case '/', '@', '_', '=', '\\', '%':
			return true
		case '.':
			// "golem.de" is an identifier; "de." ending a sentence is not.
			return end+1 < len(text) && isASCIILetterOrDigit(text[end+1])
		}
	}
	return false
}

func isASCIILetterOrDigit(c byte) bool {
	return ('a' <= c|0x20 && c|0x20 <= 'z') || ('0' <= c && c <= '9')
}

// isAllCaps reports whether the word w has no lower-case letter.
func isAllCaps(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// apostropheAt returns the byte size of the apostrophe at text[i], or 0.
// Feeds use the ASCII one, the typographic ’ (U+2019), the modifier letter
// ʼ (U+02BC), and by mistake ‘ (U+2018) and ´ (U+00B4).
func apostropheAt(text string, i int) int {
	if text[i] == '\'' {
		return 1
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	switch r {
	case '\u2019', '\u02BC', '\u2018', '\u00B4':
		return size
	}
	return 0
}

// appendLower appends the non-ASCII letter (or apostrophe) l, lower-cased,
// to buf[:n] and returns the new length, which keeps growing past len(buf)
// once the word no longer fits. It lower-cases the Latin-1 capitals French
// uses (À-Þ, Œ), the only ones that matter for the tables.
func appendLower(buf *[maxWordBytes]byte, n int, l string) int {
	if n+len(l) > len(buf) {
		return n + len(l)
	}
	copy(buf[n:], l)
	switch {
	case len(l) == 1 && 'A' <= l[0] && l[0] <= 'Z':
		buf[n] += 'a' - 'A'
	case len(l) == 2 && l[0] == 0xC3 && l[1] >= 0x80 && l[1] <= 0x9E && l[1] != 0x97:
		buf[n+1] += 0x20 // À..Þ -> à..þ, except × (U+00D7)
	case len(l) == 2 && l[0] == 0xC5 && l[1] == 0x92:
		buf[n+1] = 0x93 // Œ -> œ
	}
	return n + len(l)
}
