package store

import (
	"sync"

	"vigie/indexer"
)

// recentMax is how many of the last written articles the store keeps
// decoded: a little more than the index reads back in flight (two batches
// of 1000) plus a poll round's worth of lag.
const recentMax = 4096

// recentCache holds the articles of the last writes by sequence number.
// The indexer and the alert matcher read back what was just written;
// decoding it again was 4% of ingest CPU. Entries are never stale: a
// sequence number is written once, and Rewrite (which rewrites articles
// in place) clears the cache.
type recentCache struct {
	mu    sync.Mutex
	m     map[uint64]*indexer.Article
	order []uint64 // ring of the cached sequences, oldest at next
	next  int
}

// add caches a copy of each written article, without its raw entry
// (Since does not return it).
func (c *recentCache) add(arts []*indexer.Article) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[uint64]*indexer.Article, recentMax)
	}
	for _, a := range arts {
		cp := *a
		cp.Raw = indexer.Raw{}
		if len(c.order) < recentMax {
			c.order = append(c.order, a.Seq)
		} else {
			delete(c.m, c.order[c.next])
			c.order[c.next] = a.Seq
			c.next = (c.next + 1) % recentMax
		}
		c.m[a.Seq] = &cp
	}
}

// get returns a copy of the cached article written with seq, or nil.
func (c *recentCache) get(seq uint64) *indexer.Article {
	c.mu.Lock()
	a := c.m[seq]
	c.mu.Unlock()
	if a == nil {
		return nil
	}
	cp := *a
	return &cp
}

func (c *recentCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m, c.order, c.next = nil, nil, 0
}
