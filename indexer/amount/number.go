package amount

import (
	"math"
	"strconv"
)

// Numbers are read in two steps. lexNumber finds the extent of a numeral
// ("1 234 567,89", "12.06.2025") without deciding what its separators mean;
// interpret decides once the words around it are known, because "1,500"
// is fifteen hundred before "million dollars" but one and a half before
// "milliard d'euros".
//
// The rule for separators:
//   - spaces (normal, no-break U+00A0, narrow no-break U+202F, thin U+2009)
//     and apostrophes (Swiss "1'000") only ever group thousands, and only
//     in groups of exactly three digits after a first group of one to three;
//   - when both "," and "." occur, the last one is the decimal mark and the
//     other groups thousands ("1,234,567.89", "1.234.567,89");
//   - a mark used twice or more groups thousands ("480,000,000",
//     "480.000.000"; Indian "1,50,000" too);
//   - a single "," or "." followed by other than exactly three digits is a
//     decimal mark ("1,5", "6.95", "1.2345");
//   - a single mark followed by exactly three digits groups thousands when
//     no scale word follows ("480,000 dollars", "480.000 euros": money is
//     not written with three decimals); before a scale word it is the
//     decimal mark of the expression's language ("." in English: "$624.601M";
//     "," in French: "1,250 milliard") and a thousands separator otherwise
//     ("$1,200 million", "2.500 millions d'euros").
//
// Anything else ("12.06.2025", "2.5.1") is not a money number.

// sepKind is a separator between digit groups.
type sepKind uint8

const (
	sepComma sepKind = iota + 1
	sepDot
	sepSpace // any space-like rune or an apostrophe: thousands only
)

// maxGroups bounds the groups of one numeral; longer runs are identifiers,
// not amounts.
const maxGroups = 8

// maxDigits is the most significant digits kept; beyond that a "number" is
// an identifier and float64 would round it anyway.
const maxDigits = 18

// numeral is the lexed extent of a number in the text.
type numeral struct {
	start, end int
	n          int               // number of digit groups
	groups     [maxGroups][2]int // byte offsets of each digit run
	seps       [maxGroups]sepKind
	overflow   bool // more groups than maxGroups
}

// lexNumber reads the numeral starting at the digit text[i].
func lexNumber(text string, i int) numeral {
	var nm numeral
	nm.start = i
	j := digitsEnd(text, i)
	nm.groups[0] = [2]int{i, j}
	nm.n = 1
	for {
		kind, w := sepAt(text, j)
		if kind == 0 || j+w >= len(text) || !isDigit(text[j+w]) {
			break
		}
		k := j + w
		e := digitsEnd(text, k)
		if kind == sepSpace && !nm.spaceGroupOK(e-k) {
			break
		}
		if nm.n == maxGroups {
			nm.overflow = true
			j = e
			// Swallow the rest of the run so the caller skips it whole.
			for {
				kind, w = sepAt(text, j)
				if kind == 0 || kind == sepSpace || j+w >= len(text) || !isDigit(text[j+w]) {
					break
				}
				j = digitsEnd(text, j+w)
			}
			break
		}
		nm.seps[nm.n] = kind
		nm.groups[nm.n] = [2]int{k, e}
		nm.n++
		j = e
	}
	nm.end = j
	return nm
}

// spaceGroupOK says whether a space may join a group of size digits: only
// thousands groups, only after a first group short enough to be one, and
// never after a decimal mark.
func (nm *numeral) spaceGroupOK(size int) bool {
	if size != 3 || nm.groupLen(0) > 3 {
		return false
	}
	for g := 1; g < nm.n; g++ {
		if nm.seps[g] != sepSpace {
			return false
		}
	}
	return true
}

func (nm *numeral) groupLen(g int) int { return nm.groups[g][1] - nm.groups[g][0] }

// simple reports a numeral without separators.
func (nm *numeral) simple() bool { return nm.n == 1 }

// decimal is a number as a digit string and a power-of-ten exponent:
// value = digits × 10^exp. Keeping it decimal until the end makes
// "1.5 billion" exactly 1500000000.
type decimal struct {
	digits [maxDigits]byte
	n      int
	exp    int
}

func (d *decimal) push(text string, from, to int) bool {
	for k := from; k < to; k++ {
		if d.n == 0 && text[k] == '0' {
			continue // leading zeros carry no value
		}
		if d.n == maxDigits {
			return false
		}
		d.digits[d.n] = text[k]
		d.n++
	}
	return true
}

// interpret turns the numeral into a decimal. withScale says a scale word
// follows; lang is the expression's language, for the one ambiguous shape.
func (nm *numeral) interpret(text string, withScale bool, lang cue) (decimal, bool) {
	var d decimal
	if nm.overflow {
		return d, false
	}
	decimalAt := nm.decimalGroup(withScale, lang)
	if decimalAt < 0 {
		return d, false
	}
	for g := 0; g < nm.n; g++ {
		if !d.push(text, nm.groups[g][0], nm.groups[g][1]) {
			return d, false
		}
		if decimalAt > 0 && g == decimalAt {
			// The digits of the last group are decimals.
			d.exp = -nm.groupLen(g)
		}
	}
	return d, d.n > 0 // zero is not an amount
}

