package alert

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer"
	"vigie/search/alert/hook"
)

// Webhook is where a webhook alert posts, and the key it signs with.
type Webhook struct {
	URL    string `json:"url"`
	Format string `json:"format"` // one of hook.Formats
	// Secret is the HMAC-SHA256 key of X-Vigie-Signature, shown to the
	// subscriber when the alert is created and on its manage page.
	Secret string `json:"secret,omitempty"`
}

// channel is the alert's channel, e-mail when unset.
func (a *Alert) channel() string {
	if a.Channel == ChannelWebhook && a.Webhook != nil {
		return ChannelWebhook
	}
	return ChannelEmail
}

// validChannel checks the channel fields of a request. A webhook URL given
// without a channel means the webhook channel.
func validChannel(channel, rawURL, format string) (string, *Webhook, error) {
	channel = strings.ToLower(channel)
	if channel == "" && rawURL != "" {
		channel = ChannelWebhook
	}
	switch channel {
	case "", ChannelEmail:
		if rawURL != "" || format != "" {
			return "", nil, badParam("webhook_url", "is only for the webhook channel (channel: webhook)")
		}
		return ChannelEmail, nil, nil
	case ChannelWebhook:
	default:
		return "", nil, badParam("channel", "must be email or webhook")
	}
	if rawURL == "" {
		return "", nil, badParam("webhook_url", "is required for the webhook channel: the URL the alerts are POSTed to")
	}
	format = strings.ToLower(format)
	if format == "" {
		format = hook.FormatJSON
	}
	if !slices.Contains(hook.Formats, format) {
		return "", nil, badParam("webhook_format", "must be one of "+strings.Join(hook.Formats, ", "))
	}
	if err := hook.CheckURL(rawURL, format); err != nil {
		return "", nil, badParam("webhook_url", err.Error())
	}
	return ChannelWebhook, &Webhook{URL: rawURL, Format: format}, nil
}

// newSecret is a webhook signing key: 256 random bits, hex.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("alert: random secret: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// hookWorkers is how many webhooks are posted at once: one slow receiver
// must not hold back the others.
const hookWorkers = 4

// deliverHooks posts due webhook entries.
func (s *Service) deliverHooks(ctx context.Context, due []*entry) {
	next := make(chan *entry)
	var wg sync.WaitGroup
	for range min(hookWorkers, len(due)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range next {
				s.deliverHook(ctx, e)
			}
		}()
	}
	for _, e := range due {
		if ctx.Err() != nil {
			break
		}
		next <- e
	}
	close(next)
	wg.Wait()
}

// deliverHook posts one entry, logs the attempt and commits the outcome,
// as deliverBatch does for an e-mail.
func (s *Service) deliverHook(ctx context.Context, e *entry) {
	a, arts, err := s.wanted(e)
	if err != nil {
		s.failed(e, err, 0)
		return
	}
	if a == nil {
		return
	}
	ev, listed := s.hookEvent(a, e, arts)
	res, err := s.hooks.Send(ctx, a.Webhook.URL, a.Webhook.Format, a.Webhook.Secret, ev, s.now())
	if ctx.Err() != nil {
		return // shutting down: the entry stays and is sent again
	}
	s.logDelivery(a.ID, e, listed, res, err)
	if err != nil {
		s.failed(e, err, res.RetryAfter)
		return
	}
	crashPoint()
	s.sent(e, listed)
}

// hookEvent is an entry as a webhook event; listed is how many articles
// it carries.
func (s *Service) hookEvent(a *Alert, e *entry, arts []*indexer.Article) (*hook.Event, int) {
	t := texts(a.Locale)
	ev := &hook.Event{
		ID: deliveryKey(e), CreatedAt: e.Date, Articles: []hook.Article{},
		Alert: hook.Alert{ID: a.ID, Description: describe(a.Request, a.Locale), Frequency: a.Frequency, Locale: a.Locale,
			SearchURL: s.searchLink(a.Request), ManageURL: s.tokenLink("/alerts/manage", purposeManage, a.ID)},
	}
	switch e.Kind {
	case kindSilent:
		ev.Type = hook.TypeSilent
		n := s.silentNotice(a, e)
		ev.Title, ev.Text = n.title, n.text
		return ev, 0
	case kindDigest:
		ev.Type = hook.TypeDigest
	default:
		ev.Type = hook.TypeMatches
	}
	arts = newestFirst(arts, s.cfg.Limits.MaxHitsPerEmail)
	words := markWords(a.Request)
	for _, art := range arts {
		ev.Articles = append(ev.Articles, hook.Article{
			ID: art.ID, Title: art.Title, URL: art.URL, Source: art.Source, Lang: art.Lang,
			Published: art.Published, Date: t.Date(art.Published),
			Companies: art.Companies, Agencies: art.Agencies, AmountUSD: art.AmountUSD,
			Snippet: extract(art.Text, words, snippetRunes), Story: art.Story,
		})
	}
	ev.More = e.More + len(e.ArticleIDs) - len(arts)
	ev.Title = s.subject(a, e.Kind, len(arts)+ev.More)
	return ev, len(arts)
}

// maxLogged is how many deliveries an alert's log keeps.
const maxLogged = 50

// Delivery is one attempt to post a webhook, as the delivery log keeps it.
type Delivery struct {
	At       time.Time `json:"at"`
	ID       string    `json:"id"` // the Idempotency-Key
	Kind     string    `json:"kind"`
	Attempt  int       `json:"attempt"`
	OK       bool      `json:"ok"`
	Status   int       `json:"status,omitempty"` // HTTP status; 0 when no answer came
	Error    string    `json:"error,omitempty"`
	Response string    `json:"response,omitempty"` // the start of the receiver's answer
	TookMS   float64   `json:"took_ms"`
	Articles int       `json:"articles"`
}

// logDelivery appends an attempt to the alert's log, dropping the oldest
// beyond maxLogged. A failure to log is only logged: it must not turn a
// delivered message into a resent one.
func (s *Service) logDelivery(alertID string, e *entry, listed int, res hook.Result, sendErr error) {
	d := Delivery{At: s.now(), ID: deliveryKey(e), Kind: e.Kind, Attempt: e.Attempts + 1, OK: sendErr == nil,
		Status: res.Status, Response: clipRunes(res.Response, 200), TookMS: float64(res.Took.Microseconds()) / 1000, Articles: listed}
	if sendErr != nil {
		d.Error = sendErr.Error()
	}
	buf, err := json.Marshal(d)
	if err == nil {
		err = s.db.Update(func(tx *bolt.Tx) error {
			b, err := tx.Bucket(bucketLog).CreateBucketIfNotExists([]byte(alertID))
			if err != nil {
				return err
			}
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			if err := b.Put(u64(seq), buf); err != nil {
				return err
			}
			if seq > maxLogged {
				return b.Delete(u64(seq - maxLogged))
			}
			return nil
		})
	}
	if err != nil {
		s.log.Error("alert_delivery_log_failed", slog.String("alert", alertID), slog.Any("error", err))
	}
}

// Deliveries returns an alert's logged webhook deliveries, newest first.
func (s *Service) Deliveries(alertID string) ([]Delivery, error) {
	out := []Delivery{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLog).Bucket([]byte(alertID))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var d Delivery
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("alert: decode delivery of %s: %w", alertID, err)
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
