package alert

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"

	"vigie/search"
	"vigie/search/alert/mail"
)

//go:embed templates/*.txt templates/*.html
var templateFS embed.FS

// Parsed once; templates are safe for concurrent use and never change.
var (
	textMails = texttemplate.Must(texttemplate.New("").Funcs(texttemplate.FuncMap{
		"inc": func(i int) int { return i + 1 },
	}).ParseFS(templateFS, "templates/*.txt"))
	htmlMails = htmltemplate.Must(htmltemplate.New("").ParseFS(templateFS, "templates/confirm.html", "templates/alert.html"))
)

// mailData is what the e-mail templates see.
type mailData struct {
	T           *catalog
	Subject     string
	Describe    string
	Frequency   string
	Preview     uint64
	Total, More int
	Items       []mailItem

	SearchURL, ConfirmURL, ManageURL, UnsubscribeURL string
}

type mailItem struct {
	Title, URL, Source, Date string
	Snippet                  string            // plain text
	SnippetHTML              htmltemplate.HTML // escaped text and <mark> only
}

// link builds an absolute URL on the site.
func (s *Service) link(path string, q url.Values) string {
	return s.base + path + "?" + q.Encode()
}

func (s *Service) tokenLink(path string, p purpose, id string) string {
	return s.link(path, url.Values{"token": {s.sign.token(p, id)}})
}

// searchLink is the saved search on the site's page.
func (s *Service) searchLink(r search.Request) string {
	return s.base + "/?" + r.Values().Encode()
}

// confirmMessage is the double opt-in e-mail.
func (s *Service) confirmMessage(a *Alert, preview uint64, now time.Time) mail.Message {
	t := texts(a.Locale)
	d := mailData{
		T: t, Describe: describe(a.Request, a.Locale), Frequency: a.Frequency, Preview: preview,
		SearchURL:  s.searchLink(a.Request),
		ConfirmURL: s.tokenLink("/alerts/confirm", purposeConfirm, a.ID),
	}
	d.Subject = fmt.Sprintf(t.ConfirmSubject, shorten(d.Describe, 80))
	return s.message(a, d, "confirm", now, false)
}

// alertMessage is an instant alert or a digest listing items.
func (s *Service) alertMessage(a *Alert, kind string, items []Item, more int, now time.Time) mail.Message {
	t := texts(a.Locale)
	d := mailData{
		T: t, Describe: describe(a.Request, a.Locale), Frequency: a.Frequency,
		Total: len(items) + more, More: more,
		SearchURL:      s.searchLink(a.Request),
		ManageURL:      s.tokenLink("/alerts/manage", purposeManage, a.ID),
		UnsubscribeURL: s.tokenLink("/alerts/unsubscribe", purposeUnsubscribe, a.ID),
	}
	for _, it := range items {
		d.Items = append(d.Items, mailItem{
			Title: it.Title, URL: it.URL, Source: it.Source, Date: t.Date(it.Published),
			Snippet: plainSnippet(it.Snippet), SnippetHTML: safeSnippet(it.Snippet),
		})
	}
	subject := t.AlertSubject
	if kind == kindDigest {
		subject = t.DigestDailySubject
		if a.Frequency == Weekly {
			subject = t.DigestWeeklySubject
		}
	}
	d.Subject = fmt.Sprintf(subject, t.Articles(d.Total), shorten(d.Describe, 80))
	return s.message(a, d, "alert", now, true)
}

// message renders both parts of an e-mail. The templates are fixed and
// their data is plain values, so rendering cannot fail short of a bug in a
// template, which a panic shows at once in tests.
func (s *Service) message(a *Alert, d mailData, tmpl string, now time.Time, unsubscribe bool) mail.Message {
	var text, body bytes.Buffer
	if err := textMails.ExecuteTemplate(&text, tmpl+".txt", d); err != nil {
		panic(fmt.Sprintf("alert: template %s.txt: %v", tmpl, err))
	}
	if err := htmlMails.ExecuteTemplate(&body, tmpl+".html", d); err != nil {
		panic(fmt.Sprintf("alert: template %s.html: %v", tmpl, err))
	}
	m := mail.Message{
		From: s.cfg.MailFrom, To: a.Email, Subject: d.Subject, Date: now, Lang: a.Locale,
		Text: text.String(), HTML: body.String(),
	}
	if unsubscribe {
		m.ListUnsubscribe = []string{d.UnsubscribeURL}
		m.OneClick = true
	}
	return m
}

// safeSnippet re-escapes a search snippet so that only <mark> and </mark>
// survive as markup, whatever the snippet holds: it is article text from a
// feed, escaped by the highlighter, but it is stored and rendered later, so
// it is not trusted as HTML.
func safeSnippet(s string) htmltemplate.HTML {
	var b strings.Builder
	for s != "" {
		i := strings.Index(s, "<mark>")
		j := strings.Index(s, "</mark>")
		next, tag := -1, ""
		switch {
		case i >= 0 && (j < 0 || i < j):
			next, tag = i, "<mark>"
		case j >= 0:
			next, tag = j, "</mark>"
		}
		if next < 0 {
			b.WriteString(html.EscapeString(html.UnescapeString(s)))
			break
		}
		b.WriteString(html.EscapeString(html.UnescapeString(s[:next])))
		b.WriteString(tag)
		s = s[next+len(tag):]
	}
	return htmltemplate.HTML(balanceMarks(b.String()))
}

// balanceMarks closes a <mark> left open (a fragment cut mid-highlight) and
// drops a stray </mark>.
func balanceMarks(s string) string {
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.Index(s, "<")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<mark>"):
			if !open {
				b.WriteString("<mark>")
			}
			open = true
			s = s[len("<mark>"):]
		case strings.HasPrefix(s, "</mark>"):
			if open {
				b.WriteString("</mark>")
			}
			open = false
			s = s[len("</mark>"):]
		default: // cannot happen after escaping; keep the text safe anyway
			b.WriteString("&lt;")
			s = s[1:]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}

// plainSnippet is a snippet as plain text.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// shorten cuts s to at most n runes, at a word boundary when it can.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,·") + "…"
}
