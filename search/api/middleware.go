package api

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// contentSecurityPolicy allows only the server's own scripts and styles:
// the page has no inline script, and feed text can never run as code.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// use installs the middleware, outermost first.
func (s *server) use(e *echo.Echo) {
	e.Pre(dropUnsafeRequestID)
	e.Use(
		middleware.RequestID(),
		middleware.RequestLoggerWithConfig(s.requestLogConfig()),
		// observe answers errors itself (through the error handler) so
		// that it and the request log see the final status.
		s.observe,
		middleware.RecoverWithConfig(middleware.RecoverConfig{
			DisableErrorHandler: true, // let observe answer, and count the 500
			LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
				s.log.Error("panic_recovered", slog.Any("error", err), requestIDAttr(c), slog.String("stack", string(stack)))
				return fmt.Errorf("panic: %w", err)
			},
		}),
		middleware.SecureWithConfig(middleware.SecureConfig{
			XSSProtection:         "0", // turn off the legacy XSS auditor (itself exploitable); the CSP protects
			ContentTypeNosniff:    "nosniff",
			XFrameOptions:         "DENY",
			ContentSecurityPolicy: contentSecurityPolicy,
			ReferrerPolicy:        "strict-origin-when-cross-origin",
			// Sent only on HTTPS requests (echo checks), and only when the
			// public URL is HTTPS: a plain-HTTP deployment must not pin it.
			HSTSMaxAge: hstsMaxAge(s.cfg.BaseURL),
		}),
		middleware.CORSWithConfig(middleware.CORSConfig{
			Skipper:      func(c echo.Context) bool { return !strings.HasPrefix(c.Request().URL.Path, "/api/") },
			AllowOrigins: []string{"*"},
			AllowMethods: []string{http.MethodGet, http.MethodHead},
			MaxAge:       86400,
		}),
	)
	if s.cfg.RateLimit > 0 {
		e.Use(s.rateLimiter())
	}
	e.Use(
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: strconv.Itoa(bodyLimit>>10) + "K"}),
		middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1024}),
		middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{
			Timeout: s.cfg.RequestTimeout,
			// Keep the error as is: the error handler maps a deadline
			// to 503 "timeout" in the JSON shape.
			ErrorHandler: func(err error, _ echo.Context) error { return err },
		}),
	)
}

// dropUnsafeRequestID removes an incoming X-Request-ID that is not a short
// token, so a client cannot inject text into logs and response headers;
// the RequestID middleware then generates one.
func dropUnsafeRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header
		if id := h.Get(echo.HeaderXRequestID); id != "" && !isToken(id) {
			h.Del(echo.HeaderXRequestID)
		}
		return next(c)
	}
}

func isToken(s string) bool {
	return len(s) <= 128 && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r))
	})
}

func hstsMaxAge(baseURL string) int {
	if strings.HasPrefix(baseURL, "https://") {
		return 180 * 24 * 3600
	}
	return 0
}

// observe answers a failed request with the error handler, then records
// the request duration by route and status.
func (s *server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		s.cfg.Metrics.observeHTTP(routeLabel(c), c.Request().Method, c.Response().Status, time.Since(start))
		return nil
	}
}

// routeLabel is the matched route pattern ("/api/articles/:id"), never the
// raw path: raw paths would give the metrics one series per URL.
func routeLabel(c echo.Context) string {
	p := c.Path()
	if p == "" || c.Response().Status == http.StatusNotFound && c.Handler() == nil {
		return "unmatched"
	}
	return p
}

func (s *server) requestLogConfig() middleware.RequestLoggerConfig {
	return middleware.RequestLoggerConfig{
		LogLatency: true, LogMethod: true, LogRoutePath: true, LogStatus: true,
		LogRemoteIP: true, LogRequestID: true, LogResponseSize: true, LogUserAgent: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.RoutePath == "/healthz" || v.RoutePath == "/metrics" || strings.HasPrefix(v.RoutePath, "/static/") {
				level = slog.LevelDebug // probes and assets would drown the log
			}
			s.log.LogAttrs(context.Background(), level, "http_request",
				slog.String("method", v.Method),
				slog.String("uri", redactedURI(c.Request().URL)),
				slog.String("route", v.RoutePath),
				slog.Int("status", v.Status),
				slog.Float64("latency_ms", float64(v.Latency.Microseconds())/1000),
				slog.Int64("bytes", v.ResponseSize),
				slog.String("remote_ip", v.RemoteIP),
				slog.String("request_id", v.RequestID),
				slog.String("user_agent", v.UserAgent),
			)
			return nil
		},
	}
}

// secretParams are query parameters never written to logs: the signed
// alert tokens of e-mail links act as passwords for one alert.
var secretParams = []string{"token"}

// redactedURI is the request path and query for logs, secrets masked.
func redactedURI(u *url.URL) string {
	q := u.Query()
	redacted := false
	for _, p := range secretParams {
		if q.Has(p) {
			q.Set(p, "REDACTED")
			redacted = true
		}
	}
	if !redacted {
		return u.RequestURI()
	}
	return u.EscapedPath() + "?" + q.Encode()
}

// rateLimitedPrefixes are the paths the per-client limit applies to: the
// API (alerts included) and Atom feeds. The page and its assets are not
// limited (a page load fetches several assets at once).
var rateLimitedPrefixes = []string{"/api/", "/search.atom"}

func (s *server) rateLimiter() echo.MiddlewareFunc {
	r := s.cfg.RateLimit
	burst := max(1, int(math.Ceil(3*r)))
	retryAfter := strconv.Itoa(max(1, int(math.Ceil(1/r))))
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool {
			p := c.Request().URL.Path
			for _, pre := range rateLimitedPrefixes {
				if strings.HasPrefix(p, pre) {
					return false
				}
			}
			return true
		},
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(r), Burst: burst, ExpiresIn: 3 * time.Minute,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return clientKey(c.RealIP()), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", retryAfter)
			return errRateLimited()
		},
	})
}

// clientKey is the rate-limit bucket of a client address: the address
// itself for IPv4, its /64 for IPv6, where one subscriber usually holds a
// whole /64 and could otherwise take a fresh address per request.
func clientKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// ipExtractor returns how echo finds the client address. Without trusted
// proxies it is the peer address: echo's default would believe any
// X-Forwarded-For, letting a client pick a new rate-limit bucket per
// request. With trusted proxies, X-Forwarded-For is read from the right,
// skipping only those proxies (not echo's default private ranges).
func ipExtractor(trust string) (echo.IPExtractor, error) {
	ranges, err := parseCIDRs(trust)
	if err != nil {
		return nil, err
	}
	if len(ranges) == 0 {
		return echo.ExtractIPDirect(), nil
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, r := range ranges {
		opts = append(opts, echo.TrustIPRange(r))
	}
	return echo.ExtractIPFromXFFHeader(opts...), nil
}

// parseCIDRs reads a comma-separated list of CIDRs; a bare address stands
// for itself alone.
func parseCIDRs(list string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			ip := net.ParseIP(f)
			if ip == nil {
				return nil, fmt.Errorf("api: trusted proxy %q is neither an IP address nor a CIDR", f)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(f)
		if err != nil {
			return nil, fmt.Errorf("api: trusted proxy range %q: %w", f, err)
		}
		out = append(out, n)
	}
	return out, nil
}
