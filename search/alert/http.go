package alert

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	bolt "go.etcd.io/bbolt"

	"vigie/search/admin"
)

// Register mounts the alert routes:
//
//	POST   /api/alerts               create (JSON), 201 with a preview
//	POST   /api/alerts/preview       back-test a search over 30 days, saves nothing
//	GET    /api/alerts               list, admin token only
//	GET    /api/alerts/:id?token=    one alert (manage token or admin)
//	PATCH  /api/alerts/:id?token=    edit: search, frequency, channel, state (pause/resume)
//	GET    /api/alerts/:id/deliveries?token= the webhook delivery log
//	DELETE /api/alerts/:id?token=    delete (manage or unsubscribe token, or admin)
//	GET    /alerts/confirm?token=    confirm (double opt-in), HTML
//	GET    /alerts/unsubscribe?token= unsubscribe at once, HTML
//	POST   /alerts/unsubscribe?token= RFC 8058 one-click unsubscribe
//	GET    /alerts/manage?token=     the alert, with unsubscribe and delete
//	POST   /alerts/delete?token=     delete (manage page form)
//	POST   /alerts/reactivate?token= undo an unsubscription
//	POST   /alerts/edit?token=       the manage page's edit form
//	POST   /alerts/pause?token=, /alerts/resume?token=
func (s *Service) Register(e *echo.Echo) {
	e.POST("/api/alerts", s.handleCreate)
	e.POST("/api/alerts/preview", s.handlePreview)
	e.GET("/api/alerts", s.handleList)
	e.GET("/api/alerts/:id", s.handleGet)
	e.PATCH("/api/alerts/:id", s.handlePatch)
	e.GET("/api/alerts/:id/deliveries", s.handleDeliveries)
	e.DELETE("/api/alerts/:id", s.handleDelete)
	e.GET("/alerts/confirm", s.pageConfirm)
	e.GET("/alerts/unsubscribe", s.pageUnsubscribe)
	e.POST("/alerts/unsubscribe", s.pageUnsubscribe)
	e.GET("/alerts/manage", s.pageManage)
	e.POST("/alerts/delete", s.pageDelete)
	e.POST("/alerts/reactivate", s.pageReactivate)
	e.POST("/alerts/edit", s.pageEdit)
	e.POST("/alerts/pause", s.pagePause)
	e.POST("/alerts/resume", s.pageResume)
}

func (s *Service) handleCreate(c echo.Context) error {
	if s.sender == nil {
		// The map carries the specific code through the API's error
		// handler into {"error":{"code":"mail_not_configured",...}}.
		return echo.NewHTTPError(http.StatusServiceUnavailable, map[string]any{
			"code": "mail_not_configured",
			"message": "e-mail alerts are not available: this server has no mail transport " +
				"(set VIGIE_SMTP_URL, or start `vigie serve --mail-dir DIR` to write .eml files)",
		})
	}
	body, err := s.readBody(c)
	if err != nil {
		return err
	}
	in, err := decodeCreate(body, c.Request().Header.Get("Accept-Language"), s.now())
	if err != nil {
		return err
	}
	created, err := s.create(c.Request().Context(), in, c.RealIP())
	if err != nil {
		return s.httpError(c, err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, created)
}

// handlePreview back-tests an alert before it is saved: the same body as
// a creation (email optional), answered with what the search would have
// sent over the last 30 days. It needs no mail transport.
func (s *Service) handlePreview(c echo.Context) error {
	body, err := s.readBody(c)
	if err != nil {
		return err
	}
	in, err := decodePreview(body, c.Request().Header.Get("Accept-Language"), s.now())
	if err != nil {
		return err
	}
	pv, err := s.preview(c.Request().Context(), in.Request, in.Frequency, s.now())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{
		"description": describe(in.Request, in.Locale), "frequency": in.Frequency, "preview": pv,
	})
}

// readBody reads a JSON request body within the size limit.
func (s *Service) readBody(c echo.Context) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, int64(s.cfg.Limits.MaxBodyBytes)+1))
	if err != nil {
		return nil, badParam("", "could not read the request body")
	}
	if len(body) > s.cfg.Limits.MaxBodyBytes {
		return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge, "the request body is too large")
	}
	return body, nil
}

// httpError maps lifecycle errors to statuses; others pass through (the
// API error handler knows *search.BadRequestError and context errors).
func (s *Service) httpError(c echo.Context, err error) error {
	var le *limitError
	switch {
	case errors.As(err, &le):
		if le.retry > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(le.retry.Seconds()))))
		}
		return echo.NewHTTPError(http.StatusTooManyRequests, strings.TrimPrefix(le.Error(), "alert: "))
	case errors.Is(err, ErrUnsubscribed), errors.Is(err, ErrNotConfirmed):
		return echo.NewHTTPError(http.StatusConflict, strings.TrimPrefix(err.Error(), "alert: "))
	case errors.Is(err, ErrDuplicate):
		return echo.NewHTTPError(http.StatusConflict, "an identical alert already exists for this address (check your inbox for its confirmation e-mail)")
	case errors.Is(err, ErrNotFound):
		return echo.NewHTTPError(http.StatusNotFound, "no such alert (deleted, or expired before it was confirmed)")
	case errors.Is(err, errTokenMalformed):
		return badParam("token", "is missing or malformed; copy the whole link from the e-mail")
	case errors.Is(err, errTokenForged):
		return echo.NewHTTPError(http.StatusForbidden, "the token is not valid for this alert")
	}
	return err
}

