package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/text/encoding/charmap"
)

// Parse errors. Their text is written for people: it ends up, wrapped with
// detail, in State.LastError and on the feeds page.
var (
	// ErrNotAFeed: the body is an HTML page, another XML or JSON document, or
	// not a document at all.
	ErrNotAFeed = errors.New("not a feed")
	// ErrEmpty: the body holds nothing but whitespace.
	ErrEmpty = errors.New("empty document")
)

// Item is one entry of a feed, raw: HTML is not stripped (normalisation is
// done downstream) but every string is valid UTF-8 and trimmed.
type Item struct {
	GUID, Link, Title, Summary, Content, Author string // Link is absolute (http or https) or empty
	Categories                                  []string
	Published                                   time.Time // from published, else updated, else dc:date, else zero (UTC)
	Updated                                     time.Time // zero when absent (UTC)
	DateKnown                                   bool      // false when no date could be parsed: the caller uses the fetch time
}

// Parsed is a parsed feed.
type Parsed struct {
	Title, Link string
	Language    string // the feed's declared language, normalised to "fr", "en" or ""
	Items       []Item
	// TTL is how long the publisher asks readers to wait between polls
	// (RSS <ttl>, capped at a day); 0 when unstated.
	TTL time.Duration
	// Truncated is set when the document ended early (a cut-off download or
	// a missing closing tag) and was read up to its last complete item.
	Truncated bool
}

// Parse reads an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed document.
//
// body may be gzip-compressed and in any charset (see toUTF8 for the
// precedence rules); contentType is the HTTP Content-Type, or "" for a file.
// baseURL is the document's address, against which relative links are
// resolved; "" falls back to the feed's own home link.
//
// Errors are ErrEmpty, ErrNotAFeed (wrapped with what was found instead) or
// a syntax error with its line. Parse never panics.
func Parse(body []byte, contentType, baseURL string) (parsed *Parsed, err error) {
	defer func() {
		if r := recover(); r != nil {
			parsed, err = nil, fmt.Errorf("feed parser failed: %v", r)
		}
	}()
	data, err := toUTF8(body, contentType)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	f, err := parseFeed(data)
	truncated := false
	if err != nil {
		repaired, inItem, ok := closeTruncated(data, err)
		if !ok {
			return nil, err
		}
		if f, err = parseFeed(repaired); err != nil {
			return nil, err
		}
		if inItem && len(f.Items) > 0 {
			f.Items = f.Items[:len(f.Items)-1] // cut mid-item: incomplete, it will come back whole
		}
		truncated = true
	}
	p := convert(f, baseURL)
	p.Truncated = truncated
	return p, nil
}

// parseFeed dispatches to gofeed. gofeed detects the format from the first
// 4 KiB only; a feed whose root comes later (long comments, a DOCTYPE with
// entity definitions) is given to the right parser by finding its root here.
func parseFeed(data []byte) (*gofeed.Feed, error) {
	fp := gofeed.NewParser()
	fp.KeepOriginalFeed = true // for the RSS <ttl>
	f, err := fp.Parse(bytes.NewReader(data))
	if err == nil {
		if f.FeedType == "json" && f.FeedVersion == "" && f.Title == "" && len(f.Items) == 0 {
			// Any JSON object "parses": an API error body is not an empty feed.
			return nil, fmt.Errorf("%w: got JSON that is not a JSON Feed", ErrNotAFeed)
		}
		return f, nil
	}
	if !errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, describeSyntaxError(err, data)
	}
	if data[0] == '{' || data[0] == '[' {
		return nil, fmt.Errorf("%w: got JSON that is not a JSON Feed", ErrNotAFeed)
	}
	if data[0] != '<' {
		return nil, fmt.Errorf("%w: got %s", ErrNotAFeed, describeBytes(data))
	}
	root, rootErr := xmlRoot(data)
	switch {
	case errors.Is(rootErr, errNoRoot):
		return nil, fmt.Errorf("%w: no root element", ErrEmpty)
	case rootErr != nil && looksLikeHTML(data):
		return nil, fmt.Errorf("%w: got an HTML page", ErrNotAFeed)
	case rootErr != nil:
		return nil, describeSyntaxError(rootErr, data)
	}
	switch strings.ToLower(root) {
	case "rss", "rdf":
		rf, err := (&rss.Parser{}).Parse(bytes.NewReader(data))
		if err != nil {
			return nil, describeSyntaxError(err, data)
		}
		return (&gofeed.DefaultRSSTranslator{}).Translate(rf)
	case "feed":
		af, err := (&atom.Parser{}).Parse(bytes.NewReader(data))
		if err != nil {
			return nil, describeSyntaxError(err, data)
		}
		return (&gofeed.DefaultAtomTranslator{}).Translate(af)
	case "html", "head", "body":
		return nil, fmt.Errorf("%w: got an HTML page", ErrNotAFeed)
	}
	return nil, fmt.Errorf("%w: got an XML document with root element <%s>", ErrNotAFeed, root)
}

