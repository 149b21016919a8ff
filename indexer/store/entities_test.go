package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"vigie/indexer"
)

func sighting(name, alias, id string, at time.Time) Sighting {
	return Sighting{Name: name, Kind: "company", Alias: alias, ArticleID: id,
		Snippet: "La DGA a notifié un contrat à " + alias + ".", Seen: at}
}

func TestPutSightingsCountsEachArticleOnce(t *testing.T) {
	s := open(t)
	day := time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC)
	forms, err := s.PutSightings([]Sighting{
		sighting("Ocealys", "Ocealys SAS", "a1", day),
		sighting("Ocealys", "Ocealys SAS", "a1", day), // the same article twice in a batch
		sighting("RGNext", "RGNext", "a1", day),
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Ocealys", "Ocealys SAS", "RGNext"}; !reflect.DeepEqual(forms, want) {
		t.Fatalf("new forms = %q, want %q", forms, want)
	}
	// The same article in a later batch (an update of it): no new count,
	// no new form.
	forms, err = s.PutSightings([]Sighting{sighting("Ocealys", "Ocealys SAS", "a1", day.Add(time.Hour))})
	if err != nil || len(forms) != 0 {
		t.Fatalf("again: forms %q err %v", forms, err)
	}
	if _, err := s.PutSightings([]Sighting{sighting("Ocealys", "Ocealys S.A.S.", "a2", day.Add(2*time.Hour))}); err != nil {
		t.Fatal(err)
	}
	e, err := s.Entity("Ocealys")
	if err != nil {
		t.Fatal(err)
	}
	want := Entity{Name: "Ocealys", Kind: "company", Aliases: []string{"Ocealys SAS", "Ocealys S.A.S."},
		Status: EntityLearned, Articles: 2, FirstSeen: day, LastSeen: day.Add(2 * time.Hour),
		Example: Example{ArticleID: "a1", Text: "La DGA a notifié un contrat à Ocealys SAS."}}
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("entity =\n%+v\nwant\n%+v", e, want)
	}
	list, err := s.Entities()
	if err != nil || len(list) != 2 || list[0].Name != "Ocealys" || list[1].Name != "RGNext" {
		t.Fatalf("list = %+v, %v (want most learnt first)", list, err)
	}
}

func TestSightingExampleIsClipped(t *testing.T) {
	s := open(t)
	g := sighting("Ocealys", "Ocealys SAS", "a1", time.Now())
	g.Snippet = strings.Repeat("é", 150) // 300 bytes
	if _, err := s.PutSightings([]Sighting{g}); err != nil {
		t.Fatal(err)
	}
	e, _ := s.Entity("Ocealys")
	if len(e.Example.Text) != MaxExampleLen || e.Example.Text != strings.Repeat("é", 100) {
		t.Fatalf("example is %d bytes: %q", len(e.Example.Text), e.Example.Text)
	}
}

