// Package story groups articles about the same event, from any source and
// in either language, under one story ID, assigned once at ingest and kept
// with the article in the store.
//
// An article joins the story of the most similar article published within
// Window of it, when the similarity passes a threshold; otherwise it starts
// a story whose ID is its own article ID. Similarity rests on what is
// language-neutral, the canonical companies and agencies of the enrichment
// and the amounts (in USD, with tolerant rounding: "$480M" is "480 millions
// de dollars"), then on model and programme designations (F-35, HX-2) and
// key terms mapped across languages by a small built-in table (contrat ->
// contract); in one language a SimHash of the text recognises copies.
// Conflicts count against: the same company with a different amount is
// another contract, and two different companies with the same amount are
// two awards.
//
// So does the kind of event, the frame (frame.go), read from bilingual cue
// words of the title, else of the lead sentence: an award, a funding
// round, a takeover, a delivery, a test, a protest or a parliament's
// questions, a plant, an op-ed, results, a departure, a budget. Reports
// of one subject in the same days share its companies, names and words;
// when both frames are known and incompatible (the award and the loser's
// protest, the order and the battery declared operational, the funding
// round and the acquisition), they are different events. An unknown frame
// costs nothing, and a story is joined only if its framed members do not
// all clash with the newcomer, so that a report with no frame cannot chain
// another event into it.
//
// The Clusterer keeps the signatures of the articles of recent days in
// memory, loading a day from the store the first time an article near it
// arrives, and forgetting the least recently used days beyond a bound, so
// restarts and imports of old archives cluster like a live poll.
package story

import (
	"slices"
	"sync"
	"time"

	"vigie/indexer"
)

// Config tunes clustering. The zero value takes the defaults.
type Config struct {
	// Window is how far apart in publication time two reports of one
	// event may be (default 4 days).
	Window time.Duration
	// Threshold is the score an article needs to join a story (default
	// DefaultThreshold).
	Threshold float64
	// MaxSignatures bounds the signatures kept in memory (default
	// DefaultMaxSignatures, about 100 MB): the least recently used days
	// beyond it are forgotten, and read from the store again if needed.
	MaxSignatures int
}

// DefaultThreshold is the join score calibrated on testdata/stories.jsonl.
const DefaultThreshold = 3.0

// DefaultMaxSignatures is the default Config.MaxSignatures: a live poll
// touches only recent days, but an archive imported out of order touches
// any day, and reading a forgotten day back (decoding and signing its
// articles) costs far more than keeping it.
const DefaultMaxSignatures = 100_000

// DefaultWindow is the default Config.Window.
const DefaultWindow = 4 * 24 * time.Hour

func (c Config) withDefaults() Config {
	if c.Window <= 0 {
		c.Window = DefaultWindow
	}
	if c.Threshold == 0 {
		c.Threshold = DefaultThreshold
	}
	if c.MaxSignatures <= 0 {
		c.MaxSignatures = DefaultMaxSignatures
	}
	return c
}

// Source calls fn for each stored article published in [from, to). The
// store gives one reading its own write transaction, so that articles of
// the batch being written count too.
type Source func(from, to time.Time, fn func(*indexer.Article) error) error

// Clusterer assigns story IDs. It is safe for concurrent use; assignments
// are serialised, which makes them deterministic for a given order of
// arrival.
type Clusterer struct {
	cfg   Config
	mu    sync.Mutex
	days  map[int64]*day
	nsigs int // signatures in days
	tick  uint64
}

type day struct {
	sigs []*Signature
	used uint64
}

// New returns a Clusterer.
func New(cfg Config) *Clusterer {
	return &Clusterer{cfg: cfg.withDefaults(), days: map[int64]*day{}}
}

const daySeconds = 24 * 3600

func dayOf(unix int64) int64 {
	if unix < 0 {
		return (unix - daySeconds + 1) / daySeconds
	}
	return unix / daySeconds
}

// Assign sets a.Story. An article that already has one keeps it (updates,
// re-enrichment, reindexing): story IDs are stable. src reads the stored
// articles of days not in memory yet; nil means memory only.
func (c *Clusterer) Assign(a *indexer.Article, src Source) error {
	return c.AssignSigned(a, Sign(a), src)
}

// AssignSigned is Assign with the article's signature, Sign(a), computed
// beforehand: signing is most of the cost, and a caller that assigns
// inside a write transaction signs outside it, in parallel.
func (c *Clusterer) AssignSigned(a *indexer.Article, sig *Signature, src Source) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	sig.ID, sig.Story = a.ID, a.Story
	if a.Story != "" {
		return c.addLocked(sig, src)
	}
	best, _, err := c.bestLocked(sig, src)
	if err != nil {
		return err
	}
	a.Story = a.ID
	if best != nil {
		a.Story = best.Story
	}
	sig.Story = a.Story
	return c.addLocked(sig, src)
}

