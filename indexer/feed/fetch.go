package feed

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Fetcher defaults.
const (
	DefaultUserAgent      = "Vigie/0.1 (+https://github.com/vigie; feed reader)"
	DefaultTimeout        = 20 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxBytes       = 10 << 20
	DefaultMaxRedirects   = 5
)

// acceptFeeds prefers feed types but takes anything: many servers label
// feeds text/html or application/octet-stream.
const acceptFeeds = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// Fetch errors. Like parse errors, the text of each is a short reason for
// people; match them with errors.Is or errors.As.
var (
	ErrTooLarge = errors.New("body too large")
	ErrTimeout  = errors.New("timeout")
)

// StatusError is an HTTP status other than 2xx and 304.
type StatusError struct {
	Code       int
	RetryAfter time.Duration // from Retry-After, 0 when absent
}

func (e *StatusError) Error() string { return "HTTP " + strconv.Itoa(e.Code) }

// fetchError carries a short human reason and the underlying cause.
type fetchError struct {
	reason string
	err    error
}

func (e *fetchError) Error() string { return e.reason }
func (e *fetchError) Unwrap() error { return e.err }

type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string        { return "body larger than " + humanBytes(e.limit) }
func (e *tooLargeError) Is(target error) bool { return target == ErrTooLarge }

type timeoutError struct {
	what  string
	after time.Duration
}

func (e *timeoutError) Error() string        { return e.what + " after " + e.after.String() }
func (e *timeoutError) Is(target error) bool { return target == ErrTimeout }
func (e *timeoutError) Timeout() bool        { return true }

// FetcherConfig configures a Fetcher; zero fields take the defaults above.
type FetcherConfig struct {
	UserAgent      string
	Timeout        time.Duration // whole request: connect, headers and body
	ConnectTimeout time.Duration // TCP connect and TLS handshake
	MaxBytes       int64         // body limit, after decompression
	MaxRedirects   int
	Transport      http.RoundTripper // for tests; nil builds one from the timeouts
}

func (c FetcherConfig) withDefaults() FetcherConfig {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = min(DefaultConnectTimeout, c.Timeout)
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	return c
}

// Fetcher performs conditional GETs of feeds with hard limits on time, size
// and redirects. It is safe for concurrent use.
type Fetcher struct {
	cfg    FetcherConfig
	client *http.Client
}

// NewFetcher returns a Fetcher with its own http.Client.
func NewFetcher(cfg FetcherConfig) *Fetcher {
	cfg = cfg.withDefaults()
	tr := cfg.Transport
	if tr == nil {
		tr = newTransport(cfg)
	}
	f := &Fetcher{cfg: cfg}
	f.client = &http.Client{Transport: tr, CheckRedirect: f.checkRedirect}
	return f
}

func newTransport(cfg FetcherConfig) *http.Transport {
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            dialer.DialContext,
		TLSHandshakeTimeout:    cfg.ConnectTimeout,
		ResponseHeaderTimeout:  cfg.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
		ForceAttemptHTTP2:      true,
		// We send Accept-Encoding ourselves and inflate under MaxBytes, so
		// that a gzip bomb cannot get past the limit.
		DisableCompression: true,
	}
}

// FetchResult is what one GET returned.
type FetchResult struct {
	Status       int
	NotModified  bool // 304: the feed did not change since prev
	Body         []byte
	ContentType  string
	ETag         string
	LastModified string
	FinalURL     string        // after redirects
	Moved        bool          // every redirect on the way was permanent (301/308)
	RetryAfter   time.Duration // from Retry-After (429, 503), 0 when absent
	MaxAge       time.Duration // from Cache-Control max-age or Expires, 0 when absent
}

// redirectLog records, per request, whether all redirects were permanent.
type redirectLog struct {
	hops      int
	permanent bool
}

type redirectLogKey struct{}

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.cfg.MaxRedirects {
		return &fetchError{reason: fmt.Sprintf("too many redirects (more than %d)", f.cfg.MaxRedirects)}
	}
	if log, ok := req.Context().Value(redirectLogKey{}).(*redirectLog); ok && req.Response != nil {
		code := req.Response.StatusCode
		log.permanent = (log.hops == 0 || log.permanent) && (code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect)
		log.hops++
	}
	return nil
}

