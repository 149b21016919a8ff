package feed

import (
	"bytes"
	"compress/gzip"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"
)

func mustParse(t *testing.T, body []byte, contentType, base string) *Parsed {
	t.Helper()
	p, err := Parse(body, contentType, base)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

func TestParseRSS(t *testing.T) {
	p := mustParse(t, readTestdata(t, "rss_en.xml"), "application/rss+xml", "https://wire.example.com/feed/")
	if p.Title != "Defense AI Wire" || p.Link != "https://wire.example.com/" || p.Language != "en" || p.TTL != time.Hour {
		t.Errorf("feed = %q %q %q %v", p.Title, p.Link, p.Language, p.TTL)
	}
	if len(p.Items) != 4 {
		t.Fatalf("got %d items, want 4", len(p.Items))
	}
	first := p.Items[0]
	want := Item{
		GUID:       "https://wire.example.com/?p=101",
		Link:       "https://wire.example.com/2025/06/17/openai-cdao",
		Title:      "OpenAI signs a $200M contract with the DoD's CDAO",
		Summary:    "<p>The <b>Chief Digital and AI Office</b> awarded the deal.</p>",
		Content:    `<p>Full text with <a href="/related">a link</a>.</p>`,
		Author:     "Jane Doe",
		Categories: []string{"AI", "Contracts"},
		Published:  time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC),
		DateKnown:  true,
	}
	if !itemEqual(first, want) {
		t.Errorf("item 0 =\n%+v\nwant\n%+v", first, want)
	}

	tests := []struct {
		name      string
		item      Item
		link      string
		published time.Time
		known     bool
	}{
		{"guid used as link, dc:date", p.Items[1], "https://wire.example.com/2025/06/16/guid-only", time.Date(2025, 6, 16, 8, 0, 0, 0, time.UTC), true},
		{"javascript link dropped, bad date unknown", p.Items[2], "", time.Time{}, false},
		{"relative link resolved against the feed URL, US date", p.Items[3], "https://wire.example.com/feed/articles/relative", time.Date(2025, 6, 15, 19, 30, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.item.Link != tt.link || !tt.item.Published.Equal(tt.published) || tt.item.DateKnown != tt.known {
				t.Errorf("link %q published %v known %v; want %q %v %v", tt.item.Link, tt.item.Published, tt.item.DateKnown, tt.link, tt.published, tt.known)
			}
		})
	}
}

func itemEqual(a, b Item) bool {
	return a.GUID == b.GUID && a.Link == b.Link && a.Title == b.Title && a.Summary == b.Summary &&
		a.Content == b.Content && a.Author == b.Author && slices.Equal(a.Categories, b.Categories) &&
		a.Published.Equal(b.Published) && a.Updated.Equal(b.Updated) && a.DateKnown == b.DateKnown
}

func TestParseAtomXMLBaseAndUpdatedOnly(t *testing.T) {
	p := mustParse(t, readTestdata(t, "atom_fr.xml"), "application/atom+xml", "https://feeds.example.net/atom")
	if p.Title != "Carnet de défense" || p.Language != "fr" {
		t.Errorf("feed = %q lang %q", p.Title, p.Language)
	}
	if len(p.Items) != 2 {
		t.Fatalf("got %d items", len(p.Items))
	}
	a, b := p.Items[0], p.Items[1]
	if a.Title != "L’OTAN et l’intelligence artificielle" || a.Link != "https://blog.example.fr/2025/03/otan-ia" ||
		a.Author != "Camille Martin" || a.Summary != "<p>Résumé</p>" {
		t.Errorf("entry 0 = %+v", a)
	}
	wantUpdated := time.Date(2025, 3, 5, 7, 0, 0, 0, time.UTC)
	if !b.Published.Equal(wantUpdated) || !b.Updated.Equal(wantUpdated) || !b.DateKnown {
		t.Errorf("entry 1 published %v updated %v known %v, want both %v", b.Published, b.Updated, b.DateKnown, wantUpdated)
	}
}

