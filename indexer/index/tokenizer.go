package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// tokenizerName is Vigie's word tokenizer: bleve's "unicode" tokenizer
// (UAX#29 word boundaries, Unicode 8, by a generated state machine) with a
// fast path for the text of French and English news. Tokenizing was a
// tenth of indexing CPU. Text made only of the Latin script, combining
// accents and general punctuation is cut by a hand-written scanner of the
// same rules; any other text goes to bleve's tokenizer whole. The output
// is identical either way (a differential test and fuzz target hold it to
// that), so the choice never changes what a query matches.
const tokenizerName = "vigie_unicode"

func init() {
	registry.RegisterTokenizer(tokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return fastTokenizer{slow: unicode.NewUnicodeTokenizer()}, nil
	})
}

type fastTokenizer struct{ slow analysis.Tokenizer }

// wbClass is a character's UAX#29 word-break class, as far as the fast
// path needs it.
type wbClass uint8

const (
	wbOther     wbClass = iota // breaks words; not part of any token
	wbLetter                   // ALetter
	wbNumeric                  // Numeric
	wbMidLetter                // MidLetter: joins letters (':', '·')
	wbMidNum                   // MidNum: joins digits (',', ';')
	wbMidBoth                  // MidNumLet and Single_Quote: join either ('.', '\'', '’')
	wbExtendNum                // ExtendNumLet ('_'): joins anything
	wbExtend                   // Extend and Format: belong to the character before
	wbUnknown                  // outside the fast path's scripts
)

// latinClass covers U+0000..U+024F (Basic Latin to Latin Extended-B).
var latinClass = func() (t [0x250]wbClass) {
	for r := range t {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z',
			r == 0xAA, r == 0xB5, r == 0xBA,
			r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8:
			t[r] = wbLetter
		case r >= '0' && r <= '9':
			t[r] = wbNumeric
		case r == ':', r == 0xB7:
			t[r] = wbMidLetter
		case r == ',', r == ';':
			t[r] = wbMidNum
		case r == '.', r == '\'':
			t[r] = wbMidBoth
		case r == '_':
			t[r] = wbExtendNum
		case r == 0xAD: // soft hyphen
			t[r] = wbExtend
		}
	}
	return t
}()

// punctClass covers U+2000..U+206F (General Punctuation).
var punctClass = func() (t [0x70]wbClass) {
	for i := range t {
		switch r := 0x2000 + i; {
		case r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F,
			r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064, r >= 0x2066:
			t[i] = wbExtend
		case r == 0x2027:
			t[i] = wbMidLetter
		case r == 0x2044:
			t[i] = wbMidNum
		case r == 0x2018, r == 0x2019, r == 0x2024:
			t[i] = wbMidBoth
		case r == 0x203F, r == 0x2040, r == 0x2054:
			t[i] = wbExtendNum
		}
	}
	return t
}()

func classOf(r rune) wbClass {
	switch {
	case r < 0x250:
		return latinClass[r]
	case r >= 0x300 && r < 0x370: // combining diacritical marks
		return wbExtend
	case r >= 0x2000 && r < 0x2070:
		return punctClass[r-0x2000]
	case r >= 0x20A0 && r < 0x20C0: // currency symbols
		return wbOther
	case r == 0xFEFF: // zero width no-break space (BOM)
		return wbExtend
	}
	return wbUnknown
}

// scanner walks the input one character at a time.
type scanner struct {
	in      []byte
	unknown bool // met a character outside the fast path (or bad UTF-8)
}

// at returns the class and size of the character at i.
func (s *scanner) at(i int) (wbClass, int) {
	if b := s.in[i]; b < utf8.RuneSelf {
		return latinClass[b], 1
	}
	r, size := utf8.DecodeRune(s.in[i:])
	c := classOf(r)
	if c == wbUnknown || r == utf8.RuneError && size == 1 {
		s.unknown = true
		return wbUnknown, size
	}
	return c, size
}

// skipExtend returns the index after the Extend/Format characters at i.
func (s *scanner) skipExtend(i int) int {
	for i < len(s.in) {
		c, size := s.at(i)
		if c != wbExtend {
			return i
		}
		i += size
	}
	return i
}

// word returns the end of the word starting at i (a letter, digit or
// ExtendNumLet) and whether it holds a letter and a digit. Letters, digits and
// ExtendNumLet join freely; a MidLetter joins two letters, a MidNum two
// digits, a MidNumLet or apostrophe either; Extend and Format characters
// belong to the character before them.
func (s *scanner) word(i int) (end int, letter, digit bool) {
	prev, size := s.at(i)
	letter, digit = prev == wbLetter, prev == wbNumeric
	end = s.skipExtend(i + size)
	for end < len(s.in) && !s.unknown {
		c, size := s.at(end)
		switch c {
		case wbLetter, wbNumeric, wbExtendNum:
			prev, letter, digit = c, letter || c == wbLetter, digit || c == wbNumeric
			end = s.skipExtend(end + size)
			continue
		case wbMidLetter, wbMidNum, wbMidBoth:
			want := wbLetter
			if prev == wbNumeric {
				want = wbNumeric
			}
			if prev != wbLetter && prev != wbNumeric ||
				c == wbMidLetter && want != wbLetter || c == wbMidNum && want != wbNumeric {
				return end, letter, digit
			}
			next := s.skipExtend(end + size)
			if next >= len(s.in) {
				return end, letter, digit
			}
			if nc, nsize := s.at(next); nc == want {
				end = s.skipExtend(next + nsize)
				letter, digit = letter || nc == wbLetter, digit || nc == wbNumeric
				continue
			}
		}
		return end, letter, digit
	}
	return end, letter, digit
}

func (t fastTokenizer) Tokenize(input []byte) analysis.TokenStream {
	s := scanner{in: input}
	out := make(analysis.TokenStream, 0, len(input)/6+1)
	var chunk []analysis.Token
	pos := 1
	for i := 0; i < len(input); {
		c, size := s.at(i)
		if s.unknown {
			return t.slow.Tokenize(input)
		}
		if c != wbLetter && c != wbNumeric && c != wbExtendNum {
			i += size
			continue
		}
		end, letter, digit := s.word(i)
		if s.unknown {
			return t.slow.Tokenize(input)
		}
		if len(chunk) == cap(chunk) {
			chunk = make([]analysis.Token, 0, min(256, (len(input)-i)/6+1))
		}
		typ := analysis.AlphaNumeric
		if digit && !letter {
			typ = analysis.Numeric
		}
		chunk = append(chunk, analysis.Token{Term: input[i:end], Start: i, End: end, Position: pos, Type: typ})
		out = append(out, &chunk[len(chunk)-1])
		pos++
		i = end
	}
	return out
}
