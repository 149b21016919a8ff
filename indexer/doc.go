// Package indexer is Vigie's write side: the article model shared by the
// store, the bleve index and the search API. Its sub-packages fetch feeds
// (feed), clean text (normalize), recognise language, entities and amounts
// (lang, entity, amount, enrich), keep the record of truth (store), maintain
// the derived bleve index (index) and tie it all together (ingest).
package indexer
