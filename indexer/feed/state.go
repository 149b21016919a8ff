package feed

import (
	"context"
	"time"
)

// State is the per-feed polling state, persisted by the store as JSON.
type State struct {
	URL           string    `json:"url"`
	Name          string    `json:"name"`
	ETag          string    `json:"etag,omitempty"`
	LastModified  string    `json:"last_modified,omitempty"`
	CheckedAt     time.Time `json:"checked_at"`
	NextCheckAt   time.Time `json:"next_check_at"`
	LastSuccessAt time.Time `json:"last_success_at"`
	LastStatus    int       `json:"last_status"`
	ErrorCount    int       `json:"error_count"` // consecutive failures
	LastError     string    `json:"last_error,omitempty"`
	ItemsLast     int       `json:"items_last"`      // items in the last successful parse
	ItemsNew      int64     `json:"items_new_total"` // new/updated articles ingested from this feed, ever
	FetchCount    int64     `json:"fetch_count"`
	Title         string    `json:"title,omitempty"`
	// ContentHash identifies the last body ingested successfully, so that an
	// identical body from a server without validators skips parse and ingest.
	ContentHash string `json:"content_hash,omitempty"`
}

// Healthy reports whether the last check of the feed succeeded.
func (s State) Healthy() bool {
	return s.ErrorCount == 0 && !s.LastSuccessAt.IsZero()
}

// StateStore persists per-feed state; the store implements it.
type StateStore interface {
	FeedState(url string) (State, bool, error)
	PutFeedState(State) error
}

// Sink receives parsed feeds; the ingest pipeline implements it. It returns
// how many items were new or updated and must be idempotent: after a crash
// or an error the same items come again.
type Sink interface {
	Ingest(ctx context.Context, src Source, feed *Parsed, fetchedAt time.Time) (int, error)
}
