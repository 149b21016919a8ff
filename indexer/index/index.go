// Package index maintains Vigie's bleve index, which is derived data: it is
// built from the store and can always be rebuilt from it. The index keeps its
// own watermark (the last store sequence it holds) in bleve's internal
// storage, written in the same batch as the documents, so after a crash it
// is exactly as far as its data and Sync simply continues from there.
package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"vigie/indexer"
	"vigie/indexer/store"
)

var (
	keySeq     = []byte("vigie_seq")
	keyVersion = []byte("vigie_mapping_version")
)

// ErrMappingChanged means the index on disk was built with another mapping
// version: run `vigie reindex`.
var ErrMappingChanged = errors.New("index: built with another mapping version; run `vigie reindex`")

// BatchSize is how many documents go into one bleve batch; batches of a few
// hundred or more are several times faster than small ones.
const BatchSize = 1000

// bleveIndex names the embedded interface so its Index method stays
// promoted (a field named Index would hide it) and *Index is a bleve.Index.
type bleveIndex = bleve.Index

// Index is the bleve index plus its store watermark.
type Index struct {
	bleveIndex
	dir string

	sync syncState
}

// Open opens the index in dir, creating it when absent.
func Open(dir string) (*Index, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); errors.Is(err, os.ErrNotExist) {
		return create(dir)
	}
	bi, err := bleve.OpenUsing(dir, runtimeConfig())
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	v, err := bi.GetInternal(keyVersion)
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("index: read version: %w", err)
	}
	if string(v) != MappingVersion {
		bi.Close()
		return nil, fmt.Errorf("%w (found %q, want %q)", ErrMappingChanged, v, MappingVersion)
	}
	return &Index{bleveIndex: bi, dir: dir}, nil
}

// runtimeConfig keeps bleve's safe batches: Batch returns once the batch is
// on disk. Unsafe batches would be crash-safe too (the watermark travels in
// the same batch, so Sync would re-read what was lost), but scorch's Close
// does not flush them, so every restart would re-index the last batches.
// With batches of BatchSize documents the wait costs little.
func runtimeConfig() map[string]interface{} {
	return map[string]interface{}{}
}

func create(dir string) (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	bi, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, runtimeConfig())
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	if err := bi.SetInternal(keyVersion, []byte(MappingVersion)); err != nil {
		bi.Close()
		return nil, fmt.Errorf("index: write version: %w", err)
	}
	return &Index{bleveIndex: bi, dir: dir}, nil
}

// Dir is the index directory.
func (x *Index) Dir() string { return x.dir }

// Watermark is the last store sequence number the index holds.
func (x *Index) Watermark() (uint64, error) {
	v, err := x.GetInternal(keySeq)
	if err != nil || len(v) == 0 {
		return 0, err
	}
	return strconv.ParseUint(string(v), 10, 64)
}

// Progress is told how many articles were indexed so far.
type Progress func(done int)

// inFlight is how many bleve batches may be in flight at once, over all
// Sync calls. scorch builds each batch's segment in the calling goroutine,
// single-threaded; two batches in flight keep both cores of a small machine
// busy while more articles are read from the store.
const inFlight = 2

// pendingBatch is a bleve batch handed to scorch.
type pendingBatch struct {
	ids      map[string]struct{} // its articles
	last     uint64              // store sequence of its last article
	finished bool
	err      error
}

// syncState orders concurrent Syncs. Articles are read from the store in
// sequence order into batches; batches run concurrently; the watermark
// advances over the finished prefix only.
type syncState struct {
	mu       sync.Mutex
	cond     *sync.Cond
	loaded   bool
	reserved uint64          // the last sequence read into a batch
	done     uint64          // every article up to this sequence is indexed
	written  uint64          // the watermark on disk or in a batch in flight
	pending  []*pendingBatch // oldest first
	resets   int             // times the queue was dropped after a failure
}

