package api_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"vigie/search/alert"
	"vigie/search/api"
)

// TestAlertRoutes mounts the real alert service on the server and checks
// its answers go through the server's error shape and match the OpenAPI
// document.
func TestAlertRoutes(t *testing.T) {
	now := time.Date(2025, 9, 15, 8, 0, 0, 0, time.UTC)
	svc, err := alert.New(alert.Config{
		Store: fixture.store, Searcher: fixture.searcher, DataDir: t.TempDir(), MailDir: t.TempDir(),
		BaseURL: "https://vigie.example", MailFrom: "Vigie <vigie@vigie.example>", AdminToken: "s3cret-admin",
		Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := server(t, func(c *api.Config) { c.Alerts = svc })
	oa := loadOpenAPI(t, srv)

	post := func(body string) response {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/alerts", bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		return do(t, req)
	}
	t.Run("create", func(t *testing.T) {
		r := post(`{"email":"analyst@example.org","q":"","lang":["en","fr"],"frequency":"weekly","locale":"fr"}`)
		oa.check(t, r)
		if r.status != http.StatusCreated {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		type createdAlert struct {
			ID, State string
			Preview   struct {
				Total int
				Hits  []struct{ URL string }
			}
		}
		created := decode[createdAlert](t, r)
		// The last 30 days before 2025-09-15: e14 and f16.
		if created.State != "pending" || created.Preview.Total != 2 || len(created.Preview.Hits) != 2 {
			t.Errorf("created %+v", created)
		}
	})
	t.Run("bad requests", func(t *testing.T) {
		for _, body := range []string{
			`{"email":"not an address"}`,
			`{"email":"a@example.org","q":"\"unterminated"}`,
			`{"email":"a@example.org","frequency":"hourly"}`,
			`{"email":"a@example.org","colour":"blue"}`,
			`[1,2]`,
		} {
			r := post(body)
			oa.check(t, r)
			if r.status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400: %s", body, r.status, r.body)
			}
		}
	})
	t.Run("listing needs the admin token", func(t *testing.T) {
		r := get(t, srv, "/api/alerts")
		oa.check(t, r)
		wantError(t, r, http.StatusUnauthorized, "unauthorized")
		r = get(t, srv, "/api/alerts", "Authorization", "Bearer wrong")
		wantError(t, r, http.StatusUnauthorized, "unauthorized")
		r = get(t, srv, "/api/alerts", "Authorization", "Bearer s3cret-admin")
		oa.check(t, r)
		if r.status != http.StatusOK {
			t.Errorf("with the admin token: %d %s", r.status, r.body)
		}
	})
	send := func(method, path, body string, header ...string) response {
		req, _ := http.NewRequest(method, srv.URL+path, bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return do(t, req)
	}
	t.Run("preview, edit, deliveries", func(t *testing.T) {
		r := send(http.MethodPost, "/api/alerts/preview", `{"lang":["en","fr"],"frequency":"daily"}`)
		oa.check(t, r)
		pv := decode[struct {
			Preview struct {
				Total  int
				PerDay []struct{ Count int } `json:"per_day"`
			}
		}](t, r)
		if r.status != http.StatusOK || pv.Preview.Total != 2 || len(pv.Preview.PerDay) != 30 {
			t.Errorf("preview %d %s", r.status, r.body)
		}
		created := decode[struct{ ID string }](t, post(`{"email":"edit@example.org","q":"drones","channel":"webhook","webhook_url":"https://hooks.example.org/v","webhook_format":"teams"}`))
		admin := []string{"Authorization", "Bearer s3cret-admin"}
		r = send(http.MethodPatch, "/api/alerts/"+created.ID, `{"frequency":"weekly","q":"drone swarm"}`, admin...)
		oa.check(t, r)
		if r.status != http.StatusOK {
			t.Errorf("patch: %d %s", r.status, r.body)
		}
		r = send(http.MethodPatch, "/api/alerts/"+created.ID, `{"state":"paused"}`, admin...)
		oa.check(t, r)
		wantError(t, r, http.StatusConflict, "conflict") // not confirmed yet
		r = send(http.MethodGet, "/api/alerts/"+created.ID+"/deliveries", "", admin...)
		oa.check(t, r)
		if r.status != http.StatusOK || string(r.body) != `{"deliveries":[]}`+"\n" {
			t.Errorf("deliveries: %d %q", r.status, r.body)
		}
	})
	t.Run("forged token", func(t *testing.T) {
		r := get(t, srv, "/api/alerts/abc?token=forged")
		oa.check(t, r)
		if r.status != http.StatusBadRequest && r.status != http.StatusForbidden {
			t.Errorf("status %d: %s", r.status, r.body)
		}
	})
}

func TestAlertsWithoutMail(t *testing.T) {
	svc, err := alert.New(alert.Config{
		Store: fixture.store, Searcher: fixture.searcher, DataDir: t.TempDir(),
		BaseURL: "https://vigie.example", Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := server(t, func(c *api.Config) { c.Alerts = svc })
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/alerts", bytes.NewBufferString(`{"email":"a@example.org"}`))
	req.Header.Set("Content-Type", "application/json")
	r := do(t, req)
	loadOpenAPI(t, srv).check(t, r)
	wantError(t, r, http.StatusServiceUnavailable, "mail_not_configured")
}
