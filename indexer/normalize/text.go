// Package normalize turns what feeds deliver into what Vigie stores: plain
// text from feed HTML (Text, Title, Snippet), one canonical form per article
// link (CanonicalURL), stable article IDs (ArticleID, ContentID) and a key
// that groups the same story published by several feeds (Fingerprint).
//
// Everything here is pure, safe for concurrent use, and never panics on
// untrusted input: broken HTML, mis-encoded bytes, hostile URLs.
package normalize

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// Text converts the HTML (or plain text) of a feed item to plain text:
//
//   - markup is parsed with a real HTML tokenizer; entities are decoded, also
//     when the feed escaped them twice ("&amp;eacute;"), and HTML escaped as
//     text ("&lt;p&gt;") is parsed as HTML;
//   - the content of script, style, noscript, iframe, svg, math, template,
//     object, video, audio, canvas, select, textarea and title is dropped, as
//     are comments, images and every attribute: no markup reaches the output;
//   - block elements (p, div, h1-h6, blockquote, figure, ul, table...) end a
//     paragraph, written "\n\n"; br, li, tr, dt and dd end a line, "\n";
//     table cells are separated by a space; inline elements add nothing, so
//     "<b>Thal</b>ès" stays one word;
//   - runs of white space become one space; all Unicode spaces count,
//     including the no-break spaces of French typography (U+00A0, U+202F),
//     which become plain spaces: "480\u00a0000\u202f€" reads "480 000 €",
//     which the amount parser reads as well;
//   - control and invisible format characters (soft hyphen, zero-width
//     space, BOM, bidi overrides) are removed; C1 controls and invalid UTF-8
//     bytes are read as Windows-1252, what such bytes almost always are, and
//     UTF-8 text decoded as Windows-1252 ("dÃ©fense") is repaired;
//   - the result is in Unicode NFC, trimmed;
//   - trailing feed boilerplate is removed: WordPress's "The post X appeared
//     first on Y." (and its French "L'article X est apparu en premier sur
//     Y."), "Continue reading", "Read more", "Lire la suite" and a final
//     "[…]".
func Text(s string) string {
	out := extract(s, false)
	return stripBoilerplate(out)
}

// Title converts a feed title, which may hold HTML and entities too, to one
// line of plain text with single spaces. It cleans like Text but removes no
// boilerplate.
func Title(s string) string {
	return extract(s, true)
}

// Snippet returns the first n runes of text, cut at a word boundary and
// ended with "…" when it was cut; the result, ellipsis included, is at most
// n runes. White space, paragraph breaks included, is collapsed to single
// spaces: a snippet is one line.
func Snippet(text string, n int) string {
	if n <= 0 {
		return ""
	}
	text = repairUTF8(text)
	// Collapse white space, reading only as far as the snippet needs.
	var b strings.Builder
	runes := 0
	for f := range strings.FieldsSeq(text) {
		if b.Len() > 0 {
			b.WriteByte(' ')
			runes++
		}
		b.WriteString(f)
		if runes += utf8.RuneCountInString(f); runes > n {
			break
		}
	}
	text = b.String()
	if runes <= n {
		return text
	}
	// Keep n-1 runes, leaving room for the ellipsis.
	cut := 0
	for i := 0; i < n-1; i++ {
		_, size := utf8.DecodeRuneInString(text[cut:])
		cut += size
	}
	head := text[:cut]
	// Inside a word: back off to the previous space, unless the word is
	// most of the snippet (a long URL), where cutting it is better than
	// returning almost nothing.
	if next, _ := utf8.DecodeRuneInString(text[cut:]); next != ' ' {
		if sp := strings.LastIndexByte(head, ' '); sp > len(head)/2 {
			head = head[:sp]
		}
	}
	head = strings.TrimRightFunc(head, isDanglingPunct)
	return head + "…"
}

// isDanglingPunct reports whether r is a space or punctuation that looks
// wrong just before an ellipsis ("défense, …", "the (…").
func isDanglingPunct(r rune) bool {
	return strings.ContainsRune(" ,;:-–—([{«\"'“‘/", r)
}

