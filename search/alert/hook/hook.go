// Package hook delivers alert events to webhooks: one signed JSON POST per
// event, or the body a chat service's incoming webhook expects (Slack,
// Microsoft Teams, Matrix hookshot, ntfy).
//
// Every request, whatever its format, carries
//
//	Idempotency-Key: <event id>   the same at every attempt and after a crash
//	X-Vigie-Event: <event type>
//	X-Vigie-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//
// so a receiver can check that the request comes from the Vigie that holds
// the alert's secret, refuse replays older than a few minutes, and
// recognise a delivery it has already processed.
package hook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"vigie/netguard"
)

// Formats of the request body.
const (
	FormatJSON   = "json"   // the Event itself
	FormatSlack  = "slack"  // Slack incoming webhook: text + blocks
	FormatTeams  = "teams"  // Microsoft Teams (Workflows): an Adaptive Card message
	FormatMatrix = "matrix" // matrix-hookshot generic webhook: text + html
	FormatNtfy   = "ntfy"   // ntfy topic URL: plain text with Title/Click headers
)

// Formats lists every format, for validation and documentation.
var Formats = []string{FormatJSON, FormatSlack, FormatTeams, FormatMatrix, FormatNtfy}

// Event types.
const (
	TypeMatches = "alert.matches" // an instant alert's new articles
	TypeDigest  = "alert.digest"  // a daily or weekly digest
	TypeSilent  = "alert.silent"  // the alert has matched nothing for a while
)

// Event is what one delivery says, and the body of the json format.
type Event struct {
	ID        string    `json:"id"` // also the Idempotency-Key
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Alert     Alert     `json:"alert"`
	// Title is a one-line summary in the alert's language, the chat
	// formats' heading.
	Title    string    `json:"title"`
	Text     string    `json:"text,omitempty"` // notices: what they say
	Articles []Article `json:"articles"`
	More     int       `json:"more,omitempty"` // matches beyond the listed articles
}

// Alert identifies the alert of an event.
type Alert struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Frequency   string `json:"frequency"`
	Locale      string `json:"locale"`
	SearchURL   string `json:"search_url"`
	ManageURL   string `json:"manage_url"`
}

// Article is one matched article.
type Article struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Source    string    `json:"source"`
	Lang      string    `json:"lang"`
	Published time.Time `json:"published"`
	Date      string    `json:"date"` // Published as the alert's language writes it
	Companies []string  `json:"companies,omitempty"`
	Agencies  []string  `json:"agencies,omitempty"`
	AmountUSD float64   `json:"amount_usd,omitempty"`
	Snippet   string    `json:"snippet,omitempty"`
	Story     string    `json:"story,omitempty"`
}

// Sign is the X-Vigie-Signature value of body sent at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a X-Vigie-Signature header against body, refusing
// signatures older than maxAge (replays). It is what a receiver written in
// Go does; the README shows the same in a few lines of shell.
func Verify(secret, header string, body []byte, now time.Time, maxAge time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return errors.New("hook: malformed signature header")
	}
	want := Sign(secret, time.Unix(sec, 0), body)
	if !hmac.Equal([]byte(want), []byte("t="+ts+",v1="+sig)) {
		return errors.New("hook: signature does not match")
	}
	if age := now.Sub(time.Unix(sec, 0)); age > maxAge || age < -maxAge {
		return fmt.Errorf("hook: signature is %v old", age.Round(time.Second))
	}
	return nil
}

// CheckURL validates a webhook address as a subscriber types it: http or
// https, a host, no credentials, and for ntfy a topic in the path.
func CheckURL(raw, format string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.Opaque != "":
		return errors.New("must be an absolute URL, like https://hooks.example.org/vigie")
	case u.Scheme != "https" && u.Scheme != "http":
		return errors.New("must be an http or https URL")
	case u.User != nil:
		return errors.New("must not hold a user name or password (the request is signed instead)")
	case len(raw) > 2048:
		return errors.New("is longer than 2,048 characters")
	case format == FormatNtfy && strings.Trim(u.Path, "/") == "":
		return errors.New("must name the ntfy topic, like https://ntfy.sh/my-topic")
	}
	return nil
}

// Config configures a Client.
type Config struct {
	Timeout      time.Duration // whole request; default 10s
	UserAgent    string
	AllowPrivate bool // let webhooks reach private and loopback addresses
}

// Client posts events.
type Client struct {
	http *http.Client
	ua   string
}

// New is a client whose requests never reach non-public addresses (unless
// AllowPrivate) and never follow redirects: a webhook URL answers itself.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "Vigie/0.1 (+https://github.com/vigie; alert webhook)"
	}
	d := netguard.NewDialer(cfg.Timeout)
	d.AllowPrivate = cfg.AllowPrivate
	tr := &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout, MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute}
	return &Client{ua: cfg.UserAgent, http: &http.Client{
		Transport: tr, Timeout: cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Result is what one attempt gave.
type Result struct {
	Status   int           // HTTP status; 0 when no answer came
	Took     time.Duration //
	Response string        // the start of the answer's body, for the delivery log
	// RetryAfter is the receiver's Retry-After, when it gave one.
	RetryAfter time.Duration
}

// Error is a failed delivery; Permanent says retrying cannot help (a 4xx
// other than 408/425/429, a refused address, a redirect).
type Error struct {
	Msg       string
	Permanent bool
}

func (e *Error) Error() string { return e.Msg }

// IsPermanent reports whether err is a delivery failure that retrying
// cannot fix.
func IsPermanent(err error) bool {
	var he *Error
	return errors.As(err, &he) && he.Permanent
}

// Send posts ev to rawURL in format, signed with secret.
func (c *Client) Send(ctx context.Context, rawURL, format, secret string, ev *Event, now time.Time) (Result, error) {
	b, err := Build(format, rawURL, ev)
	if err != nil {
		return Result{}, &Error{Msg: err.Error(), Permanent: true}
	}
	body := b.Body
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.URL, bytes.NewReader(body))
	if err != nil {
		return Result{}, &Error{Msg: "webhook URL: " + err.Error(), Permanent: true}
	}
	h := req.Header
	h.Set("Content-Type", b.ContentType)
	h.Set("User-Agent", c.ua)
	h.Set("Idempotency-Key", ev.ID)
	h.Set("X-Vigie-Event", ev.Type)
	h.Set("X-Vigie-Signature", Sign(secret, now, body))
	start := time.Now()
	resp, err := c.http.Do(req)
	res := Result{Took: time.Since(start)}
	if err != nil {
		var fa *netguard.ErrForbiddenAddress
		return res, &Error{Msg: "webhook: " + unwrapURL(err).Error(), Permanent: errors.As(err, &fa)}
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // reuse the connection
	res.Status, res.Response = resp.StatusCode, strings.TrimSpace(string(head))
	res.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), now)
	return res, classify(resp.StatusCode)
}

func classify(status int) error {
	switch {
	case status >= 200 && status < 300:
		return nil
	case status >= 300 && status < 400:
		return &Error{Msg: fmt.Sprintf("webhook answered HTTP %d: redirects are not followed; give the final URL", status), Permanent: true}
	case status == http.StatusRequestTimeout, status == http.StatusTooEarly, status == http.StatusTooManyRequests, status >= 500:
		return &Error{Msg: fmt.Sprintf("webhook answered HTTP %d", status)}
	}
	return &Error{Msg: fmt.Sprintf("webhook refused the delivery: HTTP %d", status), Permanent: true}
}

// retryAfter reads a Retry-After of seconds or an HTTP date, capped at a
// day.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return max(0, min(d, 24*time.Hour))
}

func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
