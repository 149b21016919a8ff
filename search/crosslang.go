package search

import (
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/search/query"

	"vigie/indexer/index"
	"vigie/search/xlang"
)

// Cross-lingual search. Each query word, each quoted phrase, and each run of
// bare words that the lexicon or the entity gazetteer knows as one name
// ("appel d'offres", "armée de Terre"), is searched as a disjunction of
// itself and its alternatives:
//
//   - its translations from the lexicon, searched in the other language's
//     fields with that language's analyzer;
//   - the canonical entity it is an alias of ("Marine nationale" -> French
//     Navy, "Pentagone" -> DoD), as a company or agency term.
//
// Alternatives are boosted low, so an article with the words as typed ranks
// above one that only has their translation. A quoted phrase is translated
// only as a whole. Exclusions (-word) and field:value clauses are not
// expanded: a translation can be looser than the word ("marché" is a
// contract and a market), and results lost to an over-broad exclusion are
// invisible while extra results are in plain sight. The fuzzy retry keeps
// the alternatives exact.

// xlangBoost weighs an alternative against the words as typed. The
// alternatives join the typed word's own disjunction (one clause each,
// next to its title and body clauses in both languages), so bleve's
// coordination factor treats a translation like one more field matched;
// the boost then keeps an article with the typed word only in its body
// above one with the translation in its title and body (title 2.5 x a
// body score up to 3 times higher, plus the body: 0.1 x 8.5 < 1).
const xlangBoost = 0.1

// lexicon is the embedded lexicon, indexed once with the index's analyzers
// (fixed by index.MappingVersion, so the same for every index Open accepts).
var lexicon = sync.OnceValues(func() (*xlang.Lexicon, error) {
	m, err := index.NewMapping()
	if err != nil {
		return nil, err
	}
	return xlang.Default(m.AnalyzerNamed(index.AnalyzerFR), m.AnalyzerNamed(index.AnalyzerEN))
})

// maxSpanWords bounds the bare-word runs looked up as one name.
const maxSpanWords = 6

// expand returns q (the clause of text as typed) or'ed with text's
// alternatives; q itself when there are none.
func (c *compiler) expand(q query.Query, text string) query.Query {
	if q == nil || c.negated || (c.xl == nil && c.resolve == nil) {
		return q
	}
	alts := c.alternatives(text)
	if len(alts) == 0 {
		return q
	}
	if d, ok := q.(*query.DisjunctionQuery); ok {
		d.AddQuery(alts...)
		return d
	}
	return query.NewDisjunctionQuery(append([]query.Query{q}, alts...))
}

// span looks for a run of at least two bare words starting at nodes[i] that
// the lexicon or the gazetteer knows as one phrase, longest first. It
// returns the run's query and length, or length 0 when there is none.
func (c *compiler) span(nodes []node, i int) (query.Query, int) {
	if c.negated || (c.xl == nil && c.resolve == nil) {
		return nil, 0
	}
	limit := maxSpanWords
	if c.xl != nil && c.resolve == nil {
		limit = min(limit, c.xl.MaxWords())
	}
	var words []string
	for j := i; j < len(nodes) && j-i < limit; j++ {
		t, ok := nodes[j].(*termNode)
		if !ok || t.field != "" || t.phrase || strings.TrimSpace(t.text) == "" {
			break
		}
		words = append(words, strings.TrimSpace(t.text))
	}
	for k := len(words); k >= 2; k-- {
		text := strings.Join(words[:k], " ")
		alts := c.alternatives(text)
		if len(alts) == 0 {
			continue
		}
		// The words as typed, each required, as without the expansion.
		var must []query.Query
		for _, n := range nodes[i : i+k] {
			if q := c.term(n.(*termNode)); q != nil {
				must = append(must, q)
			}
		}
		var orig query.Query
		switch len(must) {
		case 0:
			return nil, k // only stop words; alternatives alone would change the meaning
		case 1:
			orig = must[0]
		default:
			orig = query.NewConjunctionQuery(must)
		}
		return query.NewDisjunctionQuery(append([]query.Query{orig}, alts...)), k
	}
	return nil, 0
}

// alternatives returns the clauses text's translations and entity add, and
// records them for the answer.
func (c *compiler) alternatives(text string) []query.Query {
	var alts []query.Query
	if c.xl != nil {
		for _, t := range c.xl.Translate(text) {
			if q := c.translation(t); q != nil {
				alts = append(alts, q)
				c.record(t.Text)
			}
		}
	}
	if c.resolve != nil {
		if name, ok := c.resolve(text); ok && !strings.EqualFold(name, text) {
			var any []query.Query
			for _, f := range []string{index.FieldCompany, index.FieldAgency} {
				q := query.NewTermQuery(name)
				q.SetField(f)
				q.SetBoost(xlangBoost)
				any = append(any, q)
			}
			alts = append(alts, query.NewDisjunctionQuery(any))
			c.record(name)
		}
	}
	return alts
}

// translation searches t in its language's title and body fields: a word
// as a match (all its parts), several words as a phrase.
func (c *compiler) translation(t xlang.Translation) query.Query {
	fields, ok := index.TextFields[t.Lang]
	if !ok {
		return nil
	}
	multi := len(strings.Fields(t.Text)) > 1
	var any []query.Query
	for i, f := range fields {
		boost := xlangBoost
		if i == 0 {
			boost *= titleBoost
		}
		if multi {
			q := query.NewMatchPhraseQuery(t.Text)
			q.SetField(f)
			q.SetBoost(boost)
			any = append(any, q)
			continue
		}
		q := query.NewMatchQuery(t.Text)
		q.SetField(f)
		q.SetBoost(boost)
		q.SetOperator(query.MatchQueryOperatorAnd)
		any = append(any, q)
	}
	return query.NewDisjunctionQuery(any)
}

func (c *compiler) record(s string) {
	for _, have := range c.also {
		if strings.EqualFold(have, s) {
			return
		}
	}
	c.also = append(c.also, s)
}
