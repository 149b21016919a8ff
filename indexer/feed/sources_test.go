package feed

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLoadSources(t *testing.T) {
	got, err := LoadSources(filepath.Join("testdata", "feeds_ok.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{
		{Name: "DefenseScoop", URL: "https://defensescoop.com/feed/", Lang: "en", Interval: 15 * time.Minute},
		{Name: "Zone Militaire", URL: "https://www.opex360.com/feed/", Lang: "fr"},
		{Name: "No hint", URL: "http://example.org/rss"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("LoadSources =\n%+v\nwant\n%+v", got, want)
	}
}

func TestLoadSourcesMissingFile(t *testing.T) {
	_, err := LoadSources(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Fatalf("err = %v", err)
	}
}

// TestRepoFeedsYAML keeps the shipped feeds.yaml valid and within its brief:
// real defense/AI feeds, at least six of them French.
func TestRepoFeedsYAML(t *testing.T) {
	path := filepath.Join("..", "..", "feeds.yaml")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("feeds.yaml not found: %v", err)
	}
	srcs, err := LoadSources(path)
	if err != nil {
		t.Fatal(err)
	}
	byLang := map[string]int{}
	for _, s := range srcs {
		byLang[s.Lang]++
	}
	if len(srcs) < 15 || len(srcs) > 25 || byLang["fr"] < 6 || byLang["en"] < 6 || byLang[""] != 0 {
		t.Errorf("feeds.yaml has %d feeds, by language %v", len(srcs), byLang)
	}
}

func TestParseSourcesValidation(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error, in order of appearance
	}{
		{"empty document", "", []string{`empty document, expected a "feeds:" list`}},
		{"no feeds", "feeds: []\n", []string{"no feeds listed"}},
		{"unknown key", "feeds:\n  - name: A\n    url: https://a.example/feed\n    intervall: 5m\n", []string{`feed #1 (line 2): unknown field "intervall"`}},
		{"missing name", "feeds:\n  - url: https://a.example/feed\n", []string{"feed #1 (line 2): name is required"}},
		{"missing url", "feeds:\n  - name: A\n", []string{`feed #1 (line 2): "A": url is required`}},
		{"bad scheme", "feeds:\n  - name: A\n    url: ftp://a.example/feed\n", []string{`scheme must be http, https or file`}},
		{"relative url", "feeds:\n  - name: A\n    url: /feed.xml\n", []string{`scheme must be http, https or file`}},
		{"no host", "feeds:\n  - name: A\n    url: https:///feed\n", []string{`has no host`}},
		{"credentials", "feeds:\n  - name: A\n    url: https://user:pw@a.example/feed\n", []string{`must not embed credentials`}},
		{"bad lang", "feeds:\n  - name: A\n    url: https://a.example/feed\n    lang: de\n", []string{`lang "de" is not supported`}},
		{"bare number interval", "feeds:\n  - name: A\n    url: https://a.example/feed\n    interval: 900\n", []string{`interval "900" is not a duration like 15m`}},
		{"too short interval", "feeds:\n  - name: A\n    url: https://a.example/feed\n    interval: 10s\n", []string{`interval 10s is shorter than the minimum 1m0s`}},
		{"duplicate url modulo case and port", "feeds:\n  - name: A\n    url: https://A.example/feed\n  - name: B\n    url: https://a.example:443/feed#x\n",
			[]string{`feed #2 (line 4): url "https://a.example:443/feed#x" is already used by feed #1`}},
		{"duplicate name", "feeds:\n  - name: Same\n    url: https://a.example/feed\n  - name: same\n    url: https://b.example/feed\n",
			[]string{`feed #2 (line 4): name "same" is already used by feed #1`}},
		{"every error reported", "feeds:\n  - name: A\n    url: ftp://x\n  - name: B\n    url: https://b.example/\n    lang: es\n",
			[]string{"feed #1 (line 2)", "feed #2 (line 4)"}},
		{"not a list", "feeds:\n  name: A\n", []string{"cannot unmarshal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, err := ParseSources(strings.NewReader(tt.yaml))
			if err == nil {
				t.Fatalf("ParseSources = %+v, want an error", srcs)
			}
			msg, at := err.Error(), 0
			for _, w := range tt.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error %q does not contain %q (after offset %d)", msg, w, at)
				}
				at += i + len(w)
			}
		})
	}
}

func TestURLAndHostKeys(t *testing.T) {
	if a, b := urlKey("HTTPS://Example.COM:443/feed#top"), urlKey("https://example.com/feed"); a != b {
		t.Errorf("urlKey: %q != %q", a, b)
	}
	if a, b := urlKey("https://example.com/feed?a=1"), urlKey("https://example.com/feed?a=2"); a == b {
		t.Errorf("urlKey folded different queries: %q", a)
	}
	if got := hostKey("https://WWW.Example.com:8443/x"); got != "www.example.com" {
		t.Errorf("hostKey = %q", got)
	}
}
