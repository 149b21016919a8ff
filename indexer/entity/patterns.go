package entity

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// The pattern recogniser finds organisations the gazetteer does not list,
// from the way news prose writes them:
//   - a capitalised name ending in a legal form: "SURVICE Engineering Co.
//     LLC", "North Wind Site Services, LLC", "Exail SAS" (company, learnt);
//   - the grammar of contract announcements: "RGNext, Colorado Springs,
//     Colorado, was awarded", "awarded a contract to Ryba Marine
//     Construction", "a été notifié à la société X", "la jeune pousse X"
//     (company; the announcement lines are learnt);
//   - government naming: numbered fleets and air forces ("U.S. 7th Fleet",
//     "Seventh Fleet"), a gazetteer body's sites and regions ("Army
//     Contracting Command-Redstone", "NAVFAC Northwest", "USACE Detroit
//     District", "DoD Inspector General"), programme offices ("PEO Soldier",
//     "PM UAS", "PAE Fires", "CPE Aviation"), capitalised names headed by
//     "Command", "Agency", "Center"... with a government word ("Air Force
//     Reserve Command", "Combined Air and Space Operations Center"), state
//     National Guards, and foreign services by country ("Indian Navy",
//     "Republic of Korea Navy", "la marine indienne").
//
// Each name found is resolved through the gazetteer first, so "Program
// Executive Office for Missiles and Space" is the gazetteer's "PEO Missiles
// and Space", and only new names get new IDs. Canonical IDs drop legal
// forms and write "U.S." as "US", like the gazetteer's.

// patternScan holds one text's scan while the rules run.
type patternScan struct {
	ts   *tokens
	gaz  *Gazetteer
	gm   []span // gazetteer mentions
	text string
	out  []span
}

func findPatterns(ts *tokens, gaz *Gazetteer, gm []span) []span {
	if len(ts.toks) == 0 {
		return nil
	}
	p := &patternScan{ts: ts, gaz: gaz, gm: gm, text: ts.text}
	p.govAroundGazetteer()
	p.coordinated()
	// Each rule starts at a word of its own (a legal form, a head noun, a
	// cue): one lookup per token says which rules can start there.
	roles := make([]role, len(ts.toks))
	idx := wordRoles()
	for k := range ts.toks {
		if w := p.low(k); idx.maybe(w) {
			roles[k] = idx.roles[w]
		}
		if w := p.ex(k); w != "" && w[0] >= '0' && w[0] <= '9' {
			roles[k] |= roleOrdinal
		}
	}
	for k, r := range roles {
		if r&roleBy != 0 {
			p.byCue(k)
		}
		if r&roleCue != 0 {
			p.appositive(k)
		}
		if r&roleCompanyHead != 0 {
			p.companyHead(k)
		}
		if r&roleFrenchHead != 0 {
			p.frenchGov(k)
		}
		if r&roleOrdinal != 0 {
			p.numbered(k)
		}
		if r&roleProgram != 0 {
			p.programOffice(k)
		}
		if k+1 < len(roles) && roles[k+1]&roleService != 0 {
			p.foreignEnglish(k)
		}
		if r&roleFrenchService != 0 {
			p.foreignFrench(k)
		}
		if r&roleLegal != 0 {
			p.legalForm(k)
		}
		if r&roleCue != 0 {
			p.companyCue(k)
		}
		if r&roleGovHead != 0 {
			p.govHead(k)
		}
		if r&roleAnnounce != 0 {
			p.announcement(k)
		}
	}
	return p.resolveOverlaps()
}

// role says which rules may start at a word.
type role uint16

const (
	roleLegal role = 1 << iota
	roleGovHead
	roleCompanyHead
	roleFrenchHead
	roleOrdinal
	roleService // a word an English service name starts with
	roleProgram
	roleCue
	roleBy
	roleAnnounce
	roleFrenchService
)

// wordRoles indexes the rules' start words by their folded form, so one
// lookup per token serves every rule; a rule that needs a capital checks
// the word as written itself.
var wordRoles = sync.OnceValue(func() *roleIndex {
	m := map[string]role{"up": roleCue}
	add := func(w string, r role) { m[strings.ToLower(w)] |= r }
	set := func(words map[string]bool, r role) {
		for w := range words {
			add(w, r)
		}
	}
	set(legalForms, roleLegal)
	set(govHeads, roleGovHead)
	set(companyHeads, roleCompanyHead)
	set(frenchGovHeads, roleFrenchHead)
	set(frenchLowerHeads, roleFrenchHead)
	set(byCues, roleBy)
	for w := range ordinalWords {
		add(w, roleOrdinal)
	}
	for _, s := range serviceNames {
		add(s.words[0], roleService)
	}
	for _, w := range []string{"PM", "PEO", "PAE", "CPE", "Program", "Portfolio", "Capability"} {
		add(w, roleProgram)
	}
	for w := range companyCues {
		add(w, roleCue)
	}
	for _, w := range []string{"awarded", "issued", "modified", "given"} {
		add(w, roleAnnounce)
	}
	for _, s := range frenchServices {
		add(s.words[0], roleFrenchService)
	}
	add("ministere", roleFrenchService) // foreign defence ministries
	idx := &roleIndex{roles: m}
	for w := range m {
		idx.lengths[w[0]] |= 1 << min(len(w), 63)
	}
	return idx
})

// roleIndex is wordRoles with a filter that rules out most words before the
// map lookup: which lengths occur for each first byte.
type roleIndex struct {
	roles   map[string]role
	lengths [256]uint64
}

func (x *roleIndex) maybe(w string) bool {
	return w != "" && x.lengths[w[0]]&(1<<min(len(w), 63)) != 0
}

// ---------------------------------------------------------------- tokens

func (p *patternScan) n() int { return len(p.ts.toks) }

// ex and low return token k's folded forms without copying: the scan's
// buffers do not change while the rules run, and no rule keeps these
// strings (names are cut from the input text or built by concatenation).
func (p *patternScan) ex(k int) string  { return bytesString(p.ts.exactOf(k)) }
func (p *patternScan) low(k int) string { return bytesString(p.ts.fold(k)) }

func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// sep is the text between token k-1 and token k.
func (p *patternScan) sep(k int) string {
	if k <= 0 || k >= p.n() {
		return ""
	}
	return p.text[p.ts.toks[k-1].end:p.ts.toks[k].start]
}

// tight reports whether token k continues a name begun before it: a space,
// a hyphen, or nothing ("DE&S") in between.
func (p *patternScan) tight(k int) bool {
	if k <= 0 || k >= p.n() {
		return false
	}
	switch p.ts.toks[k].gap {
	case gapSpace, gapHyphen, gapNone:
		return !strings.Contains(p.sep(k), "\n")
	case gapDot:
		// "Safran.AI", not "Delhi.Ministry of Defence" (a missing space)
		w := p.ex(k)
		return len(w) <= 3 && p.isUpper(k) || !p.isCap(k)
	}
	return false
}

