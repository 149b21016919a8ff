package amount

import (
	"unicode"
	"unicode/utf8"
)

// Byte-level helpers. Find works on byte offsets of the UTF-8 input and
// looks only at the few runes around each candidate, so these stay cheap
// and allocation-free.

// spaceWidth returns the byte width of an inline space at text[i] (space,
// no-break space U+00A0, figure space U+2007, thin space U+2009, narrow
// no-break space U+202F), or 0. French typography puts these inside
// numbers ("480 000") and before symbols ("3,2 M€").
func spaceWidth(text string, i int) int {
	if i >= len(text) {
		return 0
	}
	switch c := text[i]; {
	case c == ' ':
		return 1
	case c == 0xC2:
		if i+1 < len(text) && text[i+1] == 0xA0 {
			return 2
		}
	case c == 0xE2:
		if i+2 < len(text) && text[i+1] == 0x80 {
			switch text[i+2] {
			case 0x87, 0x89, 0xAF:
				return 3
			}
		}
	}
	return 0
}

// spaceWidthBefore is spaceWidth for the rune ending at text[i-1].
func spaceWidthBefore(text string, i int) int {
	for w := 1; w <= 3 && w <= i; w++ {
		if spaceWidth(text, i-w) == w {
			return w
		}
	}
	return 0
}

// gapEnd skips the whitespace between two parts of one expression: at most
// three runes and one line break, so "$4.0\nbillion" holds together but two
// paragraphs do not.
func gapEnd(text string, i int) int {
	newlines := 0
	for runes := 0; runes < 3 && i < len(text); runes++ {
		switch c := text[i]; c {
		case '\n':
			if newlines++; newlines > 1 {
				return i
			}
			i++
		case '\r', '\t':
			i++
		default:
			w := spaceWidth(text, i)
			if w == 0 {
				return i
			}
			i += w
		}
	}
	return i
}

// hyphenWidth returns the width of a hyphen at text[i]: "-", U+2010 or the
// non-breaking U+2011 (not dashes, which mark ranges).
func hyphenWidth(text string, i int) int {
	if i >= len(text) {
		return 0
	}
	if text[i] == '-' {
		return 1
	}
	if i+2 < len(text) && text[i] == 0xE2 && text[i+1] == 0x80 && (text[i+2] == 0x90 || text[i+2] == 0x91) {
		return 3
	}
	return 0
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// wordRuneAt reports whether the rune at text[i] is a letter or a digit.
func wordRuneAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	c := text[i]
	if c < utf8.RuneSelf {
		return isASCIILetter(c) || isDigit(c) || c == '_'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// runeBefore returns the rune ending at text[i-1] and its start, or -1.
func runeBefore(text string, i int) (rune, int) {
	if i <= 0 {
		return -1, -1
	}
	r, w := utf8.DecodeLastRuneInString(text[:i])
	return r, i - w
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// matchForm reports where form ends if text[i:] starts with it. A space in
// form matches one or more inline spaces; fold compares ASCII letters
// case-insensitively (accented letters must match exactly).
func matchForm(text string, i int, form string, fold bool) int {
	for k := 0; k < len(form); k++ {
		if form[k] == ' ' {
			w := spaceWidth(text, i)
			if w == 0 {
				return -1
			}
			for w > 0 {
				i += w
				w = spaceWidth(text, i)
			}
			continue
		}
		if i >= len(text) {
			return -1
		}
		c := text[i]
		if c != form[k] && !(fold && isASCIILetter(c) && c|0x20 == form[k]|0x20) {
			return -1
		}
		i++
	}
	return i
}

// endsWordCleanly says whether a form ending at i is a whole word: a form
// that ends in a letter must not run on into more letters or digits.
func endsWordCleanly(text string, i int, form string) bool {
	last := form[len(form)-1]
	if !isASCIILetter(last) && last < utf8.RuneSelf {
		return true
	}
	return !wordRuneAt(text, i)
}

// wordBefore returns the ASCII word that ends just before i, skipping
// inline spaces ("between" in "between 2 and 3"), or "".
func wordBefore(text string, i int) string {
	for w := spaceWidthBefore(text, i); w > 0; w = spaceWidthBefore(text, i) {
		i -= w
	}
	j := i
	for j > 0 && isASCIILetter(text[j-1]) {
		j--
	}
	if j > 0 && text[j-1] >= utf8.RuneSelf {
		// Part of a word with accents; not one of the words we look for.
		if r, _ := runeBefore(text, j); unicode.IsLetter(r) {
			return ""
		}
	}
	return text[j:i]
}

// equalFold compares an ASCII word case-insensitively with a lower-case one.
func equalFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for k := 0; k < len(s); k++ {
		c := s[k]
		if isASCIILetter(c) {
			c |= 0x20
		}
		if c != lower[k] {
			return false
		}
	}
	return true
}
