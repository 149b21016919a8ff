package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"vigie/indexer"
	"vigie/indexer/enrich"
	"vigie/indexer/entity"
	"vigie/indexer/index"
	"vigie/indexer/store"
)

// Entities learnt from the corpus. A name the patterns find with
// confidence in one article ("Ocealys SAS", a contract announcement's
// "RGNext, Colorado Springs") goes into the store's discovered-entity
// table; the table is compiled into the recogniser, so later articles are
// recognised by the bare name; and the articles already stored that contain
// it are re-enriched and re-indexed — only those, found through the index,
// not a reindex of everything. An analyst's curation (rename, merge,
// reject, accept) goes the same way.

// LoadLearned compiles the store's discovered-entity table into en, so that
// a restarted process (and `vigie reindex`) recognises what was learnt. It
// returns how many entities are recognised bare.
func LoadLearned(st *store.Store, en *enrich.Enricher) (int, error) {
	ents, err := st.Entities()
	if err != nil {
		return 0, err
	}
	return applyTable(en, ents)
}

func applyTable(en *enrich.Enricher, ents []store.Entity) (int, error) {
	recognise, curated := store.Curation(ents)
	entries := make([]entity.Entity, 0, len(recognise))
	for _, e := range recognise {
		entries = append(entries, entity.Entity{Name: e.Name, Kind: entity.Kind(e.Kind), Country: "INT",
			Aliases: e.Aliases, Parent: e.Parent})
	}
	learned, err := entity.NewLearned(entries, en.Recognizer().Gazetteer())
	if err != nil {
		return 0, fmt.Errorf("compile learned entities: %w", err)
	}
	en.SetLearned(learned, curated)
	return len(entries), nil
}

// sightings are the learnable mentions of one article.
func sightings(a *indexer.Article, full string, ms []entity.Mention) []store.Sighting {
	out := make([]store.Sighting, 0, len(ms))
	for _, m := range ms {
		alias := m.Text
		if strings.Count(alias, "(") != strings.Count(alias, ")") {
			alias = "" // "... de la Marine (SHOM": cut inside parentheses, not a name as written
		}
		out = append(out, store.Sighting{Name: m.Name, Kind: string(m.Kind), Parent: m.Parent, Alias: alias,
			ArticleID: a.ID, Snippet: around(full, m.Start, m.End, store.MaxExampleLen), Seen: a.FirstSeen})
	}
	return out
}

// around is the text of the line around [start, end), at most n bytes, cut
// at spaces: the mention with what comes before and after it.
func around(text string, start, end, n int) string {
	if start < 0 || end > len(text) || start > end {
		return ""
	}
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	lineEnd := len(text)
	if i := strings.IndexByte(text[end:], '\n'); i >= 0 {
		lineEnd = end + i
	}
	room := n - (end - start)
	if room < 0 {
		return strings.ToValidUTF8(text[start:start+n], "")
	}
	// Half the room each side; a side that needs less leaves it to the other.
	left := min(start-lineStart, room/2)
	right := min(lineEnd-end, room-left)
	left = min(start-lineStart, room-right)
	lo, hi := start-left, end+right
	for lo < start && !utf8.RuneStart(text[lo]) {
		lo++
	}
	for hi > end && hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi--
	}
	s, at := text[lo:hi], start-lo
	if lo > lineStart { // drop the word cut in two
		if i := strings.IndexByte(s, ' '); i >= 0 && i < at {
			s, at = s[i+1:], at-i-1
		}
	}
	if hi < lineEnd {
		if i := strings.LastIndexByte(s, ' '); i >= at+(end-start) {
			s = s[:i]
		}
	}
	return strings.TrimSpace(s)
}

