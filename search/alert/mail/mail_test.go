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
	"math/big"
	"mime"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vigie/search/alert/mail/smtptest"
)

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
		opts    smtptest.Options
		url     string // with HOST for the server address
		wantTLS bool
		wantErr string
	}{
		{name: "plain text", url: "smtp://HOST?tls=none"},
		{name: "opportunistic STARTTLS, not offered", url: "smtp://HOST"},
		{name: "opportunistic STARTTLS", opts: smtptest.Options{TLS: serverTLS}, url: "smtp://HOST", wantTLS: true},
		{name: "required STARTTLS", opts: smtptest.Options{TLS: serverTLS}, url: "smtp://HOST?tls=required", wantTLS: true},
		{name: "required STARTTLS, not offered", url: "smtp://HOST?tls=required", wantErr: "STARTTLS"},
		{name: "implicit TLS", opts: smtptest.Options{TLS: serverTLS, Implicit: true}, url: "smtps://HOST", wantTLS: true},
		{name: "auth over STARTTLS", opts: smtptest.Options{TLS: serverTLS, User: "vigie", Pass: "p@ss w0rd"},
			url: "smtp://vigie:p%40ss%20w0rd@HOST?tls=required&auth=plain", wantTLS: true},
		{name: "auth discovered over implicit TLS", opts: smtptest.Options{TLS: serverTLS, Implicit: true, User: "vigie", Pass: "pw"},
			url: "smtps://vigie:pw@HOST", wantTLS: true},
		{name: "wrong password", opts: smtptest.Options{TLS: serverTLS, User: "vigie", Pass: "pw"},
			url: "smtp://vigie:nope@HOST?tls=required&auth=plain", wantErr: "535"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtptest.Start(t, tc.opts)
			s, err := NewSMTP(SMTPConfig{URL: strings.Replace(tc.url, "HOST", srv.Addr, 1), TLSConfig: clientTLS, Timeout: 5 * time.Second})
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
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("%d messages received", len(got))
			}
			if got[0].TLS != tc.wantTLS {
				t.Errorf("over TLS: %v, want %v", got[0].TLS, tc.wantTLS)
			}
			checkMessage(t, got[0].Data)
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
		opts      smtptest.Options
		permanent bool
	}{
		{"unknown recipient", smtptest.Options{RcptCode: 550}, true},
		{"mailbox full, try later", smtptest.Options{RcptCode: 452}, false},
		{"content refused", smtptest.Options{DataCode: 554}, true},
		{"greylisted", smtptest.Options{DataCode: 451}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtptest.Start(t, tc.opts)
			s, err := NewSMTP(SMTPConfig{URL: "smtp://" + srv.Addr + "?tls=none", Timeout: 5 * time.Second})
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
