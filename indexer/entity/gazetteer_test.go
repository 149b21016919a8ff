package entity

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDefaultCounts(t *testing.T) {
	var companies, agencies int
	for _, e := range Default().Entities() {
		switch e.Kind {
		case KindCompany:
			companies++
		case KindAgency:
			agencies++
		}
	}
	if companies < 130 || agencies < 90 {
		t.Errorf("embedded gazetteer has %d companies and %d agencies, want at least 130 and 90", companies, agencies)
	}
}

// TestEmbeddedData checks what Load does not enforce but the shipped file
// must: every entity has aliases and a description where its name is not
// self-explanatory, no alias repeats one of its own entity, and every alias
// finds its own entity when it is the whole text.
func TestEmbeddedData(t *testing.T) {
	g := Default()
	for _, e := range g.Entities() {
		t.Run(e.Name, func(t *testing.T) {
			if len(e.Aliases) == 0 {
				t.Errorf("no aliases")
			}
			seen := map[string]string{}
			for _, a := range append([]string{e.Name}, e.Aliases...) {
				k := matchKey(e, a)
				if prev, dup := seen[k]; dup {
					t.Errorf("alias %q matches the same texts as %q", a, prev)
				}
				seen[k] = a
				checkSelfMatch(t, g, e, a)
			}
			checkSelfMatch(t, g, e, e.Name)
		})
	}
}

// matchKey is what an alias matches: its tokens, exact when the alias is
// case-sensitive, and its separators, space and hyphen being one.
func matchKey(e Entity, a string) string {
	var ts tokens
	ts.scan(a)
	sensitive := len(ts.toks) == 1 || slices.Contains(e.CaseSensitive, a)
	if slices.Contains(e.CaseInsensitive, a) {
		sensitive = false
	}
	var b strings.Builder
	for i := range ts.toks {
		if i > 0 {
			b.WriteByte(gapKeyByte(ts.toks[i].gap))
		}
		if sensitive {
			b.Write(ts.exactOf(i))
		} else {
			b.Write(ts.fold(i))
		}
	}
	return b.String()
}

// checkSelfMatch finds alias a alone (after the entity's name when a is
// ambiguous, since it needs confirmation) and expects one mention of e that
// spans all of it.
func checkSelfMatch(t *testing.T, g *Gazetteer, e Entity, a string) {
	t.Helper()
	text, offset := a, 0
	if slices.Contains(e.Ambiguous, a) {
		confirm := e.Name
		for _, other := range e.Aliases {
			if !slices.Contains(e.Ambiguous, confirm) {
				break
			}
			confirm = other
		}
		text = confirm + "; " + a
		offset = len(confirm) + 2
	}
	ms := g.Find(text)
	if len(ms) == 0 {
		t.Errorf("alias %q finds nothing", a)
		return
	}
	last := ms[len(ms)-1]
	if last.Name != e.Name || last.Start != offset || last.End != len(text) {
		t.Errorf("alias %q finds %+v, want all of it as %q", a, ms, e.Name)
	}
}

func TestEmbeddedFileIsWhatDefaultLoads(t *testing.T) {
	g, err := LoadFile("gazetteer.yaml")
	if err != nil {
		t.Fatalf("gazetteer.yaml: %v", err)
	}
	if len(g.Entities()) != len(Default().Entities()) {
		t.Errorf("LoadFile and Default disagree: %d vs %d entities", len(g.Entities()), len(Default().Entities()))
	}
}

func TestMustParsePanicsOnBrokenData(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "embedded gazetteer.yaml") {
			t.Errorf("recover() = %v, want a panic naming the embedded file", r)
		}
	}()
	mustParse([]byte("entities:\n  - name: X\n    kind: nothing\n"))
}

func TestParentsAndCountries(t *testing.T) {
	g := Default()
	for _, e := range g.Entities() {
		if e.Parent != "" {
			if _, ok := g.Lookup(e.Parent); !ok {
				t.Errorf("%s: unknown parent %q", e.Name, e.Parent)
			}
		}
		if !validCountry(e.Country) {
			t.Errorf("%s: bad country %q", e.Name, e.Country)
		}
	}
}

// TestParentChains checks the hierarchy that filters and facets roll up:
// every chain ends at a root within maxDepth steps, without a cycle, and
// stays within one kind (a body's parent is a body, a company's a company).
func TestParentChains(t *testing.T) {
	const maxDepth = 6
	g := Default()
	for _, e := range g.Entities() {
		seen := map[string]bool{e.Name: true}
		for cur, depth := e, 0; cur.Parent != ""; depth++ {
			p, ok := g.Lookup(cur.Parent)
			if !ok {
				t.Errorf("%s: %s has unknown parent %q", e.Name, cur.Name, cur.Parent)
				break
			}
			if p.Kind != cur.Kind {
				t.Errorf("%s: %s is a %s but its parent %s is a %s", e.Name, cur.Name, cur.Kind, p.Name, p.Kind)
			}
			if seen[p.Name] {
				t.Errorf("%s: cycle through %s", e.Name, p.Name)
				break
			}
			if depth == maxDepth {
				t.Errorf("%s: chain deeper than %d", e.Name, maxDepth)
				break
			}
			seen[p.Name] = true
			cur = p
		}
	}
}

