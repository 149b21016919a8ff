package amount

import (
	"unicode"
	"unicode/utf8"
)

// Per-unit figures are prices of one share, barrel, hour or aircraft, not
// amounts of the article: "$6.95 per share", "$95 a barrel", "$1.2 million
// each", "15 euros par action", "EPS of $2.10", "a dividend of $1.40",
// "unit cost of $80 million", "le prix unitaire de 3 millions d'euros".
// Left in, they crowd the amount facet and, being precise, look like real
// figures. A unit price is dropped however large it is: an F-35's unit cost
// says nothing about the size of the contract, whose total ("a $1.5 billion
// contract for 12 aircraft") stays an amount.
//
// The rule looks at the words just around the amount:
//   - after it: "per" or "/" and a noun ("per share", "per flight hour",
//     "/barrel"); "a"/"an" and a unit noun ("a share", "an hour"); "each",
//     "apiece"; French "par" and a unit noun ("par action", "par
//     habitant"), "pièce", "chacun", "l'unité", "le baril";
//   - before it, past a few linking words ("of", "was", "to", "guidance",
//     "de"...): "EPS", "BPA", a singular "dividend"/"dividende", "per
//     share", "per-share", "unit cost", "unit price", "share price",
//     "prix unitaire", "coût unitaire".
//
// Flows over a period are amounts: "$10 billion a year", "per month",
// "each year", "par an" are how budgets are written. Plural dividends are
// totals ("dividends of $2 billion"), and French "par" alone is often "by"
// ("financé par l'État"), so it counts only before a unit noun.

// periodWords are the time periods after "per", "a", "each", "par" that
// make a flow, not a unit price. Hours are billed units ("per flight
// hour"), days, months and years are budget periods.
var periodWords = map[string]bool{
	"year": true, "years": true, "annum": true, "month": true, "quarter": true,
	"week": true, "day": true, "decade": true, "fiscal": true, "yr": true,
	"an": true, "année": true, "ans": true, "mois": true, "trimestre": true,
	"semaine": true, "jour": true, "exercice": true,
}

// unitNouns are the nouns that make "a"/"an" (English) and "par"
// (French) a price per unit; after "per" any noun does.
var unitNouns = map[string]bool{
	"share": true, "barrel": true, "gallon": true, "liter": true, "litre": true,
	"unit": true, "piece": true, "head": true, "hour": true, "ton": true,
	"tonne": true, "kilo": true, "kilogram": true, "pound": true, "ounce": true,
	"copy": true, "seat": true, "ticket": true, "pop": true, "gram": true,
	"mile": true, "person": true,

	"action": true, "actions": true, "habitant": true, "tête": true,
	"unité": true, "baril": true, "heure": true,
	"personne": true, "soldat": true, "exemplaire": true, "appareil": true,
	"salarié": true, "élève": true, "mètre": true,
}

// unitAfterArticle are the nouns of French "le baril", "la tonne", "l'unité".
var unitAfterArticle = map[string]bool{
	"baril": true, "tonne": true, "litre": true, "kilo": true, "mètre": true,
	"unité": true, "action": true, "heure": true, "exemplaire": true, "gallon": true,
}

// linkWords may stand between a per-unit cue and the amount after it:
// "EPS of $2.10", "EPS guidance to $11.40", "dividende de 2 euros".
var linkWords = map[string]bool{
	"of": true, "was": true, "were": true, "is": true, "are": true, "be": true,
	"been": true, "at": true, "to": true, "from": true, "by": true, "totaled": true,
	"totalled": true, "reached": true, "rose": true, "fell": true, "grew": true,
	"increased": true, "decreased": true, "declined": true, "climbed": true,
	"jumped": true, "dropped": true, "guidance": true, "outlook": true,
	"forecast": true, "range": true, "expected": true, "estimated": true,
	"adjusted": true, "diluted": true, "basic": true, "gaap": true, "non-gaap": true,
	"quarterly": true, "annual": true, "full-year": true, "about": true,
	"around": true, "approximately": true, "nearly": true, "roughly": true,
	"almost": true, "some": true, "just": true, "over": true, "under": true,
	"de": true, "d'environ": true, "d’environ": true, "à": true, "est": true,
	"était": true, "sera": true, "atteint": true, "environ": true, "près": true,
	"brut": true, "net": true, "annuel": true, "trimestriel": true,
}

// maxLinkWords bounds the linking words skipped before a cue.
const maxLinkWords = 3

// perUnit reports whether the amount spanning text[start:end] is a price
// per unit, judged from the words just before start and after end.
func (s *scanner) perUnit(start, end int) bool {
	return s.perUnitAfter(end) || s.perUnitBefore(start)
}

