package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// What the writer does with a non-ASCII rune.
const (
	runeKeep  = iota
	runeSpace // any Unicode space, no-break spaces included
	runeLine  // U+2028 LINE SEPARATOR
	runePara  // U+2029 PARAGRAPH SEPARATOR
	runeDrop  // invisible format characters and noise
	runeC1    // a C1 control: a Windows-1252 byte decoded as Latin-1
)

// cleanRune classifies the non-ASCII rune r.
func cleanRune(r rune) int {
	switch {
	case r <= 0x9F:
		return runeC1
	case r == '\u2028':
		return runeLine
	case r == '\u2029':
		return runePara
	case unicode.IsSpace(r):
		return runeSpace
	}
	switch r {
	case utf8.RuneError, // a NUL the tokenizer replaced, or already broken text
		'\u00AD',                     // soft hyphen: "défen\u00ADse" must stay one word
		'\u200B', '\u2060', '\uFEFF', // zero-width space, word joiner, BOM
		'\u200E', '\u200F', '\u061C', // direction marks
		'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', // bidi embeddings and overrides
		'\u2066', '\u2067', '\u2068', '\u2069', // bidi isolates
		'\u180E', '\uFFFE', '\uFFFF':
		return runeDrop
	}
	return runeKeep
}

// cp1252Rune returns the character the Windows-1252 byte b stands for, or 0
// when b is undefined there (0x81, 0x8D, 0x8F, 0x90, 0x9D) or a control.
func cp1252Rune(b byte) rune {
	r := charmap.Windows1252.DecodeByte(b)
	if r < 0x20 || (r >= 0x7F && r <= 0x9F) || r == utf8.RuneError {
		return 0
	}
	return r
}

// cp1252Byte returns the Windows-1252 (or Latin-1) byte of r.
func cp1252Byte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	return charmap.Windows1252.EncodeRune(r)
}