var errNoRoot = errors.New("no root element")

// xmlRoot returns the local name of the first element of an XML document.
func xmlRoot(data []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // already UTF-8
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", errNoRoot
			}
			return "", err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local, nil
		}
	}
}

func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	return bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body"))
}

// closeTruncated repairs an XML feed that stops early, as a download cut by
// a proxy or a feed missing its final closing tags does: it keeps the text up
// to the last complete token and closes the elements still open. inItem
// reports that the cut fell inside an item or entry. It applies only when
// parseErr says the input ended unexpectedly.
func closeTruncated(data []byte, parseErr error) (repaired []byte, inItem, ok bool) {
	if data[0] != '<' || !strings.Contains(parseErr.Error(), "unexpected EOF") {
		return nil, false, false
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var (
		stack []xml.Name
		good  int64
	)
	for {
		tok, err := d.RawToken() // raw: keeps prefixes, so closing tags can be written back
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name)
		case xml.EndElement:
			if n := len(stack); n > 0 && stack[n-1].Local == t.Name.Local {
				stack = stack[:n-1]
			}
		}
		good = d.InputOffset()
	}
	if len(stack) == 0 || good == 0 {
		return nil, false, false
	}
	var b bytes.Buffer
	b.Write(data[:good])
	for i := len(stack) - 1; i >= 0; i-- {
		name := stack[i].Local
		if stack[i].Space != "" {
			name = stack[i].Space + ":" + name
		}
		switch strings.ToLower(stack[i].Local) {
		case "item", "entry":
			inItem = true
		}
		fmt.Fprintf(&b, "</%s>", name)
	}
	return b.Bytes(), inItem, true
}

// describeBytes names what a non-XML, non-JSON body seems to be.
func describeBytes(data []byte) string {
	head := data[:min(len(data), 512)]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "a PDF document"
	case bytes.IndexByte(head, 0) >= 0:
		return "binary data"
	}
	return "plain text"
}

