// Package entity recognises the companies and government bodies that
// defense-AI news names, in French and English, and maps every alias to one
// canonical name used as a search facet: "Pentagone", "Department of War" and
// "Defense Department" are all "DoD"; "l'OTAN" is "NATO".
//
// The names come from a curated gazetteer (gazetteer.yaml, embedded; a file of
// the same shape can replace it). Matching works on words, not characters:
// the text is split once into tokens folded for case, accents and apostrophes,
// and token sequences are looked up in a trie of aliases, longest first. So
// "Intel" is never found inside "intelligence", "Google DeepMind" is one
// mention, not also "Google", "l'OTAN" and "Anthropic's" find NATO and
// Anthropic, and "U.S. Army" reads like "US Army".
//
// One-word aliases ("AID", "Meta", "Army", "Pentagone") match only with their
// exact capitalisation, so "aid to Ukraine" names no agency; longer aliases
// match in any case unless the file says otherwise ("Scale AI"). A one-word
// name right after a title ("Lt. Col. Dell Olmstead") is a person's and does
// not count. A few entity-level rules cover the rest of the ambiguity: generic
// names ("Army", "Navy", "Ministry of Defence") are rejected when another
// country qualifies them ("Indian Navy", "marine indienne"); ambiguous aliases
// ("AV", "DRM", "Mistral") count only when the same text also uses an
// unambiguous one or a word that confirms the sense ("renseignement");
// and per-entity word lists reject known traps ("missile Mistral",
// "Hadrian's Wall").
package entity

import (
	_ "embed"
	"fmt"
	"os"
	"sync"
)

// Kind says whether an entity is a company or a public body.
type Kind string

const (
	// KindCompany is a business: a defense prime, an AI lab, a start-up.
	KindCompany Kind = "company"
	// KindAgency is a public body: a ministry, an agency, an armed service,
	// a parliament, an international organisation.
	KindAgency Kind = "agency"
)

// Entity is one organisation of the gazetteer. Only Name, Kind, Country and
// Aliases are required; the other fields tune matching.
type Entity struct {
	// Name is the canonical name, the facet value: "DoD", "OpenAI", "DGA".
	Name string `yaml:"name"`
	Kind Kind   `yaml:"kind"`
	// Country is an ISO 3166 alpha-2 code, or "EU" or "INT".
	Country string `yaml:"country"`
	// Aliases are the other names, in both languages. Name is matched too.
	Aliases []string `yaml:"aliases"`

	Description string `yaml:"description,omitempty"`
	// Parent is the canonical name of the owning entity, if any.
	Parent string `yaml:"parent,omitempty"`

	// By default a one-word alias matches only as written ("Meta", "AID",
	// "DoD") and a longer one in any case ("department of defense").
	// CaseSensitive and CaseInsensitive list aliases that break that rule
	// ("Scale AI" must not match "scale AI").
	CaseSensitive   []string `yaml:"case_sensitive,omitempty"`
	CaseInsensitive []string `yaml:"case_insensitive,omitempty"`
	// Ambiguous aliases count only when the same text also names the
	// entity by an unambiguous alias or contains one of the Confirm words
	// (single words, matched as written, accents ignored).
	Ambiguous []string `yaml:"ambiguous,omitempty"`
	Confirm   []string `yaml:"confirm,omitempty"`
	// Generic marks names that other countries use for their own body
	// ("Navy", "Ministry of Defence", "armée de Terre"): a mention directly
	// qualified by another country ("Indian Navy", "armée de terre
	// ukrainienne") is not this entity.
	Generic bool `yaml:"generic,omitempty"`
	// NotBefore and NotAfter list words that, right after or right before a
	// mention, show that it means something else: "Mistral" before
	// "missiles", "Hadrian" before "Wall".
	NotBefore []string `yaml:"not_before,omitempty"`
	NotAfter  []string `yaml:"not_after,omitempty"`
}

// Mention is one occurrence of an entity in a text.
type Mention struct {
	Name string // canonical name
	Kind Kind
	Text string // the text as written, Text == input[Start:End]
	// Start and End are byte offsets in the input.
	Start, End int
	// Parent is the canonical name of the body or company the mention rolls
	// up to ("Army Contracting Command-Redstone" -> "Army Contracting
	// Command"), "" when none is known.
	Parent string
	Source Source
	// Confident marks a pattern strong enough (a legal form, a contract
	// announcement) to learn the name from, so that it is then recognised
	// bare in other articles.
	Confident bool
}

