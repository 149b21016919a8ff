package alert

import (
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// An alert sends a story once: its first report, whatever the language or
// source of the next ones; an article, a text fingerprint and a story are
// each enough to recognise what was sent, also within one batch.
func TestMarkSentOncePerStory(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "sent.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(bucketSent); return err }); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name string
		hits []hit
		want []string
	}{
		{"the English report and the French one in the same batch", []hit{
			{ID: "en1", Fingerprint: 1, Story: "en1"}, {ID: "fr1", Fingerprint: 2, Story: "en1"}, {ID: "other", Fingerprint: 3, Story: "other"},
		}, []string{"en1", "other"}},
		{"a later report of the story from a third source", []hit{{ID: "de1", Fingerprint: 4, Story: "en1"}}, nil},
		{"the same text under another link", []hit{{ID: "copy", Fingerprint: 3, Story: "copy"}}, nil},
		{"an article stored before stories existed", []hit{{ID: "old", Fingerprint: 5}}, []string{"old"}},
		{"a new story", []hit{{ID: "new", Fingerprint: 6, Story: "new"}, {ID: "en1", Fingerprint: 1, Story: "en1"}}, []string{"new"}},
	} {
		var got []string
		err := db.Update(func(tx *bolt.Tx) error {
			got, err = markSent(tx, "alert1", step.hits, tuesday17)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, step.want) {
			t.Errorf("%s: sent %v, want %v", step.name, got, step.want)
		}
	}
}
