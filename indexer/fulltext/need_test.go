package fulltext

import (
	"strings"
	"testing"

	"vigie/indexer/feed"
)

func TestNeeded(t *testing.T) {
	long := strings.Repeat("The Army awarded a contract for counter-drone interceptors to a company in Alabama. ", 12)
	for _, c := range []struct {
		name string
		mode feed.FullTextMode
		text string
		want bool
	}{
		{"short teaser", feed.FullTextAuto, "The Army awarded Ridgeline a $412 million contract.", true},
		{"empty", feed.FullTextAuto, "", true},
		{"full text", feed.FullTextAuto, long, false},
		{"ellipsis", feed.FullTextAuto, long + "and the rest …", true},
		{"three dots", feed.FullTextAuto, long + "and then...", true},
		{"bracketed ellipsis", feed.FullTextAuto, long + "and then [&hellip;]", false},
		{"bracketed unicode ellipsis", feed.FullTextAuto, long + "and then […]", true},
		{"read more", feed.FullTextAuto, long + "Read more »", true},
		{"lire la suite", feed.FullTextAuto, long + "Lire la suite", true},
		{"continue reading", feed.FullTextAuto, long + "Continue reading →", true},
		{"wordpress footer after a teaser", feed.FullTextAuto, "A teaser of two lines. The post Army picks Ridgeline appeared first on Defense Ledger.", true},
		{"wordpress footer after the article", feed.FullTextAuto, long + long + "The post Army picks Ridgeline appeared first on Defense Ledger.", false},
		{"always", feed.FullTextAlways, long, true},
		{"never", feed.FullTextNever, "short", false},
	} {
		if got := Needed(c.mode, c.text); got != c.want {
			t.Errorf("%s: Needed = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRelates(t *testing.T) {
	page := "The U.S. Army has awarded Ridgeline Systems Inc. a $412 million contract to build low-cost interceptors that destroy small drones."
	if !Relates("Army awards Ridgeline Systems interceptors contract", page) {
		t.Error("the summary of the page does not relate to it")
	}
	if Relates("Naval Group livre une frégate à la Grèce après des essais en mer", page) {
		t.Error("an unrelated summary relates")
	}
	if !Relates("", page) {
		t.Error("an empty summary relates to anything")
	}
}

// FuzzExtract: page HTML is untrusted; Extract must not panic and must
// return valid text or an error.
func FuzzExtract(f *testing.F) {
	f.Add([]byte("<html><body><article><p>"+strings.Repeat("word ", 80)+"</p></article></body></html>"), "text/html")
	f.Add([]byte("<p>\xff\xfe<script>x</script>"), "text/html; charset=iso-8859-1")
	f.Add([]byte(""), "")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		text, err := Extract(body, ctype, "https://news.example/a")
		if err == nil && alnumCount(text, minExtracted) < minExtracted {
			t.Fatalf("short text accepted: %q", text)
		}
	})
}

func FuzzNeeded(f *testing.F) {
	f.Add("Lire la suite …")
	f.Fuzz(func(t *testing.T, s string) { Needed(feed.FullTextAuto, s) })
}
