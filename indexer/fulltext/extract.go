package fulltext

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	xunicode "golang.org/x/text/encoding/unicode"

	"vigie/indexer/normalize"
)

// minExtracted is the fewest letters an extracted text must have to be an
// article rather than a stub, an error page or a gallery caption.
const minExtracted = 200

// Extract returns the main text of an HTML page: go-trafilatura finds the
// article among the navigation, cookie banners, comments and footers; the
// text is then cleaned like feed HTML (normalize.Text), paragraphs kept.
// contentType may be empty; the page's charset comes from it, a BOM or a
// <meta>, else UTF-8 when the bytes are valid UTF-8.
func Extract(body []byte, contentType, pageURL string) (string, error) {
	doc, err := parse(body, contentType)
	if err != nil {
		return "", permanent("page does not parse: %v", err)
	}
	opts := trafilatura.Options{ExcludeComments: true, HtmlDateMode: trafilatura.Disabled}
	if u, err := url.Parse(pageURL); err == nil {
		opts.OriginalURL = u
	}
	res, err := extract(doc, opts)
	if err != nil || res == nil || res.ContentNode == nil {
		return "", permanent("no article text found in the page")
	}
	var buf bytes.Buffer
	if err := html.Render(&buf, res.ContentNode); err != nil {
		return "", permanent("no article text found in the page")
	}
	text := normalize.Text(buf.String())
	if alnumCount(text, minExtracted) < minExtracted {
		return "", permanent("the page's text is too short to be the article")
	}
	return text, nil
}

// extract runs the extractor, turning a panic on a hostile page into an
// error: page HTML is untrusted input.
func extract(doc *html.Node, opts trafilatura.Options) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("extractor failed: %v", r)
		}
	}()
	return trafilatura.ExtractDocument(doc, opts)
}

func parse(body []byte, contentType string) (*html.Node, error) {
	enc, _, certain := charset.DetermineEncoding(body, contentType)
	if !certain && utf8.Valid(body) {
		enc = xunicode.UTF8
	}
	r := enc.NewDecoder().Reader(bytes.NewReader(body))
	doc, err := html.Parse(r)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, errors.New("empty document")
	}
	return doc, nil
}

// Relates reports whether a page's text is the article the feed
// summarised: most of the distinctive words of the feed's text (four
// letters or more) occur in it. An empty feed text relates to anything.
func Relates(feedText, pageText string) bool {
	want := distinctWords(feedText, 40)
	if len(want) < 3 {
		return true
	}
	have := map[string]bool{}
	for _, w := range distinctWords(pageText, -1) {
		have[w] = true
	}
	found := 0
	for _, w := range want {
		if have[w] {
			found++
		}
	}
	return float64(found) >= 0.4*float64(len(want))
}

// distinctWords returns the lower-cased words of four letters or more of s,
// at most limit of them (no limit when negative), each once.
func distinctWords(s string, limit int) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}) {
		if utf8.RuneCountInString(w) < 4 || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
		if limit >= 0 && len(out) >= limit {
			break
		}
	}
	return out
}
