package amount

import (
	"math"
	"strings"
)

// How Find works: one pass over the bytes stops only at digits, at the
// letters "illi" (million, milliard, billion, trillion: the spelled-out
// counts) and at the first letter of a currency word ("dollars", "euros":
// the small spelled-out amounts, "ten dollars"). At a digit it reads the numeral, then looks just around it for a
// currency before ("$", "US$", "EUR ") and a scale word and currency after
// ("million", "Md€", "de dollars"). A number without a currency is never an
// amount, except as the first bound of a range whose second bound names
// one ("de 2 à 3 milliards d'euros").

// maxValue bounds accepted values (in units of the currency): larger
// "amounts" are identifiers or OCR noise, and it keeps Value finite.
const maxValue = 1e18

// scanner is the state of one Find call.
type scanner struct {
	p       *Parser
	text    string
	out     []Amount
	last    int // end of the last amount: amounts never overlap
	docLang cue // language of the whole text, computed on first need
}

// expr is a candidate money expression.
type expr struct {
	start, end int
	num        numeral // the digits, when written with digits
	spelled    decimal // the count, when spelled out (isSpelled)
	isSpelled  bool
	scale      *scaleForm
	half       bool // "et demi", "and a half"
	cents      int  // "3 dollars 50 cents", "5 euros 20": 1 to 99, or 0
	cur        string
	curPrefix  bool // currency written before the number
	signPrefix bool // ... as a sign ("$5"), the English order
	suffix     *currencyForm
	linker     bool // "de", "d'" between scale and currency: French
	glued      bool // symbol right after a scale abbreviation: "M€", "Md$"
}

func (s *scanner) run() {
	text := s.text
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case isDigit(c):
			i = s.atDigit(i)
		case !isASCIILetter(c):
			i++
		case currencyWordStart[c] != 0 && i+1 < len(text) && text[i+1]|0x20 == currencyWordStart[c] && s.currencyWordAt(i):
			i = s.atCurrencyWord(i)
		default:
			i = s.inWord(i)
		}
	}
}

// inWord skips the run of ASCII letters starting at text[i], handing a
// scale word ("illi") to atScaleWord, and returns where the scan resumes.
func (s *scanner) inWord(i int) int {
	text := s.text
	j := i
	for ; j < len(text) && isASCIILetter(text[j]); j++ {
		if text[j]|0x20 == 'i' && j+4 <= len(text) && equalFold(text[j+1:j+4], "lli") {
			return s.atScaleWord(j)
		}
	}
	return j
}

// atDigit handles the numeral starting at text[i] and returns where the
// scan resumes.
func (s *scanner) atDigit(i int) int {
	e, ok := s.parseExpr(i, false)
	if !ok {
		return max(e.num.end, i+1)
	}
	// A unit after the second bound of a range prices both: "$11.40 -
	// $11.60 per share".
	tail := e.end
	if e.cur == "" || e.scale == nil {
		e2, ok := s.rangePartner(&e)
		if ok {
			tail = e2.end
		}
		if ok && s.mergeRange(&e, &e2) {
			if s.perUnit(e.start, e2.end, e2.scale != nil) {
				return e2.end
			}
			s.emit(&e)
			s.emit(&e2)
			return e2.end
		}
	}
	if e.cur != "" && s.perUnit(e.start, tail, e.scale != nil) {
		return tail // both bounds of "EPS of $11.40 - $11.60"
	}
	if e.cur == "" || !s.emit(&e) {
		return e.num.end
	}
	return e.end
}

