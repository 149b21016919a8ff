package alert

// The outbox: every e-mail is written to the store, in the same
// transaction as the change that calls for it (a new alert, a match, a
// digest), BEFORE anything is sent, and leaves the outbox only AFTER the
// SMTP server accepted it. So a crash, a restart or an SMTP outage loses
// nothing: the dispatcher simply finds the entry again and retries it, with
// exponential backoff, jitter and a cap, until it is accepted or, after
// GiveUpAfter (or a permanent 5xx refusal of the recipient or content),
// moves it to the dead letters with an error log. Nothing is dropped
// silently.
//
// What "exactly once" means here. SMTP has no idempotent submission: the
// server's "250 OK" to the end of DATA is the only acceptance signal, and
// the store cannot commit in the same instant. The dispatcher therefore
//
//   - sends one message at a time and commits "sent" (deletes the entry)
//     right after that message's 250, before sending the next one and
//     before QUIT, so a slow or failing QUIT or a later message's failure
//     never causes a resend;
//   - treats go-mail's failures after the 250 (the RSET that follows) as
//     delivered;
//   - fixes every entry's Message-ID and Date when the entry is written, so
//     each attempt renders the same message (same articles, same links)
//     under the same id.
//
// The one remaining window is a crash between the server's 250 and the
// commit (a few milliseconds: one bbolt fsync). The entry is then sent once
// more after restart, and recognisably so: its Message-ID (and a webhook's
// Idempotency-Key) names what it delivers, the alert and its articles or
// day (deliveryKey), never an attempt, so the copy carries the id of the
// first. Mail stores and clients drop a second message with a known
// Message-ID; webhook receivers are told to do the same with the key.
// crash_test.go kills a delivering process at that point and checks. Hence:
// every message is accepted at least once, and more than once only after a
// crash inside that window, then under the same id.
// Deduplication of articles (an article reaches an alert at most once) is
// separate and exact: it is decided when the match is committed, see
// commitMatches.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer"
	"vigie/search/alert/hook"
	"vigie/search/alert/mail"
)

// Kinds of e-mail.
const (
	kindConfirm = "confirm"
	kindAlert   = "alert"  // instant alert
	kindDigest  = "digest" // daily or weekly digest
	kindSilent  = "silent" // notice: the alert has matched nothing for a while
)

// crashPoint runs between a receiver's acceptance and the commit that
// records it: the one window where a crash sends a message twice. Tests
// kill the process there (crash_test.go); otherwise it does nothing.
var crashPoint = func() {}

// deliverBatch bounds how many entries one dispatcher pass reads at once.
const deliverBatch = 50

// entry is one e-mail waiting in the outbox: not the rendered message but
// what renders it deterministically (the alert, the article ids, the date
// and Message-ID fixed at enqueue time), which keeps the matching
// transaction small when thousands of alerts match at once. The e-mail is
// rendered at each attempt from the alert and the stored articles (which
// the store never deletes).
type entry struct {
	Seq        uint64    `json:"seq"`
	Kind       string    `json:"kind"`
	AlertID    string    `json:"alert_id"`
	MessageID  string    `json:"message_id"`
	Date       time.Time `json:"date"`
	ArticleIDs []string  `json:"article_ids,omitempty"`
	More       int       `json:"more,omitempty"`    // matches beyond the listed articles
	Preview    uint64    `json:"preview,omitempty"` // confirmations: the 30-day preview count
	Day        time.Time `json:"day,omitzero"`      // notices: the day they are about
	CreatedAt  time.Time `json:"created_at"`
	Attempts   int       `json:"attempts,omitempty"`
	NextAt     time.Time `json:"next_at,omitzero"`
	LastError  string    `json:"last_error,omitempty"`
	FailedAt   time.Time `json:"failed_at,omitzero"` // set in the dead letters

	// route is where the entry goes now, from its alert's channel when it
	// is read (not stored: a channel changed on the manage page applies
	// to what is still waiting).
	route string
}

// enqueue writes e into the outbox inside tx and gives it its sequence,
// date and Message-ID.
func (s *Service) enqueue(tx *bolt.Tx, e *entry, now time.Time) error {
	b := tx.Bucket(bucketOutbox)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	e.Seq, e.CreatedAt, e.NextAt, e.Date = seq, now, now, now
	e.MessageID = fmt.Sprintf("%s@%s", deliveryKey(e), s.msgHost)
	return putEntry(b, e)
}

