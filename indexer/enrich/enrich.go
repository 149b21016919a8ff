// Package enrich recognises what an article is about: its language, the
// companies and agencies it names, and the money amounts it mentions. It
// combines the lang, entity and amount packages behind one call, used by the
// ingest pipeline and by `vigie extract` alike.
package enrich

import (
	"slices"
	"sync/atomic"

	"vigie/indexer"
	"vigie/indexer/amount"
	"vigie/indexer/entity"
	"vigie/indexer/lang"
)

// Enricher holds the loaded gazetteer and rate table. It is safe for
// concurrent use.
type Enricher struct {
	rec     atomic.Pointer[entity.Recognizer]
	amounts *amount.Parser
}

// New returns an Enricher; nil arguments take the embedded defaults.
func New(gaz *entity.Gazetteer, rates amount.Rates) *Enricher {
	if gaz == nil {
		gaz = entity.Default()
	}
	e := &Enricher{amounts: amount.NewParser(rates)}
	e.rec.Store(entity.NewRecognizer(gaz))
	return e
}

// SetLearned makes later enrichments also recognise the learned entities
// and apply an analyst's curation (see entity.Recognizer.WithLearned). It is
// safe to call while other goroutines enrich.
func (e *Enricher) SetLearned(learned *entity.Gazetteer, curated map[string]string) {
	e.rec.Store(e.rec.Load().WithLearned(learned, curated))
}

// Recognizer returns the entity recognizer in use.
func (e *Enricher) Recognizer() *entity.Recognizer { return e.rec.Load() }

// Enrich analyses an article's title and plain text. hint is the feed's
// declared language, used only when the text itself says too little.
func (e *Enricher) Enrich(title, text, hint string) indexer.Enrichment {
	en, _ := e.Analyse(title, text, hint)
	return en
}

// Analyse is Enrich that also returns the organisations found by pattern
// with confidence (a legal form, a contract announcement), which the
// ingest pipeline learns so that their bare names are found elsewhere.
func (e *Enricher) Analyse(title, text, hint string) (indexer.Enrichment, []entity.Mention) {
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
	rec := e.rec.Load()
	var learnable []entity.Mention
	for _, m := range rec.Find(full) {
		named, parents := &en.Agencies, &en.ParentAgencies
		if m.Kind == entity.KindCompany {
			named, parents = &en.Companies, &en.ParentCompanies
		}
		if slices.Contains(*named, m.Name) {
			continue
		}
		*named = append(*named, m.Name)
		if m.Confident && m.Source == entity.FromPattern {
			learnable = append(learnable, m)
		}
		for _, p := range rec.Ancestors(m) {
			if !slices.Contains(*parents, p) {
				*parents = append(*parents, p)
			}
		}
	}
	// A parent that is also named itself is not only a parent.
	en.ParentCompanies = without(en.ParentCompanies, en.Companies)
	en.ParentAgencies = without(en.ParentAgencies, en.Agencies)
	if as := e.amounts.Find(full); len(as) > 0 {
		en.Amounts = dedupAmounts(as)
		if max, ok := amount.Largest(as); ok {
			en.AmountUSD = max.USD
		}
	}
	return en, learnable
}

// without returns the elements of list not in drop, nil when none.
func without(list, drop []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(drop, s) {
			out = append(out, s)
		}
	}
	return out
}

// dedupAmounts drops repeated mentions of the same amount: titles repeat
// the body's headline figure, often written another way ("$54.2 Million",
// "$54.2 million"). The first mention's text is kept.
func dedupAmounts(as []amount.Amount) []amount.Amount {
	type key struct {
		currency string
		v        float64
	}
	seen := make(map[key]bool, len(as))
	out := as[:0:0]
	for _, a := range as {
		k := key{a.Currency, a.Value}
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
	canon, _, ok := e.rec.Load().Resolve(name)
	return canon, ok
}
