package feed

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		value string
		date  string
		want  time.Duration
	}{
		{"absent", "", "", 0},
		{"seconds", "120", "", 2 * time.Minute},
		{"zero", "0", "", 0},
		{"negative", "-5", "", 0},
		{"garbage", "soon", "", 0},
		{"HTTP date from our clock", now.Add(90 * time.Second).Format(http.TimeFormat), "", 90 * time.Second},
		{"HTTP date from the server's Date", "Tue, 04 Mar 2025 15:00:00 GMT", "Tue, 04 Mar 2025 14:00:00 GMT", time.Hour},
		{"HTTP date in the past", "Tue, 04 Mar 2025 11:00:00 GMT", "", 0},
		{"huge seconds are capped", "99999999999", "", 30 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.value != "" {
				h.Set("Retry-After", tt.value)
			}
			if tt.date != "" {
				h.Set("Date", tt.date)
			}
			if got := retryAfter(h, now); got != tt.want {
				t.Errorf("retryAfter = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCacheLifetime(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		want    time.Duration
	}{
		{"none", nil, 0},
		{"max-age", map[string]string{"Cache-Control": "public, max-age=900"}, 15 * time.Minute},
		{"quoted max-age", map[string]string{"Cache-Control": `max-age="60"`}, time.Minute},
		{"no-store wins", map[string]string{"Cache-Control": "no-store, max-age=900"}, 0},
		{"max-age=0", map[string]string{"Cache-Control": "max-age=0"}, 0},
		{"Expires minus Date", map[string]string{"Expires": "Tue, 04 Mar 2025 13:00:00 GMT", "Date": "Tue, 04 Mar 2025 12:30:00 GMT"}, 30 * time.Minute},
		{"Expires without Date", map[string]string{"Expires": "Tue, 04 Mar 2025 13:00:00 GMT"}, 0},
		{"Expires in the past", map[string]string{"Expires": "Tue, 04 Mar 2025 11:00:00 GMT", "Date": "Tue, 04 Mar 2025 12:30:00 GMT"}, 0},
		{"Expires: 0", map[string]string{"Expires": "0", "Date": "Tue, 04 Mar 2025 12:30:00 GMT"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			if got := cacheLifetime(h); got != tt.want {
				t.Errorf("cacheLifetime = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFetchErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/br":
			w.Header().Set("Content-Encoding", "br")
			w.Write([]byte("xx"))
		case "/badgzip":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte("not gzip at all"))
		case "/gone":
			w.WriteHeader(http.StatusGone)
		case "/cut":
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte("<rss>"))
		}
	}))
	defer srv.Close()
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshake is expected
	tlsSrv.StartTLS()                                   // self-signed: not trusted by our client
	defer tlsSrv.Close()
	f := NewFetcher(FetcherConfig{})
	tests := []struct {
		name string
		url  string
		want string
	}{
		{"unsupported encoding", srv.URL + "/br", `unsupported Content-Encoding "br"`},
		{"corrupt gzip", srv.URL + "/badgzip", "corrupt gzip body"},
		{"410", srv.URL + "/gone", "HTTP 410"},
		{"body cut short", srv.URL + "/cut", "connection closed before the response was complete"},
		{"connection refused", "http://" + closedAddr(t) + "/", "connection refused"},
		{"bad URL", "http://[::1/feed", "invalid URL"},
		{"untrusted certificate", tlsSrv.URL, "TLS certificate error: x509: certificate signed by unknown authority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.Fetch(context.Background(), tt.url, State{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestFetchCallerCancellationIsNotAFeedError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := NewFetcher(FetcherConfig{}).Fetch(ctx, srv.URL, State{})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestFetcherDefaults(t *testing.T) {
	cfg := FetcherConfig{Timeout: 5 * time.Second}.withDefaults()
	want := FetcherConfig{UserAgent: DefaultUserAgent, Timeout: 5 * time.Second, ConnectTimeout: 5 * time.Second,
		MaxBytes: DefaultMaxBytes, MaxRedirects: DefaultMaxRedirects}
	if cfg != want {
		t.Errorf("withDefaults = %+v, want %+v", cfg, want)
	}
}
