package alert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
)

// alertCache keeps the alerts decoded by the last load, with their stored
// JSON: an alert is decoded again only when its bytes differ. Comparing
// bytes (a few MB for 10,000 alerts, about a millisecond) instead of
// invalidating on writes keeps it exact whatever code path writes alerts
// (lifecycle, pages, digests, delivery counts), now or later. The decoded
// alerts are shared between passes and goroutines: read-only.
type alertCache struct {
	cur atomic.Pointer[map[string]cachedAlert] // published maps are never changed
}

type cachedAlert struct {
	raw []byte // a copy: bbolt's bytes live only as long as their tx
	a   *Alert
}

// snapshot is the last published map (nil before the first load).
func (c *alertCache) snapshot() map[string]cachedAlert {
	if m := c.cur.Load(); m != nil {
		return *m
	}
	return nil
}

// lookup returns the cached alert stored as raw under id, or nil.
func (c *alertCache) lookup(old map[string]cachedAlert, id, raw []byte) *Alert {
	if e, ok := old[string(id)]; ok && bytes.Equal(e.raw, raw) {
		return e.a
	}
	return nil
}

// loadAll decodes every alert of tx, reusing the cached ones whose bytes
// did not change, and publishes the result for the next load; visit sees
// each alert, in key order. Alerts deleted since the last load leave the
// cache.
func (c *alertCache) loadAll(tx *bolt.Tx, visit func(*Alert)) error {
	old := c.snapshot()
	var keys []string
	var entries []cachedAlert
	err := tx.Bucket(bucketAlerts).ForEach(func(k, v []byte) error {
		e, ok := old[string(k)]
		if !ok || !bytes.Equal(e.raw, v) {
			e = cachedAlert{raw: bytes.Clone(v)} // decoded below
		}
		keys, entries = append(keys, string(k)), append(entries, e)
		return nil
	})
	if err != nil {
		return err
	}
	if err := decodeMissing(keys, entries); err != nil {
		return err
	}
	next := make(map[string]cachedAlert, len(entries))
	for i, e := range entries {
		next[keys[i]] = e
		visit(e.a)
	}
	c.cur.Store(&next)
	return nil
}

// decodeMissing decodes the entries without an alert, on every core: the
// first load after a start decodes them all (40 ms for 10,000 on one).
func decodeMissing(keys []string, entries []cachedAlert) error {
	parts := runtime.GOMAXPROCS(0)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for i := p * len(entries) / parts; i < (p+1)*len(entries)/parts; i++ {
				if entries[i].a != nil {
					continue
				}
				entries[i].a = new(Alert)
				if err := json.Unmarshal(entries[i].raw, entries[i].a); err != nil {
					errs[p] = fmt.Errorf("decode alert %s: %w", keys[i], err)
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// get reads one alert inside tx like getAlert, without decoding it again
// when the last load already did and it has not changed since.
func (c *alertCache) get(tx *bolt.Tx, id string) (*Alert, error) {
	raw := tx.Bucket(bucketAlerts).Get([]byte(id))
	if raw == nil {
		return nil, ErrNotFound
	}
	if a := c.lookup(c.snapshot(), []byte(id), raw); a != nil {
		return a, nil
	}
	return getAlert(tx, id)
}
