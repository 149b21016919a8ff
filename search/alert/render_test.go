package alert

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"vigie/indexer/normalize"
	"vigie/search"
)

func TestQueryWords(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"openai", []string{"openai"}},
		{"OpenAI contrat", []string{"openai", "contrat"}},
		{`"drone swarm" -cyber`, []string{"drone", "swarm"}},
		{`-"large language" model`, []string{"model"}},
		{"drone OR uav | ugv", []string{"drone", "uav", "ugv"}},
		{"titre:Défense company:Lockheed", []string{"defense", "lockheed"}},
		{"(l'armée OR armées) a", []string{"l", "armee", "armees"}[1:]},
		{`"unterminated`, []string{"unterminated"}},
		{"", nil},
	} {
		if got := queryWords(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("queryWords(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestMark(t *testing.T) {
	for _, tc := range []struct {
		text, q, want string
	}{
		{"OpenAI signs a contract", "openai", "<mark>OpenAI</mark> signs a contract"},
		{"Des drones et un drone", "drone", "Des <mark>drones</mark> et un <mark>drone</mark>"},
		{"La Défense signe des contrats", "defense contrat", "La <mark>Défense</mark> signe des <mark>contrats</mark>"},
		{"drones droneships", "drone", "<mark>drones</mark> droneships"},
		{"<script>alert(1)</script> & drone", "drone", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>drone</mark>"},
		{"mark <mark> tags", "tags", "mark &lt;mark&gt; <mark>tags</mark>"},
		{"nothing here", "", "nothing here"},
		{"AI in the DoD's plans", "ai dod", "<mark>AI</mark> in the <mark>DoD</mark>&#39;s plans"},
	} {
		if got := newSnippet(tc.text).mark(queryWords(tc.q)); got != tc.want {
			t.Errorf("mark(%q, %q) = %q, want %q", tc.text, tc.q, got, tc.want)
		}
	}
}

// FuzzMark: whatever the text and query, the output is the text escaped,
// with only <mark> tags added.
func FuzzMark(f *testing.F) {
	f.Add("Des <b>drones</b> & l'armée", `"drone" -x OR armée`)
	f.Add("\xff\xfe broken utf-8", "broken")
	f.Fuzz(func(t *testing.T, text, q string) {
		out := newSnippet(text).mark(queryWords(q))
		stripped := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(stripped, "<>") {
			t.Fatalf("markup leaked: %q", out)
		}
		if strings.Count(out, "<mark>") != strings.Count(out, "</mark>") {
			t.Fatalf("unbalanced marks: %q", out)
		}
	})
}

func TestDescribe(t *testing.T) {
	r := search.Request{Q: "openai contract", Companies: []string{"OpenAI", "Anthropic"}, Agencies: []string{"DoD"},
		Langs: []string{"fr"}, AmountMin: 1e8, From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		r            search.Request
		locale, want string
	}{
		{r, "en", `"openai contract" · company: OpenAI or Anthropic · agency: DoD · language: fr · amount ≥ $100M · from 2025-01-01`},
		{r, "fr", "« openai contract » · entreprise\u00a0: OpenAI ou Anthropic · agence\u00a0: DoD · langue\u00a0: fr · montant ≥ $100M · depuis le 2025-01-01"},
		{search.Request{Sources: []string{"Defense Wire"}, AmountMin: 2.5e6, AmountMax: 1.5e9, To: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}, "en",
			"source: Defense Wire · amount: $2.5M–$1.5B · until 2026-06-30"},
		{search.Request{AmountMax: 480000}, "en", "amount ≤ $480k"},
		{search.Request{}, "fr", "tout nouvel article"},
	} {
		if got := describe(tc.r, tc.locale); got != tc.want {
			t.Errorf("describe(%s) =\n%q, want\n%q", tc.locale, got, tc.want)
		}
	}
	if got := (Alert{Request: r}).Describe(); !strings.HasPrefix(got, `"openai contract" · company`) {
		t.Errorf("Describe() = %q", got)
	}
}

func TestShorten(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"« openai » · entreprise : OpenAI ou Anthropic", 20, "« openai »…"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaa", 10, "aaaaaaaaa…"},
	} {
		if got := shorten(tc.in, tc.n); got != tc.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestTokens(t *testing.T) {
	s := signer{key: []byte("0123456789abcdef0123456789abcdef")}
	other := signer{key: []byte("fedcba9876543210fedcba9876543210")}
	id := "0123456789abcdef01234567"
	tok := s.token(purposeManage, id)
	if got, p, err := s.verify(tok, purposeManage); err != nil || got != id || p != purposeManage {
		t.Fatalf("verify(own token) = %q %q %v", got, p, err)
	}
	for _, tc := range []struct {
		name, tok string
		allowed   []purpose
		want      error
	}{
		{"wrong purpose", tok, []purpose{purposeConfirm}, errTokenForged},
		{"other secret", other.token(purposeManage, id), []purpose{purposeManage}, errTokenForged},
		{"id swapped", "1123456789abcdef01234567" + tok[len(id):], []purpose{purposeManage}, errTokenForged},
		{"purpose swapped", id + ".u" + tok[len(id)+2:], []purpose{purposeUnsubscribe}, errTokenForged},
		{"empty", "", []purpose{purposeManage}, errTokenMalformed},
		{"upper-case id", strings.ToUpper(id) + tok[len(id):], []purpose{purposeManage}, errTokenMalformed},
		{"short signature", tok[:len(tok)-2], []purpose{purposeManage}, errTokenMalformed},
		{"extra part", tok + ".x", []purpose{purposeManage}, errTokenMalformed},
	} {
		if _, _, err := s.verify(tc.tok, tc.allowed...); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

func FuzzVerifyToken(f *testing.F) {
	s := signer{key: []byte("0123456789abcdef0123456789abcdef")}
	f.Add(s.token(purposeUnsubscribe, "0123456789abcdef01234567"))
	f.Add("0123456789abcdef01234567.u.")
	f.Add("...")
	f.Fuzz(func(t *testing.T, tok string) {
		id, p, err := s.verify(tok, purposeConfirm, purposeUnsubscribe, purposeManage)
		if err != nil {
			return
		}
		// Anything accepted is exactly what the signer issues.
		if s.token(p, id) != strings.TrimSpace(tok) {
			t.Fatalf("accepted %q, which the signer would write %q", tok, s.token(p, id))
		}
	})
}

func TestSecretFile(t *testing.T) {
	dir := t.TempDir()
	k1, err := loadSecret(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, secretFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || len(k1) != 32 {
		t.Errorf("secret mode %v, %d bytes", fi.Mode().Perm(), len(k1))
	}
	k2, err := loadSecret(dir)
	if err != nil || string(k1) != string(k2) {
		t.Errorf("second load: %v, same %v", err, string(k1) == string(k2))
	}
	if err := os.WriteFile(filepath.Join(dir, secretFile), []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadSecret(dir); err == nil || !strings.Contains(err.Error(), "32") {
		t.Errorf("damaged secret: %v", err)
	}
}

func TestExtract(t *testing.T) {
	long := strings.Repeat("Officials met on Monday to discuss the schedule. ", 12)
	for _, tc := range []struct {
		name, text, q, want string
	}{
		{"word in the lead", "The drone flew. " + long, "drone", normalizeSnippet("The drone flew. " + long)},
		{"word later", long + "Then the hypersonic glider flew again over the range.", "hypersonic",
			"…Officials met on Monday to discuss the schedule. Then the hypersonic glider flew again over the range."},
		{"word nowhere", long, "satellite", normalizeSnippet(long)},
		{"no query", long, "", normalizeSnippet(long)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := extract(tc.text, queryWords(tc.q), snippetRunes); got != tc.want {
				t.Errorf("extract =\n%q, want\n%q", got, tc.want)
			}
		})
	}
}

func normalizeSnippet(s string) string { return normalize.Snippet(s, snippetRunes) }