// isCap reports a word that can be part of a name: it starts with a capital
// letter ("Garco", "SURVICE", "L3Harris") or is a number inside a name
// ("3M" starts with a digit and holds a capital).
func (p *patternScan) isCap(k int) bool {
	w := p.ts.exactOf(k)
	r, _ := utf8.DecodeRune(w)
	if unicode.IsUpper(r) {
		return true
	}
	if unicode.IsDigit(r) {
		for _, c := range string(w) {
			if unicode.IsUpper(c) {
				return true
			}
		}
	}
	return false
}

func (p *patternScan) isUpper(k int) bool {
	w := p.ex(k)
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// nameWord reports a token that may stand inside a capitalised name.
func (p *patternScan) nameWord(k int) bool {
	return p.isCap(k) && !runBreakers[p.ex(k)]
}

// runRight returns the end of the capitalised name starting at k (k itself
// if there is none), at most max words, connectors only between name words.
func (p *patternScan) runRight(k, max int) int { return p.runRightWith(k, max, connectors) }

// runRightWith is runRight with its own connectors: a company named after a
// cue takes only "&" ("awarded to Garco Construction of Spokane" ends
// before "of").
func (p *patternScan) runRightWith(k, max int, conn map[string]bool) int {
	if k >= p.n() || !p.nameWord(k) {
		return k
	}
	end := k + 1
	for j := k + 1; j < p.n() && j-k < max && p.tight(j); j++ {
		if p.nameWord(j) {
			end = j + 1
			continue
		}
		if !conn[p.connectorForm(j)] || !p.connectorFits(j) {
			break
		}
	}
	return end
}

// connectorFits keeps connectors from joining two names: "the" only after
// "of" ("Office of the Secretary of Defense"), and no "and the", "and" or
// "et" before a determiner ("Aviation Brigades and the Fort Novosel
// Aviation Center").
func (p *patternScan) connectorFits(j int) bool {
	switch p.ex(j) {
	case "the", "la", "le", "l":
		return j > 0 && (p.ex(j-1) == "of" || p.ex(j-1) == "de")
	case "and", "et":
		return j+1 < p.n() && !connectors[p.ex(j+1)]
	}
	return true
}

// connectorForm is the word as connector lists hold it: "&" for the
// ampersand token (which reads "and"), else the word as written.
func (p *patternScan) connectorForm(k int) string {
	if p.text[p.ts.toks[k].start] == '&' {
		return "&"
	}
	return p.ex(k)
}

// runLeft returns the start of the capitalised name ending at token end-1.
func (p *patternScan) runLeft(end, max int) int { return p.runLeftWith(end, max, connectors) }

func (p *patternScan) runLeftWith(end, max int, conn map[string]bool) int {
	if end <= 0 || !p.nameWord(end-1) {
		return end
	}
	start := end - 1
	for j := end - 2; j >= 0 && end-j <= max && p.tight(j+1); j-- {
		if p.nameWord(j) {
			start = j
			continue
		}
		if !conn[p.connectorForm(j)] || !p.connectorFits(j) {
			break
		}
	}
	return start
}

// sentenceStart reports whether token k begins a sentence or a line.
func (p *patternScan) sentenceStart(k int) bool {
	if k == 0 {
		return true
	}
	return strings.ContainsAny(p.sep(k), ".!?;:\n•«»\"“”")
}

// name is the text of tokens [i, j) as a canonical ID: spaces collapsed,
// dashes as hyphens, "U.S." as "US", curly apostrophes straight.
func (p *patternScan) name(i, j int) string {
	s := p.text[p.ts.toks[i].start:p.ts.toks[j-1].end]
	return cleanName(s)
}

var nameReplacer = strings.NewReplacer("U.S.", "US", "U.S", "US", "’", "'", "–", "-", "—", "-", "\u00a0", " ",
	"\u202f", " ", "\n", " ", "\t", " ")

func cleanName(s string) string {
	s = nameReplacer.Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, " - ", "-")
	return strings.TrimRight(s, ".,;: ")
}

// gazAt returns the gazetteer mention starting at token k, if any.
func (p *patternScan) gazAt(k int) (span, bool) {
	for _, g := range p.gm {
		if g.i == k {
			return g, true
		}
	}
	return span{}, false
}

// gazEndingAt returns the gazetteer mention ending just before token k.
func (p *patternScan) gazEndingAt(k int) (span, bool) {
	for _, g := range p.gm {
		if g.j == k {
			return g, true
		}
	}
	return span{}, false
}

// add records a candidate, resolving its name through the gazetteer: a
// known body keeps its canonical name and parent.
func (p *patternScan) add(s span) {
	if s.j <= s.i || s.name == "" {
		return
	}
	if e, ok := p.gaz.Resolve(s.name); ok {
		s.name, s.kind, s.parent = e.Name, e.Kind, e.Parent
	} else if rest, ok := strings.CutPrefix(s.name, "US "); ok && s.kind == KindAgency {
		if e, ok := p.gaz.Resolve(rest); ok && e.Kind == KindAgency {
			s.name, s.parent = e.Name, e.Parent
		}
	}
	s.src = FromPattern
	p.out = append(p.out, s)
}

// resolveOverlaps keeps, among overlapping candidates, the earliest and then
// the longest.
func (p *patternScan) resolveOverlaps() []span {
	if len(p.out) == 0 {
		return nil
	}
	slices.SortStableFunc(p.out, func(a, b span) int {
		if a.i != b.i {
			return a.i - b.i
		}
		return (b.j - b.i) - (a.j - a.i)
	})
	kept := p.out[:0]
	last := -1
	for _, s := range p.out {
		if s.i < last {
			continue
		}
		kept = append(kept, s)
		last = s.j
	}
	return kept
}

// ---------------------------------------------------------------- companies

// legalForm: a legal form at k ends the capitalised name before it.
func (p *patternScan) legalForm(k int) {
	w := p.ex(k)
	if !legalForms[w] || k == 0 {
		return
	}
	if k+1 < p.n() && p.ts.toks[k+1].gap == gapHyphen {
		return // "Co-founder", "SE-based"
	}
	if shortLegalForms[w] && k+1 < p.n() && p.tight(k+1) && p.nameWord(k+1) {
		return // "New York AG Letitia James"
	}
	end := k // the name ends before the legal form(s)
	for end > 0 && legalForms[p.ex(end-1)] && p.isCap(end-1) {
		end-- // "Co. LLC"
	}
	sep := p.sep(end)
	if !(p.ts.toks[end].gap == gapSpace || strings.TrimSpace(sep) == "," && commaLegalForms[p.ex(end)] ||
		strings.TrimSpace(sep) == "." && end < k) {
		return
	}
	if end < k && !p.legalChain(end, k) {
		return
	}
	start := p.trimStart(p.runLeftWith(end, 7, legalConnectors), end)
	if start >= end {
		return
	}
	for c := end - 1; c > start; c-- {
		if (p.ex(c) == "and" || p.ex(c) == "et") && p.looksGovernment(start, c) {
			start = c + 1 // "the Department of Justice and Apple Inc."
			break
		}
	}
	if start >= end || p.placeName(start, end) {
		return // "Vietnam Corporation" without its brand
	}
	p.add(span{i: start, j: k + 1, name: p.name(start, end), kind: KindCompany, confident: true})
}

