package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer"
	"vigie/indexer/story"
)

// Stories. Every article gets a story ID when it is first stored (see
// indexer/story), in the write transaction that stores it: the clusterer
// reads the neighbouring days through the same transaction, so the
// articles of one batch see each other and a crash cannot leave an article
// stored without its story. The published bucket indexes articles by
// publication time for those reads.

var bucketPublished = []byte("published") // published (8 bytes, ordered) + id -> empty

// metaPublished marks a store whose published index is complete, and
// metaStories one whose articles all have a story: stores written before
// either existed are migrated once, at Open.
const (
	metaPublished = "published-v1"
	metaStories   = "stories-v1"
)

// Option configures Open.
type Option func(*Store)

// WithoutStories leaves story assignment off (benchmarks measure its
// cost; a store opened this way still keeps the published index).
func WithoutStories() Option { return func(s *Store) { s.stories = nil } }

// WithStoryConfig tunes the clusterer.
func WithStoryConfig(cfg story.Config) Option {
	return func(s *Store) { s.stories = story.New(cfg) }
}

// pubKey orders by publication second (shifted so that dates before 1970
// sort first), then by id.
func pubKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(t.Unix())^(1<<63))
	return append(k, id...)
}

// putPublished files a under its publication time, replacing the entry
// of its previous version.
func putPublished(tx *bolt.Tx, a, old *indexer.Article) error {
	pb := tx.Bucket(bucketPublished)
	if old != nil && !old.Published.Equal(a.Published) {
		if err := pb.Delete(pubKey(old.Published, old.ID)); err != nil {
			return err
		}
	}
	return pb.Put(pubKey(a.Published, a.ID), nil)
}

// publishedSource reads the articles published in [from, to) through tx,
// for the clusterer.
func publishedSource(tx *bolt.Tx) story.Source {
	return func(from, to time.Time, fn func(*indexer.Article) error) error {
		ab := tx.Bucket(bucketArticles)
		end := pubKey(to, "")
		c := tx.Bucket(bucketPublished).Cursor()
		for k, _ := c.Seek(pubKey(from, "")); k != nil && bytes.Compare(k, end) < 0; k, _ = c.Next() {
			v := ab.Get(k[8:])
			if v == nil {
				continue
			}
			a := new(indexer.Article)
			if err := json.Unmarshal(v, a); err != nil {
				return fmt.Errorf("decode article %s: %w", k[8:], err)
			}
			if err := fn(a); err != nil {
				return err
			}
		}
		return nil
	}
}

// assignStory gives a its story inside tx: an update keeps the story of
// the stored version.
func (s *Store) assignStory(tx *bolt.Tx, a, old *indexer.Article, sig *story.Signature) error {
	if old != nil && old.Story != "" {
		a.Story = old.Story
	}
	if s.stories == nil {
		return nil
	}
	if sig == nil {
		sig = story.Sign(a)
	}
	if err := s.stories.AssignSigned(a, sig, publishedSource(tx)); err != nil {
		return fmt.Errorf("story of %s: %w", a.ID, err)
	}
	return nil
}

// sign returns the story signatures of arts, computed before the write
// transaction so that concurrent writers sign in parallel.
func (s *Store) sign(arts []*indexer.Article) []*story.Signature {
	if s.stories == nil {
		return nil
	}
	sigs := make([]*story.Signature, len(arts))
	for i, a := range arts {
		sigs[i] = story.Sign(a)
	}
	return sigs
}

// migrateChunk is how many articles one migration transaction covers.
const migrateChunk = 1000

// migrateStories builds the published index of a store written before it
// existed, then gives every article without a story one, in publication
// order so that each joins the reports published before it as it would
// have at ingest. Sequence numbers stay: a story is not new content.
func (s *Store) migrateStories() error {
	if s.Meta(metaPublished) == nil {
		if err := s.indexPublished(); err != nil {
			return err
		}
	}
	if s.stories == nil || s.Meta(metaStories) != nil {
		return nil
	}
	if err := s.assignMissingStories(); err != nil {
		return err
	}
	return s.PutMeta(metaStories, []byte("1"))
}

// indexPublished builds the published index from the articles.
func (s *Store) indexPublished() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketPublished); err != nil && err != bolt.ErrBucketNotFound {
			return err
		}
		pb, err := tx.CreateBucket(bucketPublished)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
			var a struct {
				Published time.Time `json:"published"`
			}
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("decode article %s: %w", k, err)
			}
			return pb.Put(pubKey(a.Published, string(k)), nil)
		})
	})
	if err != nil {
		return fmt.Errorf("store: index publication dates: %w", err)
	}
	return s.PutMeta(metaPublished, []byte("1"))
}

func (s *Store) assignMissingStories() error {
	var after []byte
	for {
		var last []byte
		err := s.db.Update(func(tx *bolt.Tx) error {
			ab := tx.Bucket(bucketArticles)
			var keys [][]byte
			c := tx.Bucket(bucketPublished).Cursor()
			k, _ := c.First()
			if after != nil {
				if k, _ = c.Seek(after); bytes.Equal(k, after) {
					k, _ = c.Next()
				}
			}
			for ; k != nil && len(keys) < migrateChunk; k, _ = c.Next() {
				keys = append(keys, bytes.Clone(k))
			}
			for _, k := range keys {
				last = k
				id := k[8:]
				v := ab.Get(id)
				if v == nil {
					continue
				}
				a := new(indexer.Article)
				if err := json.Unmarshal(v, a); err != nil {
					return fmt.Errorf("decode article %s: %w", id, err)
				}
				if a.Story != "" {
					continue
				}
				if err := s.stories.Assign(a, publishedSource(tx)); err != nil {
					return err
				}
				buf, err := json.Marshal(a)
				if err != nil {
					return err
				}
				if err := ab.Put(id, buf); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			s.stories.Reset()
			return fmt.Errorf("store: assign stories: %w", err)
		}
		if last == nil {
			s.recent.clear()
			return nil
		}
		after = last
	}
}
