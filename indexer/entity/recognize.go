package entity

import (
	"slices"
	"strings"
)

// Source says how a mention was recognised.
type Source string

const (
	// FromGazetteer: an alias of the curated gazetteer.
	FromGazetteer Source = "gazetteer"
	// FromPattern: a name recognised by its form or context: a legal form
	// ("Garco Construction Inc."), the grammar of a contract announcement
	// ("RGNext, Colorado Springs, Colorado, was awarded"), or a
	// government naming pattern ("U.S. 7th Fleet", "Army Contracting
	// Command-Redstone", "marine indienne").
	FromPattern Source = "pattern"
	// FromLearned: a name learnt from earlier articles (see Learned).
	FromLearned Source = "learned"
)

// Recognizer finds the organisations a text names: the gazetteer's first,
// then names recognised by pattern, then names learnt from the corpus. It is
// immutable and safe for concurrent use; a new learned table means a new
// Recognizer (WithLearned), which is cheap.
type Recognizer struct {
	gaz     *Gazetteer
	learned *Gazetteer // nil: nothing learnt yet
	// curated maps a pattern-found name to the name an analyst gave it
	// (rename, merge) or to "" (rejected: not an organisation).
	curated map[string]string
}

// NewRecognizer returns a recognizer over gaz (nil: the embedded one).
func NewRecognizer(gaz *Gazetteer) *Recognizer {
	if gaz == nil {
		gaz = Default()
	}
	return &Recognizer{gaz: gaz}
}

// Gazetteer returns the curated gazetteer the recognizer uses.
func (r *Recognizer) Gazetteer() *Gazetteer { return r.gaz }

// WithLearned returns a recognizer that also matches the names of learned
// (nil: none) and applies an analyst's curation to what the patterns find:
// curated maps a found name to its new name, or to "" to drop it.
func (r *Recognizer) WithLearned(learned *Gazetteer, curated map[string]string) *Recognizer {
	return &Recognizer{gaz: r.gaz, learned: learned, curated: curated}
}

// Lookup returns the curated or learned entity named name.
func (r *Recognizer) Lookup(name string) (Entity, bool) {
	if e, ok := r.gaz.Lookup(name); ok {
		return e, true
	}
	if r.learned != nil {
		return r.learned.Lookup(name)
	}
	return Entity{}, false
}

// Ancestors returns the chain of bodies or companies that a mention rolls up
// to, nearest first: "Army Contracting Command-Redstone" -> Army Contracting
// Command, Army Materiel Command, US Army, DoD.
func (r *Recognizer) Ancestors(m Mention) []string {
	var out []string
	p := m.Parent
	if p == "" {
		p, _ = r.parentOf(m.Name)
	}
	for p != "" && len(out) < 10 && p != m.Name {
		if slices.Contains(out, p) {
			break // a cycle in a hand-edited file
		}
		out = append(out, p)
		next, ok := r.parentOf(p)
		if !ok {
			break
		}
		p = next
	}
	return out
}

// parentOf is Lookup(name).Parent without copying the entity.
func (r *Recognizer) parentOf(name string) (string, bool) {
	if i, ok := r.gaz.byName[name]; ok {
		return r.gaz.entities[i].Parent, true
	}
	if r.learned != nil {
		if i, ok := r.learned.byName[name]; ok {
			return r.learned.entities[i].Parent, true
		}
	}
	return "", false
}

// Find returns the mentions in text, leftmost first, never overlapping.
// Mentions found by pattern carry the parent they roll up to, if known.
func (r *Recognizer) Find(text string) []Mention {
	ts := r.gaz.getTokens()
	defer r.gaz.putTokens(ts)
	return r.find(ts, text)
}

// Match returns the canonical names of the companies and agencies of text,
// each once, in order of first mention.
func (r *Recognizer) Match(text string) (companies, agencies []string) {
	for _, m := range r.Find(text) {
		list := &agencies
		if m.Kind == KindCompany {
			list = &companies
		}
		if !slices.Contains(*list, m.Name) {
			*list = append(*list, m.Name)
		}
	}
	return companies, agencies
}

// Resolve returns the canonical name and kind that a whole typed name
// designates: a gazetteer alias, a learned name, or a name the patterns
// recognise when it is the whole input ("U.S. 7th Fleet" -> "US 7th Fleet",
// "Portfolio Acquisition Executive Fires" -> "PAE Fires").
func (r *Recognizer) Resolve(name string) (string, Kind, bool) {
	if e, ok := r.gaz.Resolve(name); ok {
		return e.Name, e.Kind, true
	}
	if r.learned != nil {
		if e, ok := r.learned.Resolve(name); ok {
			return e.Name, e.Kind, true
		}
	}
	name = strings.TrimSpace(name)
	ms := r.Find(name)
	if len(ms) == 1 && ms[0].Start == 0 && ms[0].End >= len(strings.TrimRight(name, ".")) {
		return ms[0].Name, ms[0].Kind, true
	}
	return "", "", false
}

