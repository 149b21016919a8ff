package ingest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"vigie/indexer"
)

// naiveMentions is what formSet must equal: one strings.Contains per form.
func naiveMentions(a *indexer.Article, forms []string) bool {
	return slices.ContainsFunc(forms, func(f string) bool {
		return strings.Contains(a.Title, f) || strings.Contains(a.Text, f)
	})
}

func TestFormSetIsContains(t *testing.T) {
	alphabet := []string{"a", "b", "O", "c", "é", "É", " ", "-", "SAS", "Ocealys", "\n", "'", "Inc", "ç"}
	rng := rand.New(rand.NewPCG(7, 9))
	random := func(n int) string {
		var b strings.Builder
		for range rng.IntN(n) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 3000 {
		forms := make([]string, rng.IntN(6))
		for i := range forms {
			forms[i] = random(4)
		}
		if rng.IntN(10) == 0 {
			forms = append(forms, "é"[:1]) // a byte cut from a rune
		}
		a := &indexer.Article{Title: random(8), Text: random(40)}
		if got, want := newFormSet(forms).mentionedIn(a), naiveMentions(a, forms); got != want {
			t.Fatalf("forms %q in %q / %q: got %v, want %v", forms, a.Title, a.Text, got, want)
		}
	}
}

func BenchmarkFormSet(b *testing.B) {
	var forms []string
	for i := range 100 {
		forms = append(forms, "Learnt"+strings.Repeat("x", i%7)+" Systems")
	}
	a := &indexer.Article{Title: "Anduril wins a contract", Text: strings.Repeat("The Army awarded Safran and Thales a deal for counter-drone systems. ", 30)}
	b.Run("contains", func(b *testing.B) {
		for b.Loop() {
			naiveMentions(a, forms)
		}
	})
	b.Run("set", func(b *testing.B) {
		set := newFormSet(forms)
		for b.Loop() {
			set.mentionedIn(a)
		}
	})
}
