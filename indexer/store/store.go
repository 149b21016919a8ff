// Package store is Vigie's record of truth: articles, per-feed state and
// small metadata in one bbolt file. Every article write gets a new, strictly
// increasing sequence number, so the derived bleve index and the alert
// matcher can each keep a watermark and catch up after a crash by reading
// "everything after seq N" — nothing lost, nothing processed twice.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer"
	"vigie/indexer/feed"
	"vigie/indexer/story"
)

// ErrNotFound is returned when an article or record does not exist.
var ErrNotFound = errors.New("store: not found")

var (
	bucketArticles = []byte("articles")     // id -> Article JSON
	bucketSeq      = []byte("seq")          // seq (8 bytes BE) -> id
	bucketFeeds    = []byte("feeds")        // feed URL -> feed.State JSON
	bucketMeta     = []byte("meta")         // small named values
	bucketFinger   = []byte("fingerprints") // fingerprint (8 bytes) -> first article id
	bucketRaw      = []byte("raw")          // id -> indexer.Raw JSON, the feed entry as received
)

// Store wraps one bbolt database. It is safe for concurrent use.
type Store struct {
	db      *bolt.DB
	recent  recentCache
	stories *story.Clusterer // nil: stories are not assigned
}

// initialMmapSize is the address space bbolt maps at open. Each time the
// file outgrows its map, bbolt remaps during a commit: it first copies
// every key and value the transaction touched out of the old map (a tenth
// of a second in a big alert-matching commit) and waits for every open
// read transaction. 1 GiB of address space costs nothing on 64-bit Unix
// (the file still grows with its data); on Windows bbolt would grow the
// file to the map size, and 32-bit has little address space: default
// there.
func initialMmapSize() int {
	if runtime.GOOS == "windows" || strconv.IntSize < 64 {
		return 0
	}
	return 1 << 30
}

// Open opens (creating if needed) the store at path. Articles get a story
// as they are stored (see stories.go) unless WithoutStories is given; a
// store written before stories existed is given them here, once.
func Open(path string, opts ...Option) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second, InitialMmapSize: initialMmapSize()})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("store: %s is locked by another vigie process", path)
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketArticles, bucketSeq, bucketFeeds, bucketMeta, bucketFinger, bucketRaw, bucketEntities, bucketSightings, bucketPublished, bucketPages, bucketPageStats} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: init %s: %w", path, err)
	}
	s := &Store{db: db, stories: story.New(story.Config{})}
	for _, o := range opts {
		o(s)
	}
	if err := s.migrateStories(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// DB exposes the bbolt handle to sibling packages that keep their own
// buckets in the same file (alerts, outbox), so that their writes can share
// a transaction boundary with nothing else and the data dir stays one file.
func (s *Store) DB() *bolt.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func seqKey(n uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], n)
	return k[:]
}

// PutResult tells what a PutArticles call did with each article.
type PutResult struct {
	Added, Updated, Unchanged int
	// Written are the articles that got a new sequence number, with Seq set.
	Written []*indexer.Article
}

