package mail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// server is a real SMTP server (emersion/go-smtp) on 127.0.0.1.
type server struct {
	addr     string
	user     string // AUTH PLAIN required when set
	pass     string
	rcptCode int // reply to RCPT TO when non-zero
	dataCode int // reply to DATA when non-zero

	mu   sync.Mutex
	msgs [][]byte
	tls  []bool // whether each message came over TLS
}

type serverOpts struct {
	tls      *tls.Config // STARTTLS offered
	implicit bool        // TLS from the first byte
	user     string
	pass     string
	rcptCode int
	dataCode int
}

func startServer(t *testing.T, o serverOpts) *server {
	t.Helper()
	s := &server{user: o.user, pass: o.pass, rcptCode: o.rcptCode, dataCode: o.dataCode}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s, c: c}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = o.tls == nil && !o.implicit
	srv.ErrorLog = quiet{}
	if o.implicit {
		ln = tls.NewListener(ln, o.tls)
	} else {
		srv.TLSConfig = o.tls
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *server) received() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.msgs...)
}

type session struct {
	s      *server
	c      *smtp.Conn
	authed bool
}

func (ss *session) AuthMechanisms() []string {
	if ss.s.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.s.user || pass != ss.s.pass {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(string, *smtp.MailOptions) error {
	if ss.s.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}

func (ss *session) Rcpt(string, *smtp.RcptOptions) error {
	if ss.s.rcptCode != 0 {
		return &smtp.SMTPError{Code: ss.s.rcptCode, EnhancedCode: smtp.EnhancedCode{ss.s.rcptCode / 100, 1, 1}, Message: "no such user"}
	}
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if ss.s.dataCode != 0 {
		return &smtp.SMTPError{Code: ss.s.dataCode, EnhancedCode: smtp.EnhancedCode{ss.s.dataCode / 100, 3, 0}, Message: "not now"}
	}
	_, isTLS := ss.c.TLSConnectionState()
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	ss.s.msgs = append(ss.s.msgs, b)
	ss.s.tls = append(ss.s.tls, isTLS)
	return nil
}

func (ss *session) Reset()        {}
func (ss *session) Logout() error { return nil }

type quiet struct{}

func (quiet) Printf(string, ...interface{}) {}
func (quiet) Println(...interface{})        {}

// testTLS returns a server config with a fresh self-signed certificate for
// 127.0.0.1 and a client config trusting it.
func testTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "vigie test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}

func testMessage() *Message {
	return &Message{
		ID: "vigie.alert.0123456789abcdef01234567.7@vigie.example", From: "Vigie <alerts@vigie.example>",
		To: "analyst@example.org", Subject: "Vigie : 2 nouveaux articles pour « drone »\r\nBcc: victim@example.org",
		Date: time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC), Lang: "fr",
		Text: "Deux articles.\n", HTML: "<p>Deux <mark>articles</mark>.</p>",
		ListUnsubscribe: []string{"https://vigie.example/alerts/unsubscribe?token=abc.u.xyz"}, OneClick: true,
	}
}

func TestSMTP(t *testing.T) {
	serverTLS, clientTLS := testTLS(t)
	for _, tc := range []struct {
		name    string
		opts    serverOpts
		url     string // with HOST for the server address
		wantTLS bool
		wantErr string
	}{
		{name: "plain text", url: "smtp://HOST?tls=none"},
		{name: "opportunistic STARTTLS, not offered", url: "smtp://HOST"},
		{name: "opportunistic STARTTLS", opts: serverOpts{tls: serverTLS}, url: "smtp://HOST", wantTLS: true},
		{name: "required STARTTLS", opts: serverOpts{tls: serverTLS}, url: "smtp://HOST?tls=required", wantTLS: true},
		{name: "required STARTTLS, not offered", url: "smtp://HOST?tls=required", wantErr: "STARTTLS"},
		{name: "implicit TLS", opts: serverOpts{tls: serverTLS, implicit: true}, url: "smtps://HOST", wantTLS: true},
		{name: "auth over STARTTLS", opts: serverOpts{tls: serverTLS, user: "vigie", pass: "p@ss w0rd"},
			url: "smtp://vigie:p%40ss%20w0rd@HOST?tls=required&auth=plain", wantTLS: true},
		{name: "auth discovered over implicit TLS", opts: serverOpts{tls: serverTLS, implicit: true, user: "vigie", pass: "pw"},
			url: "smtps://vigie:pw@HOST", wantTLS: true},
		{name: "wrong password", opts: serverOpts{tls: serverTLS, user: "vigie", pass: "pw"},
			url: "smtp://vigie:nope@HOST?tls=required&auth=plain", wantErr: "535"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, tc.opts)
			s, err := NewSMTP(SMTPConfig{URL: strings.Replace(tc.url, "HOST", srv.addr, 1), TLSConfig: clientTLS, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			sess, err := s.Open(context.Background())
			if err == nil {
				err = sess.Send(context.Background(), testMessage())
				if cerr := sess.Close(); err == nil && cerr != nil {
					t.Errorf("close: %v", cerr)
				}
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("%d messages received", len(got))
			}
			if srv.tls[0] != tc.wantTLS {
				t.Errorf("over TLS: %v, want %v", srv.tls[0], tc.wantTLS)
			}
			checkMessage(t, got[0])
		})
	}
}

// checkMessage checks the headers of testMessage as received.
func checkMessage(t *testing.T, raw []byte) {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"Message-ID":            "<vigie.alert.0123456789abcdef01234567.7@vigie.example>",
		"List-Unsubscribe":      "<https://vigie.example/alerts/unsubscribe?token=abc.u.xyz>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Auto-Submitted":        "auto-generated",
		"Content-Language":      "fr",
		"Date":                  "Tue, 17 Jun 2025 09:00:00 +0000",
		"Bcc":                   "",
	} {
		if got := m.Header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if want := "Vigie : 2 nouveaux articles pour « drone » Bcc: victim@example.org"; subject != want {
		t.Errorf("subject %q, want %q (one line)", subject, want)
	}
	if !strings.HasPrefix(m.Header.Get("Content-Type"), "multipart/alternative;") {
		t.Errorf("Content-Type %q", m.Header.Get("Content-Type"))
	}
}

func TestPermanent(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opts      serverOpts
		permanent bool
	}{
		{"unknown recipient", serverOpts{rcptCode: 550}, true},
		{"mailbox full, try later", serverOpts{rcptCode: 452}, false},
		{"content refused", serverOpts{dataCode: 554}, true},
		{"greylisted", serverOpts{dataCode: 451}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, tc.opts)
			s, err := NewSMTP(SMTPConfig{URL: "smtp://" + srv.addr + "?tls=none", Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			sess, err := s.Open(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer sess.Close()
			err = sess.Send(context.Background(), testMessage())
			if err == nil {
				t.Fatal("send succeeded")
			}
			if got := Permanent(err); got != tc.permanent {
				t.Errorf("Permanent(%v) = %v, want %v", err, got, tc.permanent)
			}
		})
	}

	// Nobody listening: retry later.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	s, _ := NewSMTP(SMTPConfig{URL: "smtp://" + addr + "?tls=none", Timeout: time.Second})
	if _, err := s.Open(context.Background()); err == nil || Permanent(err) {
		t.Errorf("connection refused: %v, permanent %v", err, Permanent(err))
	}
	if _, err := (&Message{ID: "bad id", From: "a@b.example", To: "c@d.example"}).build(); !Permanent(err) {
		t.Errorf("an invalid message (%v) is permanent", err)
	}
}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		url, err string
	}{
		{"smtp://mail.example.org", ""},
		{"smtp://user:pass@mail.example.org:2525?tls=required", ""},
		{"smtps://user@mail.example.org", ""},
		{"smtp://[::1]:25?tls=none", ""},
		{"smtp://u:p@mail.example.org?auth=cram-md5", ""},
		{"http://mail.example.org", "scheme"},
		{"mail.example.org:25", "scheme"},
		{"smtp://", "no host"},
		{"smtp://mail.example.org:0", "port"},
		{"smtp://mail.example.org:99999", "port"},
		{"smtp://mail.example.org?tls=maybe", "tls="},
		{"smtps://mail.example.org?tls=none", "contradicts"},
		{"smtp://mail.example.org?auth=plain", "no user"},
		{"smtp://u@mail.example.org?auth=kerberos", "auth="},
		{"smtp://mail.example.org?timeout=5s", "unknown"},
		{"smtp://mail.example.org/%zz", "SMTP URL"},
	} {
		err := ParseURL(tc.url)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("ParseURL(%q): %v", tc.url, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseURL(%q) = %v, want an error about %q", tc.url, err, tc.err)
		}
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"smtp://u:p@h:25?tls=none", "smtps://h", "smtp://[::1]", "smtp://h?auth=plain&tls=required", "%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := parseSMTPURL(raw)
		if err != nil {
			return
		}
		if u.host == "" || u.port < 1 || u.port > 65535 {
			t.Fatalf("accepted %q as host %q port %d", raw, u.host, u.port)
		}
	})
}

func TestDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	d, err := NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := d.Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := testMessage()
	for range 2 { // a retry rewrites the same file
		if err := sess.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "vigie.alert.0123456789abcdef01234567.7_at_vigie.example.eml" {
		t.Fatalf("files %v", entries)
	}
	raw, err := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	checkMessage(t, raw)

	bad := *m
	bad.To = "not an address"
	if err := sess.Send(context.Background(), &bad); !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("invalid recipient: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a failed write left files: %v", entries)
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"a.b@host.example": "a.b_at_host.example.eml",
		"../../etc/passwd": "_.._etc_passwd.eml",
		"":                 "message.eml",
		"é<x>/y":           "__x__y.eml",
		"...@":             "_at_.eml",
	} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}
