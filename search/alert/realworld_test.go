package alert

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"time"
	"vigie/internal/moduledir"

	"vigie/indexer/feed"
)

// fixturesDir finds ../shared/fixtures beside the module root (CI clones
// the repository with shared/ next to it), or skips.
func fixturesDir(t *testing.T) string { return moduledir.SharedFixtures(t, "feeds") }

// allowedTag is every tag the HTML e-mail templates write; anything else
// in an HTML part would come from feed text.
var allowedTag = regexp.MustCompile(`^</?(html|head|body|meta|title|div|p|a|strong|mark|hr|br)[\s>/]`)

// TestRealFeeds runs alerts over real French and English feeds (Le Monde,
// the U.S. Air Force, Sciences et Avenir) written by others: every alert
// e-mail lists exactly what the same search finds on the site, each story
// once, and no markup from the feeds reaches the HTML part.
func TestRealFeeds(t *testing.T) {
	fx := fixturesDir(t)
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	alerts := map[string]string{ // address -> request
		"macron@example.org":  `{"q":"macron","frequency":"instant","locale":"fr"}`,
		"espace@example.org":  `{"q":"fusée OR satellite","frequency":"instant","locale":"fr"}`,
		"airman@example.org":  `{"q":"airman cancer","frequency":"instant"}`,
		"academy@example.org": `{"q":"\"air force academy\"","frequency":"instant"}`,
		"guard@example.org":   `{"q":"guard","lang":"en","frequency":"instant"}`,
	}
	for addr, body := range alerts {
		e.create(strings.Replace(body, "{", `{"email":"`+addr+`",`, 1))
	}
	for _, m := range srv.WaitMessages(len(alerts), 5*time.Second) {
		e.confirmFrom(m)
	}
	files, _ := filepath.Glob(filepath.Join(fx, "news", "*.xml"))
	if len(files) == 0 {
		t.Skip("no news feeds in the fixtures")
	}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		url := "https://fixtures.example/" + filepath.Base(f)
		parsed, err := feed.Parse(body, "", url)
		if err != nil {
			t.Logf("skip %s: %v", filepath.Base(f), err)
			continue
		}
		if _, err := e.pipe.IngestFeed(context.Background(), feed.Source{URL: url}, parsed, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}

	// What the site finds for each alert.
	want := map[string][]string{}
	for _, a := range mustList(t, e) {
		req := a.Request
		req.Size, req.NoFacets, req.NoFuzzy = 100, true, true
		resp, err := e.svc.searcher.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range resp.Hits {
			if !slices.Contains(want[a.Email], h.Title) {
				want[a.Email] = append(want[a.Email], h.Title)
			}
		}
	}
	expected := 0
	for _, titles := range want {
		if len(titles) > 0 {
			expected++
		}
	}
	if expected < 4 {
		t.Fatalf("only %d alerts match the fixtures: %v", expected, want)
	}
	// Each feed is its own ingest batch, so an instant alert may get
	// several e-mails: wait for the outbox to drain, then put them together.
	deadline := time.Now().Add(10 * time.Second)
	for e.outboxLen() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("outbox did not drain")
		}
		time.Sleep(10 * time.Millisecond)
	}
	got := map[string][]string{}
	for _, m := range srv.Messages()[len(alerts):] {
		pm := parseMail(t, m.Data)
		to := m.To[0]
		got[to] = append(got[to], titles(pm.Text)...)
		for _, tag := range regexp.MustCompile(`<[^<]{0,20}`).FindAllString(pm.HTML, -1) {
			if !allowedTag.MatchString(tag) && !strings.HasPrefix(tag, "<!DOCTYPE") {
				t.Errorf("%s: unexpected markup %q in the HTML part", to, tag)
			}
		}
		if strings.Contains(pm.Text, "<p>") || strings.Contains(pm.Text, "&amp;") || strings.Contains(pm.Text, "&#") {
			t.Errorf("%s: HTML in the text part:\n%s", to, pm.Text)
		}
		if !strings.Contains(pm.HTML, "<mark>") {
			t.Errorf("%s: no word marked in\n%s", to, pm.HTML)
		}
	}
	if len(got) != expected {
		t.Errorf("%d alerts got mail, want %d", len(got), expected)
	}
	for to, titles := range got {
		for i, title := range titles {
			if slices.Contains(titles[:i], title) {
				t.Errorf("%s: %q sent twice", to, title)
			}
		}
		gs, ws := slices.Clone(titles), slices.Clone(want[to])
		slices.Sort(gs)
		slices.Sort(ws)
		if !slices.Equal(gs, ws) {
			t.Errorf("%s got\n%q\nthe site finds\n%q", to, gs, ws)
		}
		t.Logf("%s: %d articles", to, len(titles))
	}
}

func mustList(t *testing.T, e *testEnv) []Alert {
	t.Helper()
	list, err := List(e.st)
	if err != nil {
		t.Fatal(err)
	}
	return list
}
