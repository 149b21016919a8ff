package entity

import (
	"unicode"
	"unicode/utf8"
)

// gap classifies what separates a token from the one before it. Aliases
// record their own gaps, so "Safran.AI" needs the dot while "Lockheed Martin"
// accepts a space or a hyphen, and no alias runs across a comma, a bracket, a
// sentence end or a paragraph break.
type gap uint8

const (
	gapHard   gap = iota // start of text, punctuation, paragraph break
	gapNone              // tokens touch: "DE&S"
	gapSpace             // white space within a paragraph
	gapHyphen            // one hyphen: "Hugging-Face", "Meta-analysis"
	gapApos              // one apostrophe: elision "l'OTAN", possessive "DoD's"
	gapDot               // one dot: "Safran.AI", "Amazon.com"
	gapParen             // closing bracket and space: "Korea (ROK) Navy"; breaks names
)

// joins reports whether a name may continue across the gap.
func (g gap) joins() bool { return g != gapHard && g != gapParen }

// fits reports whether text separated by t matches an alias written with a.
// Space and hyphen stand for each other ("Rolls Royce", "Rolls-Royce").
func (a gap) fits(t gap) bool {
	switch a {
	case gapSpace, gapHyphen:
		return t == gapSpace || t == gapHyphen
	case gapNone:
		return t == gapNone || t == gapSpace
	}
	return a == t
}

// token is one word of the input: a maximal run of letters, digits and
// combining marks, or a lone "&". Dotted initialisms ("U.S.", "U.K.") are
// merged into one token so that they match "US" and "UK".
type token struct {
	start, end int // byte offsets in the input
	lo, hi     int // folded form: lower[lo:hi]
	elo, ehi   int // accent-folded form with case kept: exact[elo:ehi]
	gap        gap // separator before the token
	letters    int // >0: a single letter or a dotted initialism of that many letters
}

// tokens is the scratch space of one scan, reused across calls through the
// Gazetteer's pool.
type tokens struct {
	text  string // the input of the last scan
	toks  []token
	lower []byte
	exact []byte

	hits     []hit   // matches of the last scan
	entities []int32 // scratch list of entity indexes
}

func (ts *tokens) reset() {
	ts.text = ""
	ts.toks = ts.toks[:0]
	ts.lower = ts.lower[:0]
	ts.exact = ts.exact[:0]
}

func (ts *tokens) fold(i int) []byte    { t := &ts.toks[i]; return ts.lower[t.lo:t.hi] }
func (ts *tokens) exactOf(i int) []byte { t := &ts.toks[i]; return ts.exact[t.elo:t.ehi] }

// scan splits text into tokens, folding each once.
func (ts *tokens) scan(text string) {
	ts.reset()
	ts.text = text
	gapStart := 0
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && c != '&' && !isASCIIWord(c) {
			i++ // fast path: ASCII space and punctuation
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '&':
			ts.push(text, gapStart, i, i+size, "and", "&")
			i += size
			gapStart = i
		case isWordRune(r):
			end, ok := ts.word(text, gapStart, i)
			if ok {
				gapStart = end
			}
			i = end
		default:
			i += size
		}
	}
	ts.closeInitialism(text, len(text))
}

// word scans the word starting at start and returns its end; ok is false when
// the word folded to nothing (only invisible characters) and belongs to the
// gap.
func (ts *tokens) word(text string, gapStart, start int) (end int, ok bool) {
	lo, elo := len(ts.lower), len(ts.exact)
	// Local slices keep the per-rune appends free of write barriers.
	lower, exact := ts.lower, ts.exact
	i, runes, letter := start, 0, false
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if !isASCIIWord(c) {
				break
			}
			runes++
			letter = c > '9'
			lower, exact = append(lower, asciiLower(c)), append(exact, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			break
		}
		if !isIgnorable(r) && !unicode.Is(unicode.Mn, r) {
			runes++
			letter = unicode.IsLetter(r)
		}
		lower, exact = appendFolded(lower, exact, r)
		i += size
	}
	ts.lower, ts.exact = lower, exact
	if len(ts.lower) == lo {
		return i, false
	}
	single := runes == 1 && letter
	if single && ts.mergeInitial(text, gapStart, start, i) {
		return i, true
	}
	ts.closeInitialism(text, start)
	g := classify(text[ts.gapFrom(gapStart):start])
	t := token{start: start, end: i, lo: lo, hi: len(ts.lower), elo: elo, ehi: len(ts.exact), gap: g}
	if single {
		t.letters = 1
	}
	ts.toks = append(ts.toks, t)
	return i, true
}

// mergeInitial extends the previous token when it is a letter or initialism
// followed by exactly one dot and this word is a single letter: "U.S" grows
// from "U". The folded buffers are contiguous, so extending hi suffices.
func (ts *tokens) mergeInitial(text string, gapStart, start, end int) bool {
	n := len(ts.toks)
	if n == 0 {
		return false
	}
	p := &ts.toks[n-1]
	if p.letters == 0 || p.end != gapStart || text[gapStart:start] != "." {
		return false
	}
	p.end, p.hi, p.ehi = end, len(ts.lower), len(ts.exact)
	p.letters++
	return true
}

// closeInitialism lets a finished initialism of two or more letters take the
// dot that ends it ("U.S."), so that "U.S. Army" reads like "US Army".
func (ts *tokens) closeInitialism(text string, next int) {
	n := len(ts.toks)
	if n == 0 {
		return
	}
	p := &ts.toks[n-1]
	if p.letters >= 2 && p.end < next && text[p.end] == '.' {
		p.end++
	}
}

// gapFrom skips what the previous token absorbed (an initialism's final dot).
func (ts *tokens) gapFrom(gapStart int) int {
	if n := len(ts.toks); n > 0 && ts.toks[n-1].end > gapStart {
		return ts.toks[n-1].end
	}
	return gapStart
}

func (ts *tokens) push(text string, gapStart, start, end int, lower, exact string) {
	ts.closeInitialism(text, start)
	t := token{start: start, end: end, gap: classify(text[ts.gapFrom(gapStart):start])}
	t.lo = len(ts.lower)
	ts.lower = append(ts.lower, lower...)
	t.hi = len(ts.lower)
	t.elo = len(ts.exact)
	ts.exact = append(ts.exact, exact...)
	t.ehi = len(ts.exact)
	ts.toks = append(ts.toks, t)
}

// classify names the separator s between two tokens.
func classify(s string) gap {
	if s == "" {
		return gapNone
	}
	var spaces, newlines, hyphens, apos, dots, closers int
	for _, r := range s {
		switch {
		case (r == ')' || r == ']') && spaces == 0:
			closers++
		case r == '\n':
			newlines++
			spaces++
		case unicode.IsSpace(r) || isIgnorable(r):
			spaces++
		case isHyphen(r):
			hyphens++
		case isApostrophe(r):
			apos++
		case r == '.':
			dots++
		default:
			return gapHard
		}
	}
	marks := hyphens + apos + dots
	switch {
	case closers > 0:
		if marks == 0 && newlines == 0 && spaces > 0 && closers == 1 {
			return gapParen
		}
		return gapHard
	case newlines >= 2 || marks > 1:
		return gapHard
	case marks == 0:
		return gapSpace
	case spaces > 0:
		return gapHard
	case hyphens == 1:
		return gapHyphen
	case apos == 1:
		return gapApos
	}
	return gapDot
}

func isASCIIWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func asciiLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
