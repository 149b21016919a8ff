package index

import (
	"strings"
	"testing"
)

// analyzeTerms returns the terms an analyzer produces for text.
func analyzeTerms(t *testing.T, name, text string) []string {
	t.Helper()
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(name)
	if a == nil {
		t.Fatalf("analyzer %s not registered", name)
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

// TestAnalyzersMeet checks that the forms people type reach the same
// indexed term as the forms articles use.
func TestAnalyzersMeet(t *testing.T) {
	cases := []struct {
		analyzer string
		a, b     string
	}{
		{AnalyzerFR, "contrats", "contrat"},
		{AnalyzerFR, "armee", "l'armée"},
		{AnalyzerFR, "armée", "l’armée"},
		{AnalyzerFR, "defense", "Défense"},
		{AnalyzerFR, "ministere", "Ministère"},
		{AnalyzerFR, "drones", "drone"},
		{AnalyzerFR, "Etats", "États"},
		{AnalyzerFR, "oeuvre", "œuvre"},
		{AnalyzerFR, "intelligence", "d'intelligence"},
		{AnalyzerFR, "OTAN", "l'OTAN"},
		{AnalyzerEN, "contracts", "contract"},
		{AnalyzerEN, "Anthropic", "Anthropic's"},
		{AnalyzerEN, "Anthropic", "Anthropic’s"},
		{AnalyzerEN, "drones", "drone"},
		{AnalyzerEN, "defense", "défense"},
		{AnalyzerEN, "awarded", "awards"},
		{AnalyzerEN, "airmen", "Airman"},
		{AnalyzerEN, "servicewomen", "servicewoman"},
		{AnalyzerEN, "Guardsmen", "guardsman"},
	}
	for _, c := range cases {
		t.Run(c.analyzer+"/"+c.a+"="+c.b, func(t *testing.T) {
			ta, tb := analyzeTerms(t, c.analyzer, c.a), analyzeTerms(t, c.analyzer, c.b)
			if len(ta) != 1 || len(tb) != 1 || ta[0] != tb[0] {
				t.Fatalf("%q -> %v, %q -> %v: want one shared term", c.a, ta, c.b, tb)
			}
		})
	}
}

// Acronyms that are stop words in lower case are kept: "AI" is not the
// French "ai", "IT" not the English "it", "UN" not the French "un".
func TestAcronymsAreNotStopWords(t *testing.T) {
	for _, c := range []struct{ analyzer, text, want string }{
		{AnalyzerFR, "Mistral AI et l'UE à l'ONU", "mistral ai ue onu"},
		{AnalyzerFR, "il y a un an", "a an"}, // lower case: "il", "y", "un" dropped
		{AnalyzerEN, "the US and the UN on AI and IT", "us un ai it"},
		{AnalyzerEN, "tell it to them", "tell"},
	} {
		if got := strings.Join(analyzeTerms(t, c.analyzer, c.text), " "); got != c.want {
			t.Errorf("%s %q: terms %q, want %q", c.analyzer, c.text, got, c.want)
		}
	}
}

// "Yemen" is no plural.
func TestYemenIsNoPlural(t *testing.T) {
	if got := strings.Join(analyzeTerms(t, AnalyzerEN, "Yemen specimen"), " "); got != "yemen specimen" {
		t.Errorf("terms %q", got)
	}
}

func TestStopWordsDropped(t *testing.T) {
	if got := analyzeTerms(t, AnalyzerFR, "la défense des armées"); len(got) != 2 {
		t.Fatalf("fr: got %v, want 2 terms (stop words la, des dropped)", got)
	}
	if got := analyzeTerms(t, AnalyzerEN, "the contract of the year"); len(got) != 2 {
		t.Fatalf("en: got %v, want 2 terms", got)
	}
}

// TestFoldKeepsOffsets guards the reason folding is a token filter: the
// highlighter needs the original byte offsets.
func TestFoldKeepsOffsets(t *testing.T) {
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	text := "Le ministère des Armées"
	toks := m.AnalyzerNamed(AnalyzerFR).Analyze([]byte(text))
	if len(toks) != 2 {
		t.Fatalf("got %d tokens", len(toks))
	}
	if got := text[toks[0].Start:toks[0].End]; got != "ministère" {
		t.Fatalf("offsets point at %q, want ministère", got)
	}
	if got := text[toks[1].Start:toks[1].End]; got != "Armées" {
		t.Fatalf("offsets point at %q, want Armées", got)
	}
}

func TestFoldBytes(t *testing.T) {
	for in, want := range map[string]string{
		"défense": "defense", "œuvre": "oeuvre", "çà": "ca", "straße": "strasse",
		"ascii": "ascii", "ÉTATS": "ETATS", "naïve": "naive", "": "",
	} {
		if got := string(FoldBytes([]byte(in))); got != want {
			t.Errorf("FoldBytes(%q) = %q, want %q", in, got, want)
		}
	}
}
