package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/search"
)

// Errors of the alert lifecycle; http.go maps them to statuses.
var (
	ErrMailNotConfigured = errors.New("alert: mail is not configured")
	ErrDuplicate         = errors.New("alert: an identical alert already exists for this address")
	ErrNotConfirmed      = errors.New("alert: the alert is not confirmed yet")
	ErrUnsubscribed      = errors.New("alert: the alert is unsubscribed; reactivate it first")
)

// limitError is a creation refused by an abuse limit.
type limitError struct {
	msg   string
	retry time.Duration
}

func (e *limitError) Error() string { return "alert: " + e.msg }

// unsubscribedTTL is how long an unsubscribed alert is kept (so its links
// still answer and it can be reactivated) before it is deleted.
const unsubscribedTTL = 30 * 24 * time.Hour

// Created is the answer to a new alert.
type Created struct {
	ID          string  `json:"id"`
	State       string  `json:"state"`
	Frequency   string  `json:"frequency"`
	Locale      string  `json:"locale"`
	Description string  `json:"description"`
	Preview     Preview `json:"preview"`
	Message     string  `json:"message"`
	Channel     string  `json:"channel"`
	// WebhookSecret is the key of the webhook's X-Vigie-Signature, shown
	// here and on the manage page.
	WebhookSecret string `json:"webhook_secret,omitempty"`
}