// Reset forgets every signature in memory (after a write transaction that
// failed, whose articles were assigned but not stored); days are read from
// the store again when needed.
func (c *Clusterer) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.days = map[int64]*day{}
	c.nsigs = 0
}

// bestLocked returns the member of another story most similar to sig, if
// its score reaches the threshold.
//
// A story is joined through its most similar member, but the kind of
// event is the story's: when that member's frame is unknown (a headline
// with no cue) and every member whose frame is known clashes with sig's,
// the clash counts as if with that member. Otherwise one report with no
// frame would let the protest against an award, or the delivery of an
// order, chain into the story of the award or of the order.
func (c *Clusterer) bestLocked(sig *Signature, src Source) (*Signature, float64, error) {
	w := int64(c.cfg.Window / time.Second)
	first, last := dayOf(sig.Published-w), dayOf(sig.Published+w)
	if err := c.loadLocked(first, last, src); err != nil {
		return nil, 0, err
	}
	type cand struct {
		best       *Signature
		score      float64
		compatible bool    // a member with a known frame is compatible with sig
		clash      float64 // the largest confidence of a clashing member
	}
	var stories map[string]*cand
	var order []string // first seen, for a deterministic outcome
	for d := first; d <= last; d++ {
		for _, m := range c.days[d].sigs {
			if m.ID == sig.ID || abs(m.Published-sig.Published) > w {
				continue
			}
			if stories == nil {
				stories = map[string]*cand{}
			}
			k := stories[m.Story]
			if k == nil {
				k = &cand{}
				stories[m.Story] = k
				order = append(order, m.Story)
			}
			if sig.frameConf > 0 && m.frameConf > 0 {
				if compatible(sig.frame, m.frame) {
					k.compatible = true
				} else {
					k.clash = max(k.clash, m.frameConf)
				}
			}
			s := Score(sig, m)
			// Ties go to the older member, so the outcome does not
			// depend on map or load order.
			if k.best == nil || s > k.score || (s == k.score && older(m, k.best)) {
				k.best, k.score = m, s
			}
		}
	}
	var best *Signature
	bestScore := 0.0
	for _, id := range order {
		k := stories[id]
		s := k.score
		if k.best.frameConf == 0 && !k.compatible && k.clash > 0 {
			s += wFrameClash * sig.frameConf * k.clash
		}
		if s > bestScore || (s == bestScore && best != nil && older(k.best, best)) {
			best, bestScore = k.best, s
		}
	}
	if best == nil || bestScore < c.cfg.Threshold {
		return nil, bestScore, nil
	}
	return best, bestScore, nil
}

func older(a, b *Signature) bool {
	if a.Published != b.Published {
		return a.Published < b.Published
	}
	return a.ID < b.ID
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// loadLocked makes sure days first..last are in memory, then drops the
// least recently used others beyond MaxSignatures.
func (c *Clusterer) loadLocked(first, last int64, src Source) error {
	c.tick++
	for d := first; d <= last; d++ {
		if dd, ok := c.days[d]; ok {
			dd.used = c.tick
			continue
		}
		dd := &day{used: c.tick}
		if src != nil {
			err := src(time.Unix(d*daySeconds, 0), time.Unix((d+1)*daySeconds, 0), func(a *indexer.Article) error {
				if a.Story != "" {
					dd.sigs = append(dd.sigs, Sign(a))
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		c.days[d] = dd
		c.nsigs += len(dd.sigs)
	}
	// Without a store to read them back, days are never forgotten.
	for src != nil && c.nsigs > c.cfg.MaxSignatures {
		var oldest int64
		found := false
		for d, dd := range c.days {
			if d >= first && d <= last {
				continue
			}
			if !found || dd.used < c.days[oldest].used || (dd.used == c.days[oldest].used && d < oldest) {
				oldest, found = d, true
			}
		}
		if !found {
			break
		}
		c.nsigs -= len(c.days[oldest].sigs)
		delete(c.days, oldest)
	}
	return nil
}

func (c *Clusterer) addLocked(sig *Signature, src Source) error {
	d := dayOf(sig.Published)
	if err := c.loadLocked(d, d, src); err != nil {
		return err
	}
	dd := c.days[d]
	// The day may have been read from the store with this very article
	// (an update, or a batch read back in its own transaction).
	n := len(dd.sigs)
	dd.sigs = slices.DeleteFunc(dd.sigs, func(m *Signature) bool { return m.ID == sig.ID })
	dd.sigs = append(dd.sigs, sig)
	c.nsigs += len(dd.sigs) - n
	return nil
}
