package feed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"
	"unicode/utf8"
)

// maxReasonLen bounds State.LastError: it is shown on the feeds page.
const maxReasonLen = 300

// Refresh is the one coordinator for one feed: conditional fetch, status
// handling, parse, Sink.Ingest, then the new State. The new validators and
// content hash are saved only after the sink accepted the items; on any
// failure the previous ones are kept, so nothing is skipped.
func (p *Poller) Refresh(ctx context.Context, src Source) Report {
	release, err := p.acquire(ctx, hostKey(src.URL))
	if err != nil {
		return p.finish(Report{Source: src, Outcome: OutcomeCanceled, Err: err})
	}
	defer release()

	start := p.cfg.Now()
	rep := p.refresh(ctx, src)
	rep.Duration = p.cfg.Now().Sub(start)
	return p.finish(rep)
}

func (p *Poller) refresh(ctx context.Context, src Source) Report {
	rep := Report{Source: src}
	prev, found, err := p.cfg.States.FeedState(src.URL)
	if err != nil {
		// Nothing can be saved either; wait an interval before trying again
		// rather than spinning on a broken store.
		rep.Outcome, rep.Err = OutcomeError, fmt.Errorf("load feed state: %w", err)
		rep.NextCheckAt = p.cfg.Now().Add(p.interval(src))
		p.remember(src.URL, rep.NextCheckAt)
		return rep
	}
	if !found {
		prev = State{URL: src.URL, Name: src.Name}
	}

	res, err := p.fetch(ctx, src, prev)
	now := p.cfg.Now()
	if ctx.Err() != nil {
		rep.Outcome, rep.Err = OutcomeCanceled, ctx.Err()
		return rep
	}
	rep.Status = res.Status
	if res.FinalURL != "" && res.FinalURL != src.URL {
		rep.FinalURL = res.FinalURL
		if res.Moved {
			p.cfg.Logger.Warn("feed moved permanently", slog.String("feed", src.Name),
				slog.String("url", src.URL), slog.String("final_url", res.FinalURL))
		}
	}

	next := prev
	next.URL, next.Name = src.URL, src.Name
	next.CheckedAt = now
	next.LastStatus = res.Status
	next.FetchCount++

	if err != nil {
		return p.failed(rep, next, now, err, res.RetryAfter)
	}
	if res.NotModified {
		// A 304 may carry fresh validators; without them the old ones stand.
		next.ETag = firstNonEmpty(res.ETag, prev.ETag)
		next.LastModified = firstNonEmpty(res.LastModified, prev.LastModified)
		rep.Outcome = OutcomeNotModified
		return p.succeeded(rep, next, now, res.MaxAge)
	}

	hash := contentHash(res.Body)
	if hash == prev.ContentHash {
		next.ETag, next.LastModified = res.ETag, res.LastModified
		rep.Outcome, rep.Items = OutcomeUnchanged, prev.ItemsLast
		return p.succeeded(rep, next, now, res.MaxAge)
	}

	parsed, err := Parse(res.Body, res.ContentType, firstNonEmpty(res.FinalURL, src.URL))
	if err != nil {
		return p.failed(rep, next, now, err, 0)
	}
	if parsed.Truncated {
		p.cfg.Logger.Warn("feed truncated", slog.String("feed", src.Name), slog.String("url", src.URL),
			slog.Int("items", len(parsed.Items)))
	}
	rep.Items = len(parsed.Items)
	n, err := p.cfg.Sink.Ingest(ctx, src, parsed, now)
	if err != nil {
		if ctx.Err() != nil {
			rep.Outcome, rep.Err = OutcomeCanceled, ctx.Err()
			return rep
		}
		return p.failed(rep, next, now, fmt.Errorf("ingest failed: %w", err), 0)
	}

	rep.Outcome, rep.New = OutcomeOK, n
	next.ETag, next.LastModified, next.ContentHash = res.ETag, res.LastModified, hash
	next.ItemsLast = len(parsed.Items)
	next.ItemsNew += int64(n)
	if parsed.Title != "" {
		next.Title = parsed.Title
	}
	return p.succeeded(rep, next, now, max(res.MaxAge, parsed.TTL))
}