// Sync indexes every article the store wrote after the watermark, in
// batches, and returns how many this call indexed and the watermark when it
// returned. It is the only way documents enter the index: the same code
// serves normal ingest, catching up after a crash and rebuilding. When it
// returns without error, everything the store held when it was called is
// indexed.
//
// Sync may be called concurrently; batches from all calls run at most
// inFlight at a time. A batch carries the watermark of the batches already
// finished, never its own (scorch may apply concurrent batches in any
// order): after a crash the index holds at least everything up to its
// watermark and Sync re-indexes the rest, which replaces it. A batch never
// runs alongside an earlier one holding the same article, so an older
// version of an article cannot land after a newer one.
func (x *Index) Sync(ctx context.Context, st *store.Store, progress Progress) (int, uint64, error) {
	s := &x.sync
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.loaded {
		wm, err := x.Watermark()
		if err != nil {
			return 0, 0, fmt.Errorf("index: watermark: %w", err)
		}
		s.cond = sync.NewCond(&s.mu)
		s.reserved, s.done, s.written, s.loaded = wm, wm, wm, true
	}
	c := &syncCall{progress: progress}
	gen := s.resets
	var readErr error
	// A failed batch stops this call (the next one retries from the
	// watermark): retrying here could spin on a lasting failure.
	for ctx.Err() == nil && c.err == nil {
		p, b, err := x.nextBatch(st)
		if err != nil || p == nil {
			readErr = err
			break
		}
		if s.resets != gen { // an earlier batch failed and the queue restarted
			gen, c.mine = s.resets, nil
		}
		c.mine = append(c.mine, p)
		go x.runBatch(c, p, b)
	}
	// Wait for this call's batches, and for what other calls hold in
	// flight: it was stored before this call too.
	target := s.reserved
	for !c.finished() || s.done < target && s.resets == gen && c.err == nil && readErr == nil && ctx.Err() == nil {
		s.cond.Wait()
	}
	switch {
	case c.err != nil:
		return c.total, s.done, c.err
	case readErr != nil:
		return c.total, s.done, readErr
	case ctx.Err() != nil:
		return c.total, s.done, ctx.Err()
	case s.done < target:
		return c.total, s.done, errors.New("index: a concurrent batch failed; the next Sync retries it")
	}
	if len(s.pending) == 0 && s.done > s.written {
		if err := x.SetInternal(keySeq, seqBytes(s.done)); err != nil {
			return c.total, s.done, fmt.Errorf("index: write watermark: %w", err)
		}
		s.written = s.done
	}
	return c.total, s.done, nil
}

// syncCall is one Sync's share of the queue.
type syncCall struct {
	mine     []*pendingBatch
	total    int
	err      error
	progress Progress
}

func (c *syncCall) finished() bool {
	for _, p := range c.mine {
		if !p.finished {
			return false
		}
	}
	return true
}

// runBatch applies one batch and records the outcome.
func (x *Index) runBatch(c *syncCall, p *pendingBatch, b *bleve.Batch) {
	err := x.Batch(b)
	s := &x.sync
	s.mu.Lock()
	defer s.mu.Unlock()
	p.finished, p.err = true, err
	s.advance()
	if err != nil {
		if c.err == nil {
			c.err = fmt.Errorf("index: batch: %w", err)
		}
		return
	}
	c.total += len(p.ids)
	if c.progress != nil {
		c.progress(c.total)
	}
}

// nextBatch reads the articles after the reserved sequence into a bleve
// batch and queues it, once a slot is free and no earlier batch in flight
// holds any of its articles. It returns a nil batch when the store has
// nothing more. Called with s.mu held; it releases it while waiting.
func (x *Index) nextBatch(st *store.Store) (*pendingBatch, *bleve.Batch, error) {
	s := &x.sync
	for s.running() >= inFlight {
		s.cond.Wait()
	}
	b := x.NewBatch()
	p := &pendingBatch{ids: make(map[string]struct{}, BatchSize)}
	last, err := st.Since(s.reserved, BatchSize, func(a *indexer.Article) error {
		p.ids[a.ID] = struct{}{}
		return b.Index(a.ID, Document(a))
	})
	if err != nil {
		return nil, nil, fmt.Errorf("index: read store: %w", err)
	}
	if last == s.reserved {
		return nil, nil, nil
	}
	p.last = last
	s.reserved = last
	s.pending = append(s.pending, p)
	gen := s.resets
	for s.resets == gen && s.heldBefore(p) {
		s.cond.Wait()
	}
	if s.resets != gen {
		// An earlier batch failed while this one waited and the queue
		// was dropped; it is read again after the watermark.
		return x.nextBatch(st)
	}
	wm := s.done
	if s.pending[0] == p && len(p.ids) < BatchSize {
		// Nothing before it in flight and the last for now: the batch
		// can carry its own watermark, which saves a write.
		wm = last
	}
	if wm > s.written {
		b.SetInternal(keySeq, seqBytes(wm))
		s.written = wm
	}
	return p, b, nil
}

