package alert

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vigie/search"
	"vigie/search/alert/hook"
)

// The manage page behind the signed link of every alert e-mail: the alert,
// its silence if it has gone quiet (with the closest search that matches),
// its webhook deliveries, a form to change its words, frequency and
// channel, and pause, resume, unsubscribe and delete. No account: the
// link's signed token is the credential, as for unsubscribing.

// managePage renders the manage page of a; problem is a refused edit.
func (s *Service) managePage(c echo.Context, status int, a *Alert, title, problem string) error {
	t := texts(a.Locale)
	d := pageData{T: t, Title: title, Alert: s.pageAlert(a), Forms: s.manageForms(a), Error: problem}
	switch a.State {
	case StatePending:
		d.Text = []string{t.PageConfirmFirst}
	case StatePaused:
		d.Text = []string{t.PagePausedText}
	}
	if a.State == StateActive || a.State == StatePaused {
		d.Edit = s.editForm(a)
	}
	v, err := s.view(c.Request().Context(), a)
	if err != nil {
		return s.errorPage(c, err)
	}
	if !v.QuietSince.IsZero() {
		d.Alert.LastMatch = t.moreTexts.PageNeverMatched
		if !v.LastMatchAt.IsZero() {
			d.Alert.LastMatch = t.Date(v.LastMatchAt)
		}
	}
	if v.Silent {
		days := int(s.now().Sub(v.QuietSince).Hours() / 24)
		d.Notice = t.Sprintf(t.SilentPage, t.Date(v.QuietSince), days)
		if sg := v.Suggestion; sg != nil {
			d.Notice += " " + t.Sprintf(t.SilentSuggest, sg.Change, sg.Description, sg.Total, previewDays)
			d.SuggestionURL, d.SuggestionText = sg.SearchURL, t.SilentTry
		} else {
			d.Notice += " " + t.SilentNoSuggest
		}
	}
	if a.channel() == ChannelWebhook {
		if d.Deliveries, err = s.pageDeliveries(a); err != nil {
			return s.errorPage(c, err)
		}
	}
	return page(c, status, d)
}

func (s *Service) editForm(a *Alert) *pageEditForm {
	t := texts(a.Locale)
	f := &pageEditForm{Action: s.formAction("/alerts/edit", purposeManage, a.ID), Q: a.Request.Q}
	for _, fr := range []string{Instant, Daily, Weekly} {
		f.Frequencies = append(f.Frequencies, pageOption{Value: fr, Label: t.Frequency(fr), Selected: fr == a.Frequency})
	}
	ch := a.channel()
	f.Channels = []pageOption{
		{Value: ChannelEmail, Label: t.moreTexts.ChannelEmail, Selected: ch == ChannelEmail},
		{Value: ChannelWebhook, Label: t.moreTexts.ChannelWebhook, Selected: ch == ChannelWebhook},
	}
	format := hook.FormatJSON
	if a.Webhook != nil {
		f.WebhookURL, format = a.Webhook.URL, a.Webhook.Format
	}
	for _, fm := range hook.Formats {
		f.Formats = append(f.Formats, pageOption{Value: fm, Label: formatLabel[fm], Selected: fm == format})
	}
	return f
}

var formatLabel = map[string]string{
	hook.FormatJSON: "JSON", hook.FormatSlack: "Slack", hook.FormatTeams: "Microsoft Teams",
	hook.FormatMatrix: "Matrix (hookshot)", hook.FormatNtfy: "ntfy",
}

// maxPageDeliveries is how many deliveries the manage page lists.
const maxPageDeliveries = 10

func (s *Service) pageDeliveries(a *Alert) ([]pageDelivery, error) {
	t := texts(a.Locale)
	ds, err := s.Deliveries(a.ID)
	if err != nil {
		return nil, err
	}
	var out []pageDelivery
	for _, d := range ds[:min(len(ds), maxPageDeliveries)] {
		p := pageDelivery{At: d.At.UTC().Format("2006-01-02 15:04 UTC"), Kind: d.Kind, OK: d.OK, Outcome: t.PageDeliveryOK}
		if d.Status > 0 {
			p.Detail = "HTTP " + strconv.Itoa(d.Status)
		}
		if !d.OK {
			p.Outcome, p.Detail = t.PageDeliveryFailed, d.Error
		}
		out = append(out, p)
	}
	return out, nil
}

// pageEdit applies the manage page's form: the words (other filters
// kept), the frequency and the channel.
func (s *Service) pageEdit(c echo.Context) error {
	a, err := s.managed(c)
	if err != nil {
		return s.errorPage(c, err)
	}
	id := a.ID
	in, err := formEdit(c, a)
	if err == nil {
		var edited *Alert
		if edited, err = s.apply(id, in); err == nil {
			a = edited
		}
	}
	var br *search.BadRequestError
	if errors.As(err, &br) || errors.Is(err, ErrDuplicate) || errors.Is(err, ErrUnsubscribed) {
		msg := err.Error()
		if br != nil {
			msg = br.Error()
		}
		t := texts(a.Locale)
		return s.managePage(c, http.StatusBadRequest, a, t.PageInvalid, msg)
	}
	if err != nil {
		return s.errorPage(c, err)
	}
	return s.managePage(c, http.StatusOK, a, texts(a.Locale).PageSaved, "")
}

// formEdit reads the edit form into a change of a.
func formEdit(c echo.Context, a *Alert) (editInput, error) {
	own := map[string]string{
		"frequency": c.FormValue("frequency"), "channel": c.FormValue("channel"),
	}
	if own["channel"] == ChannelWebhook {
		own["webhook_url"], own["webhook_format"] = c.FormValue("webhook_url"), c.FormValue("webhook_format")
	}
	v := a.Request.Values()
	v.Del("q")
	if q := c.FormValue("q"); q != "" {
		v.Set("q", q)
	}
	var in editInput
	return in, in.fill(own, v)
}

func (s *Service) pagePause(c echo.Context) error {
	return s.pageState(c, StatePaused)
}

func (s *Service) pageResume(c echo.Context) error {
	return s.pageState(c, StateActive)
}

func (s *Service) pageState(c echo.Context, state string) error {
	id, _, err := s.sign.verify(c.QueryParam("token"), purposeManage)
	if err != nil {
		return s.errorPage(c, err)
	}
	a, err := s.apply(id, editInput{State: state})
	if errors.Is(err, ErrNotConfirmed) || errors.Is(err, ErrUnsubscribed) {
		if a, err = s.get(id); err == nil {
			return s.managePage(c, http.StatusConflict, a, texts(a.Locale).PageManage, "")
		}
	}
	if err != nil {
		return s.errorPage(c, err)
	}
	t := texts(a.Locale)
	title := t.PageResumed
	if a.State == StatePaused {
		title = t.PagePaused
	}
	s.log.Info("alert_"+a.State, slog.String("alert", id))
	return s.managePage(c, http.StatusOK, a, title, "")
}
