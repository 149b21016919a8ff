// Package alert is Vigie's saved-search e-mail alerts: an analyst saves a
// search with an e-mail address and a frequency, confirms it through a
// signed link (double opt-in), and is told by e-mail when new articles match.
//
// The pieces, in the order an article flows through them:
//
//   - Matching (match.go): after every ingest commit, the articles the store
//     wrote since the matcher's watermark are indexed into a small in-memory
//     bleve index and every active alert's search runs over it with the same
//     search code the API uses. Matches, the dedup sets and the new
//     watermark are written in one bbolt transaction.
//   - Dedup: each alert keeps the ids and the story fingerprints of every
//     article it ever queued, so a story is sent at most once per alert,
//     whatever link or feed it comes back with and across reindexing.
//   - Queue and outbox (outbox.go): instant alerts get an e-mail in the
//     outbox at once; daily and weekly alerts collect matches in a queue
//     that the dispatcher turns into one digest at the digest hour. The
//     outbox is delivered with retries; see outbox.go for what "exactly
//     once" means here.
//   - HTTP (http.go): creation with a preview of the last 30 days,
//     confirmation, one-click unsubscribe (RFC 8058), a manage page, and an
//     admin-only listing.
//
// Everything lives in the store's bbolt file, in this package's own buckets.
package alert

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer/store"
	"vigie/search"
)

// Alert states.
const (
	StatePending      = "pending"      // waiting for the confirmation link
	StateActive       = "active"       // confirmed: matches and sends
	StateUnsubscribed = "unsubscribed" // kept a while so links still answer
	StatePaused       = "paused"       // confirmed, stopped by its subscriber until resumed
)

// Channels: where an alert's matches go. Confirmations always go by
// e-mail (the address is what the subscriber proves).
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// Frequencies.
const (
	Instant = "instant"
	Daily   = "daily"
	Weekly  = "weekly"
)

// ErrNotFound is an alert that does not exist (or no longer does).
var ErrNotFound = errors.New("alert: not found")

// Alert is one saved search with its subscriber.
type Alert struct {
	ID        string         `json:"id"`
	Email     string         `json:"email"`
	State     string         `json:"state"`
	Frequency string         `json:"frequency"`
	Locale    string         `json:"locale"` // language of the e-mails: fr or en
	Request   search.Request `json:"request"`
	// Channel is ChannelEmail (also when empty) or ChannelWebhook, with
	// Webhook set.
	Channel string   `json:"channel,omitempty"`
	Webhook *Webhook `json:"webhook,omitempty"`

	CreatedAt      time.Time `json:"created_at"`
	ConfirmedAt    time.Time `json:"confirmed_at,omitzero"`
	UnsubscribedAt time.Time `json:"unsubscribed_at,omitzero"`
	PausedAt       time.Time `json:"paused_at,omitzero"`
	// ActiveSince is when the alert last started matching: confirmation,
	// reactivation or resumption.
	ActiveSince time.Time `json:"active_since,omitzero"`
	// SilentNoticeAt is when it was last told that it had gone silent
	// (silent.go). When it last matched is kept with its dedup set.
	SilentNoticeAt time.Time `json:"silent_notice_at,omitzero"`

	// Watermark is the store sequence up to which this alert has been
	// matched. It is stored per alert only when the alert starts (or
	// restarts) later than the matcher; List reports the effective value.
	Watermark uint64 `json:"watermark"`
	// SentCount counts the articles delivered in e-mails so far.
	SentCount  int       `json:"sent_count"`
	LastSentAt time.Time `json:"last_sent_at,omitzero"`
	// DigestAt is the last digest slot handled (daily and weekly).
	DigestAt time.Time `json:"digest_at,omitzero"`
}

// bbolt buckets of this package, in the store's file.
var (
	bucketAlerts = []byte("alerts")       // id -> Alert JSON
	bucketEmails = []byte("alert_emails") // lower(email) 0x00 id -> created (unix s, 8 bytes)
	bucketSent   = []byte("alert_sent")   // id -> bucket: "a"+article id, "f"+fingerprint, "s"+story (hashed) -> {}
	bucketQueue  = []byte("alert_queue")  // id -> bucket: seq (8 bytes) -> Item JSON (digests)
	bucketOutbox = []byte("outbox")       // seq (8 bytes) -> entry JSON
	bucketDead   = []byte("outbox_dead")  // seq (8 bytes) -> entry JSON: failed for good
	bucketMeta   = []byte("alert_meta")   // small named values
	bucketLog    = []byte("alert_log")    // id -> bucket: seq (8 bytes) -> Delivery JSON (webhooks)
)

var keyMatched = []byte("matched") // matcher watermark (8 bytes)

func createBuckets(db *bolt.DB) error {
	return db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketAlerts, bucketEmails, bucketSent, bucketQueue, bucketOutbox, bucketDead, bucketMeta, bucketLog} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("alert: create bucket %s: %w", b, err)
			}
		}
		return nil
	})
}

func u64(n uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], n)
	return k[:]
}

func getU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func emailKey(email, id string) []byte {
	return append([]byte(strings.ToLower(email)+"\x00"), id...)
}

