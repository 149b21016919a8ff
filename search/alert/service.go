package alert

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
	bolt "go.etcd.io/bbolt"

	"vigie/indexer/store"
	"vigie/search"
	"vigie/search/alert/hook"
	"vigie/search/alert/mail"
)

// Config configures the alert service. Store, Searcher, DataDir and BaseURL
// are required; mail goes out through SMTPURL, or into MailDir as .eml
// files, or (tests) through Sender. Without any of them the service runs
// but refuses new alerts with a clear "mail not configured" error.
type Config struct {
	Store    *store.Store
	Searcher *search.Searcher // the main index: previews of new alerts
	DataDir  string           // where the link-signing secret is kept
	BaseURL  string           // public URL of the site, for links in e-mails

	// SMTPURL is smtp://user:pass@host:port (STARTTLS when offered;
	// ?tls=required to insist, ?tls=none to disable) or smtps:// (implicit
	// TLS). See mail.SMTPConfig.
	SMTPURL    string
	MailFrom   string // From: address, "Vigie <alerts@example.org>"
	MailDir    string // write .eml files here instead of using SMTP
	AdminToken string // bearer token for GET /api/alerts; empty: listing disabled
	DigestHour int    // UTC hour of daily and weekly (Monday) digests
	Logger     *slog.Logger

	// Now is the clock (tests); default time.Now.
	Now func() time.Time
	// Sender replaces SMTPURL and MailDir (tests, other transports).
	Sender mail.Sender
	// SMTPTLS replaces the default TLS settings of the SMTP client (tests:
	// a private CA).
	SMTPTLS *tls.Config
	// SMTPTimeout bounds connecting and each SMTP command; default 30s.
	SMTPTimeout time.Duration
	// PollInterval is the dispatcher's cycle; instant alerts leave within
	// one cycle (the matcher also wakes it). Default 15s.
	PollInterval time.Duration
	// RetryBase is the first retry delay of a failed e-mail; it doubles on
	// each failure (with jitter) up to RetryMax. Defaults 30s and 1h.
	RetryBase, RetryMax time.Duration
	// GiveUpAfter moves an e-mail that has failed for this long to the dead
	// letters (logged as an error, kept in the store). Default 72h.
	GiveUpAfter time.Duration
	// PendingTTL is how long an unconfirmed alert lives. Default 7 days.
	PendingTTL time.Duration
	// Limits are the abuse limits on creation.
	Limits Limits

	// WebhookAllowPrivate lets webhooks reach loopback and private
	// addresses (an intranet receiver, tests). Off, a webhook URL cannot
	// make Vigie probe its own network.
	WebhookAllowPrivate bool
	// WebhookTimeout bounds one webhook request; default 10s.
	WebhookTimeout time.Duration
	// SilentAfter is how long an active alert may match nothing before
	// it is told (silent.go); default 14 days.
	SilentAfter time.Duration
}

// Limits bound alert creation (abuse) and the size of e-mails. Zero fields
// take the defaults.
type Limits struct {
	PerIPPerHour       int // creations per client IP per hour; default 10
	PendingPerDay      int // unconfirmed alerts created per address per day; default 5
	PerEmail           int // alerts per address (all states); default 50
	MaxBodyBytes       int // largest creation request; default 16 KiB
	MaxHitsPerEmail    int // articles listed in one e-mail; default 50
	MaxQueuedPerDigest int // matches kept for one digest; default 200
}

func (c *Config) setDefaults() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.PollInterval, 15*time.Second)
	def(&c.RetryBase, 30*time.Second)
	def(&c.RetryMax, time.Hour)
	def(&c.GiveUpAfter, 72*time.Hour)
	def(&c.PendingTTL, 7*24*time.Hour)
	def(&c.WebhookTimeout, 10*time.Second)
	def(&c.SilentAfter, 14*24*time.Hour)
	defInt := func(n *int, v int) {
		if *n <= 0 {
			*n = v
		}
	}
	defInt(&c.Limits.PerIPPerHour, 10)
	defInt(&c.Limits.PendingPerDay, 5)
	defInt(&c.Limits.PerEmail, 50)
	defInt(&c.Limits.MaxBodyBytes, 16<<10)
	defInt(&c.Limits.MaxHitsPerEmail, 50)
	defInt(&c.Limits.MaxQueuedPerDigest, 200)
	if c.MailFrom == "" {
		c.MailFrom = "Vigie <vigie@localhost>"
	}
}

