// Package mail delivers Vigie's alert e-mails, over SMTP with
// github.com/wneessen/go-mail or as .eml files in a directory (to try alerts
// locally without a mail server).
//
// A Message is plain data: the alert outbox stores it before anything is
// sent and builds exactly the same e-mail from it on every attempt, after a
// restart too, with the same Message-ID.
package mail

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// ErrInvalidMessage is a message that can never be sent as it is (a bad
// address); retrying it is pointless.
var ErrInvalidMessage = errors.New("mail: invalid message")

// Message is one e-mail: a plain-text and an HTML alternative of the same
// content, plus a few extra headers.
type Message struct {
	// ID is the Message-ID without angle brackets ("x.y@host"). Retries
	// reuse it, so a message delivered twice after a crash is recognisably
	// the same message to the receiving side.
	ID      string    `json:"id"`
	From    string    `json:"from"` // RFC 5322 address, "Name <addr>" allowed
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Date    time.Time `json:"date"`
	Lang    string    `json:"lang,omitempty"` // Content-Language
	Text    string    `json:"text"`
	HTML    string    `json:"html,omitempty"`
	// ListUnsubscribe are the URIs of the List-Unsubscribe header (RFC
	// 2369); OneClick adds List-Unsubscribe-Post (RFC 8058).
	ListUnsubscribe []string `json:"list_unsubscribe,omitempty"`
	OneClick        bool     `json:"one_click,omitempty"`
}

// build turns m into a go-mail message.
func (m *Message) build() (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("%w: from %q: %v", ErrInvalidMessage, m.From, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("%w: to %q: %v", ErrInvalidMessage, m.To, err)
	}
	if m.ID == "" || strings.ContainsAny(m.ID, "<> \r\n") {
		return nil, fmt.Errorf("%w: message id %q", ErrInvalidMessage, m.ID)
	}
	msg.SetMessageIDWithValue(m.ID)
	// Header values come partly from user input (the saved query in the
	// subject): no line breaks may reach the header block.
	msg.Subject(oneLine(m.Subject))
	msg.SetDateWithValue(m.Date)
	msg.SetUserAgent("Vigie")
	// RFC 3834: automatic mail; tells auto-responders not to answer it.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetGenHeader("X-Auto-Response-Suppress", "All")
	if m.Lang != "" {
		msg.SetGenHeader("Content-Language", oneLine(m.Lang))
	}
	if len(m.ListUnsubscribe) > 0 {
		uris := make([]string, len(m.ListUnsubscribe))
		for i, u := range m.ListUnsubscribe {
			if strings.ContainsAny(u, "<>\r\n ,") {
				return nil, fmt.Errorf("%w: unsubscribe URI %q", ErrInvalidMessage, u)
			}
			uris[i] = u
		}
		msg.SetListUnsubscribe(uris...)
		if m.OneClick {
			msg.SetListUnsubscribePost()
		}
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// WriteTo writes m in RFC 5322 form (an .eml file).
func (m *Message) WriteTo(w io.Writer) (int64, error) {
	msg, err := m.build()
	if err != nil {
		return 0, err
	}
	return msg.WriteTo(w)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
