package fulltext

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestExtractQuality extracts the labelled pages of testdata/pages (written
// for this project in the shapes of real news sites: cookie banners,
// navigation, related links, newsletters, comments, footers; French and
// English; one in ISO-8859-1) and compares the words with the text a reader
// would call the article (the .txt beside each page). Precision is the
// share of extracted words that belong to the article, recall the share of
// the article's words that were extracted.
func TestExtractQuality(t *testing.T) {
	pages, _ := filepath.Glob("testdata/pages/*.html")
	if len(pages) < 4 {
		t.Fatalf("found %d labelled pages", len(pages))
	}
	var tp, fp, fn int
	for _, path := range pages {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(path, ".html") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		got, err := Extract(body, "text/html", "https://news.example/"+filepath.Base(path))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		p, f, n := overlap(words(got), words(string(want)))
		tp, fp, fn = tp+p, fp+f, fn+n
		prec, rec := ratio(p, p+f), ratio(p, p+n)
		t.Logf("%-36s P %.3f R %.3f", filepath.Base(path), prec, rec)
		if prec < 0.85 || rec < 0.95 {
			t.Errorf("%s: P %.3f R %.3f, want >= 0.85 / 0.95; got:\n%s", path, prec, rec, got)
		}
		for _, boiler := range []string{"cookies", "Newsletter", "newsletter", "Comments", "commentaire", "©", "Subscribe", "S'abonner"} {
			if strings.Contains(got, boiler) {
				t.Errorf("%s: boilerplate %q extracted", path, boiler)
			}
		}
	}
	t.Logf("all pages: P %.3f R %.3f (%d words)", ratio(tp, tp+fp), ratio(tp, tp+fn), tp+fn)
}

func words(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		m[w]++
	}
	return m
}

func overlap(got, want map[string]int) (tp, fp, fn int) {
	for w, n := range got {
		k := min(n, want[w])
		tp += k
		fp += n - k
	}
	for w, n := range want {
		fn += n - min(n, got[w])
	}
	return tp, fp, fn
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// BenchmarkExtract is the extraction cost of one real-world-shaped page
// (parse, go-trafilatura, cleaning), without the network.
func BenchmarkExtract(b *testing.B) {
	body, err := os.ReadFile("testdata/pages/fr-levee-fonds-wordpress.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Extract(body, "text/html; charset=utf-8", "https://news.example/a"); err != nil {
			b.Fatal(err)
		}
	}
}