// Validate checks the configuration.
func (c *Config) Validate() error {
	switch {
	case c.Store == nil:
		return errors.New("alert: config: Store is required")
	case c.Searcher == nil:
		return errors.New("alert: config: Searcher is required")
	case c.DataDir == "":
		return errors.New("alert: config: DataDir is required (the link-signing secret lives there)")
	case c.DigestHour < 0 || c.DigestHour > 23:
		return fmt.Errorf("alert: config: digest hour %d is not between 0 and 23", c.DigestHour)
	case c.RetryMax < c.RetryBase:
		return errors.New("alert: config: RetryMax is smaller than RetryBase")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("alert: config: base URL %q must be an absolute http(s) URL (VIGIE_BASE_URL)", c.BaseURL)
	}
	if _, err := netmail.ParseAddress(c.MailFrom); err != nil {
		return fmt.Errorf("alert: config: mail from %q: %w (VIGIE_MAIL_FROM)", c.MailFrom, err)
	}
	if c.SMTPURL != "" {
		if err := mail.ParseURL(c.SMTPURL); err != nil {
			return fmt.Errorf("alert: config: %w (VIGIE_SMTP_URL)", err)
		}
	}
	return nil
}

// Service is the alert service: HTTP routes, the ingest listener and the
// dispatcher. It is safe for concurrent use; Run runs once.
type Service struct {
	cfg      Config
	st       *store.Store
	db       *bolt.DB
	searcher *search.Searcher
	sender   mail.Sender // nil: mail not configured
	hooks    *hook.Client
	sign     signer
	log      *slog.Logger
	base     string // BaseURL without trailing slash
	msgHost  string // right-hand side of Message-IDs
	mapping  mapping.IndexMapping
	ipLimit  *windowLimiter
	wake     chan struct{}

	// matchMu serialises matching passes: each reads the matcher
	// watermark, then writes it.
	matchMu sync.Mutex
	// alerts spares each pass decoding the alerts that did not change.
	alerts alertCache
}

// New opens the alert service: it creates its buckets and the signing
// secret when missing and picks the mail transport.
func New(cfg Config) (*Service, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	key, err := loadSecret(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := createBuckets(cfg.Store.DB()); err != nil {
		return nil, err
	}
	m, err := memMapping()
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	s := &Service{
		cfg: cfg, st: cfg.Store, db: cfg.Store.DB(), searcher: cfg.Searcher,
		sign: signer{key: key}, log: cfg.Logger, base: base, msgHost: messageHost(cfg.BaseURL, cfg.MailFrom),
		mapping: m, ipLimit: newWindowLimiter(cfg.Limits.PerIPPerHour, time.Hour),
		wake:  make(chan struct{}, 1),
		hooks: hook.New(hook.Config{Timeout: cfg.WebhookTimeout, AllowPrivate: cfg.WebhookAllowPrivate}),
	}
	switch {
	case cfg.Sender != nil:
		s.sender = cfg.Sender
	case cfg.MailDir != "":
		if s.sender, err = mail.NewDir(cfg.MailDir); err != nil {
			return nil, err
		}
	case cfg.SMTPURL != "":
		if s.sender, err = mail.NewSMTP(mail.SMTPConfig{URL: cfg.SMTPURL, TLSConfig: cfg.SMTPTLS, Timeout: cfg.SMTPTimeout}); err != nil {
			return nil, err
		}
		if !strings.HasPrefix(cfg.BaseURL, "https://") {
			// RFC 8058: mailbox providers only offer one-click
			// unsubscribe for an https URI.
			s.log.Warn("alert_base_url_not_https", slog.String("base_url", cfg.BaseURL))
		}
	default:
		s.log.Info("alert_mail_not_configured")
	}
	return s, nil
}

// messageHost is the domain of Message-IDs: the site's host, else the
// sender's domain.
func messageHost(baseURL, from string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	if a, err := netmail.ParseAddress(from); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok {
			return d
		}
	}
	return "vigie.localhost"
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// nudge wakes the dispatcher (instant alerts leave at once).
func (s *Service) nudge() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run is the dispatcher: it first catches up on matches missed while the
// process was down, then every PollInterval (or when woken) turns due
// digests into e-mails, delivers the outbox, and expires old alerts. It
// returns when ctx is cancelled.
func (s *Service) Run(ctx context.Context) {
	if err := s.matchUpTo(ctx, s.st.LastSeq()); err != nil && ctx.Err() == nil {
		s.log.Error("alert_catch_up_failed", slog.Any("error", err))
	}
	t := time.NewTicker(s.cfg.PollInterval)
	defer t.Stop()
	var d dispatcher
	for {
		s.cycle(ctx, &d)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// dispatcher is the state of Run's loop.
type dispatcher struct {
	nextDigest, nextHousekeeping time.Time
}

// housekeepingEvery is how often expired alerts are looked for.
const housekeepingEvery = time.Hour

func (s *Service) cycle(ctx context.Context, d *dispatcher) {
	now := s.now()
	if !now.Before(d.nextDigest) {
		if err := s.flushDigests(now); err != nil {
			s.log.Error("alert_digest_failed", slog.Any("error", err))
		} else {
			d.nextDigest = nextSlot(now, s.cfg.DigestHour)
		}
	}
	if !now.Before(d.nextHousekeeping) {
		if err := s.expire(now); err != nil {
			s.log.Error("alert_expire_failed", slog.Any("error", err))
		}
		s.ipLimit.prune(now)
		d.nextHousekeeping = now.Add(housekeepingEvery)
	}
	s.deliver(ctx)
}