// getAlert reads one alert inside a transaction.
func getAlert(tx *bolt.Tx, id string) (*Alert, error) {
	b := tx.Bucket(bucketAlerts)
	if b == nil {
		return nil, ErrNotFound
	}
	raw := b.Get([]byte(id))
	if raw == nil {
		return nil, ErrNotFound
	}
	a := new(Alert)
	if err := json.Unmarshal(raw, a); err != nil {
		return nil, fmt.Errorf("alert: decode %s: %w", id, err)
	}
	return a, nil
}

func putAlert(tx *bolt.Tx, a *Alert) error {
	buf, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("alert: encode %s: %w", a.ID, err)
	}
	return tx.Bucket(bucketAlerts).Put([]byte(a.ID), buf)
}

// matchedWatermark is the matcher's own watermark: every active alert has
// been matched up to at least this store sequence.
func matchedWatermark(tx *bolt.Tx) uint64 {
	if b := tx.Bucket(bucketMeta); b != nil {
		return getU64(b.Get(keyMatched))
	}
	return 0
}

// effective is the watermark an alert is really at.
func (a *Alert) effective(matched uint64) uint64 { return max(a.Watermark, matched) }

// List returns every alert, oldest first, with effective watermarks. It is
// for the operator (`vigie alerts`, the admin API): it includes e-mail
// addresses.
func List(st *store.Store) ([]Alert, error) {
	var out []Alert
	err := st.DB().View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlerts)
		if b == nil {
			return nil
		}
		matched := matchedWatermark(tx)
		return b.ForEach(func(k, v []byte) error {
			var a Alert
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("alert: decode %s: %w", k, err)
			}
			if a.State == StateActive {
				a.Watermark = a.effective(matched)
			}
			out = append(out, a)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Alert) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out, nil
}

// Delete removes an alert and everything kept for it: its dedup set, its
// digest queue and its unsent e-mails. It returns ErrNotFound when there is
// no such alert.
func Delete(st *store.Store, id string) error {
	err := st.DB().Update(func(tx *bolt.Tx) error {
		a, err := getAlert(tx, id)
		if err != nil {
			return err
		}
		return deleteAlert(tx, a)
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("alert: delete %s: %w", id, err)
	}
	return err
}

func deleteAlert(tx *bolt.Tx, a *Alert) error {
	if err := tx.Bucket(bucketAlerts).Delete([]byte(a.ID)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketEmails).Delete(emailKey(a.Email, a.ID)); err != nil {
		return err
	}
	if err := dropAlertData(tx, a.ID); err != nil {
		return err
	}
	return dropOutbox(tx, a.ID, "")
}

// dropAlertData forgets an alert's dedup set, digest queue and delivery
// log.
func dropAlertData(tx *bolt.Tx, id string) error {
	for _, name := range [][]byte{bucketSent, bucketQueue, bucketLog} {
		b := tx.Bucket(name)
		if b.Bucket([]byte(id)) == nil {
			continue
		}
		if err := b.DeleteBucket([]byte(id)); err != nil {
			return err
		}
	}
	return nil
}

// dropOutbox removes an alert's unsent e-mails, all of them or only those
// of one kind.
func dropOutbox(tx *bolt.Tx, id, kind string) error {
	b := tx.Bucket(bucketOutbox)
	var keys [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var e entry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("decode outbox %d: %w", getU64(k), err)
		}
		if e.AlertID == id && (kind == "" || e.Kind == kind) {
			keys = append(keys, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Describe is a one-line summary of the saved search and its filters, in
// English (e-mails use the alert's language).
func (a Alert) Describe() string { return describe(a.Request, "en") }

func describe(r search.Request, locale string) string {
	t := texts(locale)
	var parts []string
	if r.Q != "" {
		parts = append(parts, "« "+r.Q+" »")
		if locale != "fr" {
			parts[0] = `"` + r.Q + `"`
		}
	}
	for _, f := range []struct {
		label string
		vs    []string
	}{{t.Company, r.Companies}, {t.Agency, r.Agencies}, {t.Lang, r.Langs}, {t.Source, r.Sources}} {
		if len(f.vs) > 0 {
			parts = append(parts, f.label+t.Colon+strings.Join(f.vs, t.Or))
		}
	}
	switch {
	case r.AmountMin > 0 && r.AmountMax > 0:
		parts = append(parts, t.Amount+t.Colon+usd(r.AmountMin)+"–"+usd(r.AmountMax))
	case r.AmountMin > 0:
		parts = append(parts, t.Amount+" ≥ "+usd(r.AmountMin))
	case r.AmountMax > 0:
		parts = append(parts, t.Amount+" ≤ "+usd(r.AmountMax))
	}
	if !r.From.IsZero() {
		parts = append(parts, t.From+" "+r.From.UTC().Format("2006-01-02"))
	}
	if !r.To.IsZero() {
		parts = append(parts, t.Until+" "+r.To.UTC().Add(-time.Nanosecond).Format("2006-01-02"))
	}
	if len(parts) == 0 {
		return t.Everything
	}
	return strings.Join(parts, " · ")
}

// usd formats an amount the way people write thresholds: $250k, $100M, $1.5B.
func usd(v float64) string {
	for _, u := range []struct {
		div    float64
		suffix string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}} {
		if v >= u.div {
			return "$" + strconv.FormatFloat(roundTo(v/u.div, 2), 'f', -1, 64) + u.suffix
		}
	}
	return "$" + strconv.FormatFloat(roundTo(v, 2), 'f', -1, 64)
}

func roundTo(v float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}
