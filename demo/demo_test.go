package demo

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"vigie/indexer/feed"
)

// Expectations the rest of Vigie relies on when it indexes the demo.
const (
	linkPrefix = "https://demo.vigie.example/"

	minArticles   = 60 // distinct links
	minPerLang    = 25 // distinct links per language
	minFeedFiles  = 8
	maxFeedFiles  = 12
	latin1File    = "lettre-des-armees.xml"
	latin1GUID    = "LDA-2024-0412"
	latin1Title   = "IA de défense : le décret créant l'AMIAD est paru"
	frenchDates   = "le-veilleur.xml"
	mislabelled   = "tribune-tech-defense.xml"
	manifestPath  = "manifest.tsv"
	feedsDir      = "feeds"
	feedsListPath = "feeds.yaml"
)

var (
	earliest = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	latest   = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
)

// manifestRow is one line of manifest.tsv: which item of which file, the
// language the article is written in, and the money amounts exactly as the
// article writes them.
type manifestRow struct {
	file, guid, lang string
	amounts          []string
}

type itemKey struct{ file, guid string }

// corpusItem is one parsed feed item and the file it came from.
type corpusItem struct {
	file string
	item *gofeed.Item
}

func readManifest(t testing.TB) []manifestRow {
	t.Helper()
	data, err := fs.ReadFile(Files, manifestPath)
	if err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	var rows []manifestRow
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			if got := sc.Text(); got != "file\tguid\tlang\tamounts_as_written" {
				t.Fatalf("manifest header = %q", got)
			}
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 4 {
			t.Fatalf("manifest line %d: %d columns, want 4", line, len(cols))
		}
		r := manifestRow{file: cols[0], guid: cols[1], lang: cols[2]}
		if cols[3] != "" {
			r.amounts = strings.Split(cols[3], ";")
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("scan manifest: %v", err)
	}
	return rows
}

