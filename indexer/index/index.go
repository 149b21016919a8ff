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

	syncMu sync.Mutex // one Sync at a time: the watermark is read then written
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

// Sync indexes every article the store wrote after the watermark, in
// batches, and returns how many it indexed and the new watermark. It is the
// only way documents enter the index: the same code serves normal ingest,
// catching up after a crash and rebuilding.
func (x *Index) Sync(ctx context.Context, st *store.Store, progress Progress) (int, uint64, error) {
	x.syncMu.Lock()
	defer x.syncMu.Unlock()
	from, err := x.Watermark()
	if err != nil {
		return 0, 0, fmt.Errorf("index: watermark: %w", err)
	}
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, from, err
		}
		b := x.NewBatch()
		last, err := st.Since(from, BatchSize, func(a *indexer.Article) error {
			return b.Index(a.ID, Document(a))
		})
		if err != nil {
			return total, from, fmt.Errorf("index: read store: %w", err)
		}
		if last == from {
			return total, from, nil
		}
		b.SetInternal(keySeq, []byte(strconv.FormatUint(last, 10)))
		n := b.Size() - 1
		if err := x.Batch(b); err != nil {
			return total, from, fmt.Errorf("index: batch: %w", err)
		}
		total += n
		from = last
		if progress != nil {
			progress(total)
		}
	}
}

// Document is the bleve document of an article.
func Document(a *indexer.Article) map[string]interface{} {
	d := map[string]interface{}{
		FieldLang:      a.Lang,
		FieldSource:    a.Source,
		FieldPublished: a.Published.UTC().Format(time.RFC3339),
		FieldMonth:     a.Published.UTC().Format("2006-01"),
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
	if len(a.Companies) > 0 {
		d[FieldCompany] = a.Companies
	}
	if len(a.Agencies) > 0 {
		d[FieldAgency] = a.Agencies
	}
	if a.AmountUSD > 0 {
		d[FieldAmountUSD] = a.AmountUSD
	}
	return d
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
