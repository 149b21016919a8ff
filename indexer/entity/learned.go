package entity

import "strings"

// Learned names are those the patterns found with confidence in earlier
// articles ("SURVICE Engineering Co. LLC" taught "SURVICE Engineering"): the
// store keeps them, an analyst curates them, and NewLearned compiles them
// into a gazetteer of their own so that the bare name is then recognised in
// other articles ("SURVICE Engineering delivered...").
//
// Every learned alias matches only as written: a name learnt from prose has
// not been checked against common words the way the curated gazetteer's are
// ("Ocealys" matches "Ocealys", never "ocealys").

// NewLearned compiles learned entities. Entries the curated gazetteer gaz
// already names, entries without a valid name or kind, and aliases shorter
// than three characters are skipped (they come from prose and must not stop
// the others); a parent that names no known entity is dropped.
func NewLearned(entries []Entity, gaz *Gazetteer) (*Gazetteer, error) {
	srcs := make([]source, 0, len(entries))
	names := map[string]bool{}
	for _, e := range entries {
		e.Name = strings.TrimSpace(e.Name)
		if len(e.Name) < 3 || e.Kind != KindCompany && e.Kind != KindAgency || names[e.Name] {
			continue
		}
		if gaz != nil {
			if _, ok := gaz.Lookup(e.Name); ok {
				continue
			}
		}
		if !validCountry(e.Country) {
			e.Country = "INT"
		}
		var aliases []string
		for _, a := range e.Aliases {
			if a = strings.TrimSpace(a); len(a) >= 3 && a != e.Name {
				aliases = append(aliases, a)
			}
		}
		e.Aliases = aliases
		e.CaseSensitive = append([]string{e.Name}, aliases...)
		e.CaseInsensitive, e.Ambiguous, e.Confirm, e.NotBefore, e.NotAfter = nil, nil, nil, nil, nil
		names[e.Name] = true
		srcs = append(srcs, source{Entity: e, aliasLines: map[string]int{}})
	}
	for i := range srcs {
		if p := srcs[i].Parent; p != "" && !names[p] {
			if gaz == nil {
				srcs[i].Parent = ""
			} else if _, ok := gaz.Lookup(p); !ok {
				srcs[i].Parent = ""
			}
		}
	}
	if len(srcs) == 0 {
		return nil, nil
	}
	// A learned parent may be a curated entity: build checks parents among
	// its own entities, so parents are checked above and set after.
	parents := make(map[string]string, len(srcs))
	for i := range srcs {
		parents[srcs[i].Name], srcs[i].Parent = srcs[i].Parent, ""
	}
	g, err := build(srcs)
	if err != nil {
		g = buildEach(srcs)
	}
	for i := range g.entities {
		g.entities[i].Parent = parents[g.entities[i].Name]
	}
	return g, nil
}

// buildEach compiles sources one at a time, leaving out each entity whose
// aliases collide with those already kept instead of failing the whole
// table. It is the slow path, for a table with a conflict.
func buildEach(srcs []source) *Gazetteer {
	var kept []source
	g := &Gazetteer{nodes: []node{{}}, byName: map[string]int{}}
	for _, s := range srcs {
		if trial, err := build(append(kept[:len(kept):len(kept)], s)); err == nil {
			kept, g = append(kept, s), trial
		}
	}
	return g
}