// Gazetteer finds entities in text. It is immutable and safe for concurrent
// use.
type Gazetteer struct {
	entities []Entity
	rules    []rules // per entity, compiled from Entity
	aliases  []alias
	nodes    []node // trie of folded tokens; nodes[0] is the root
	starts   startSet
	byName   map[string]int
	scratch  sync.Pool // *tokens
}

//go:embed gazetteer.yaml
var embedded []byte

// defaultGazetteer parses the embedded file once, on first use.
var defaultGazetteer = sync.OnceValue(func() *Gazetteer { return mustParse(embedded) })

// Default returns the gazetteer built from the embedded gazetteer.yaml. It
// panics if that file is broken, which a test rules out.
func Default() *Gazetteer { return defaultGazetteer() }

func mustParse(data []byte) *Gazetteer {
	g, err := parse(data)
	if err != nil {
		panic(fmt.Sprintf("entity: embedded gazetteer.yaml: %v", err))
	}
	return g
}

// LoadFile reads a gazetteer file, e.g. the one named by --gazetteer.
func LoadFile(path string) (*Gazetteer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load gazetteer: %w", err)
	}
	defer f.Close()
	g, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("load gazetteer %s: %w", path, err)
	}
	return g, nil
}

// Entities returns a copy of the gazetteer's entities, in file order.
func (g *Gazetteer) Entities() []Entity {
	out := make([]Entity, len(g.entities))
	for i, e := range g.entities {
		out[i] = e.clone()
	}
	return out
}

// Lookup returns the entity whose canonical name is name.
func (g *Gazetteer) Lookup(name string) (Entity, bool) {
	i, ok := g.byName[name]
	if !ok {
		return Entity{}, false
	}
	return g.entities[i].clone(), true
}

// Resolve returns the entity that a user-typed name designates, by canonical
// name or alias, ignoring case and accents: "pentagone" and "dod" both give
// DoD. It is meant for search filters, where input is a whole name, not prose.
func (g *Gazetteer) Resolve(name string) (Entity, bool) {
	if e, ok := g.Lookup(name); ok {
		return e, true
	}
	ts := g.getTokens()
	defer g.putTokens(ts)
	ts.scan(name)
	if len(ts.toks) == 0 {
		return Entity{}, false
	}
	n := 0
	for i := range ts.toks {
		next, ok := g.nodes[n].next[string(ts.fold(i))]
		if !ok {
			return Entity{}, false
		}
		n = int(next)
	}
	// Prefer an alias whose capitalisation the input respects: "AID" over
	// an entity that only shares its folded form.
	best := -1
	for _, a := range g.nodes[n].aliases {
		al := &g.aliases[a]
		if al.matchesCase(ts, 0) {
			best = int(al.entity)
			break
		}
		if best < 0 {
			best = int(al.entity)
		}
	}
	if best < 0 {
		return Entity{}, false
	}
	return g.entities[best].clone(), true
}

func (e Entity) clone() Entity {
	e.Aliases = cloneStrings(e.Aliases)
	e.CaseSensitive = cloneStrings(e.CaseSensitive)
	e.CaseInsensitive = cloneStrings(e.CaseInsensitive)
	e.Ambiguous = cloneStrings(e.Ambiguous)
	e.Confirm = cloneStrings(e.Confirm)
	e.NotBefore = cloneStrings(e.NotBefore)
	e.NotAfter = cloneStrings(e.NotAfter)
	return e
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

func (g *Gazetteer) getTokens() *tokens {
	if ts, ok := g.scratch.Get().(*tokens); ok {
		return ts
	}
	return &tokens{}
}

// putTokens returns scratch space to the pool, unless one huge input made it
// too big to keep.
func (g *Gazetteer) putTokens(ts *tokens) {
	const maxKept = 1 << 16
	if cap(ts.toks) > maxKept || cap(ts.lower) > 8*maxKept {
		return
	}
	ts.reset()
	g.scratch.Put(ts)
}