// deliveryKey names what an entry delivers, the same however often and
// from whichever outbox entry it is delivered: the kind, the alert and the
// articles (or, for a notice, its day). It is the local part of the
// e-mail's Message-ID and the webhook's Idempotency-Key, so that a
// message sent again after a crash (see the top of this file) carries the
// id of the first one and the receiver can recognise it.
func deliveryKey(e *entry) string {
	var what string
	switch {
	case len(e.ArticleIDs) > 0:
		ids := slices.Clone(e.ArticleIDs)
		slices.Sort(ids)
		h := sha256.Sum256([]byte(strings.Join(ids, "\n")))
		what = hex.EncodeToString(h[:10])
	case !e.Day.IsZero():
		what = e.Day.UTC().Format("20060102")
	default:
		what = "1" // one per alert: its confirmation
	}
	return "vigie." + e.Kind + "." + e.AlertID + "." + what
}

func putEntry(b *bolt.Bucket, e *entry) error {
	buf, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode outbox entry %d: %w", e.Seq, err)
	}
	return b.Put(u64(e.Seq), buf)
}

// dueEntries returns up to limit entries whose next attempt is due, each
// with its route. Without a mail transport, e-mail entries are left
// waiting (webhooks still go).
func (s *Service) dueEntries(now time.Time, limit int) ([]*entry, error) {
	var out []*entry
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			e := new(entry)
			if err := json.Unmarshal(v, e); err != nil {
				return fmt.Errorf("decode outbox entry %d: %w", getU64(k), err)
			}
			if e.NextAt.After(now) {
				continue
			}
			e.route = ChannelEmail
			if a, err := getAlert(tx, e.AlertID); err == nil && e.Kind != kindConfirm {
				e.route = a.channel()
			}
			if e.route == ChannelEmail && s.sender == nil {
				continue
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// deliver sends every due entry, batch after batch, until none is due or
// the mail server fails.
func (s *Service) deliver(ctx context.Context) {
	for ctx.Err() == nil {
		due, err := s.dueEntries(s.now(), deliverBatch)
		if err != nil {
			s.log.Error("alert_outbox_read_failed", slog.Any("error", err))
			return
		}
		if len(due) == 0 {
			return
		}
		var mails, hooks []*entry
		for _, e := range due {
			if e.route == ChannelWebhook {
				hooks = append(hooks, e)
			} else {
				mails = append(mails, e)
			}
		}
		s.deliverHooks(ctx, hooks)
		if len(mails) > 0 && !s.deliverBatch(ctx, mails) {
			return
		}
	}
}

// deliverBatch sends due over one session; it returns false when the
// session failed, to wait for the next cycle.
func (s *Service) deliverBatch(ctx context.Context, due []*entry) bool {
	sess, err := s.sender.Open(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return false
		}
		s.log.Warn("alert_smtp_unavailable", slog.Any("error", err), slog.Int("waiting", len(due)))
		for _, e := range due {
			s.failed(e, err, 0)
		}
		return false
	}
	defer func() {
		if err := sess.Close(); err != nil {
			s.log.Debug("alert_smtp_quit_failed", slog.Any("error", err))
		}
	}()
	ok := true
	for _, e := range due {
		if ctx.Err() != nil {
			return false
		}
		msg, listed, err := s.prepare(e)
		if err != nil {
			s.failed(e, err, 0)
			continue
		}
		if msg == nil {
			continue // no longer wanted
		}
		if err := sess.Send(ctx, msg); err != nil {
			if ctx.Err() != nil {
				return false
			}
			s.failed(e, err, 0)
			// A refused recipient says nothing about the others; a
			// temporary failure likely hits them all: wait a cycle.
			ok = ok && mail.Permanent(err)
			continue
		}
		// Committed before the next message and before QUIT: see the
		// comment at the top of this file.
		crashPoint()
		s.sent(e, listed)
	}
	return ok
}

// wanted loads what an entry needs, or drops the entry (nil alert) when
// its alert no longer wants it: deleted, stopped (alert e-mails and
// notices), already confirmed (confirmations), or nothing left to list.
func (s *Service) wanted(e *entry) (*Alert, []*indexer.Article, error) {
	var a *Alert
	present := false
	err := s.db.View(func(tx *bolt.Tx) error {
		if present = tx.Bucket(bucketOutbox).Get(u64(e.Seq)) != nil; !present {
			return nil // removed meanwhile (unsubscribed, deleted)
		}
		var err error
		if a, err = getAlert(tx, e.AlertID); errors.Is(err, ErrNotFound) {
			a, err = nil, nil
		}
		return err
	})
	if err != nil || !present {
		return nil, nil, err
	}
	ok := a != nil && ((e.Kind == kindConfirm && a.State == StatePending) || (e.Kind != kindConfirm && a.State == StateActive))
	var arts []*indexer.Article
	if ok && (e.Kind == kindAlert || e.Kind == kindDigest) { // the kinds that list articles
		if arts, err = s.st.Articles(e.ArticleIDs); err != nil {
			return nil, nil, fmt.Errorf("alert: load articles of delivery %d: %w", e.Seq, err)
		}
		ok = len(arts) > 0
	}
	if !ok {
		s.log.Info("alert_mail_dropped", slog.String("alert", e.AlertID), slog.String("kind", e.Kind),
			slog.String("reason", "the alert no longer wants it"))
		return nil, nil, s.db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketOutbox).Delete(u64(e.Seq))
		})
	}
	return a, arts, nil
}