// create saves a pending alert and puts its confirmation e-mail in the
// outbox, in one transaction.
func (s *Service) create(ctx context.Context, in createInput, clientIP string) (*Created, error) {
	if s.sender == nil {
		return nil, ErrMailNotConfigured
	}
	now := s.now()
	if ok, wait := s.ipLimit.allow(clientIP, now); !ok {
		return nil, &limitError{msg: "too many alerts created from this address; try again later", retry: wait}
	}
	pv, err := s.preview(ctx, in.Request, in.Frequency, now)
	if err != nil {
		return nil, err
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	a := &Alert{
		ID: id, Email: in.Email, State: StatePending, Frequency: in.Frequency, Locale: in.Locale,
		Request: in.Request, CreatedAt: now, Channel: in.Channel, Webhook: in.Webhook,
	}
	if a.Webhook != nil {
		if a.Webhook.Secret, err = newSecret(); err != nil {
			return nil, err
		}
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := s.checkAddress(tx, a, now); err != nil {
			return err
		}
		if err := putAlert(tx, a); err != nil {
			return err
		}
		if err := tx.Bucket(bucketEmails).Put(emailKey(a.Email, a.ID), u64(uint64(now.Unix()))); err != nil {
			return err
		}
		e := &entry{Kind: kindConfirm, AlertID: a.ID, Preview: pv.Total}
		return s.enqueue(tx, e, now)
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("alert_created", slog.String("alert", a.ID), slog.String("frequency", a.Frequency))
	s.nudge()
	t := texts(a.Locale)
	c := &Created{
		ID: a.ID, State: a.State, Frequency: a.Frequency, Locale: a.Locale,
		Description: describe(a.Request, a.Locale), Preview: pv,
		Message: fmt.Sprintf(t.Created, a.Email), Channel: a.channel(),
	}
	if a.Webhook != nil {
		c.WebhookSecret = a.Webhook.Secret
	}
	return c, nil
}

// checkAddress applies the per-address limits and refuses a duplicate,
// inside the creating transaction so that two concurrent requests cannot
// both pass.
func (s *Service) checkAddress(tx *bolt.Tx, a *Alert, now time.Time) error {
	prefix := emailKey(a.Email, "")
	total, recentPending := 0, 0
	c := tx.Bucket(bucketEmails).Cursor()
	for k, v := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, v = c.Next() {
		other, err := getAlert(tx, string(k[len(prefix):]))
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		total++
		created := time.Unix(int64(getU64(v)), 0)
		if other.State == StatePending && now.Sub(created) < 24*time.Hour {
			recentPending++
		}
	}
	if err := s.checkDuplicate(tx, a); err != nil {
		return err
	}
	if recentPending >= s.cfg.Limits.PendingPerDay {
		return &limitError{msg: "too many unconfirmed alerts for this e-mail address today; confirm them or try tomorrow", retry: 24 * time.Hour}
	}
	if total >= s.cfg.Limits.PerEmail {
		return &limitError{msg: fmt.Sprintf("this e-mail address has %d alerts, the most allowed; delete some first", total)}
	}
	return nil
}

// checkDuplicate refuses a second alert of one address with the same
// search and frequency (a double click, or an edit into another alert).
func (s *Service) checkDuplicate(tx *bolt.Tx, a *Alert) error {
	key, err := json.Marshal(a.Request)
	if err != nil {
		return err
	}
	prefix := emailKey(a.Email, "")
	c := tx.Bucket(bucketEmails).Cursor()
	for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = c.Next() {
		other, err := getAlert(tx, string(k[len(prefix):]))
		if errors.Is(err, ErrNotFound) || (err == nil && (other.ID == a.ID || other.State == StateUnsubscribed || other.Frequency != a.Frequency)) {
			continue
		}
		if err != nil {
			return err
		}
		if same, _ := json.Marshal(other.Request); string(same) == string(key) {
			return ErrDuplicate
		}
	}
	return nil
}

// update applies fn to one alert in a transaction and returns the result.
func (s *Service) update(id string, fn func(tx *bolt.Tx, a *Alert) error) (*Alert, error) {
	var out *Alert
	err := s.db.Update(func(tx *bolt.Tx) error {
		a, err := getAlert(tx, id)
		if err != nil {
			return err
		}
		if err := fn(tx, a); err != nil {
			return err
		}
		out = a
		return putAlert(tx, a)
	})
	return out, err
}

// confirm activates a pending alert; already reports an earlier
// confirmation. The alert starts from the current end of the store: it
// sends what arrives from now on, not the past (the preview showed that).
func (s *Service) confirm(id string) (a *Alert, already bool, err error) {
	start := s.st.LastSeq()
	now := s.now()
	a, err = s.update(id, func(_ *bolt.Tx, a *Alert) error {
		if a.State != StatePending {
			already = true
			return nil
		}
		a.State, a.ConfirmedAt, a.ActiveSince, a.Watermark, a.DigestAt = StateActive, now, now, start, now
		return nil
	})
	if err == nil && !already {
		s.log.Info("alert_confirmed", slog.String("alert", id))
	}
	return a, already, err
}

// unsubscribe stops an alert at once: its queued matches and unsent
// e-mails are dropped. The alert itself is kept for unsubscribedTTL so the
// link still answers and a mistaken click can be undone.
func (s *Service) unsubscribe(id string) (*Alert, error) {
	now := s.now()
	changed := false
	a, err := s.update(id, func(tx *bolt.Tx, a *Alert) error {
		if a.State == StateUnsubscribed {
			return nil
		}
		changed = true
		a.State, a.UnsubscribedAt = StateUnsubscribed, now
		if b := tx.Bucket(bucketQueue); b.Bucket([]byte(id)) != nil {
			if err := b.DeleteBucket([]byte(id)); err != nil {
				return err
			}
		}
		return dropOutbox(tx, id, "")
	})
	if err == nil && changed {
		s.log.Info("alert_unsubscribed", slog.String("alert", id))
	}
	return a, err
}

// reactivate undoes an unsubscription. The alert restarts from the current
// end of the store; its dedup set was kept, so nothing already sent comes
// again.
func (s *Service) reactivate(id string) (*Alert, error) {
	start := s.st.LastSeq()
	now := s.now()
	return s.update(id, func(_ *bolt.Tx, a *Alert) error {
		switch a.State {
		case StatePending:
			return ErrNotConfirmed
		case StateUnsubscribed:
			a.State, a.UnsubscribedAt, a.ActiveSince, a.Watermark, a.DigestAt = StateActive, time.Time{}, now, start, now
		}
		return nil
	})
}

// pause stops a confirmed alert until resume: nothing is matched or sent
// meanwhile, and its unsent e-mails and queued digest are dropped (a
// paused alert is silent on purpose). Unlike unsubscribing, a paused
// alert is kept as long as its subscriber wants.
func (s *Service) pause(id string) (*Alert, error) {
	now := s.now()
	return s.update(id, func(tx *bolt.Tx, a *Alert) error {
		switch a.State {
		case StatePending:
			return ErrNotConfirmed
		case StatePaused, StateUnsubscribed:
			return nil
		}
		a.State, a.PausedAt = StatePaused, now
		if b := tx.Bucket(bucketQueue); b.Bucket([]byte(id)) != nil {
			if err := b.DeleteBucket([]byte(id)); err != nil {
				return err
			}
		}
		return dropOutbox(tx, id, "")
	})
}

// resume restarts a paused alert from the current end of the store.
func (s *Service) resume(id string) (*Alert, error) {
	start := s.st.LastSeq()
	now := s.now()
	return s.update(id, func(_ *bolt.Tx, a *Alert) error {
		if a.State != StatePaused {
			return nil
		}
		a.State, a.PausedAt, a.ActiveSince, a.Watermark, a.DigestAt = StateActive, time.Time{}, now, start, now
		return nil
	})
}

// Edit is a change a subscriber makes to an alert; nil fields stay.
type Edit struct {
	Request   *search.Request
	Frequency *string
	Channel   *string
	Webhook   *Webhook // URL and format; the secret is kept (or made)
}

// edit applies a change. A new search keeps the dedup set (nothing
// already sent comes again) and the watermark (nothing is matched twice
// or skipped); a digest alert's queue keeps what it matched so far.
func (s *Service) edit(id string, ch Edit) (*Alert, error) {
	now := s.now()
	return s.update(id, func(tx *bolt.Tx, a *Alert) error {
		if a.State == StateUnsubscribed {
			return ErrUnsubscribed
		}
		next := *a
		if ch.Request != nil {
			next.Request = *ch.Request
			if err := validForAlert(&next.Request, now); err != nil {
				return err
			}
		}
		if ch.Frequency != nil {
			next.Frequency = *ch.Frequency
		}
		if ch.Channel != nil {
			next.Channel = *ch.Channel
			if next.Channel == ChannelEmail {
				next.Webhook = nil
			}
		}
		if ch.Webhook != nil {
			secret := ""
			if a.Webhook != nil {
				secret = a.Webhook.Secret
			}
			w := *ch.Webhook
			w.Secret = secret
			if w.Secret == "" {
				var err error
				if w.Secret, err = newSecret(); err != nil {
					return err
				}
			}
			next.Webhook = &w
		}
		if next.Channel == ChannelWebhook && next.Webhook == nil {
			return badParam("webhook_url", "is required for the webhook channel: the URL the alerts are POSTed to")
		}
		if err := s.checkDuplicate(tx, &next); err != nil {
			return err
		}
		if next.Frequency == Instant && a.Frequency != Instant {
			// The digest queue is sent at once rather than lost.
			if err := s.flushQueue(tx, &next, now); err != nil {
				return err
			}
		}
		*a = next
		return nil
	})
}

// expire deletes pending alerts nobody confirmed and alerts unsubscribed
// long ago: personal data is not kept without a reason.
func (s *Service) expire(now time.Time) error {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		n = 0
		var gone []*Alert
		err := tx.Bucket(bucketAlerts).ForEach(func(k, v []byte) error {
			a := new(Alert)
			if err := json.Unmarshal(v, a); err != nil {
				return fmt.Errorf("decode alert %s: %w", k, err)
			}
			if (a.State == StatePending && now.Sub(a.CreatedAt) >= s.cfg.PendingTTL) ||
				(a.State == StateUnsubscribed && now.Sub(a.UnsubscribedAt) >= unsubscribedTTL) {
				gone = append(gone, a)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, a := range gone {
			if err := deleteAlert(tx, a); err != nil {
				return err
			}
		}
		n = len(gone)
		return nil
	})
	if err != nil {
		return fmt.Errorf("alert: expire: %w", err)
	}
	if n > 0 {
		s.log.Info("alerts_expired", slog.Int("alerts", n))
	}
	return nil
}
