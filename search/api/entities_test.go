package api_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
	"vigie/search"
	"vigie/search/api"
)

// entityServer is a server over its own data directory, with the real
// pipeline behind /api/entities: the shared corpus must not be curated.
func entityServer(t *testing.T) (*httptest.Server, func(guid, title, text string)) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close(); st.Close() })
	en := enrich.New(nil, nil)
	if _, err := ingest.LoadLearned(st, en); err != nil {
		t.Fatal(err)
	}
	p := ingest.New(st, idx, en, slog.New(slog.DiscardHandler))
	s, err := search.New(idx, st, search.WithResolver(en.Resolve))
	if err != nil {
		t.Fatal(err)
	}
	p.Listen(func(context.Context, uint64) { s.Warm() })
	srv := server(t, func(c *api.Config) {
		c.Searcher, c.Store, c.Index, c.Entities, c.AdminToken = s, st, idx, p, "s3cret-admin"
	})
	src := feed.Source{Name: "Veille", URL: "https://veille.example/rss"}
	ingestOne := func(guid, title, text string) {
		t.Helper()
		body := fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>Veille</title>
<item><title>%s</title><link>https://veille.example/%s</link><guid>%s</guid><pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate><description>%s</description></item>
</channel></rss>`, title, guid, guid, text)
		parsed, err := feed.Parse([]byte(body), "", src.URL)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.IngestFeed(context.Background(), src, parsed, time.Date(2025, 3, 5, 8, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	return srv, ingestOne
}

func TestEntityRoutes(t *testing.T) {
	srv, ingestOne := entityServer(t)
	oa := loadOpenAPI(t, srv)
	ingestOne("old", "Drones de surface", "Ocealys livre trois drones de surface à la Marine nationale.")
	ingestOne("learn", "Contrat DGA", "La DGA a notifié un contrat à Ocealys SAS, une PME bretonne.")

	type searchAnswer struct {
		Total int
		Hits  []struct{ URL string }
	}
	found := func(company string) []string {
		t.Helper()
		r := get(t, srv, "/api/search?sort=date&company="+strings.ReplaceAll(company, " ", "+"))
		oa.check(t, r)
		var out []string
		for _, h := range decode[searchAnswer](t, r).Hits {
			out = append(out, hitKey(h.URL))
		}
		slices.Sort(out)
		return out
	}
	// The article stored before the name was learnt is found by it too.
	if got := found("Ocealys"); !slices.Equal(got, []string{"learn", "old"}) {
		t.Fatalf("company=Ocealys finds %q, want learn and old", got)
	}

	t.Run("list and get", func(t *testing.T) {
		r := get(t, srv, "/api/entities")
		oa.check(t, r)
		list := decode[api.EntitiesResponse](t, r)
		if len(list.Entities) != 1 || list.Entities[0].Name != "Ocealys" || list.Entities[0].Articles != 1 ||
			list.Entities[0].Status != "learned" || !slices.Equal(list.Entities[0].Aliases, []string{"Ocealys SAS"}) {
			t.Fatalf("list = %+v", list)
		}
		r = get(t, srv, "/api/entities/Ocealys")
		oa.check(t, r)
		if e := decode[store.Entity](t, r); e.Name != "Ocealys" || e.Kind != "company" {
			t.Fatalf("get = %+v", e)
		}
		wantError(t, get(t, srv, "/api/entities/Nope"), http.StatusNotFound, "not_found")
	})

	post := func(path, body, token string) response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		r := do(t, req)
		oa.check(t, r)
		return r
	}
	t.Run("the admin token is required", func(t *testing.T) {
		wantError(t, post("/api/entities/Ocealys/reject", "", ""), http.StatusUnauthorized, "unauthorized")
		wantError(t, post("/api/entities/Ocealys/reject", "", "wrong"), http.StatusUnauthorized, "unauthorized")
		if got := found("Ocealys"); len(got) != 2 {
			t.Fatalf("an unauthorised reject changed the facets: %q", got)
		}
	})
	t.Run("bad requests", func(t *testing.T) {
		wantError(t, post("/api/entities/Ocealys/rename", `{}`, "s3cret-admin"), http.StatusBadRequest, "bad_parameter")
		wantError(t, post("/api/entities/Ocealys/rename", `{"to":"X","colour":"blue"}`, "s3cret-admin"), http.StatusBadRequest, "bad_parameter")
		wantError(t, post("/api/entities/Ocealys/merge", `not json`, "s3cret-admin"), http.StatusBadRequest, "bad_parameter")
		e := wantError(t, post("/api/entities/Nope/reject", "", "s3cret-admin"), http.StatusNotFound, "not_found")
		if !strings.Contains(e.Error.Message, `"Nope"`) || strings.Contains(e.Error.Message, "store:") {
			t.Errorf("message = %q", e.Error.Message)
		}
		wantError(t, post("/api/entities/Ocealys/merge", `{"into":"Nope"}`, "s3cret-admin"), http.StatusNotFound, "not_found")
	})
	t.Run("curation changes the facets at once", func(t *testing.T) {
		r := post("/api/entities/Ocealys/reject", "", "s3cret-admin")
		if c := decode[api.CurationResponse](t, r); r.status != 200 || c.ArticlesChanged != 2 || c.Entity.Status != "rejected" {
			t.Fatalf("reject: %d %s", r.status, r.body)
		}
		if got := found("Ocealys"); len(got) != 0 {
			t.Fatalf("after reject, company=Ocealys finds %q", got)
		}
		r = post("/api/entities/Ocealys/accept", "", "s3cret-admin")
		if c := decode[api.CurationResponse](t, r); c.ArticlesChanged != 2 || c.Entity.Status != "accepted" {
			t.Fatalf("accept: %d %s", r.status, r.body)
		}
		r = post("/api/entities/Ocealys/rename", `{"to":"Ocealys Marine"}`, "s3cret-admin")
		if c := decode[api.CurationResponse](t, r); c.ArticlesChanged != 2 || c.Entity.Name != "Ocealys Marine" {
			t.Fatalf("rename: %d %s", r.status, r.body)
		}
		if got := found("Ocealys Marine"); !slices.Equal(got, []string{"learn", "old"}) {
			t.Fatalf("after rename, company=Ocealys Marine finds %q", got)
		}
		if got := found("Ocealys"); len(got) != 0 {
			t.Fatalf("after rename, the old name finds %q", got)
		}
		// A new article with the bare old name takes the new one.
		ingestOne("later", "Export", "Ocealys signe avec la marine belge.")
		if got := found("Ocealys Marine"); !slices.Equal(got, []string{"later", "learn", "old"}) {
			t.Fatalf("company=Ocealys Marine finds %q", got)
		}
		r = get(t, srv, "/api/entities/Ocealys%20Marine")
		if e := decode[store.Entity](t, r); r.status != 200 || e.Status != "accepted" {
			t.Fatalf("escaped name: %d %s", r.status, r.body)
		}
		e := wantError(t, post("/api/entities/Ocealys/rename", `{"to":"Other"}`, "s3cret-admin"), http.StatusConflict, "conflict")
		if !strings.Contains(e.Error.Message, "renamed to") {
			t.Errorf("conflict message = %q", e.Error.Message)
		}
	})
}
