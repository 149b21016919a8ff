package fulltext

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"vigie/indexer"
	"vigie/indexer/feed"
	"vigie/netguard"
)

// Defaults of Config.
const (
	DefaultUserAgent    = "Vigie/0.1 (+https://github.com/vigie; full-text reader; honours robots.txt)"
	DefaultTimeout      = 15 * time.Second
	DefaultMaxBytes     = 5 << 20
	DefaultMaxRedirects = 5
	DefaultHostDelay    = time.Second
	// MaxCrawlDelay caps a robots.txt Crawl-delay: a site asking for more
	// gets its pages at that pace, one feed poll at a time.
	MaxCrawlDelay = 30 * time.Second
	robotsTTL     = 24 * time.Hour
	robotsRetry   = time.Hour // after robots.txt could not be read
	maxRobots     = 512 << 10
)

// Config configures a Fetcher. The zero value takes the defaults.
type Config struct {
	UserAgent    string
	Timeout      time.Duration // per page, connection to last byte
	MaxBytes     int64         // larger pages are refused
	MaxRedirects int
	// HostDelay is the pause between two requests to one host; a
	// robots.txt Crawl-delay lengthens it. Negative means none (tests).
	HostDelay time.Duration
	// Gate is shared with the feed poller; nil makes one.
	Gate *feed.HostGate
}

func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	if c.HostDelay == 0 {
		c.HostDelay = DefaultHostDelay
	}
	if c.HostDelay < 0 {
		c.HostDelay = 0
	}
	if c.Gate == nil {
		c.Gate = feed.NewHostGate()
	}
	return c
}

// Fetcher fetches article pages and extracts their main text. It is safe
// for concurrent use.
type Fetcher struct {
	cfg    Config
	client *http.Client

	mu     sync.Mutex
	robots map[string]*robotsEntry // by scheme://host:port
}

type robotsEntry struct {
	data  *robotstxt.RobotsData
	until time.Time
	err   error
}

// New returns a Fetcher.
func New(cfg Config) *Fetcher {
	cfg = cfg.withDefaults()
	dialer := netguard.NewDialer(cfg.Timeout)
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would dial for us, past the address guard
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConnsPerHost:   1,
		IdleConnTimeout:       30 * time.Second,
	}
	f := &Fetcher{cfg: cfg, robots: map[string]*robotsEntry{}}
	f.client = &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return fmt.Errorf("more than %d redirects", cfg.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to a %s: URL", req.URL.Scheme)
			}
			return nil
		},
	}
	return f
}

// Extractor names the library that extracts the text, as stored with it.
const Extractor = "go-trafilatura v1.12.2"

// pageError is a failure with whether retrying may help.
type pageError struct {
	msg       string
	permanent bool
}

func (e *pageError) Error() string { return e.msg }

func permanent(format string, args ...any) error {
	return &pageError{msg: fmt.Sprintf(format, args...), permanent: true}
}

// Fetch fetches pageURL, linked from the feed at feedURL, and extracts its
// main text. A failure is returned as a Page with Error set (and Permanent
// when retrying cannot help), never as a panic or a partial text. feedText
// is the feed's own text: a page whose text does not relate to it (a
// cookie wall, a login page, a paywall teaser) is refused.
func (f *Fetcher) Fetch(ctx context.Context, pageURL, feedURL, feedText string) indexer.Page {
	page := indexer.Page{URL: pageURL, FetchedAt: time.Now().UTC(), Extractor: Extractor}
	text, final, err := f.fetch(ctx, pageURL, feedURL, feedText)
	if final != "" {
		page.URL = final
	}
	if err != nil {
		page.Error = err.Error()
		var pe *pageError
		page.Permanent = errors.As(err, &pe) && pe.permanent
		return page
	}
	page.Text = text
	return page
}

func (f *Fetcher) fetch(ctx context.Context, pageURL, feedURL, feedText string) (text, final string, err error) {
	u, err := url.Parse(pageURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "", "", permanent("not a web page link: %q", pageURL)
	}
	if fu, err := url.Parse(feedURL); err == nil && fu.Host != "" {
		ctx = netguard.WithTrusted(ctx, hostPort(fu))
	}
	delay, err := f.allowed(ctx, u)
	if err != nil {
		return "", "", err
	}
	body, final, ctype, err := f.get(ctx, u, delay)
	if err != nil {
		return "", final, err
	}
	text, err = Extract(body, ctype, final)
	if err != nil {
		return "", final, err
	}
	if !Relates(feedText, text) {
		return "", final, permanent("the page's text does not match the feed's (a cookie wall, login or paywall page?)")
	}
	return text, final, nil
}