func feedFiles(t testing.TB) []string {
	t.Helper()
	entries, err := fs.ReadDir(Files, feedsDir)
	if err != nil {
		t.Fatalf("list feeds: %v", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func parseFeed(t testing.TB, name string) *gofeed.Feed {
	t.Helper()
	data, err := fs.ReadFile(Files, path.Join(feedsDir, name))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return feed
}

func readCorpus(t testing.TB) map[itemKey]corpusItem {
	t.Helper()
	items := map[itemKey]corpusItem{}
	for _, name := range feedFiles(t) {
		feed := parseFeed(t, name)
		for _, it := range feed.Items {
			k := itemKey{name, it.GUID}
			if _, dup := items[k]; dup {
				t.Fatalf("%s: GUID %q appears twice", name, it.GUID)
			}
			items[k] = corpusItem{file: name, item: it}
		}
	}
	return items
}

// itemText is what an indexer sees of an item once HTML entities are
// decoded; amounts must appear in it verbatim.
func itemText(it *gofeed.Item) string {
	return html.UnescapeString(it.Title + "\n" + it.Description + "\n" + it.Content)
}

// itemDate returns the item's publication time, falling back to the French
// date format that gofeed leaves unparsed.
func itemDate(it *gofeed.Item) (time.Time, error) {
	switch {
	case it.PublishedParsed != nil:
		return *it.PublishedParsed, nil
	case it.UpdatedParsed != nil:
		return *it.UpdatedParsed, nil
	}
	return parseFrenchDate(it.Published)
}

func TestManifestMatchesFeeds(t *testing.T) {
	items := readCorpus(t)
	seen := map[itemKey]bool{}
	for _, r := range readManifest(t) {
		k := itemKey{r.file, r.guid}
		if seen[k] {
			t.Errorf("manifest lists %s %s twice", r.file, r.guid)
		}
		seen[k] = true
		if _, ok := items[k]; !ok {
			t.Errorf("manifest row %s %s has no feed item", r.file, r.guid)
		}
		if r.lang != "fr" && r.lang != "en" {
			t.Errorf("manifest row %s %s: lang %q, want fr or en", r.file, r.guid, r.lang)
		}
	}
	for k := range items {
		if !seen[k] {
			t.Errorf("feed item %s %s is missing from the manifest", k.file, k.guid)
		}
	}
}

func TestEveryItemIsComplete(t *testing.T) {
	items := readCorpus(t)
	for _, r := range readManifest(t) {
		c, ok := items[itemKey{r.file, r.guid}]
		if !ok {
			continue // reported by TestManifestMatchesFeeds
		}
		t.Run(r.file+"/"+r.guid, func(t *testing.T) {
			it := c.item
			if strings.TrimSpace(it.Title) == "" {
				t.Error("empty title")
			}
			if !strings.HasPrefix(it.Link, linkPrefix) {
				t.Errorf("link %q does not start with %s", it.Link, linkPrefix)
			}
			if strings.TrimSpace(it.Description) == "" {
				t.Error("empty summary/description")
			}
			if len(strings.TrimSpace(it.Content)) < 200 {
				t.Errorf("content is %d bytes, want a full article", len(it.Content))
			}
			d, err := itemDate(it)
			if err != nil {
				t.Fatalf("date %q: %v", it.Published, err)
			}
			if d.Before(earliest) || !d.Before(latest) {
				t.Errorf("date %s outside [%s, %s)", d, earliest, latest)
			}
			text := itemText(it)
			for _, a := range r.amounts {
				if !strings.Contains(text, a) {
					t.Errorf("amount %q not found verbatim", a)
				}
			}
		})
	}
}

func TestCorpusSizeAndBalance(t *testing.T) {
	files := feedFiles(t)
	if len(files) < minFeedFiles || len(files) > maxFeedFiles {
		t.Errorf("%d feed files, want %d to %d", len(files), minFeedFiles, maxFeedFiles)
	}
	items := readCorpus(t)
	langOf := map[string]string{} // link -> lang
	for _, r := range readManifest(t) {
		c, ok := items[itemKey{r.file, r.guid}]
		if !ok {
			continue
		}
		if prev, ok := langOf[c.item.Link]; ok && prev != r.lang {
			t.Errorf("%s is declared both %s and %s", c.item.Link, prev, r.lang)
		}
		langOf[c.item.Link] = r.lang
	}
	perLang := map[string]int{}
	for _, l := range langOf {
		perLang[l]++
	}
	if len(langOf) < minArticles {
		t.Errorf("%d distinct articles, want at least %d", len(langOf), minArticles)
	}
	for _, l := range []string{"fr", "en"} {
		if perLang[l] < minPerLang {
			t.Errorf("%d %s articles, want at least %d", perLang[l], l, minPerLang)
		}
	}
}

func TestDatesSpreadAcrossTimeline(t *testing.T) {
	perMonth := map[string]int{}
	for _, c := range readCorpus(t) {
		d, err := itemDate(c.item)
		if err != nil {
			t.Fatalf("%s %s: %v", c.file, c.item.GUID, err)
		}
		perMonth[d.UTC().Format("2006-01")]++
	}
	for m := time.January; m <= time.December; m++ {
		key := fmt.Sprintf("2025-%02d", int(m))
		if perMonth[key] < 2 {
			t.Errorf("%s has %d articles, want at least 2 so the 2025 timeline looks alive", key, perMonth[key])
		}
	}
	for _, year := range []string{"2023", "2024", "2026"} {
		n := 0
		for k, v := range perMonth {
			if strings.HasPrefix(k, year) {
				n += v
			}
		}
		if n < 5 {
			t.Errorf("%s has %d articles, want at least 5", year, n)
		}
	}
}

func TestLatin1FeedDecodes(t *testing.T) {
	raw, err := fs.ReadFile(Files, path.Join(feedsDir, latin1File))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`)) {
		t.Errorf("%s must declare ISO-8859-1 in its XML prolog", latin1File)
	}
	if utf8.Valid(raw) {
		t.Errorf("%s is valid UTF-8; its accents must be real Latin-1 bytes", latin1File)
	}
	feed := parseFeed(t, latin1File)
	var found bool
	for _, it := range feed.Items {
		if it.GUID == latin1GUID {
			found = true
			if it.Title != latin1Title {
				t.Errorf("title = %q, want %q", it.Title, latin1Title)
			}
		}
	}
	if !found {
		t.Errorf("no item with GUID %s", latin1GUID)
	}
	var nbsp bool
	for _, it := range feed.Items {
		nbsp = nbsp || strings.ContainsRune(it.Content, '\u00a0')
	}
	if !nbsp {
		t.Error("no U+00A0 decoded from the Latin-1 bytes")
	}
}

// TestFrenchDateFeed checks the trap is real: gofeed cannot parse these
// pubDates, some items offer dc:date as a way out and some do not.
func TestFrenchDateFeed(t *testing.T) {
	feed := parseFeed(t, frenchDates)
	var withDC, withoutDC int
	for _, it := range feed.Items {
		fr, err := parseFrenchDate(it.Published)
		if err != nil {
			t.Errorf("%s: pubDate %q: %v", it.GUID, it.Published, err)
			continue
		}
		if it.DublinCoreExt == nil || len(it.DublinCoreExt.Date) == 0 {
			withoutDC++
			if it.PublishedParsed != nil {
				t.Errorf("%s: gofeed parsed %q; the feed no longer exercises French dates", it.GUID, it.Published)
			}
			continue
		}
		withDC++
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(fr) {
			t.Errorf("%s: dc:date %v disagrees with pubDate %s", it.GUID, it.PublishedParsed, fr)
		}
	}
	if withDC == 0 || withoutDC == 0 {
		t.Errorf("%d items with dc:date, %d without; want both kinds", withDC, withoutDC)
	}
}

func TestMislabelledFeedIsFrench(t *testing.T) {
	feed := parseFeed(t, mislabelled)
	if feed.Language != "en" {
		t.Errorf("%s declares %q; the trap needs a wrong \"en\"", mislabelled, feed.Language)
	}
	n := 0
	for _, r := range readManifest(t) {
		if r.file != mislabelled {
			continue
		}
		n++
		if r.lang != "fr" {
			t.Errorf("%s %s: lang %s, want fr", r.file, r.guid, r.lang)
		}
	}
	if n == 0 {
		t.Errorf("no manifest rows for %s", mislabelled)
	}
}

func TestStorySyndicatedUnderSameLink(t *testing.T) {
	files := map[string]map[string]bool{} // link -> files
	for _, c := range readCorpus(t) {
		if files[c.item.Link] == nil {
			files[c.item.Link] = map[string]bool{}
		}
		files[c.item.Link][c.file] = true
	}
	shared := 0
	for _, set := range files {
		if len(set) > 1 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no link is shared by two feeds; cross-feed dedup is not exercised")
	}
}

// TestAmountFormsCovered documents the written forms the corpus must
// exercise; each needs at least one amount in the manifest.
func TestAmountFormsCovered(t *testing.T) {
	forms := []struct{ name, pattern string }{
		{"$N million", `^\$\d+ million$`},
		{"US$N.Nbn", `^US\$\d+(\.\d+)?bn$`},
		{"$NB", `^\$\d+(\.\d+)?B$`},
		{"$N,NNN", `^\$\d{1,3}(,\d{3})+$`},
		{"N millions de dollars", `^\d+ millions de dollars$`},
		{"N,N milliard d'euros", `^\d+,\d milliard d'euros$`},
		{"N,N milliard d’euros", `^\d+,\d milliard d’euros$`},
		{"N M$", `^\d+ M\$$`},
		{"N Md€", `^\d+(,\d+)? Md€$`},
		{"N NNN dollars (space)", `^\d{1,3}( \d{3})+ dollars$`},
		{"N NNN dollars (U+00A0)", "^\\d{1,3}(\u00a0\\d{3})+ dollars$"},
		{"N NNN euros (U+202F)", "^\\d{1,3}(\u202f\\d{3})+ euros$"},
		{"£N.N billion", `^£\d+(\.\d+)? billion$`},
		{"€Nm", `^€\d+m$`},
		{"N milliards de livres", `^\d+(,\d+)? milliards de livres$`},
	}
	var amounts []string
	for _, r := range readManifest(t) {
		amounts = append(amounts, r.amounts...)
	}
	for _, f := range forms {
		re := regexp.MustCompile(f.pattern)
		ok := false
		for _, a := range amounts {
			ok = ok || re.MatchString(a)
		}
		if !ok {
			t.Errorf("no amount written as %s", f.name)
		}
	}
}

// TestNonMoneyTraps checks that numbers which are not money are present in
// the text and absent from the expected amounts.
func TestNonMoneyTraps(t *testing.T) {
	traps := []string{"200 millions d'utilisateurs", "1.5 billion parameters", "F-35", "GPT-4", "1,000 CCAs"}
	var corpus strings.Builder
	for _, c := range readCorpus(t) {
		corpus.WriteString(itemText(c.item))
	}
	text := corpus.String()
	expected := map[string]bool{}
	for _, r := range readManifest(t) {
		for _, a := range r.amounts {
			expected[a] = true
		}
	}
	for _, trap := range traps {
		if !strings.Contains(text, trap) {
			t.Errorf("trap %q not in the corpus", trap)
		}
		if expected[trap] {
			t.Errorf("trap %q is listed as an amount", trap)
		}
	}
	none := 0
	for _, r := range readManifest(t) {
		if len(r.amounts) == 0 {
			none++
		}
	}
	if none < 3 {
		t.Errorf("%d articles without amounts, want a few", none)
	}
}

func TestFeedsYAMLListsEveryFile(t *testing.T) {
	data, err := fs.ReadFile(Files, feedsListPath)
	if err != nil {
		t.Fatal(err)
	}
	// The loader vigie itself uses: it validates names, URLs, language
	// hints and intervals, and that each file:// feed exists, relative to
	// where make demo runs (the repository's root).
	t.Chdir("..")
	srcs, err := feed.ParseSources(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse %s: %v", feedsListPath, err)
	}
	listed := map[string]int{}
	for _, f := range srcs {
		file, ok := strings.CutPrefix(f.URL, "file://demo/feeds/")
		if !ok {
			t.Errorf("%q: url %q is not file://demo/feeds/<file>", f.Name, f.URL)
			continue
		}
		listed[file]++
		if f.Interval == 0 {
			t.Errorf("%s: no interval", file)
		}
	}
	files := feedFiles(t)
	for _, file := range files {
		if listed[file] != 1 {
			t.Errorf("%s is listed %d times in %s, want once", file, listed[file], feedsListPath)
		}
	}
	if len(listed) != len(files) {
		t.Errorf("%s lists %d files, the feeds directory has %d", feedsListPath, len(listed), len(files))
	}
}

// TestReadmeListsEveryArticle keeps the README table in step with the feeds.
func TestReadmeListsEveryArticle(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, c := range readCorpus(t) {
		if !bytes.Contains(readme, []byte(c.item.Title)) {
			missing = append(missing, c.item.Title)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("README.md does not list %q", m)
	}
}

func TestParseFrenchDate(t *testing.T) {
	paris := time.FixedZone("", 3600)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"mardi 4 mars 2025 10:00:00 +0100", time.Date(2025, 3, 4, 10, 0, 0, 0, paris), true},
		{"samedi 21 février 2026 09:15:00 +0100", time.Date(2026, 2, 21, 9, 15, 0, 0, paris), true},
		{"21 fevrier 2026 09:15 +0100", time.Date(2026, 2, 21, 9, 15, 0, 0, paris), true},
		{"jeudi 26 juin 2025 18:00:00 +0200", time.Date(2025, 6, 26, 18, 0, 0, 0, time.FixedZone("", 7200)), true},
		{"mercredi 4 mars 2025 10:00:00 +0100", time.Time{}, false}, // 4 March 2025 was a Tuesday
		{"mardi 31 février 2025 10:00:00 +0100", time.Time{}, false},
		{"mardi 4 brumaire 2025 10:00:00 +0100", time.Time{}, false},
		{"Tue, 04 Mar 2025 10:00:00 +0100", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseFrenchDate(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if tt.ok && !got.Equal(tt.want) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func FuzzParseFrenchDate(f *testing.F) {
	for _, s := range []string{"mardi 4 mars 2025 10:00:00 +0100", "21 août 2024 23:59 -0500", "", "lundi 0 x 1 1:1 +9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseFrenchDate(s)
		if err != nil {
			return
		}
		again, err := parseFrenchDate(formatFrenchDate(d))
		if err != nil || !again.Equal(d) {
			t.Fatalf("round trip of %q: %s -> %q -> %s, %v", s, d, formatFrenchDate(d), again, err)
		}
	})
}

func BenchmarkParseCorpus(b *testing.B) {
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, name := range feedFiles(b) {
		data, err := fs.ReadFile(Files, path.Join(feedsDir, name))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, file{name, data})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			if _, err := gofeed.NewParser().Parse(bytes.NewReader(f.data)); err != nil {
				b.Fatalf("%s: %v", f.name, err)
			}
		}
	}
}

var (
	frenchWeekdays = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frenchMonths   = map[string]time.Month{
		"janvier": time.January, "février": time.February, "fevrier": time.February,
		"mars": time.March, "avril": time.April, "mai": time.May, "juin": time.June,
		"juillet": time.July, "août": time.August, "aout": time.August,
		"septembre": time.September, "octobre": time.October, "novembre": time.November,
		"décembre": time.December, "decembre": time.December,
	}
)

// parseFrenchDate reads dates such as "mardi 4 mars 2025 10:00:00 +0100":
// an optional weekday (checked against the date), day, month name, year,
// time with or without seconds, and a numeric zone offset.
func parseFrenchDate(s string) (time.Time, error) {
	f := strings.Fields(strings.ToLower(s))
	switch len(f) {
	case 5:
		return parseFrenchDateFields(f)
	case 6:
		d, err := parseFrenchDateFields(f[1:])
		if err != nil {
			return time.Time{}, err
		}
		if want := frenchWeekdays[d.Weekday()]; f[0] != want {
			return time.Time{}, fmt.Errorf("french date %q: %s is a %s", s, d.Format(time.DateOnly), want)
		}
		return d, nil
	}
	return time.Time{}, fmt.Errorf("french date %q: want [weekday] day month year time zone", s)
}

// parseFrenchDateFields parses "4 mars 2025 10:00:00 +0100", already split.
func parseFrenchDateFields(f []string) (time.Time, error) {
	day, err := strconv.Atoi(f[0])
	if err != nil {
		return time.Time{}, fmt.Errorf("french date day %q: %w", f[0], err)
	}
	month, ok := frenchMonths[f[1]]
	if !ok {
		return time.Time{}, fmt.Errorf("french date: unknown month %q", f[1])
	}
	year, err := strconv.Atoi(f[2])
	if err != nil || year < 1 || year > 9999 {
		return time.Time{}, fmt.Errorf("french date year %q: out of range", f[2])
	}
	var clock time.Time
	for _, layout := range []string{"15:04:05", "15:04"} {
		if clock, err = time.Parse(layout, f[3]); err == nil {
			break
		}
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("french date time %q: %w", f[3], err)
	}
	zone, err := time.Parse("-0700", f[4])
	if err != nil {
		return time.Time{}, fmt.Errorf("french date zone %q: %w", f[4], err)
	}
	_, offset := zone.Zone()
	d := time.Date(year, month, day, clock.Hour(), clock.Minute(), clock.Second(), 0, time.FixedZone("", offset))
	if d.Day() != day || d.Month() != month {
		return time.Time{}, fmt.Errorf("french date: %d %s %d does not exist", day, f[1], year)
	}
	return d, nil
}

func formatFrenchDate(d time.Time) string {
	var month string
	for name, m := range frenchMonths {
		if m == d.Month() && (month == "" || len(name) > len(month)) {
			month = name // prefer the accented spelling, which is longer
		}
	}
	return fmt.Sprintf("%s %d %s %d %s", frenchWeekdays[d.Weekday()], d.Day(), month, d.Year(), d.Format("15:04:05 -0700"))
}
