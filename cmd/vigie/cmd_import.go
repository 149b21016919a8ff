package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"vigie/indexer/feed"
)

// indexEvery is how many stored articles an import lets accumulate before
// it asks the background indexer to catch up.
const indexEvery = 2000

// bgIndexer brings the index up to the store in its own goroutine while an
// import goes on storing; kicks that arrive while it works coalesce.
type bgIndexer struct {
	a    *app
	wake chan struct{}
	done chan error
}

func startIndexer(ctx context.Context, a *app) *bgIndexer {
	b := &bgIndexer{a: a, wake: make(chan struct{}, 1), done: make(chan error, 1)}
	go func() {
		var err error
		for range b.wake {
			if err == nil {
				err = a.pipeline.CatchUp(ctx)
			}
		}
		b.done <- err
	}()
	return b
}

func (b *bgIndexer) kick() {
	select {
	case b.wake <- struct{}{}:
	default: // a catch-up is already pending; it will see these articles
	}
}

// finish waits for the background work, then indexes what is left.
func (b *bgIndexer) finish(ctx context.Context) error {
	close(b.wake)
	if err := <-b.done; err != nil {
		return err
	}
	return b.a.pipeline.CatchUp(ctx)
}

// feedFileExts are the files `vigie import DIR` picks up in a directory.
var feedFileExts = []string{".xml", ".rss", ".atom", ".json", ".rdf", ".feed"}

func runImport(ctx context.Context, e *env, args []string) error {
	var c common
	fs := newFlagSet(e, "import", "PATH...")
	c.register(fs)
	name := fs.String("source", "", "source name for the imported articles (default: the feeds.yaml entry with a file:// URL for this file, else the feed's title)")
	langHint := fs.String("lang", "", "language hint (fr or en) when the feed declares none")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	files, err := feedFiles(fs.Args())
	if err != nil {
		return err
	}
	known := fileSources(c.feeds)
	log := c.logger(e.stderr)
	a, err := openApp(ctx, &c, log)
	if err != nil {
		return err
	}
	defer a.Close()

	start := time.Now()
	idx := startIndexer(ctx, a)
	bar := newBar(e.stderr, len(files), "importing")
	var items, added, updated, unchanged, reenriched, failed, pending int
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		src := known[absPath(f)]
		if *name != "" {
			src.Name = *name
		}
		if *langHint != "" {
			src.Lang = *langHint
		}
		res, err := a.pipeline.ImportFile(ctx, f, src)
		bar.Add(1)
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "\nskipped %s: %v\n", f, err)
			continue
		}
		items += res.Items
		added += res.Added
		updated += res.Updated
		unchanged += res.Unchanged
		reenriched += res.Reenriched
		// Index in large batches, in the background: the next files are
		// parsed and enriched on one core while bleve indexes on the other.
		if pending += res.Added + res.Updated + res.Reenriched; pending >= indexEvery {
			idx.kick()
			pending = 0
		}
	}
	if err := idx.finish(ctx); err != nil {
		return err
	}
	bar.Finish()
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "imported %s from %s in %.1fs (%.0f articles/s): %d new, %d updated, %d unchanged",
		plural(items, "item"), plural(len(files)-failed, "file"), secs, float64(items)/max(secs, 1e-9), added, updated, unchanged)
	if reenriched > 0 {
		fmt.Fprintf(e.stdout, "; %s re-enriched with names learnt meanwhile", plural(reenriched, "stored article"))
	}
	if failed > 0 {
		fmt.Fprintf(e.stdout, "; %s failed", plural(failed, "file"))
	}
	fmt.Fprintf(e.stdout, "\nthe store holds %s\n", plural(a.store.Count(), "article"))
	if failed > 0 && failed == len(files) {
		return errors.New("no file could be imported")
	}
	return nil
}

// feedFiles expands directories into the feed files they contain.
func feedFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && slices.Contains(feedFileExts, strings.ToLower(filepath.Ext(path))) {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fileSources maps absolute file paths to the feeds.yaml entries that name
// them with a file:// URL (paths relative to the feeds file's directory or
// to the working directory), so imported demo feeds keep their names.
func fileSources(feedsPath string) map[string]feed.Source {
	out := map[string]feed.Source{}
	srcs, err := loadFileSources(feedsPath)
	if err != nil {
		return out
	}
	for _, s := range srcs {
		abs := absPath(strings.TrimPrefix(s.URL, "file://"))
		s.URL = "file://" + abs
		out[abs] = s
	}
	return out
}

func absPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return abs
}

// loadFileSources reads the entries of a feeds file without the poller's
// validation (which accepts only http and https): import only needs names.
func loadFileSources(path string) ([]feed.Source, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Feeds []feed.Source `yaml:"feeds"`
	}
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	base := filepath.Dir(path)
	for i, s := range f.Feeds {
		p, ok := strings.CutPrefix(s.URL, "file://")
		if !ok {
			continue
		}
		// Relative file URLs are relative to the working directory when
		// the file exists there, else to the feeds file.
		if !filepath.IsAbs(p) {
			if _, err := os.Stat(p); err != nil {
				p = filepath.Join(base, p)
			}
		}
		f.Feeds[i].URL = "file://" + p
	}
	return f.Feeds, nil
}
