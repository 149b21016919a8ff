package feed

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fixtureHeader reads the emulated HTTP header of feedparser's http_* test
// files ("Header: Content-type: text/xml; charset=windows-1252").
var fixtureHeader = regexp.MustCompile(`(?im)^Header:\s*Content-type:\s*(.+)$`)

func fixtureContentType(body []byte) string {
	if m := fixtureHeader.FindSubmatch(body[:min(len(body), 1024)]); m != nil {
		return strings.TrimSpace(string(m[1]))
	}
	return ""
}

// expectedFixtureFailures are the shared fixtures that must not parse, with
// the start of the reason. Every other file must parse without error.
var expectedFixtureFailures = map[string]string{
	"feedparser/illformed/rss_empty_document.xml":   "empty document: no root element",
	"feedparser/illformed/rss_incomplete_cdata.xml": "XML syntax error at line 13: invalid <![ sequence",
	"gofeed/parser/json/invalid/invalid.json":       "JSON syntax error at line 3",
	"gofeed/parser/universal/empty_feed.xml":        "empty document",
	"gofeed/parser/universal/invalid.json":          "JSON syntax error at line 3",
	"gofeed/parser/universal/unknown_feed.xml":      "not a feed: got an XML document with root element <note>",
	"miniflux/xml/iso88591.xml":                     "not a feed: got an XML document with root element <note>",
	"miniflux/xml/iso88591_utf8_mismatch.xml":       "not a feed: got an XML document with root element <note>",
	"rsparser/allthis-partial.json":                 "JSON syntax error at line 2",
	"rsparser/ScriptingNews.json":                   "not a feed: got JSON that is not a JSON Feed", // RSS-in-JSON, not JSON Feed
	"rss-parser/unrecognized.rss":                   "not a feed: got an HTML page",
}

