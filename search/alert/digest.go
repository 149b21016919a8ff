package alert

import (
	"fmt"
	"log/slog"
	"time"

	bolt "go.etcd.io/bbolt"
)

// keyMore, in an alert's queue bucket, counts matches beyond what the
// queue keeps (the e-mail says "and N more" and links to the search).
// Queue keys are 8-byte sequences, so this 4-byte key cannot collide.
var keyMore = []byte("more")

// queueArticles adds matched article ids to a digest alert's queue, inside
// tx. Beyond MaxQueuedPerDigest they are only counted.
func (s *Service) queueArticles(tx *bolt.Tx, alertID string, ids []string, more int) error {
	qb, err := tx.Bucket(bucketQueue).CreateBucketIfNotExists([]byte(alertID))
	if err != nil {
		return err
	}
	queued := int(qb.Sequence())
	for _, id := range ids {
		if queued >= s.cfg.Limits.MaxQueuedPerDigest {
			more++
			continue
		}
		seq, err := qb.NextSequence()
		if err != nil {
			return err
		}
		if err := qb.Put(u64(seq), []byte(id)); err != nil {
			return err
		}
		queued++
	}
	if more > 0 {
		return qb.Put(keyMore, u64(getU64(qb.Get(keyMore))+uint64(more)))
	}
	return nil
}

// readQueue returns an alert's queued article ids and extra count.
func readQueue(tx *bolt.Tx, alertID string) ([]string, int) {
	qb := tx.Bucket(bucketQueue).Bucket([]byte(alertID))
	if qb == nil {
		return nil, 0
	}
	var ids []string
	qb.ForEach(func(k, v []byte) error {
		if len(k) == 8 {
			ids = append(ids, string(v))
		}
		return nil
	})
	return ids, int(getU64(qb.Get(keyMore)))
}

// dailySlot is the latest digest time at or before now.
func dailySlot(now time.Time, hour int) time.Time {
	now = now.UTC()
	s := time.Date(now.Year(), now.Month(), now.Day(), hour, 0, 0, 0, time.UTC)
	if now.Before(s) {
		s = s.AddDate(0, 0, -1)
	}
	return s
}

// weeklySlot is the latest Monday digest time at or before now.
func weeklySlot(now time.Time, hour int) time.Time {
	s := dailySlot(now, hour)
	back := (int(s.Weekday()) - int(time.Monday) + 7) % 7
	return s.AddDate(0, 0, -back)
}

// nextSlot is the first daily slot after now; weekly slots are daily ones.
func nextSlot(now time.Time, hour int) time.Time {
	return dailySlot(now, hour).AddDate(0, 0, 1)
}

// slotFor is the digest slot now falls in for a frequency.
func slotFor(freq string, now time.Time, hour int) time.Time {
	if freq == Weekly {
		return weeklySlot(now, hour)
	}
	return dailySlot(now, hour)
}

// flushDigests turns the queues of the digest alerts whose slot has come
// into e-mails, in one transaction: the e-mail enters the outbox, the queue
// empties and the slot is marked done together. An alert with nothing
// queued gets no e-mail, but a silence notice when it has been quiet long
// enough; instant alerts are checked for silence at the same slot.
func (s *Service) flushDigests(now time.Time) error {
	alerts, _, err := s.activeAlerts()
	if err != nil {
		return err
	}
	var due, instant []string
	for _, a := range alerts {
		switch {
		case a.Frequency == Instant:
			instant = append(instant, a.ID)
		case a.DigestAt.Before(slotFor(a.Frequency, now, s.cfg.DigestHour)):
			due = append(due, a.ID)
		}
	}
	if len(due)+len(instant) == 0 {
		return nil
	}
	mailed, told := 0, 0
	err = s.db.Update(func(tx *bolt.Tx) error {
		mailed, told = 0, 0
		for _, id := range due {
			sent, err := s.flushDigest(tx, id, now)
			if err != nil {
				return err
			}
			if sent {
				mailed++
			}
		}
		for _, id := range instant {
			a, err := getAlert(tx, id)
			if err != nil || a.State != StateActive {
				continue // gone or stopped meanwhile
			}
			ok, err := s.maybeSilent(tx, a, now)
			if err != nil {
				return err
			}
			if ok {
				told++
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("alert: digests: %w", err)
	}
	if mailed > 0 {
		s.log.Info("alert_digests_queued", slog.Int("digests", mailed), slog.Int("alerts_due", len(due)))
	}
	if told > 0 {
		s.log.Info("alert_silence_notices", slog.Int("instant_alerts", told))
	}
	return nil
}

// flushQueue sends what a digest alert has queued at once, as an instant
// e-mail (an alert switched to instant), inside tx.
func (s *Service) flushQueue(tx *bolt.Tx, a *Alert, now time.Time) error {
	ids, more := readQueue(tx, a.ID)
	if len(ids) == 0 {
		return nil
	}
	if err := s.enqueue(tx, &entry{Kind: kindAlert, AlertID: a.ID, ArticleIDs: ids, More: more}, now); err != nil {
		return err
	}
	return tx.Bucket(bucketQueue).DeleteBucket([]byte(a.ID))
}

func (s *Service) flushDigest(tx *bolt.Tx, id string, now time.Time) (bool, error) {
	a, err := getAlert(tx, id)
	if err != nil || a.State != StateActive {
		return false, nil // gone or stopped meanwhile
	}
	slot := slotFor(a.Frequency, now, s.cfg.DigestHour)
	if !a.DigestAt.Before(slot) {
		return false, nil
	}
	ids, more := readQueue(tx, id)
	a.DigestAt = slot
	if err := putAlert(tx, a); err != nil {
		return false, err
	}
	if len(ids) == 0 {
		return s.maybeSilent(tx, a, now)
	}
	// The e-mail lists the newest MaxHitsPerEmail when it is rendered.
	e := &entry{Kind: kindDigest, AlertID: id, ArticleIDs: ids, More: more}
	if err := s.enqueue(tx, e, now); err != nil {
		return false, err
	}
	return true, tx.Bucket(bucketQueue).DeleteBucket([]byte(id))
}