func (s *scanner) perUnitAfter(end int) bool {
	text := s.text
	var b1, b2 [24]byte
	i := skipSpaces(text, end)
	if i < len(text) && text[i] == '/' {
		w, _ := nextWord(text, i+1)
		return w != "" && !periodWords[lowerWord(b1[:0], w)]
	}
	if i == end {
		return false
	}
	w1, e1 := nextWord(text, i)
	if w1 == "" {
		return false
	}
	l1 := lowerWord(b1[:0], w1)
	w2, _ := nextWord(text, skipSpaces(text, e1))
	if skipSpaces(text, e1) == e1 {
		w2 = ""
	}
	l2 := lowerWord(b2[:0], w2)
	switch l1 {
	case "per":
		switch l2 {
		case "", "the", "a", "an", "se", "cent":
			return false
		}
		// "per DoD figures" names a source; "Per Share" in a title is a unit.
		if isUpper(firstRune(w2)) && !isUpper(firstRune(w1)) {
			return false
		}
		return !periodWords[l2]
	case "a", "an":
		return unitNouns[l2]
	case "each", "apiece":
		return !periodWords[l2]
	case "par":
		return unitNouns[l2]
	case "pièce", "chacun", "chacune":
		return true
	case "le", "la":
		return unitAfterArticle[l2]
	}
	// "l'unité", "l’action": the article is glued to the noun.
	if len(l1) > 2 && l1[0] == 'l' && l1[1] == '\'' {
		return unitAfterArticle[l1[2:]]
	}
	if len(l1) > 4 && l1[0] == 'l' && l1[1:4] == "’" {
		return unitAfterArticle[l1[4:]]
	}
	return false
}

func (s *scanner) perUnitBefore(start int) bool {
	text := s.text
	// Up to maxLinkWords linking words, then the cue and the two words
	// before it.
	var words [maxLinkWords + 3]string
	n := 0
	i := start
	for n < len(words) {
		w, at := prevWord(text, i)
		if w == "" {
			break
		}
		words[n] = w
		n++
		i = at
	}
	var buf [3][24]byte
	for k := 0; k < n && k <= maxLinkWords; k++ {
		l := lowerWord(buf[0][:0], words[k])
		prev, prev2 := "", ""
		if k+1 < n {
			prev = lowerWord(buf[1][:0], words[k+1])
		}
		if k+2 < n {
			prev2 = lowerWord(buf[2][:0], words[k+2])
		}
		if perUnitCue(l, prev, prev2) {
			return true
		}
		if !linkWords[l] {
			return false
		}
	}
	return false
}

// perUnitCue reports whether the word w, after prev and prev2, names a
// per-unit figure.
func perUnitCue(w, prev, prev2 string) bool {
	switch w {
	case "eps", "bpa", "dividend", "dividende":
		return true
	case "cost", "costs", "price", "prices", "coût", "cout", "prix":
		if prev == "unit" || prev2 == "unit" || prev == "share" || prev == "stock" {
			return true
		}
	case "target":
		if prev == "price" {
			return true
		}
	case "unitaire", "unitaires":
		return prev == "prix" || prev == "coût" || prev == "cout" || prev == "montant"
	}
	if perPrefixed(w) {
		return true // "per-share", "per-unit"
	}
	if linkWords[w] || periodWords[w] {
		return false // "spending per year of $5 billion" is a flow
	}
	// "per share", "per diluted share", "per flight hour", "par action",
	// "per-share payout".
	isPer := func(p string) bool { return p == "per" || p == "par" }
	return isPer(prev) || perPrefixed(prev) || isPer(prev2) && !determiners[prev]
}

func perPrefixed(w string) bool { return len(w) > 4 && w[:4] == "per-" && !periodWords[w[4:]] }

// determiners stop "per the contract" from reading as "per unit".
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "le": true, "la": true, "les": true, "un": true, "une": true,
}

// skipSpaces skips inline spaces from i.
func skipSpaces(text string, i int) int {
	for w := spaceWidth(text, i); w > 0; w = spaceWidth(text, i) {
		i += w
	}
	return i
}

// wordRune reports a rune of a word: a letter, a hyphen or an apostrophe
// inside it.
func wordRune(r rune) bool {
	return r == '-' || r == '\'' || r == '’' || unicode.IsLetter(r)
}

// nextWord returns the word of letters, hyphens and apostrophes starting at
// i and where it ends, or "".
func nextWord(text string, i int) (string, int) {
	j := i
	for j < len(text) {
		r, w := rune(text[j]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(text[j:])
		}
		if !wordRune(r) {
			break
		}
		j += w
	}
	if j == i || !unicode.IsLetter(firstRune(text[i:j])) {
		return "", i
	}
	return text[i:j], j
}

// prevWord returns the word ending before i past at least one inline space,
// and where it starts, or "".
func prevWord(text string, i int) (string, int) {
	j := i
	for w := spaceWidthBefore(text, j); w > 0; w = spaceWidthBefore(text, j) {
		j -= w
	}
	if j == i {
		return "", i
	}
	a := j
	for a > 0 {
		r, w := rune(text[a-1]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeLastRuneInString(text[:a])
		}
		if !wordRune(r) {
			break
		}
		a -= w
	}
	if a == j || !unicode.IsLetter(firstRune(text[a:j])) {
		return "", i
	}
	return text[a:j], a
}

func isUpper(r rune) bool { return unicode.IsUpper(r) }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// lowerWord appends w lower-cased (ASCII letters only) to dst, cut at its
// capacity; no cue word is that long.
func lowerWord(dst []byte, w string) string {
	return string(lowerASCII(dst, w))
}
