package feed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Poller defaults.
const (
	DefaultInterval    = 30 * time.Minute
	DefaultConcurrency = 4
	DefaultMaxBackoff  = 6 * time.Hour
	DefaultMaxHint     = 24 * time.Hour
	// maxSleep bounds Run's sleep, so that new state (a feed refreshed by
	// hand, a changed clock) is noticed within this delay.
	maxSleep = 30 * time.Second
	minSleep = time.Second
)

// PollerConfig configures a Poller. States and Sink are required.
type PollerConfig struct {
	Sources         []Source
	DefaultInterval time.Duration // for sources without their own; default 30m
	Concurrency     int           // max concurrent refreshes overall; default 4
	// MaxBackoff caps the delay after consecutive failures (default 6h);
	// MaxHint caps how far a server may push the next poll with
	// Cache-Control, <ttl> or Retry-After (default 24h).
	MaxBackoff, MaxHint time.Duration

	Fetcher *Fetcher // nil: NewFetcher with the defaults
	// Gate, when set, is shared with the full-text fetcher: each feed
	// request waits for its host's turn among the page requests too.
	Gate   *HostGate
	States StateStore
	Sink   Sink
	Logger *slog.Logger     // nil: slog.Default()
	Now    func() time.Time // for tests; nil: time.Now
	// OnFetch is called after each refresh with its outcome (the Outcome
	// constants), for metrics.
	OnFetch func(src Source, outcome string)
}

// Validate checks the configuration, after defaults are applied.
func (c PollerConfig) Validate() error {
	var errs []error
	if c.States == nil {
		errs = append(errs, errors.New("States is required"))
	}
	if c.Sink == nil {
		errs = append(errs, errors.New("Sink is required"))
	}
	if c.DefaultInterval < 0 || c.Concurrency < 0 || c.MaxBackoff < 0 || c.MaxHint < 0 {
		errs = append(errs, errors.New("durations and Concurrency must not be negative"))
	}
	seen := make(map[string]string, len(c.Sources))
	for _, s := range c.Sources {
		if err := validateURL(s.URL); err != nil {
			errs = append(errs, fmt.Errorf("source %q: %w", s.Name, err))
			continue
		}
		if other, dup := seen[urlKey(s.URL)]; dup {
			errs = append(errs, fmt.Errorf("sources %q and %q share the url %s", other, s.Name, s.URL))
		}
		seen[urlKey(s.URL)] = s.Name
	}
	if len(errs) > 0 {
		return fmt.Errorf("feed poller config: %w", errors.Join(errs...))
	}
	return nil
}

func (c PollerConfig) withDefaults() PollerConfig {
	if c.DefaultInterval == 0 {
		c.DefaultInterval = DefaultInterval
	}
	if c.Concurrency == 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.MaxBackoff == 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	if c.MaxHint == 0 {
		c.MaxHint = DefaultMaxHint
	}
	if c.Fetcher == nil {
		c.Fetcher = NewFetcher(FetcherConfig{})
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Poller refreshes feeds on schedule. Scheduling (PollDue, Run), the worker
// bound (slots, hosts) and the per-feed work (Refresh) are separate pieces.
type Poller struct {
	cfg   PollerConfig
	slots chan struct{} // one token per concurrent refresh

	mu    sync.Mutex
	hosts map[string]chan struct{} // one token per host: politeness
	// notBefore remembers each feed's next check in memory too, so a feed
	// whose state could not be saved is not fetched again at once.
	notBefore map[string]time.Time
}

// NewPoller validates cfg and returns a Poller.
func NewPoller(cfg PollerConfig) (*Poller, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Poller{
		cfg:       cfg,
		slots:     make(chan struct{}, cfg.Concurrency),
		hosts:     make(map[string]chan struct{}),
		notBefore: make(map[string]time.Time),
	}, nil
}

// Report is the result of one refresh.
type Report struct {
	Source      Source
	Outcome     string // one of the Outcome constants
	Status      int    // HTTP status, 0 when no response
	New         int    // items the sink counted as new or updated
	Items       int    // items in the feed
	Err         error
	Duration    time.Duration
	FinalURL    string // where redirects led, when they did
	NextCheckAt time.Time
}

// Outcomes of a refresh, as passed to OnFetch.
const (
	OutcomeOK          = "ok"
	OutcomeNotModified = "not_modified" // 304
	OutcomeUnchanged   = "unchanged"    // same body as last time: not ingested again
	OutcomeError       = "error"
	OutcomeCanceled    = "canceled" // the caller's context ended: state untouched
)

// PollOnce refreshes every feed now, whatever its schedule.
func (p *Poller) PollOnce(ctx context.Context) []Report {
	return p.refreshAll(ctx, p.cfg.Sources)
}

// PollDue refreshes the feeds whose next check is due.
func (p *Poller) PollDue(ctx context.Context) []Report {
	now := p.cfg.Now()
	var due []Source
	for _, src := range p.cfg.Sources {
		if next, ok := p.nextCheck(src); !ok || !next.After(now) {
			due = append(due, src)
		}
	}
	return p.refreshAll(ctx, due)
}

// Run polls due feeds until ctx ends, sleeping until the next feed is due
// (at most 30s at a time). It returns nil when ctx is cancelled.
func (p *Poller) Run(ctx context.Context) error {
	for {
		p.PollDue(ctx)
		wait := p.untilNextDue()
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C:
		}
	}
}

func (p *Poller) untilNextDue() time.Duration {
	now := p.cfg.Now()
	wait := maxSleep
	for _, src := range p.cfg.Sources {
		next, ok := p.nextCheck(src)
		if !ok {
			return minSleep
		}
		wait = min(wait, next.Sub(now))
	}
	return max(wait, minSleep)
}

// nextCheck returns when src is next due; false when it never was checked
// or its state cannot be read (then it is due, and Refresh reports why).
func (p *Poller) nextCheck(src Source) (time.Time, bool) {
	p.mu.Lock()
	mem, inMem := p.notBefore[src.URL]
	p.mu.Unlock()
	st, found, err := p.cfg.States.FeedState(src.URL)
	if err != nil || !found {
		return mem, inMem
	}
	if inMem && mem.After(st.NextCheckAt) {
		return mem, true
	}
	return st.NextCheckAt, true
}

func (p *Poller) refreshAll(ctx context.Context, srcs []Source) []Report {
	reports := make([]Report, len(srcs))
	var wg sync.WaitGroup
	for i, src := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i] = p.Refresh(ctx, src)
		}()
	}
	wg.Wait()
	return reports
}

// acquire takes src's host token, then a global slot, in that order, so a
// refresh waiting for a busy host does not hold a slot others could use.
func (p *Poller) acquire(ctx context.Context, host string) (release func(), err error) {
	p.mu.Lock()
	hostTok, ok := p.hosts[host]
	if !ok {
		hostTok = make(chan struct{}, 1)
		p.hosts[host] = hostTok
	}
	p.mu.Unlock()

	select {
	case hostTok <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		<-hostTok
		return nil, ctx.Err()
	}
	return func() {
		<-p.slots
		<-hostTok
	}, nil
}

func (p *Poller) interval(src Source) time.Duration {
	if src.Interval > 0 {
		return src.Interval
	}
	return p.cfg.DefaultInterval
}