func TestParseJSONFeed(t *testing.T) {
	p := mustParse(t, readTestdata(t, "jsonfeed.json"), "application/feed+json", "https://news.example.com/feed.json")
	if p.Title != "Anduril News" || p.Language != "en" || len(p.Items) != 1 {
		t.Fatalf("feed = %+v", p)
	}
	it := p.Items[0]
	if it.Title != "Anduril wins a £2.3 billion deal" || it.Link != "https://news.example.com/42" || it.GUID != "42" ||
		it.Author != "Sam Lee" || it.Content != "<p>Body</p>" || it.Summary != "Short" ||
		!it.Published.Equal(time.Date(2025, 5, 1, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("item = %+v", it)
	}
}

// TestParseCharsets covers every way a body announces (or hides) its
// encoding; each case must decode to the same French title.
func TestParseCharsets(t *testing.T) {
	const title = "Défense : l'armée de Terre teste des drones à Mourmelon"
	latin1 := readTestdata(t, "latin1_header_only.xml")
	utf8Body := []byte(strings.Replace(mustLatin1ToUTF8(latin1), `<?xml version="1.0"?>`, `<?xml version="1.0" encoding="ISO-8859-1"?>`, 1))
	withProlog := bytes.Replace(latin1, []byte(`<?xml version="1.0"?>`), []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`), 1)

	tests := []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"charset in HTTP header only", latin1, "application/rss+xml; charset=ISO-8859-1"},
		{"no charset anywhere: windows-1252 fallback", latin1, "text/xml"},
		{"prolog wins over a wrong header", withProlog, "text/xml; charset=utf-8"},
		{"UTF-8 mislabelled ISO-8859-1 in the prolog", utf8Body, ""},
		{"UTF-8 with BOM", append([]byte("\xEF\xBB\xBF"), []byte(mustLatin1ToUTF8(latin1))...), "text/xml; charset=iso-8859-1"},
		{"UTF-16LE with BOM and stale prolog", utf16(t, mustLatin1ToUTF8(withProlog), unicode.LittleEndian, unicode.UseBOM), ""},
		{"UTF-16BE without BOM", utf16(t, mustLatin1ToUTF8(latin1), unicode.BigEndian, unicode.IgnoreBOM), ""},
		{"gzip magic without Content-Encoding", gzipBytes(t, latin1), "application/rss+xml; charset=iso-8859-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.body, tt.contentType, "https://defense.example.fr/rss")
			if len(p.Items) != 2 {
				t.Fatalf("got %d items", len(p.Items))
			}
			if p.Items[0].Title != title {
				t.Errorf("title = %q, want %q", p.Items[0].Title, title)
			}
			if p.Title != "Actualités défense" || p.Language != "fr" {
				t.Errorf("feed = %q lang %q", p.Title, p.Language)
			}
		})
	}
}

func mustLatin1ToUTF8(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

func utf16(t *testing.T, s string, order unicode.Endianness, bom unicode.BOMPolicy) []byte {
	t.Helper()
	b, err := unicode.UTF16(order, bom).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseFrenchDatesInFeed(t *testing.T) {
	p := mustParse(t, readTestdata(t, "latin1_header_only.xml"), "text/xml; charset=iso-8859-1", "https://defense.example.fr/rss")
	// "mardi 4 mars 2025 10:00" has no zone: a French feed means Paris time (UTC+1 in March).
	want := []time.Time{
		time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC),
		time.Date(2025, 3, 5, 7, 30, 0, 0, time.UTC),
	}
	for i, w := range want {
		if got := p.Items[i].Published; !got.Equal(w) || !p.Items[i].DateKnown {
			t.Errorf("item %d published %v (known %v), want %v", i, got, p.Items[i].DateKnown, w)
		}
	}
	if got := p.Items[0].Link; got != "https://defense.example.fr/articles/drones-mourmelon" {
		t.Errorf("link = %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		body    []byte
		is      error
		message string
	}{
		{"empty", nil, ErrEmpty, "empty document"},
		{"whitespace and BOM", []byte("\xEF\xBB\xBF \r\n\t "), ErrEmpty, "empty document"},
		{"comment only", []byte("<?xml version=\"1.0\"?>\n<!-- nothing -->\n"), ErrEmpty, "empty document: no root element"},
		{"HTML page", readTestdata(t, "page.html"), ErrNotAFeed, "not a feed: got an HTML page"},
		{"HTML without doctype", []byte("<html><body><p>hello</body></html>"), ErrNotAFeed, "not a feed: got an HTML page"},
		{"other XML", []byte(`<?xml version="1.0"?><note><to>Tove</to></note>`), ErrNotAFeed, "not a feed: got an XML document with root element <note>"},
		{"JSON that is not a feed", []byte(`[{"id": 1}]`), ErrNotAFeed, "not a feed: got JSON that is not a JSON Feed"},
		{"JSON API error", []byte(`{"error": "rate limited"}`), ErrNotAFeed, "not a feed: got JSON that is not a JSON Feed"},
		{"plain text", []byte("Service Unavailable"), ErrNotAFeed, "not a feed: got plain text"},
		{"PDF", []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3"), ErrNotAFeed, "not a feed: got a PDF document"},
		{"XML syntax error", readTestdata(t, "syntax_error.xml"), nil, "XML syntax error at line 4: invalid sequence <!- not part of <!--"},
		{"broken JSON", []byte("{\"version\": \"https://jsonfeed.org/version/1\",\n\"items\": [}"), nil, "JSON syntax error at line 2: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.body, "", "")
			if err == nil {
				t.Fatalf("Parse returned %+v, want an error", p)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.HasPrefix(err.Error(), tt.message) {
				t.Errorf("error = %q, want prefix %q", err, tt.message)
			}
		})
	}
}

func TestParseTruncated(t *testing.T) {
	p := mustParse(t, readTestdata(t, "truncated.xml"), "", "")
	if !p.Truncated {
		t.Error("Truncated = false")
	}
	var titles []string
	for _, it := range p.Items {
		titles = append(titles, it.Title)
	}
	// The third item was cut mid-title: it is dropped, not ingested half-written.
	if want := []string{"First complete", "Second complete"}; !slices.Equal(titles, want) {
		t.Errorf("titles = %q, want %q", titles, want)
	}
}

func TestNormaliseLang(t *testing.T) {
	tests := map[string]string{
		"fr": "fr", "fr-FR": "fr", "FR_fr": "fr", "French": "fr", "français": "fr", "fr-CA": "fr",
		"en": "en", "en-us": "en", "EN-GB": "en", "english": "en",
		"": "", "de-DE": "", "pt-br": "", "x": "",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := normaliseLang(in); got != want {
				t.Errorf("normaliseLang(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestCleanTextC1(t *testing.T) {
	tests := map[string]string{
		"don\u0092t":             "don’t",
		"  \u0093quoted\u0094 ":  "“quoted”",
		"plain":                  "plain",
		"€ already fine \u2019s": "€ already fine \u2019s",
	}
	for in, want := range tests {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGunzipIsBounded(t *testing.T) {
	bomb := gzipBytes(t, bytes.Repeat([]byte(" "), 2<<20))
	if _, err := gunzipIfCompressed(bomb, 1<<20); err == nil || err.Error() != "gzip body inflates beyond 1 MiB" {
		t.Errorf("err = %v", err)
	}
	out, err := gunzipIfCompressed(bomb, 2<<20)
	if err != nil || len(out) != 2<<20 {
		t.Errorf("within the limit: %d bytes, err %v", len(out), err)
	}
	plain := []byte("<rss/>")
	if out, err := gunzipIfCompressed(plain, 10); err != nil || !bytes.Equal(out, plain) {
		t.Errorf("plain body changed: %q, %v", out, err)
	}
}

func TestHumanBytes(t *testing.T) {
	tests := map[int64]string{10 << 20: "10 MiB", 1024: "1 KiB", 1536 << 10: "1.5 MiB", 100: "100 bytes", 1 << 30: "1 GiB", 64 << 20: "64 MiB"}
	for n, want := range tests {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzParse feeds arbitrary bytes (seeded with our fixtures and tricky
// prefixes) to Parse: it must never panic, and a nil error means a feed.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss_en.xml", "atom_fr.xml", "jsonfeed.json", "latin1_header_only.xml", "truncated.xml", "page.html", "syntax_error.xml"} {
		b, err := readFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
		f.Add(b, "text/xml; charset=iso-8859-1")
	}
	f.Add([]byte("\xFF\xFE<\x00r\x00s\x00s\x00>\x00"), "")
	f.Add([]byte("\x1f\x8b\x08\x00"), "")
	f.Add([]byte(`<?xml version="1.0" encoding="utf-16"?><rss><channel><item><title>x`), "text/xml; charset=koi8-r")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":1}]}`), "application/json")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		p, err := Parse(body, contentType, "https://example.com/feed")
		if err != nil {
			if p != nil {
				t.Fatalf("non-nil result with error %v", err)
			}
			if strings.HasPrefix(err.Error(), "feed parser failed") {
				t.Fatalf("gofeed panicked: %v", err)
			}
			return
		}
		for _, it := range p.Items {
			if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
				t.Fatalf("non-http link %q", it.Link)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	fixtures := sharedFixtures(b)
	body, err := readFile(fixtures + "/feeds/rss-parser/guardian.rss") // 151 KB, 55 items
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(body, "application/rss+xml; charset=utf-8", "https://www.theguardian.com/world/rss"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseLatin1(b *testing.B) {
	fixtures := sharedFixtures(b)
	body, err := readFile(fixtures + "/feeds/miniflux/parser/encoding_ISO-8859-1.xml") // 77 KB, 40 items
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(body, "", "https://www.golem.de/rss.php"); err != nil {
			b.Fatal(err)
		}
	}
}