func TestCurateEntities(t *testing.T) {
	s := open(t)
	day := time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC)
	if _, err := s.PutSightings([]Sighting{
		sighting("Ocealys", "Ocealys SAS", "a1", day),
		sighting("Ocealys Group", "Ocealys Group SA", "a2", day),
		sighting("Ocealys Group", "Ocealys Group SA", "a1", day),
		sighting("Acme", "Acme Inc.", "a3", day),
		sighting("Foo", "Foo LLC", "a4", day),
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeEntity("Ocealys Group", "Ocealys"); err != nil {
		t.Fatal(err)
	}
	o, _ := s.Entity("Ocealys")
	if o.Articles != 2 || !reflect.DeepEqual(o.Aliases, []string{"Ocealys SAS", "Ocealys Group", "Ocealys Group SA"}) {
		t.Fatalf("merge target = %+v (a1 counted once, a2 added; aliases moved)", o)
	}
	g, _ := s.Entity("Ocealys Group")
	if g.Status != EntityMerged || g.MergedInto != "Ocealys" {
		t.Fatalf("merged = %+v", g)
	}
	if err := s.RenameEntity("Ocealys", "Ocealys Marine"); err != nil {
		t.Fatal(err)
	}
	m, err := s.Entity("Ocealys Marine")
	if err != nil || m.Status != EntityAccepted || m.Articles != 2 ||
		!reflect.DeepEqual(m.Aliases, []string{"Ocealys", "Ocealys SAS", "Ocealys Group", "Ocealys Group SA"}) {
		t.Fatalf("renamed = %+v %v", m, err)
	}
	if err := s.RejectEntity("Foo"); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeEntity("Acme", "Thales"); err != nil { // a curated gazetteer name
		t.Fatal(err)
	}
	recognise, curated := Curation(mustEntities(t, s))
	var names []string
	for _, e := range recognise {
		names = append(names, e.Name)
	}
	if want := []string{"Ocealys Marine", "Thales"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("recognised = %q, want %q", names, want)
	}
	wantCurated := map[string]string{"Ocealys": "Ocealys Marine", "Ocealys Group": "Ocealys Marine",
		"Foo": "", "Acme": "Thales"}
	if !reflect.DeepEqual(curated, wantCurated) {
		t.Fatalf("curated = %q, want %q", curated, wantCurated)
	}
	// A sighting under the new name (the recogniser applies the curation)
	// adds to it; the old article is not counted twice.
	if _, err := s.PutSightings([]Sighting{sighting("Ocealys Marine", "Ocealys SAS", "a1", day)}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Entity("Ocealys Marine"); m.Articles != 2 {
		t.Fatalf("articles after re-sighting = %d", m.Articles)
	}
	if err := s.AcceptEntity("Foo"); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.Entity("Foo"); f.Status != EntityAccepted {
		t.Fatalf("accepted = %+v", f)
	}

	for _, tc := range []struct {
		name string
		err  error
		do   func() error
	}{
		{"rename unknown", ErrNotFound, func() error { return s.RenameEntity("Nope", "Other") }},
		{"merge unknown", ErrNotFound, func() error { return s.MergeEntity("Nope", "Ocealys Marine") }},
		{"reject unknown", ErrNotFound, func() error { return s.RejectEntity("Nope") }},
		{"accept unknown", ErrNotFound, func() error { return s.AcceptEntity("Nope") }},
		{"rename onto an entry", ErrEntityConflict, func() error { return s.RenameEntity("Foo", "Ocealys Marine") }},
		{"rename a merged name", ErrEntityConflict, func() error { return s.RenameEntity("Ocealys Group", "X") }},
		{"merge into a merged name", ErrEntityConflict, func() error { return s.MergeEntity("Foo", "Ocealys Group") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if tc.err == ErrNotFound && !strings.Contains(err.Error(), `"Nope"`) {
				t.Fatalf("message does not name the entity: %v", err)
			}
		})
	}
}

func TestEntitiesSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vigie.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutSightings([]Sighting{sighting("Ocealys", "Ocealys SAS", "a1", time.Now())}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if forms, _ := s.PutSightings([]Sighting{sighting("Ocealys", "Ocealys SAS", "a1", time.Now())}); len(forms) != 0 {
		t.Fatalf("after reopen, forms %q", forms)
	}
	if e, err := s.Entity("Ocealys"); err != nil || e.Articles != 1 {
		t.Fatalf("after reopen: %+v %v", e, err)
	}
}

func TestReviseGivesNewSequences(t *testing.T) {
	s := open(t)
	day := time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC)
	a, b := art("a", "f1", "A", day, true), art("b", "f1", "B", day, true)
	a.Fingerprint = 42
	if _, err := s.PutArticles([]*indexer.Article{a, b}); err != nil {
		t.Fatal(err)
	}
	written, err := s.Revise([]string{"a", "b", "missing"}, func(x *indexer.Article) bool {
		if x.ID != "a" {
			return false
		}
		x.Companies = []string{"Ocealys"}
		return true
	})
	if err != nil || len(written) != 1 || written[0].Seq != 3 {
		t.Fatalf("revise: %+v %v", written, err)
	}
	got, _ := s.Article("a")
	if got.Seq != 3 || got.Fingerprint != 42 || !got.FirstSeen.Equal(day) || got.Companies[0] != "Ocealys" {
		t.Fatalf("revised article = %+v", got)
	}
	var seqs []uint64
	s.Since(0, 0, func(x *indexer.Article) error { seqs = append(seqs, x.Seq); return nil })
	if !reflect.DeepEqual(seqs, []uint64{2, 3}) {
		t.Fatalf("sequences = %v (the old one must be gone)", seqs)
	}
}

// An article rewritten while Revise drafted its revision is judged again
// as stored: the write keeps the new text, with fn's change on it.
func TestReviseRejudgesArticlesWrittenMeanwhile(t *testing.T) {
	s := open(t)
	day := time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC)
	if _, err := s.PutArticles([]*indexer.Article{art("a", "f1", "A", day, true), art("b", "f1", "B", day, true)}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	calls := map[string]int{}
	written, err := s.Revise([]string{"a", "b"}, func(x *indexer.Article) bool {
		mu.Lock()
		calls[x.ID]++
		first := calls[x.ID] == 1
		mu.Unlock()
		if x.ID == "b" && first {
			// A feed brings a new version of b while it is being drafted.
			if _, err := s.PutArticles([]*indexer.Article{art("b", "f1", "B2", day, true)}); err != nil {
				t.Error(err)
			}
		}
		x.Companies = []string{"Ocealys"}
		return x.ID == "b"
	})
	if err != nil || len(written) != 1 {
		t.Fatalf("revise: %+v %v", written, err)
	}
	got, _ := s.Article("b")
	if got.Title != "B2" || len(got.Companies) != 1 || calls["b"] != 2 || calls["a"] != 1 {
		t.Fatalf("revised article = %+v, calls %v", got, calls)
	}
}

func mustEntities(t *testing.T, s *Store) []Entity {
	t.Helper()
	list, err := s.Entities()
	if err != nil {
		t.Fatal(err)
	}
	return list
}