// alertView is an alert as the admin and manage APIs show it.
type alertView struct {
	Alert
	Description string `json:"description"`
	// QuietSince is when the alert last matched or started; Silent says
	// it has been quiet longer than SilentAfter, with a Suggestion of
	// the closest search that matches (single-alert views only).
	QuietSince time.Time `json:"quiet_since,omitzero"`
	// LastMatchAt is when it last matched a new article (zero: never).
	LastMatchAt time.Time   `json:"last_match_at,omitzero"`
	Silent      bool        `json:"silent"`
	Suggestion  *Suggestion `json:"suggestion,omitempty"`
}

// view is an alert's full view, its silence judged now.
func (s *Service) view(ctx context.Context, a *Alert) (alertView, error) {
	v := alertView{Alert: *a, Description: a.Describe()}
	if a.State != StateActive {
		return v, nil
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		v.QuietSince, v.LastMatchAt = quietSince(tx, a), lastMatch(tx, a.ID)
		return nil
	})
	if err != nil {
		return v, err
	}
	v.Silent = !v.QuietSince.IsZero() && s.now().Sub(v.QuietSince) >= s.cfg.SilentAfter
	if v.Silent {
		if v.Suggestion, err = s.suggest(ctx, a.Request, a.Locale, s.now()); err != nil {
			s.log.Warn("alert_suggestion_failed", slog.String("alert", a.ID), slog.Any("error", err))
		}
	}
	return v, nil
}

func (s *Service) handleList(c echo.Context) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	list, err := List(s.st)
	if err != nil {
		return err
	}
	out := make([]alertView, len(list))
	for i, a := range list {
		out[i] = alertView{Alert: a, Description: a.Describe()}
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"total": len(out), "alerts": out})
}

func (s *Service) handleGet(c echo.Context) error {
	id, err := s.authorise(c, purposeManage)
	if err != nil {
		return s.httpError(c, err)
	}
	a, err := s.get(id)
	if err != nil {
		return s.httpError(c, err)
	}
	return s.answerView(c, a)
}

// answerView answers with an alert's full view.
func (s *Service) answerView(c echo.Context, a *Alert) error {
	v, err := s.view(c.Request().Context(), a)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, v)
}

// handlePatch edits an alert (manage token or admin).
func (s *Service) handlePatch(c echo.Context) error {
	id, err := s.authorise(c, purposeManage)
	if err != nil {
		return s.httpError(c, err)
	}
	body, err := s.readBody(c)
	if err != nil {
		return err
	}
	in, err := decodeEdit(body)
	if err != nil {
		return err
	}
	a, err := s.apply(id, in)
	if err != nil {
		return s.httpError(c, err)
	}
	return s.answerView(c, a)
}

// apply makes an edit, then a state change.
func (s *Service) apply(id string, in editInput) (*Alert, error) {
	a, err := s.get(id)
	if err != nil {
		return nil, err
	}
	if in.Request != nil || in.Frequency != nil || in.Channel != nil {
		if a, err = s.edit(id, in.Edit); err != nil {
			return nil, err
		}
	}
	switch in.State {
	case StatePaused:
		a, err = s.pause(id)
	case StateActive:
		if a.State == StatePaused {
			a, err = s.resume(id)
		}
	}
	if err == nil {
		s.log.Info("alert_edited", slog.String("alert", id), slog.String("state", a.State))
	}
	return a, err
}

func (s *Service) handleDeliveries(c echo.Context) error {
	id, err := s.authorise(c, purposeManage)
	if err != nil {
		return s.httpError(c, err)
	}
	if _, err := s.get(id); err != nil {
		return s.httpError(c, err)
	}
	ds, err := s.Deliveries(id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"deliveries": ds})
}

func (s *Service) handleDelete(c echo.Context) error {
	id, err := s.authorise(c, purposeManage, purposeUnsubscribe)
	if err != nil {
		return s.httpError(c, err)
	}
	if err := Delete(s.st, id); err != nil {
		return s.httpError(c, err)
	}
	s.log.Info("alert_deleted", slog.String("alert", id))
	return c.NoContent(http.StatusNoContent)
}

// authorise checks the :id route against the admin token or a signed token
// of one of the purposes.
func (s *Service) authorise(c echo.Context, allowed ...purpose) (string, error) {
	id := c.Param("id")
	if admin.Is(c, s.cfg.AdminToken) {
		return id, nil
	}
	tokID, _, err := s.sign.verify(c.QueryParam("token"), allowed...)
	if err != nil {
		return "", err
	}
	if subtle.ConstantTimeCompare([]byte(tokID), []byte(id)) != 1 {
		return "", errTokenForged
	}
	return id, nil
}

func (s *Service) requireAdmin(c echo.Context) error {
	return admin.Require(c, s.cfg.AdminToken, "listing alerts")
}

func (s *Service) get(id string) (*Alert, error) {
	var a *Alert
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		a, err = getAlert(tx, id)
		return err
	})
	return a, err
}
