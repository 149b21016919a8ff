// Package xlang translates query words and phrases between French and
// English through Vigie's bilingual defence/AI lexicon (lexicon.tsv), so a
// French query also finds English articles and the reverse.
//
// Matching happens at the level the index analyses text: a lexicon entry is
// keyed by the terms its own language's analyzer makes of it (lower case,
// elision, stop words, accent folding, stemming), and so is the query text.
// "contrats", "Contrat" and "contrat" all meet the entry contrat -> contract,
// and "appel d'offres" meets "appel d’offres". The lexicon therefore lists
// base forms, and inflected ones only where stemming does not join them.
package xlang

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

//go:embed lexicon.tsv
var embedded []byte

// Pair is one line of the lexicon: a French term and its English
// translation, either of which may be several words.
type Pair struct {
	FR, EN string
	// Domain is the section the pair is listed under ("contracts", "cyber").
	Domain string
	Line   int
	// Same marks a pair written the same in both languages on purpose
	// (flag "same" in a third column); others are refused as redundant,
	// since every query word is already searched in both languages.
	Same bool
}

// Parse reads a lexicon: one pair per line, `fr<TAB>en[<TAB>flags]`;
// blank lines and lines starting with # are comments, and a comment
// "# == domain ==" starts a domain. It refuses a malformed file: a line
// without exactly one French and one English side, an empty side, a pair
// listed twice, or a pair identical on both sides without the "same" flag.
func Parse(data []byte) ([]Pair, error) {
	var (
		pairs  []Pair
		domain string
		seen   = map[[2]string]int{}
		sc     = bufio.NewScanner(bytes.NewReader(data))
		n      int
	)
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			continue
		}
		if strings.HasPrefix(trimmed, "#") {
			if d, ok := domainOf(trimmed); ok {
				domain = d
			}
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 || len(cols) > 3 {
			return nil, fmt.Errorf("xlang: line %d: want fr<TAB>en[<TAB>flags], got %d columns", n, len(cols))
		}
		p := Pair{FR: strings.TrimSpace(cols[0]), EN: strings.TrimSpace(cols[1]), Domain: domain, Line: n}
		if p.FR == "" || p.EN == "" {
			return nil, fmt.Errorf("xlang: line %d: empty side", n)
		}
		if len(cols) == 3 {
			switch strings.TrimSpace(cols[2]) {
			case "same":
				p.Same = true
			default:
				return nil, fmt.Errorf("xlang: line %d: unknown flag %q (known: same)", n, cols[2])
			}
		}
		if strings.EqualFold(p.FR, p.EN) && !p.Same {
			return nil, fmt.Errorf("xlang: line %d: %q is the same in both languages; it is searched in both already (flag it \"same\" if it must stay)", n, p.FR)
		}
		if domain == "" {
			return nil, fmt.Errorf("xlang: line %d: pair before the first domain header", n)
		}
		k := [2]string{strings.ToLower(p.FR), strings.ToLower(p.EN)}
		if first, dup := seen[k]; dup {
			return nil, fmt.Errorf("xlang: line %d: %s / %s already on line %d", n, p.FR, p.EN, first)
		}
		seen[k] = n
		pairs = append(pairs, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("xlang: %w", err)
	}
	return pairs, nil
}

// domainOf reads a domain header, "# == contracts ==".
func domainOf(comment string) (string, bool) {
	s := strings.TrimSpace(strings.TrimPrefix(comment, "#"))
	if !strings.HasPrefix(s, "==") || !strings.HasSuffix(s, "==") || len(s) < 5 {
		return "", false
	}
	return strings.TrimSpace(s[2 : len(s)-2]), true
}

// embeddedPairs parses the embedded file once.
var embeddedPairs = sync.OnceValues(func() ([]Pair, error) { return Parse(embedded) })

// Pairs returns the embedded lexicon's pairs. The file is checked by a
// test, so an error here means a broken build.
func Pairs() ([]Pair, error) {
	ps, err := embeddedPairs()
	if err != nil {
		return nil, err
	}
	out := make([]Pair, len(ps))
	copy(out, ps)
	return out, nil
}

// Translation is a term in the other language: Lang ("fr" or "en") is the
// language of Text.
type Translation struct {
	Text string
	Lang string
}

// Lexicon finds the translations of query text. It is immutable and safe
// for concurrent use.
type Lexicon struct {
	fr, en   analysis.Analyzer
	toEN     map[string][]string // analysed French -> English texts
	toFR     map[string][]string // analysed English -> French texts
	maxWords int
}

// New indexes pairs for lookups, analysing each side with its language's
// analyzer (those of the search index, so lookups meet query terms as the
// index sees them). A side that analyses to nothing (only stop words) is
// left out.
func New(pairs []Pair, fr, en analysis.Analyzer) *Lexicon {
	l := &Lexicon{fr: fr, en: en, toEN: map[string][]string{}, toFR: map[string][]string{}}
	add := func(m map[string][]string, key, text string) {
		if key == "" {
			return
		}
		for _, t := range m[key] {
			if strings.EqualFold(t, text) {
				return
			}
		}
		m[key] = append(m[key], text)
	}
	for _, p := range pairs {
		add(l.toEN, Key(fr, p.FR), p.EN)
		add(l.toFR, Key(en, p.EN), p.FR)
		l.maxWords = max(l.maxWords, len(strings.Fields(p.FR)), len(strings.Fields(p.EN)))
	}
	return l
}

// Default returns the embedded lexicon indexed with fr and en.
func Default(fr, en analysis.Analyzer) (*Lexicon, error) {
	ps, err := embeddedPairs()
	if err != nil {
		return nil, err
	}
	return New(ps, fr, en), nil
}

// MaxWords is the number of space-separated words of the longest entry: a
// query span longer than that cannot be in the lexicon.
func (l *Lexicon) MaxWords() int { return l.maxWords }

// Len is the number of distinct analysed entries, both directions.
func (l *Lexicon) Len() int { return len(l.toEN) + len(l.toFR) }

// Translate returns the translations of text (a word or a phrase), French
// ones first for English text and English ones for French text; text may
// be either, so both directions are looked up. A translation that its own
// language's analyzer reads as text itself is left out: the query already
// searches it.
func (l *Lexicon) Translate(text string) []Translation {
	var out []Translation
	frKey, enKey := Key(l.fr, text), Key(l.en, text)
	for _, t := range l.toEN[frKey] {
		if Key(l.en, t) != enKey {
			out = append(out, Translation{Text: t, Lang: "en"})
		}
	}
	for _, t := range l.toFR[enKey] {
		if Key(l.fr, t) != frKey {
			out = append(out, Translation{Text: t, Lang: "fr"})
		}
	}
	return out
}

// Key is text as analyzer a indexes it: its terms joined by spaces.
func Key(a analysis.Analyzer, text string) string {
	toks := a.Analyze([]byte(text))
	if len(toks) == 0 {
		return ""
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.Write(t.Term)
	}
	return b.String()
}