// Break levels owed between two pieces of text; the strongest wins.
const (
	breakNone = iota
	breakSpace
	breakLine
	breakPara
)

// maxEscapeDepth bounds how many times HTML escaped as text is parsed again
// ("&lt;p&gt;" once, "&amp;lt;p&amp;gt;" twice...).
const maxEscapeDepth = 3

// extract runs the HTML to text conversion; oneLine turns every break into
// a space (for titles).
func extract(s string, oneLine bool) string {
	s = repairUTF8(s)
	s = repairMojibake(s)
	w := writer{oneLine: oneLine, out: output{b: make([]byte, 0, len(s))}}
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '&') < 0 {
		// Plain text: no tokenizer, no entities, no markup.
		w.out = appendClean(w.out, s, oneLine, false)
	} else {
		w.html(unwrapCDATA(s), 0)
	}
	out := string(w.out.b)
	if w.out.mayNeedNFC && !norm.NFC.IsNormalString(out) {
		out = norm.NFC.String(out)
	}
	return out
}

// unwrapCDATA removes CDATA markers left in feed HTML (a CDATA section
// wrapped in another one, or escaped): inside a feed's description their
// content is HTML, and the HTML tokenizer would drop it as a bogus comment.
func unwrapCDATA(s string) string {
	if !strings.Contains(s, "<![CDATA[") {
		return s
	}
	return strings.NewReplacer("<![CDATA[", "", "]]>", "").Replace(s)
}

// writer accumulates plain text, owing at most one break at a time, so that
// white space never leads, trails or repeats.
type writer struct {
	out     output
	oneLine bool
	pre     int // depth of <pre>: its newlines are line breaks

	// skip > 0 while inside an element whose content is dropped; skipTag
	// is that element, counted again when nested.
	skip    int
	skipTag atom.Atom
}

// output is the text written so far. The writer keeps it by value and
// the hot loop works on a copy: a slice stored through a pointer costs a GC
// write barrier per append.
type output struct {
	b       []byte
	pending int // the break owed before the next visible character
	// mayNeedNFC is set when a character outside the always-NFC ranges was
	// written (see appendClean).
	mayNeedNFC bool
}

// brk owes a break of at least level before the next text.
func (w *writer) brk(level int) {
	w.out.pending = max(w.out.pending, level)
}

// html tokenizes src and writes its text. depth counts how many times the
// text was found escaped inside text already.
func (w *writer) html(src string, depth int) {
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return // io.EOF: the tokenizer has no other error on a string
		case html.TextToken:
			if w.skip == 0 {
				w.text(z.Text(), depth)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			w.open(tagAtom(z.Raw()), tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			w.close(tagAtom(z.Raw()))
		}
	}
}

// tagAtom returns the element of a tag from its raw text ("<P class=x>",
// "</p>"), or 0 for names no atom has. It reads the name itself because
// the tokenizer's TagName allocates on every call.
func tagAtom(raw []byte) atom.Atom {
	var buf [16]byte // longer than every element name handled here
	i := 1
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	n := 0
	for ; i < len(raw); i++ {
		c := raw[i]
		if c == '/' || c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			break
		}
		if n == len(buf) {
			return 0
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return atom.Lookup(buf[:n])
}

// open handles a start tag.
func (w *writer) open(a atom.Atom, selfClosing bool) {
	if w.skip > 0 {
		if a == w.skipTag && !selfClosing {
			w.skip++
		}
		return
	}
	if dropped(a) {
		// The tokenizer reads raw-text elements up to their end tag even
		// when written "<script/>", so those always open.
		if !selfClosing || rawText(a) {
			w.skip, w.skipTag = 1, a
		}
		return
	}
	if a == atom.Pre {
		w.pre++
	}
	w.brk(breakAround(a))
}

// close handles an end tag.
func (w *writer) close(a atom.Atom) {
	if w.skip > 0 {
		if a == w.skipTag {
			w.skip--
		}
		return
	}
	if a == atom.Pre && w.pre > 0 {
		w.pre--
	}
	if a == atom.Br {
		w.brk(breakLine) // "</br>" is read as <br> by browsers
		return
	}
	w.brk(breakAround(a))
}

// dropped reports whether the content of element a is not article text.
func dropped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Iframe, atom.Svg,
		atom.Math, atom.Template, atom.Object, atom.Video, atom.Audio,
		atom.Canvas, atom.Select, atom.Textarea, atom.Title, atom.Noembed,
		atom.Noframes, atom.Xmp, atom.Plaintext:
		return true
	}
	return false
}