// describeSyntaxError turns a parser error into "XML syntax error at line
// 3: ..." (or the JSON equivalent).
func describeSyntaxError(err error, data []byte) error {
	var xerr *xml.SyntaxError
	if errors.As(err, &xerr) {
		return fmt.Errorf("XML syntax error at line %d: %s", xerr.Line, xerr.Msg)
	}
	var jerr *json.SyntaxError
	if errors.As(err, &jerr) {
		line := 1 + bytes.Count(data[:min(int(jerr.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("JSON syntax error at line %d: %s", line, jerr.Error())
	}
	var uerr *json.UnmarshalTypeError
	if errors.As(err, &uerr) {
		return fmt.Errorf("invalid JSON Feed: %s", uerr.Error())
	}
	return fmt.Errorf("invalid feed: %w", err)
}

// convert maps gofeed's universal feed to ours, resolving links and dates.
func convert(f *gofeed.Feed, baseURL string) *Parsed {
	p := &Parsed{
		Title:    cleanText(f.Title),
		Language: normaliseLang(f.Language),
		TTL:      feedTTL(f),
	}
	base := absoluteHTTP(baseURL, nil)
	p.Link = resolveLink(strings.TrimSpace(f.Link), base)
	if base == nil && p.Link != "" {
		base, _ = url.Parse(p.Link) // a file read from disk: use the site link
	}
	dates := dateContext{lang: strings.ToLower(f.Language)}
	p.Items = make([]Item, 0, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		item := convertItem(it, base, &dates)
		if item.GUID == "" && item.Link == "" && item.Title == "" && item.Summary == "" && item.Content == "" {
			continue // nothing to index, nothing to identify it by
		}
		p.Items = append(p.Items, item)
	}
	return p
}

func convertItem(it *gofeed.Item, base *url.URL, dates *dateContext) Item {
	item := Item{
		GUID:       strings.TrimSpace(it.GUID),
		Title:      cleanText(it.Title),
		Summary:    cleanText(it.Description),
		Content:    cleanText(it.Content),
		Author:     cleanText(itemAuthor(it)),
		Categories: cleanCategories(it.Categories),
	}
	link := strings.TrimSpace(it.Link)
	if link == "" && len(it.Links) > 0 {
		link = strings.TrimSpace(it.Links[0])
	}
	if link == "" && isHTTPURL(item.GUID) {
		link = item.GUID // RSS guid isPermaLink: the guid is the article's address
	}
	item.Link = resolveLink(link, base)

	var dcDate string
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Date) > 0 {
		dcDate = it.DublinCoreExt.Date[0]
	}
	published := dates.pick(it.PublishedParsed, it.Published)
	updated := dates.pick(it.UpdatedParsed, it.Updated)
	item.Updated = updated
	switch {
	case !published.IsZero():
		item.Published = published
	case !updated.IsZero():
		item.Published = updated
	default:
		item.Published = dates.pick(nil, dcDate)
	}
	item.DateKnown = !item.Published.IsZero()
	return item
}

// dateContext parses the dates gofeed could not, in the feed's language
// conventions: day-first numbers except for US English, and local French
// time for French feeds that omit the zone.
type dateContext struct {
	lang   string
	loc    *time.Location
	loaded bool
}

func (d *dateContext) pick(parsed *time.Time, raw string) time.Time {
	if parsed != nil && plausible(*parsed) {
		return parsed.UTC()
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return time.Time{}
	}
	if t, ok := parseLooseDate(raw, d.location(), d.monthFirst()); ok {
		return t.UTC()
	}
	return time.Time{}
}

func (d *dateContext) monthFirst() bool {
	return strings.HasPrefix(strings.ReplaceAll(d.lang, "_", "-"), "en-us")
}

func (d *dateContext) location() *time.Location {
	if !d.loaded {
		d.loaded, d.loc = true, time.UTC
		if normaliseLang(d.lang) == "fr" {
			if loc, err := time.LoadLocation("Europe/Paris"); err == nil {
				d.loc = loc
			}
		}
	}
	return d.loc
}

// plausible rejects the zero-ish dates some feeds emit ("0001-01-01",
// epoch 0) that would otherwise sort an article into 1970.
func plausible(t time.Time) bool {
	return t.Year() >= minPlausibleYear && t.Year() <= maxPlausibleYear
}

func itemAuthor(it *gofeed.Item) string {
	names := make([]string, 0, len(it.Authors))
	for _, a := range it.Authors {
		if a == nil {
			continue
		}
		if n := strings.TrimSpace(a.Name); n != "" {
			names = append(names, n)
		} else if e := strings.TrimSpace(a.Email); e != "" {
			names = append(names, e)
		}
	}
	if len(names) == 0 && it.Author != nil {
		if n := strings.TrimSpace(it.Author.Name); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

func cleanCategories(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, c := range in {
		c = strings.TrimSpace(c)
		if c == "" || seen[strings.ToLower(c)] {
			continue
		}
		seen[strings.ToLower(c)] = true
		out = append(out, c)
	}
	return out
}

// cleanText trims s and repairs C1 control characters (U+0080–U+009F):
// in feed text they are always windows-1252 punctuation ("don\u0092t",
// "&#146;") that a CMS stored as Latin-1 code points, never real controls.
func cleanText(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsFunc(s, isC1) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isC1(r) {
			if fixed := charmap.Windows1252.DecodeByte(byte(r)); fixed != utf8.RuneError {
				return fixed
			}
		}
		return r
	}, s)
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// resolveLink makes link absolute against base and keeps it only if it is
// http(s): a "javascript:" or "data:" link from a hostile feed must never
// reach a page as an href.
func resolveLink(link string, base *url.URL) string {
	if link == "" {
		return ""
	}
	u := absoluteHTTP(link, base)
	if u == nil {
		return ""
	}
	return u.String()
}

func absoluteHTTP(raw string, base *url.URL) *url.URL {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

func isHTTPURL(s string) bool {
	return absoluteHTTP(s, nil) != nil
}

// normaliseLang maps a declared language ("fr-FR", "fr_fr", "FR", "en-us",
// "French", "français") to "fr", "en" or "".
func normaliseLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_ ;,"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "fr", "fre", "fra", "french", "francais", "français":
		return "fr"
	case "en", "eng", "english", "anglais":
		return "en"
	}
	return ""
}

// maxTTL caps what a publisher may ask: beyond a day the feed is
// effectively dead for a news search engine.
const maxTTL = 24 * time.Hour

// feedTTL reads RSS <ttl> (minutes). The syndication module's
// sy:updatePeriod is ignored on purpose: WordPress emits "hourly" by default,
// not as a request from the publisher, and honouring it would slow every
// WordPress news feed to one poll an hour.
func feedTTL(f *gofeed.Feed) time.Duration {
	rf, ok := f.OriginalFeed().(*rss.Feed)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(rf.TTL))
	if err != nil || n <= 0 {
		return 0
	}
	return min(time.Duration(n)*time.Minute, maxTTL)
}