// PutArticles writes new and changed articles in one transaction. An article
// whose ContentHash equals the stored one, or that another feed owns, is
// left alone (rewriting it on every poll would churn the file and the index).
// An updated article keeps its FirstSeen and, when the feed gives no date,
// its first Published time, and gets a new sequence number.
func (s *Store) PutArticles(arts []*indexer.Article) (PutResult, error) {
	var res PutResult
	sigs := s.sign(arts)
	err := s.db.Update(func(tx *bolt.Tx) error {
		res = PutResult{}
		ab, sb, fb := tx.Bucket(bucketArticles), tx.Bucket(bucketSeq), tx.Bucket(bucketFinger)
		for i, a := range arts {
			var old *indexer.Article
			if raw := ab.Get([]byte(a.ID)); raw != nil {
				old = new(indexer.Article)
				if err := json.Unmarshal(raw, old); err != nil {
					return fmt.Errorf("decode article %s: %w", a.ID, err)
				}
				// The first feed that brought an article owns it: a copy
				// of the same link in another feed (often a shorter
				// summary) would otherwise flip the stored version on
				// every poll.
				if old.ContentHash == a.ContentHash || old.FeedURL != a.FeedURL {
					res.Unchanged++
					continue
				}
				a.FirstSeen = old.FirstSeen
				if !a.DateKnown && old.Published.Before(a.Published) {
					a.Published = old.Published
				}
				if err := sb.Delete(seqKey(old.Seq)); err != nil {
					return err
				}
			}
			var sig *story.Signature
			if sigs != nil {
				sig = sigs[i]
			}
			if err := s.assignStory(tx, a, old, sig); err != nil {
				return err
			}
			if err := putPublished(tx, a, old); err != nil {
				return err
			}
			seq, err := sb.NextSequence()
			if err != nil {
				return err
			}
			a.Seq = seq
			buf, err := json.Marshal(a)
			if err != nil {
				return fmt.Errorf("encode article %s: %w", a.ID, err)
			}
			if err := ab.Put([]byte(a.ID), buf); err != nil {
				return err
			}
			raw, err := json.Marshal(a.Raw)
			if err != nil {
				return fmt.Errorf("encode raw entry %s: %w", a.ID, err)
			}
			if err := tx.Bucket(bucketRaw).Put([]byte(a.ID), raw); err != nil {
				return err
			}
			if err := sb.Put(seqKey(seq), []byte(a.ID)); err != nil {
				return err
			}
			if a.Fingerprint != 0 && fb.Get(seqKey(a.Fingerprint)) == nil {
				if err := fb.Put(seqKey(a.Fingerprint), []byte(a.ID)); err != nil {
					return err
				}
			}
			if old == nil {
				res.Added++
			} else {
				res.Updated++
			}
			res.Written = append(res.Written, a)
		}
		return nil
	})
	if err != nil {
		if s.stories != nil {
			// The batch's articles were clustered but not stored.
			s.stories.Reset()
		}
		return PutResult{}, fmt.Errorf("store: put articles: %w", err)
	}
	s.recent.add(res.Written)
	return res, nil
}

// Article returns one article by id.
func (s *Store) Article(id string) (*indexer.Article, error) {
	var a *indexer.Article
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketArticles).Get([]byte(id))
		if raw == nil {
			return ErrNotFound
		}
		a = new(indexer.Article)
		return json.Unmarshal(raw, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// RawEntry returns the feed entry an article was made from, as received.
func (s *Store) RawEntry(id string) (indexer.Raw, error) {
	var r indexer.Raw
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketRaw).Get([]byte(id))
		if raw == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		page, err := getPage(tx, id)
		r.Page = page
		return err
	})
	return r, err
}

// Articles returns the articles with the given ids, in the same order; ids
// that do not exist are skipped.
func (s *Store) Articles(ids []string) ([]*indexer.Article, error) {
	out := make([]*indexer.Article, 0, len(ids))
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketArticles)
		for _, id := range ids {
			raw := b.Get([]byte(id))
			if raw == nil {
				continue
			}
			a := new(indexer.Article)
			if err := json.Unmarshal(raw, a); err != nil {
				return fmt.Errorf("decode article %s: %w", id, err)
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// FirstWithFingerprint returns the id of the first article stored with fp.
func (s *Store) FirstWithFingerprint(fp uint64) (string, bool) {
	var id string
	s.db.View(func(tx *bolt.Tx) error {
		id = string(tx.Bucket(bucketFinger).Get(seqKey(fp)))
		return nil
	})
	return id, id != ""
}

// Since calls fn for each article whose current sequence number is greater
// than after, in sequence order, at most limit of them (0 = no limit). It
// returns the last sequence number visited.
func (s *Store) Since(after uint64, limit int, fn func(*indexer.Article) error) (uint64, error) {
	last := after
	err := s.db.View(func(tx *bolt.Tx) error {
		ab := tx.Bucket(bucketArticles)
		c := tx.Bucket(bucketSeq).Cursor()
		n := 0
		for k, v := c.Seek(seqKey(after + 1)); k != nil; k, v = c.Next() {
			if limit > 0 && n >= limit {
				break
			}
			a := s.recent.get(binary.BigEndian.Uint64(k))
			if a == nil {
				raw := ab.Get(v)
				if raw == nil {
					return fmt.Errorf("seq %d points to missing article %s", binary.BigEndian.Uint64(k), v)
				}
				a = new(indexer.Article)
				if err := json.Unmarshal(raw, a); err != nil {
					return fmt.Errorf("decode article %s: %w", v, err)
				}
			}
			if err := fn(a); err != nil {
				return err
			}
			last = binary.BigEndian.Uint64(k)
			n++
		}
		return nil
	})
	return last, err
}

// LastSeq returns the highest sequence number ever given (0 when empty).
func (s *Store) LastSeq() uint64 {
	var n uint64
	s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketSeq).Sequence()
		return nil
	})
	return n
}