// rawText reports whether the tokenizer reads element a's content as raw
// text up to its end tag.
func rawText(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Iframe, atom.Textarea,
		atom.Title, atom.Noembed, atom.Noframes, atom.Xmp, atom.Plaintext:
		return true
	}
	return false
}

// breakAround is the break element a puts before and after itself.
func breakAround(a atom.Atom) int {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5,
		atom.H6, atom.Blockquote, atom.Figure, atom.Figcaption, atom.Section,
		atom.Article, atom.Header, atom.Footer, atom.Aside, atom.Nav,
		atom.Main, atom.Ul, atom.Ol, atom.Dl, atom.Table, atom.Pre, atom.Hr,
		atom.Address, atom.Details, atom.Summary, atom.Form, atom.Fieldset,
		atom.Center, atom.Hgroup, atom.Legend, atom.Menu, atom.Dialog,
		atom.Caption, atom.Body, atom.Html:
		return breakPara
	case atom.Br, atom.Li, atom.Tr, atom.Dt, atom.Dd, atom.Option:
		return breakLine
	case atom.Td, atom.Th, atom.Img, atom.Input, atom.Button, atom.Label:
		return breakSpace
	}
	return breakNone
}

// text writes a text token: decoded once more if the feed escaped it twice,
// parsed as HTML if it is escaped HTML, else cleaned rune by rune.
func (w *writer) text(t []byte, depth int) {
	if depth < maxEscapeDepth && looksLikeMarkup(t) {
		w.escapedHTML(t, depth)
		return
	}
	if bytes.IndexByte(t, '&') >= 0 {
		t = decodeEntities(t)
		if depth < maxEscapeDepth && looksLikeMarkup(t) { // "&amp;lt;p&amp;gt;"
			w.escapedHTML(t, depth)
			return
		}
	}
	w.out = appendClean(w.out, t, w.oneLine, w.pre > 0)
}

// escapedHTML parses text that turned out to be escaped HTML. Elements it
// leaves open (an unclosed <script>) end with it: they must not swallow the
// rest of the document around it.
func (w *writer) escapedHTML(t []byte, depth int) {
	skip, skipTag, pre := w.skip, w.skipTag, w.pre
	w.html(string(t), depth+1)
	w.skip, w.skipTag, w.pre = skip, skipTag, pre
}

// appendClean appends the text t to o, cleaned: white space collapsed into
// the break owed, controls and invisible characters dropped.
func appendClean[T string | []byte](o output, t T, oneLine, pre bool) output {
	for i := 0; i < len(t); {
		if j := cleanRun(t, i); j > i { // the common case, copied at once
			o.b = appendBreak(o.b, o.pending, oneLine)
			o.pending = breakNone
			o.b = append(o.b, t[i:j]...)
			i = j
			continue
		}
		c := t[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\n' && pre:
				o.pending = max(o.pending, breakLine)
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
				o.pending = max(o.pending, breakSpace)
			}
			continue // other ASCII left: controls, dropped
		}
		// A rune is at most 4 bytes: converting them does not allocate.
		r, size := utf8.DecodeRuneInString(string(t[i:min(i+utf8.UTFMax, len(t))]))
		enc := t[i : i+size]
		i += size
		switch cleanRune(r) {
		case runeSpace:
			o.pending = max(o.pending, breakSpace)
		case runeLine:
			o.pending = max(o.pending, breakLine)
		case runePara:
			o.pending = max(o.pending, breakPara)
		case runeDrop:
		case runeC1:
			if r2 := cp1252Rune(byte(r)); r2 != 0 {
				o.b = appendBreak(o.b, o.pending, oneLine)
				o.pending = breakNone
				o.b = utf8.AppendRune(o.b, r2)
			}
		default:
			o.b = appendBreak(o.b, o.pending, oneLine)
			o.pending = breakNone
			o.b = append(o.b, enc...)
			// Latin (below U+0300) and punctuation (U+2000-U+20BF) are
			// always in NFC; anything else needs the full check.
			if r >= 0x300 && (r < 0x2000 || r >= 0x20C0) {
				o.mayNeedNFC = true
			}
		}
	}
	return o
}

