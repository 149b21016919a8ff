package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func sha16(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

func TestArticleID(t *testing.T) {
	const link = "https://www.example.com/2025/06/17/openai-dod/"
	tests := []struct {
		name, url, guid, feed, want string
	}{
		{"canonical link", link, "guid-1", "https://example.com/feed", sha16(link)},
		{"raw link variant", "http://WWW.example.com/2025/06/17/openai-dod/?utm_source=rss#x", "", "", sha16(link)},
		{"link wins over guid", link, "other-guid", "https://other.example/feed", sha16(link)},
		{"unparsable link hashed as is", "not a link", "", "", sha16("not a link")},
		{"guid without link", "", "tag:example.com,2025:42", "https://example.com/feed", sha16("https://example.com/feed\x00tag:example.com,2025:42")},
		{"guid trimmed", " ", "  42 \n", "https://example.com/feed", sha16("https://example.com/feed\x0042")},
		{"nothing", "", "", "https://example.com/feed", ""},
		{"blank", "  ", " ", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ArticleID(tt.url, tt.guid, tt.feed)
			if got != tt.want {
				t.Errorf("ArticleID(%q, %q, %q) = %q, want %q", tt.url, tt.guid, tt.feed, got, tt.want)
			}
			if got != "" && len(got) != 32 {
				t.Errorf("ID %q is not 32 hex digits", got)
			}
		})
	}
	// A GUID is only unique within its feed.
	if ArticleID("", "1", "https://a.example/feed") == ArticleID("", "1", "https://b.example/feed") {
		t.Error("the same GUID in two feeds gave one ID")
	}
	if ArticleID("https://a.example/x", "", "") == ArticleID("https://a.example/y", "", "") {
		t.Error("two links gave one ID")
	}
}

func TestContentID(t *testing.T) {
	a := ContentID("Le drone", "Texte de l'article.")
	if len(a) != 32 {
		t.Fatalf("ContentID = %q, want 32 hex digits", a)
	}
	if b := ContentID("  Le   drone ", "Texte de\nl'article. "); b != a {
		t.Errorf("white space changed the ID: %q != %q", b, a)
	}
	if b := ContentID("Le drone", "Autre texte."); b == a {
		t.Error("different text, same ID")
	}
	if b := ContentID("Le drone Texte", "de l'article."); b == a {
		t.Error("moving words between title and text kept the ID")
	}
	if got := ContentID(" ", "\n"); got != "" {
		t.Errorf("ContentID of nothing = %q, want empty", got)
	}
	if ContentID("https://a.example/x", "") == ArticleID("https://a.example/x", "", "") {
		t.Error("ContentID collides with ArticleID")
	}
}

func TestFingerprint(t *testing.T) {
	same := [][]string{
		{
			"OpenAI signs a $200M contract with the Pentagon",
			"OPENAI SIGNS A $200M CONTRACT WITH THE PENTAGON",
			"OpenAI signs a $200M contract with the Pentagon.",
			"  OpenAI  signs a $200M contract — with the Pentagon!  ",
			"<b>OpenAI</b> signs a $200M contract with the Pentagon",
		},
		{
			"L’armée de Terre commande 300 drones à Parrot",
			"L'armée de Terre commande 300 drones à Parrot",
			"L'ARMÉE DE TERRE COMMANDE 300 DRONES À PARROT",
			"L’armee de terre commande 300 drones a Parrot",
			"L\u2019arme\u0301e de Terre commande 300 drones a\u0300 Parrot", // decomposed accents
		},
		{
			"U.S. Army awards $1.5 billion deal",
			"US Army awards $1,5 billion deal",
			"u.s. army awards $1.5 billion deal",
		},
		{
			"Œuvres d’art et défense : le cœur du sujet",
			"OEuvres d'art et defense: le coeur du sujet",
		},
	}
	seen := map[uint64]string{}
	for _, group := range same {
		want := Fingerprint(group[0], "")
		if want == 0 {
			t.Fatalf("Fingerprint(%q) = 0", group[0])
		}
		for _, title := range group[1:] {
			if got := Fingerprint(Title(title), ""); got != want {
				t.Errorf("Fingerprint(%q) = %x, want %x as for %q", title, got, want, group[0])
			}
		}
		if other, ok := seen[want]; ok {
			t.Errorf("%q and %q share a fingerprint", group[0], other)
		}
		seen[want] = group[0]
	}

	different := [][2]string{
		{"OpenAI signs a $200M contract with the Pentagon", "OpenAI signs a $300M contract with the Pentagon"},
		{"Anthropic signs a contract with the Pentagon", "Anthropic signs a contract with NATO"},
		{"Thales remporte un contrat", "Thales perd un contrat"},
	}
	for _, d := range different {
		if Fingerprint(d[0], "") == Fingerprint(d[1], "") {
			t.Errorf("%q and %q share a fingerprint", d[0], d[1])
		}
	}

	// A short, generic title is completed with the start of the text.
	edA := Fingerprint("Editorial", "The Pentagon's AI strategy needs oversight.")
	edB := Fingerprint("Editorial", "Why NATO should buy European drones.")
	if edA == edB {
		t.Error("two editorials with different texts share a fingerprint")
	}
	if got := Fingerprint("EDITORIAL", "the pentagon’s AI strategy needs oversight"); got != edA {
		t.Errorf("short title + text not folded alike: %x != %x", got, edA)
	}
	// A long title is enough on its own: the text does not matter.
	long := "OpenAI signs a $200M contract with the Pentagon"
	if Fingerprint(long, "First feed's summary.") != Fingerprint(long, "Another summary entirely.") {
		t.Error("the text changed the fingerprint of a long title")
	}
	if got := Fingerprint("", "Some text without a title here"); got == 0 || got != Fingerprint("some TEXT without a title, here", "") {
		t.Errorf("text-only fingerprint = %x", got)
	}
	if got := Fingerprint(" — ", " … "); got != 0 {
		t.Errorf("Fingerprint of punctuation = %x, want 0", got)
	}
}

func BenchmarkFingerprint(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Fingerprint("L’armée de Terre commande 300 drones à Parrot pour 1,5 million d’euros", "")
	}
}