// learn records a stored batch's sightings and, when they taught a new
// name, recognises it from now on and re-enriches the stored articles that
// contain it. It returns how many articles the re-enrichment changed.
//
// written are the batch's stored articles, and since the length of the
// forms log when they were enriched: if other batches or a curation changed
// the recogniser meanwhile, those that contain one of the forms logged
// since are re-enriched too (the other round looked for them before they
// were stored).
func (p *Pipeline) learn(ctx context.Context, found []store.Sighting, since int, written []*indexer.Article) (int, error) {
	forms, err := p.store.PutSightings(found)
	if err != nil {
		return 0, err
	}
	var ids []string
	if meanwhile := p.formsSince(since); len(meanwhile) > 0 {
		set := newFormSet(meanwhile)
		for _, a := range written {
			if set.mentionedIn(a) {
				ids = append(ids, a.ID)
			}
		}
	}
	due := p.addPending(forms)
	if len(ids) == 0 && !due {
		return 0, nil
	}
	return p.learnRound(ctx, ids)
}

// learnInterval spaces the rounds that a stream of batches triggers: a
// first import can teach hundreds of names, and each round recompiles the
// table and searches the store. Names seen in between wait for the next
// round or the next CatchUp, whichever comes first.
const learnInterval = 2 * time.Second

// addPending queues newly learnt forms and reports whether a round is due.
func (p *Pipeline) addPending(forms []string) bool {
	p.formsMu.Lock()
	defer p.formsMu.Unlock()
	p.pending = append(p.pending, forms...)
	return len(p.pending) > 0 && time.Since(p.lastRound) >= learnInterval
}

// flushLearning runs a round for the forms still queued (CatchUp calls it
// before indexing, so what they change is indexed at once).
func (p *Pipeline) flushLearning(ctx context.Context) {
	p.formsMu.Lock()
	waiting := len(p.pending)
	p.formsMu.Unlock()
	if waiting == 0 {
		return
	}
	if _, err := p.learnRound(ctx, nil); err != nil {
		p.log.Error("entity_learning_failed", slog.Any("error", err))
	}
}

// learnRound recognises the queued forms from now on and re-enriches the
// stored articles that contain them, plus ids.
func (p *Pipeline) learnRound(ctx context.Context, ids []string) (int, error) {
	p.learnMu.Lock()
	defer p.learnMu.Unlock()
	p.formsMu.Lock()
	forms := p.pending
	p.pending = nil
	p.lastRound = time.Now()
	p.formsMu.Unlock()
	start := time.Now()
	if len(forms) > 0 {
		ents, err := p.store.Entities()
		if err != nil {
			return 0, err
		}
		if _, err := applyTable(p.enricher, ents); err != nil {
			return 0, err
		}
		p.logForms(forms)
		more, err := p.containing(ctx, forms)
		if err != nil {
			return 0, err
		}
		ids = union(ids, more)
	}
	n, err := p.reenrich(ids)
	if err != nil {
		return 0, err
	}
	if len(forms) > 0 {
		p.log.Info("entities_learned", slog.Int("names", len(forms)), slog.String("first", forms[0]),
			slog.Int("candidates", len(ids)), slog.Int("articles_reenriched", n), slog.Duration("took", time.Since(start)))
	}
	return n, nil
}

// formsLearnt is the length of the forms log.
func (p *Pipeline) formsLearnt() int {
	p.formsMu.Lock()
	defer p.formsMu.Unlock()
	return len(p.forms)
}

// formsSince returns the forms logged after the first n.
func (p *Pipeline) formsSince(n int) []string {
	p.formsMu.Lock()
	defer p.formsMu.Unlock()
	return slices.Clone(p.forms[min(n, len(p.forms)):])
}

// logForms appends forms to the log. It must come after the recogniser
// changed: a batch that read the log's length before knows to check them,
// one that read it after was enriched with the new recogniser.
func (p *Pipeline) logForms(forms []string) {
	p.formsMu.Lock()
	defer p.formsMu.Unlock()
	p.forms = append(p.forms, forms...)
}

// formSet finds whether a text contains one of a set of forms in one pass
// over the text, where one strings.Contains per form made a pass per form:
// a learning round checks a hundred forms against every article the index
// does not hold yet. The first two bytes of each form index a bit table;
// only where a text's two bytes hit it are the forms compared.
type formSet struct {
	pairs  [1 << 16 / 64]uint64
	byPair map[uint16][]string
	short  []string // forms under two bytes, looked for one by one
}