// get fetches one page in its host's turn.
func (f *Fetcher) get(ctx context.Context, u *url.URL, delay time.Duration) (body []byte, final, ctype string, err error) {
	release, err := f.cfg.Gate.Acquire(ctx, feed.HostKey(u.String()))
	if err != nil {
		return nil, "", "", err
	}
	defer func() { release(delay) }()
	ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", "", permanent("page request: %v", err)
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	req.Header.Set("Accept-Language", "fr,en;q=0.8")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, "", "", transportError(err)
	}
	defer resp.Body.Close()
	final = resp.Request.URL.String()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, final, "", permanent("page: HTTP %d", resp.StatusCode)
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return nil, final, "", fmt.Errorf("page: HTTP %d", resp.StatusCode)
	case resp.StatusCode >= 400:
		return nil, final, "", permanent("page: HTTP %d", resp.StatusCode)
	case resp.StatusCode >= 300:
		return nil, final, "", permanent("page: HTTP %d without a usable redirect", resp.StatusCode)
	}
	ctype = resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ctype); ctype != "" && (err != nil || mt != "text/html" && mt != "application/xhtml+xml") {
		return nil, final, "", permanent("page is %s, not HTML", ctype)
	}
	if resp.ContentLength > f.cfg.MaxBytes {
		return nil, final, "", permanent("page is larger than %d bytes", f.cfg.MaxBytes)
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, f.cfg.MaxBytes+1))
	if err != nil {
		return nil, final, "", transportError(err)
	}
	if int64(len(body)) > f.cfg.MaxBytes {
		return nil, final, "", permanent("page is larger than %d bytes", f.cfg.MaxBytes)
	}
	return body, final, ctype, nil
}

// transportError keeps the address guard's refusals permanent and the
// rest (timeouts, resets) retryable.
func transportError(err error) error {
	var fa *netguard.ErrForbiddenAddress
	if errors.As(err, &fa) {
		return permanent("%v", fa)
	}
	var ue *url.Error
	if errors.As(err, &ue) && !ue.Timeout() {
		var ne net.Error
		if !errors.As(ue.Err, &ne) && strings.Contains(ue.Err.Error(), "redirect") {
			return permanent("page: %v", ue.Err)
		}
	}
	return fmt.Errorf("page: %w", err)
}

// allowed checks robots.txt for u and returns the pause its host asks
// between two requests.
func (f *Fetcher) allowed(ctx context.Context, u *url.URL) (time.Duration, error) {
	data, err := f.robotsFor(ctx, u)
	if err != nil {
		return f.cfg.HostDelay, fmt.Errorf("robots.txt: %w", err)
	}
	group := data.FindGroup(agentToken)
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if path == "" {
		path = "/"
	}
	if !group.Test(path) {
		return f.cfg.HostDelay, permanent("robots.txt of %s disallows %s", u.Host, path)
	}
	return max(f.cfg.HostDelay, min(group.CrawlDelay, MaxCrawlDelay)), nil
}

// agentToken is the product token robots.txt groups are matched against.
const agentToken = "Vigie"

func (f *Fetcher) robotsFor(ctx context.Context, u *url.URL) (*robotstxt.RobotsData, error) {
	origin := u.Scheme + "://" + hostPort(u)
	f.mu.Lock()
	e := f.robots[origin]
	f.mu.Unlock()
	if e != nil && time.Now().Before(e.until) {
		return e.data, e.err
	}
	data, err := f.readRobots(ctx, origin)
	e = &robotsEntry{data: data, err: err, until: time.Now().Add(robotsTTL)}
	if err != nil {
		e.until = time.Now().Add(robotsRetry)
	}
	if ctx.Err() == nil {
		f.mu.Lock()
		f.robots[origin] = e
		f.mu.Unlock()
	}
	return data, err
}

func (f *Fetcher) readRobots(ctx context.Context, origin string) (*robotstxt.RobotsData, error) {
	release, err := f.cfg.Gate.Acquire(ctx, feed.HostKey(origin))
	if err != nil {
		return nil, err
	}
	defer release(f.cfg.HostDelay)
	ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, transportError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobots))
	if err != nil {
		return nil, transportError(err)
	}
	// 4xx: no robots.txt, everything allowed; 5xx: the site is in
	// trouble, nothing is fetched until it answers (Google's rules).
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		return nil, err
	}
	return data, nil
}

// hostPort is u's host with its port made explicit, as the dialer sees it.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