// legalChain checks that tokens [from, to] are legal forms separated as in
// "Co. LLC" or "Co., Ltd.".
func (p *patternScan) legalChain(from, to int) bool {
	for j := from + 1; j <= to; j++ {
		if s := strings.TrimSpace(p.sep(j)); s != "" && s != "." && s != "," && s != ".," {
			return false
		}
	}
	return true
}

func (p *patternScan) isConnectorLike(k int) bool { return connectors[p.low(k)] }

// trimStart drops what begins a name run but is not part of the name: a
// capitalised function word or cue at a sentence start ("Startup Hadrian").
func (p *patternScan) trimStart(start, end int) int {
	for start < end && (runBreakers[p.ex(start)] || p.sentenceStart(start) && (isCueWord(p.low(start)) || p.initialVerb(start))) {
		start++
	}
	for start < end && p.isConnectorLike(start) {
		start++
	}
	return start
}

func isCueWord(w string) bool { _, ok := companyCues[w]; return ok }

// initialVerb reports a sentence's first word that reads as a verb or an
// adverb, capitalised only by its place: "Supporting Combat Forces
// Command", "Recently ...".
func (p *patternScan) initialVerb(k int) bool {
	w := p.low(k)
	if len(w) < 5 || p.isUpper(k) || w == "united" {
		return false
	}
	return strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ed")
}

// companyCue: a company noun or an award participle before a capitalised
// name: "defense startup Hadrian", "awarded to Ryba Marine Construction",
// "notifié à la société Exail".
func (p *patternScan) companyCue(k int) {
	need, ok := companyCues[p.low(k)]
	if p.low(k) == "up" && k > 0 && p.low(k-1) == "start" && p.ts.toks[k].gap == gapHyphen {
		need, ok = nil, true // "la start-up Aldoria"
	}
	if !ok || p.isCap(k) && !p.isUpper(k) && !p.sentenceStart(k) {
		return // "Société Générale" is a name, not a cue
	}
	if p.isUpper(k) && len(p.ex(k)) > 3 {
		return // an all-caps headline word
	}
	j := k + 1
	if need != nil {
		if j >= p.n() || !p.tight(j) || !slices.Contains(need, p.low(j)) {
			return
		}
		j++
	}
	for j < p.n() && p.tight(j) && (cueSkip[p.low(j)] || isCueWord(p.low(j)) && !p.isCap(j) ||
		p.low(j) == "jeune" || p.low(j) == "start" || p.low(j) == "up") {
		j++ // "attribué à la société", "la jeune pousse", "la start-up"
	}
	if englishCue(p.low(k)) {
		if j < p.n() && namingCues[p.low(j)] && p.tight(j) {
			j++ // "a firm called X"; "Security firm fools Face ID" names no firm
		}
	} else {
		j = p.skipModifiers(j, 4) // "la PME girondine X", "la société de formation X"
	}
	if j >= p.n() || !(p.tight(j) || p.ts.toks[j].gap == gapApos || p.low(k) == "dba" && strings.Trim(p.sep(j), " .") == ")") {
		return
	}
	if _, ok := p.gazAt(j); ok {
		return // the gazetteer knows it
	}
	if p.low(k+1) == "at" && sitePrefixes[p.ex(j)] {
		return // "contractors at Fort Bragg" works at a place
	}
	end := p.runRightWith(j, 6, cueConnectors)
	if end == j {
		return
	}
	// Legal forms after the name belong to it.
	stop := end
	for end > j+1 && legalForms[p.ex(end-1)] {
		end--
	}
	if (need != nil || p.ofBefore(j) || englishCue(p.low(k))) && p.personName(j, end) || p.placeName(j, end) || p.looksGovernment(j, end) ||
		genericTails[p.ex(end-1)] || p.tooShort(j, end) {
		return
	}
	p.add(span{i: j, j: stop, name: p.name(j, end), kind: KindCompany})
}

// englishCue reports an English company noun, after which a person's name
// is common ("startup founder", "firm partner Jane Doe" read through no
// word, but "the company Samantha Kalman founded" does).
func englishCue(w string) bool {
	switch w {
	case "startup", "firm", "company", "contractor", "subcontractor", "maker", "manufacturer", "supplier",
		"vendor", "shipbuilder", "automaker", "chipmaker", "integrator", "subsidiary", "airframer",
		"conglomerate", "fund":
		return true
	}
	return false
}

// titleCase reports whether token k stands in a line written in title case
// (a headline, a section title), where capitals do not mark names: a short
// line of capitalised words ("Core Services"), or a line whose function
// words are capitalised too ("Army Awards Contract To Lockheed For New
// Missile Defense Center").
func (p *patternScan) titleCase(k int) bool {
	from, to := k, k+1
	for from > 0 && !strings.ContainsAny(p.sep(from), "\n.!?:") {
		from--
	}
	for to < p.n() && !strings.ContainsAny(p.sep(to), "\n.!?:") {
		to++
	}
	caps, function := 0, 0
	for j := from; j < to; j++ {
		if p.isCap(j) {
			caps++
			if j > from && runBreakers[p.ex(j)] {
				function++
			}
		}
	}
	return function >= 2 || to-from <= 4 && caps == to-from && strings.ContainsRune(p.sep(to), '\n')
}

// skipModifiers steps over up to max lower-case words between a cue and a
// name: adjectives ("brestoise", "français"), a "de" complement ("de
// formation", "de logiciels"), "called". It stops at words that begin the
// rest of a sentence ("la société a annoncé").
func (p *patternScan) skipModifiers(j, max int) int {
	k := j
	for n := 0; k < p.n() && n < max && (p.tight(k) || p.ts.toks[k].gap == gapApos); n++ {
		w := p.low(k)
		if p.isCap(k) || frenchStops[w] || unicode.IsDigit(rune(w[0])) {
			break
		}
		k++
	}
	if k < p.n() && p.nameWord(k) && (p.tight(k) || p.ts.toks[k].gap == gapApos) {
		return k
	}
	return j
}

