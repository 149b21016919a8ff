package gen

import (
	"html"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text shape. Article length is 150 words plus an exponential tail (mean
// ~350, a few over 1,000), sentences 5 words plus an exponential tail (mean
// ~19), paragraphs of 2 to 5 sentences.
const (
	minWords      = 150
	meanExtra     = 200
	maxWords      = 1400
	minSentence   = 5
	meanSentExtra = 14
	maxSentence   = 60
	// topicWords are drawn once per article and reused often, so words
	// repeat within an article (term-frequency burstiness) as in real text.
	topicWords = 24
	pTopic     = 0.22
	pNumber    = 0.02
	pComma     = 0.06
)

// writer builds one article from its own random stream.
type writer struct {
	l       *language
	r       *rand.Rand
	content *rand.Zipf
	fn      *rand.Zipf // function words follow a steeper Zipf of their own
	topic   []string
	art     Article
}

func newWriter(l *language, r *rand.Rand) *writer {
	w := &writer{l: l, r: r,
		content: rand.NewZipf(r, zipfS, zipfV, uint64(len(l.content)-1)),
		fn:      rand.NewZipf(r, 1.2, 1, uint64(len(l.function)-1)),
	}
	w.topic = make([]string, topicWords)
	for i := range w.topic {
		// Mid-frequency words: what the article is about, not "said".
		w.topic[i] = l.content[50+r.IntN(l.vocab-50)]
	}
	return w
}

// sentence is a list of units; a unit is a word or a multi-word insertion
// (an entity alias, an amount) kept together.
type sentence []string

func (w *writer) article() Article {
	n := minWords + int(w.r.ExpFloat64()*meanExtra)
	n = min(n, maxWords)
	var body []sentence
	for words := 0; words < n; {
		s := w.sentence()
		body = append(body, s)
		words += len(s)
	}
	title := w.titleWords()
	w.insertEntities(title, body)
	w.insertAmounts(&title, body)
	w.insertMarkers(&title, body)
	w.art.Item.Title = w.render(title, false)
	w.art.Item.Content = w.html(body)
	w.art.Item.Summary = w.render(body[0], true)
	return w.art
}

func (w *writer) word() string {
	r := w.r.Float64()
	switch {
	case r < w.l.pFunc:
		return w.l.function[w.fn.Uint64()]
	case r < w.l.pFunc+(1-w.l.pFunc)*pTopic:
		return w.topic[w.r.IntN(len(w.topic))]
	case r < w.l.pFunc+(1-w.l.pFunc)*(pTopic+pNumber):
		return w.number()
	}
	return w.l.content[w.content.Uint64()]
}

func (w *writer) number() string {
	switch w.r.IntN(3) {
	case 0:
		return strconv.Itoa(2015 + w.r.IntN(12)) // a year
	case 1:
		return strconv.Itoa(2 + w.r.IntN(98))
	}
	return strconv.Itoa(100 + w.r.IntN(9900))
}

func (w *writer) sentence() sentence {
	n := minSentence + int(w.r.ExpFloat64()*meanSentExtra)
	n = min(n, maxSentence)
	s := make(sentence, n)
	for i := range s {
		s[i] = w.word()
	}
	return s
}

func (w *writer) titleWords() sentence {
	n := 6 + w.r.IntN(8)
	s := make(sentence, n)
	for i := range s {
		if i%2 == 1 && w.r.Float64() < w.l.pFunc {
			s[i] = w.l.function[w.fn.Uint64()]
			continue
		}
		s[i] = w.l.content[w.content.Uint64()%uint64(w.l.vocab)]
	}
	return s
}

// insert puts unit at a random position of a random sentence.
func (w *writer) insert(body []sentence, unit string) {
	i := w.r.IntN(len(body))
	body[i] = insertAt(body[i], w.r.IntN(len(body[i])+1), unit)
}

func insertAt(s sentence, at int, unit string) sentence {
	s = append(s, "")
	copy(s[at+1:], s[at:])
	s[at] = unit
	return s
}

// insertEntities names 0-4 companies and 0-3 agencies, each 1-3 times,
// Zipf over the gazetteer so facets have a head and a long tail.
func (w *writer) insertEntities(title sentence, body []sentence) {
	for _, pool := range [][]entityForms{w.l.companies, w.l.agencies} {
		k := w.entityCount()
		seen := map[int]bool{}
		for range k {
			e := zipfIndex(w.r, len(pool), 1.15, 2)
			if seen[e] {
				continue
			}
			seen[e] = true
			ef := pool[e]
			w.art.Entities = append(w.art.Entities, ef.name)
			times := 1 + w.r.IntN(3)
			for range times {
				w.insert(body, ef.forms[w.r.IntN(len(ef.forms))])
			}
			if len(w.art.Entities) == 1 && w.r.IntN(2) == 0 {
				title[w.r.IntN(len(title))] = ef.forms[w.r.IntN(len(ef.forms))]
			}
		}
	}
}

// entityCount: none for about a quarter of articles, else 1 to 4, fewer
// more often.
func (w *writer) entityCount() int {
	if w.r.Float64() < 0.25 {
		return 0
	}
	return 1 + zipfIndex(w.r, 4, 1.5, 1)
}

func (w *writer) insertAmounts(title *sentence, body []sentence) {
	if w.r.Float64() >= AmountShare {
		return
	}
	k := 1 + zipfIndex(w.r, 3, 1.5, 1)
	for i := range k {
		text, clause := w.amount()
		w.art.Amounts = append(w.art.Amounts, text)
		w.insert(body, clause)
		if i == 0 && w.r.IntN(5) == 0 {
			*title = append(*title, text)
		}
	}
}

func (w *writer) insertMarkers(title *sentence, body []sentence) {
	if w.r.Float64() < MediumShare {
		w.art.Medium = true
		w.repeat(body, MediumWord, 3)
		if w.r.IntN(4) == 0 {
			*title = insertAt(*title, w.r.IntN(len(*title)+1), MediumWord)
		}
	}
	if w.r.Float64() < RareShare {
		w.art.Rare = true
		w.repeat(body, RareWord, 2)
	}
	if w.r.Float64() < CommonShare {
		w.art.Common = true
		w.repeat(body, w.l.commonWord, 4)
	}
	// The phrase goes into English articles only; drawn for every article
	// so the share of all articles is PhraseShare.
	if w.r.Float64() < PhraseShare/EnglishShare && w.l.code == "en" {
		w.art.Phrase = true
		w.repeat(body, Phrase, 2)
	}
}

func (w *writer) repeat(body []sentence, unit string, most int) {
	for range 1 + w.r.IntN(most) {
		w.insert(body, unit)
	}
}

// render joins a sentence: French elision ("l'armée", "d'Airbus"),
// occasional commas, a capital first letter and, for body sentences, a
// full stop.
func (w *writer) render(s sentence, stop bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		u := s[i]
		if w.l.code == "fr" && i+1 < len(s) && elides(u, s[i+1]) && !w.l.isFunction[s[i+1]] {
			apo := "'"
			if w.r.IntN(3) == 0 {
				apo = "’"
			}
			u = u[:len(u)-1] + apo + s[i+1]
			i++
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		} else {
			u = capitalize(u)
		}
		b.WriteString(u)
		if stop && i < len(s)-2 && w.r.Float64() < pComma {
			b.WriteByte(',')
		}
	}
	if stop {
		b.WriteByte('.')
	}
	return b.String()
}

// elides reports whether French word u loses its final e before next.
func elides(u, next string) bool {
	switch u {
	case "le", "la", "de", "que", "ne", "se", "je":
	default:
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	return strings.ContainsRune("aeiouyhàâéèêîôûAEIOUYHÀÂÉÈÊÎÔÛ", r)
}

// html renders the body as feed content: paragraphs of 2-5 sentences, now
// and then a phrase in <em> or <strong>, as publishers do.
func (w *writer) html(body []sentence) string {
	var b strings.Builder
	for i := 0; i < len(body); {
		n := 2 + w.r.IntN(4)
		b.WriteString("<p>")
		for j := i; j < min(i+n, len(body)); j++ {
			if j > i {
				b.WriteByte(' ')
			}
			s := html.EscapeString(w.render(body[j], true))
			if w.r.IntN(12) == 0 {
				tag := "em"
				if w.r.IntN(2) == 0 {
					tag = "strong"
				}
				s = "<" + tag + ">" + s + "</" + tag + ">"
			}
			b.WriteString(s)
		}
		b.WriteString("</p>\n")
		i += n
	}
	return b.String()
}
