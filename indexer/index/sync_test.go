package index_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"vigie/indexer"
	"vigie/indexer/index"
	"vigie/indexer/store"
)

func openBoth(t *testing.T) (*store.Store, *index.Index) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return st, idx
}

// article i in revision rev: the revision is a word of its text, so a
// search tells which version the index holds.
func article(i, rev int) *indexer.Article {
	a := &indexer.Article{
		ID:        fmt.Sprintf("a%05d", i),
		FeedURL:   "https://example.test/feed",
		Source:    "Example",
		Title:     fmt.Sprintf("Drone contract %d", i),
		Text:      fmt.Sprintf("The army ordered drones. revision%d", rev),
		Published: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
	}
	a.Lang = "en"
	a.ContentHash = indexer.HashContent(a)
	return a
}

func count(t *testing.T, idx *index.Index, q string) uint64 {
	t.Helper()
	mq := bleve.NewMatchQuery(q)
	mq.SetField(index.FieldBodyEN)
	res, err := idx.Search(bleve.NewSearchRequestOptions(mq, 0, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// Several writers store articles and revise them while several callers
// Sync at once: batches then run concurrently, and the index must end with
// every article exactly once, in its newest version, at the store's last
// sequence.
func TestSyncConcurrentKeepsNewestVersion(t *testing.T) {
	st, idx := openBoth(t)
	ctx := context.Background()
	const articles, revisions, writers = 1500, 3, 3
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rev := range revisions {
				// Each writer owns every writers-th article and revises
				// them in chunks, syncing after each chunk.
				var chunk []*indexer.Article
				for i := w; i < articles; i += writers {
					chunk = append(chunk, article(i, rev))
					if len(chunk) == 350 {
						if _, err := st.PutArticles(chunk); err != nil {
							errs <- err
							return
						}
						chunk = nil
						if _, _, err := idx.Sync(ctx, st, nil); err != nil {
							errs <- err
							return
						}
					}
				}
				if _, err := st.PutArticles(chunk); err != nil {
					errs <- err
					return
				}
				if _, _, err := idx.Sync(ctx, st, nil); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if _, _, err := idx.Sync(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	docs, err := idx.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	if docs != articles {
		t.Errorf("index holds %d documents, want %d", docs, articles)
	}
	last := fmt.Sprintf("revision%d", revisions-1)
	if got := count(t, idx, last); got != articles {
		t.Errorf("%d articles in their newest version (%s), want %d", got, last, articles)
	}
	for rev := range revisions - 1 {
		if got := count(t, idx, fmt.Sprintf("revision%d", rev)); got != 0 {
			t.Errorf("%d articles still in revision %d", got, rev)
		}
	}
	wm, err := idx.Watermark()
	if err != nil {
		t.Fatal(err)
	}
	if want := st.LastSeq(); wm != want {
		t.Errorf("watermark %d, want the store's last sequence %d", wm, want)
	}
}

// A Sync that returns has indexed everything stored before it was called,
// even when another caller's batch holds part of it.
func TestSyncReturnsWhenItsArticlesAreIndexed(t *testing.T) {
	st, idx := openBoth(t)
	ctx := context.Background()
	var batch []*indexer.Article
	for i := range 2*index.BatchSize + 10 {
		batch = append(batch, article(i, 0))
	}
	if _, err := st.PutArticles(batch); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, wm, err := idx.Sync(ctx, st, nil)
			if err != nil {
				t.Error(err)
				return
			}
			if wm != st.LastSeq() {
				t.Errorf("Sync returned at watermark %d, before the store's %d", wm, st.LastSeq())
			}
			if docs, _ := idx.DocCount(); docs != uint64(len(batch)) {
				t.Errorf("Sync returned with %d documents indexed, want %d", docs, len(batch))
			}
		}()
	}
	wg.Wait()
	// Reopening finds the watermark on disk: nothing to do.
	n, _, err := idx.Sync(ctx, st, nil)
	if err != nil || n != 0 {
		t.Errorf("a further Sync indexed %d (err %v), want 0", n, err)
	}
}

// A batch that fails (here: the index was closed under Sync) makes Sync
// return the error, without hanging or retrying forever; the watermark
// stays where the index is.
func TestSyncReturnsBatchErrors(t *testing.T) {
	st, _ := openBoth(t)
	idx, err := index.Open(filepath.Join(t.TempDir(), "index")) // closed by the test
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := idx.Sync(ctx, st, nil); err != nil { // loads the watermark
		t.Fatal(err)
	}
	var arts []*indexer.Article
	for i := range 2*index.BatchSize + 1 {
		arts = append(arts, article(i, 0))
	}
	if _, err := st.PutArticles(arts); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	done := make(chan error, 1)
	go func() {
		_, wm, err := idx.Sync(ctx, st, nil)
		if err == nil && wm != 0 {
			err = fmt.Errorf("watermark %d", wm)
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Sync on a closed index returned no error")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Sync did not return after its batches failed")
	}
}