// byCue: "built by Boeing Defence Australia", "conçu par la start-up
// Aldoria" (the noun cue reads that one), "fourni par Orange".
func (p *patternScan) byCue(k int) {
	if !byCues[p.low(k)] || k+2 >= p.n() || !p.tight(k+1) || p.low(k+1) != "by" && p.low(k+1) != "par" {
		return
	}
	j := k + 2
	for j < p.n() && p.tight(j) && cueSkip[p.low(j)] {
		j++
	}
	if j >= p.n() || !(p.tight(j) || p.ts.toks[j].gap == gapApos) {
		return
	}
	if _, ok := p.gazAt(j); ok {
		return
	}
	end := p.runRightWith(j, 6, cueConnectors)
	stop := end
	for end > j+1 && legalForms[p.ex(end-1)] {
		end--
	}
	if end == j || p.personName(j, end) || p.placeName(j, end) || p.looksGovernment(j, end) || genericTails[p.ex(end-1)] {
		return
	}
	p.add(span{i: j, j: stop, name: p.name(j, end), kind: KindCompany})
}

// appositive: "Millennium Space Systems, a Boeing company", "Ferrum
// Electronics, a Perth firm", "Aerodata Analytics, une PME de 35 salariés".
func (p *patternScan) appositive(k int) {
	if !isCueWord(p.low(k)) || p.isCap(k) {
		return
	}
	// Find "a"/"an"/"une"/"un" after a comma within the few words before k.
	for a := k - 1; a > 0 && k-a <= 4; a-- {
		switch p.low(a) {
		case "a", "an", "une", "un":
		default:
			continue
		}
		if strings.TrimSpace(p.sep(a)) != "," {
			return
		}
		end := a
		for end > 1 && legalForms[p.ex(end-1)] {
			end--
		}
		start := p.trimStart(p.runLeftWith(end, 6, legalConnectors), end)
		if start >= end || p.personName(start, end) || p.placeName(start, end) || p.looksGovernment(start, end) {
			return
		}
		if _, ok := p.gazEndingAt(end); ok {
			return
		}
		p.add(span{i: start, j: end, name: p.name(start, end), kind: KindCompany})
		return
	}
}

// companyHead: a capitalised name ending in a word that names a business:
// "Crestline Autonomy", "Harbor Point Ventures", "Shield AI".
func (p *patternScan) companyHead(k int) {
	if !companyHeads[p.ex(k)] || k+1 < p.n() && p.tight(k+1) && (p.nameWord(k+1) || attributiveNouns[p.low(k+1)]) {
		return // "an Advanced Automation Manufacturing project" names a project
	}
	start := p.trimStart(p.runLeftWith(k+1, 6, cueConnectors), k+1)
	if k+1-start < 2 || p.looksGovernment(start, k+1) || p.hasGovMarker(start, k+1) || p.containsCompany(start, k+1) {
		return
	}
	if k+1-start == 2 && p.sentenceStart(start) || p.titleCase(k) {
		return // "Use Instruments to...", a title-case heading: capitals that say nothing
	}
	if p.sentenceStart(start) && k+1-start == 2 && !p.isUpper(start) && p.initialVerb(start) {
		return
	}
	p.add(span{i: start, j: k + 1, name: p.name(start, k+1), kind: KindCompany})
}

// coordinated: a name listed with a known company is a company: "MBDA et
// Novadem", "Hewlett Packard Enterprise et Orange", "de MBDA, de Nexter
// Munitions ou d'Eurenco".
func (p *patternScan) coordinated() {
	for _, g := range p.gm {
		if g.kind != KindCompany {
			continue
		}
		p.coordinatedAfter(g.j)
	}
}

func (p *patternScan) coordinatedAfter(k int) {
	for hops := 0; hops < 3 && k < p.n(); hops++ {
		sep := strings.TrimSpace(p.sep(k))
		j := k
		switch {
		case sep == "," || sep == "":
		default:
			return
		}
		if sep == "" {
			switch p.low(j) {
			case "et", "and", "ou", "or":
				j++
			default:
				return
			}
		} else if j < p.n() && (p.low(j) == "et" || p.low(j) == "and" || p.low(j) == "ou" || p.low(j) == "or") {
			j++
		}
		for j < p.n() && (p.low(j) == "de" || p.low(j) == "d" || p.low(j) == "du") {
			j++
		}
		if j >= p.n() || !(p.tight(j) || p.ts.toks[j].gap == gapApos) {
			return
		}
		if g, ok := p.gazAt(j); ok {
			if g.kind != KindCompany {
				return
			}
			k = g.j
			continue
		}
		end := p.runRightWith(j, 4, cueConnectors)
		if end == j || p.personName(j, end) || p.placeName(j, end) || p.looksGovernment(j, end) ||
			p.hasGovMarker(j, end) || genericTails[p.ex(end-1)] {
			return
		}
		p.add(span{i: j, j: end, name: p.name(j, end), kind: KindCompany})
		k = end
	}
}

// frenchGov: a French public body's name, led by its head noun: "la
// Direction de la maintenance aéronautique (DMAé)", "le tribunal
// administratif de Bordeaux", "la commission de la Défense de l'Assemblée
// nationale" (which stops before the Assemblée, a body of its own), "la
// Section technique de l'armée de Terre (STAT)" (which goes through the
// armée de Terre because the acronym closes the whole name).
func (p *patternScan) frenchGov(k int) {
	head := p.ex(k)
	lower := frenchLowerHeads[head]
	if !frenchGovHeads[head] && !lower || k+1 >= p.n() || !p.tight(k+1) || covered(p.gm, k) {
		return
	}
	if p.isCap(k+1) && head != "Region" {
		return // "Mission Systems": English, or a name the head does not begin
	}
	short, long, sawDe, capital := p.frenchComplement(k)
	end, name := short, ""
	if acr, ok := p.acronymAfter(long); ok && long > short {
		end, name = long+1, acr
	} else if acr, ok := p.acronymAfter(short); ok {
		end, name = short+1, acr
	}
	if end-k < 2 || !sawDe && !p.isCap(k+1) && end-k < 3 {
		return // "Service compris", "Centre-ville"
	}
	if lower && (!capital || p.hasPerson(k, end)) && name == "" {
		return // "la commission a décidé", "la société de conseil de Raymond Soubie"
	}
	if name == "" {
		name = p.name(k, end)
		r, size := utf8.DecodeRuneInString(name)
		name = string(unicode.ToUpper(r)) + name[size:]
	}
	p.add(span{i: k, j: end, name: name, kind: KindAgency, confident: true})
}

// hasPerson reports a given name followed by a capitalised word in [i, j).
func (p *patternScan) hasPerson(i, j int) bool {
	for k := i; k+1 < j; k++ {
		if firstNames[p.ex(k)] && p.isCap(k+1) {
			return true
		}
	}
	return false
}

