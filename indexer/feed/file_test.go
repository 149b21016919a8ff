package feed

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFileFeedPolledLikeHTTP(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "demo.xml")
	body := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Démo</title>` +
		`<item><title>Contrat de drones</title><link>https://demo.example/a</link></item></channel></rss>`
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	src := Source{Name: "demo", URL: "file://" + p}
	if _, err := ParseSources(strings.NewReader("feeds:\n  - name: demo\n    url: " + src.URL + "\n")); err != nil {
		t.Fatalf("file source rejected: %v", err)
	}
	if _, err := ParseSources(strings.NewReader("feeds:\n  - name: demo\n    url: file://" + filepath.Join(dir, "missing.xml") + "\n")); err == nil {
		t.Fatal("a missing file was accepted")
	}
	states, sink := newMemStates(), newMemSink()
	poller, err := NewPoller(PollerConfig{Sources: []Source{src}, States: states, Sink: sink, Fetcher: NewFetcher(FetcherConfig{})})
	if err != nil {
		t.Fatal(err)
	}
	r := poller.Refresh(context.Background(), src)
	if r.Err != nil || r.New != 1 {
		t.Fatalf("first poll: %+v", r)
	}
	r = poller.Refresh(context.Background(), src)
	if r.Err != nil || r.Outcome != OutcomeNotModified {
		t.Fatalf("unchanged file: outcome %q err %v, want not_modified", r.Outcome, r.Err)
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	if r = poller.Refresh(context.Background(), src); r.Err != nil || r.Outcome == OutcomeNotModified {
		t.Fatalf("touched file: %+v", r)
	}
	os.Remove(p)
	if r = poller.Refresh(context.Background(), src); r.Err == nil {
		t.Fatal("missing file polled without error")
	}
}