// TestParseAllFixtures runs every shared feed fixture through Parse: none may
// panic, each either yields a feed or a clear error, and the set of failures
// is pinned so that a regression shows up as a diff.
func TestParseAllFixtures(t *testing.T) {
	root := filepath.Join(sharedFixtures(t), "feeds")
	var total, parsed, items int
	var failed []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if rel == "SOURCES.md" || rel == "news/INDEX.tsv" {
			return nil
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		total++
		p, perr := Parse(body, fixtureContentType(body), "https://fixtures.example/"+rel)
		want, mustFail := expectedFixtureFailures[rel]
		switch {
		case perr != nil:
			failed = append(failed, rel)
			if !mustFail || !strings.HasPrefix(perr.Error(), want) {
				t.Errorf("%s: unexpected error %q", rel, perr)
			}
		case mustFail:
			t.Errorf("%s: parsed (%d items), want error %q", rel, len(p.Items), want)
		default:
			parsed++
			items += len(p.Items)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d fixture files parse (%d items); %d fail with a clear error", parsed, total, items, len(failed))
	if total != 394 {
		t.Errorf("walked %d fixture files, want 394", total)
	}
	if parsed != total-len(expectedFixtureFailures) {
		t.Errorf("%d parse, want %d", parsed, total-len(expectedFixtureFailures))
	}
}

// TestParseFixtureText checks decoded text by hand-verified values: French
// news with typographic punctuation, legacy encodings, mislabelled prologs.
func TestParseFixtureText(t *testing.T) {
	root := filepath.Join(sharedFixtures(t), "feeds")
	tests := []struct {
		file        string
		contentType string
		items       int
		item        int    // index of the item checked; -1 checks the feed title
		field       string // "title", "summary" or "link"
		want        string
	}{
		{"news/lemonde_une_2018-06-27.xml", "", 21, 0, "title", "Serbie-Brésil en direct : les Brésiliens mènent grâce à Paulinho et Thiago Silva"},
		{"news/lemonde_une_2018-06-27.xml", "", 21, 0, "link", "https://www.lemonde.fr/mondial-2018/live/2018/06/27/serbie-bresil-et-suisse-costa-rica-suivez-les-matchs-decisifs-du-groupe-e-de-la-coupe-du-monde-2018_5322162_5193650.html?xtor=RSS-3208"},
		{"news/lemonde_une_2018-06-27.xml", "", 21, -1, "title", "Le Monde.fr - Actualités et Infos en France et dans le monde"},
		{"news/lemonde_une_2018-06-27.xml", "", 21, 1, "summary", "Le 27 juin 2017, les députés élus entraient au Palais-Bourbon. Le bilan des 365 premiers jours législatifs des trois dernières législatures."},
		{"news/sciencesetavenir_espace_2018-06-28.xml", "", 46, 1, "title", "Hayabusa 2 est arrivée à sa cible, l’astéroïde Ryugu"},
		{"news/sciencesetavenir_espace_2018-06-28.xml", "", 46, -1, "title", "Sciences et Avenir en temps réel : Espace"},
		{"miniflux/parser/no_encoding_ISO-8859-1.xml", "", 9, 2, "title", "La criminalité liée surtout à... l'ennui ?"},
		{"miniflux/parser/no_encoding_ISO-8859-1.xml", "", 9, 3, "title", "Caroline Eliacheff : « Dolto reste authentiquement subversive »"},
		{"feed-rs/rss_0.91_encoding_1.xml", "", 1, 0, "title", "bash - Expansão de Parâmetros"},
		{"feed-rs/rss_0.91_encoding_1.xml", "", 1, -1, "title", "Dicas-L: Dicas técnicas de Linux e Software Livre"},
		{"feed-rs/rss_0.91_encoding_2.xml", "", 1, -1, "title", "Tribunal de Justiça do Estado do Rio Grande do Sul"},
		{"feed-rs/rss_2.0_encoding_1.xml", "", -1, -1, "title", "RSS Feed do Site Inovação Tecnológica"},
		{"rss-parser/encoding.rss", "", 40, 0, "title", "Mãe de utente é a nova presidente da Raríssimas"},
		{"miniflux/encoding/windows-1252.xml", "", 0, -1, "title", "Euro €"},
		{"miniflux/encoding/windows-1252-incorrect-prolog.xml", "", 0, -1, "title", "Euro €"},
		{"miniflux/encoding/iso-8859-1.xml", "", 0, -1, "title", "Café"},
		{"miniflux/encoding/utf8-incorrect-prolog.xml", "", 1, 0, "title", "Café"},
		{"feedparser/encoding/demoronize-1.xml", "", 1, 0, "summary", "don’t"},
		{"feedparser/encoding/demoronize-2.xml", "", 1, 0, "summary", "don’t"},
		{"feedparser/encoding/http_text_xml_charset_overrides_encoding_2.xml", "text/xml; charset=windows-1252", 1, 0, "summary", "This is a £“test.”"},
		{"feedparser/encoding/http_i18n.xml", "application/xml", 0, -1, "title", "Iñtërnâtiônàlizætiøn"},
		{"node-feedparser/compressed.xml", "", 10, 0, "title", "В Бузулуке главные стройплощадки – детсад и Ледовый дворец"},
		{"news/af-mil_RSS216d.ashx.xml", "", 8, 0, "title", "TAP curriculum available online for separating service members"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.field, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(root, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			p := mustParse(t, body, tt.contentType, "")
			if tt.items >= 0 && len(p.Items) != tt.items {
				t.Errorf("%d items, want %d", len(p.Items), tt.items)
			}
			got := p.Title
			if tt.item >= 0 {
				it := p.Items[tt.item]
				got = map[string]string{"title": it.Title, "summary": it.Summary, "link": it.Link}[tt.field]
			}
			if got != tt.want {
				t.Errorf("%s = %q, want %q", tt.field, got, tt.want)
			}
		})
	}
}

// TestParseFixtureDates checks that real feeds with localised or odd dates
// end up fully dated, and with the right instant.
func TestParseFixtureDates(t *testing.T) {
	root := filepath.Join(sharedFixtures(t), "feeds")
	tests := []struct {
		file  string
		item  int
		want  time.Time
		dated int // items with DateKnown
	}{
		{"rss-parser/uolNoticias.rss", 0, time.Date(2018, 9, 24, 22, 42, 40, 0, time.UTC), 15}, // "Seg, 24 Set 2018 19:42:40 -0300"
		{"news/lemonde_une_2018-06-27.xml", 0, time.Date(2018, 6, 27, 16, 0, 27, 0, time.UTC), 21},
		{"news/af-mil_RSS216d.ashx.xml", 0, time.Date(2014, 1, 7, 19, 25, 0, 0, time.UTC), 8},
		{"feedjira/InvalidDateFormat.xml", 0, time.Date(2017, 10, 16, 15, 10, 0, 0, time.UTC), 2},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(root, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			p := mustParse(t, body, "", "")
			dated := 0
			for _, it := range p.Items {
				if it.DateKnown {
					dated++
				}
			}
			if dated != tt.dated {
				t.Errorf("%d dated items, want %d", dated, tt.dated)
			}
			if got := p.Items[tt.item].Published; !got.Equal(tt.want) {
				t.Errorf("item %d published %v, want %v", tt.item, got, tt.want)
			}
		})
	}
}

// TestParseFixtureIndex cross-checks item counts against news/INDEX.tsv,
// which was counted independently of any parser.
func TestParseFixtureIndex(t *testing.T) {
	root := filepath.Join(sharedFixtures(t), "feeds")
	index, err := os.ReadFile(filepath.Join(root, "news", "INDEX.tsv"))
	if err != nil {
		t.Skipf("no INDEX.tsv: %v", err)
	}
	// Items the index counts but that carry nothing to index (empty
	// <item></item>), which Parse drops on purpose.
	emptyItems := map[string]int{"miniflux/parser/no_encoding_ISO-8859-1.xml": 1}
	sc := bufio.NewScanner(bytes.NewReader(index))
	sc.Scan() // header
	checked := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 {
			continue
		}
		file, wantItems := cols[0], atoi(cols[3])-emptyItems[cols[0]]
		body, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		p, err := Parse(body, "", "")
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if len(p.Items) != wantItems {
			t.Errorf("%s: %d items, INDEX.tsv says %d", file, len(p.Items), wantItems)
		}
		checked++
	}
	if checked < 30 {
		t.Errorf("checked only %d INDEX.tsv rows", checked)
	}
}
