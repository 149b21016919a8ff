package entity

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// alias is one compiled alias: the path of folded tokens leading to it in the
// trie plus what a text must also satisfy to match it.
type alias struct {
	entity    int32
	text      string   // as written in the gazetteer
	exact     []string // accent-folded tokens with case, checked when sensitive
	gaps      []gap    // gaps[k] separates tokens k and k+1
	sensitive bool
	ambiguous bool
}

// startSet is a Bloom-like filter of the folded tokens an alias starts
// with: one bit per hash of a token's length and a few of its bytes.
// Nearly every token of a text starts no alias, and the bit tells so for
// the price of a load, where the root's map (hashing the whole token,
// probing, comparing) was a third of the scan.
type startSet [1 << 10]uint64

func startKey(tok []byte) uint32 {
	n := len(tok)
	if n == 0 {
		return 0
	}
	h := uint32(n)*0x9e3779b1 ^ uint32(tok[0])*0x85ebca77 ^ uint32(tok[n-1])*0xc2b2ae3d ^ uint32(tok[n/2])*0x27d4eb2f
	return h >> 16
}

func (s *startSet) add(tok []byte) { k := startKey(tok); s[k/64] |= 1 << (k % 64) }

// has reports whether tok may start an alias (false: it starts none).
func (s *startSet) has(tok []byte) bool { k := startKey(tok); return s[k/64]&(1<<(k%64)) != 0 }

// node is a trie node keyed by folded tokens.
type node struct {
	next    map[string]int32
	aliases []int32 // aliases whose last token leads here
}

// rules is the compiled context of an entity.
type rules struct {
	generic   bool
	notBefore map[string]bool // folded words
	notAfter  map[string]bool // folded words
	confirm   map[string]bool // accent-folded words with case
}

// hit is one match found by a scan: alias a over tokens [i, i+n).
type hit struct {
	alias int32
	i, n  int32
}

// Find returns the entity mentions in text: leftmost first, the longest alias
// at each position, never overlapping.
func (g *Gazetteer) Find(text string) []Mention {
	ts := g.getTokens()
	defer g.putTokens(ts)
	hits := g.hits(ts, text)
	if len(hits) == 0 {
		return nil
	}
	out := make([]Mention, len(hits))
	for k, h := range hits {
		e := &g.entities[g.aliases[h.alias].entity]
		start, end := ts.toks[h.i].start, ts.toks[h.i+h.n-1].end
		out[k] = Mention{Name: e.Name, Kind: e.Kind, Text: text[start:end], Start: start, End: end}
	}
	return out
}

// Match returns the canonical names of the companies and of the agencies that
// text mentions, each once, in order of first mention.
func (g *Gazetteer) Match(text string) (companies, agencies []string) {
	ts := g.getTokens()
	defer g.putTokens(ts)
	seen := ts.entities[:0]
	for _, h := range g.hits(ts, text) {
		e := g.aliases[h.alias].entity
		if slices.Contains(seen, e) {
			continue // a few dozen entities at most: a scan beats a map
		}
		seen = append(seen, e)
		if ent := &g.entities[e]; ent.Kind == KindCompany {
			companies = append(companies, ent.Name)
		} else {
			agencies = append(agencies, ent.Name)
		}
	}
	ts.entities = seen
	return companies, agencies
}

// hits scans text into ts and returns its matches, kept in ts's scratch
// space. Matches of ambiguous aliases are dropped unless the text confirms
// their entity.
func (g *Gazetteer) hits(ts *tokens, text string) []hit {
	ts.scan(text)
	hits := ts.hits[:0]
	weak := false
	for i := 0; i < len(ts.toks); {
		a, n := g.longestAt(ts, i)
		if n == 0 {
			i++
			continue
		}
		hits = append(hits, hit{alias: a, i: int32(i), n: int32(n)})
		weak = weak || g.aliases[a].ambiguous
		i += n
	}
	if weak {
		hits = g.dropUnconfirmed(ts, hits)
	}
	ts.hits = hits
	return hits
}

// dropUnconfirmed removes the hits of ambiguous aliases whose entity the
// text does not confirm, by an unambiguous hit or by one of its confirm
// words.
func (g *Gazetteer) dropUnconfirmed(ts *tokens, hits []hit) []hit {
	confirmed := ts.entities[:0]
	for _, h := range hits {
		if al := &g.aliases[h.alias]; !al.ambiguous {
			confirmed = append(confirmed, al.entity)
		}
	}
	out := hits[:0]
	for _, h := range hits {
		al := &g.aliases[h.alias]
		keep := !al.ambiguous || slices.Contains(confirmed, al.entity)
		if !keep && (ts.containsAny(g.rules[al.entity].confirm) ||
			g.entities[al.entity].Kind == KindCompany && ts.sourceCueBefore(int(h.i))) {
			confirmed = append(confirmed, al.entity)
			keep = true
		}
		if keep {
			out = append(out, h)
		}
	}
	ts.entities = confirmed[:0]
	return out
}