func newFormSet(forms []string) *formSet {
	s := &formSet{byPair: map[uint16][]string{}}
	for _, f := range forms {
		if len(f) < 2 {
			s.short = append(s.short, f)
			continue
		}
		k := pairAt(f, 0)
		s.pairs[k/64] |= 1 << (k % 64)
		s.byPair[k] = append(s.byPair[k], f)
	}
	return s
}

func pairAt(s string, i int) uint16 { return uint16(s[i])<<8 | uint16(s[i+1]) }

// mentionedIn reports whether a's title or text contains one of the forms.
func (s *formSet) mentionedIn(a *indexer.Article) bool { return s.in(a.Title) || s.in(a.Text) }

// in is strings.Contains(text, f) for any f of the set.
func (s *formSet) in(text string) bool {
	if slices.ContainsFunc(s.short, func(f string) bool { return strings.Contains(text, f) }) {
		return true
	}
	for i := 0; i+1 < len(text); i++ {
		k := pairAt(text, i)
		if s.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, f := range s.byPair[k] {
			if strings.HasPrefix(text[i:], f) {
				return true
			}
		}
	}
	return false
}

// containing returns the ids of the stored articles whose text may contain
// one of forms: a phrase search of the index, plus a scan of what the index
// does not hold yet (a bulk import stores first and indexes later).
func (p *Pipeline) containing(ctx context.Context, forms []string) ([]string, error) {
	var qs []query.Query
	for _, f := range forms {
		for _, fields := range index.TextFields {
			for _, field := range fields {
				q := query.NewMatchPhraseQuery(f)
				q.SetField(field)
				qs = append(qs, q)
			}
		}
	}
	set := newFormSet(forms)
	return p.stored(ctx, query.NewDisjunctionQuery(qs), set.mentionedIn)
}

// naming returns the ids of the stored articles filed under name, as a
// company or an agency, named or as a parent.
func (p *Pipeline) naming(ctx context.Context, name string) ([]string, error) {
	var qs []query.Query
	for _, field := range []string{index.FieldCompany, index.FieldAgency} {
		q := query.NewTermQuery(name)
		q.SetField(field)
		qs = append(qs, q)
	}
	return p.stored(ctx, query.NewDisjunctionQuery(qs), func(a *indexer.Article) bool {
		for _, l := range [][]string{a.Companies, a.Agencies, a.ParentCompanies, a.ParentAgencies} {
			if slices.Contains(l, name) {
				return true
			}
		}
		return false
	})
}

// stored returns the ids of the stored articles that q finds in the index,
// or that keep accepts among those the index does not hold yet.
func (p *Pipeline) stored(ctx context.Context, q query.Query, keep func(*indexer.Article) bool) ([]string, error) {
	ids, err := p.searchIDs(ctx, q)
	if err != nil {
		return nil, err
	}
	tail, err := p.unindexed(keep)
	return union(ids, tail), err
}

// searchPage is how many ids one index request returns.
const searchPage = 10000