// Count returns the number of articles.
func (s *Store) Count() int {
	var n int
	s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketArticles).Stats().KeyN
		return nil
	})
	return n
}

// FeedState implements feed.StateStore.
func (s *Store) FeedState(url string) (feed.State, bool, error) {
	var st feed.State
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketFeeds).Get([]byte(url))
		if raw == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(raw, &st)
	})
	if err != nil {
		return feed.State{}, false, fmt.Errorf("store: feed state %s: %w", url, err)
	}
	return st, ok, nil
}

// PutFeedState implements feed.StateStore.
func (s *Store) PutFeedState(st feed.State) error {
	buf, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("store: encode feed state: %w", err)
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFeeds).Put([]byte(st.URL), buf)
	})
}

// FeedStates returns the state of every feed ever polled, by URL order.
func (s *Store) FeedStates() ([]feed.State, error) {
	var out []feed.State
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFeeds).ForEach(func(k, v []byte) error {
			var st feed.State
			if err := json.Unmarshal(v, &st); err != nil {
				return fmt.Errorf("decode feed state %s: %w", k, err)
			}
			out = append(out, st)
			return nil
		})
	})
	return out, err
}

// Meta reads a small named value (nil when absent).
func (s *Store) Meta(name string) []byte {
	var v []byte
	s.db.View(func(tx *bolt.Tx) error {
		v = bytes.Clone(tx.Bucket(bucketMeta).Get([]byte(name)))
		return nil
	})
	return v
}

// PutMeta writes a small named value.
func (s *Store) PutMeta(name string, v []byte) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte(name), v)
	})
}

// rewriteChunk is how many articles one Rewrite transaction covers.
const rewriteChunk = 500

// Rewrite calls fn on every article, with its raw feed entry (zero when
// none was kept), and writes back those it changed (fn returns true),
// keeping their sequence numbers: re-enrichment after a gazetteer change is
// not new content, and alerts must not see it as such. It returns how many
// articles changed.
func (s *Store) Rewrite(fn func(a *indexer.Article, raw indexer.Raw) bool) (int, error) {
	changed := 0
	var after []byte
	for {
		var last []byte
		err := s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketArticles)
			c := b.Cursor()
			k, v := c.First()
			if after != nil {
				k, v = c.Seek(after)
				if k != nil && bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			var puts []struct{ k, v []byte }
			for n := 0; k != nil && n < rewriteChunk; k, v = c.Next() {
				n++
				last = bytes.Clone(k)
				a := new(indexer.Article)
				if err := json.Unmarshal(v, a); err != nil {
					return fmt.Errorf("decode article %s: %w", k, err)
				}
				var raw indexer.Raw
				if rv := tx.Bucket(bucketRaw).Get(k); rv != nil {
					if err := json.Unmarshal(rv, &raw); err != nil {
						return fmt.Errorf("decode raw entry %s: %w", k, err)
					}
				}
				page, err := getPage(tx, string(k))
				if err != nil {
					return err
				}
				raw.Page = page
				published := a.Published
				if !fn(a, raw) {
					continue
				}
				if !a.Published.Equal(published) {
					if err := putPublished(tx, a, &indexer.Article{ID: a.ID, Published: published}); err != nil {
						return err
					}
				}
				a.ContentHash = indexer.HashContent(a)
				buf, err := json.Marshal(a)
				if err != nil {
					return err
				}
				puts = append(puts, struct{ k, v []byte }{bytes.Clone(k), buf})
			}
			// Written after the cursor walk: bbolt cursors must not see
			// their bucket change underneath them.
			for _, p := range puts {
				if err := b.Put(p.k, p.v); err != nil {
					return err
				}
			}
			changed += len(puts)
			return nil
		})
		s.recent.clear() // the cached copies of rewritten articles are stale
		if err != nil {
			return changed, fmt.Errorf("store: rewrite: %w", err)
		}
		if last == nil {
			return changed, nil
		}
		after = last
	}
}