// running counts the queued batches not finished yet.
func (s *syncState) running() int {
	n := 0
	for _, p := range s.pending {
		if !p.finished {
			n++
		}
	}
	return n
}

// heldBefore reports whether an unfinished batch queued before p holds
// one of p's articles.
func (s *syncState) heldBefore(p *pendingBatch) bool {
	for _, q := range s.pending {
		if q == p {
			return false
		}
		if !q.finished && overlaps(q.ids, p.ids) {
			return true
		}
	}
	return false
}

// advance moves the watermark over the finished prefix of the queue. After
// a failure, once nothing is in flight, it drops the queue so the next read
// starts again after the watermark.
func (s *syncState) advance() {
	defer s.cond.Broadcast()
	for len(s.pending) > 0 && s.pending[0].finished && s.pending[0].err == nil {
		s.done = s.pending[0].last
		s.pending = s.pending[1:]
	}
	if len(s.pending) == 0 || s.pending[0].err == nil {
		return
	}
	for _, p := range s.pending {
		if !p.finished {
			return
		}
	}
	s.pending = nil
	s.reserved = s.done
	s.written = 0 // a failed batch may have carried the newest watermark
	s.resets++
}

func overlaps(a, b map[string]struct{}) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	for id := range a {
		if _, ok := b[id]; ok {
			return true
		}
	}
	return false
}

func seqBytes(seq uint64) []byte { return []byte(strconv.FormatUint(seq, 10)) }

// Document is the bleve document of an article.
func Document(a *indexer.Article) map[string]interface{} {
	d := map[string]interface{}{
		FieldLang:      a.Lang,
		FieldSource:    a.Source,
		FieldPublished: a.Published.UTC().Format(time.RFC3339),
		FieldMonth:     a.Published.UTC().Format("2006-01"),
		FieldStory:     a.StoryID(),
	}
	langs := []string{a.Lang}
	if _, ok := TextFields[a.Lang]; !ok {
		langs = []string{"fr", "en"}
	}
	for _, l := range langs {
		f := TextFields[l]
		d[f[0]] = a.Title
		d[f[1]] = a.Text
	}
	// An article is filed under what it names and what those roll up to,
	// so a filter or a facet on "US Army" counts its commands' articles.
	if cs := withParents(a.Companies, a.ParentCompanies); len(cs) > 0 {
		d[FieldCompany] = cs
	}
	if as := withParents(a.Agencies, a.ParentAgencies); len(as) > 0 {
		d[FieldAgency] = as
	}
	if a.AmountUSD > 0 {
		d[FieldAmountUSD] = a.AmountUSD
	}
	return d
}

func withParents(named, parents []string) []string {
	if len(parents) == 0 {
		return named
	}
	return append(append(make([]string, 0, len(named)+len(parents)), named...), parents...)
}

// Rebuild builds a fresh index of everything in the store next to dir and
// swaps it in, so a failed rebuild leaves the old index untouched. The
// caller must not hold dir open.
func Rebuild(ctx context.Context, dir string, st *store.Store, progress Progress) (int, error) {
	tmp := dir + ".rebuild"
	if err := os.RemoveAll(tmp); err != nil {
		return 0, fmt.Errorf("index: %w", err)
	}
	x, err := create(tmp)
	if err != nil {
		return 0, err
	}
	n, _, err := x.Sync(ctx, st, progress)
	if cerr := x.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(tmp)
		return n, err
	}
	old := dir + ".old"
	os.RemoveAll(old)
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return n, fmt.Errorf("index: move old index aside: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return n, fmt.Errorf("index: swap in new index: %w", err)
	}
	return n, os.RemoveAll(old)
}
