package entity

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// ErrInvalid is wrapped by every error about the content of a gazetteer file.
var ErrInvalid = errors.New("entity: invalid gazetteer")

// maxFileSize bounds what Load reads: the embedded file is about 70 KB.
const maxFileSize = 32 << 20

// Load reads a gazetteer in the format of the embedded gazetteer.yaml:
//
//	entities:
//	  - name: DoD
//	    kind: agency
//	    country: US
//	    aliases: [Department of Defense, Pentagon, Pentagone]
//
// Errors name the line and the entity at fault.
func Load(r io.Reader) (*Gazetteer, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read gazetteer: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrInvalid, maxFileSize)
	}
	return parse(data)
}

// file is the document's top level. Entities stay nodes so that errors can
// give line numbers.
type file struct {
	Entities []yaml.Node `yaml:"entities"`
}

// entityFields are the keys an entity may have; anything else is a typo.
var entityFields = map[string]bool{
	"name": true, "kind": true, "country": true, "aliases": true, "description": true,
	"parent": true, "case_sensitive": true, "case_insensitive": true, "ambiguous": true, "confirm": true,
	"generic": true, "not_before": true, "not_after": true,
}

// source is an entity with the lines it came from.
type source struct {
	Entity
	line       int
	aliasLines map[string]int
}

func parse(data []byte) (*Gazetteer, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: empty file", ErrInvalid)
		}
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if len(f.Entities) == 0 {
		return nil, fmt.Errorf("%w: no entities", ErrInvalid)
	}
	srcs := make([]source, 0, len(f.Entities))
	for i := range f.Entities {
		s, err := decodeEntity(&f.Entities[i])
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, s)
	}
	return build(srcs)
}

// decodeEntity decodes one entity node, rejecting unknown keys.
func decodeEntity(n *yaml.Node) (source, error) {
	s := source{line: n.Line, aliasLines: make(map[string]int)}
	if n.Kind != yaml.MappingNode {
		return s, fmt.Errorf("%w: line %d: an entity must be a mapping", ErrInvalid, n.Line)
	}
	for k := 0; k+1 < len(n.Content); k += 2 {
		key, val := n.Content[k], n.Content[k+1]
		if !entityFields[key.Value] {
			return s, fmt.Errorf("%w: line %d: unknown field %q", ErrInvalid, key.Line, key.Value)
		}
		if key.Value == "aliases" {
			for _, item := range val.Content {
				if _, ok := s.aliasLines[item.Value]; !ok {
					s.aliasLines[item.Value] = item.Line
				}
			}
		}
	}
	if err := n.Decode(&s.Entity); err != nil {
		return s, fmt.Errorf("%w: line %d: %v", ErrInvalid, n.Line, err)
	}
	return s, nil
}

// builder compiles validated entities into a Gazetteer.
type builder struct {
	g    *Gazetteer
	seen map[string][]aliasKey // path key -> aliases already there
}

// aliasKey identifies an alias for collision checks.
type aliasKey struct {
	entity    int
	exact     string
	sensitive bool
	line      int
	text      string
}

func build(srcs []source) (*Gazetteer, error) {
	b := &builder{
		g: &Gazetteer{
			nodes:  []node{{}},
			byName: make(map[string]int, len(srcs)),
		},
		seen: make(map[string][]aliasKey),
	}
	for i := range srcs {
		if err := b.addEntity(&srcs[i]); err != nil {
			return nil, err
		}
	}
	for _, s := range srcs {
		if s.Parent == "" {
			continue
		}
		if _, ok := b.g.byName[s.Parent]; !ok || s.Parent == s.Name {
			return nil, s.errorf(s.line, "unknown parent %q", s.Parent)
		}
	}
	return b.g, nil
}

func (s *source) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%w: line %d: entity %q: %s", ErrInvalid, line, s.Name, fmt.Sprintf(format, args...))
}

func (b *builder) addEntity(s *source) error {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return fmt.Errorf("%w: line %d: entity without a name", ErrInvalid, s.line)
	}
	if s.Kind != KindCompany && s.Kind != KindAgency {
		return s.errorf(s.line, "unknown kind %q (want %q or %q)", s.Kind, KindCompany, KindAgency)
	}
	if !validCountry(s.Country) {
		return s.errorf(s.line, "country %q is not an ISO 3166 alpha-2 code, EU or INT", s.Country)
	}
	if _, dup := b.g.byName[s.Name]; dup {
		return s.errorf(s.line, "duplicate name")
	}
	idx := len(b.g.entities)
	b.g.byName[s.Name] = idx
	r, err := compileRules(s)
	if err != nil {
		return err
	}
	b.g.entities = append(b.g.entities, s.Entity.clone())
	b.g.rules = append(b.g.rules, r)

	opts, err := aliasOptions(s)
	if err != nil {
		return err
	}
	for _, text := range append([]string{s.Name}, s.Aliases...) {
		line := s.line
		if l, ok := s.aliasLines[text]; ok {
			line = l
		}
		if err := b.addAlias(s, idx, strings.TrimSpace(text), line, opts); err != nil {
			return err
		}
	}
	return nil
}

