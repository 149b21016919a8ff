package alert

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bolt "go.etcd.io/bbolt"

	"vigie/indexer"
	"vigie/indexer/index"
	"vigie/search"
)

// matchChunk bounds how many new articles one matching pass holds in its
// in-memory index; a large backlog (first start, long downtime) is matched
// chunk by chunk, each chunk committed on its own.
const matchChunk = 2000

// hit is a matched article, as much as matching needs of it.
type hit struct {
	ID          string
	Seq         uint64
	Fingerprint uint64
	Story       string
}

// matchResult is what one alert matched in a chunk: the articles to send
// and how many more matched than an e-mail lists.
type matchResult struct {
	hits []hit
	more int
}

// OnIndexed is the ingest listener: it matches every active alert against
// the articles stored up to watermark that it has not seen yet, then wakes
// the dispatcher. Errors are logged; the next call (or Run's start) retries
// from the same watermark, so nothing is lost.
func (s *Service) OnIndexed(ctx context.Context, watermark uint64) {
	if err := s.matchUpTo(ctx, watermark); err != nil {
		if ctx.Err() == nil {
			s.log.Error("alert_match_failed", slog.Any("error", err), slog.Uint64("watermark", watermark))
		}
		return
	}
	s.nudge()
}

// matchUpTo matches chunk after chunk until every active alert is at upTo.
func (s *Service) matchUpTo(ctx context.Context, upTo uint64) error {
	s.matchMu.Lock()
	defer s.matchMu.Unlock()
	for {
		done, err := s.matchChunk(ctx, upTo)
		if err != nil || done {
			return err
		}
	}
}

// matchChunk matches the next chunk of new articles and commits the result;
// done reports that every active alert has reached upTo.
func (s *Service) matchChunk(ctx context.Context, upTo uint64) (done bool, err error) {
	start := time.Now()
	alerts, matched, err := s.activeAlerts()
	if err != nil {
		return false, err
	}
	lo := upTo
	for _, a := range alerts {
		lo = min(lo, a.effective(matched))
	}
	if lo >= upTo {
		// Nothing to match (or no alert at all): move the matcher on so
		// that alerts confirmed later do not look back.
		if matched < upTo {
			return true, s.setMatched(upTo)
		}
		return true, nil
	}
	arts, last, err := s.newArticles(lo, upTo, matchChunk)
	if err != nil {
		return false, err
	}
	var involved []*Alert
	for _, a := range alerts {
		if a.effective(matched) < last {
			involved = append(involved, a)
		}
	}
	results, err := s.matchArticles(ctx, involved, matched, lo, arts)
	if err != nil {
		return false, err
	}
	sent, err := s.commitMatches(results, last)
	if err != nil {
		return false, err
	}
	s.log.Debug("alert_matched", slog.Int("alerts", len(involved)), slog.Int("articles", len(arts)),
		slog.Int("alerts_matched", sent), slog.Uint64("watermark", last), slog.Duration("took", time.Since(start)))
	return last >= upTo, nil
}

// activeAlerts returns the active alerts (shared with the cache:
// read-only) and the matcher watermark.
func (s *Service) activeAlerts() ([]*Alert, uint64, error) {
	var out []*Alert
	var matched uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		out, matched = out[:0], matchedWatermark(tx)
		return s.alerts.loadAll(tx, func(a *Alert) {
			if a.State == StateActive {
				out = append(out, a)
			}
		})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("alert: load alerts: %w", err)
	}
	return out, matched, nil
}

func (s *Service) setMatched(wm uint64) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if matchedWatermark(tx) >= wm {
			return nil
		}
		return tx.Bucket(bucketMeta).Put(keyMatched, u64(wm))
	})
}

var errStop = errors.New("stop")