// cleanRun returns the end of the run of text starting at t[i] that needs
// no cleaning: visible ASCII, Latin-1 letters (U+00C0-U+00FF) and single
// spaces between them. Most of a French or English text is such runs.
func cleanRun[T string | []byte](t T, i int) int {
	j := i
	for j < len(t) {
		c := t[j]
		switch {
		case c > ' ' && c < 0x7F:
			j++
		case c == 0xC3 && j+1 < len(t) && t[j+1] >= 0x80 && t[j+1] <= 0xBF:
			j += 2
		case c == ' ' && j > i && j+1 < len(t) && (t[j+1] > ' ' && t[j+1] < 0x7F || t[j+1] == 0xC3):
			j++
		default:
			return j
		}
	}
	return j
}

// appendBreak writes the break owed before more text, unless nothing was
// written yet: text never starts with white space.
func appendBreak(b []byte, pending int, oneLine bool) []byte {
	if pending == breakNone || len(b) == 0 {
		return b
	}
	switch {
	case oneLine || pending == breakSpace:
		return append(b, ' ')
	case pending == breakLine:
		return append(b, '\n')
	default:
		return append(b, '\n', '\n')
	}
}

// looksLikeMarkup reports whether decoded text holds a tag, which means the
// feed escaped its HTML: "<" then a letter, "/" or "!", and a ">" later.
// "x < y" and "<5 %" are not tags.
func looksLikeMarkup(t []byte) bool {
	for i := bytes.IndexByte(t, '<'); i >= 0 && i+1 < len(t); {
		c := t[i+1]
		if ('a' <= c|0x20 && c|0x20 <= 'z') || c == '/' || c == '!' {
			return bytes.IndexByte(t[i+1:], '>') >= 0
		}
		j := bytes.IndexByte(t[i+1:], '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// decodeEntities decodes the well-formed character references left in text
// that was decoded once already: feeds that escape twice turn "é" into
// "&amp;eacute;", which reads "&eacute;" after the first decoding. Only
// complete references ending in ";" are decoded, so "AT&T" and "R&D" stay.
func decodeEntities(t []byte) []byte {
	var out []byte // allocated on the first change
	last := 0
	for i := 0; i < len(t); i++ {
		if t[i] != '&' {
			continue
		}
		n := entityLen(t[i:])
		if n == 0 {
			continue
		}
		dec := html.UnescapeString(string(t[i : i+n]))
		if dec == string(t[i:i+n]) {
			continue // unknown entity name
		}
		out = append(append(out, t[last:i]...), dec...)
		last = i + n
		i += n - 1
	}
	if out == nil {
		return t
	}
	return append(out, t[last:]...)
}

// entityLen returns the length of the character reference at the start of
// t ("&eacute;", "&#233;", "&#xE9;"), or 0.
func entityLen(t []byte) int {
	const maxName = 32
	i := 1
	if i < len(t) && t[i] == '#' {
		i++
		hex := i < len(t) && t[i]|0x20 == 'x'
		if hex {
			i++
		}
		start := i
		for i < len(t) && i-start < 8 && (isDigit(t[i]) || (hex && isHexLetter(t[i]))) {
			i++
		}
		if i == start {
			return 0
		}
	} else {
		start := i
		for i < len(t) && i-start < maxName && (isDigit(t[i]) || 'a' <= t[i]|0x20 && t[i]|0x20 <= 'z') {
			i++
		}
		if i == start {
			return 0
		}
	}
	if i < len(t) && t[i] == ';' {
		return i + 1
	}
	return 0
}

func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isHexLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'f' }
