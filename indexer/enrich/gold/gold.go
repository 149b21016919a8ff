// Package gold measures recognition against hand-checked labels: for each
// labelled article it compares the companies, agencies and amounts that the
// enricher finds with the gold ones and reports precision, recall and F1 per
// kind.
//
// A gold set is a JSON file, {"articles": {"ID": {"lang", "companies",
// "agencies", "amounts": [{"text", "value", "currency"}]}}}, next to a folder
// of the articles as text files, ID.txt, headline on the first line. Labels
// are names as an analyst writes them ("U.S. Navy", "Garco Construction"),
// not Vigie's canonical IDs ("US Navy"): a label is resolved to its canonical
// name the way a search filter is (Resolve), and names are then compared
// folded for case, accents, dots and legal forms, so the measure is about
// what was recognised, not how its ID is spelt.
package gold

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"vigie/indexer"
)

// Set is one gold file and where its articles are.
type Set struct {
	Name     string
	Dir      string // folder of ID.txt files
	Articles map[string]Labels
}

// Labels are the gold annotations of one article.
type Labels struct {
	Lang      string   `json:"lang"`
	Companies []string `json:"companies"`
	Agencies  []string `json:"agencies"`
	Amounts   []Amount `json:"amounts"`
}

// Amount is a labelled money amount.
type Amount struct {
	Text     string  `json:"text"`
	Value    float64 `json:"value"`
	Currency string  `json:"currency"`
}

// Load reads a gold file whose articles are in dir.
func Load(name, file, dir string) (*Set, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("gold set %s: %w", name, err)
	}
	var f struct {
		Articles map[string]Labels `json:"articles"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("gold set %s: %s: %w", name, file, err)
	}
	if len(f.Articles) == 0 {
		return nil, fmt.Errorf("gold set %s: %s has no articles", name, file)
	}
	return &Set{Name: name, Dir: dir, Articles: f.Articles}, nil
}

// Enricher is what is measured: the product's enrichment, and its resolution
// of a typed name to a canonical one.
type Enricher interface {
	Enrich(title, text, hint string) indexer.Enrichment
	Resolve(name string) (string, bool)
}

// Count is the confusion counts of one kind.
type Count struct{ TP, FP, FN int }

// Add accumulates o into c.
func (c *Count) Add(o Count) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Precision is TP/(TP+FP), 1 when nothing was predicted.
func (c Count) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 1 when nothing was expected.
func (c Count) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Count) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Kinds are the measured kinds, in report order.
var Kinds = []string{"companies", "agencies", "amounts"}

// Diff is one article's errors of one kind.
type Diff struct {
	Article, Kind string
	Missed, Extra []string
}

// Result is a set's scores.
type Result struct {
	Set    string
	N      int
	Counts map[string]*Count
	Diffs  []Diff
}

// Score runs en over every article of s.
func Score(en Enricher, s *Set) (*Result, error) {
	res := &Result{Set: s.Name, Counts: map[string]*Count{}}
	for _, k := range Kinds {
		res.Counts[k] = &Count{}
	}
	ids := make([]string, 0, len(s.Articles))
	for id := range s.Articles {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		want := s.Articles[id]
		data, err := os.ReadFile(filepath.Join(s.Dir, id+".txt"))
		if err != nil {
			return nil, fmt.Errorf("gold set %s: %w", s.Name, err)
		}
		title, body, _ := strings.Cut(string(data), "\n")
		got := en.Enrich(strings.TrimSpace(title), strings.TrimSpace(body), want.Lang)
		res.N++
		res.add(id, "companies", compareNames(en, want.Companies, got.Companies))
		res.add(id, "agencies", compareNames(en, want.Agencies, got.Agencies))
		res.add(id, "amounts", compareAmounts(want.Amounts, got))
	}
	return res, nil
}

// outcome is one article's comparison for one kind.
type outcome struct {
	Count
	missed, extra []string
}

func (r *Result) add(id, kind string, o outcome) {
	r.Counts[kind].Add(o.Count)
	if len(o.missed)+len(o.extra) > 0 {
		r.Diffs = append(r.Diffs, Diff{Article: id, Kind: kind, Missed: o.missed, Extra: o.extra})
	}
}

// compareNames matches gold labels with predicted canonical names, each at
// most once.
func compareNames(en Enricher, gold, got []string) outcome {
	left := map[string]int{}
	for _, g := range got {
		left[Key(g)]++
	}
	var c Count
	var missed []string
	seen := map[string]bool{}
	for _, g := range gold {
		k := Key(g)
		if canon, ok := en.Resolve(g); ok {
			k = Key(canon)
		}
		if seen[k] {
			continue // two labels for one entity: counted once
		}
		seen[k] = true
		if left[k] > 0 {
			left[k]--
			c.TP++
		} else {
			c.FN++
			missed = append(missed, g)
		}
	}
	var extra []string
	for _, g := range got {
		if k := Key(g); left[k] > 0 {
			left[k]--
			c.FP++
			extra = append(extra, g)
		}
	}
	return outcome{c, missed, extra}
}

// compareAmounts matches amounts by currency and value (within a cent per
// hundred dollars: labels and parser may round differently).
func compareAmounts(gold []Amount, got indexer.Enrichment) outcome {
	used := make([]bool, len(got.Amounts))
	var c Count
	var missed []string
	for _, g := range gold {
		found := false
		for i, a := range got.Amounts {
			if !used[i] && a.Currency == g.Currency && math.Abs(a.Value-g.Value) <= 1e-4*math.Max(1, g.Value) {
				used[i], found = true, true
				break
			}
		}
		if found {
			c.TP++
		} else {
			c.FN++
			missed = append(missed, fmt.Sprintf("%s (%g %s)", g.Text, g.Value, g.Currency))
		}
	}
	var extra []string
	for i, a := range got.Amounts {
		if !used[i] {
			c.FP++
			extra = append(extra, fmt.Sprintf("%s (%g %s)", a.Text, a.Value, a.Currency))
		}
	}
	return outcome{c, missed, extra}
}

// legalForms are dropped from the end of a name when comparing: a label
// "Garco Construction" is the company found as "Garco Construction Inc.".
var legalForms = map[string]bool{
	"inc": true, "llc": true, "corp": true, "corporation": true, "co": true, "ltd": true, "limited": true,
	"plc": true, "sa": true, "sas": true, "sasu": true, "sarl": true, "se": true, "gmbh": true, "ag": true,
	"ab": true, "asa": true, "spa": true, "nv": true, "bv": true, "lp": true, "llp": true, "pty": true,
	"company": true, "incorporated": true, "oy": true, "oyj": true, "as": true, "kg": true,
}

// Key folds a name for comparison: lower case, no accents, no dots, "&" as
// "and", hyphens and dashes as spaces, a leading "the" and trailing legal
// forms dropped.
func Key(name string) string {
	var b strings.Builder
	for _, r := range foldAccents(strings.ToLower(name)) {
		switch {
		case r == '.' || r == ',' || r == '\'' || r == '’':
		case r == '-' || r == '–' || r == '—' || r == '/':
			b.WriteByte(' ')
		case r == '&':
			b.WriteString(" and ")
		default:
			b.WriteRune(r)
		}
	}
	words := strings.Fields(b.String())
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	for len(words) > 1 && legalForms[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}