// newArticles reads at most limit articles with sequence in (after, upTo]
// and returns them with the last sequence the chunk covers.
func (s *Service) newArticles(after, upTo uint64, limit int) ([]*indexer.Article, uint64, error) {
	var arts []*indexer.Article
	last, err := s.st.Since(after, limit, func(a *indexer.Article) error {
		if a.Seq > upTo {
			return errStop
		}
		arts = append(arts, a)
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, 0, fmt.Errorf("alert: read new articles: %w", err)
	}
	if len(arts) < limit || last > upTo {
		// The chunk reached upTo (sequences of rewritten articles leave
		// gaps, so the last article read may be below it).
		last = upTo
	}
	return arts, last, nil
}

// memArticles are the articles of the in-memory index by id, for the
// hits of its searches. It is the Searcher's article source too, which
// IDsOnly searches never ask.
type memArticles map[string]*indexer.Article

func newMemArticles(arts []*indexer.Article) memArticles {
	m := make(memArticles, len(arts))
	for _, a := range arts {
		m[a.ID] = a
	}
	return m
}

func (m memArticles) Articles(ids []string) ([]*indexer.Article, error) {
	out := make([]*indexer.Article, 0, len(ids))
	for _, id := range ids {
		if a, ok := m[id]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// matchJob is one distinct search to run: alerts saving the same search
// over the same window share it.
type matchJob struct {
	req    search.Request
	alerts []*Alert
	res    matchResult
	err    error
}

// matchArticles runs every alert's search over arts, in a throwaway
// in-memory index built with the real mapping, through the real Searcher:
// an alert matches exactly what the same search on the site would show.
// Over a thousand articles a search costs about 0.1 ms of CPU, nearly all
// bleve matching and scoring (hits come back bare: search.Request.IDsOnly);
// alerts saving the same search share one.
func (s *Service) matchArticles(ctx context.Context, alerts []*Alert, matched, lo uint64, arts []*indexer.Article) (map[string]matchResult, error) {
	if len(alerts) == 0 || len(arts) == 0 {
		return nil, nil
	}
	// Planning the searches overlaps indexing, whose segment is built on
	// one core.
	planned := make(chan []*matchJob, 1)
	go func() { planned <- s.matchJobs(alerts, matched, lo, arts) }()
	mem, err := s.memIndex(arts)
	jobs := <-planned
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	byID := newMemArticles(arts)
	sr, err := search.New(mem, byID)
	if err != nil {
		return nil, fmt.Errorf("alert: memory searcher: %w", err)
	}
	if err := s.runJobs(ctx, sr, byID, jobs); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // searches cut short: commit nothing, match again
	}
	out := map[string]matchResult{}
	for _, j := range jobs {
		if j.err != nil {
			// One broken search must not hold back every other alert.
			s.log.Error("alert_search_failed", slog.String("alert", j.alerts[0].ID), slog.Any("error", j.err))
			continue
		}
		if len(j.res.hits) == 0 {
			continue
		}
		for _, a := range j.alerts {
			out[a.ID] = j.res // shared read-only between the alerts of a job
		}
	}
	return out, nil
}

// memIndex indexes arts, in one batch, in a new in-memory index.
func (s *Service) memIndex(arts []*indexer.Article) (bleve.Index, error) {
	mem, err := bleve.NewUsing("", s.mapping, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("alert: memory index: %w", err)
	}
	b := mem.NewBatch()
	for _, a := range arts {
		if err := b.Index(a.ID, index.Document(a)); err != nil {
			mem.Close()
			return nil, fmt.Errorf("alert: index article %s: %w", a.ID, err)
		}
	}
	if err := mem.Batch(b); err != nil {
		mem.Close()
		return nil, fmt.Errorf("alert: memory index: %w", err)
	}
	return mem, nil
}

// matchJobs groups alerts by search. An alert whose window starts inside
// the chunk (confirmed recently) gets its own job restricted to the
// articles after its watermark.
func (s *Service) matchJobs(alerts []*Alert, matched, lo uint64, arts []*indexer.Article) []*matchJob {
	byKey := map[string]*matchJob{}
	var jobs []*matchJob
	for _, a := range alerts {
		req := a.Request
		req.Page, req.Size, req.NoFacets, req.NoFuzzy = 1, s.cfg.Limits.MaxHitsPerEmail, true, true
		req.IDsOnly = true // e-mails mark words themselves (highlight.go) and load articles when sent
		if search.MaxSize < req.Size {
			req.Size = search.MaxSize
		}
		if wm := a.effective(matched); wm > lo {
			for _, art := range arts {
				if art.Seq > wm {
					req.IDs = append(req.IDs, art.ID)
				}
			}
			if len(req.IDs) == 0 {
				continue
			}
			jobs = append(jobs, &matchJob{req: req, alerts: []*Alert{a}})
			continue
		}
		key, err := json.Marshal(req)
		if err != nil {
			jobs = append(jobs, &matchJob{req: req, alerts: []*Alert{a}})
			continue
		}
		if j, ok := byKey[string(key)]; ok {
			j.alerts = append(j.alerts, a)
			continue
		}
		j := &matchJob{req: req, alerts: []*Alert{a}}
		byKey[string(key)] = j
		jobs = append(jobs, j)
	}
	return jobs
}

// runJobs runs the searches on every core.
func (s *Service) runJobs(ctx context.Context, sr *search.Searcher, arts memArticles, jobs []*matchJob) error {
	next := make(chan *matchJob)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				j.res, j.err = runSearch(ctx, sr, j.req, arts)
			}
		}()
	}
	var err error
	for _, j := range jobs {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	return err
}

