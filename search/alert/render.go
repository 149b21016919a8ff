package alert

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"

	"vigie/indexer"
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
	htmlMails = htmltemplate.Must(htmltemplate.New("").ParseFS(templateFS, "templates/confirm.html", "templates/alert.html", "templates/silent.html"))
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
	TitleHTML                htmltemplate.HTML // escaped, query words in <mark>
	Snippet                  string            // plain text
	SnippetHTML              htmltemplate.HTML // escaped text, query words in <mark>
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
func (s *Service) confirmMessage(a *Alert, preview uint64, date time.Time) mail.Message {
	t := texts(a.Locale)
	d := mailData{
		T: t, Describe: describe(a.Request, a.Locale), Frequency: a.Frequency, Preview: preview,
		SearchURL:  s.searchLink(a.Request),
		ConfirmURL: s.tokenLink("/alerts/confirm", purposeConfirm, a.ID),
	}
	d.Subject = fmt.Sprintf(t.ConfirmSubject, shorten(d.Describe, 80))
	return s.message(a, d, "confirm", date, false)
}

// mailItems turns the matched articles into what an e-mail lists: newest
// first, at most MaxHitsPerEmail, each with an extract where the saved
// search's words are marked. listed is how many it keeps.
func (s *Service) mailItems(a *Alert, arts []*indexer.Article) (items []mailItem, listed int) {
	arts = newestFirst(arts, s.cfg.Limits.MaxHitsPerEmail)
	t := texts(a.Locale)
	words := markWords(a.Request)
	for _, art := range arts {
		ex := extract(art.Text, words, snippetRunes)
		items = append(items, mailItem{
			Title: art.Title, URL: art.URL, Source: art.Source, Date: t.Date(art.Published),
			TitleHTML: htmltemplate.HTML(newSnippet(art.Title).mark(words)),
			Snippet:   ex, SnippetHTML: htmltemplate.HTML(newSnippet(ex).mark(words)),
		})
	}
	return items, len(items)
}

// newestFirst is arts sorted by publication, newest first, at most n.
func newestFirst(arts []*indexer.Article, n int) []*indexer.Article {
	arts = slices.Clone(arts)
	slices.SortStableFunc(arts, func(x, y *indexer.Article) int { return y.Published.Compare(x.Published) })
	if len(arts) > n {
		arts = arts[:n]
	}
	return arts
}

// subject is the subject line of an alert or digest of total matches (and
// the heading of its webhook event).
func (s *Service) subject(a *Alert, kind string, total int) string {
	t := texts(a.Locale)
	subject := t.AlertSubject
	if kind == kindDigest {
		subject = t.DigestDailySubject
		if a.Frequency == Weekly {
			subject = t.DigestWeeklySubject
		}
	}
	return fmt.Sprintf(subject, t.Articles(total), shorten(describe(a.Request, a.Locale), 80))
}

// alertMessage is an instant alert or a digest listing items; more counts
// the matches not listed.
func (s *Service) alertMessage(a *Alert, kind string, items []mailItem, more int, date time.Time) mail.Message {
	t := texts(a.Locale)
	d := mailData{
		T: t, Describe: describe(a.Request, a.Locale), Frequency: a.Frequency,
		Total: len(items) + more, More: more, Items: items,
		SearchURL:      s.searchLink(a.Request),
		ManageURL:      s.tokenLink("/alerts/manage", purposeManage, a.ID),
		UnsubscribeURL: s.tokenLink("/alerts/unsubscribe", purposeUnsubscribe, a.ID),
	}
	d.Subject = s.subject(a, kind, d.Total)
	return s.message(a, d, "alert", date, true)
}

// message renders both parts of an e-mail. The templates are fixed and
// their data is plain values, so rendering cannot fail short of a bug in a
// template, which a panic shows at once in tests.
func (s *Service) message(a *Alert, d mailData, tmpl string, date time.Time, unsubscribe bool) mail.Message {
	return s.render(a, d, d, tmpl, date, unsubscribe)
}

// render is message with templates that see more than mailData (data
// embeds d).
func (s *Service) render(a *Alert, data any, d mailData, tmpl string, date time.Time, unsubscribe bool) mail.Message {
	var text, body bytes.Buffer
	if err := textMails.ExecuteTemplate(&text, tmpl+".txt", data); err != nil {
		panic(fmt.Sprintf("alert: template %s.txt: %v", tmpl, err))
	}
	if err := htmlMails.ExecuteTemplate(&body, tmpl+".html", data); err != nil {
		panic(fmt.Sprintf("alert: template %s.html: %v", tmpl, err))
	}
	m := mail.Message{
		From: s.cfg.MailFrom, To: a.Email, Subject: d.Subject, Date: date, Lang: a.Locale,
		Text: text.String(), HTML: body.String(),
	}
	if unsubscribe {
		m.ListUnsubscribe = []string{d.UnsubscribeURL}
		m.OneClick = true
	}
	return m
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
