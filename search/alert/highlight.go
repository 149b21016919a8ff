package alert

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"vigie/indexer/normalize"
	"vigie/search"
)

// Matching does not use bleve's highlighter: with thousands of alerts over
// a batch, highlighting every hit of every alert would cost more than all
// the matching (it loads and scans each hit's stored text). Instead an
// e-mail shows each article's opening words, with the saved search's words
// marked in them when the e-mail is rendered. Marking is lexical (case, accents, and a short inflected ending
// tolerated: drone/drones, contrat/contrats): it decorates what the search
// already decided matched; it never decides anything.

// snippetRunes is the length of the article extract in e-mails.
const snippetRunes = 240

// markWords are the words to mark in the extracts of a search's hits: its
// query words and the names it filters on.
func markWords(req search.Request) []string {
	words := queryWords(req.Q)
	for _, v := range slices.Concat(req.Companies, req.Agencies) {
		for _, w := range splitWords(v) {
			if f := fold(w); utf8.RuneCountInString(f) >= 2 {
				words = append(words, f)
			}
		}
	}
	return words
}

// maxEnding is how many trailing letters a snippet word may have beyond a
// query word and still be marked (plural and common inflections).
const maxEnding = 3

// queryWords returns the folded words of a query's positive terms:
// operators, excluded terms and field names are dropped, phrases give their
// words.
func queryWords(q string) []string {
	var words []string
	neg := false
	inPhrase, phraseNeg := false, false
	for _, tok := range strings.Fields(q) {
		if !inPhrase {
			neg = strings.HasPrefix(tok, "-")
			tok = strings.TrimLeft(tok, "-")
			if i := strings.IndexByte(tok, ':'); i > 0 && !strings.HasPrefix(tok, `"`) {
				tok = tok[i+1:] // title:drone, company:OpenAI
			}
			if strings.HasPrefix(tok, `"`) {
				inPhrase, phraseNeg = true, neg
				tok = tok[1:]
			}
		}
		if inPhrase {
			neg = phraseNeg
			if strings.Contains(tok, `"`) {
				inPhrase = false
			}
		}
		if neg || tok == "OR" || tok == "|" {
			continue
		}
		for _, w := range splitWords(tok) {
			if f := fold(w); utf8.RuneCountInString(f) >= 2 {
				words = append(words, f)
			}
		}
	}
	return words
}

// splitWords cuts s into runs of letters and digits.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// fold lower-cases and removes accents.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// marks reports whether a snippet word (folded) shows a query word.
func marks(word string, query []string) bool {
	for _, q := range query {
		if strings.HasPrefix(word, q) && utf8.RuneCountInString(word)-utf8.RuneCountInString(q) <= maxEnding {
			return true
		}
	}
	return false
}

// extractLead is how much text an extract keeps before the first marked
// word when it does not start at the beginning.
const extractLead = 60

// maxScan bounds how far into an article extract looks for a query word.
const maxScan = 64 << 10

// extract is the article's opening words, or, when none of the query words
// appears there, the passage around the first one that appears later: the
// reader sees why the article matched.
func extract(text string, words []string, n int) string {
	lead := normalize.Snippet(text, n)
	if len(words) == 0 || newSnippet(lead).marksAny(words) {
		return lead
	}
	scan := text[:min(len(text), maxScan)]
	for _, w := range newSnippet(scan).words {
		if !marks(w.folded, words) {
			continue
		}
		start := w.start
		for back := 0; start > 0 && back < extractLead; back++ {
			_, size := utf8.DecodeLastRuneInString(text[:start])
			start -= size
		}
		// Start on a word: skip the rest of a word cut in two.
		if start > 0 {
			if i := strings.IndexFunc(text[start:], unicode.IsSpace); i >= 0 && start+i < w.start {
				start += i
			}
		}
		return "…" + normalize.Snippet(text[start:], n-1)
	}
	return lead
}

// marksAny reports whether any word of the snippet shows a query word.
func (sn snippet) marksAny(query []string) bool {
	for _, w := range sn.words {
		if marks(w.folded, query) {
			return true
		}
	}
	return false
}

// snippet is an article extract cut into words, so that marking it only
// compares strings.
type snippet struct {
	text  string
	words []span
}

// span is one word of a snippet: its byte range and folded form.
type span struct {
	start, end int
	folded     string
}

func newSnippet(text string) snippet {
	sn := snippet{text: text}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) {
				break
			}
			j += size
		}
		sn.words = append(sn.words, span{start: i, end: j, folded: fold(text[i:j])})
		i = j
	}
	return sn
}

// mark escapes the snippet as HTML and wraps the words that show a query
// word in <mark>.
func (sn snippet) mark(query []string) string {
	if len(query) == 0 {
		return html.EscapeString(sn.text)
	}
	var b strings.Builder
	last := 0
	for _, w := range sn.words {
		if !marks(w.folded, query) {
			continue
		}
		b.WriteString(html.EscapeString(sn.text[last:w.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(sn.text[w.start:w.end]))
		b.WriteString("</mark>")
		last = w.end
	}
	b.WriteString(html.EscapeString(sn.text[last:]))
	return b.String()
}