// prepare renders an entry as an e-mail, or drops it (nil message) when
// its alert no longer wants it. listed is how many articles it lists.
func (s *Service) prepare(e *entry) (msg *mail.Message, listed int, err error) {
	a, arts, err := s.wanted(e)
	if err != nil || a == nil {
		return nil, 0, err
	}
	var m mail.Message
	switch e.Kind {
	case kindConfirm:
		m = s.confirmMessage(a, e.Preview, e.Date)
	case kindSilent:
		m = s.silentMessage(a, e)
	default:
		var items []mailItem
		items, listed = s.mailItems(a, arts)
		m = s.alertMessage(a, e.Kind, items, e.More+len(e.ArticleIDs)-listed, e.Date)
	}
	m.ID = e.MessageID
	return &m, listed, nil
}

// sent removes a delivered entry and counts its articles on the alert.
func (s *Service) sent(e *entry, listed int) {
	now := s.now()
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketOutbox).Delete(u64(e.Seq)); err != nil {
			return err
		}
		if listed == 0 {
			return nil
		}
		a, err := getAlert(tx, e.AlertID)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		a.SentCount += listed
		a.LastSentAt = now
		return putAlert(tx, a)
	})
	if err != nil {
		// The message went out but stays in the outbox: it will be sent
		// again. Loud, because it breaks the at-most-once promise.
		s.log.Error("alert_mark_sent_failed", slog.Any("error", err), slog.String("message_id", e.MessageID))
		return
	}
	s.log.Info("alert_mail_sent", slog.String("alert", e.AlertID), slog.String("kind", e.Kind),
		slog.Int("articles", listed), slog.Int("attempts", e.Attempts+1))
}

// failed records a failed attempt: retry later with backoff, or move the
// entry to the dead letters when retrying is pointless or has gone on for
// too long.
func (s *Service) failed(e *entry, sendErr error, retryAfter time.Duration) {
	now := s.now()
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		raw := b.Get(u64(e.Seq))
		if raw == nil {
			return nil
		}
		cur := new(entry)
		if err := json.Unmarshal(raw, cur); err != nil {
			return fmt.Errorf("decode outbox entry %d: %w", e.Seq, err)
		}
		cur.Attempts++
		cur.LastError = sendErr.Error()
		if mail.Permanent(sendErr) || hook.IsPermanent(sendErr) || now.Sub(cur.CreatedAt) >= s.cfg.GiveUpAfter {
			cur.FailedAt = now
			s.log.Error("alert_mail_failed", slog.String("alert", cur.AlertID), slog.String("kind", cur.Kind),
				slog.Int("attempts", cur.Attempts), slog.Any("error", sendErr))
			if err := b.Delete(u64(cur.Seq)); err != nil {
				return err
			}
			return putEntry(tx.Bucket(bucketDead), cur)
		}
		// A receiver's Retry-After is honoured when longer than the backoff.
		cur.NextAt = now.Add(max(s.backoff(cur.Attempts), retryAfter))
		s.log.Warn("alert_mail_retry", slog.String("alert", cur.AlertID), slog.Int("attempts", cur.Attempts),
			slog.Time("next_at", cur.NextAt), slog.Any("error", sendErr))
		return putEntry(b, cur)
	})
	if err != nil {
		s.log.Error("alert_outbox_update_failed", slog.Any("error", err))
	}
}

// backoff is the wait before retry n (n >= 1): RetryBase doubled for each
// earlier failure, capped at RetryMax, with "equal jitter" (half fixed,
// half random) so that many messages failing together do not all come back
// at the same instant.
func (s *Service) backoff(n int) time.Duration {
	d := s.cfg.RetryBase
	for i := 1; i < n && d < s.cfg.RetryMax; i++ {
		d *= 2
	}
	d = min(d, s.cfg.RetryMax)
	half := d / 2
	return half + rand.N(half+1)
}
