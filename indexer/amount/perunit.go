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
//     "de"...): "EPS", "BPA", a singular "dividend"/"dividende" (for an
//     amount without a scale word: "a special dividend of $2 billion" is a
//     total), "per share", "per-share", "unit cost", "unit price", "share
//     price", "prix unitaire", "coût unitaire".
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
	"mo": true, "mth": true, "wk": true,
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
// per unit, judged from the words just before start and after end. scaled
// says it has a scale word: "a dividend of $2 billion" is a total, no
// share is worth that.
func (s *scanner) perUnit(start, end int, scaled bool) bool {
	return s.perUnitAfter(end) || s.perUnitBefore(start, scaled)
}

func (s *scanner) perUnitAfter(end int) bool {
	text := s.text
	i := skipSpaces(text, end)
	if i < len(text) && text[i] == '/' {
		// "$95/barrel", "$2,550/mo"; "$329/EUR 299" is two prices.
		w, _ := nextWord(text, i+1)
		_, code := isoCodes[w]
		return w != "" && !code && !inSet(periodWords, w)
	}
	if i == end {
		return false
	}
	w1, e1 := nextWord(text, i)
	if w1 == "" {
		return false
	}
	w2 := ""
	if i2 := skipSpaces(text, e1); i2 > e1 {
		w2, _ = nextWord(text, i2)
	}
	switch {
	case equalFold(w1, "per"):
		switch {
		case w2 == "", equalFold(w2, "the"), equalFold(w2, "a"), equalFold(w2, "an"),
			equalFold(w2, "se"), equalFold(w2, "cent"):
			return false
		case isUpper(firstRune(w2)) && !isUpper(firstRune(w1)):
			// "per DoD figures" names a source; "Per Share" in a title is a unit.
			return false
		}
		return !inSet(periodWords, w2)
	case equalFold(w1, "a"), equalFold(w1, "an"), equalFold(w1, "par"):
		return inSet(unitNouns, w2)
	case equalFold(w1, "each"), equalFold(w1, "apiece"):
		return !inSet(periodWords, w2)
	case equalFold(w1, "pièce"), equalFold(w1, "chacun"), equalFold(w1, "chacune"):
		return true
	case equalFold(w1, "le"), equalFold(w1, "la"):
		return inSet(unitAfterArticle, w2)
	}
	// "l'unité", "l’action": the article is glued to the noun.
	if len(w1) > 2 && w1[0]|0x20 == 'l' && w1[1] == '\'' {
		return inSet(unitAfterArticle, w1[2:])
	}
	if len(w1) > 4 && w1[0]|0x20 == 'l' && w1[1:4] == "’" {
		return inSet(unitAfterArticle, w1[4:])
	}
	return false
}

func (s *scanner) perUnitBefore(start int, scaled bool) bool {
	// Up to maxLinkWords linking words, then the cue and the two words
	// before it, read only as far as needed.
	var words [maxLinkWords + 3]string
	n, at := 0, start
	word := func(k int) string {
		for n <= k && at >= 0 {
			w, a := prevWord(s.text, at)
			if w == "" {
				at = -1
				break
			}
			words[n], at = w, a
			n++
		}
		if k < n {
			return words[k]
		}
		return ""
	}
	// Most amounts have no "per" or "par" anywhere before them: then no
	// word needs the ones before it read.
	hasPer := containsPer(s.text[max(0, start-perWindow):start])
	for k := 0; k <= maxLinkWords; k++ {
		w := word(k)
		if w == "" || plainWord(w) {
			return false
		}
		link := inSet(linkWords, w)
		if !link && perUnitCue(w, func(d int) string { return word(k + d) }, scaled, hasPer) {
			return true
		}
		if !link {
			return false
		}
	}
	return false
}

// plainWord screens the words most often found before an amount, which
// are neither a cue nor a linking word: "a $5 million deal", "for $5".
func plainWord(w string) bool {
	switch len(w) {
	case 1:
		return w[0]|0x20 == 'a'
	case 2:
		return equalFold(w, "an") || equalFold(w, "in") || equalFold(w, "on") || equalFold(w, "un") ||
			equalFold(w, "le") || equalFold(w, "la") || equalFold(w, "et") || equalFold(w, "en")
	case 3:
		return equalFold(w, "the") || equalFold(w, "for") || equalFold(w, "and") || equalFold(w, "une") ||
			equalFold(w, "des") || equalFold(w, "les")
	}
	return false
}

// perUnitCue reports whether the word w, after the words before it
// (before(1), before(2), read only when needed), names a per-unit figure;
// w is not a linking word.
func perUnitCue(w string, before func(int) string, scaled, hasPer bool) bool {
	switch {
	case equalFold(w, "eps"), equalFold(w, "bpa"), equalFold(w, "dividend"), equalFold(w, "dividende"):
		return !scaled
	case perPrefixed(w):
		return true // "per-share", "per-unit"
	case equalFold(w, "cost"), equalFold(w, "costs"), equalFold(w, "price"), equalFold(w, "prices"),
		equalFold(w, "coût"), equalFold(w, "cout"), equalFold(w, "prix"):
		prev := before(1)
		if equalFold(prev, "unit") || equalFold(before(2), "unit") || equalFold(prev, "share") || equalFold(prev, "stock") {
			return true
		}
	case equalFold(w, "target"):
		if equalFold(before(1), "price") {
			return true
		}
	case equalFold(w, "unitaire"), equalFold(w, "unitaires"):
		prev := before(1)
		return equalFold(prev, "prix") || equalFold(prev, "coût") || equalFold(prev, "cout") || equalFold(prev, "montant")
	}
	// "per share", "per diluted share", "per flight hour", "par action",
	// "per-share payout"; but "spending per year of $5 billion" is a flow.
	if !hasPer {
		return false
	}
	// French "par" is also "by" ("rachetée par Safran pour 220 millions
	// d'euros"): it makes a unit price only with a unit noun.
	isPer := func(p string) bool { return equalFold(p, "per") || equalFold(p, "par") && inSet(unitNouns, w) }
	prev := before(1)
	per := isPer(prev) || perPrefixed(prev)
	if !per && prev != "" && isPer(before(2)) {
		per = !inSet(determiners, prev)
	}
	return per && !inSet(periodWords, w)
}

// perWindow is how far before an amount containsPer looks: past the
// linking words and the two words of "per diluted share".
const perWindow = 96

// containsPer reports "per" or "par" (any case) in b.
func containsPer(b string) bool {
	for k := 0; k+3 <= len(b); k++ {
		if b[k]|0x20 == 'p' && b[k+2]|0x20 == 'r' && (b[k+1]|0x20 == 'e' || b[k+1]|0x20 == 'a') {
			return true
		}
	}
	return false
}

func perPrefixed(w string) bool {
	return len(w) > 4 && equalFold(w[:4], "per-") && !inSet(periodWords, w[4:])
}

// inSet looks w up lower-cased in a set of lower-case words, without
// allocating.
func inSet(set map[string]bool, w string) bool {
	var buf [24]byte
	if len(w) > len(buf) {
		return false
	}
	return set[string(lowerASCII(buf[:0], w))]
}

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
		if c := text[j]; c < utf8.RuneSelf {
			if !isASCIILetter(c) && c != '-' && c != '\'' {
				break
			}
			j++
			continue
		}
		r, w := utf8.DecodeRuneInString(text[j:])
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
		if c := text[a-1]; c < utf8.RuneSelf {
			if !isASCIILetter(c) && c != '-' && c != '\'' {
				break
			}
			a--
			continue
		}
		r, w := utf8.DecodeLastRuneInString(text[:a])
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
