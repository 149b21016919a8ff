package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"vigie/search"
)

// Error codes of the JSON error shape.
const (
	CodeBadQuery         = "bad_query"
	CodeBadParameter     = "bad_parameter"
	CodeUnauthorized     = "unauthorized"
	CodeForbidden        = "forbidden"
	CodeNotFound         = "not_found"
	CodeMethodNotAllowed = "method_not_allowed"
	CodeConflict         = "conflict"
	CodeTooLarge         = "too_large"
	CodeUnsupportedMedia = "unsupported_media_type"
	CodeRateLimited      = "rate_limited"
	CodeTimeout          = "timeout"
	CodeUnavailable      = "unavailable"
	CodeInternal         = "internal"
)

// APIError is the body of every error answer:
// {"error":{"code":"...","message":"...","param":"..."}}.
type APIError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

type errorBody struct {
	Error *APIError `json:"error"`
}

// errRateLimited is what the rate limiter's deny handler returns.
func errRateLimited() *APIError {
	return &APIError{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
		Message: "too many requests from your address; slow down and retry after the delay in Retry-After"}
}

// handleError is echo's one error handler: it maps every error to a status
// and the JSON error shape. Server-side failures are logged with the
// request id and answered without internals.
func (s *server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ae := classify(err, c)
	switch {
	case ae.Code == CodeInternal:
		s.log.Error("request_failed", slog.Any("error", err), requestIDAttr(c),
			slog.String("method", c.Request().Method), slog.String("path", c.Request().URL.Path))
	case ae.Code == CodeTimeout && !errors.Is(err, context.Canceled):
		s.log.Warn("request_timeout", slog.Any("error", err), requestIDAttr(c),
			slog.String("uri", c.Request().RequestURI))
	}
	var werr error
	if c.Request().Method == http.MethodHead {
		werr = c.NoContent(ae.Status)
	} else {
		werr = c.JSON(ae.Status, errorBody{Error: ae})
	}
	if werr != nil {
		s.log.Debug("error_response_not_sent", slog.Any("error", werr), requestIDAttr(c))
	}
}

// classify turns any error into the API error to send.
func classify(err error, c echo.Context) *APIError {
	var (
		ae *APIError
		br *search.BadRequestError
		he *echo.HTTPError
	)
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &br):
		code := br.Code
		if code == "" {
			code = CodeBadParameter
		}
		return &APIError{Status: http.StatusBadRequest, Code: code, Message: br.Msg, Param: br.Param}
	case errors.Is(err, context.DeadlineExceeded):
		return &APIError{Status: http.StatusServiceUnavailable, Code: CodeTimeout,
			Message: "search took too long; try a more specific query or fewer filters"}
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this answer.
		return &APIError{Status: http.StatusServiceUnavailable, Code: CodeTimeout, Message: "request canceled"}
	case errors.As(err, &he):
		return fromHTTPError(he, c)
	}
	return internalError()
}

func internalError() *APIError {
	return &APIError{Status: http.StatusInternalServerError, Code: CodeInternal,
		Message: "internal error; it has been logged"}
}

// fromHTTPError maps echo's errors (and those other packages' handlers
// return with echo.NewHTTPError) to a code by status. A message set by the
// handler is kept; echo's bare status texts are replaced by a sentence.
func fromHTTPError(he *echo.HTTPError, c echo.Context) *APIError {
	if inner, ok := he.Internal.(*echo.HTTPError); ok {
		he = inner
	}
	msg, code, param := messageOf(he)
	ae := &APIError{Status: he.Code, Code: code, Message: msg, Param: param}
	generic := msg == "" || msg == http.StatusText(he.Code)
	r := c.Request()
	switch he.Code {
	case http.StatusNotFound:
		ae.Code = orDefault(ae.Code, CodeNotFound)
		if generic {
			ae.Message = fmt.Sprintf("nothing at %s %s", r.Method, r.URL.Path)
		}
	case http.StatusMethodNotAllowed:
		ae.Code = orDefault(ae.Code, CodeMethodNotAllowed)
		if generic {
			ae.Message = fmt.Sprintf("method %s is not allowed on %s", r.Method, r.URL.Path)
		}
	case http.StatusRequestEntityTooLarge:
		ae.Code = orDefault(ae.Code, CodeTooLarge)
		ae.Message = fmt.Sprintf("request body too large (at most %d KB)", bodyLimit>>10)
	case http.StatusTooManyRequests:
		ae.Code = orDefault(ae.Code, CodeRateLimited)
	case http.StatusBadRequest:
		ae.Code = orDefault(ae.Code, CodeBadParameter)
	case http.StatusUnauthorized:
		ae.Code = orDefault(ae.Code, CodeUnauthorized)
	case http.StatusForbidden:
		ae.Code = orDefault(ae.Code, CodeForbidden)
	case http.StatusConflict:
		ae.Code = orDefault(ae.Code, CodeConflict)
	case http.StatusUnsupportedMediaType:
		ae.Code = orDefault(ae.Code, CodeUnsupportedMedia)
	case http.StatusServiceUnavailable:
		ae.Code = orDefault(ae.Code, CodeUnavailable)
	default:
		if he.Code >= 500 || he.Code < 400 {
			return internalError()
		}
		ae.Code = orDefault(ae.Code, CodeBadParameter)
	}
	if ae.Message == "" {
		ae.Message = http.StatusText(he.Code)
	}
	return ae
}

// messageOf reads an echo.HTTPError message: a string, an error, or a map
// carrying "code", "message" and "param" (how a handler outside this
// package asks for a specific code, e.g. mail_not_configured).
func messageOf(he *echo.HTTPError) (msg, code, param string) {
	switch m := he.Message.(type) {
	case string:
		return m, "", ""
	case error:
		return m.Error(), "", ""
	case map[string]any:
		return str(m["message"]), str(m["code"]), str(m["param"])
	case echo.Map:
		return str(m["message"]), str(m["code"]), str(m["param"])
	case map[string]string:
		return m["message"], m["code"], m["param"]
	case nil:
		return "", "", ""
	}
	return fmt.Sprint(he.Message), "", ""
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func requestIDAttr(c echo.Context) slog.Attr {
	return slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID))
}

func errAttr(err error) slog.Attr { return slog.Any("error", err) }