// parseExpr reads the expression around the numeral at text[i]. partner
// is set for the second bound of a range, whose left side is the range
// connector ("200-300 million").
func (s *scanner) parseExpr(i int, partner bool) (expr, bool) {
	text := s.text
	e := expr{num: lexNumber(text, i)}
	e.start = i
	pf, start, known := s.prefix(i)
	if pf != nil && pf.weak && !s.moneyShaped(&e) {
		pf = nil
	}
	switch {
	case !known:
		return e, false
	case pf != nil:
		e.cur, e.curPrefix, e.signPrefix, e.start = pf.code, true, !pf.isoCode, start
	case !partner && !s.leftContextOK(i):
		return e, false
	}
	k := e.num.end
	if sc, end := s.scaleAt(k); sc != nil {
		e.scale, k = sc, end
		if end, ok := s.halfAt(k); ok {
			e.half, k = true, end
		}
	}
	if f, end, linker := s.suffixAt(k, &e); f != nil && (!f.weak || e.curPrefix || s.moneyShaped(&e)) {
		// A bare "$" is refined by the code after it: "$229 CAD".
		if pf != nil && pf.weak && e.cur != f.code {
			// A weak code is more often an acronym: in "le CAD 5 millions de
			// dollars" the currency is the dollar, written after.
			e.cur, e.curPrefix, e.signPrefix, e.start = "", false, false, i
		}
		if e.cur == "" || e.cur == f.code || pf != nil && pf.form == "$" && dollarCodes[f.code] {
			e.cur, e.suffix, e.linker, k = f.code, f, linker, end
			e.glued = f.symbol && e.scale != nil && !e.scale.word
		}
	}
	if e.scale == nil && e.suffix == nil && wordRuneAt(text, e.num.end) {
		return e, false // "5G", "500km", "3D"
	}
	if e.suffix != nil && s.yearOfDollars(&e) {
		return e, false
	}
	if e.cur != "" && e.scale == nil && e.num.simple() {
		if c, end, ok := s.centsAt(e.start, k, e.suffix != nil && e.suffix.fold); ok {
			e.cents, k = c, end
		}
	}
	e.end = k
	return e, true
}

// prefix finds a currency written just before text[i], allowing one space.
// known is false for an unknown "X$" prefix (Zimbabwe, Mexican...), which
// must not be read as US dollars.
func (s *scanner) prefix(i int) (f *prefixForm, start int, known bool) {
	text := s.text
	positions := [2]int{i, -1}
	if w := spaceWidthBefore(text, i); w > 0 {
		positions[1] = i - w
	}
	for _, j := range positions {
		if j <= 0 {
			continue
		}
		for _, n := range prefixIndex[text[j-1]] {
			f := &prefixCurrencies[n]
			if !strings.HasSuffix(text[:j], f.form) {
				continue
			}
			st := j - len(f.form)
			if st < s.last {
				continue
			}
			if r, _ := runeBefore(text, st); isWordRune(r) {
				if f.form == "$" && isASCIILetter(text[st-1]) {
					return nil, 0, false
				}
				if f.letterStart {
					continue
				}
			}
			return f, st, true
		}
	}
	return nil, 0, true
}

// moneyShaped says whether the number looks like money on its own: a scale
// word after it or grouped digits. The scale is looked up here because the
// prefix is read before it.
func (s *scanner) moneyShaped(e *expr) bool {
	if !e.num.simple() {
		return true
	}
	sc, _ := s.scaleAt(e.num.end)
	return sc != nil
}