// ancestors returns name's parent, grandparent and so on, up to maxDepth.
func ancestors(g *Gazetteer, name string, maxDepth int) []string {
	var out []string
	for e, ok := g.Lookup(name); ok && e.Parent != "" && len(out) < maxDepth; e, ok = g.Lookup(e.Parent) {
		out = append(out, e.Parent)
	}
	return out
}

func TestParentChainsExpected(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"Army Contracting Command", []string{"Army Materiel Command", "US Army", "DoD"}},
		{"PEO Missiles and Space", []string{"US Army", "DoD"}},
		{"Army Research Laboratory", []string{"DEVCOM", "Army Futures Command", "US Army", "DoD"}},
		{"NAVFAC", []string{"US Navy", "DoD"}},
		{"Naval Research Laboratory", []string{"ONR", "US Navy", "DoD"}},
		{"AFLCMC", []string{"AFMC", "US Air Force", "DoD"}},
		{"AFWERX", []string{"AFRL", "AFMC", "US Air Force", "DoD"}},
		{"Space Systems Command", []string{"US Space Force", "DoD"}},
		{"INDOPACOM", []string{"DoD"}},
		{"US Coast Guard", []string{"DHS"}},
		{"NIST", []string{"Commerce Department"}},
		{"DGA", []string{"French Ministry of Armed Forces"}},
		{"AID", []string{"DGA", "French Ministry of Armed Forces"}},
		{"French Space Command", []string{"French Air and Space Force", "French Ministry of Armed Forces"}},
		{"ANSSI", []string{"SGDSN", "Matignon"}},
		{"DE&S", []string{"UK MoD"}},
		{"NATO DIANA", []string{"NATO"}},
		{"European Defence Fund", []string{"DG DEFIS", "European Commission"}},
		{"Sikorsky", []string{"Lockheed Martin"}},
		{"DoD", nil},
		{"NASA", nil},
		{"NATO", nil},
	}
	g := Default()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := g.Lookup(tc.name); !ok {
				t.Fatalf("no entity %q", tc.name)
			}
			if got := ancestors(g, tc.name, 10); !slices.Equal(got, tc.want) {
				t.Errorf("ancestors = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestMatchFrenchBodies covers the French ministry's services, the DGA's
// directorates and centres, and the forms the press writes the DGA, AMIAD
// and the three armées in.
func TestMatchFrenchBodies(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"DGA", "La DGA a notifié à Naval Group la commande d'une cinquième frégate de défense et d'intervention.",
			[]string{"Naval Group"}, []string{"DGA"}},
		{"old name of the DGA", "La Délégation générale pour l'armement et l'Agence de l'innovation de défense financent le projet.",
			nil, []string{"DGA", "AID"}},
		{"DGA EM", "Le centre DGA Essais de missiles de Biscarrosse a conduit un tir d'Aster 30 avec MBDA.",
			[]string{"MBDA"}, []string{"DGA EM"}},
		{"DGA TN and DGA MI", "DGA Techniques navales, à Toulon, et DGA MI, à Bruz, évaluent le drone sous-marin.",
			nil, []string{"DGA TN", "DGA MI"}},
		{"DGA mi-janvier is no centre", "Le contrat a été signé par la DGA mi-janvier.", nil, []string{"DGA"}},
		{"DGA EV", "Les pilotes d'essai de DGA Essais en vol ont fait voler le Rafale F4 à Istres.",
			nil, []string{"DGA EV"}},
		{"DGA operations directorate", "La direction des opérations de la DGA conduit le programme SCAF.",
			nil, []string{"DGA Operations Directorate"}},
		{"armée de Terre, AAE, AMIAD", "L'armée de Terre et l'Armée de l'air et de l'espace testent les modèles choisis par l'AMIAD.",
			nil, []string{"French Army", "French Air and Space Force", "AMIAD"}},
		{"Amiad as Le Monde writes it", "L'Amiad, l'agence ministérielle pour l'IA de défense, recrute à Bruz.",
			nil, []string{"AMIAD"}},
		{"AAE", "L'AAE a reçu ses premiers Rafale F4 ; l'armée de l'Air les déploiera à Saint-Dizier.",
			nil, []string{"French Air and Space Force"}},
		{"la Marine", "La Marine nationale a admis au service actif sa troisième FDI ; la Marine attend deux frégates de plus.",
			nil, []string{"French Navy"}},
		{"la Marine alone, with a naval cue", "La Marine a déployé une frégate en mer Rouge.", nil, []string{"French Navy"}},
		{"Marine Le Pen", "Marine Le Pen a critiqué la loi de programmation militaire.", nil, nil},
		{"a US Marine", "A Marine was injured during the exercise in Okinawa.", nil, nil},
		{"SSF", "Le Service de soutien de la flotte entretient les frégates à Toulon ; le SSF a signé avec Naval Group.",
			[]string{"Naval Group"}, []string{"SSF"}},
		{"SIMMT and DMAé", "La SIMMT et la DMAé pilotent l'entretien des hélicoptères Tigre ; le SIAé révise leurs moteurs.",
			nil, []string{"SIMMT", "DMAé", "SIAé"}},
		{"EMA and CPCO", "L'état-major des armées (EMA) et le CPCO suivent l'opération.",
			nil, []string{"French Defence Staff", "CPCO"}},
		{"EMA, the medicines agency", "The EMA approved the vaccine.", nil, nil},
		{"SSA the health service", "Le Service de santé des armées a déployé un hôpital de campagne ; le SSA manque de médecins.",
			nil, []string{"French Military Health Service"}},
		{"SSA, space situational awareness", "The Space Force buys SSA data from commercial sensors.", nil, []string{"US Space Force"}},
		{"SCA, SGA and SID", "Le Service du commissariat des armées, le SGA et le Service d'infrastructure de la défense (SID) préparent les JO.",
			nil, []string{"SCA", "SGA", "SID"}},
		{"gendarmerie and interior", "La Gendarmerie nationale dépend du ministère de l'Intérieur, comme la DGSI.",
			nil, []string{"Gendarmerie nationale", "French Ministry of the Interior", "DGSI"}},
	})
}

