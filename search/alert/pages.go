package alert

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	htmltemplate "html/template"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// The HTML pages behind the links of the e-mails. They are tiny, carry their
// own stylesheet (allowed by hash in a strict Content-Security-Policy, no
// script at all), and never leak the token: no referrer, no caching, no
// indexing.

var pageTemplate = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/page.html"))

const pageCSS = `body{margin:0;background:#f6f7f9;color:#1b1f24;font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}` +
	`main{max-width:38rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #e3e6ea;border-radius:6px}` +
	`.brand a{font-weight:700;color:#0b57d0;text-decoration:none}h1{font-size:1.4rem;margin:.5rem 0 1rem}` +
	`dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{color:#5f6670}dd{margin:0;overflow-wrap:anywhere}` +
	`a{color:#0b57d0}form{margin:1rem 0}button{font:inherit;padding:.45rem 1rem;border:1px solid #0b57d0;background:#0b57d0;color:#fff;border-radius:4px;cursor:pointer}` +
	`button.danger{background:#fff;color:#b3261e;border-color:#b3261e}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}` +
	`.notice{padding:.6rem .8rem;background:#fff8e1;border-left:3px solid #b26a00}.error{padding:.6rem .8rem;background:#fdecea;border-left:3px solid #b3261e}` +
	`form.edit{display:grid;gap:.3rem}form.edit label{margin-top:.4rem;color:#5f6670}form.edit input,form.edit select{font:inherit;padding:.35rem}` +
	`form.edit button{justify-self:start;margin-top:.6rem}small{color:#5f6670}code{overflow-wrap:anywhere}` +
	`.deliveries{padding-left:1.2rem}.deliveries .failed{color:#b3261e}`