// sourceCueBefore reports whether the words before token i cite it as a
// source: "selon l'AFP", "d'après AP", "told CNN", "according to AP", "cité
// par le FT", "reported by Wired". A news agency's short name is ambiguous
// ("AFP" is also the Philippine armed forces), but not there.
func (ts *tokens) sourceCueBefore(i int) bool {
	k := i - 1
	if k >= 0 && ts.toks[i].gap == gapApos && (string(ts.fold(k)) == "l") {
		k-- // "selon l'AFP"
	}
	if k >= 0 && (string(ts.fold(k)) == "le" || string(ts.fold(k)) == "la" || string(ts.fold(k)) == "the") {
		k-- // "cité par le FT", "told the FT"
	}
	if k < 0 {
		return false
	}
	prev := ""
	if k > 0 {
		prev = string(ts.fold(k - 1))
	}
	switch string(ts.fold(k)) {
	case "selon", "told":
		return true
	case "apres":
		return prev == "d"
	case "to":
		return prev == "according"
	case "par":
		return sourceVerbsFR[prev]
	case "by":
		return sourceVerbsEN[prev]
	}
	return false
}

// sourceVerbsFR and sourceVerbsEN introduce the source after "par" / "by".
var (
	sourceVerbsFR = fields("cite citee cites citees interroge interrogee interroges rapporte rapportee revele revelee consulte consultee consultes consultees obtenu obtenue")
	sourceVerbsEN = fields("reported cited obtained seen reviewed interviewed contacted quoted")
)

// containsAny reports whether a token of the last scan, accent-folded with
// its case, is in words.
func (ts *tokens) containsAny(words map[string]bool) bool {
	if len(words) == 0 {
		return false
	}
	for i := range ts.toks {
		if words[string(ts.exactOf(i))] {
			return true
		}
	}
	return false
}

// longestAt returns the longest alias that matches tokens from i on, and how
// many tokens it spans (0: none).
func (g *Gazetteer) longestAt(ts *tokens, i int) (best int32, span int) {
	first := ts.fold(i)
	if !g.starts.has(first) {
		return 0, 0
	}
	n, ok := g.nodes[0].next[string(first)]
	for j := i; ok; {
		for _, a := range g.nodes[n].aliases {
			if g.accepts(ts, &g.aliases[a], i, j) {
				best, span = a, j-i+1
				break
			}
		}
		j++
		if j >= len(ts.toks) || !ts.toks[j].gap.joins() {
			break
		}
		n, ok = g.nodes[n].next[string(ts.fold(j))]
	}
	return best, span
}

// accepts reports whether tokens i..j, whose folded forms spell al, match it:
// separators, capitalisation and the entity's context rules.
func (g *Gazetteer) accepts(ts *tokens, al *alias, i, j int) bool {
	for k, want := range al.gaps {
		if !want.fits(ts.toks[i+k+1].gap) {
			return false
		}
	}
	if !al.matchesCase(ts, i) && !g.headingAlias(ts, al, i) {
		return false
	}
	if i == j && (ts.afterHonorific(i) || ts.afterFirstName(i)) {
		return false // "Lt. Col. Dell Olmstead", "M. Thales", "Paul Thales"
	}
	return g.inContext(ts, int(al.entity), i, j)
}

// ofWords link a noun to its complement: "théorème de Thalès".
var ofWords = map[string]bool{"de": true, "d": true, "of": true, "du": true}

// honorifics are titles written before a person's name, as written (case
// matters: "Gen." is a title, "gen" is not).
var honorifics = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "Sir": true, "Dame": true,
	"Lord": true, "Lady": true, "Lt": true, "Col": true, "Gen": true, "Maj": true, "Capt": true,
	"Cpt": true, "Sgt": true, "Adm": true, "Cmdr": true, "Cdr": true, "Cpl": true, "Pvt": true,
	"Spc": true, "Pfc": true, "Sen": true, "Rep": true, "Gov": true, "Amb": true, "Lieutenant": true,
	"Colonel": true, "General": true, "Captain": true, "Admiral": true, "Sergeant": true,
	"Senator": true, "Representative": true, "M": true, "Mme": true, "Mlle": true, "Me": true,
	"Pr": true,
}

// afterHonorific reports whether token i follows a title ("Col. ", "Dr ",
// "M. "), i.e. is a person's name.
func (ts *tokens) afterHonorific(i int) bool {
	if i == 0 {
		return false
	}
	p := &ts.toks[i-1]
	if !honorifics[string(ts.exactOf(i-1))] {
		return false
	}
	rest := strings.TrimPrefix(ts.text[p.end:ts.toks[i].start], ".")
	return rest != "" && strings.TrimSpace(rest) == ""
}

