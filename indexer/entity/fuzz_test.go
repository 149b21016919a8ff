package entity

import (
	"testing"
	"unicode/utf8"
)

// checkMentions asserts the invariants of Find's result on any input.
func checkMentions(t *testing.T, g *Gazetteer, text string) {
	t.Helper()
	end := 0
	for _, m := range g.Find(text) {
		if m.Start < end || m.Start >= m.End || m.End > len(text) {
			t.Fatalf("Find(%q): mention %+v overlaps, is empty or out of range (previous end %d)", text, m, end)
		}
		if text[m.Start:m.End] != m.Text {
			t.Fatalf("Find(%q): mention %+v: text[%d:%d] = %q", text, m, m.Start, m.End, text[m.Start:m.End])
		}
		if utf8.ValidString(text) && !utf8.ValidString(m.Text) {
			t.Fatalf("Find(%q): mention %+v cuts a character", text, m)
		}
		if _, ok := g.Lookup(m.Name); !ok || (m.Kind != KindCompany && m.Kind != KindAgency) {
			t.Fatalf("Find(%q): mention %+v names no entity", text, m)
		}
		end = m.End
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Le Pentagone a attribué à OpenAI un contrat de 200 millions de dollars.",
		"l’Agence de l’innovation de défense (AID) et l'OTAN",
		"The U.S. Army's PEO Missiles and Space; U.S.A. U.S U. S. A.B.C.D.",
		"Lock\u00adheed\u00a0Martin, DE&S, AT&T, &&, &",
		"De\u0301partement de la De\u0301fense\n\nNorthrop\nGrumman",
		"Republic of Korea (ROK) Navy; Lt. Col. Dell; M. Thales",
		"Safran.AI. Safran. AI. .ai ..",
		"\xff\xfeOTAN\x00'", "’s'’", "l'", "a.b.c.", "U.",
	} {
		f.Add(s)
	}
	g := Default()
	f.Fuzz(func(t *testing.T, text string) {
		checkMentions(t, g, text)
		g.Match(text)
	})
}
