package search

import (
	"regexp"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"vigie/indexer/index"
	"vigie/search/xlang"
)

// Relevance: a match in the title counts this much more than one in the body.
const titleBoost = 2.5

// compiler turns a parsed query into a bleve query. Each word is searched in
// both languages' fields, each analysed by its own analyzer, so "contrats"
// finds French "contrat" through French stemming and "contracts" finds
// English ones through English stemming, while names match everywhere.
type compiler struct {
	fr, en    analysis.Analyzer
	fuzzy     bool
	canonical func(field, value string) string
	// xl, when set, adds translations as lower-boosted alternatives
	// (crosslang.go); resolve names the entity a typed name designates.
	xl      *xlang.Lexicon
	resolve func(alias string) (string, bool)
	// also collects what the expansion added, for the answer.
	also []string
	// negated is set while compiling exclusions, which are not expanded.
	negated bool
}

func (c *compiler) compile(n node) query.Query {
	switch n := n.(type) {
	case *andNode:
		var must []query.Query
		for i := 0; i < len(n.must); {
			// A run of bare words may be one lexicon phrase or entity
			// name typed without quotes ("appel d'offres", "armée de
			// Terre"): it gets the phrase's translation as a whole.
			if q, k := c.span(n.must, i); k > 0 {
				if q != nil {
					must = append(must, q)
				}
				i += k
				continue
			}
			if q := c.compile(n.must[i]); q != nil {
				must = append(must, q)
			}
			i++
		}
		var not []query.Query
		negated := c.negated
		c.negated = true
		for _, m := range n.not {
			if q := c.compile(m); q != nil {
				not = append(not, q)
			}
		}
		c.negated = negated
		if len(must) == 0 && len(not) == 0 {
			return nil
		}
		if len(not) == 0 {
			if len(must) == 1 {
				return must[0]
			}
			return query.NewConjunctionQuery(must)
		}
		if len(must) == 0 {
			must = []query.Query{query.NewMatchAllQuery()}
		}
		b := query.NewBooleanQuery(must, nil, not)
		return b
	case *orNode:
		var any []query.Query
		for _, m := range n.any {
			if q := c.compile(m); q != nil {
				any = append(any, q)
			}
		}
		if len(any) == 0 {
			return nil
		}
		return query.NewDisjunctionQuery(any)
	case *termNode:
		if n.field == "" {
			return c.expand(c.term(n), strings.TrimSpace(n.text))
		}
		return c.term(n)
	}
	return nil
}

func (c *compiler) term(n *termNode) query.Query {
	text := strings.TrimSpace(n.text)
	if text == "" {
		return nil
	}
	switch n.field {
	case "company", "agency", "source":
		return keywordQuery(n.field, c.canonical(n.field, text))
	case "lang":
		return keywordQuery(index.FieldLang, strings.ToLower(text))
	case "title":
		return c.words(text, n.phrase, true)
	}
	return c.words(text, n.phrase, false)
}

// words searches a query word or phrase. A designation is written three
// ways ("F-35", "F35", "F 35"; "MQ-9B", "MQ9B"): the tokenizer keeps the
// joined form as one term and splits the others, so any of them searches
// for the joined term or the split one as a phrase.
//
// Likewise an initialism is searched dotted and not ("US" and "U.S.", "EU"
// and "E.U."): the tokenizer keeps "U.S." as the term "u.s".
func (c *compiler) words(text string, phrase, titleOnly bool) query.Query {
	if phrase {
		return c.text(text, phrase, titleOnly)
	}
	type variant struct {
		text   string
		phrase bool
	}
	variants := []variant{{text, false}}
	if joined, split, ok := designation(text); ok {
		variants = []variant{{joined, false}, {split, true}}
	} else if other, ok := initialism(text); ok {
		variants = append(variants, variant{other, false})
	}
	if len(variants) == 1 {
		return c.text(text, false, titleOnly)
	}
	var any []query.Query
	for _, v := range variants {
		if q := c.text(v.text, v.phrase, titleOnly); q != nil {
			any = append(any, q)
		}
	}
	if len(any) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(any)
}