// Revise calls fn on the stored articles with the given ids and writes back
// those it changed (fn returns true), in one transaction, each with a new
// sequence number so that the index catch-up re-indexes them. Unlike
// Rewrite this is for a few articles whose enrichment a newly learnt or
// curated entity changed; FirstSeen, Published and the story fingerprint
// stay as they are. Ids that do not exist are skipped. It returns the
// articles written.
//
// fn runs first on a read snapshot, in parallel (it must be safe for
// concurrent use), so the writers are not held up while it re-enriches
// thousands of candidates; the write transaction then keeps those results
// only for the articles still stored byte for byte as read, and calls fn
// again on the others. The outcome is that of running fn in the write
// transaction.
func (s *Store) Revise(ids []string, fn func(a *indexer.Article) bool) ([]*indexer.Article, error) {
	drafts, err := s.draftRevisions(ids, fn)
	if err != nil {
		return nil, fmt.Errorf("store: revise articles: %w", err)
	}
	var written []*indexer.Article
	err = s.db.Update(func(tx *bolt.Tx) error {
		written = nil
		ab, sb := tx.Bucket(bucketArticles), tx.Bucket(bucketSeq)
		for i, id := range ids {
			a, err := drafts[i].current(id, ab.Get([]byte(id)), fn)
			if err != nil {
				return err
			}
			if a == noRevision {
				continue
			}
			if err := sb.Delete(seqKey(a.Seq)); err != nil {
				return err
			}
			seq, err := sb.NextSequence()
			if err != nil {
				return err
			}
			a.Seq = seq
			a.ContentHash = indexer.HashContent(a)
			buf, err := json.Marshal(a)
			if err != nil {
				return fmt.Errorf("encode article %s: %w", id, err)
			}
			if err := ab.Put([]byte(id), buf); err != nil {
				return err
			}
			if err := sb.Put(seqKey(seq), []byte(id)); err != nil {
				return err
			}
			written = append(written, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: revise articles: %w", err)
	}
	s.recent.add(written)
	return written, nil
}

// noRevision is what draft.current returns for an article fn left alone.
var noRevision = new(indexer.Article)

// draft is fn's verdict on one article as read from a snapshot.
type draft struct {
	raw     []byte           // the stored JSON read; nil: no such article
	article *indexer.Article // fn's result when it changed the article
	changed bool
}

// current returns what to write for the article now stored as raw: the
// draft's result if raw is what the draft read, else fn's verdict on raw;
// noRevision when fn leaves it as it is or the article is gone.
func (d *draft) current(id string, raw []byte, fn func(*indexer.Article) bool) (*indexer.Article, error) {
	if raw == nil {
		return noRevision, nil
	}
	if d.raw != nil && bytes.Equal(raw, d.raw) {
		if d.changed {
			return d.article, nil
		}
		return noRevision, nil
	}
	a := new(indexer.Article)
	if err := json.Unmarshal(raw, a); err != nil {
		return nil, fmt.Errorf("decode article %s: %w", id, err)
	}
	if !fn(a) {
		return noRevision, nil
	}
	return a, nil
}

// draftRevisions reads the articles ids in one read transaction and runs
// fn on each, on all cores, outside it.
func (s *Store) draftRevisions(ids []string, fn func(*indexer.Article) bool) ([]draft, error) {
	drafts := make([]draft, len(ids))
	err := s.db.View(func(tx *bolt.Tx) error {
		ab := tx.Bucket(bucketArticles)
		for i, id := range ids {
			if v := ab.Get([]byte(id)); v != nil {
				drafts[i].raw = bytes.Clone(v) // bbolt's memory is only valid in the transaction
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(ids))
	parallel(len(ids), func(i int) {
		d := &drafts[i]
		if d.raw == nil {
			return
		}
		a := new(indexer.Article)
		if errs[i] = json.Unmarshal(d.raw, a); errs[i] != nil {
			errs[i] = fmt.Errorf("decode article %s: %w", ids[i], errs[i])
			return
		}
		if d.changed = fn(a); d.changed {
			d.article = a
		}
	})
	return drafts, errors.Join(errs...)
}

// parallel calls fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}
