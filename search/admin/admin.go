// Package admin checks the admin bearer token (VIGIE_ADMIN_TOKEN) that
// guards the routes showing personal data or changing what every reader
// sees: listing alerts, curating entities.
package admin

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// Require lets through a request that carries token as its bearer
// token and answers 401 otherwise, saying why; what names the action in the
// message ("listing alerts"). An empty token disables the action. The
// comparison is in constant time, over hashes so the length does not leak
// either.
func Require(c echo.Context, token, what string) error {
	if Is(c, token) {
		return nil
	}
	c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vigie"`)
	if token == "" {
		return echo.NewHTTPError(http.StatusUnauthorized, what+" is disabled: the server has no admin token (VIGIE_ADMIN_TOKEN)")
	}
	return echo.NewHTTPError(http.StatusUnauthorized, what+" needs the admin token: Authorization: Bearer <VIGIE_ADMIN_TOKEN>")
}

// Is reports whether the request carries token as its bearer token.
func Is(c echo.Context, token string) bool {
	if token == "" {
		return false
	}
	tok, ok := strings.CutPrefix(c.Request().Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	want := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}
