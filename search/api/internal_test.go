package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"vigie/indexer/feed"
)

func TestClientKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{"::ffff:203.0.113.7", "203.0.113.7"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"},
		{"", ""},
		{"not-an-ip", "not-an-ip"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := clientKey(tt.in); got != tt.want {
				t.Errorf("clientKey(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIPExtractor(t *testing.T) {
	tests := []struct {
		name, trust, remote, xff, want string
	}{
		{"direct ignores XFF", "", "198.51.100.1:5000", "203.0.113.7", "198.51.100.1"},
		{"direct, private peer still ignores XFF", "", "10.0.0.2:5000", "203.0.113.7", "10.0.0.2"},
		{"trusted proxy", "10.0.0.0/8", "10.0.0.2:5000", "203.0.113.7", "203.0.113.7"},
		{"untrusted peer", "10.0.0.0/8", "198.51.100.1:5000", "203.0.113.7", "198.51.100.1"},
		{"private but not listed is not trusted", "10.0.0.1", "192.168.1.1:5000", "203.0.113.7", "192.168.1.1"},
		{"spoofed left part ignored", "10.0.0.0/8", "10.0.0.2:5000", "1.1.1.1, 203.0.113.7", "203.0.113.7"},
		{"chain of trusted proxies", "10.0.0.0/8", "10.0.0.2:5000", "203.0.113.7, 10.0.0.9", "203.0.113.7"},
		{"IPv6 proxy", "2001:db8::/32", "[2001:db8::1]:5000", "203.0.113.7", "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := ipExtractor(tt.trust)
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tt.remote
			req.Header.Set("X-Forwarded-For", tt.xff)
			if got := x(req); got != tt.want {
				t.Errorf("client %q, want %q", got, tt.want)
			}
		})
	}
}

func TestETagMatch(t *testing.T) {
	const etag = `W/"abc"`
	tests := []struct {
		header string
		want   bool
	}{
		{`W/"abc"`, true},
		{`"abc"`, true},
		{`"x", W/"abc"`, true},
		{`*`, true},
		{`"abd"`, false},
		{``, false},
		{`abc`, false},
	}
	for _, tt := range tests {
		if got := etagMatch(tt.header, etag); got != tt.want {
			t.Errorf("etagMatch(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestFeedStatus(t *testing.T) {
	now := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		st    feed.State
		known bool
		want  string
	}{
		{"no state", feed.State{}, false, FeedNever},
		{"state without any fetch", feed.State{URL: "u"}, true, FeedNever},
		{"healthy", feed.State{CheckedAt: now, LastSuccessAt: now}, true, FeedOK},
		{"failing after successes", feed.State{CheckedAt: now, LastSuccessAt: now.Add(-time.Hour), ErrorCount: 2}, true, FeedFailing},
		{"failing from the start", feed.State{CheckedAt: now, ErrorCount: 1}, true, FeedFailing},
		{"checked, never succeeded, no error (canceled)", feed.State{CheckedAt: now}, true, FeedNever},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := feedStatus(tt.st, tt.known); got != tt.want {
				t.Errorf("status %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNormalizeBaseURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "http://localhost"},
		{"https://vigie.example/", "https://vigie.example"},
		{"https://vigie.example/news/?x=1#y", "https://vigie.example/news"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
	}
	for _, tt := range tests {
		got, err := normalizeBaseURL(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("normalizeBaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"vigie.example", "ftp://vigie.example", "https://", "::"} {
		if _, err := normalizeBaseURL(bad); err == nil {
			t.Errorf("normalizeBaseURL(%q) accepted", bad)
		}
	}
}

func TestFromHTTPError(t *testing.T) {
	tests := []struct {
		name      string
		err       *echo.HTTPError
		status    int
		code, msg string
		paramWant string
	}{
		{"route not found", echo.ErrNotFound, 404, CodeNotFound, "nothing at GET /x", ""},
		{"handler message kept", echo.NewHTTPError(404, "no such alert"), 404, CodeNotFound, "no such alert", ""},
		{"code from a map", echo.NewHTTPError(503, map[string]any{"code": "mail_not_configured", "message": "no mail"}),
			503, "mail_not_configured", "no mail", ""},
		{"param from a map", echo.NewHTTPError(400, echo.Map{"message": "bad token", "param": "token"}),
			400, CodeBadParameter, "bad token", "token"},
		{"conflict", echo.NewHTTPError(409, "exists"), 409, CodeConflict, "exists", ""},
		{"500 is masked", echo.NewHTTPError(500, "db path /var/x"), 500, CodeInternal, "internal error; it has been logged", ""},
		{"unusual 4xx", echo.NewHTTPError(418, "teapot"), 418, CodeBadParameter, "teapot", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/x", nil), httptest.NewRecorder())
			ae := fromHTTPError(tt.err, c)
			if ae.Status != tt.status || ae.Code != tt.code || ae.Message != tt.msg || ae.Param != tt.paramWant {
				t.Errorf("got %+v, want %d %s %q %q", ae, tt.status, tt.code, tt.msg, tt.paramWant)
			}
		})
	}
}

// FuzzETagMatch reads If-None-Match headers as clients send them.
func FuzzETagMatch(f *testing.F) {
	for _, s := range []string{`W/"abc"`, `"abc", "def"`, `*`, `,,,`, `W/`, ``} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		const etag = `W/"0123456789abcdef"`
		etagMatch(header, etag) // must not panic
		if !etagMatch(header+", "+etag, etag) {
			t.Errorf("%q followed by the ETag does not match", header)
		}
	})
}