func runSearch(ctx context.Context, sr *search.Searcher, req search.Request, arts memArticles) (matchResult, error) {
	resp, err := sr.Search(ctx, req)
	if err != nil {
		return matchResult{}, err
	}
	r := matchResult{hits: make([]hit, 0, len(resp.Hits))}
	for _, h := range resp.Hits {
		if a := arts[h.ID]; a != nil { // always: the index holds only arts
			r.hits = append(r.hits, hit{ID: a.ID, Seq: a.Seq, Fingerprint: a.Fingerprint, Story: a.Story})
		}
	}
	if int(resp.Total) > len(resp.Hits) {
		r.more = int(resp.Total) - len(resp.Hits)
	}
	return r, nil
}

// commitMatches writes, in ONE transaction, what every alert matched (an
// outbox e-mail for instant alerts, queued items for digests), the dedup
// sets, and the matcher watermark. A crash before the commit leaves all of
// it undone and the chunk is matched again; after it, nothing of the chunk
// is matched again. It returns how many alerts got something.
func (s *Service) commitMatches(results map[string]matchResult, last uint64) (int, error) {
	// In key order: bbolt inserts each alert's dedup set and digest queue
	// at the end of its parent's node instead of shifting it, and packs
	// pages (see packBuckets).
	ids := slices.Sorted(maps.Keys(results))
	now := s.now()
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		n = 0
		packBuckets(tx)
		for _, id := range ids {
			got, err := s.commitAlert(tx, id, results[id], now)
			if err != nil {
				return err
			}
			if got {
				n++
			}
		}
		if matchedWatermark(tx) < last {
			return tx.Bucket(bucketMeta).Put(keyMatched, u64(last))
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("alert: commit matches: %w", err)
	}
	return n, nil
}

// commitAlert records inside tx what one alert matched: the e-mail or the
// digest items of the hits it never had. got reports there were some.
func (s *Service) commitAlert(tx *bolt.Tx, id string, r matchResult, now time.Time) (got bool, err error) {
	a, err := s.alerts.get(tx, id) // decoded by activeAlerts unless changed since
	if errors.Is(err, ErrNotFound) {
		return false, nil // deleted while matching
	}
	if err != nil || a.State != StateActive {
		return false, err
	}
	fresh, err := markSent(tx, id, r.hits, now)
	if err != nil || len(fresh) == 0 {
		return false, err
	}
	if a.Frequency == Instant {
		e := &entry{Kind: kindAlert, AlertID: id, ArticleIDs: fresh, More: r.more}
		return true, s.enqueue(tx, e, now)
	}
	return true, s.queueArticles(tx, id, fresh, r.more)
}

// packFill is how full bbolt fills the pages it splits while committing
// matches. Its default (half) suits random inserts; a commit appends in
// key order (outbox sequences, alert ids sorted), and half-full pages
// doubled what it wrote.
const packFill = 0.9

// packBuckets sets packFill on the buckets a match commit appends to, for
// this transaction only (bbolt does not store FillPercent).
func packBuckets(tx *bolt.Tx) {
	for _, name := range [][]byte{bucketSent, bucketQueue, bucketOutbox} {
		tx.Bucket(name).FillPercent = packFill
	}
}

