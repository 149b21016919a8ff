package alert

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"

	"vigie/search/alert/mail/smtptest"
)

// The tests' SMTP server is the shared one (mail/smtptest).
type (
	testSMTP = smtptest.Server
	received = smtptest.Message
)

// startSMTP starts a server; o nil is a plain one.
func startSMTP(t *testing.T, o *smtptest.Options) *testSMTP {
	t.Helper()
	if o == nil {
		o = &smtptest.Options{}
	}
	return smtptest.Start(t, *o)
}

// parsedMail is a received e-mail, decoded.
type parsedMail struct {
	Header  netmail.Header
	Subject string
	Text    string
	HTML    string
}

// parseMail decodes a multipart/alternative message into its two parts.
func parseMail(t *testing.T, data []byte) parsedMail {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	p := parsedMail{Header: m.Header, Subject: subject}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v), want multipart/alternative", m.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		body, err := io.ReadAll(part) // quoted-printable is decoded by NextPart
		if err != nil {
			t.Fatalf("read part: %v", err)
		}
		ct, cparams, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if !strings.EqualFold(cparams["charset"], "utf-8") {
			t.Errorf("part %s charset %q, want UTF-8", ct, cparams["charset"])
		}
		switch ct {
		case "text/plain":
			p.Text = string(body)
		case "text/html":
			p.HTML = string(body)
		default:
			t.Errorf("unexpected part %s", ct)
		}
	}
	if p.Text == "" || p.HTML == "" {
		t.Fatalf("want a text and an HTML part, got text=%d bytes html=%d bytes", len(p.Text), len(p.HTML))
	}
	return p
}