// pageCSP allows exactly the page's own stylesheet and forms to this site.
var pageCSP = func() string {
	sum := sha256.Sum256([]byte(pageCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}()

type pageData struct {
	T     *catalog
	CSS   htmltemplate.CSS
	Title string
	Text  []string
	Error string // a refused edit, in words
	// Notice is the silence warning, with the suggested search.
	Notice         string
	SuggestionURL  string
	SuggestionText string
	Alert          *pageAlert
	Edit           *pageEditForm
	Deliveries     []pageDelivery
	Forms          []pageForm
}

type pageAlert struct {
	Describe, SearchURL, Frequency, State, Email, Created, Sent string
	Channel, LastMatch                                          string
	Webhook                                                     *Webhook
}

// pageEditForm is the manage page's edit form.
type pageEditForm struct {
	Action, Q, WebhookURL string
	Frequencies, Channels []pageOption
	Formats               []pageOption
}

type pageOption struct {
	Value, Label string
	Selected     bool
}

type pageDelivery struct {
	At, Kind, Outcome, Detail string
	OK                        bool
}

type pageForm struct {
	Action, Label, Note string
	Danger              bool
}

// page writes an HTML page with the security headers.
func page(c echo.Context, status int, d pageData) error {
	d.CSS = htmltemplate.CSS(pageCSS)
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, d); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("Referrer-Policy", "no-referrer") // the URL holds the token
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	return c.HTMLBlob(status, buf.Bytes())
}

// managed is the alert of a request's manage token.
func (s *Service) managed(c echo.Context) (*Alert, error) {
	id, _, err := s.sign.verify(c.QueryParam("token"), purposeManage)
	if err != nil {
		return nil, err
	}
	return s.get(id)
}

// errorPage answers a link that cannot be used.
func (s *Service) errorPage(c echo.Context, err error) error {
	t := texts(localeFrom(c.Request().Header.Get("Accept-Language")))
	switch {
	case errors.Is(err, errTokenMalformed):
		return page(c, http.StatusBadRequest, pageData{T: t, Title: t.PageBadLink, Text: []string{t.PageBadLinkText}})
	case errors.Is(err, errTokenForged):
		return page(c, http.StatusForbidden, pageData{T: t, Title: t.PageBadLink, Text: []string{t.PageBadLinkText}})
	case errors.Is(err, ErrNotFound):
		return page(c, http.StatusNotFound, pageData{T: t, Title: t.PageGone, Text: []string{t.PageGoneText}})
	}
	s.log.Error("alert_page_failed", slog.Any("error", err))
	return err
}

func (s *Service) pageConfirm(c echo.Context) error {
	id, _, err := s.sign.verify(c.QueryParam("token"), purposeConfirm)
	if err != nil {
		return s.errorPage(c, err)
	}
	a, already, err := s.confirm(id)
	if err != nil {
		return s.errorPage(c, err)
	}
	t := texts(a.Locale)
	d := pageData{T: t, Title: t.PageConfirmed, Alert: s.pageAlert(a)}
	if already {
		d.Text = []string{t.PageAlreadyConfirmed}
	} else {
		d.Text = []string{t.Sprintf(t.PageConfirmedText, t.Frequency(a.Frequency))}
	}
	d.Forms = s.manageForms(a)
	return page(c, http.StatusOK, d)
}

// pageUnsubscribe unsubscribes on GET as well as on POST.
//
// The trade-off: RFC 8058 asks for a POST so that link scanners (mail
// security gateways that fetch every URL of a message) cannot unsubscribe
// people by accident, while the issue asks for one click on the link in the
// e-mail body, which is a GET. Both are honoured: the GET link unsubscribes
// at once, and the page it shows offers to undo it with one button
// (reactivation keeps the dedup set, so nothing is sent twice). A scanner's
// GET therefore costs at most an unsubscription the person can reverse,
// while a person never meets a second "are you sure?" step.
func (s *Service) pageUnsubscribe(c echo.Context) error {
	id, _, err := s.sign.verify(c.QueryParam("token"), purposeUnsubscribe, purposeManage)
	if err != nil {
		return s.errorPage(c, err)
	}
	a, err := s.unsubscribe(id)
	if err != nil {
		return s.errorPage(c, err)
	}
	t := texts(a.Locale)
	return page(c, http.StatusOK, pageData{
		T: t, Title: t.PageUnsubscribed, Text: []string{t.PageUnsubscribedText}, Alert: s.pageAlert(a),
		Forms: []pageForm{{Action: s.formAction("/alerts/reactivate", purposeManage, a.ID), Label: t.PageReactivate, Note: t.PageUndo}},
	})
}

func (s *Service) pageManage(c echo.Context) error {
	a, err := s.managed(c)
	if err != nil {
		return s.errorPage(c, err)
	}
	return s.managePage(c, http.StatusOK, a, texts(a.Locale).PageManage, "")
}

func (s *Service) pageDelete(c echo.Context) error {
	a, err := s.managed(c)
	if err != nil {
		return s.errorPage(c, err)
	}
	id := a.ID
	if err := Delete(s.st, id); err != nil {
		return s.errorPage(c, err)
	}
	s.log.Info("alert_deleted", slog.String("alert", id))
	t := texts(a.Locale)
	return page(c, http.StatusOK, pageData{T: t, Title: t.PageDeleted, Text: []string{t.PageDeletedText}})
}

func (s *Service) pageReactivate(c echo.Context) error {
	id, _, err := s.sign.verify(c.QueryParam("token"), purposeManage)
	if err != nil {
		return s.errorPage(c, err)
	}
	a, err := s.reactivate(id)
	if errors.Is(err, ErrNotConfirmed) {
		a, err = s.get(id)
		if err == nil {
			t := texts(a.Locale)
			return page(c, http.StatusConflict, pageData{T: t, Title: t.PageManage, Text: []string{t.PageConfirmFirst}, Alert: s.pageAlert(a)})
		}
	}
	if err != nil {
		return s.errorPage(c, err)
	}
	t := texts(a.Locale)
	return page(c, http.StatusOK, pageData{
		T: t, Title: t.PageReactivated, Text: []string{t.Sprintf(t.PageConfirmedText, t.Frequency(a.Frequency))},
		Alert: s.pageAlert(a), Forms: s.manageForms(a),
	})
}

// manageForms are the buttons of the manage page for an alert's state.
func (s *Service) manageForms(a *Alert) []pageForm {
	t := texts(a.Locale)
	var forms []pageForm
	switch a.State {
	case StateActive:
		forms = append(forms, pageForm{Action: s.formAction("/alerts/pause", purposeManage, a.ID), Label: t.PagePause},
			pageForm{Action: s.formAction("/alerts/unsubscribe", purposeUnsubscribe, a.ID), Label: t.PageUnsubscribeButton})
	case StatePaused:
		forms = append(forms, pageForm{Action: s.formAction("/alerts/resume", purposeManage, a.ID), Label: t.PageResume},
			pageForm{Action: s.formAction("/alerts/unsubscribe", purposeUnsubscribe, a.ID), Label: t.PageUnsubscribeButton})
	case StateUnsubscribed:
		forms = append(forms, pageForm{Action: s.formAction("/alerts/reactivate", purposeManage, a.ID), Label: t.PageReactivate})
	}
	return append(forms, pageForm{Action: s.formAction("/alerts/delete", purposeManage, a.ID), Label: t.PageDelete, Danger: true})
}

// formAction is a same-site path with a token (form-action 'self').
func (s *Service) formAction(path string, p purpose, id string) string {
	return path + "?token=" + s.sign.token(p, id)
}

func (s *Service) pageAlert(a *Alert) *pageAlert {
	t := texts(a.Locale)
	p := &pageAlert{
		Describe: describe(a.Request, a.Locale), SearchURL: s.searchLink(a.Request),
		Frequency: t.Frequency(a.Frequency), State: t.State(a.State), Email: a.Email,
		Created: t.Date(a.CreatedAt), Sent: strconv.Itoa(a.SentCount), Channel: t.moreTexts.ChannelEmail,
	}
	if a.channel() == ChannelWebhook {
		p.Channel, p.Webhook = t.moreTexts.ChannelWebhook, a.Webhook
	}
	return p
}