// repairUTF8 makes s valid UTF-8. An invalid byte is read as Windows-1252:
// a Latin-1 or Windows-1252 feed served as UTF-8 is by far the most common
// cause, and "d\xe9fense" then reads "défense" instead of "d�fense".
func repairUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+len(s)/8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if r = cp1252Rune(s[i]); r != 0 {
				b = utf8.AppendRune(b, r)
			}
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// repairMojibake repairs UTF-8 text that was decoded as Windows-1252 along
// the way: "dÃ©fense" -> "défense", "Lâ€™armÃ©e" -> "L’armée", "Å“" -> "œ".
// To stay clear of real text it only rewrites the sequences such decoding
// produces for Latin-1 letters, œ and Œ, and general punctuation (’ “ ” –
// — … € ™): a lead Â, Ã or Å followed by a character whose Windows-1252
// byte is a UTF-8 continuation byte, or â followed by two of them of which
// the first is 0x80, 0x82 or 0x84, or the UTF-8 BOM read as "ï»¿". French
// never writes those pairs. Text mangled twice ("ÃƒÂ©") is repaired twice.
func repairMojibake(s string) string {
	for range 3 {
		t := repairMojibakeOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

func repairMojibakeOnce(s string) string {
	if !hasMojibakeLead(s) {
		return s
	}
	var b []byte // allocated on the first repair
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if n, fixed := mojibakeAt(s[i:], r, size); n > 0 {
			b = append(b, s[last:i]...)
			b = utf8.AppendRune(b, fixed)
			i += n
			last = i
			continue
		}
		i += size
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

// hasMojibakeLead reports whether s contains Â, Ã, Å, â or ï (encoded
// 0xC3 0x82, 0x83, 0x85, 0xA2, 0xAF), the characters mojibake starts with.
func hasMojibakeLead(s string) bool {
	for i := strings.IndexByte(s, 0xC3); i >= 0 && i+1 < len(s); {
		switch s[i+1] {
		case 0x82, 0x83, 0x85, 0xA2, 0xAF:
			return true
		}
		j := strings.IndexByte(s[i+1:], 0xC3)
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// mojibakeAt checks for a mojibake sequence at the start of s, whose first
// rune r is size bytes long. It returns the sequence's byte length and the
// rune it stands for, or 0.
func mojibakeAt(s string, r rune, size int) (int, rune) {
	var want int // continuation bytes the lead needs
	switch r {
	case 'Â', 'Ã', 'Å':
		want = 1
	case 'â', 'ï':
		want = 2
	default:
		return 0, 0
	}
	enc := []byte{byte(r)}
	n := size
	for range want {
		c, csize := utf8.DecodeRuneInString(s[n:])
		b, ok := cp1252Byte(c)
		if !ok || b < 0x80 || b > 0xBF {
			return 0, 0
		}
		enc = append(enc, b)
		n += csize
	}
	switch {
	case r == 'â' && enc[1] != 0x80 && enc[1] != 0x82 && enc[1] != 0x84:
		return 0, 0
	case r == 'ï' && (enc[1] != 0xBB || enc[2] != 0xBF):
		return 0, 0
	}
	fixed, fsize := utf8.DecodeRune(enc)
	if fixed == utf8.RuneError || fsize != len(enc) {
		return 0, 0
	}
	return n, fixed
}

// Feed boilerplate removed from the end of a text.
var (
	// readMore are the "read more" links feeds end excerpts with, lower
	// case. They are cut only at the end of the text, after a sentence or
	// on their own line, and followed by nothing but decoration or a
	// quoted title (WordPress's `Continue reading "Title"`).
	readMore = []string{
		"continue reading", "continuer la lecture", "read more", "read the full story",
		"read the full article", "read full article", "read full story", "keep reading",
		"lire la suite", "lire l'article", "lire l’article", "lire plus", "la suite",
		"en savoir plus", "to read this article in full, please click here",
	}
	// ellipsisMarks end truncated excerpts ("… [&hellip;]").
	ellipsisMarks = []string{"[…]", "[...]", "[ … ]", "[ ... ]", "(…)", "(...)", "(more…)", "(more...)", "[+]"}
	// footers are WordPress's "The post X appeared first on Y." in English
	// and French: a start and a phrase that must follow it.
	footers = [][2]string{
		{"The post ", " appeared first on "},
		{"L’article ", " est apparu en premier sur "},
		{"L'article ", " est apparu en premier sur "},
		{"Cet article ", " est apparu en premier sur "},
	}
)

// stripBoilerplate removes feed boilerplate from the end of text, layer
// after layer ("… […] The post X appeared first on Y.").
func stripBoilerplate(text string) string {
	for range 4 {
		t := stripBoilerplateOnce(text)
		if t == text {
			break
		}
		text = t
	}
	return text
}

// maxBoilerplate is how far from the end boilerplate is looked for: a
// footer holds a headline and a site name.
const maxBoilerplate = 600

func stripBoilerplateOnce(text string) string {
	start := strings.LastIndexByte(text, '\n') + 1
	start = max(start, len(text)-maxBoilerplate)
	if cut, ok := cutFooter(text, start); ok {
		return cut
	}
	trimmed := strings.TrimRightFunc(text, unicode.IsSpace)
	for _, m := range ellipsisMarks {
		if strings.HasSuffix(trimmed, m) {
			return trimEnd(strings.TrimSuffix(trimmed, m))
		}
	}
	if cut, ok := cutReadMore(text, max(start, len(text)-300)); ok {
		return cut
	}
	return text
}

// cutFooter cuts a WordPress footer found in text[start:], the end of its
// last line or paragraph.
func cutFooter(text string, start int) (string, bool) {
	last := text[start:]
	if !strings.Contains(last, " appeared first on ") && !strings.Contains(last, " est apparu en premier sur ") {
		return "", false
	}
	for _, f := range footers {
		if k := strings.LastIndex(last, f[0]); k >= 0 && strings.Contains(last[k:], f[1]) && opensSentence(last[:k]) {
			return trimEnd(text[:start+k]), true
		}
	}
	return "", false
}

// cutReadMore cuts a "read more" link text found in text[start:]. The
// search runs on a lower-cased copy whose byte offsets are the text's.
func cutReadMore(text string, start int) (string, bool) {
	tail := asciiLower(text[start:])
	if !mayHaveReadMore(tail) {
		return "", false
	}
	for _, p := range readMore {
		k := lastIndex(tail, p)
		if k < 0 || (k > 0 && isWordByte(tail[k-1])) {
			continue
		}
		if opensSentence(tail[:k]) && isLinkTail(tail[k+len(p):]) {
			return trimEnd(text[:start+k]), true
		}
	}
	return "", false
}

// mayHaveReadMore reports whether the lower-cased tail may hold one of
// readMore: each contains one of these words. Six searches instead of
// sixteen on every text.
func mayHaveReadMore(tail string) bool {
	for _, w := range [...]string{"read", "lire", "continu", "suite", "savoir", "keep"} {
		if strings.Contains(tail, w) {
			return true
		}
	}
	return false
}

// lastIndex is strings.LastIndex for texts that rarely contain sub: the
// forward search is vectorised, the backward one is not.
func lastIndex(s, sub string) int {
	k := strings.Index(s, sub)
	if k < 0 {
		return -1
	}
	for {
		next := strings.Index(s[k+1:], sub)
		if next < 0 {
			return k
		}
		k += 1 + next
	}
}

// opensSentence reports whether text that ends with before is at a point
// where a new sentence or link may start: nothing, or sentence punctuation
// or a quote or a bracket before spaces.
func opensSentence(before string) bool {
	t := strings.TrimRightFunc(before, unicode.IsSpace)
	if t == "" {
		return true
	}
	if t != before || strings.HasSuffix(before, "\n") {
		r, _ := utf8.DecodeLastRuneInString(t)
		return strings.ContainsRune(".!?…»\")]”’:|–—-•·", r)
	}
	return false
}

// isLinkTail reports whether what follows a "read more" text is only
// decoration ("»", "→", "...") or a quoted title.
func isLinkTail(after string) bool {
	t := strings.TrimFunc(after, isDecoration)
	if t == "" {
		return true
	}
	if len(t) > 200 || strings.ContainsRune(t, '\n') {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	lastR, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune("\"“«'‘", first) && strings.ContainsRune("\"”»'’", lastR)
}

func isDecoration(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(".…:→»›>)]!-–—", r)
}

// trimEnd trims the spaces and dangling separators left after a cut.
func trimEnd(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '|' || r == '-' || r == '–' || r == '—'
	})
}

// asciiLower lower-cases the ASCII letters of s, leaving every other byte,
// so that offsets in the result are offsets in s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isWordByte(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || isDigit(c) || c >= utf8.RuneSelf
}
