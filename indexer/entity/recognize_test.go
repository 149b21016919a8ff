package entity

import (
	"slices"
	"strings"
	"testing"
)

// TestRecognizerPatterns checks names found beyond the gazetteer, each in a
// sentence written the way the press or a ministry writes it.
func TestRecognizerPatterns(t *testing.T) {
	tests := []struct {
		text                string
		companies, agencies []string
	}{
		// Legal forms, with and without a comma, chained, dotted.
		{"The order went to SURVICE Engineering Co. LLC for the resupply drones.", []string{"SURVICE Engineering"}, nil},
		{"North Wind Site Services, LLC will remove the buildings.", []string{"North Wind Site Services"}, nil},
		{"Brisbane-based Corvid Composites Pty Ltd makes tail structures.", []string{"Corvid Composites"}, nil},
		{"Le contrat a été signé avec Exail SAS et Naval Group.", []string{"Exail", "Naval Group"}, nil},
		{"Siemens AG said profits rose.", []string{"Siemens"}, nil},
		{"New York AG Letitia James sued.", nil, nil},
		// Contract announcements.
		{"RGNext, Colorado Springs, Colorado, was awarded a $20,000,000 contract.", []string{"RGNext"}, nil},
		{"Garco Construction Inc., of Spokane, Washington, has been awarded a contract.", []string{"Garco Construction"}, nil},
		{"The contracts were awarded to Morrish-Wallace Construction Inc., of Cheboygan, Michigan, (d.b.a.) Ryba Marine Construction.",
			[]string{"Morrish-Wallace Construction", "Ryba Marine Construction"}, nil},
		{"Le marché a été attribué à la société Aerodata Analytics.", []string{"Aerodata Analytics"}, nil},
		{"Thanks go to our prime and subcontractors at Veltrex Range Services.", []string{"Veltrex Range Services"}, nil},
		{"Contractors at Fort Bragg were told to leave.", nil, nil},
		{"La jeune pousse brestoise Ocealys lève 15 millions d'euros.", []string{"Ocealys"}, nil},
		{"Le démonstrateur, conçu par la start-up Aldoria, vole en 2027.", []string{"Aldoria"}, nil},
		{"Payload work will be shared with Millennium Space Systems, a Boeing company.", []string{"Millennium Space Systems", "Boeing"}, nil},
		{"Larinae est porté par MBDA et Novadem.", []string{"MBDA", "Novadem"}, nil},
		{"The round was led by Harbor Point Ventures.", []string{"Harbor Point Ventures"}, nil},
		{"The aircraft are built by Boeing Defence Australia, the local arm.", []string{"Boeing Defence Australia"}, nil},
		{"Naval Group Australia signed the deal.", []string{"Naval Group Australia"}, nil},
		// Government naming.
		{"The ship completed a U.S. 5th and 7th Fleet deployment.", nil, []string{"US 5th Fleet", "US 7th Fleet"}},
		{"Seventh Fleet ships sailed with the Indian Navy and the Republic of Korea (ROK) Navy.", nil,
			[]string{"US 7th Fleet", "Indian Navy", "Republic of Korea Navy"}},
		{"La marine indienne et l'armée de l'air indienne participent.", nil, []string{"Indian Navy", "Indian Air Force"}},
		{"La marine royale néerlandaise et la Hellenic Navy s'entraînent.", nil, []string{"Royal Netherlands Navy", "Hellenic Navy"}},
		{"Le ministère néerlandais de la Défense et le ministère de la Défense belge ont signé.", nil,
			[]string{"Dutch Ministry of Defence", "Belgian Ministry of Defence"}},
		{"Le ministère ukrainien de la Défense a confirmé.", nil, []string{"Ukraine MoD"}},
		{"U.S. Army Corps of Engineers, Fort Worth, Texas, is the contracting activity (W9126G-25-C-0001).", nil,
			[]string{"USACE Fort Worth District"}},
		{"U.S. Army Corps of Engineers, Washington, D.C., is the contracting activity.", nil, []string{"USACE"}},
		{"Naval Undersea Warfare Center Division Newport, Newport, Rhode Island, is the contracting activity.", nil,
			[]string{"NUWC Division Newport"}},
		{"Defense Logistics Agency Land and Maritime, Columbus, Ohio, is the contracting activity.", nil,
			[]string{"DLA Land and Maritime"}},
		// The press as a source; an ambiguous short name counts when cited.
		{"L'action gagnait 4 %, selon l'AFP, et selon Le Monde la commande suivra.", []string{"AFP", "Le Monde"}, nil},
		{"The AFP trained with the Philippine Navy.", nil, []string{"Philippine Navy"}},
		{"A spokesperson told AP and DefenseScoop on Monday, according to PitchBook data.",
			[]string{"Associated Press", "DefenseScoop", "PitchBook"}, nil},
		{"Army Contracting Command-Redstone Arsenal executed the award.", nil, []string{"Army Contracting Command-Redstone"}},
		{"NAVFAC Northwest awarded the project.", nil, []string{"NAVFAC Northwest"}},
		{"The U.S. Army Corps of Engineers, Detroit District, maintains 91 harbors.", nil, []string{"USACE", "USACE Detroit District"}},
		{"PM UAS awarded a production contract at 3 PM EST.", nil, []string{"PM UAS"}},
		{"The Portfolio Acquisition Executive (PAE) Fires leads the effort.", nil, []string{"PAE Fires"}},
		{"Airmen of the New Mexico Air National Guard and Air Force Reserve Command joined.", nil,
			[]string{"New Mexico Air National Guard", "AFRC"}},
		{"La Direction de la maintenance aéronautique (DMAé) a notifié le marché.", nil, []string{"DMAé"}},
		{"Le Tribunal administratif de Bordeaux a rejeté le recours.", nil, []string{"Tribunal administratif de Bordeaux"}},
		{"Contracts for May 3\n\nNAVY\n\nLockheed Martin Corp. was awarded a contract.", []string{"Lockheed Martin"}, []string{"US Navy"}},
		{"INTEL\n\nsome text", nil, nil},
		{"Support came from U.S. Army Garrison-Kwajalein Atoll and the range team.", nil, []string{"US Army Garrison-Kwajalein Atoll"}},
		{"The Ministry of Health and Ministry of Higher Education met.", nil, []string{"Ministry of Health", "Ministry of Higher Education"}},
		{"The Department of Justice and Apple Inc. settled.", []string{"Apple"}, []string{"Department of Justice"}},
		// Guards.
		{"The award covers Unmanned Aircraft Systems and TOW Weapon Systems.", nil, nil},
		{"Core Services\nThe framework exposes Dictionary Services.", nil, nil},
		{"The Home Depot store and the IT & MIS Department closed.", nil, nil},
		{"Security firm fools Face ID with a mask.", nil, nil},
		{"Sentris developer Samantha Kalman drops by.", nil, nil},
		{"Les actionnaires, dont le business angel Paul Thales, suivent.", nil, nil},
		{"Les IA récitent le théorème de Thalès.", nil, nil},
		{"Supporting Combat Forces Command, the unit trains crews.", nil, []string{"Combat Forces Command"}},
		{"This is the first phase of an Advanced Automation Manufacturing project.", nil, nil},
		{"The Army and the Department of Defense agreed.", nil, []string{"US Army", "DoD"}},
		{"Spc. Vanessa L. Lopez, a human resources specialist, said it was great.", nil, nil},
	}
	r := NewRecognizer(nil)
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			c, a := r.Match(tc.text)
			if !slices.Equal(c, tc.companies) || !slices.Equal(a, tc.agencies) {
				t.Errorf("Match\n got companies %q agencies %q\nwant companies %q agencies %q", c, a, tc.companies, tc.agencies)
			}
			checkRecognized(t, r, tc.text)
		})
	}
}

