package index

import (
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names of the bleve documents. Text is indexed once per language with
// that language's analyzer (one field path must have one analyzer: bleve
// picks the query analyzer from a map, so two type mappings sharing a path
// would analyse queries at random). An article fills only its language's
// fields; an article of undetermined language fills both.
const (
	FieldTitleFR   = "title_fr"
	FieldBodyFR    = "body_fr"
	FieldTitleEN   = "title_en"
	FieldBodyEN    = "body_en"
	FieldCompany   = "company"
	FieldAgency    = "agency"
	FieldLang      = "lang"
	FieldSource    = "source"
	FieldAmountUSD = "amount_usd"
	FieldPublished = "published"
	// FieldMonth is the publication month ("2025-06") as a keyword: the date
	// histogram is a terms facet over it, exact and cheap, with no need to
	// know the matched date range before the search.
	FieldMonth = "month"
	// FieldStory is the story ID (see indexer/story), the article's own ID
	// when it has none: search collapses and counts stories by it.
	FieldStory = "story"
)

// MappingVersion changes whenever the mapping or analysis changes in a way
// that needs `vigie reindex`; Open refuses an index built with another one.
const MappingVersion = "7"

// TextFields lists the analysed text fields by language.
var TextFields = map[string][2]string{
	"fr": {FieldTitleFR, FieldBodyFR},
	"en": {FieldTitleEN, FieldBodyEN},
}

// NewMapping builds the index mapping: explicit fields only (no _all, no
// dynamic fields), doc values only where search facets or sorts, term
// vectors only on text (highlighting and phrase queries need them).
func NewMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	for name, def := range analyzers() {
		if err := m.AddCustomAnalyzer(name, def); err != nil {
			return nil, err
		}
	}
	m.DefaultAnalyzer = AnalyzerEN
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false

	doc := mapping.NewDocumentStaticMapping()
	text := func(analyzer string) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		// Not stored: snippets are cut from the store's text (search/highlight.go).
		f.Store = false
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	keyword := func() *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	doc.AddFieldMappingsAt(FieldTitleFR, text(AnalyzerFR))
	doc.AddFieldMappingsAt(FieldBodyFR, text(AnalyzerFR))
	doc.AddFieldMappingsAt(FieldTitleEN, text(AnalyzerEN))
	doc.AddFieldMappingsAt(FieldBodyEN, text(AnalyzerEN))
	for _, f := range []string{FieldCompany, FieldAgency, FieldLang, FieldSource, FieldMonth, FieldStory} {
		doc.AddFieldMappingsAt(f, keyword())
	}
	num := mapping.NewNumericFieldMapping()
	num.IncludeInAll = false
	num.Store = false
	doc.AddFieldMappingsAt(FieldAmountUSD, num)
	date := mapping.NewDateTimeFieldMapping()
	date.IncludeInAll = false
	date.Store = false
	doc.AddFieldMappingsAt(FieldPublished, date)

	m.DefaultMapping = doc
	m.DefaultType = "article"
	return m, nil
}
