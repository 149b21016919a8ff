package index

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	// Blank imports register the parts the custom analyzers are built from;
	// without them bleve fails at open with "no analyzer ... registered".
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	_ "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Analyzer names, used by the mapping and by the search side when it
// analyses a query for one field.
const (
	AnalyzerFR = "vigie_fr"
	AnalyzerEN = "vigie_en"
	// foldFilter folds accents in the token term only. bleve's asciifolding
	// is a char filter: it shifts byte offsets (highlights land in the wrong
	// place) and runs before the stop filter, so it is not used.
	foldFilter = "vigie_fold"
	// pluralFilter joins the irregular "-men" plurals of English military
	// prose to their singular (Snowball leaves "airmen" and "airman" apart).
	pluralFilter = "vigie_plural_en"
)

func init() {
	// Registering in init is how bleve discovers analysis parts; the filter
	// itself is stateless.
	registry.RegisterTokenFilter(foldFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokenFilter{}, nil
	})
	registry.RegisterTokenFilter(pluralFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return pluralTokenFilter{}, nil
	})
}

// menPlurals are the "-men" words whose plural the English stemmer keeps
// apart. A list, not a rule: "Yemen", "specimen" and "regimen" are no
// plurals.
var menPlurals = func() map[string][]byte {
	m := map[string][]byte{}
	for _, w := range strings.Fields(`air service sea guards crew marks frog gun spokes chair congress country
		militia police fire fisher tribes horse swords crafts trades states business line midship rifle
		noble kins work aircraft watch patrol boat bow corps cavalry`) {
		m[w+"men"] = []byte(w + "man")
		m[w+"women"] = []byte(w + "woman")
	}
	m["men"], m["women"] = []byte("man"), []byte("woman")
	return m
}()

type pluralTokenFilter struct{}

func (pluralTokenFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		if sing, ok := menPlurals[string(tok.Term)]; ok {
			tok.Term = sing
		}
	}
	return in
}

// analyzers returns the custom analyzer definitions for the mapping: the
// word tokenizer, then one memoised chain of filters (termChains).
// French: elision (l', d', qu' with ' or ’), stop words, accent folding, then
// the light stemmer, so "l'armée" and "armee" meet, and "contrats" finds
// "contrat". English: possessives, stop words, folding, Snowball stemming.
func analyzers() map[string]map[string]interface{} {
	return map[string]map[string]interface{}{
		AnalyzerFR: {
			"type":          "custom",
			"tokenizer":     tokenizerName,
			"token_filters": []string{termsFR},
		},
		AnalyzerEN: {
			"type":          "custom",
			"tokenizer":     tokenizerName,
			"token_filters": []string{termsEN},
		},
	}
}

type foldTokenFilter struct{}

func (foldTokenFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		tok.Term = FoldBytes(tok.Term)
	}
	return in
}

// FoldBytes removes the diacritics of Latin letters and expands the French
// ligatures, in place when it can. ASCII input is returned untouched.
func FoldBytes(term []byte) []byte {
	ascii := true
	for _, b := range term {
		if b >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return term
	}
	out := make([]byte, 0, len(term))
	for i := 0; i < len(term); {
		r, size := utf8.DecodeRune(term[i:])
		i += size
		if f, ok := foldTable[r]; ok {
			out = append(out, f...)
			continue
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

var foldTable = func() map[rune]string {
	m := map[rune]string{'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss", '’': "'"}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ",
		"o": "òóôõöøōŏő", "r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž",
		"A": "ÀÁÂÃÄÅĀĂĄ", "C": "ÇĆĈĊČ", "E": "ÈÉÊËĒĔĖĘĚ", "I": "ÌÍÎÏĨĪĬĮİ", "N": "ÑŃŅŇ",
		"O": "ÒÓÔÕÖØŌŎŐ", "U": "ÙÚÛÜŨŪŬŮŰŲ", "Y": "ÝŸŶ", "S": "ŚŜŞŠȘ", "Z": "ŹŻŽ",
	}
	for base, letters := range groups {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
