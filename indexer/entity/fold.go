package entity

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// appendFolded appends r to two buffers: lower gets the rune without
// diacritics and lower-cased (used for case-insensitive aliases), exact gets it
// without diacritics but with its case (used for case-sensitive ones), so
// "Élysée" reads "elysee" and "Elysee". Compatibility forms are decomposed
// ("ﬁ" -> "fi"), and letters that Unicode does not decompose but French and
// German writers routinely spell out are expanded ("œ" -> "oe", "ß" -> "ss").
func appendFolded(lower, exact []byte, r rune) ([]byte, []byte) {
	if r < utf8.RuneSelf {
		return append(lower, byte(unicode.ToLower(r))), append(exact, byte(r))
	}
	if isIgnorable(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		// Combining marks of decomposed input ("e" + U+0301) and invisible
		// characters inside words fold to nothing.
		return lower, exact
	}
	if s, ok := spelledOut(r); ok {
		return appendString(lower, exact, s)
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFKD.Properties(buf[:n]).Decomposition()
	if d == nil {
		return utf8.AppendRune(lower, unicode.ToLower(r)), utf8.AppendRune(exact, r)
	}
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		lower = utf8.AppendRune(lower, unicode.ToLower(c))
		exact = utf8.AppendRune(exact, c)
	}
	return lower, exact
}

// appendString folds an ASCII replacement, keeping the case of its first
// letter in exact ("Œ" -> "OE" stays upper case, "œ" -> "oe").
func appendString(lower, exact []byte, s string) ([]byte, []byte) {
	for i := 0; i < len(s); i++ {
		lower = append(lower, byte(unicode.ToLower(rune(s[i]))))
		exact = append(exact, s[i])
	}
	return lower, exact
}

// spelledOut returns the ASCII spelling of letters that have no Unicode
// decomposition.
func spelledOut(r rune) (string, bool) {
	switch r {
	case 'œ':
		return "oe", true
	case 'Œ':
		return "OE", true
	case 'æ':
		return "ae", true
	case 'Æ':
		return "AE", true
	case 'ß':
		return "ss", true
	case 'ø':
		return "o", true
	case 'Ø':
		return "O", true
	case 'đ':
		return "d", true
	case 'Đ':
		return "D", true
	case 'ł':
		return "l", true
	case 'Ł':
		return "L", true
	case 'ı':
		return "i", true
	}
	return "", false
}

// isIgnorable reports characters that carry no text but may sit inside a
// word of text converted from HTML: soft hyphens, zero-width spaces and
// joiners, word joiners and byte order marks.
func isIgnorable(r rune) bool {
	switch r {
	case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

// isWordRune reports runes that belong to a word token.
func isWordRune(r rune) bool {
	if isApostrophe(r) {
		return false // U+02BC is a letter to Unicode, an apostrophe to writers
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) ||
		unicode.Is(unicode.Mc, r) || isIgnorable(r)
}

// isApostrophe covers the straight, typographic and modifier apostrophes and
// the accents writers type in their place.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02BC', '\u0060', '\u00B4', '\u2032':
		return true
	}
	return false
}

// isHyphen covers the hyphens that join the parts of a name; dashes (– —)
// separate clauses and are not included.
func isHyphen(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2011'
}

// AppendFold appends r as aliases are matched: lower-cased, without its
// diacritics, with the letters Unicode does not decompose spelt out ("É" ->
// "e", "œ" -> "oe"). Other packages that compare words with entity names
// fold them the same way through it.
func AppendFold(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	var scratch [2 * utf8.UTFMax]byte
	lower, _ := appendFolded(b, scratch[:0], r)
	return lower
}
