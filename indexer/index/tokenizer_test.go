package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"vigie/internal/moduledir"
)

var (
	fastTok = fastTokenizer{slow: unicode.NewUnicodeTokenizer()}
	slowTok = unicode.NewUnicodeTokenizer()
)

// sameTokens fails unless the fast tokenizer cuts input exactly as bleve's
// unicode tokenizer does: terms, offsets, positions and types.
func sameTokens(t *testing.T, input string) {
	t.Helper()
	got, want := fastTok.Tokenize([]byte(input)), slowTok.Tokenize([]byte(input))
	if fmt.Sprint(dump(got)) != fmt.Sprint(dump(want)) {
		t.Fatalf("tokenize %q:\n got %v\nwant %v", input, dump(got), dump(want))
	}
}

func dump(ts analysis.TokenStream) []string {
	out := make([]string, len(ts))
	for i, tok := range ts {
		out[i] = fmt.Sprintf("%q@%d-%d#%d/%d", tok.Term, tok.Start, tok.End, tok.Position, tok.Type)
	}
	return out
}

func TestTokenizerExamples(t *testing.T) {
	for _, in := range []string{
		"", " ", "a", "L'armée de l’Air a commandé 1,5 milliard d'euros.",
		"Anduril's $1.5bn deal: F-35A, A400M and MQ-9B; 200 000 dollars (≈ 0,2 M$).",
		"e.g. U.S. D.C. 3.14.15 1..2 a..b a.1 1.a x_y _ __ _1 1_ a_.b 1,000,000 1,5 1;2 a;b a:b 1:2",
		"co\u00ADop\u00AD é\u0301t\u0301é \u200Bzero\u200Dwidth \uFEFFbom l\u2019OTAN 1\u20442 a\u2027b",
		"«Bonjour» — dit-il… “quoted” – 12 % 3 €, 7 £, ©2025 œuvre ŒUVRE ß Ǆ ɐ",
		"mixed Ελλάδα text", "日本語のテキスト", "שלום", "emoji 🚀 here", "bad \xff utf8",
		"trailing mid a. 1, x' 'y",
	} {
		sameTokens(t, in)
	}
}

// Every character of the fast path, between letters and between digits,
// alone and next to words: its class must be the one bleve's tables give.
func TestTokenizerEveryFastPathCharacter(t *testing.T) {
	var runes []rune
	for r := rune(0); r < 0x250; r++ {
		runes = append(runes, r)
	}
	for _, block := range [][2]rune{{0x300, 0x370}, {0x2000, 0x2070}, {0x20A0, 0x20C0}, {0xFEFF, 0xFF00}} {
		for r := block[0]; r < block[1]; r++ {
			runes = append(runes, r)
		}
	}
	contexts := []string{"a%cb", "1%c2", "%ca", "a%c", "1%ca", "a%c1", "_%c_", "a%c\u00ADb", "x %c y", "%c%c", "ab%c%ccd", "1%c\u0301%c2"}
	for _, r := range runes {
		for _, c := range contexts {
			sameTokens(t, strings.ReplaceAll(c, "%c", string(r)))
		}
	}
}

// Random strings over an alphabet rich in the characters whose rules
// interact: letters, digits, every joiner, extenders, spaces.
func TestTokenizerRandom(t *testing.T) {
	alphabet := []rune("aZé1 9.,;:'’_\u00AD\u0301\u200D-/·\u2024\u2044\u203F\"\n\u00A0\u202F€œ")
	rng := rand.New(rand.NewPCG(1, 2))
	n := 50000
	if testing.Short() {
		n = 5000
	}
	for range n {
		b := make([]rune, rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		sameTokens(t, string(b))
	}
}

// Real articles from the shared fixtures, when present.
func TestTokenizerFixtures(t *testing.T) {
	root := moduledir.SharedFixtures(t)
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sameTokens(t, string(b))
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("compared %d fixture files, want the whole shared set", n)
	}
}

func FuzzTokenizer(f *testing.F) {
	for _, s := range []string{"L'armée a commandé 1,5 milliard d'euros.", "a.b 1.2 a_1 x\u00ADy", "é\u0301 1\u20442"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sameTokens(t, s) })
}

func BenchmarkTokenizer(b *testing.B) {
	text := []byte(strings.Repeat("Le ministère des Armées a notifié à Safran un contrat de 1,5 milliard d'euros pour l’entretien des moteurs M88 du Rafale. The U.S. Army awarded Anduril a $99.6 million deal for counter-drone systems. ", 20))
	for _, tc := range []struct {
		name string
		tok  analysis.Tokenizer
	}{{"bleve", slowTok}, {"vigie", fastTok}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				tc.tok.Tokenize(text)
			}
		})
	}
}
