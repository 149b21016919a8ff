package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// The discovered-entity table: the organisations the recogniser's patterns
// found with confidence ("Ocealys SAS" taught "Ocealys"), one record per
// canonical name, with what an analyst decided about it. The ingest
// pipeline compiles the learned and accepted records into the recogniser,
// so their bare names are found in other articles.

var (
	bucketEntities  = []byte("entities")         // canonical name -> Entity JSON
	bucketSightings = []byte("entity_sightings") // name 0x00 article id -> empty: the articles a name was learnt from
)

// ErrEntityConflict is returned when a curation contradicts the table: a
// rename to a name it already holds (that is a merge), or a rename or merge
// of a name already merged or renamed.
var ErrEntityConflict = errors.New("store: conflicting curation")

// Entity statuses.
const (
	// EntityLearned: found by pattern, recognised bare, not reviewed.
	EntityLearned = "learned"
	// EntityAccepted: an analyst confirmed it (or created it by renaming).
	EntityAccepted = "accepted"
	// EntityRejected: not an organisation; the patterns' finds are dropped.
	EntityRejected = "rejected"
	// EntityMerged: another name of MergedInto, which took its aliases.
	EntityMerged = "merged"
	// EntityRenamed: the old name of RenamedTo.
	EntityRenamed = "renamed"
)