func (p *Pipeline) searchIDs(ctx context.Context, q query.Query) ([]string, error) {
	var ids []string
	for from := 0; ; from += searchPage {
		req := bleve.NewSearchRequestOptions(q, searchPage, from, false)
		req.SortBy([]string{"_id"})
		res, err := p.index.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("find articles to re-enrich: %w", err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < searchPage {
			return ids, nil
		}
	}
}

// unindexed returns the ids of the stored articles the index does not hold
// yet that match keep.
func (p *Pipeline) unindexed(keep func(*indexer.Article) bool) ([]string, error) {
	wm, err := p.index.Watermark()
	if err != nil {
		return nil, fmt.Errorf("find articles to re-enrich: %w", err)
	}
	var ids []string
	_, err = p.store.Since(wm, 0, func(a *indexer.Article) error {
		if keep(a) {
			ids = append(ids, a.ID)
		}
		return nil
	})
	return ids, err
}

func union(a, b []string) []string {
	out := append(a, b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// reenrich runs recognition again on the stored articles ids and writes
// back, with new sequence numbers, those whose enrichment changed. The
// stored title and text are kept (they are what the index holds); `vigie
// reindex` is what re-cleans them from the feed entries.
func (p *Pipeline) reenrich(ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	ids = union(ids, nil)
	written, err := p.store.Revise(ids, func(a *indexer.Article) bool {
		before := a.Enrichment
		a.Enrichment = p.enricher.Enrich(a.Title, a.Text, a.FeedLang)
		return !SameEnrichment(before, a.Enrichment)
	})
	return len(written), err
}

// SameEnrichment compares enrichments as stored: amounts' text offsets are
// not stored, so a fresh enrichment always differs from a stored one in
// them.
func SameEnrichment(a, b indexer.Enrichment) bool {
	ja, erra := json.Marshal(a)
	jb, errb := json.Marshal(b)
	return erra == nil && errb == nil && bytes.Equal(ja, jb)
}

// Entities returns the discovered-entity table, most learnt first.
func (p *Pipeline) Entities() ([]store.Entity, error) { return p.store.Entities() }

// Entity returns one discovered entity.
func (p *Pipeline) Entity(name string) (store.Entity, error) { return p.store.Entity(name) }

// RenameEntity gives a discovered entity a new canonical name and
// re-enriches the articles filed under the old one; it returns how many
// changed, already re-indexed.
func (p *Pipeline) RenameEntity(ctx context.Context, oldName, newName string) (int, error) {
	return p.curate(ctx, oldName, false, func() error { return p.store.RenameEntity(oldName, newName) })
}

// MergeEntity makes from another name of into, a discovered entity or one
// of the curated gazetteer, and re-enriches the articles filed under from.
func (p *Pipeline) MergeEntity(ctx context.Context, from, into string) (int, error) {
	return p.curate(ctx, from, false, func() error {
		if _, err := p.store.Entity(into); errors.Is(err, store.ErrNotFound) {
			if _, ok := p.enricher.Recognizer().Gazetteer().Lookup(into); !ok {
				return fmt.Errorf("merge entity: %w: no entity named %q, discovered or in the gazetteer", store.ErrNotFound, into)
			}
		}
		return p.store.MergeEntity(from, into)
	})
}

// RejectEntity marks a discovered name as no organisation and re-enriches
// the articles filed under it.
func (p *Pipeline) RejectEntity(ctx context.Context, name string) (int, error) {
	return p.curate(ctx, name, false, func() error { return p.store.RejectEntity(name) })
}

// AcceptEntity confirms a discovered name; a rejected or merged one is
// recognised again, in the articles that contain it.
func (p *Pipeline) AcceptEntity(ctx context.Context, name string) (int, error) {
	return p.curate(ctx, name, true, func() error { return p.store.AcceptEntity(name) })
}

// curate applies one curation step to the table and the recogniser, then
// re-enriches what it changes: the articles filed under name and, when
// byText, those whose text contains it or one of its aliases. The changed
// articles are indexed before it returns, so facets change at once.
func (p *Pipeline) curate(ctx context.Context, name string, byText bool, apply func() error) (int, error) {
	p.learnMu.Lock()
	defer p.learnMu.Unlock()
	start := time.Now()
	before, err := p.store.Entity(name)
	if err != nil {
		return 0, err
	}
	if err := apply(); err != nil {
		return 0, err
	}
	ents, err := p.store.Entities()
	if err != nil {
		return 0, err
	}
	if _, err := applyTable(p.enricher, ents); err != nil {
		return 0, err
	}
	p.logForms(append([]string{name}, before.Aliases...))
	ids, err := p.naming(ctx, name)
	if err != nil {
		return 0, err
	}
	if byText {
		more, err := p.containing(ctx, append([]string{name}, before.Aliases...))
		if err != nil {
			return 0, err
		}
		ids = union(ids, more)
	}
	n, err := p.reenrich(ids)
	if err != nil {
		return 0, err
	}
	after, _ := p.store.Entity(name)
	p.log.Info("entity_curated", slog.String("name", name), slog.String("status", after.Status),
		slog.Int("candidates", len(ids)), slog.Int("articles_reenriched", n), slog.Duration("took", time.Since(start)))
	if n > 0 {
		if err := p.CatchUp(ctx); err != nil {
			return n, err
		}
	}
	return n, nil
}
