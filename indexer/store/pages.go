package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer"
)

var (
	// bucketPages: article id -> indexer.Page JSON, the article's page as
	// last fetched for its full text (or why it could not be). Apart
	// from the article, so a failure is remembered without rewriting it.
	bucketPages = []byte("pages")
	// bucketPageStats: feed URL -> PageStats JSON.
	bucketPageStats = []byte("pagestats")
)

// maxPageError bounds PageStats.LastError: it is shown on the feeds page.
const maxPageError = 300

// PageStats counts a feed's full-text fetches, for the feeds page.
type PageStats struct {
	Fetched     int64     `json:"fetched"`
	Failed      int64     `json:"failed"`
	LastFetchAt time.Time `json:"last_fetch_at,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	LastFailed  string    `json:"last_failed_url,omitempty"`
}

// Page returns the stored page of an article, nil when it was never
// fetched.
func (s *Store) Page(id string) (*indexer.Page, error) {
	var p *indexer.Page
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		p, err = getPage(tx, id)
		return err
	})
	return p, err
}

func getPage(tx *bolt.Tx, id string) (*indexer.Page, error) {
	v := tx.Bucket(bucketPages).Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	p := new(indexer.Page)
	if err := json.Unmarshal(v, p); err != nil {
		return nil, fmt.Errorf("store: decode page %s: %w", id, err)
	}
	return p, nil
}

// PutPage stores the outcome of fetching an article's page and counts it
// in its feed's PageStats, in one transaction.
func (s *Store) PutPage(id, feedURL string, p indexer.Page) error {
	buf, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("store: encode page %s: %w", id, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketPages).Put([]byte(id), buf); err != nil {
			return err
		}
		st, err := pageStats(tx, feedURL)
		if err != nil {
			return err
		}
		st.LastFetchAt = p.FetchedAt
		if p.Error == "" {
			st.Fetched++
		} else {
			st.Failed++
			st.LastError, st.LastErrorAt, st.LastFailed = truncate(p.Error, maxPageError), p.FetchedAt, p.URL
		}
		sb, err := json.Marshal(st)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketPageStats).Put([]byte(feedURL), sb)
	})
	if err != nil {
		return fmt.Errorf("store: put page %s: %w", id, err)
	}
	return nil
}

// PageStats returns a feed's full-text counts (zero when none).
func (s *Store) PageStats(feedURL string) (PageStats, error) {
	var st PageStats
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		st, err = pageStats(tx, feedURL)
		return err
	})
	return st, err
}

func pageStats(tx *bolt.Tx, feedURL string) (PageStats, error) {
	var st PageStats
	if v := tx.Bucket(bucketPageStats).Get([]byte(feedURL)); v != nil {
		if err := json.Unmarshal(v, &st); err != nil {
			return st, fmt.Errorf("store: decode page stats %s: %w", feedURL, err)
		}
	}
	return st, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