// leftContextOK rejects numerals that belong to a model name or a date:
// "F-35", "A400M", "GPT-4", "12/06", "v.2".
func (s *scanner) leftContextOK(i int) bool {
	r, at := runeBefore(s.text, i)
	switch {
	case r < 0:
		return true
	case isWordRune(r):
		return false
	case r == '-' || r == '\u2010' || r == '\u2011' || r == '/' || r == ':' || r == '.' || r == ',':
		r2, _ := runeBefore(s.text, at)
		if r == ',' {
			return !isDigitRune(r2)
		}
		return !isWordRune(r2)
	}
	return true
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

// scaleAt reads a scale token after the numeral ending at k: glued ("5bn"),
// after a space ("5 milliards") or, for words, after a hyphen ("1.2-billion").
func (s *scanner) scaleAt(k int) (*scaleForm, int) {
	text := s.text
	if sc, end := s.scaleFormAt(k, true, false); sc != nil {
		return sc, end
	}
	if w := hyphenWidth(text, k); w > 0 {
		if sc, end := s.scaleFormAt(k+w, false, true); sc != nil {
			return sc, end
		}
	}
	if g := gapEnd(text, k); g > k {
		return s.scaleFormAt(g, false, false)
	}
	return nil, 0
}

func (s *scanner) scaleFormAt(i int, glued, hyphen bool) (*scaleForm, int) {
	text := s.text
	if i >= len(text) {
		return nil, 0
	}
	for _, n := range scaleIndex[text[i]] {
		sc := &scaleForms[n]
		if hyphen && !sc.word || sc.glued && !glued {
			continue
		}
		end := matchForm(text, i, sc.form, sc.word)
		if end < 0 || wordRuneAt(text, end) {
			continue
		}
		if sc.symbolOnly {
			at := end + spaceWidth(text, end)
			if !strings.HasPrefix(text[at:], "$") && !strings.HasPrefix(text[at:], "€") {
				continue
			}
		}
		if !sc.word {
			// "B-52", "M-346": an abbreviation glued to a model number.
			if w := hyphenWidth(text, end); w > 0 && end+w < len(text) && isDigit(text[end+w]) {
				continue
			}
		}
		return sc, end
	}
	return nil, 0
}

// halfAt reads "et demi(e)" or "and a half" after a scale word.
func (s *scanner) halfAt(k int) (int, bool) {
	g := gapEnd(s.text, k)
	if g == k {
		return 0, false
	}
	for _, form := range [...]string{"et demie", "et demi", "and a half"} {
		if end := matchForm(s.text, g, form, true); end > 0 && !wordRuneAt(s.text, end) {
			return end, true
		}
	}
	return 0, false
}

// suffixAt reads the currency after a number or scale word ending at k.
func (s *scanner) suffixAt(k int, e *expr) (f *currencyForm, end int, linker bool) {
	text := s.text
	hasScale := e.scale != nil
	if f, end := s.currencyFormAt(k, e); f != nil {
		return f, end, false
	}
	if w := hyphenWidth(text, k); w > 0 && (!hasScale || e.scale.word) {
		// Attributive: "a 5-million-dollar deal", "a $1.2-billion-euro loan",
		// "a 20-euro fine".
		if f, end := s.currencyFormAt(k+w, e); f != nil && f.fold {
			return f, end, false
		}
	}
	g := gapEnd(text, k)
	if g == k {
		return nil, 0, false
	}
	if f, end := s.currencyFormAt(g, e); f != nil {
		return f, end, false
	}
	if !hasScale {
		return nil, 0, false
	}
	// French "millions de dollars", "milliard d'euros".
	var after int
	switch {
	case matchForm(text, g, "de ", true) > 0:
		after = matchForm(text, g, "de ", true)
	case matchForm(text, g, "d'", true) > 0:
		after = gapEnd(text, g+2)
	case matchForm(text, g, "d’", true) > 0:
		after = gapEnd(text, g+len("d’"))
	default:
		return nil, 0, false
	}
	if f, end := s.currencyFormAt(after, e); f != nil {
		return f, end, true
	}
	return nil, 0, false
}

// currencyFormAt finds the longest currency form at text[i] that fits e.
func (s *scanner) currencyFormAt(i int, e *expr) (*currencyForm, int) {
	text := s.text
	if i >= len(text) {
		return nil, 0
	}
	for _, n := range suffixIndex[text[i]] {
		f := &suffixCurrencies[n]
		end := matchForm(text, i, f.form, f.fold)
		if end < 0 || !endsWordCleanly(text, end, f.form) {
			continue
		}
		if f.symbol && e.scale == nil && digitFollows(text, end) {
			continue // "in 2025 $5 billion": the "$" is the next number's
		}
		if f.needScale && e.scale == nil {
			continue
		}
		if followedByAny(text, end, f.notBefore) {
			continue
		}
		if f.fold && hyphenWidth(text, end) > 0 && wordRuneAt(text, end+hyphenWidth(text, end)) {
			continue // a compound: "euro-area", "dollar-denominated"
		}
		return f, end
	}
	return nil, 0
}

// followedByAny reports whether one of words comes next after i.
func followedByAny(text string, i int, words []string) bool {
	if len(words) == 0 {
		return false
	}
	g := gapEnd(text, i)
	if g == i {
		return false
	}
	for _, w := range words {
		if end := matchForm(text, g, w, true); end > 0 && !wordRuneAt(text, end) {
			return true
		}
	}
	return false
}

// digitFollows reports a digit at text[i], possibly after one inline space.
func digitFollows(text string, i int) bool {
	i += spaceWidth(text, i)
	return i < len(text) && isDigit(text[i])
}

// yearOfDollars rejects "in 2024 dollars", "en 2020 euros constants", "the
// 2024 Euro": a year that dates a currency or names a championship, not an
// amount.
func (s *scanner) yearOfDollars(e *expr) bool {
	if e.scale != nil || e.curPrefix || !e.num.simple() || e.num.end-e.num.start != 4 {
		return false
	}
	y := 0
	for k := e.num.start; k < e.num.end; k++ {
		y = y*10 + int(s.text[k]-'0')
	}
	if y < 1900 || y > 2100 {
		return false
	}
	if f := e.suffix; f.fold && (f.form == "euro" || f.form == "dollar") {
		return true // "the 2024 Euro", "a 2020 dollar": singular, so a year
	}
	var buf [16]byte
	switch string(lowerASCII(buf[:0], wordBefore(s.text, e.num.start))) {
	case "in", "en", "constant", "constants", "fiscal":
		return true
	}
	return false
}

// rangePartner reads the second bound of "X to Y", "X-Y", "de X à Y",
// "between X and Y", "entre X et Y", "X or Y".
func (s *scanner) rangePartner(e *expr) (expr, bool) {
	text := s.text
	k := e.end
	g := gapEnd(text, k)
	spaced := g > k
	end := -1
	if w := dashWidth(text, g); w > 0 {
		end = g + w
	} else if spaced {
		for _, c := range [...]string{"to", "and", "or", "à", "a", "et", "ou"} {
			if m := matchForm(text, g, c, true); m > 0 && spaceWidth(text, m) > 0 {
				if c == "and" || c == "et" {
					// "and" joins bounds only after "between": "200 million
					// and 3 billion dollars" are two different things.
					if !betweenBefore(text, e.start) {
						return expr{}, false
					}
				}
				end = m
				break
			}
		}
	}
	if end < 0 {
		return expr{}, false
	}
	from := gapEnd(text, end)
	// The second bound may carry its own prefix: "$1 to $2 billion".
	d := from
	for d < len(text) && d < from+8 && !isDigit(text[d]) {
		d++
	}
	if d >= len(text) || !isDigit(text[d]) {
		return expr{}, false
	}
	e2, ok := s.parseExpr(d, true)
	if !ok || e2.start != from {
		return expr{}, false
	}
	return e2, true
}

// betweenBefore reports "between" or "entre" just before i.
func betweenBefore(text string, i int) bool {
	w := wordBefore(text, i)
	return equalFold(w, "between") || equalFold(w, "entre")
}

// dashWidth returns the width of a range dash at text[i]: "-", "–", "—".
func dashWidth(text string, i int) int {
	if w := hyphenWidth(text, i); w > 0 {
		return w
	}
	if strings.HasPrefix(text[i:], "–") || strings.HasPrefix(text[i:], "—") {
		return 3
	}
	return 0
}

// mergeRange shares the scale and currency between the bounds of a range:
// "2 à 3 milliards d'euros" is 2 and 3 billion euros, "$200-300 million"
// 200 and 300 million dollars. It reports whether both bounds are amounts
// thanks to each other; if not, each stands or falls alone.
func (s *scanner) mergeRange(e1, e2 *expr) bool {
	switch {
	case e1.cur == "":
		// The currency must come after the second bound, which then covers
		// both: "between 1 and 2 billion dollars", not "1 and $2 billion".
		if e2.suffix == nil || e2.curPrefix || e1.scale != nil && e2.scale == nil {
			return false
		}
		inherited := *e1
		inherited.cur, inherited.suffix, inherited.linker, inherited.glued = e2.cur, e2.suffix, e2.linker, e2.glued
		if inherited.scale == nil {
			inherited.scale = e2.scale
		}
		if !s.ordered(&inherited, e2) {
			return false
		}
		*e1 = inherited
		return true
	case e2.cur == "" || e2.cur == e1.cur:
		if e2.cur == "" {
			// "$5-10 years" is not ten dollars: a bare second bound needs a
			// scale word or nothing wordy after it.
			if e2.scale == nil && wordAfter(s.text, e2.end) {
				return false
			}
			e2.cur, e2.signPrefix = e1.cur, e1.signPrefix
		} else if e1.scale != nil || e2.scale == nil {
			return false // two complete amounts: nothing to share
		}
		if e1.scale == nil && e2.scale != nil {
			scaled := *e1
			scaled.scale = e2.scale
			if s.ordered(&scaled, e2) {
				*e1 = scaled
			}
		}
		return s.ordered(e1, e2)
	}
	return false
}

// ordered checks a range runs upwards; "2025 to 3 billion dollars" is a year
// and an amount, not a range.
func (s *scanner) ordered(e1, e2 *expr) bool {
	v1, ok1 := s.value(e1)
	v2, ok2 := s.value(e2)
	return ok1 && ok2 && v1 <= v2
}

// wordAfter reports a letter after i, past inline spaces.
func wordAfter(text string, i int) bool {
	for w := spaceWidth(text, i); w > 0; w = spaceWidth(text, i) {
		i += w
	}
	return i < len(text) && isASCIILetter(text[i])
}

// atScaleWord handles "illi" at text[i]: a scale word possibly preceded by
// a spelled-out count ("un milliard d'euros", "a billion dollars").
func (s *scanner) atScaleWord(i int) int {
	text := s.text
	ws, we := i, i
	for ws > 0 && isASCIILetter(text[ws-1]) {
		ws--
	}
	for we < len(text) && isASCIILetter(text[we]) {
		we++
	}
	if ws < s.last || wordRuneAt(text, we) {
		return we
	}
	if r, _ := runeBefore(text, ws); isWordRune(r) {
		return we // "multibillion" with an accent or digit glued before
	}
	sc, _ := s.scaleFormAt(ws, false, false)
	if sc == nil || !sc.word || sc.exp < 6 {
		return we
	}
	start, d, ok := s.countBefore(ws)
	if !ok {
		return we
	}
	e := expr{start: start, spelled: d, isSpelled: true, scale: sc}
	k := we
	if end, ok := s.halfAt(k); ok {
		e.half, k = true, end
	}
	f, end, linker := s.suffixAt(k, &e)
	// "a two-billion-dollar deal" and "a billion-dollar contract" have a
	// count; "the billion-dollar question" and "multibillion-dollar" do not.
	if f == nil {
		return we
	}
	e.cur, e.suffix, e.linker, e.end = f.code, f, linker, end
	if s.perUnit(e.start, e.end, true) || !s.emit(&e) {
		return we
	}
	return e.end
}

// countBefore reads the spelled-out count ending before the scale word at
// ws, preferring the longest run of number words.
func (s *scanner) countBefore(ws int) (start int, d decimal, ok bool) {
	text := s.text
	var bounds [maxNumberWords][2]int
	n := 0
	pos := ws
	for n < maxNumberWords {
		j := pos
		switch {
		case j > 0 && text[j-1] == '-':
			j--
		case spaceWidthBefore(text, j) > 0:
			for w := spaceWidthBefore(text, j); w > 0; w = spaceWidthBefore(text, j) {
				j -= w
			}
		case j >= 3 && hyphenWidth(text, j-3) == 3:
			j -= 3
		default:
			j = -1
		}
		if j < 0 {
			break
		}
		if j > 0 && isDigit(text[j-1]) {
			return 0, d, false // digits are the digit path's business
		}
		a := j
		for a > 0 && isASCIILetter(text[a-1]) {
			a--
		}
		if a == j {
			break
		}
		if r, _ := runeBefore(text, a); isWordRune(r) {
			break // part of an accented word
		}
		bounds[n] = [2]int{a, j}
		n++
		pos = a
	}
	var words [maxNumberWords]string
	for l := n; l > 0; l-- {
		for k := 0; k < l; k++ {
			b := bounds[l-1-k]
			words[k] = text[b[0]:b[1]]
		}
		tenths, ok := spelledTenths(words[:l])
		if !ok || bounds[l-1][0] < s.last {
			continue
		}
		d = decimal{exp: -1}
		for v := tenths; v > 0; v /= 10 {
			d.n++
		}
		for k, v := d.n-1, tenths; k >= 0; k, v = k-1, v/10 {
			d.digits[k] = byte('0' + v%10)
		}
		return bounds[l-1][0], d, true
	}
	return 0, d, false
}

// currencyWordStart maps the first letter of each currency word that may
// follow a spelled-out count (dollar(s), euro(s), franc(s) suisse(s),
// livre(s) sterling, pound(s) sterling, yen(s)) to its second letter, so
// that "de", "des", "le", "la" are passed over with one comparison.
var currencyWordStart = func() *[256]byte {
	var t [256]byte
	for _, w := range [...]string{"do", "eu", "fr", "li", "po", "ye"} {
		t[w[0]], t[w[0]-'a'+'A'] = w[1], w[1]
	}
	return &t
}()

// currencyWordAt cheaply screens text[i] as the start of such a word.
func (s *scanner) currencyWordAt(i int) bool {
	text := s.text
	var w string
	switch text[i] | 0x20 {
	case 'd':
		w = "dollar"
	case 'e':
		w = "euro"
	case 'f':
		w = "franc"
	case 'l':
		w = "livre"
	case 'p':
		w = "pound"
	case 'y':
		w = "yen"
	}
	if i+len(w) > len(text) || !equalFold(text[i:i+len(w)], w) {
		return false
	}
	r, _ := runeBefore(text, i)
	return !isWordRune(r)
}

// atCurrencyWord handles a currency word at text[i] that no number before
// it has claimed: a whole amount if a spelled-out count precedes it ("ten
// dollars", "vingt-cinq euros", "a ten-dollar bill"), and returns where the
// scan resumes.
func (s *scanner) atCurrencyWord(i int) int {
	text := s.text
	e := expr{}
	f, end := s.currencyFormAt(i, &e)
	if f == nil || !f.fold || i < s.last {
		return i + 1
	}
	start, d, ok := s.countBefore(i)
	if !ok || loneArticle(text[start:i]) {
		return i + 1 // "a dollar", "un euro fort": no count
	}
	e = expr{start: start, spelled: d, isSpelled: true, cur: f.code, suffix: f, end: end}
	if c, end, ok := s.centsAt(start, end, true); ok {
		e.cents, e.end = c, end
	}
	e1, isRange := s.spelledLowerBound(&e)
	if isRange {
		if s.perUnit(e1.start, e.end, false) {
			return e.end
		}
		s.emit(&e1)
	} else if s.perUnit(e.start, e.end, false) {
		return end
	}
	if !s.emit(&e) {
		return end
	}
	return e.end
}

// spelledLowerBound reads the first bound of a spelled-out range whose
// second bound is e: "ten to twenty dollars", "between ten and twenty
// dollars", "de dix à vingt euros". It takes e's currency.
func (s *scanner) spelledLowerBound(e *expr) (expr, bool) {
	text := s.text
	w, at := prevWord(text, e.start)
	between := false
	switch {
	case w == "" && at == e.start:
		// "ten - twenty dollars": a spaced dash.
		j := e.start - spaceWidthBefore(text, e.start)
		if j == e.start || j == 0 || text[j-1] != '-' {
			return expr{}, false
		}
		at = j - 1
	case equalFold(w, "to"), equalFold(w, "or"), equalFold(w, "à"), equalFold(w, "ou"):
	case equalFold(w, "and"), equalFold(w, "et"):
		between = true
	default:
		return expr{}, false
	}
	start, d, ok := s.countBefore(at)
	if !ok || loneArticle(text[start:at]) || between && !betweenBefore(text, start) {
		return expr{}, false
	}
	end := at
	for w := spaceWidthBefore(text, end); w > 0; w = spaceWidthBefore(text, end) {
		end -= w
	}
	e1 := expr{start: start, end: end, spelled: d, isSpelled: true, cur: e.cur}
	if !s.ordered(&e1, e) {
		return expr{}, false
	}
	return e1, true
}

// loneArticle reports a count that is only an indefinite article ("a ",
// "un-"): it makes "a dollar" and "un euro" (a currency, not an amount).
func loneArticle(count string) bool {
	w := count
	for len(w) > 0 && (w[len(w)-1] == ' ' || w[len(w)-1] == '-') {
		w = w[:len(w)-1]
	}
	switch {
	case equalFold(w, "a"), equalFold(w, "an"), equalFold(w, "un"), equalFold(w, "une"):
		return true
	}
	return false
}

// centsAt reads the cents after a whole amount ending at k: "3 dollars 50
// cents", "3 dollars and 50 cents", "€3 et 50 centimes", "treize euros et
// quarante-cinq cents" and, after a currency word only, two bare digits
// ending the phrase ("5 euros 20."). The cents word is required otherwise:
// "5 euros 20 fois" is not 5.20.
func (s *scanner) centsAt(start, k int, afterWord bool) (cents, end int, ok bool) {
	text := s.text
	g := gapEnd(text, k)
	if g == k {
		return 0, 0, false
	}
	joined := false
	for _, c := range [...]string{"and", "et"} {
		if m := matchForm(text, g, c, true); m > 0 && spaceWidth(text, m) > 0 {
			g, joined = skipSpaces(text, m), true
			break
		}
	}
	if joined && betweenBefore(text, start) {
		return 0, 0, false // "between $3 and 50 cents" is a range
	}
	if g < len(text) && isDigit(text[g]) {
		d := digitsEnd(text, g)
		if d-g > 2 {
			return 0, 0, false
		}
		v := 0
		for _, c := range []byte(text[g:d]) {
			v = v*10 + int(c-'0')
		}
		if v == 0 {
			return 0, 0, false
		}
		if g := skipSpaces(text, d); g > d {
			if ce := centWordAt(text, g); ce > 0 {
				return v, ce, true
			}
		}
		if afterWord && !joined && d-g == 2 && phraseEndsAt(text, d) {
			return v, d, true
		}
		return 0, 0, false
	}
	// Spelled out: number words then the cents word.
	var words [maxNumberWords]string
	n, j := 0, g
	for n < len(words) {
		a := j
		for j < len(text) && isASCIILetter(text[j]) {
			j++
		}
		if a == j || wordRuneAt(text, j) {
			return 0, 0, false
		}
		if n > 0 {
			if ce := centWordAt(text, a); ce > 0 {
				if v, ok := cardinal(words[:n]); ok && v < 100 {
					return int(v), ce, true
				}
				return 0, 0, false
			}
		}
		words[n] = text[a:j]
		n++
		switch {
		case hyphenWidth(text, j) > 0:
			j += hyphenWidth(text, j)
		case spaceWidth(text, j) > 0:
			j = skipSpaces(text, j)
		default:
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// centWordAt returns the end of "cents", "centimes", "pence" (or their
// singular) at i, or 0.
func centWordAt(text string, i int) int {
	for _, w := range [...]string{"centimes", "centime", "cents", "cent", "pence"} {
		if end := matchForm(text, i, w, true); end > 0 && !wordRuneAt(text, end) {
			return end
		}
	}
	return 0
}

// phraseEndsAt reports the end of a phrase at i: the end of the text, a
// line break or a punctuation mark that is not inside a number.
func phraseEndsAt(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	switch text[i] {
	case '.', ',':
		return i+1 >= len(text) || !isDigit(text[i+1])
	case ';', ':', '!', '?', ')', '\n', '\r':
		return true
	}
	return false
}

// lang decides the language an expression is written in, from its own
// words first and from the whole text when they say nothing.
func (s *scanner) lang(e *expr) cue {
	if e.linker || e.glued || e.scale != nil && e.scale.cue == cueFR && !e.scale.plural {
		return cueFR // "milliard", "Md", "M€" are French whatever the symbol's place
	}
	if e.signPrefix {
		return cueEN
	}
	fr, en := false, false
	for _, c := range [2]cue{scaleCue(e.scale), suffixCue(e.suffix)} {
		fr = fr || c == cueFR
		en = en || c == cueEN
	}
	switch {
	case fr && !en:
		return cueFR
	case en && !fr:
		return cueEN
	}
	return s.documentLang()
}

// documentLang guesses the language of the whole text, once.
func (s *scanner) documentLang() cue {
	if s.docLang == cueNone {
		s.docLang = guessLang(s.text)
	}
	return s.docLang
}

func scaleCue(sc *scaleForm) cue {
	if sc == nil {
		return cueNone
	}
	return sc.cue
}

func suffixCue(f *currencyForm) cue {
	if f == nil {
		return cueNone
	}
	return f.cue
}

// frenchLongScale says "billion" here is the French 10^12: when the
// expression itself is French ("1 billion d'euros", "2 billions de
// dollars"), or says "billions" after a number in a French text. English
// figures quoted in French ("$1.5 billion") keep the short scale, and so
// does non-native English ("5 billions dollars").
func (s *scanner) frenchLongScale(e *expr) bool {
	if e.linker || e.suffix != nil && e.suffix.cue == cueFR {
		return true
	}
	if !e.scale.plural || e.curPrefix {
		return false
	}
	return s.documentLang() == cueFR
}

// value computes the amount in units of its currency.
func (s *scanner) value(e *expr) (float64, bool) {
	var d decimal
	if e.isSpelled {
		d = e.spelled
	} else {
		lang := cueNone
		if e.num.ambiguous(e.scale != nil) {
			lang = s.lang(e) // only then: it may have to read the whole text
		}
		var ok bool
		if d, ok = e.num.interpret(s.text, e.scale != nil, lang); !ok {
			return 0, false
		}
	}
	if e.half {
		if !e.isSpelled {
			if !d.addHalf() {
				return 0, false
			}
		} else if d.digits[d.n-1] == '0' {
			d.digits[d.n-1] = '5' // in tenths: "un milliard et demi" is 1.5
		} else {
			return 0, false
		}
	}
	if e.cents > 0 && !d.addCents(e.cents) {
		return 0, false
	}
	if sc := e.scale; sc != nil {
		exp := sc.exp
		if sc.long != shortScale && s.frenchLongScale(e) {
			exp += 3 * int(sc.long)
		}
		d.exp += exp
	}
	v := d.float()
	if !(v > 0) || v > maxValue || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// emit records an expression as an Amount if its value makes sense.
func (s *scanner) emit(e *expr) bool {
	if e.start < s.last || e.cur == "" {
		return false
	}
	v, ok := s.value(e)
	if !ok {
		return false
	}
	a := Amount{
		Text:     s.text[e.start:e.end],
		Value:    v,
		Currency: e.cur,
		Start:    e.start,
		End:      e.end,
	}
	if rate, ok := s.p.rates[e.cur]; ok {
		a.USD = math.Round(v*rate*100) / 100
	}
	if s.out == nil {
		s.out = make([]Amount, 0, 8) // most articles mention a few amounts
	}
	s.out = append(s.out, a)
	s.last = e.end
	return true
}

// guessLang tells French from English text by counting a few function
// words; it only breaks ties the expression itself leaves open.
func guessLang(text string) cue {
	const window = 8 << 10
	if len(text) > window {
		text = text[:window]
	}
	fr, en := 0, 0
	for i := 0; i < len(text); {
		if !isASCIILetter(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isASCIILetter(text[j]) {
			j++
		}
		if j-i <= 4 && (i == 0 || text[i-1] < 0x80) && (j == len(text) || text[j] < 0x80) {
			var buf [4]byte
			switch string(lowerASCII(buf[:0], text[i:j])) {
			case "le", "la", "les", "des", "du", "une", "et", "est", "dans", "pour", "sur", "aux", "qui":
				fr++
			case "the", "and", "of", "to", "is", "in", "for", "with", "that", "was":
				en++
			}
		}
		i = j
	}
	if fr > en {
		return cueFR
	}
	return cueEN
}
