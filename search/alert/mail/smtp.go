package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Sender opens delivery sessions. A session sends messages one at a time so
// the caller can record each acceptance before the next message (and before
// the session's QUIT): see the alert outbox.
type Sender interface {
	Open(ctx context.Context) (Session, error)
}

// Session sends messages over one connection (or into one directory).
type Session interface {
	// Send returns nil once the server accepted the message.
	Send(ctx context.Context, m *Message) error
	Close() error
}

// SMTPConfig configures an SMTP sender.
type SMTPConfig struct {
	// URL is smtp://[user:pass@]host[:port][?tls=...&auth=...] (STARTTLS)
	// or smtps://... (implicit TLS). tls is "opportunistic" (the default:
	// STARTTLS when the server offers it), "required" or "none"; auth is
	// "auto" (the default: the strongest mechanism the server offers over
	// the connection's protection), "plain", "login", "cram-md5" or
	// "scram-sha-256". Default ports: 587 for smtp, 465 for smtps.
	URL string
	// TLSConfig replaces the default TLS settings (tests: a private CA).
	TLSConfig *tls.Config
	// Timeout bounds connecting and each SMTP command; 0 means 30s.
	Timeout time.Duration
	// HELO is the name announced to the server; empty means the host name.
	HELO string
}

// SMTP sends through an SMTP server.
type SMTP struct {
	host    string
	options []gomail.Option
}

// smtpURL is a parsed SMTP URL.
type smtpURL struct {
	host       string
	port       int
	implicit   bool
	tls        gomail.TLSPolicy
	user, pass string
	auth       gomail.SMTPAuthType
}

// ParseURL checks an SMTP URL without connecting; the error says what is
// wrong in terms of the URL.
func ParseURL(raw string) error {
	_, err := parseSMTPURL(raw)
	return err
}

func parseSMTPURL(raw string) (smtpURL, error) {
	var s smtpURL
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return s, fmt.Errorf("mail: SMTP URL: %w", err)
	}
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port, s.implicit = 465, true
	default:
		return s, fmt.Errorf("mail: SMTP URL scheme %q: use smtp:// (STARTTLS) or smtps:// (implicit TLS)", u.Scheme)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return s, errors.New("mail: SMTP URL has no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return s, fmt.Errorf("mail: SMTP URL port %q is not a port number", p)
		}
		s.port = n
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	q := u.Query()
	for k := range q {
		if k != "tls" && k != "auth" {
			return s, fmt.Errorf("mail: SMTP URL parameter %q is unknown; use tls= or auth=", k)
		}
	}
	if s.tls, err = tlsPolicy(q.Get("tls"), s.implicit); err != nil {
		return s, err
	}
	if s.auth, err = authType(q.Get("auth"), s.user != ""); err != nil {
		return s, err
	}
	return s, nil
}

func tlsPolicy(v string, implicit bool) (gomail.TLSPolicy, error) {
	switch strings.ToLower(v) {
	case "", "opportunistic", "starttls":
		return gomail.TLSOpportunistic, nil
	case "required", "mandatory":
		return gomail.TLSMandatory, nil
	case "none", "off":
		if implicit {
			return 0, errors.New("mail: smtps:// is TLS from the first byte; tls=none contradicts it (use smtp://)")
		}
		return gomail.NoTLS, nil
	}
	return 0, fmt.Errorf("mail: SMTP URL tls=%q: use opportunistic, required or none", v)
}

func authType(v string, hasUser bool) (gomail.SMTPAuthType, error) {
	if !hasUser {
		if v != "" {
			return "", errors.New("mail: SMTP URL sets auth= but has no user name")
		}
		return gomail.SMTPAuthNoAuth, nil
	}
	switch strings.ToLower(v) {
	case "", "auto":
		return gomail.SMTPAuthAutoDiscover, nil
	case "plain":
		return gomail.SMTPAuthPlain, nil
	case "login":
		return gomail.SMTPAuthLogin, nil
	case "cram-md5":
		return gomail.SMTPAuthCramMD5, nil
	case "scram-sha-256":
		return gomail.SMTPAuthSCRAMSHA256, nil
	}
	return "", fmt.Errorf("mail: SMTP URL auth=%q: use auto, plain, login, cram-md5 or scram-sha-256", v)
}

// NewSMTP returns a sender for cfg.URL.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	u, err := parseSMTPURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	tc := cfg.TLSConfig
	if tc == nil {
		tc = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	tc = tc.Clone()
	if tc.ServerName == "" {
		tc.ServerName = u.host
	}
	opts := []gomail.Option{
		gomail.WithPort(u.port),
		gomail.WithTimeout(timeout),
		gomail.WithTLSConfig(tc),
		gomail.WithTLSPolicy(u.tls),
	}
	if u.implicit {
		opts = append(opts, gomail.WithSSL())
	}
	if cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(cfg.HELO))
	}
	if u.auth != gomail.SMTPAuthNoAuth {
		opts = append(opts, gomail.WithSMTPAuth(u.auth), gomail.WithUsername(u.user), gomail.WithPassword(u.pass))
	}
	// Validate the options once now rather than on the first alert.
	if _, err := gomail.NewClient(u.host, opts...); err != nil {
		return nil, fmt.Errorf("mail: SMTP client: %w", err)
	}
	return &SMTP{host: u.host, options: opts}, nil
}

// Open connects, says EHLO, negotiates TLS and authenticates.
func (s *SMTP) Open(ctx context.Context) (Session, error) {
	c, err := gomail.NewClient(s.host, s.options...)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP client: %w", err)
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, fmt.Errorf("mail: connect to %s: %w", s.host, err)
	}
	return &smtpSession{c: c}, nil
}

type smtpSession struct {
	c *gomail.Client
}

func (s *smtpSession) Send(ctx context.Context, m *Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	msg, err := m.build()
	if err != nil {
		return err
	}
	if err := s.c.Send(msg); err != nil {
		// go-mail resets the session after the server accepted the
		// DATA; a failing RSET does not undo the delivery.
		if msg.IsDelivered() {
			return nil
		}
		return fmt.Errorf("mail: send %s: %w", m.ID, err)
	}
	return nil
}

func (s *smtpSession) Close() error { return s.c.Close() }

// Permanent reports whether err means the message will never be accepted
// as it is: an invalid message, or a 5xx reply to the recipient or to the
// message content. Everything else (connection refused, timeouts, 4xx,
// even a 5xx to AUTH or MAIL FROM, which is a configuration problem an
// operator can fix) is worth retrying.
func Permanent(err error) bool {
	if errors.Is(err, ErrInvalidMessage) {
		return true
	}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return false
	}
	switch se.Reason {
	case gomail.ErrSMTPRcptTo, gomail.ErrSMTPDataClose:
		code := se.ErrorCode()
		return code >= 500 && code < 600
	}
	return false
}