// Entity is one discovered organisation.
type Entity struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"` // company or agency
	Parent string `json:"parent,omitempty"`
	// Aliases are the other surface forms seen or given ("Ocealys SAS").
	Aliases    []string `json:"aliases"`
	Status     string   `json:"status"`
	MergedInto string   `json:"merged_into,omitempty"`
	RenamedTo  string   `json:"renamed_to,omitempty"`
	// Articles counts the distinct articles the name was learnt from.
	Articles  int       `json:"articles"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Example   Example   `json:"example"`
}

// Example is where an entity was first learnt.
type Example struct {
	ArticleID string `json:"article_id"`
	Text      string `json:"text"` // at most MaxExampleLen bytes
}

// MaxExampleLen bounds an entity's example snippet, in bytes.
const MaxExampleLen = 200

// target is the name an entity's mentions take, one step: itself, or what
// it was merged into or renamed to (Curation follows the chain).
func (e *Entity) target() string {
	switch e.Status {
	case EntityMerged:
		return e.MergedInto
	case EntityRenamed:
		return e.RenamedTo
	}
	return e.Name
}

// Sighting is one confident mention of an organisation in a stored article.
type Sighting struct {
	Name, Kind, Parent string
	Alias              string // the text as written, "Ocealys SAS"
	ArticleID          string
	Snippet            string // text around the mention
	Seen               time.Time
}

// PutSightings records an ingest batch's sightings in one transaction. It
// is idempotent: an article already counted for a name is not counted
// again. It returns the surface forms (names and aliases) of learned or
// accepted entities that the table did not hold before, which later
// articles will now be recognised by.
func (s *Store) PutSightings(sightings []Sighting) (newForms []string, err error) {
	if len(sightings) == 0 {
		return nil, nil
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		newForms = nil
		eb, sb := tx.Bucket(bucketEntities), tx.Bucket(bucketSightings)
		touched := map[string]*Entity{}
		for _, g := range sightings {
			g.Name = strings.TrimSpace(g.Name)
			if g.Name == "" || g.ArticleID == "" {
				continue
			}
			e, ok := touched[g.Name]
			if !ok {
				old, err := getEntity(eb, g.Name)
				switch {
				case errors.Is(err, ErrNotFound):
					e = &Entity{Name: g.Name, Kind: g.Kind, Parent: g.Parent, Status: EntityLearned,
						FirstSeen: g.Seen.UTC(), Aliases: []string{},
						Example: Example{ArticleID: g.ArticleID, Text: clip(g.Snippet, MaxExampleLen)}}
					newForms = append(newForms, g.Name)
				case err != nil:
					return err
				default:
					e = old
				}
				touched[g.Name] = e
			}
			if e.Parent == "" && g.Parent != "" && g.Parent != e.Name {
				e.Parent = g.Parent
			}
			if a := strings.TrimSpace(g.Alias); a != "" && a != e.Name && !slices.Contains(e.Aliases, a) {
				e.Aliases = append(e.Aliases, a)
				if e.Status == EntityLearned || e.Status == EntityAccepted {
					newForms = append(newForms, a)
				}
			}
			if g.Seen.After(e.LastSeen) {
				e.LastSeen = g.Seen.UTC()
			}
			key := sightingKey(g.Name, g.ArticleID)
			if sb.Get(key) != nil {
				continue
			}
			if err := sb.Put(key, sightingMark); err != nil {
				return err
			}
			e.Articles++
		}
		for _, e := range touched {
			if err := putEntity(eb, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: put sightings: %w", err)
	}
	return newForms, nil
}

// Entities returns the table, most learnt first, then by name.
func (s *Store) Entities() ([]Entity, error) {
	out := []Entity{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketEntities).ForEach(func(k, v []byte) error {
			var e Entity
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode entity %s: %w", k, err)
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: entities: %w", err)
	}
	slices.SortFunc(out, func(a, b Entity) int {
		if a.Articles != b.Articles {
			return b.Articles - a.Articles
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// Entity returns one record of the table by canonical name.
func (s *Store) Entity(name string) (Entity, error) {
	var e *Entity
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		e, err = getEntity(tx.Bucket(bucketEntities), name)
		return err
	})
	if err != nil {
		return Entity{}, err
	}
	return *e, nil
}

// RenameEntity gives an entity a new canonical name: a new accepted record
// takes its aliases (the old name among them) and its count, and the old
// record stays as status renamed so that the patterns' finds of the old
// name take the new one. newName must not be in the table (that is
// MergeEntity); it may be a curated gazetteer name.
func (s *Store) RenameEntity(oldName, newName string) error {
	newName = strings.TrimSpace(newName)
	if newName == "" || newName == oldName {
		return fmt.Errorf("store: rename %q: the new name must differ and not be empty", oldName)
	}
	return s.curate("rename", oldName, func(eb, sb *bolt.Bucket, e *Entity) error {
		if err := notRedirected(e); err != nil {
			return err
		}
		if _, err := getEntity(eb, newName); err == nil {
			return fmt.Errorf("%w: %q is in the table; merge %q into it instead", ErrEntityConflict, newName, oldName)
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		n := *e
		n.Name, n.Status, n.MergedInto, n.RenamedTo = newName, EntityAccepted, "", ""
		n.Aliases = addAliases(nil, newName, append([]string{oldName}, e.Aliases...))
		if err := moveSightings(sb, oldName, newName); err != nil {
			return err
		}
		e.Status, e.RenamedTo, e.MergedInto = EntityRenamed, newName, ""
		return putEntity(eb, &n)
	})
}

// MergeEntity makes from another name of into: into takes from's aliases
// (from itself among them) and articles, and from stays as status merged.
// into is created, accepted, when the table does not hold it (a curated
// gazetteer entity); the caller checks that it names something.
func (s *Store) MergeEntity(from, into string) error {
	into = strings.TrimSpace(into)
	if into == "" || into == from {
		return fmt.Errorf("store: merge %q: the target must differ and not be empty", from)
	}
	return s.curate("merge", from, func(eb, sb *bolt.Bucket, e *Entity) error {
		if err := notRedirected(e); err != nil {
			return err
		}
		t, err := getEntity(eb, into)
		switch {
		case errors.Is(err, ErrNotFound):
			t = &Entity{Name: into, Kind: e.Kind, Parent: e.Parent, Status: EntityAccepted,
				FirstSeen: e.FirstSeen, LastSeen: e.LastSeen, Example: e.Example}
		case err != nil:
			return err
		case t.Status != EntityLearned && t.Status != EntityAccepted:
			return fmt.Errorf("%w: cannot merge %q into %q, which is %s", ErrEntityConflict, from, into, t.Status)
		}
		t.Aliases = addAliases(t.Aliases, into, append([]string{from}, e.Aliases...))
		if e.FirstSeen.Before(t.FirstSeen) || t.FirstSeen.IsZero() {
			t.FirstSeen = e.FirstSeen
		}
		if e.LastSeen.After(t.LastSeen) {
			t.LastSeen = e.LastSeen
		}
		if err := moveSightings(sb, from, into); err != nil {
			return err
		}
		if t.Articles, err = countSightings(sb, into); err != nil {
			return err
		}
		e.Status, e.MergedInto, e.RenamedTo = EntityMerged, into, ""
		return putEntity(eb, t)
	})
}

// RejectEntity marks an entity as no organisation: it is no longer
// recognised bare, and what the patterns find under its name is dropped.
func (s *Store) RejectEntity(name string) error {
	return s.curate("reject", name, func(_, _ *bolt.Bucket, e *Entity) error {
		e.Status, e.MergedInto, e.RenamedTo = EntityRejected, "", ""
		return nil
	})
}

// AcceptEntity confirms an entity; a rejected, merged or renamed one is
// recognised under its own name again.
func (s *Store) AcceptEntity(name string) error {
	return s.curate("accept", name, func(_, _ *bolt.Bucket, e *Entity) error {
		e.Status, e.MergedInto, e.RenamedTo = EntityAccepted, "", ""
		return nil
	})
}

// notRedirected refuses to rename or merge a name that already points to
// another: its aliases and articles are there now.
func notRedirected(e *Entity) error {
	if e.Status == EntityMerged || e.Status == EntityRenamed {
		return fmt.Errorf("%w: %q is already %s %q; curate that one", ErrEntityConflict, e.Name, map[string]string{EntityMerged: "merged into", EntityRenamed: "renamed to"}[e.Status], e.target())
	}
	return nil
}

// curate runs one curation step on the record name in one transaction.
func (s *Store) curate(op, name string, fn func(eb, sb *bolt.Bucket, e *Entity) error) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		eb := tx.Bucket(bucketEntities)
		e, err := getEntity(eb, name)
		if err != nil {
			return err
		}
		if err := fn(eb, tx.Bucket(bucketSightings), e); err != nil {
			return err
		}
		return putEntity(eb, e)
	})
	if err != nil {
		return fmt.Errorf("%s entity: %w", op, err)
	}
	return nil
}

// Curation is what the table says the recogniser must do: the entities to
// recognise bare (learned and accepted), and the names the patterns find
// that take another name (merged, renamed) or none (rejected: "").
func Curation(ents []Entity) (recognise []Entity, curated map[string]string) {
	byName := make(map[string]*Entity, len(ents))
	for i := range ents {
		byName[ents[i].Name] = &ents[i]
	}
	curated = map[string]string{}
	for i := range ents {
		e := &ents[i]
		switch e.Status {
		case EntityLearned, EntityAccepted:
			recognise = append(recognise, *e)
			continue
		}
		// Follow merges and renames to their end (a hand-made cycle
		// stops after a few steps).
		to := e.Name
	follow:
		for range 8 {
			cur, ok := byName[to]
			if !ok {
				break // a curated gazetteer name
			}
			switch cur.Status {
			case EntityRejected:
				to = ""
				break follow
			case EntityMerged, EntityRenamed:
				to = cur.target()
			default:
				break follow
			}
		}
		curated[e.Name] = to
	}
	return recognise, curated
}

// getEntity reads one record; a missing one is ErrNotFound with a message
// an analyst can act on.
func getEntity(b *bolt.Bucket, name string) (*Entity, error) {
	v := b.Get([]byte(name))
	if v == nil {
		return nil, fmt.Errorf("%w: no discovered entity named %q (see `vigie entities`)", ErrNotFound, name)
	}
	e := new(Entity)
	if err := json.Unmarshal(v, e); err != nil {
		return nil, fmt.Errorf("decode entity %s: %w", name, err)
	}
	if e.Aliases == nil {
		e.Aliases = []string{}
	}
	return e, nil
}

func putEntity(b *bolt.Bucket, e *Entity) error {
	buf, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode entity %s: %w", e.Name, err)
	}
	return b.Put([]byte(e.Name), buf)
}

// sightingMark is the value of a sighting key: bbolt reads an empty value
// back as nil, the same as a missing key.
var sightingMark = []byte{1}

func sightingKey(name, id string) []byte {
	k := make([]byte, 0, len(name)+1+len(id))
	return append(append(append(k, name...), 0), id...)
}

// moveSightings gives to the articles from was learnt from.
func moveSightings(b *bolt.Bucket, from, to string) error {
	prefix := sightingKey(from, "")
	var ids [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, bytes.Clone(k[len(prefix):]))
	}
	for _, id := range ids {
		if err := b.Delete(append(bytes.Clone(prefix), id...)); err != nil {
			return err
		}
		if err := b.Put(sightingKey(to, string(id)), sightingMark); err != nil {
			return err
		}
	}
	return nil
}

func countSightings(b *bolt.Bucket, name string) (int, error) {
	prefix := sightingKey(name, "")
	n := 0
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	return n, nil
}

// addAliases appends the forms not yet in list and other than name.
func addAliases(list []string, name string, forms []string) []string {
	if list == nil {
		list = []string{}
	}
	for _, f := range forms {
		if f != "" && f != name && !slices.Contains(list, f) {
			list = append(list, f)
		}
	}
	return list
}

// clip cuts s to at most n bytes at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
