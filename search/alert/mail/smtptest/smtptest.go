// Package smtptest is a real SMTP server (emersion/go-smtp) on 127.0.0.1
// for tests: it keeps what it receives, can require STARTTLS or implicit
// TLS and AUTH PLAIN, refuse recipients or content with a given code,
// turn the next messages away with a 451, and stop and restart on the same
// port to play an outage. One server for every test that sends mail.
package smtptest

import (
	"crypto/tls"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options configure a Server; the zero value is a plain server that
// accepts everything.
type Options struct {
	TLS      *tls.Config // STARTTLS offered when set
	Implicit bool        // TLS from the first byte (with TLS)
	User     string      // AUTH PLAIN required when set
	Pass     string
	RcptCode int // reply to every RCPT TO when non-zero
	DataCode int // reply to every DATA when non-zero
}

// Message is one accepted message.
type Message struct {
	From string
	To   []string
	Data []byte
	At   time.Time
	TLS  bool // it came over TLS
}

// Server is a running test server.
type Server struct {
	Addr string

	t    testing.TB
	opts Options

	mu       sync.Mutex
	srv      *smtp.Server
	msgs     []Message
	attempts []time.Time // every DATA, accepted or not
	reject   int         // the next n DATA get a 451
}

// Start listens on a free port of 127.0.0.1; the server stops with the
// test.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	s := &Server{t: t, opts: o}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) serve(ln net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{srv: s, c: c}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = s.opts.TLS == nil
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = quiet{}
	if s.opts.Implicit {
		ln = tls.NewListener(ln, s.opts.TLS)
	} else {
		srv.TLSConfig = s.opts.TLS
	}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go srv.Serve(ln)
}

// Stop closes the listener and every connection: clients get "connection
// refused" until Restart.
func (s *Server) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Restart listens again on the same address.
func (s *Server) Restart() {
	s.t.Helper()
	var ln net.Listener
	var err error
	for range 50 { // the port may take a moment to be free again
		if ln, err = net.Listen("tcp", s.Addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("restart SMTP server: %v", err)
	}
	s.serve(ln)
}

// RejectNext answers the next n messages with 451 "try again later"
// (0: accept again).
func (s *Server) RejectNext(n int) {
	s.mu.Lock()
	s.reject = n
	s.mu.Unlock()
}

// Messages returns the accepted messages so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// DataAttempts returns when each DATA arrived, accepted or not.
func (s *Server) DataAttempts() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.attempts...)
}

// WaitMessages waits until at least n messages arrived and returns them.
func (s *Server) WaitMessages(n int, timeout time.Duration) []Message {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msgs := s.Messages()
		if len(msgs) >= n {
			return msgs
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waited %v for %d messages, got %d", timeout, n, len(msgs))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Settled waits for n messages, then a little longer so that a duplicate
// would show, and returns all that arrived.
func (s *Server) Settled(n int, timeout time.Duration) []Message {
	s.t.Helper()
	s.WaitMessages(n, timeout)
	time.Sleep(200 * time.Millisecond)
	return s.Messages()
}

type session struct {
	srv    *Server
	c      *smtp.Conn
	from   string
	to     []string
	authed bool
}

func (ss *session) AuthMechanisms() []string {
	if ss.srv.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.srv.opts.User || pass != ss.srv.opts.Pass {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.opts.User != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if code := ss.srv.opts.RcptCode; code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 1, 1}, Message: "no such user"}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s := ss.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts = append(s.attempts, time.Now())
	if code := s.opts.DataCode; code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 3, 0}, Message: "not now"}
	}
	if s.reject > 0 {
		s.reject--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	_, isTLS := ss.c.TLSConnectionState()
	s.msgs = append(s.msgs, Message{From: ss.from, To: ss.to, Data: data, At: time.Now(), TLS: isTLS})
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

type quiet struct{}

func (quiet) Printf(string, ...any) {}
func (quiet) Println(...any)        {}