// Fetch GETs url, conditionally on prev's ETag and Last-Modified. A status
// other than 2xx or 304 returns the result (with RetryAfter) and a
// *StatusError. Errors carry short human reasons: "HTTP 500", "timeout after
// 20s", "body larger than 10 MiB"; a cancelled ctx returns ctx.Err().
func (f *Fetcher) Fetch(ctx context.Context, url string, prev State) (FetchResult, error) {
	if isFileURL(url) {
		return f.fetchFile(url, prev)
	}
	reqCtx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	redirects := &redirectLog{}
	reqCtx = context.WithValue(reqCtx, redirectLogKey{}, redirects)

	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, url, nil)
	if err != nil {
		return FetchResult{}, &fetchError{reason: "invalid URL", err: err}
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept", acceptFeeds)
	req.Header.Set("Accept-Encoding", "gzip")
	if prev.ETag != "" {
		req.Header.Set("If-None-Match", prev.ETag)
	}
	if prev.LastModified != "" {
		req.Header.Set("If-Modified-Since", prev.LastModified)
	}

	resp, err := f.client.Do(req)
	if err != nil {
		return FetchResult{}, f.explain(ctx, err)
	}
	defer resp.Body.Close()

	res := FetchResult{
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		FinalURL:     resp.Request.URL.String(),
		Moved:        redirects.hops > 0 && redirects.permanent,
		MaxAge:       cacheLifetime(resp.Header),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
		return res, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		res.Body, err = f.readBody(resp)
		if err != nil {
			return res, f.explain(ctx, err)
		}
		return res, nil
	default:
		res.RetryAfter = retryAfter(resp.Header, time.Now())
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return res, &StatusError{Code: resp.StatusCode, RetryAfter: res.RetryAfter}
	}
}

// readBody reads at most MaxBytes of (inflated) body.
func (f *Fetcher) readBody(resp *http.Response) ([]byte, error) {
	limit := f.cfg.MaxBytes
	if resp.ContentLength > limit {
		return nil, &tooLargeError{limit: limit}
	}
	var r io.Reader = resp.Body
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, &fetchError{reason: "corrupt gzip body", err: err}
		}
		defer zr.Close()
		r = zr
	default:
		return nil, &fetchError{reason: fmt.Sprintf("unsupported Content-Encoding %q", enc)}
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, &tooLargeError{limit: limit}
	}
	return body, nil
}

// explain turns a transport error into a short reason, keeping the cause.
// The caller's own cancellation is returned as is: it is not the feed's fault.
func (f *Fetcher) explain(parent context.Context, err error) error {
	if parent.Err() != nil {
		return parent.Err()
	}
	var (
		known   *fetchError // already explained (redirect limit, encodings)
		tooBig  *tooLargeError
		dnsErr  *net.DNSError
		opErr   *net.OpError
		certErr *tls.CertificateVerificationError
		hostErr x509.HostnameError
		netErr  net.Error
	)
	switch {
	case errors.As(err, &known):
		return known
	case errors.As(err, &tooBig):
		return tooBig
	case errors.As(err, &dnsErr):
		return &fetchError{reason: "DNS lookup failed for " + dnsErr.Name + ": " + dnsErr.Err, err: err}
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout():
		return &timeoutError{what: "connect timeout", after: f.cfg.ConnectTimeout}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return &timeoutError{what: "timeout", after: f.cfg.Timeout}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &fetchError{reason: "connection refused", err: err}
	case errors.Is(err, syscall.ECONNRESET):
		return &fetchError{reason: "connection reset by the server", err: err}
	case errors.As(err, &certErr), errors.As(err, &hostErr):
		return &fetchError{reason: "TLS certificate error: " + innermost(err), err: err}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &fetchError{reason: "connection closed before the response was complete", err: err}
	}
	return &fetchError{reason: "request failed: " + innermost(err), err: err}
}

// innermost returns the message of the deepest wrapped error, which drops
// the repeated "Get \"https://...\":" prefixes of url.Error.
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// retryAfter reads Retry-After as seconds or an HTTP date. An HTTP date is
// measured from the response's Date header when present, which makes it
// immune to clock skew between us and the server.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(30*24*3600))) * time.Second
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		now = date
	}
	return max(at.Sub(now), 0)
}

// cacheLifetime reads Cache-Control max-age, else Expires minus Date.
// no-cache and no-store mean no lifetime: the feed may change at any time.
func cacheLifetime(h http.Header) time.Duration {
	if cc := h.Get("Cache-Control"); cc != "" {
		for _, directive := range strings.Split(cc, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(directive), "=")
			switch strings.ToLower(name) {
			case "no-cache", "no-store":
				return 0
			case "max-age":
				if secs, err := strconv.ParseInt(strings.Trim(value, `"`), 10, 64); err == nil && secs > 0 {
					return time.Duration(min(secs, int64(365*24*3600))) * time.Second
				}
				return 0
			}
		}
	}
	expires, err := http.ParseTime(h.Get("Expires"))
	if err != nil {
		return 0
	}
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return 0
	}
	return max(expires.Sub(date), 0)
}