// TestMatchUSCommands covers numbered fleets and Air Force commands that
// releases name at their own level.
func TestMatchUSCommands(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"numbered fleets", "The destroyer left the U.S. 7th Fleet area of operations for the Fifth Fleet.",
			nil, []string{"US 7th Fleet", "US 5th Fleet"}},
		{"reserve and academy", "Air Force Reserve Command airmen trained cadets of the U.S. Air Force Academy.",
			nil, []string{"AFRC", "USAFA"}},
		{"another country's academy", "Cadets of the Indian Air Force Academy visited Dundigal.", nil, nil},
		{"DoD IG", "The DoD Inspector General reviewed the contract.", nil, []string{"DoD Inspector General"}},
	})
}

// TestMatchMedia covers the news agencies and DoD media that releases and
// articles name as sources, and the other meanings of their short names.
func TestMatchMedia(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"told CNN", "Defense Secretary Leon E. Panetta told CNN's Wolf Blitzer in an interview that the threat is real.",
			[]string{"CNN"}, []string{"DoD"}},
		{"CNN the network architecture", "The team trained a CNN on satellite images; the CNN-based detector flags drones.",
			nil, nil},
		{"AFP photo credit", "Un drone Reaper à Niamey. Photo AFP via Getty Images.", []string{"AFP"}, nil},
		{"AFP, Armed Forces of the Philippines", "The AFP said two Chinese vessels shadowed the patrol off Scarborough Shoal.",
			nil, nil},
		{"Agence France-Presse", "Le ministère des Armées a confirmé l'information à l'Agence France-Presse.",
			[]string{"AFP"}, []string{"French Ministry of Armed Forces"}},
		{"Reuters", "Anduril is raising new funding, Reuters reported, citing people familiar with the matter.",
			[]string{"Anduril", "Reuters"}, nil},
		{"AP and Bloomberg", "The Associated Press and Bloomberg News first reported the contract.",
			[]string{"Associated Press", "Bloomberg"}, nil},
		{"AP rounds", "The turret fires AP and HE rounds.", nil, nil},
		{"Michael Bloomberg", "Michael Bloomberg funded the study.", nil, nil},
		{"AFPS byline", "By Jim Garamone, American Forces Press Service. WASHINGTON – The Pentagon announced the award.",
			nil, []string{"American Forces Press Service", "DoD"}},
		{"DoD News byline", "Story by DoD News, Defense Media Activity.", nil, []string{"Defense Media Activity"}},
		{"DVIDS", "Footage released on DVIDS shows the launch from the USS Carl Vinson.", nil, []string{"DVIDS"}},
		{"Stars and Stripes the newspaper", "A Stars and Stripes reporter asked the general about the drones.",
			nil, []string{"Stars and Stripes"}},
		{"Stars and Stripes the flag", "The Stars and Stripes flew over the base at dawn.", nil, nil},
	})
}

func loadArticle(b *testing.B, name string) string {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// BenchmarkMatch measures enrichment of one article of about 350 words, the
// per-article cost of ingest (target: under 100 µs).
func BenchmarkMatch(b *testing.B) {
	g := Default()
	for _, name := range []string{"article_en.txt", "article_fr.txt"} {
		text := loadArticle(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				g.Match(text)
			}
		})
	}
}

// BenchmarkMatchParallel checks that the scratch pool scales across cores.
func BenchmarkMatchParallel(b *testing.B) {
	g := Default()
	text := loadArticle(b, "article_en.txt")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			g.Match(text)
		}
	})
}

// BenchmarkLoad measures building the embedded gazetteer (once per process).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
