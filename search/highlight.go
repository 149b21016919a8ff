package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"

	"vigie/indexer"
	"vigie/indexer/index"
)

// The index keeps term locations (phrase queries need them) but not the
// text itself: storing it made the index a third bigger and every segment
// build and merge copy it. Snippets are cut from the store's text, which is
// byte for byte what was indexed, by bleve's html highlighter (<mark>,
// escaped text) with fragments that start and end on word boundaries.
func newHighlighter() highlight.Highlighter {
	return simplehl.NewHighlighter(wordFragmenter{simplefrag.NewFragmenter(snippetRunes)},
		htmlformat.NewFragmentFormatter("<mark>", "</mark>"), simplehl.DefaultSeparator)
}

// snippetRunes is the length of a snippet, in characters.
const snippetRunes = 200

// maxWordBytes bounds the search for a word boundary: past it, a fragment
// keeps its cut (a URL or a run of digits).
const maxWordBytes = 40

// wordFragmenter moves the ends of bleve's fragments, which fall anywhere,
// to word boundaries, so a snippet never starts with "…ilitary" or ends
// with "procur…". It never cuts a highlighted term out of its fragment.
type wordFragmenter struct{ inner highlight.Fragmenter }

func (f wordFragmenter) Fragment(orig []byte, ot highlight.TermLocations) []*highlight.Fragment {
	frags := f.inner.Fragment(orig, ot)
	for _, fr := range frags {
		first, last := fr.End, fr.Start // the span of the terms inside
		for _, t := range ot {
			if t.Start >= fr.Start && t.End <= fr.End {
				first, last = min(first, t.Start), max(last, t.End)
			}
		}
		fr.Start = skipSpaces(orig, startOfWord(orig, fr.Start, first), first)
		fr.End = trimSpaces(orig, endOfWord(orig, fr.End, last), last)
	}
	return frags
}

// startOfWord moves a fragment start at i, inside a word, to the start of
// the next word, or of this one when that would pass limit (the first
// highlighted term).
func startOfWord(orig []byte, i, limit int) int {
	if i <= 0 || i >= len(orig) || spaceBefore(orig, i) {
		return i
	}
	for j := i; j < len(orig) && j-i < maxWordBytes; {
		r, size := utf8.DecodeRune(orig[j:])
		j += size
		if unicode.IsSpace(r) {
			if j <= limit {
				return j
			}
			break
		}
	}
	for j := i; j > 0 && i-j < maxWordBytes; {
		r, size := utf8.DecodeLastRune(orig[:j])
		if unicode.IsSpace(r) {
			return j
		}
		j -= size
		if j == 0 {
			return 0
		}
	}
	return i
}

// endOfWord moves a fragment end at i, inside a word, back to the end of
// the previous word, or on to the end of this one when that would cut the
// last highlighted term (limit).
func endOfWord(orig []byte, i, limit int) int {
	if i <= 0 || i >= len(orig) || spaceBefore(orig, i) || spaceAt(orig, i) {
		return i
	}
	for j := i; j > 0 && i-j < maxWordBytes; {
		r, size := utf8.DecodeLastRune(orig[:j])
		j -= size
		if unicode.IsSpace(r) {
			if j >= limit {
				return j
			}
			break
		}
	}
	for j := i; j < len(orig) && j-i < maxWordBytes; {
		r, size := utf8.DecodeRune(orig[j:])
		if unicode.IsSpace(r) {
			return j
		}
		j += size
		if j == len(orig) {
			return j
		}
	}
	return i
}

// skipSpaces moves a fragment start at i past spaces, up to limit.
func skipSpaces(orig []byte, i, limit int) int {
	for i < len(orig) && i < limit {
		r, size := utf8.DecodeRune(orig[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// trimSpaces moves a fragment end at i back before spaces, down to limit.
func trimSpaces(orig []byte, i, limit int) int {
	for i > 0 && i > limit {
		r, size := utf8.DecodeLastRune(orig[:i])
		if !unicode.IsSpace(r) {
			break
		}
		i -= size
	}
	return i
}

func spaceBefore(b []byte, i int) bool {
	r, _ := utf8.DecodeLastRune(b[:i])
	return unicode.IsSpace(r)
}

func spaceAt(b []byte, i int) bool {
	r, _ := utf8.DecodeRune(b[i:])
	return unicode.IsSpace(r)
}

// fieldText is the article text indexed in field.
func fieldText(a *indexer.Article, field string) (string, bool) {
	switch field {
	case index.FieldTitleFR, index.FieldTitleEN:
		return a.Title, true
	case index.FieldBodyFR, index.FieldBodyEN:
		return a.Text, true
	}
	return "", false
}

// highlightFromStore adds to h the best fragment of each text field it
// matched in, cut from a's text. A field whose locations do not fit the
// text (the store moved on before the index caught up) gets none; the hit
// then shows the plain snippet.
func (s *Searcher) highlightFromStore(h *bsearch.DocumentMatch, a *indexer.Article) {
	if len(h.Locations) == 0 {
		return
	}
	doc := document.NewDocument(h.ID)
	var fields []string
	for field, terms := range h.Locations {
		text, ok := fieldText(a, field)
		if !ok || !fits(terms, len(text)) {
			continue
		}
		if field == index.FieldTitleFR || field == index.FieldBodyFR {
			skipElisions(terms, text)
		}
		doc.AddField(document.NewTextField(field, nil, []byte(text)))
		fields = append(fields, field)
	}
	for _, field := range fields {
		s.highlighter.BestFragmentsInField(h, doc, field, 1)
	}
}

// frenchElisions are the words French elides before a vowel ("l'armée"),
// as bleve's elision filter knows them.
var frenchElisions = map[string]bool{"l": true, "m": true, "t": true, "qu": true, "n": true, "s": true,
	"j": true, "d": true, "c": true, "jusqu": true, "quoiqu": true, "lorsqu": true, "puisqu": true}

// skipElisions moves the start of each location past an elided article:
// the token is "l'armée" but the word found is "armée", so the mark goes
// on "l'<mark>armée</mark>".
func skipElisions(terms bsearch.TermLocationMap, text string) {
	for _, locs := range terms {
		for _, l := range locs {
			word := text[l.Start:l.End]
			for i, r := range word {
				if r == '\'' || r == '’' {
					if i > 0 && frenchElisions[strings.ToLower(word[:i])] {
						l.Start += uint64(i + utf8.RuneLen(r))
					}
					break
				}
				if i >= 6 || !unicode.IsLetter(r) {
					break
				}
			}
		}
	}
}

// fits reports whether every location lies within a text of n bytes.
func fits(terms bsearch.TermLocationMap, n int) bool {
	for _, locs := range terms {
		for _, l := range locs {
			if l.Start > l.End || l.End > uint64(n) {
				return false
			}
		}
	}
	return true
}