// fetch fetches the feed, through the host gate the full-text fetcher
// shares when there is one, so a feed and its pages are not requested at
// once.
func (p *Poller) fetch(ctx context.Context, src Source, prev State) (FetchResult, error) {
	if p.cfg.Gate == nil {
		return p.cfg.Fetcher.Fetch(ctx, src.URL, prev)
	}
	release, err := p.cfg.Gate.Acquire(ctx, hostKey(src.URL))
	if err != nil {
		return FetchResult{}, err
	}
	defer release(0)
	return p.cfg.Fetcher.Fetch(ctx, src.URL, prev)
}

// succeeded schedules the next check after the feed's interval, or later if
// the server's cache lifetime or <ttl> asks for it, and saves the state.
func (p *Poller) succeeded(rep Report, next State, now time.Time, hint time.Duration) Report {
	next.LastSuccessAt = now
	next.ErrorCount = 0
	next.LastError = ""
	next.NextCheckAt = now.Add(max(p.interval(rep.Source), min(hint, p.cfg.MaxHint)))
	return p.save(rep, next)
}

// failed keeps the previous validators and content hash (next still has
// them), counts the failure and backs off.
func (p *Poller) failed(rep Report, next State, now time.Time, err error, retryAfter time.Duration) Report {
	rep.Outcome, rep.Err = OutcomeError, err
	next.ErrorCount++
	next.LastError = reason(err)
	delay := p.backoff(p.interval(rep.Source), next.ErrorCount)
	if retryAfter > 0 {
		// Never sooner than the server asked, nor than our own backoff.
		delay = max(delay, min(retryAfter, p.cfg.MaxHint))
	}
	next.NextCheckAt = now.Add(delay)
	return p.save(rep, next)
}

func (p *Poller) save(rep Report, next State) Report {
	rep.NextCheckAt = next.NextCheckAt
	p.remember(next.URL, next.NextCheckAt)
	if err := p.cfg.States.PutFeedState(next); err != nil {
		err = fmt.Errorf("save feed state: %w", err)
		rep.Outcome, rep.Err = OutcomeError, errors.Join(rep.Err, err)
	}
	return rep
}

func (p *Poller) remember(url string, next time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.notBefore[url] = next
}

// backoff doubles the interval per consecutive failure, caps it at
// MaxBackoff and spreads it by ±20% so that feeds failing together (a
// network outage) do not all come back at the same second.
func (p *Poller) backoff(interval time.Duration, failures int) time.Duration {
	delay := interval
	for i := 0; i < failures && delay < p.cfg.MaxBackoff; i++ {
		delay *= 2
	}
	delay = min(delay, p.cfg.MaxBackoff)
	jitter := 0.8 + 0.4*rand.Float64()
	return time.Duration(float64(delay) * jitter)
}

// finish logs the report and calls the metrics hook.
func (p *Poller) finish(rep Report) Report {
	attrs := []any{
		slog.String("feed", rep.Source.Name), slog.String("url", rep.Source.URL),
		slog.String("outcome", rep.Outcome), slog.Int("status", rep.Status),
		slog.Int("new", rep.New), slog.Int64("duration_ms", rep.Duration.Milliseconds()),
	}
	switch rep.Outcome {
	case OutcomeError:
		p.cfg.Logger.Warn("feed refresh failed", append(attrs, slog.Any("error", rep.Err))...)
	case OutcomeCanceled:
		p.cfg.Logger.Debug("feed refresh canceled", attrs...)
	default:
		p.cfg.Logger.Info("feed refreshed", append(attrs, slog.Int("items", rep.Items))...)
	}
	if p.cfg.OnFetch != nil {
		p.cfg.OnFetch(rep.Source, rep.Outcome)
	}
	return rep
}

// reason is the text kept in State.LastError. Fetch and Parse errors are
// already short reasons; others are cut to fit the feeds page.
func reason(err error) string {
	s := err.Error()
	if len(s) <= maxReasonLen {
		return s
	}
	cut := maxReasonLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func contentHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:16])
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