// markSent keeps the ids of the hits this alert has never had (by article
// id, by text fingerprint and by story, also among themselves) and records
// them as had: a story reported in English then in French, or by a second
// source, reaches a subscriber once. Article ids are kept as 64-bit hashes: the set grows with every
// article an alert ever sends, and 9-byte keys keep it compact. Two of an
// alert's articles sharing a hash stays less likely than one in ten
// million until it has sent a million articles, and would only suppress
// one article.
func markSent(tx *bolt.Tx, alertID string, hits []hit, now time.Time) ([]string, error) {
	set, err := openSentSet(tx, alertID, 3*len(hits))
	if err != nil {
		return nil, err
	}
	fresh := make([]string, 0, len(hits))
	for _, h := range hits {
		var buf [3]sentKey
		hk := append(buf[:0], newSentKey('a', idHash(h.ID)))
		if h.Fingerprint != 0 {
			hk = append(hk, newSentKey('f', h.Fingerprint))
		}
		if h.Story != "" {
			hk = append(hk, newSentKey('s', idHash(h.Story)))
		}
		if slices.ContainsFunc(hk, set.has) {
			continue
		}
		set.added = append(set.added, hk...)
		fresh = append(fresh, h.ID)
	}
	if err := set.put(); err != nil || len(fresh) == 0 {
		return fresh, err
	}
	// After the dedup keys, which sort before it.
	return fresh, setLastMatch(set.b, now) // ends a silence (silent.go)
}

// sentKey is a dedup key: a kind byte and a 64-bit hash.
type sentKey [9]byte

func newSentKey(kind byte, v uint64) sentKey {
	var k sentKey
	k[0] = kind
	binary.BigEndian.PutUint64(k[1:], v)
	return k
}

// sentSet is an alert's dedup set during a commit: what is stored plus
// what this commit adds (hits of one chunk dedup among themselves too).
type sentSet struct {
	b     *bolt.Bucket
	isNew bool // created by this commit: nothing stored to look up
	// added is scanned, not hashed: at most 3 keys per listed hit (a few
	// hundred), and a map per alert was a tenth of a commit's garbage.
	added []sentKey
}

func openSentSet(tx *bolt.Tx, alertID string, adding int) (sentSet, error) {
	parent := tx.Bucket(bucketSent)
	set := sentSet{b: parent.Bucket([]byte(alertID)), added: make([]sentKey, 0, adding)}
	if set.b == nil {
		var err error
		if set.b, err = parent.CreateBucket([]byte(alertID)); err != nil {
			return set, err
		}
		set.isNew = true
	}
	return set, nil
}

func (s *sentSet) has(k sentKey) bool {
	return slices.Contains(s.added, k) || (!s.isNew && s.b.Get(k[:]) != nil)
}

// put stores the added keys in key order: bbolt then appends to its node
// instead of shifting it. A new set is written whole, so its pages are
// packed; an older one takes random keys later and keeps bbolt's default.
func (s *sentSet) put() error {
	slices.SortFunc(s.added, func(a, b sentKey) int { return bytes.Compare(a[:], b[:]) })
	if s.isNew {
		s.b.FillPercent = packFill
	}
	for i := range s.added {
		// bbolt keeps key slices until the commit: added is not reused.
		if err := s.b.Put(s.added[i][:], []byte{}); err != nil {
			return err
		}
	}
	return nil
}

func idHash(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// memMapping is the index mapping of the matcher's in-memory index: the
// real one, analysis and all, so that an alert matches exactly what the
// same search matches on the site, minus what only presentation needs:
// stored text (highlighting: e-mails mark words themselves, see
// highlight.go) and doc values (facets and sorting). Without doc values
// every hit has the same date and amount, so when more articles match
// than an e-mail lists, relevance alone picks them; the e-mail links to the
// search for the rest. Both cut the cost of a hit several times.
func memMapping() (*mapping.IndexMappingImpl, error) {
	m, err := index.NewMapping()
	if err != nil {
		return nil, fmt.Errorf("alert: index mapping: %w", err)
	}
	text := []string{index.FieldTitleFR, index.FieldBodyFR, index.FieldTitleEN, index.FieldBodyEN}
	for name, p := range m.DefaultMapping.Properties {
		for _, fm := range p.Fields {
			fm.DocValues = false
			if slices.Contains(text, name) {
				fm.Store = false
			}
		}
	}
	for _, f := range text {
		if p := m.DefaultMapping.Properties[f]; p == nil || len(p.Fields) == 0 {
			return nil, fmt.Errorf("alert: index mapping has no field %s", f)
		}
	}
	return m, nil
}