// decimalGroup returns the index of the group holding decimals, 0 when the
// number is an integer (group 0 is never decimals), or -1 when the
// separators make no sense for money.
func (nm *numeral) decimalGroup(withScale bool, lang cue) int {
	if nm.n == 1 {
		return 0
	}
	last := nm.seps[nm.n-1]
	if last == sepSpace {
		return 0 // the lexer only joins valid thousands groups with spaces
	}
	// Separators before the last one must all be one kind of grouping.
	var group sepKind
	for g := 1; g < nm.n-1; g++ {
		if group == 0 {
			group = nm.seps[g]
		} else if nm.seps[g] != group {
			return -1
		}
	}
	switch {
	case group != 0 && group != last:
		// "1,234.5", "1 234,5", "1.234.567,89": the last mark is decimal.
		if !nm.thousandsOK(nm.n-1, group) {
			return -1
		}
		return nm.n - 1
	case group == last:
		// "480,000,000": the same mark throughout groups thousands.
		if !nm.thousandsOK(nm.n, group) {
			return -1
		}
		return 0
	}
	// A single "," or ".".
	switch {
	case nm.ambiguous(withScale):
		if (last == sepDot) == (lang != cueFR) {
			return 1
		}
		return 0
	case nm.groupLen(1) != 3 || nm.groupLen(0) > 3:
		return 1
	}
	return 0 // "480,000 dollars": money is not written with three decimals
}

// ambiguous reports the one shape whose reading depends on the language:
// a single "," or "." followed by three digits, before a scale word.
func (nm *numeral) ambiguous(withScale bool) bool {
	return withScale && nm.n == 2 && nm.seps[1] != sepSpace && nm.groupLen(1) == 3 && nm.groupLen(0) <= 3
}

// thousandsOK checks the digit groups before group upto are thousands
// groups: a first group of one to three digits then groups of three, or the
// Indian lakh/crore grouping (two-digit groups then a last three) for commas.
func (nm *numeral) thousandsOK(upto int, kind sepKind) bool {
	if nm.groupLen(0) == 0 || nm.groupLen(0) > 3 {
		return false
	}
	western := true
	for g := 1; g < upto; g++ {
		if nm.groupLen(g) != 3 {
			western = false
			break
		}
	}
	if western {
		return true
	}
	if kind != sepComma || nm.groupLen(0) > 2 || nm.groupLen(upto-1) != 3 {
		return false
	}
	for g := 1; g < upto-1; g++ {
		if nm.groupLen(g) != 2 {
			return false
		}
	}
	return true
}

// sepAt returns the separator kind at text[i] and its byte width, or 0.
func sepAt(text string, i int) (sepKind, int) {
	if i >= len(text) {
		return 0, 0
	}
	switch text[i] {
	case ',':
		return sepComma, 1
	case '.':
		return sepDot, 1
	case '\'':
		return sepSpace, 1
	case ' ':
		return sepSpace, 1
	}
	if w := spaceWidth(text, i); w > 0 {
		return sepSpace, w
	}
	if i+2 < len(text) && text[i] == 0xE2 && text[i+1] == 0x80 && text[i+2] == 0x99 { // ’
		return sepSpace, 3
	}
	return 0, 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitsEnd(text string, i int) int {
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	return i
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// addHalf turns n into n.5 ("un milliard et demi"); only for integers.
func (d *decimal) addHalf() bool {
	if d.exp != 0 || d.n == maxDigits {
		return false
	}
	d.digits[d.n] = '5'
	d.n++
	d.exp = -1
	return true
}

// addCents turns the whole number n into n.cc ("3 dollars 50 cents"); c
// is 1 to 99.
func (d *decimal) addCents(c int) bool {
	for d.exp < 0 && d.n > 0 && d.digits[d.n-1] == '0' {
		d.n-- // spelled counts are in tenths: 130e-1 is 13
		d.exp++
	}
	for d.exp > 0 && d.n < maxDigits {
		d.digits[d.n] = '0'
		d.n++
		d.exp--
	}
	if d.exp != 0 || d.n+2 > maxDigits {
		return false
	}
	d.digits[d.n], d.digits[d.n+1] = byte('0'+c/10), byte('0'+c%10)
	d.n += 2
	d.exp = -2
	return true
}

// float returns the value correctly rounded: an exact integer mantissa times
// or divided by an exact power of ten rounds once, which is what
// strconv.ParseFloat would give, so 1.5 billion is exactly 1500000000 and
// 6.95 is the float64 nearest to 6.95.
func (d *decimal) float() float64 {
	var m uint64
	for k := 0; k < d.n; k++ {
		m = m*10 + uint64(d.digits[k]-'0')
	}
	e := d.exp
	if m < 1<<53 {
		switch {
		case e == 0:
			return float64(m)
		case e > 0 && e < len(pow10):
			return float64(m) * pow10[e]
		case e < 0 && -e < len(pow10):
			return float64(m) / pow10[-e]
		}
	}
	var buf [48]byte
	b := append(buf[:0], d.digits[:d.n]...)
	b = append(b, 'e')
	b = strconv.AppendInt(b, int64(e), 10)
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return math.Inf(1)
	}
	return f
}