// afterFirstName reports whether token i follows a common given name,
// capitalised, with a space between: "Paul Thales", "Michael Dell".
func (ts *tokens) afterFirstName(i int) bool {
	if i == 0 || ts.toks[i].gap != gapSpace {
		return false
	}
	return firstNames[string(ts.exactOf(i-1))]
}

// matchesCase compares a case-sensitive alias with the tokens from i on.
func (al *alias) matchesCase(ts *tokens, i int) bool {
	if !al.sensitive {
		return true
	}
	for k, want := range al.exact {
		if string(ts.exactOf(i+k)) != want {
			return false
		}
	}
	return true
}

// headingAlias accepts a one-word agency alias written in capitals as a
// section heading of a longer text ("NAVY" for "Navy").
func (g *Gazetteer) headingAlias(ts *tokens, al *alias, i int) bool {
	return len(al.exact) == 1 && g.entities[al.entity].Kind == KindAgency &&
		strings.EqualFold(string(ts.exactOf(i)), al.exact[0]) && ts.headingAt(i)
}

// headingAt reports whether token i stands on a short line written in
// capitals, a section heading: "NAVY" and "AIR FORCE" head the parts of the
// Pentagon's contract announcements, so "NAVY" there is the Navy.
func (ts *tokens) headingAt(i int) bool {
	isLine := func(k int) bool { return strings.ContainsRune(ts.text[ts.toks[k-1].end:ts.toks[k].start], '\n') }
	from, to := i, i+1
	for from > 0 && !isLine(from) {
		from--
	}
	for to < len(ts.toks) && !isLine(to) {
		to++
	}
	if to-from > 4 || from == 0 && to == len(ts.toks) {
		return false // a whole text is no heading
	}
	for k := from; k < to; k++ {
		for _, r := range string(ts.exactOf(k)) {
			if unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

// inContext applies the entity's rules to the words around tokens i..j.
func (g *Gazetteer) inContext(ts *tokens, e, i, j int) bool {
	r := &g.rules[e]
	if !r.generic && r.notBefore == nil && r.notAfter == nil {
		return true
	}
	prev, next := ts.wordBefore(i), ts.wordAfter(j)
	if prev >= 0 && r.notAfter[string(ts.fold(prev))] {
		return false
	}
	if prev > 0 && ofWords[string(ts.fold(prev))] && ts.toks[prev].gap.joins() {
		if pp := ts.wordBefore(prev); pp >= 0 && r.notAfter[string(ts.fold(pp))] {
			return false // "théorème de Thalès", "theorem of Thales"
		}
	}
	if next >= 0 && r.notBefore[string(ts.fold(next))] {
		return false
	}
	if next >= 0 && ofWords[string(ts.fold(next))] && next+1 < len(ts.toks) && adjacent(ts.toks[next+1].gap) &&
		r.notBefore[string(ts.fold(next+1))] {
		return false // "Thalès de Milet"
	}
	if !r.generic {
		return true
	}
	country := g.entities[e].Country
	if prev < 0 && i > 0 && ts.toks[i].gap == gapParen {
		prev = i - 1 // "Republic of Korea (ROK) Navy"
	}
	if prev >= 0 {
		if c, ok := ts.qualifier(prev); ok && c != country {
			return false
		}
	}
	// French puts the qualifier after the noun, in lower case: "la marine
	// indienne". A capital marks English ("the Pentagon China report") and a
	// possessive ends the name ("the Navy's Japanese partners"), so only a
	// lower-case word directly after counts.
	if j+1 < len(ts.toks) && ts.toks[j+1].gap == gapSpace && ts.startsLower(j+1) {
		if c, ok := ts.qualifier(j + 1); ok && c != country {
			return false
		}
	}
	return true
}

// wordBefore returns the word directly before token i, looking through a
// possessive ("Russia's Navy" -> "Russia"), or -1.
func (ts *tokens) wordBefore(i int) int {
	if !adjacent(ts.toks[i].gap) || i == 0 {
		return -1
	}
	p := i - 1
	if ts.isPossessive(p) {
		p--
	}
	return p
}

// wordAfter returns the word directly after token j, looking through the
// mention's own possessive ("Hadrian's Wall" -> "Wall"), or -1.
func (ts *tokens) wordAfter(j int) int {
	n := j + 1
	if n < len(ts.toks) && ts.isPossessive(n) {
		n++
	}
	if n >= len(ts.toks) || !adjacent(ts.toks[n].gap) {
		return -1
	}
	return n
}

// startsLower reports whether token i starts with a lower-case letter.
func (ts *tokens) startsLower(i int) bool {
	r, _ := utf8.DecodeRune(ts.exactOf(i))
	return unicode.IsLower(r)
}

// isPossessive reports an English possessive "s" token: "DoD's".
func (ts *tokens) isPossessive(i int) bool {
	t := &ts.toks[i]
	return i > 0 && t.gap == gapApos && t.hi-t.lo == 1 && ts.lower[t.lo] == 's'
}

func adjacent(g gap) bool { return g == gapSpace || g == gapHyphen }