// frenchComplement reads what follows a French head noun: adjectives and
// "de ..." complements. short ends before a gazetteer body met on the way,
// long goes through it; capital reports a capitalised word in short.
func (p *patternScan) frenchComplement(k int) (short, long int, sawDe, capital bool) {
	short, long = k+1, k+1
	stopped := false
	// Words since the head or the last "de": after the head only
	// adjectives ("Direction générale"), after "de" a noun and then
	// adjectives ("de la maintenance aéronautique").
	words := 1
	for j := k + 1; j < p.n() && j-k <= 10 && (p.tight(j) || p.ts.toks[j].gap == gapApos); j++ {
		if g, ok := p.gazAt(j); ok {
			stopped = true
			j = g.j - 1
			long = g.j
			words = 1
			continue
		}
		w := p.low(j)
		switch w {
		case "de", "du", "des", "d", "l", "la", "et":
			if w == "la" && !sawDe {
				return
			}
			sawDe = sawDe || w != "et"
			words = 0
			continue
		}
		if frenchStops[w] || unicode.IsDigit(rune(w[0])) {
			return
		}
		// After the head or a complement's noun, only adjectives go on:
		// "maintenance aéronautique", "tribunal administratif", not
		// "Commandement de l'espace commande deux satellites".
		if words > 0 && !p.isCap(j) && !frenchAdjective(w) {
			return
		}
		words++
		long = j + 1
		if !stopped {
			short = j + 1
			capital = capital || p.isCap(j)
		}
	}
	return
}

