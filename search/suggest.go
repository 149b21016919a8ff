package search

import (
	"strings"
	"unicode"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"vigie/indexer/index"
)

// suggest builds the "did you mean" query after a fuzzy retry: each word of
// the query is replaced by the closest word of the top hit that the fuzzy
// match landed on (read from the stored text at the match locations, so the
// suggestion shows the word as written: "Anduril", not the stem "andur").
func suggest(q string, top *bsearch.DocumentMatch, hit Hit) string {
	if top == nil {
		return ""
	}
	var surface []string
	for field, terms := range top.Locations {
		text := hit.Title
		if field == index.FieldBodyFR || field == index.FieldBodyEN {
			text = hitText(hit)
		}
		for _, locs := range terms {
			for _, l := range locs {
				if int(l.End) <= len(text) && l.Start < l.End {
					surface = append(surface, text[l.Start:l.End])
				}
			}
		}
	}
	if len(surface) == 0 {
		return ""
	}
	words := strings.Fields(q)
	changed := false
	for i, w := range words {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if core == "" || strings.Contains(w, ":") || strings.HasPrefix(w, "-") || core == "OR" {
			continue
		}
		best, bestD := "", 3
		for _, s := range surface {
			if strings.EqualFold(s, core) {
				best, bestD = "", 0
				break
			}
			if d := editDistance(strings.ToLower(s), strings.ToLower(core)); d < bestD {
				best, bestD = s, d
			}
		}
		if best != "" {
			words[i] = strings.Replace(w, core, best, 1)
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(words, " ")
}

// hitText is the article text the body locations refer to. Hits carry only
// the snippet, so the searcher passes the full text through a side field.
func hitText(h Hit) string { return h.text }

// editDistance is the Levenshtein distance over runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
