package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ArticleID returns a stable ID for an article: the hex of the first 16
// bytes of the SHA-256 of its canonical link. canonicalURL is canonicalised
// again (CanonicalURL is idempotent), so a raw link gives the same ID; one
// that does not parse is hashed as it is. Without a link, the ID hashes
// feedURL + "\x00" + guid: a GUID is only unique within its feed. With
// neither it returns "", and the caller falls back to ContentID.
func ArticleID(canonicalURL, guid, feedURL string) string {
	if link := strings.TrimSpace(canonicalURL); link != "" {
		if c, err := CanonicalURL(link, ""); err == nil {
			link = c
		}
		return hashID(link)
	}
	if guid = strings.TrimSpace(guid); guid != "" {
		return hashID(strings.TrimSpace(feedURL) + "\x00" + guid)
	}
	return ""
}

// ContentID returns an ID for an article that has neither link nor GUID,
// from its title and text (white space collapsed, so re-wrapped text keeps
// its ID). The input is prefixed so that it can never equal an ArticleID.
// It returns "" when both are empty.
func ContentID(title, text string) string {
	title = strings.Join(strings.Fields(title), " ")
	text = strings.Join(strings.Fields(text), " ")
	if title == "" && text == "" {
		return ""
	}
	return hashID("content\x00" + title + "\x00" + text)
}

func hashID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// minFingerprintWords is the number of title words below which a title is
// too generic ("Editorial", "Live updates") to identify a story alone.
const minFingerprintWords = 4

// textFingerprintWords is how many words of the text are added to a short
// title, or used when there is no title.
const textFingerprintWords = 30

// Fingerprint returns a cheap key for near-duplicate detection: the same
// story published by two feeds, under two links, usually keeps its
// headline up to case, punctuation, accents and typography. It hashes (FNV
// 64-bit) the title's words, lower-cased, with accents removed ("Défense"
// = "defense"), ligatures expanded ("œ" = "oe") and punctuation dropped
// ("U.S." = "US", "1,5" = "1.5", "l’armée" = "l'armée"). A title of fewer
// than 4 words is not specific enough alone, so the text's first 30 words
// are added; with no title, those words are used alone.
//
// Equal fingerprints mean "probably the same story" (alerts send it once,
// results may group it); different ones mean nothing: rewritten headlines,
// translations and "Title - Source" suffixes escape it. It returns 0 when
// there are no words at all.
func Fingerprint(title, text string) uint64 {
	words := foldWords(title, nil, -1)
	if len(words) < minFingerprintWords {
		words = foldWords(text, words, textFingerprintWords)
	}
	if len(words) == 0 {
		return 0
	}
	h := fnv.New64a()
	for i, w := range words {
		if i > 0 {
			h.Write([]byte{' '})
		}
		h.Write([]byte(w))
	}
	return h.Sum64()
}

// foldWords appends to words the folded words of s, at most limit of them
// (no limit when negative).
func foldWords(s string, words []string, limit int) []string {
	if limit >= 0 && len(s) > 64*limit {
		s = s[:64*limit] // enough for limit words; a cut rune is dropped
	}
	if !isASCII(s) {
		s = norm.NFD.String(s) // "é" -> "e" + combining accent, dropped below
	}
	base := len(words)
	var cur []byte
	var prev rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // combining accent: prev stays the letter before it
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = appendFolded(cur, r)
		case len(cur) > 0 && joinsWord(prev, r, s[i:]):
			// "U.S.", "1,5", "1.5": one word written differently
		case len(cur) > 0:
			words = append(words, string(cur))
			cur = cur[:0]
			if limit >= 0 && len(words)-base >= limit {
				return words
			}
		}
		prev = r
	}
	if len(cur) > 0 && (limit < 0 || len(words)-base < limit) {
		words = append(words, string(cur))
	}
	return words
}

// joinsWord reports whether the punctuation r, between prev and the text
// rest, is part of a word: a dot between letters or between digits ("U.S",
// "1.5"), a comma between digits ("1,5").
func joinsWord(prev, r rune, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	switch r {
	case '.':
		return unicode.IsLetter(prev) && unicode.IsLetter(next) ||
			unicode.IsDigit(prev) && unicode.IsDigit(next)
	case ',':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}

// appendFolded appends the letter or digit r, lower-cased, with the
// ligatures and letters that do not decompose spelt out in ASCII.
func appendFolded(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	r = unicode.ToLower(r)
	switch r {
	case 'œ':
		return append(b, "oe"...)
	case 'æ':
		return append(b, "ae"...)
	case 'ß':
		return append(b, "ss"...)
	case 'ø':
		return append(b, 'o')
	case 'đ':
		return append(b, 'd')
	case 'ł':
		return append(b, 'l')
	case 'ı':
		return append(b, 'i')
	case 'þ':
		return append(b, "th"...)
	}
	return utf8.AppendRune(b, r)
}
