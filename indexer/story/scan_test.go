package story_test

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"vigie/indexer"
	"vigie/indexer/enrich"
	"vigie/indexer/normalize"
	"vigie/indexer/story"
	"vigie/internal/moduledir"
)

// TestScanRealFeeds is a debugging aid, not a check: it clusters the real
// news items of the shared fixtures (../shared/fixtures: the English and
// French feed snapshots listed in feeds/news/INDEX.tsv, and the
// articles/dod-public texts) and prints every story of two articles or
// more, with the score that joined each member, so that false merges can
// be eyeballed on real prose.
//
//	VIGIE_STORY_SCAN=1 go test -v -run TestScanRealFeeds ./indexer/story/
//
// VIGIE_STORY_SCAN=squash moves every article into one day first (keeping
// their order): the snapshots span years, so with their real dates few
// articles are within a window of each other; squashed, every pair is
// compared, and nearly every merge is a false one.
func TestScanRealFeeds(t *testing.T) {
	mode := os.Getenv("VIGIE_STORY_SCAN")
	if mode == "" {
		t.Skip("set VIGIE_STORY_SCAN=1 (or squash) to print the stories of the real feed fixtures")
	}
	root := moduledir.SharedFixtures(t)
	arts := readRealFeeds(t, root)
	arts = append(arts, readDoDPublic(t, root)...)
	slices.SortStableFunc(arts, func(a, b *indexer.Article) int { return a.Published.Compare(b.Published) })
	if mode == "squash" {
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for i, a := range arts {
			a.Published = base.Add(time.Duration(i) * time.Minute)
		}
	}
	en := enrich.New(nil, nil)
	for _, a := range arts {
		a.Enrichment = en.Enrich(a.Title, a.Text, a.FeedLang)
	}
	c := story.New(story.Config{})
	for _, a := range arts {
		if err := c.Assign(a, nil); err != nil {
			t.Fatal(err)
		}
	}
	byStory := map[string][]*indexer.Article{}
	var order []string
	for _, a := range arts {
		if byStory[a.Story] == nil {
			order = append(order, a.Story)
		}
		byStory[a.Story] = append(byStory[a.Story], a)
	}
	multi := 0
	for _, id := range order {
		members := byStory[id]
		if len(members) < 2 {
			continue
		}
		multi++
		t.Logf("story %s (%d articles)", id, len(members))
		for i, a := range members {
			best := 0.0
			for _, b := range members[:i] {
				best = max(best, story.Score(story.Sign(a), story.Sign(b)))
			}
			t.Logf("  %5.2f %s %s [%s] %.90s (%d co, %d ag, %d amt)", best, a.Published.Format("2006-01-02"),
				a.Lang, a.Source, a.Title, len(a.Companies), len(a.Agencies), len(a.Amounts))
		}
	}
	t.Logf("%d articles, %d stories, %d of them with several articles", len(arts), len(order), multi)
}

// readRealFeeds reads the English and French news snapshots listed in
// feeds/news/INDEX.tsv, once per link (the af.mil feeds overlap).
func readRealFeeds(t *testing.T, root string) []*indexer.Article {
	f, err := os.Open(filepath.Join(root, "feeds", "news", "INDEX.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	var arts []*indexer.Article
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 3 || cols[0] == "file" {
			continue
		}
		lang := strings.ToLower(cols[2])
		if !strings.HasPrefix(lang, "en") && !strings.HasPrefix(lang, "fr") {
			continue
		}
		lang = lang[:2]
		r, err := os.Open(filepath.Join(root, "feeds", cols[0]))
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().Parse(r)
		r.Close()
		if err != nil {
			t.Logf("skip %s: %v", cols[0], err)
			continue
		}
		for i, it := range feed.Items {
			key := it.Link
			if key == "" {
				key = it.Title
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			text := it.Content
			if len(text) < len(it.Description) {
				text = it.Description
			}
			a := &indexer.Article{
				ID:       fmt.Sprintf("%s#%d", cols[0], i),
				Source:   cols[1],
				Title:    normalize.Title(it.Title),
				Text:     normalize.Text(text),
				FeedLang: lang,
			}
			if it.PublishedParsed != nil {
				a.Published = *it.PublishedParsed
			} else if it.UpdatedParsed != nil {
				a.Published = *it.UpdatedParsed
			}
			arts = append(arts, a)
		}
	}
	return arts
}

// readDoDPublic reads articles/dod-public: headline on the first line,
// dates in manifest.csv.
func readDoDPublic(t *testing.T, root string) []*indexer.Article {
	dir := filepath.Join(root, "articles", "dod-public")
	f, err := os.Open(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var arts []*indexer.Article
	for _, row := range rows[1:] {
		b, err := os.ReadFile(filepath.Join(dir, row[0]+".txt"))
		if err != nil {
			continue
		}
		title, text, _ := strings.Cut(string(b), "\n")
		day, _ := time.Parse("2006-01-02", row[4])
		arts = append(arts, &indexer.Article{
			ID: row[0], Source: row[2], Title: strings.TrimSpace(title), Text: strings.TrimSpace(text),
			Published: day.Add(12 * time.Hour), FeedLang: "en",
		})
	}
	return arts
}