var (
	dottedRe = regexp.MustCompile(`^(?:\p{Lu}\.){1,3}\p{Lu}\.?$`) // U.S., U.S, E.U.
	plainRe  = regexp.MustCompile(`^\p{Lu}{2,4}$`)                // US, EU, UK
)

// initialism returns the other writing of an initialism: "U.S." for "US",
// "US" for "U.S.".
func initialism(word string) (string, bool) {
	switch {
	case dottedRe.MatchString(word):
		return strings.ReplaceAll(word, ".", ""), true
	case plainRe.MatchString(word):
		var b strings.Builder
		for _, r := range word {
			b.WriteRune(r)
			b.WriteByte('.')
		}
		return b.String(), true
	}
	return "", false
}

// designationRe matches a model designation: letters, an optional hyphen,
// then a number and maybe a suffix (F-35, F35, MQ-9B, A400M, K2).
var designationRe = regexp.MustCompile(`^(\pL{1,5})[-‐‑]?(\d[\dA-Za-z]{0,5})$`)

// designation returns the joined ("F35") and split ("F 35") forms of a
// designation.
func designation(word string) (joined, split string, ok bool) {
	m := designationRe.FindStringSubmatch(word)
	if m == nil {
		return "", "", false
	}
	return m[1] + m[2], m[1] + " " + m[2], true
}

func keywordQuery(field, value string) query.Query {
	q := query.NewTermQuery(value)
	q.SetField(field)
	return q
}

// text searches words or a phrase in the title (and body) fields of both
// languages. A word that one language's analyzer drops as a stop word ("la",
// "the", "des") is dropped altogether: keeping it would demand that French
// articles contain the English word "la" or the other way round.
func (c *compiler) text(text string, phrase, titleOnly bool) query.Query {
	if !phrase && (c.isStop(c.fr, text) || c.isStop(c.en, text)) {
		// Dropped by one language, so by both; acronyms never are.
		return nil
	}
	var any []query.Query
	for _, lang := range []string{"fr", "en"} {
		fields := index.TextFields[lang]
		text := text
		if lang == "fr" {
			// The English analyzer drops possessives; the French one
			// would keep "anthropic'", and miss French articles naming
			// Anthropic when someone types "Anthropic's".
			text = englishPossessive.ReplaceAllString(text, "$1")
		}
		targets := []struct {
			field string
			boost float64
		}{{fields[0], titleBoost}}
		if !titleOnly {
			targets = append(targets, struct {
				field string
				boost float64
			}{fields[1], 1})
		}
		for _, t := range targets {
			if phrase {
				q := query.NewMatchPhraseQuery(text)
				q.SetField(t.field)
				q.SetBoost(t.boost)
				if c.fuzzy {
					q.SetFuzziness(phraseFuzziness(text))
				}
				any = append(any, q)
				continue
			}
			q := query.NewMatchQuery(text)
			q.SetField(t.field)
			q.SetBoost(t.boost)
			// A word the analyzer splits ("F-35", "l'armée", "Air-Cosmos")
			// must match all its parts, not any of them.
			q.SetOperator(query.MatchQueryOperatorAnd)
			if c.fuzzy {
				q.SetFuzziness(fuzziness(text))
				q.SetPrefix(1) // typos rarely hit the first letter
			}
			any = append(any, q)
		}
	}
	return query.NewDisjunctionQuery(any)
}

// englishPossessive matches the 's of a possessive (straight or curly
// apostrophe) at the end of a word.
var englishPossessive = regexp.MustCompile(`(\pL)['’][sS]\b`)

func (c *compiler) isStop(a analysis.Analyzer, word string) bool {
	if a == nil {
		return false
	}
	return len(a.Analyze([]byte(word))) == 0
}

// fuzziness allows one edit in words of 4+ letters and two in long words;
// short words would match too much. An acronym (CNES, OTAN) is spelt on
// purpose: one the index lacks is no typo of another word.
func fuzziness(word string) int {
	if index.IsAcronym(word) {
		return 0
	}
	n := len([]rune(word))
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// phraseFuzziness is the fuzziness bleve applies to every word of a
// phrase: that of its shortest (or acronym) word, not of the whole phrase.
func phraseFuzziness(phrase string) int {
	f := 2
	for _, w := range strings.Fields(phrase) {
		f = min(f, fuzziness(w))
	}
	return f
}