// TestRecognizerParents checks the roll-up of names found by pattern.
func TestRecognizerParents(t *testing.T) {
	r := NewRecognizer(nil)
	for text, want := range map[string][]string{
		"Army Contracting Command-Redstone signed.": {"Army Contracting Command", "Army Materiel Command", "US Army", "DoD"},
		"U.S. 7th Fleet sailed.":                    {"US Navy", "DoD"},
		"NAVFAC Northwest awarded it.":              {"NAVFAC", "US Navy", "DoD"},
	} {
		ms := r.Find(text)
		if len(ms) == 0 {
			t.Errorf("%q: nothing found", text)
			continue
		}
		if got := r.Ancestors(ms[0]); !slices.Equal(got, want) {
			t.Errorf("%q: ancestors %q, want %q", text, got, want)
		}
	}
}

// TestLearnedAndCurated checks that a learned name is found bare, that a
// rejected pattern name is dropped and a renamed one renamed.
func TestLearnedAndCurated(t *testing.T) {
	base := NewRecognizer(nil)
	learned, err := NewLearned([]Entity{{Name: "Ocealys", Kind: KindCompany}, {Name: "Lockheed Martin", Kind: KindCompany}}, base.Gazetteer())
	if err != nil {
		t.Fatal(err)
	}
	r := base.WithLearned(learned, map[string]string{"Garco Construction": "Garco", "Acme Widgets": ""})
	c, _ := r.Match("Ocealys delivered. ocealys is not it. Acme Widgets Inc. and Garco Construction Inc. bid.")
	if want := []string{"Ocealys", "Garco"}; !slices.Equal(c, want) {
		t.Errorf("companies %q, want %q", c, want)
	}
	if name, kind, ok := r.Resolve("Ocealys"); !ok || name != "Ocealys" || kind != KindCompany {
		t.Errorf("Resolve(Ocealys) = %q %q %v", name, kind, ok)
	}
}

// checkRecognized asserts that mentions are ordered, disjoint and cut from the
// text.
func checkRecognized(t *testing.T, r *Recognizer, text string) {
	t.Helper()
	end := 0
	for _, m := range r.Find(text) {
		if m.Start < end || m.End > len(text) || text[m.Start:m.End] != m.Text || strings.TrimSpace(m.Name) == "" {
			t.Fatalf("bad mention %+v in %q", m, text)
		}
		end = m.End
	}
}

func FuzzRecognizer(f *testing.F) {
	for _, s := range []string{"RGNext, Colorado Springs, Colorado, was awarded", "la marine indienne", "U.S. 5th and 7th Fleet",
		"Army Contracting Command-Redstone", "Direction de la maintenance aéronautique (DMAé)", "(d.b.a.) X", "Co. LLC", "PM"} {
		f.Add(s)
	}
	r := NewRecognizer(nil)
	f.Fuzz(func(t *testing.T, text string) {
		checkRecognized(t, r, text)
		r.Match(text)
	})
}