// frenchAdjective reports a word with the ending of a French adjective
// (accents folded): aéronautique, administratif, nationale, armées,
// terrestres, industrielle.
func frenchAdjective(w string) bool {
	for _, suf := range adjectiveEndings {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

var adjectiveEndings = strings.Fields(`ique iques if ifs ive ives al ale ales aux el elle elles els aire
	aires ien ienne iens iennes ais aise aises ee ees estre estres eur eure eurs ain aine aines ains ant
	ante ants antes ente entes ite ites ile iles`)

// acronymAfter reads "(DMAé)" right after token end-1: an upper-case
// acronym in brackets, which agencies take as their canonical name.
func (p *patternScan) acronymAfter(k int) (string, bool) {
	if k >= p.n() || strings.TrimSpace(p.sep(k)) != "(" {
		return "", false
	}
	if k+1 < p.n() && !strings.HasPrefix(strings.TrimSpace(p.sep(k+1)), ")") {
		return "", false
	}
	w := p.text[p.ts.toks[k].start:p.ts.toks[k].end]
	upper := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper < 2 || len(w) > 12 {
		return "", false
	}
	return w, true
}

// personName reports a given name followed by one or two capitalised words.
func (p *patternScan) personName(i, j int) bool {
	return j-i >= 2 && j-i <= 3 && firstNames[p.ex(i)]
}

// placeName reports a country's name ("awarded to France", "orders to
// South Korea", "the United Arab Emirates").
func (p *patternScan) placeName(i, j int) bool {
	if j-i > 4 {
		return false
	}
	if _, ok := p.ts.qualifier(j - 1); !ok && !placeWords[p.ex(j-1)] {
		return false
	}
	for k := i; k < j-1; k++ {
		if !placeWords[p.ex(k)] {
			if _, ok := p.ts.qualifier(k); !ok {
				return false
			}
		}
	}
	return true
}

// ofBefore reports a "de"/"of"/"by" right before token j: "la société de
// conseil de Raymond Soubie" names its owner, a person.
func (p *patternScan) ofBefore(j int) bool {
	if j == 0 {
		return false
	}
	switch p.low(j - 1) {
	case "de", "d", "of", "by", "du":
		return true
	}
	return false
}

// tooShort reports a name of one word with fewer than two letters ("le
// groupe E" of a championship).
func (p *patternScan) tooShort(i, j int) bool {
	return j-i == 1 && utf8.RuneCountInString(p.ex(i)) < 2
}

// looksGovernment reports a name headed by a public-body noun.
func (p *patternScan) looksGovernment(i, j int) bool {
	for k := i; k < j; k++ {
		if govHeads[p.ex(k)] {
			return true
		}
	}
	return false
}

// announcement reads the opening of a DoD contract line: "RGNext, Colorado
// Springs, Colorado, was awarded", "Garco Construction Inc., of Spokane,
// Washington, has been awarded", "X, Huntsville, Alabama (W58RGZ-24-C-0001),
// is awarded".
func (p *patternScan) announcement(k int) {
	switch p.low(k) {
	case "awarded", "issued", "modified", "given":
	default:
		return
	}
	aux := k - 1
	if aux > 0 && p.low(aux) == "being" {
		aux--
	}
	if aux < 1 {
		return
	}
	switch p.low(aux) {
	case "was", "were", "is", "are", "been":
	default:
		return
	}
	if p.low(aux) == "been" && aux > 1 && (p.low(aux-1) == "has" || p.low(aux-1) == "have") {
		aux--
	}
	// Walk back to the sentence start, counting the comma-separated parts.
	s := aux
	for s > 0 && !p.sentenceStart(s) && aux-s < 30 {
		s--
	}
	if !p.sentenceStart(s) {
		return
	}
	commas := 0
	nameEnd := -1
	for j := s + 1; j <= aux; j++ {
		if strings.Contains(p.sep(j), ",") {
			commas++
			if nameEnd < 0 && !(legalForms[p.ex(j)] && p.isCap(j)) {
				nameEnd = j
			}
		}
	}
	if commas < 3 || nameEnd < 0 || !strings.Contains(p.sep(aux), ",") && !strings.Contains(p.sep(aux), ")") {
		return
	}
	end := nameEnd
	for end > s+1 && legalForms[p.ex(end-1)] {
		end--
	}
	if p.runRight(s, 8) < end || p.looksGovernment(s, end) {
		return // the part before the first comma is not one capitalised name
	}
	start := p.trimStart(s, end)
	if start >= end {
		return
	}
	p.add(span{i: start, j: nameEnd, name: p.name(start, end), kind: KindCompany, confident: true})
}

// ---------------------------------------------------------------- government

// numbered: "U.S. 7th Fleet", "Seventh Fleet", "16th Air Force", "Eighth
// Army".
func (p *patternScan) numbered(k int) {
	n, ok := p.ordinal(k)
	if !ok || k+1 >= p.n() || !p.tight(k+1) {
		return
	}
	at := k + 1
	if p.ex(at) == "and" && at+2 < p.n() && p.tight(at+2) {
		if _, ok := p.ordinal(at + 1); ok {
			at += 2 // "U.S. 5th and 7th Fleet": the 5th reads the 7th's service
		}
	}
	var svc, parent string
	end := k + 2
	switch {
	case p.ex(at) == "Fleet":
		svc, parent = "Fleet", "US Navy"
	case p.ex(at) == "Air" && at+1 < p.n() && p.ex(at+1) == "Force" && p.tight(at+1):
		svc, parent, end = "Air Force", "US Air Force", k+3
	case p.ex(at) == "Army":
		svc, parent = "Army", "US Army"
	default:
		return
	}
	if at > k+1 {
		end = k + 1
	} else if end < p.n() && p.tight(end) && p.isCap(end) && !runBreakers[p.ex(end)] {
		return // "7th Fleet Band", "Third Army Division" are something else
	}
	start := k
	if k > 0 && p.tight(k) && (p.ex(k-1) == "US" || p.ex(k-1) == "USA") {
		start = k - 1
	} else if k > 0 && p.tight(k) {
		if c, ok := p.ts.qualifier(k - 1); ok && c != "US" {
			return // "Russian Pacific Fleet"
		}
	}
	p.add(span{i: start, j: end, name: "US " + ordinalSuffix(n) + " " + svc, kind: KindAgency, parent: parent})
}

// ordinal reads "7th", "3rd", "Seventh".
func (p *patternScan) ordinal(k int) (int, bool) {
	w := p.ex(k)
	if n, ok := ordinalWords[w]; ok {
		return n, true
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if num, ok := strings.CutSuffix(w, suf); ok {
			n, err := strconv.Atoi(num)
			return n, err == nil && n > 0 && n < 100
		}
	}
	return 0, false
}

func ordinalSuffix(n int) string {
	suf := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suf = "st"
	case n%10 == 2:
		suf = "nd"
	case n%10 == 3:
		suf = "rd"
	}
	return strconv.Itoa(n) + suf
}

// programOffice: "PEO Soldier", "Program Executive Office for Ground Combat
// Systems", "PM UAS", "Portfolio Acquisition Executive (PAE) Fires", "CPE
// Aviation".
// programOffices are the acquisition offices named "<acronym> <portfolio>",
// with their long forms.
var programOffices = map[string][]string{
	"PEO": {"Program", "Executive", "Office"},
	"PAE": {"Portfolio", "Acquisition", "Executive"},
	"CPE": {"Capability", "Program", "Executive"},
}

func (p *patternScan) programOffice(k int) {
	w := p.ex(k)
	switch w {
	case "PM", "PEO", "PAE", "CPE", "Program", "Portfolio", "Capability":
	default:
		return
	}
	if w == "PM" {
		if k+1 < p.n() && p.tight(k+1) && p.isUpper(k+1) && !timeZones[p.ex(k+1)] &&
			!(k > 0 && unicode.IsDigit(rune(p.ex(k - 1)[0]))) {
			p.add(span{i: k, j: k + 2, name: "PM " + p.ex(k+1), kind: KindAgency})
		}
		return
	}
	acr := ""
	next := k + 1
	if _, ok := programOffices[w]; ok {
		acr = w
	} else {
		for a, words := range programOffices {
			if p.matchWords(k, words) {
				acr, next = a, k+len(words)
				break
			}
		}
		if acr == "" {
			return
		}
		// "Portfolio Acquisition Executive (PAE) Fires": skip the acronym.
		if next+1 < p.n() && p.ex(next) == acr && strings.TrimSpace(p.sep(next)) == "(" {
			next++
		}
	}
	if next < p.n() && p.low(next) == "for" && p.tight(next) {
		next++
	}
	if next >= p.n() || !(p.tight(next) || strings.TrimSpace(p.sep(next)) == ")") {
		return
	}
	end := p.runRight(next, 5)
	if end == next {
		return
	}
	p.add(span{i: k, j: end, name: acr + " " + p.name(next, end), kind: KindAgency})
}

var timeZones = fields(`ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC CET CEST BST HST AKST`)

// matchWords reports whether the tokens from k spell words, as written.
func (p *patternScan) matchWords(k int, words []string) bool {
	if k+len(words) > p.n() {
		return false
	}
	for i, w := range words {
		if p.ex(k+i) != w || i > 0 && !p.tight(k+i) {
			return false
		}
	}
	return true
}

// matchFolded reports whether the tokens from k spell folded words.
func (p *patternScan) matchFolded(k int, words []string) bool {
	if k+len(words) > p.n() {
		return false
	}
	for i, w := range words {
		if p.low(k+i) != w || i > 0 && !(p.tight(k+i) || p.ts.toks[k+i].gap == gapApos) {
			return false
		}
	}
	return true
}

// govAroundGazetteer extends the gazetteer's bodies with what is written
// around them: a site ("Army Contracting Command-Redstone Arsenal", "ACC,
// Redstone Arsenal, Alabama, is the contracting activity"), a region
// ("NAVFAC Northwest"), a district ("U.S. Army Corps of Engineers, Detroit
// District"), an inspector general ("DoD Inspector General"), a state's
// National Guard ("New Mexico Air National Guard").
func (p *patternScan) govAroundGazetteer() {
	for _, g := range p.gm {
		if g.kind == KindCompany {
			p.subsidiary(g)
			continue
		}
		p.site(g)
		p.region(g)
		p.district(g)
		p.inspector(g)
		p.stateGuard(g)
	}
}

// subsidiary: a known company's name followed by a country or a line of
// business names its subsidiary: "Boeing Defence Australia", "Naval Group
// Australia", "Nexter Munitions". It rolls up to the company.
func (p *patternScan) subsidiary(g span) {
	k := g.j
	if k >= p.n() || p.ts.toks[k].gap != gapSpace || !p.nameWord(k) {
		return
	}
	end := k
	for end < p.n() && end-k < 3 && (end == k || p.tight(end)) && p.nameWord(end) {
		end++
	}
	for e := end; e > k; e-- {
		last := p.ex(e - 1)
		_, country := p.ts.qualifier(e - 1)
		if (country && p.isCap(e-1) && !p.isDemonymOnly(e-1)) || subsidiaryHeads[last] {
			if e < p.n() && p.tight(e) && p.nameWord(e) {
				return // the name goes on: not this pattern
			}
			p.add(span{i: g.i, j: e, name: p.name(g.i, e), kind: KindCompany, parent: g.name})
			return
		}
	}
}

// isDemonymOnly reports an adjective such as "French" (a subsidiary is
// "Thales Australia", but "Thales French" is no name).
func (p *patternScan) isDemonymOnly(k int) bool {
	w := p.ex(k)
	return strings.HasSuffix(w, "an") || strings.HasSuffix(w, "ish") || strings.HasSuffix(w, "ese") ||
		strings.HasSuffix(w, "ch") && w != "Czech"
}

// site: "<body>-<Site>" or "<body>, <Site> Arsenal, <State>, is the
// contracting activity".
func (p *patternScan) site(g span) {
	k := g.j
	if k >= p.n() {
		return
	}
	sep := strings.TrimSpace(p.sep(k))
	dash := sep == "-" || sep == "–" || sep == "—"
	comma := sep == ","
	if !dash && !comma || !p.nameWord(k) {
		return
	}
	// Only a body named by its head noun or its acronym has sites:
	// "Army Contracting Command-Redstone", "ACC-Redstone", not "Secretary
	// of the Air Force - International Affairs".
	if last := g.j - 1; !govHeads[p.ex(last)] && !(g.j-g.i == 1 && p.isUpper(g.i)) {
		return
	}
	end := k + 1
	for end < p.n() && end-k < 3 && p.tight(end) && p.nameWord(end) && !siteHeads[p.ex(end-1)] {
		end++
	}
	if comma {
		if !siteHeads[p.ex(end-1)] && !p.matchWords(end-2, []string{"Proving", "Ground"}) || !p.contractingActivityAfter(end) {
			return
		}
	}
	siteEnd := end
	if strings.Contains(g.name, "Contracting") && siteHeads[p.ex(end-1)] && end-1 > k {
		siteEnd = end - 1 // ACC centres are named for their installation: "ACC-Redstone"
	}
	p.add(span{i: g.i, j: end, name: g.name + "-" + p.name(k, siteEnd), kind: KindAgency, parent: g.name})
}

// contractingActivityAfter reports ", <State>, is the contracting activity"
// within a few words of k.
func (p *patternScan) contractingActivityAfter(k int) bool {
	for j := k; j < p.n() && j < k+8; j++ {
		if p.low(j) == "contracting" && j+1 < p.n() && p.low(j+1) == "activity" {
			return true
		}
	}
	return false
}

// region: an agency acronym followed by a region: "NAVFAC Northwest".
func (p *patternScan) region(g span) {
	k := g.j
	if k >= p.n() || g.j-g.i != 1 || !p.isUpper(g.i) || !p.tight(k) || p.ts.toks[k].gap != gapSpace {
		return
	}
	if !regions[p.ex(k)] {
		return
	}
	p.add(span{i: g.i, j: k + 1, name: p.ex(g.i) + " " + p.ex(k), kind: KindAgency, parent: g.name})
}

// district: "USACE Buffalo District", "U.S. Army Corps of Engineers, Detroit
// District", "Corps of Engineers' Detroit District".
func (p *patternScan) district(g span) {
	if g.name != "USACE" {
		return
	}
	k := g.j
	if k < p.n() && p.ts.toks[k].gap == gapApos && p.low(k) == "s" {
		k++
	}
	if k+1 >= p.n() || !p.nameWord(k) {
		return
	}
	if sep := strings.TrimSpace(p.sep(k)); sep != "" && sep != "," && sep != "'" && sep != "’" {
		return
	}
	if p.districtSeat(g, k) {
		return
	}
	end := k + 1
	for end < p.n() && end-k < 3 && p.tight(end) && p.ex(end) != "District" && p.nameWord(end) {
		end++
	}
	if end >= p.n() || p.ex(end) != "District" || !p.tight(end) {
		return
	}
	// Written apart ("the Corps of Engineers, Detroit District"), the
	// Corps is named too; attached ("USACE Buffalo District"), only the
	// district.
	from := g.i
	if k > g.j || strings.TrimSpace(p.sep(k)) != "" {
		from = k
	}
	p.add(span{i: from, j: end + 1, name: "USACE " + p.name(k, end) + " District", kind: KindAgency, parent: "USACE"})
}

// districtSeat: the Corps named by a district's seat in a contract
// announcement, "U.S. Army Corps of Engineers, Seattle, Washington, is the
// contracting activity", is that district. Only the seats of districts
// count: "…, Washington, D.C." is the headquarters, "…, Huntsville,
// Alabama" a centre, and both stay the Corps.
func (p *patternScan) districtSeat(g span, k int) bool {
	if strings.TrimSpace(p.sep(k)) != "," {
		return false
	}
	for n := 3; n >= 1; n-- {
		end := k + n
		if end >= p.n() || strings.TrimSpace(p.sep(end)) != "," || !p.contractingActivityAfter(end) {
			continue
		}
		seat := p.name(k, end)
		if !usaceDistrictSeats[seat] {
			continue
		}
		p.add(span{i: g.i, j: end, name: "USACE " + seat + " District", kind: KindAgency, parent: "USACE"})
		return true
	}
	return false
}

// inspector: "DoD Inspector General", "Department of Defense Office of
// Inspector General".
func (p *patternScan) inspector(g span) {
	k := g.j
	if p.matchWords(k, []string{"Office", "of", "Inspector", "General"}) && p.tight(k) {
		p.add(span{i: g.i, j: k + 4, name: g.name + " Inspector General", kind: KindAgency, parent: g.name})
		return
	}
	if p.matchWords(k, []string{"Inspector", "General"}) && p.tight(k) {
		p.add(span{i: g.i, j: k + 2, name: g.name + " Inspector General", kind: KindAgency, parent: g.name})
	}
}

// stateGuard: "New Mexico Air National Guard", "Ohio National Guard".
func (p *patternScan) stateGuard(g span) {
	if g.name != "National Guard" {
		return
	}
	from := g.i
	if from > 0 && p.tight(from) && (p.ex(from-1) == "Air" || p.ex(from-1) == "Army") {
		from-- // "New Mexico Air National Guard"
	}
	for _, st := range usStates {
		words := strings.Fields(st)
		k := from - len(words)
		if k >= 0 && p.matchWords(k, words) && p.tight(from) {
			p.add(span{i: k, j: g.j, name: p.name(k, g.j), kind: KindAgency, parent: "National Guard"})
			return
		}
	}
}

// govHead: a capitalised name headed by a public-body noun, with a government
// word in it: "Air Force Reserve Command", "Space and Missile Defense Center
// of Excellence", "Department of Veterans Affairs", "U.S. Army Garrison-
// Kwajalein Atoll".
func (p *patternScan) govHead(k int) {
	head := p.ex(k)
	if !govHeads[head] || k+1 < p.n() && p.tight(k+1) && p.ts.toks[k+1].gap != gapHyphen && p.nameWord(k+1) && !govHeads[p.ex(k+1)] {
		return // not the head: "Army Service Component Command"
	}
	if k+2 < p.n() && p.tight(k+1) && (p.ex(k+1) == "and" || p.connectorForm(k+1) == "&") && p.tight(k+2) && p.nameWord(k+2) {
		return // "Airborne Command and Control Squadron"
	}
	start := p.trimStart(p.runLeftWith(k+1, 8, govLeftConnectors), k+1)
	for j := k - 1; j >= start; j-- {
		if govHeads[p.ex(j)] || legalForms[p.ex(j)] {
			start = j + 1 // "... Central Command Combined Air and Space Operations Center"
			if j+1 < k && p.isConnectorLike(j+1) {
				start = k // "Ministry of Health and Ministry of Higher Education": the words between are the first's
			}
			break
		}
	}
	start = p.trimStart(start, k+1)
	end := k + 1
	// "... Center of Excellence", "Department of Veterans Affairs"
	if govOfHeads[head] && end+1 < p.n() && p.ex(end) == "of" && p.tight(end) {
		j := end + 1
		if j < p.n() && p.ex(j) == "the" && p.tight(j) {
			j++
		}
		if e := p.runRight(j, 5); e > j {
			for c := j; c < e; c++ {
				if _, known := p.gazAt(c); known && c > j || govHeads[p.ex(c)] || legalForms[p.ex(c)] {
					e = c // "Ministry of Health and Ministry of Higher Education" is two
					break
				}
			}
			for e > j && p.isConnectorLike(e-1) {
				e--
			}
			end = max(e, end)
		}
	}
	// "Garrison-Kwajalein Atoll"
	if end < p.n() && p.ts.toks[end].gap == gapHyphen && p.nameWord(end) {
		e := end + 1
		for e < p.n() && e-end < 3 && p.tight(e) && p.nameWord(e) && !siteHeads[p.ex(e-1)] {
			e++
		}
		end = e
	}
	if end-start == 2 && p.ts.toks[start+1].gap == gapHyphen || p.titleCase(k) {
		return // "Shift-Command", a title-case heading
	}
	if end-start < 2 || end-start == 2 && genericModifiers[p.ex(start)] {
		return // "Combatant Command", "Systems Command" are kinds, not names
	}
	if !strongGovHeads[head] && !p.hasGovMarker(start, end) {
		return
	}
	if p.containsCompany(start, end) {
		return
	}
	name := p.name(start, end)
	if acr, ok := p.acronymAfter(end); ok {
		name, end = acr, end+1 // "Tank-automotive and Armaments Command (TACOM)"
	}
	p.add(span{i: start, j: end, name: name, kind: KindAgency})
}

func (p *patternScan) hasGovMarker(i, j int) bool {
	for k := i; k < j; k++ {
		if govMarkers[p.ex(k)] {
			return true
		}
	}
	for _, g := range p.gm {
		if g.kind == KindAgency && g.i >= i && g.j <= j {
			return true
		}
	}
	return false
}

func (p *patternScan) containsCompany(i, j int) bool {
	for _, g := range p.gm {
		if g.kind == KindCompany && g.i < j && i < g.j {
			return true
		}
	}
	return false
}

// foreignEnglish: "Indian Navy", "Royal Australian Air Force", "Republic of
// Korea Navy", "ROK Navy", "Philippine Coast Guard".
func (p *patternScan) foreignEnglish(k int) {
	country, ok := p.ts.qualifier(k)
	if !ok || homeCountries[country] || !p.isCap(k) {
		return
	}
	svc, end := p.serviceAt(k + 1)
	if svc == svcNone {
		return
	}
	start := k
	if start > 0 && p.tight(start) && (p.ex(start-1) == "Royal" || p.ex(start-1) == "New" ||
		p.ex(start-1) == "South" || p.ex(start-1) == "Sri") {
		start--
	}
	if start > 0 && strings.TrimSpace(p.sep(start)) == "(" {
		if c, ok := p.ts.qualifier(start - 1); ok && c == country {
			start-- // "Republic of Korea (ROK) Navy"
		}
	}
	if country == "KR" && start >= 2 && p.matchWords(start-2, []string{"Republic", "of"}) {
		start -= 2
	}
	if start > 0 && p.ex(start-1) == "Royal" && p.tight(start) {
		start--
	}
	p.add(span{i: start, j: end, name: forceName(country, svc), kind: KindAgency})
}

// foreignMinistry: a foreign defence ministry written in French, the
// adjective before or after its object: "le ministère néerlandais de la
// Défense", "le ministère de la Défense belge". It takes the English name
// ("Dutch Ministry of Defence") so that both languages meet; countries the
// gazetteer names ("ministère ukrainien de la Défense") resolve to their
// entry.
func (p *patternScan) foreignMinistry(k int) {
	q := k + 1
	country, before := "", false
	if q < p.n() && p.tight(q) && !p.isCap(q) {
		if c, ok := p.ts.qualifier(q); ok {
			country, before = c, true
			q++
		}
	}
	end := q
	switch {
	case p.matchFolded(q, []string{"de", "la", "defense"}):
		end = q + 3
	case p.matchFolded(q, []string{"des", "armees"}):
		end = q + 2
	default:
		return
	}
	if !p.tight(q) || !p.tight(end-1) {
		return
	}
	if end < p.n() && p.tight(end) && p.low(end) == "nationale" {
		end++
	}
	if !before {
		if end >= p.n() || !p.tight(end) || p.isCap(end) {
			return
		}
		c, ok := p.ts.qualifier(end)
		if !ok {
			return
		}
		country = c
		end++
	}
	if homeCountries[country] {
		return
	}
	adj := firstAdjective()[country]
	if adj == "" {
		return
	}
	p.add(span{i: k, j: end, name: adj + " Ministry of Defence", kind: KindAgency})
}

// serviceAt reads an English service name at k: "Navy", "Air Force".
func (p *patternScan) serviceAt(k int) (service, int) {
	if k >= p.n() || !(p.tight(k) || p.ts.toks[k].gap == gapParen) {
		return svcNone, k
	}
	for _, s := range serviceNames {
		if p.matchWords(k, s.words) {
			return s.svc, k + len(s.words)
		}
	}
	return svcNone, k
}

// foreignFrench: "la marine indienne", "l'armée de l'air indienne", "les
// forces armées polonaises".
func (p *patternScan) foreignFrench(k int) {
	switch p.low(k) {
	case "armee", "forces", "force", "garde", "marine":
	case "ministere":
		p.foreignMinistry(k)
		return
	default:
		return
	}
	for _, s := range frenchServices {
		if !p.matchFolded(k, s.words) {
			continue
		}
		q := k + len(s.words)
		if q < p.n() && p.tight(q) && (p.low(q) == "royale" || p.low(q) == "royal") {
			q++ // "la marine royale néerlandaise"
		}
		if q >= p.n() || !p.tight(q) {
			return
		}
		country, ok := p.ts.qualifier(q)
		if !ok || homeCountries[country] || p.isCap(q) {
			return
		}
		p.add(span{i: k, j: q + 1, name: forceName(country, s.svc), kind: KindAgency})
		return
	}
}