// validCountry accepts two upper-case letters (ISO 3166 alpha-2), "EU" and
// "INT".
func validCountry(c string) bool {
	if c == "INT" {
		return true
	}
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

// aliasFlags are the per-alias overrides of an entity.
type aliasFlags struct {
	sensitive, insensitive, ambiguous map[string]bool
}

func aliasOptions(s *source) (aliasFlags, error) {
	known := map[string]bool{s.Name: true}
	for _, a := range s.Aliases {
		known[strings.TrimSpace(a)] = true
	}
	set := func(field string, list []string) (map[string]bool, error) {
		m := make(map[string]bool, len(list))
		for _, a := range list {
			a = strings.TrimSpace(a)
			if !known[a] {
				return nil, s.errorf(s.line, "%s lists %q, which is not one of its aliases", field, a)
			}
			m[a] = true
		}
		return m, nil
	}
	var f aliasFlags
	var err error
	if f.sensitive, err = set("case_sensitive", s.CaseSensitive); err != nil {
		return f, err
	}
	if f.insensitive, err = set("case_insensitive", s.CaseInsensitive); err != nil {
		return f, err
	}
	if f.ambiguous, err = set("ambiguous", s.Ambiguous); err != nil {
		return f, err
	}
	for a := range f.sensitive {
		if f.insensitive[a] {
			return f, s.errorf(s.line, "alias %q is both case_sensitive and case_insensitive", a)
		}
	}
	return f, nil
}

func compileRules(s *source) (rules, error) {
	r := rules{generic: s.Generic}
	var err error
	if r.notBefore, err = wordSet(s, "not_before", s.NotBefore, false); err != nil {
		return r, err
	}
	if r.notAfter, err = wordSet(s, "not_after", s.NotAfter, false); err != nil {
		return r, err
	}
	if r.confirm, err = wordSet(s, "confirm", s.Confirm, true); err != nil {
		return r, err
	}
	if r.confirm != nil && len(s.Ambiguous) == 0 {
		return r, s.errorf(s.line, "confirm has no effect without ambiguous aliases")
	}
	return r, nil
}

// wordSet folds a list of single words, keeping their case when exact; nil
// when the list is empty.
func wordSet(s *source, field string, words []string, exact bool) (map[string]bool, error) {
	if len(words) == 0 {
		return nil, nil
	}
	m := make(map[string]bool, len(words))
	var ts tokens
	for _, w := range words {
		ts.scan(w)
		if len(ts.toks) != 1 {
			return nil, s.errorf(s.line, "%s entry %q must be one word", field, w)
		}
		if exact {
			m[string(ts.exactOf(0))] = true
		} else {
			m[string(ts.fold(0))] = true
		}
	}
	return m, nil
}

// addAlias compiles one alias and inserts it in the trie.
func (b *builder) addAlias(s *source, idx int, text string, line int, f aliasFlags) error {
	if text == "" {
		return s.errorf(line, "empty alias")
	}
	var ts tokens
	ts.scan(text)
	if len(ts.toks) == 0 {
		return s.errorf(line, "alias %q has no letters or digits", text)
	}
	al := alias{
		entity:    int32(idx),
		text:      text,
		sensitive: len(ts.toks) == 1,
		ambiguous: f.ambiguous[text],
	}
	if f.sensitive[text] {
		al.sensitive = true
	}
	if f.insensitive[text] {
		al.sensitive = false
	}
	if ts.toks[0].start != 0 || ts.toks[len(ts.toks)-1].end != len(text) {
		return s.errorf(line, "alias %q must start and end with a letter or digit", text)
	}
	path := make([]string, len(ts.toks))
	exact := make([]string, len(ts.toks))
	var key strings.Builder
	for k := range ts.toks {
		path[k] = string(ts.fold(k))
		exact[k] = string(ts.exactOf(k))
		if k > 0 {
			g := ts.toks[k].gap
			if g == gapHard {
				return s.errorf(line, "alias %q contains punctuation that cannot be inside a name", text)
			}
			al.gaps = append(al.gaps, g)
			key.WriteByte(gapKeyByte(g))
		}
		key.WriteString(path[k])
	}
	if al.sensitive {
		al.exact = exact
	}
	k := aliasKey{entity: idx, exact: strings.Join(exact, " "), sensitive: al.sensitive, line: line, text: text}
	dup, err := b.collide(s, key.String(), k)
	if err != nil || dup {
		return err
	}
	b.insert(path, al)
	return nil
}

// gapKeyByte maps gaps that match the same texts to the same byte, a control
// character that folded tokens never contain.
func gapKeyByte(g gap) byte {
	switch g {
	case gapApos:
		return 2
	case gapDot:
		return 3
	}
	return 1
}

// collide checks a new alias against those with the same tokens. Two
// entities may share tokens only when both aliases are case-sensitive and
// written differently ("NIF" and "Nif"). dup reports an alias that its own
// entity already has.
func (b *builder) collide(s *source, key string, k aliasKey) (dup bool, err error) {
	for _, o := range b.seen[key] {
		overlap := !o.sensitive || !k.sensitive || o.exact == k.exact
		if !overlap {
			continue
		}
		if o.entity == k.entity {
			if o.sensitive == k.sensitive || !o.sensitive {
				return true, nil
			}
			continue
		}
		other := b.g.entities[o.entity].Name
		return false, s.errorf(k.line, "alias %q also names entity %q (line %d: %q)", k.text, other, o.line, o.text)
	}
	b.seen[key] = append(b.seen[key], k)
	return false, nil
}

// insert adds the alias to the trie along path.
func (b *builder) insert(path []string, al alias) {
	g := b.g
	n := 0
	if len(path) > 0 {
		g.starts.add([]byte(path[0]))
	}
	for _, tok := range path {
		next, ok := g.nodes[n].next[tok]
		if !ok {
			next = int32(len(g.nodes))
			g.nodes = append(g.nodes, node{})
			if g.nodes[n].next == nil {
				g.nodes[n].next = make(map[string]int32)
			}
			g.nodes[n].next[tok] = next
		}
		n = int(next)
	}
	g.nodes[n].aliases = append(g.nodes[n].aliases, int32(len(g.aliases)))
	g.aliases = append(g.aliases, al)
}
