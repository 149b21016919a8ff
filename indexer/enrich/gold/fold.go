package gold

import (
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var accentFolder = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// foldAccents removes diacritics: "Élysée" -> "Elysee".
func foldAccents(s string) string {
	out, _, err := transform.String(accentFolder, s)
	if err != nil {
		return s
	}
	return out
}
