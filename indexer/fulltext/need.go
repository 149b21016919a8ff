// Package fulltext fetches an article's own page when its feed carries only
// a summary, and extracts the page's main text with go-trafilatura.
//
// It is polite and safe by construction: robots.txt is honoured (with its
// Crawl-delay), one request at a time per host with a pause between two
// (a feed.HostGate shared with the poller), a clear User-Agent, bounded
// size, time and redirects, and no request to a loopback, private or
// link-local address unless the feed itself is served from that address.
package fulltext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"vigie/indexer/feed"
)

// shortText is the length, in letters and digits, under which a feed's
// text is a summary rather than the article: news articles run to
// thousands of characters, feed teasers to one or two sentences.
const shortText = 600

// Needed reports whether an article whose feed gave text should have its
// page fetched under the feed's fulltext mode.
func Needed(mode feed.FullTextMode, text string) bool {
	switch mode {
	case feed.FullTextNever:
		return false
	case feed.FullTextAlways:
		return true
	}
	return Truncated(text)
}

// Truncated reports a feed text that is only the start of its article: it
// is short, ends in an ellipsis, or ends with a "read more" link.
func Truncated(text string) bool {
	text = strings.TrimSpace(text)
	if alnumCount(text, shortText) < shortText {
		return true
	}
	tail := strings.TrimRightFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || r == ']' || r == ')' || r == '»' || r == '>' || r == '›'
	})
	if strings.HasSuffix(tail, "…") || strings.HasSuffix(tail, "...") {
		return true
	}
	return endsWithReadMore(tail)
}

// readMore are the link texts feeds append to a teaser, folded to lower
// case; "the post X appeared first on Y" closes WordPress excerpts.
var readMore = []string{
	"read more", "continue reading", "keep reading", "read the full story", "read the full article",
	"full story", "more »", "lire la suite", "lire l'article", "lire l’article", "la suite",
	"en savoir plus", "suite de l'article", "suite de l’article", "lire plus",
}

func endsWithReadMore(text string) bool {
	tail := text
	if len(tail) > 400 {
		tail = tail[len(tail)-400:]
	}
	low := strings.ToLower(tail)
	low = strings.TrimRightFunc(low, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) })
	for _, m := range readMore {
		if strings.HasSuffix(low, m) {
			return true
		}
	}
	if i := strings.LastIndex(text, "The post "); i >= 0 && len(text)-i < 400 && strings.Contains(text[i:], " appeared first on ") {
		// A WordPress excerpt: the footer closes a teaser only when the
		// text before it is short too.
		return alnumCount(text[:i], 2*shortText) < 2*shortText || strings.Contains(text[:i], "[…]")
	}
	return false
}

// alnumCount counts the letters and digits of s, stopping at limit.
func alnumCount(s string, limit int) int {
	n := 0
	for i := 0; i < len(s) && n < limit; {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
