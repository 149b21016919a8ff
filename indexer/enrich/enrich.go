// Package enrich recognises what an article is about: its language, the
// companies and agencies it names, and the money amounts it mentions. It
// combines the lang, entity and amount packages behind one call, used by the
// ingest pipeline and by `vigie extract` alike.
package enrich

import (
	"vigie/indexer"
	"vigie/indexer/amount"
	"vigie/indexer/entity"
	"vigie/indexer/lang"
)

// Enricher holds the loaded gazetteer and rate table. It is safe for
// concurrent use.
type Enricher struct {
	rec     *entity.Recognizer
	amounts *amount.Parser
}

// New returns an Enricher; nil arguments take the embedded defaults.
func New(gaz *entity.Gazetteer, rates amount.Rates) *Enricher {
	if gaz == nil {
		gaz = entity.Default()
	}
	return &Enricher{rec: entity.NewRecognizer(gaz), amounts: amount.NewParser(rates)}
}

// Enrich analyses an article's title and plain text. hint is the feed's
// declared language, used only when the text itself says too little.
func (e *Enricher) Enrich(title, text, hint string) indexer.Enrichment {
	full := title
	if text != "" {
		full = title + "\n\n" + text
	}
	en := indexer.Enrichment{
		Lang:      lang.Detect(full, hint),
		Companies: []string{},
		Agencies:  []string{},
		Amounts:   []amount.Amount{},
	}
	companies, agencies := e.rec.Match(full)
	if companies != nil {
		en.Companies = companies
	}
	if agencies != nil {
		en.Agencies = agencies
	}
	if as := e.amounts.Find(full); len(as) > 0 {
		en.Amounts = dedupAmounts(as)
		if max, ok := amount.Largest(as); ok {
			en.AmountUSD = max.USD
		}
	}
	return en
}

// dedupAmounts drops repeated mentions of the same amount written the same
// way (titles usually repeat the body's headline figure).
func dedupAmounts(as []amount.Amount) []amount.Amount {
	type key struct {
		text string
		v    float64
	}
	seen := make(map[key]bool, len(as))
	out := as[:0:0]
	for _, a := range as {
		k := key{a.Text, a.Value}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

// Resolve returns the canonical name of the company or agency that a
// user-typed name designates, by any alias; search filters use it.
func (e *Enricher) Resolve(name string) (string, bool) {
	canon, _, ok := e.rec.Resolve(name)
	return canon, ok
}