// find scans text once and merges the three sources.
func (r *Recognizer) find(ts *tokens, text string) []Mention {
	hits := r.gaz.hits(ts, text)
	gm := make([]span, 0, len(hits))
	for _, h := range hits {
		e := &r.gaz.entities[r.gaz.aliases[h.alias].entity]
		gm = append(gm, span{i: int(h.i), j: int(h.i + h.n), name: e.Name, kind: e.Kind, parent: e.Parent, src: FromGazetteer})
	}
	pm := r.curate(findPatterns(ts, r.gaz, gm))
	all := mergeSpans(ts, gm, pm)
	if r.learned != nil {
		all = r.addLearned(ts, all)
	}
	out := make([]Mention, 0, len(all))
	for _, s := range all {
		start, end := ts.toks[s.i].start, ts.toks[s.j-1].end
		out = append(out, Mention{Name: s.name, Kind: s.kind, Text: text[start:end], Start: start, End: end,
			Parent: s.parent, Source: s.src, Confident: s.confident})
	}
	return out
}

// curate renames or drops pattern mentions as an analyst said.
func (r *Recognizer) curate(pm []span) []span {
	if len(r.curated) == 0 {
		return pm
	}
	out := pm[:0]
	for _, s := range pm {
		if to, ok := r.curated[s.name]; ok {
			if to == "" {
				continue
			}
			s.name = to
			if e, ok := r.Lookup(to); ok {
				s.kind, s.parent = e.Kind, e.Parent
			}
		}
		out = append(out, s)
	}
	return out
}

// addLearned adds the learned names found in the tokens not already covered.
func (r *Recognizer) addLearned(ts *tokens, have []span) []span {
	lg := r.learned
	var extra []span
	for i := 0; i < len(ts.toks); {
		if covered(have, i) {
			i++
			continue
		}
		a, n := lg.longestAt(ts, i)
		if n == 0 || coveredAny(have, i, i+n) {
			i++
			continue
		}
		e := &lg.entities[lg.aliases[a].entity]
		extra = append(extra, span{i: i, j: i + n, name: e.Name, kind: e.Kind, parent: e.Parent, src: FromLearned})
		i += n
	}
	if len(extra) == 0 {
		return have
	}
	all := append(have, extra...)
	slices.SortFunc(all, func(a, b span) int { return a.i - b.i })
	return all
}

// span is a mention over tokens [i, j).
type span struct {
	i, j      int
	name      string
	kind      Kind
	parent    string
	src       Source
	confident bool // a pattern strong enough to learn the name from
}

// joinsTwo reports a pattern mention that joins gazetteer mentions with a
// conjunction or a comma: "Department of Defense and Navy" is two bodies,
// not one, while "Boeing Defence Australia" is one company.
func joinsTwo(ts *tokens, gm []span, inner []int) bool {
	for k := 1; k < len(inner); k++ {
		a, b := gm[inner[k-1]], gm[inner[k]]
		for t := a.j; t <= b.i && t < len(ts.toks); t++ {
			if ts.toks[t].gap == gapHard {
				return true
			}
			if t < b.i {
				switch string(ts.fold(t)) {
				case "and", "et", "or", "ou", "of", "de", "du", "des", "the", "la", "le", "l":
					return true
				}
			}
		}
	}
	return false
}

func covered(ss []span, k int) bool {
	for _, s := range ss {
		if s.i <= k && k < s.j {
			return true
		}
	}
	return false
}

func coveredAny(ss []span, i, j int) bool {
	for _, s := range ss {
		if s.i < j && i < s.j {
			return true
		}
	}
	return false
}

// mergeSpans combines gazetteer and pattern mentions. A pattern mention that
// strictly contains gazetteer mentions replaces them ("Army Contracting
// Command-Redstone" over "Army Contracting Command", "Indian Navy" over
// "Navy") and, when it has no parent of its own, rolls up to the first one of
// its kind ("U.S. Army Special Operations Command" -> US Army). One that
// crosses a gazetteer mention or lies inside one loses, and so does a body
// that would swallow a company.
func mergeSpans(ts *tokens, gm, pm []span) []span {
	if len(pm) == 0 {
		return gm
	}
	out := make([]span, 0, len(gm)+len(pm))
	drop := make([]bool, len(gm))
	for _, p := range pm {
		ok := true
		var inner []int
		for k, g := range gm {
			if g.j <= p.i || p.j <= g.i {
				continue
			}
			if p.i <= g.i && g.j <= p.j && (p.i < g.i || g.j < p.j) && !(p.kind == KindAgency && g.kind == KindCompany) {
				inner = append(inner, k)
				continue
			}
			ok = false
			break
		}
		if !ok || coveredAny(out, p.i, p.j) || joinsTwo(ts, gm, inner) {
			continue
		}
		for _, k := range inner {
			drop[k] = true
			if p.parent == "" && gm[k].kind == p.kind && gm[k].name != p.name {
				p.parent = gm[k].name
			}
		}
		if p.parent == p.name {
			p.parent = ""
		}
		out = append(out, p)
	}
	for k, g := range gm {
		if !drop[k] {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b span) int { return a.i - b.i })
	return out
}
