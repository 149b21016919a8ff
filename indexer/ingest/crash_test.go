package ingest_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vigie/indexer"
	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
)

// The crash test re-executes the test binary as an importing child process
// (selected by this variable), kills it with SIGKILL at random moments, and
// checks after each restart that the index matches the store exactly.
const crashChildEnv = "VIGIE_CRASH_CHILD_DATA"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		if err := crashChild(dir, strings.Split(os.Getenv("VIGIE_CRASH_FILES"), ",")); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashChild imports every file, the way `vigie import` does.
func crashChild(dir string, files []string) error {
	st, idx, p, err := openPipeline(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	defer idx.Close()
	for _, f := range files {
		if _, err := p.ImportFile(context.Background(), f, feed.Source{Name: "crash"}); err != nil {
			return err
		}
		if err := p.CatchUp(context.Background()); err != nil {
			return err
		}
	}
	return nil
}

func openPipeline(dir string) (*store.Store, *index.Index, *ingest.Pipeline, error) {
	st, err := store.Open(filepath.Join(dir, "vigie.db"))
	if err != nil {
		return nil, nil, nil, err
	}
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return st, idx, ingest.New(st, idx, enrich.New(nil, nil), nil), nil
}

// writeFeeds writes n RSS files of per items each, every item unique.
func writeFeeds(t *testing.T, dir string, n, per int) []string {
	t.Helper()
	var files []string
	companies := []string{"Anduril", "Palantir", "OpenAI", "Thales", "Safran", "Helsing", "Shield AI", "Lockheed Martin"}
	for f := range n {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Crash feed</title><link>https://crash.example/</link>`)
		for i := range per {
			k := f*per + i
			c := companies[k%len(companies)]
			fmt.Fprintf(&b, `<item><title>%s wins contract number %d</title><link>https://crash.example/a/%d</link>`+
				`<pubDate>Mon, 02 Jun 2025 10:%02d:00 +0000</pubDate><description>The Pentagon awarded %s a $%d million contract for autonomous systems, marker%d. `+
				`The Department of Defense said the work will be performed through 2027 with options worth more.</description></item>`,
				c, k, k, k%60, c, 10+k%900, k)
		}
		b.WriteString(`</channel></rss>`)
		p := filepath.Join(dir, fmt.Sprintf("feed-%02d.xml", f))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	return files
}

func TestCrashDuringImportLosesNothingIndexesNothingTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test starts child processes")
	}
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	const files, per = 8, 400
	paths := writeFeeds(t, tmp, files, per)
	rng := rand.New(rand.NewPCG(42, uint64(time.Now().UnixNano())))

	for trial := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+data, "VIGIE_CRASH_FILES="+strings.Join(paths, ","))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(100+rng.IntN(1500)) * time.Millisecond
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
		case err := <-done:
			if err != nil {
				t.Fatalf("trial %d: child failed: %v", trial, err)
			}
		}
		// Restart: opening and catching up must leave the index exactly
		// equal to the store.
		st, idx, _, err := openPipeline(data)
		if err != nil {
			t.Fatalf("trial %d: reopen after kill at %v: %v", trial, delay, err)
		}
		if _, _, err := idx.Sync(context.Background(), st, nil); err != nil {
			t.Fatalf("trial %d: catch up: %v", trial, err)
		}
		assertIndexMatchesStore(t, st, idx)
		t.Logf("trial %d: killed after %v with %d articles stored", trial, delay, st.Count())
		idx.Close()
		st.Close()
	}

	// Finish the import: every article exactly once.
	st, idx, p, err := openPipeline(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	defer idx.Close()
	for _, f := range paths {
		if _, err := p.ImportFile(context.Background(), f, feed.Source{Name: "crash"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := st.Count(); got != files*per {
		t.Fatalf("store holds %d articles, want %d", got, files*per)
	}
	assertIndexMatchesStore(t, st, idx)
}

func assertIndexMatchesStore(t *testing.T, st *store.Store, idx *index.Index) {
	t.Helper()
	n, err := idx.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	if int(n) != st.Count() {
		t.Fatalf("index holds %d documents, store %d articles", n, st.Count())
	}
	wm, err := idx.Watermark()
	if err != nil {
		t.Fatal(err)
	}
	if wm != st.LastSeq() {
		t.Fatalf("index watermark %d, store last seq %d", wm, st.LastSeq())
	}
	missing := 0
	if _, err := st.Since(0, 0, func(a *indexer.Article) error {
		d, err := idx.Document(a.ID)
		if err != nil || d == nil {
			missing++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if missing > 0 {
		t.Fatalf("%d stored articles are not in the index", missing)
	}
}
