package alert

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/search/alert/mail"
)

// A silent alert is one that has matched nothing for SilentAfter (14 days
// by default): the search is likely too narrow, misspelt, or about a
// company that changed its name, and its subscriber believes nothing
// happened. It is told once per silence, in what would have been its next
// digest (at the digest hour, on Mondays for weekly alerts; at the next
// digest hour for instant alerts: see flushDigests), by its own channel, with the closest
// search that does match; the manage page says so too. A match ends the
// silence.

// keyLastMatch, in an alert's dedup bucket, is when it last matched (unix
// seconds). Dedup keys are 9 bytes, so this 1-byte key cannot collide; it
// lives there because matching writes that bucket anyway.
var keyLastMatch = []byte("t")

func setLastMatch(b *bolt.Bucket, now time.Time) error {
	return b.Put(keyLastMatch, u64(uint64(now.Unix())))
}

// lastMatch is when the alert last matched, zero if never.
func lastMatch(tx *bolt.Tx, id string) time.Time {
	b := tx.Bucket(bucketSent).Bucket([]byte(id))
	if b == nil {
		return time.Time{}
	}
	if v := b.Get(keyLastMatch); len(v) == 8 {
		return time.Unix(int64(binary.BigEndian.Uint64(v)), 0).UTC()
	}
	return time.Time{}
}

// quietSince is when the alert's current silence began: its last match,
// or when it last started (confirmation, reactivation, resumption).
func quietSince(tx *bolt.Tx, a *Alert) time.Time {
	since := a.ActiveSince
	if since.IsZero() {
		since = a.ConfirmedAt
	}
	if m := lastMatch(tx, a.ID); m.After(since) {
		since = m
	}
	return since
}

// maybeSilent puts a silence notice in the outbox, inside tx, when the
// alert has been silent long enough and was not told of this silence.
func (s *Service) maybeSilent(tx *bolt.Tx, a *Alert, now time.Time) (bool, error) {
	since := quietSince(tx, a)
	if since.IsZero() || now.Sub(since) < s.cfg.SilentAfter || a.SilentNoticeAt.After(since) {
		return false, nil
	}
	a.SilentNoticeAt = now
	if err := putAlert(tx, a); err != nil {
		return false, err
	}
	return true, s.enqueue(tx, &entry{Kind: kindSilent, AlertID: a.ID, Day: since}, now)
}

// notice is a silence notice in words.
type notice struct {
	title, text string
	suggestion  *Suggestion
}

// silentNotice words the notice of entry e, with the closest search that
// matches (computed when it is sent, so it is current).
func (s *Service) silentNotice(a *Alert, e *entry) notice {
	t := texts(a.Locale)
	desc := describe(a.Request, a.Locale)
	days := int(e.Date.Sub(e.Day).Hours() / 24)
	n := notice{
		title: fmt.Sprintf(t.SilentSubject, shorten(desc, 80)),
		text:  fmt.Sprintf(t.SilentText, desc, t.Date(e.Day), days),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sg, err := s.suggest(ctx, a.Request, a.Locale, s.now())
	if err != nil {
		s.log.Warn("alert_suggestion_failed", slog.String("alert", a.ID), slog.Any("error", err))
	}
	n.suggestion = sg
	if sg != nil {
		n.text += " " + fmt.Sprintf(t.SilentSuggest, sg.Change, sg.Description, sg.Total, previewDays)
	} else {
		n.text += " " + t.SilentNoSuggest
	}
	return n
}

// silentData is what the silence notice templates see.
type silentData struct {
	mailData
	Text       string
	Suggestion *Suggestion
}

// silentMessage is the silence notice as an e-mail.
func (s *Service) silentMessage(a *Alert, e *entry) mail.Message {
	n := s.silentNotice(a, e)
	d := silentData{mailData: mailData{
		T: texts(a.Locale), Subject: n.title, Describe: describe(a.Request, a.Locale), Frequency: a.Frequency,
		SearchURL:      s.searchLink(a.Request),
		ManageURL:      s.tokenLink("/alerts/manage", purposeManage, a.ID),
		UnsubscribeURL: s.tokenLink("/alerts/unsubscribe", purposeUnsubscribe, a.ID),
	}, Text: n.text, Suggestion: n.suggestion}
	return s.render(a, d, d.mailData, "silent", e.Date, true)
}
