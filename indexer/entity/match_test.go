package entity

import (
	"slices"
	"testing"
)

// matchCase is one text and the entities it must yield, in order of first
// mention. nil and empty mean the same: nothing.
type matchCase struct {
	name      string
	text      string
	companies []string
	agencies  []string
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	g := Default()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			companies, agencies := g.Match(tc.text)
			if !equalNames(companies, tc.companies) || !equalNames(agencies, tc.agencies) {
				t.Errorf("Match(%q)\n got companies %q agencies %q\nwant companies %q agencies %q\nmentions: %+v",
					tc.text, companies, agencies, tc.companies, tc.agencies, g.Find(tc.text))
			}
		})
	}
}

func equalNames(got, want []string) bool {
	return len(got) == len(want) && slices.Equal(got, want)
}

func TestMatchFrench(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"pentagone", "Le Pentagone a attribué à OpenAI un contrat de 200 millions de dollars.",
			[]string{"OpenAI"}, []string{"DoD"}},
		{"departement de la defense", "OpenAI signe un contrat de 200 millions de dollars avec le Département de la Défense.",
			[]string{"OpenAI"}, []string{"DoD"}},
		{"AID full name and acronym", "l'Agence de l'innovation de défense (AID) finance le projet.",
			nil, []string{"AID"}},
		{"DGA", "La DGA a notifié à Thales et à Safran un marché de radars.",
			[]string{"Thales", "Safran"}, []string{"DGA"}},
		{"ministere des armees", "Le ministère des Armées s'appuie sur les modèles de Mistral AI.",
			[]string{"Mistral AI"}, []string{"French Ministry of Armed Forces"}},
		{"OTAN elided", "L'OTAN renforce son flanc est avec des obusiers de Rheinmetall.",
			[]string{"Rheinmetall"}, []string{"NATO"}},
		{"marine nationale", "La Marine nationale teste des drones de Delair et de Parrot.",
			[]string{"Delair", "Parrot"}, []string{"French Navy"}},
		{"armee de l'air et de l'espace", "L’armée de l’Air et de l’Espace commande douze Rafale à Dassault Aviation.",
			[]string{"Dassault Aviation"}, []string{"French Air and Space Force"}},
		{"maison-blanche", "Selon la Maison-Blanche, le ministère américain de la Défense publiera sa doctrine.",
			nil, []string{"White House", "DoD"}},
		{"commandement de l'espace", "Le Commandement de l'espace et le CNES signent avec Airbus Defence and Space.",
			[]string{"Airbus Defence and Space"}, []string{"French Space Command", "CNES"}},
		{"AMIAD ANSSI", "L'AMIAD et l'ANSSI ont évalué les modèles d'Anthropic et de Google DeepMind.",
			[]string{"Anthropic", "Google DeepMind"}, []string{"AMIAD", "ANSSI"}},
		{"EU bodies", "La Commission européenne et l'Agence européenne de défense lancent le Fonds européen de la défense.",
			nil, []string{"European Commission", "EDA", "European Defence Fund"}},
		{"ukraine MoD", "Le ministère ukrainien de la Défense commande des drones à Helsing et Quantum Systems.",
			[]string{"Helsing", "Quantum Systems"}, []string{"Ukraine MoD"}},
		{"tsahal", "Tsahal utilise des systèmes d'Elbit Systems et de Rafael.",
			[]string{"Elbit Systems", "Rafael"}, []string{"IDF"}},
		{"secretaire a la guerre", "Le secrétaire américain à la Guerre a reçu les patrons de Palantir et d'Anduril.",
			[]string{"Palantir", "Anduril"}, []string{"DoD"}},
		{"intelligence services", "La DGSE et la DGSI recrutent ; l'Élysée et Matignon arbitrent.",
			nil, []string{"DGSE", "DGSI", "Élysée", "Matignon"}},
		{"bpifrance", "Bpifrance investit dans Pasqal, Quandela et Kyutai.",
			[]string{"Pasqal", "Quandela", "Kyutai"}, []string{"Bpifrance"}},
		{"KNDS ex-Nexter", "KNDS (ex-Nexter) livre des canons Caesar à l'armée de Terre.",
			[]string{"KNDS"}, []string{"French Army"}},
		{"US Army elided", "L’US Army a choisi Anduril pour son casque de réalité augmentée.",
			[]string{"Anduril"}, []string{"US Army"}},
		{"departement d'Etat", "Le département d'État américain a approuvé la vente.",
			nil, []string{"State Department"}},
		{"NATO innovation fund", "Comand AI et Harmattan AI lèvent des fonds auprès du Fonds d'innovation de l'OTAN.",
			[]string{"Comand AI", "Harmattan AI"}, []string{"NIF"}},
		{"preligens", "Safran.AI, l'ex-Preligens, travaille pour la DRM et l'état-major des armées.",
			[]string{"Safran.AI"}, []string{"DRM", "French Defence Staff"}},
		{"commission and parliament", "Le Parlement européen et l'Agence spatiale européenne.",
			nil, []string{"European Parliament", "ESA"}},
		{"armee americaine is generic", "L'armée américaine et la marine américaine testent les modèles de Meta.",
			[]string{"Meta"}, []string{"US Navy"}},
	})
}

func TestMatchEnglish(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"DoD CDAO", "OpenAI signs a $200M contract with the DoD's CDAO.",
			[]string{"OpenAI"}, []string{"DoD", "CDAO"}},
		{"department of war", "The Department of War awarded Anthropic, Google and xAI contracts worth $200 million each.",
			[]string{"Anthropic", "Google", "xAI"}, []string{"DoD"}},
		{"defense department DARPA", "The Defense Department and DARPA unveiled the program.",
			nil, []string{"DoD", "DARPA"}},
		{"primes", "Lockheed Martin, RTX and Northrop Grumman led the quarter; General Dynamics and Boeing lagged.",
			[]string{"Lockheed Martin", "RTX", "Northrop Grumman", "General Dynamics", "Boeing"}, nil},
		{"raytheon and L3Harris", "Raytheon Technologies and L3Harris Technologies bid for the contract.",
			[]string{"RTX", "L3Harris"}, nil},
		{"services companies", "BAE Systems, Leidos, SAIC and Booz Allen Hamilton compete for the task order.",
			[]string{"BAE Systems", "Leidos", "SAIC", "Booz Allen Hamilton"}, nil},
		{"shipbuilders", "Huntington Ingalls Industries (HII) and General Dynamics Electric Boat build submarines.",
			[]string{"Huntington Ingalls Industries", "Electric Boat"}, nil},
		{"israeli firms", "Elbit Systems, Israel Aerospace Industries and Rafael Advanced Defense Systems exhibited.",
			[]string{"Elbit Systems", "IAI", "Rafael"}, nil},
		{"start-ups", "Shield AI, Skydio, Saronic and Epirus raised new rounds, as did Chaos Industries and Castelion.",
			[]string{"Shield AI", "Skydio", "Saronic", "Epirus", "Chaos Industries", "Castelion"}, nil},
		{"AI labs", "Hugging Face, Cohere and Meta released open-weight models.",
			[]string{"Hugging Face", "Cohere", "Meta"}, nil},
		{"cloud", "Microsoft, Amazon Web Services and Oracle won the JWCC cloud contract.",
			[]string{"Microsoft", "Amazon", "Oracle"}, nil},
		{"space", "SpaceX's Starlink and Blue Origin compete with United Launch Alliance.",
			[]string{"SpaceX", "Blue Origin", "United Launch Alliance"}, nil},
		{"french IT", "Capgemini, Atos/Eviden and Sopra Steria host data at OVHcloud.",
			[]string{"Capgemini", "Atos", "Sopra Steria", "OVHcloud"}, nil},
		{"army contracting command", "The U.S. Army Contracting Command awarded the deal for PEO Missiles and Space.",
			nil, []string{"Army Contracting Command", "PEO Missiles and Space"}},
		{"navy commands", "NAVSEA, NAVAIR and NAVFAC Northwest issued solicitations.",
			nil, []string{"NAVSEA", "NAVAIR", "NAVFAC"}},
		{"combatant commands", "SOCOM, CYBERCOM, INDOPACOM and CENTCOM requested funds.",
			nil, []string{"SOCOM", "CYBERCOM", "INDOPACOM", "CENTCOM"}},
		{"MDA DLA", "The Missile Defense Agency (MDA) and the Defense Logistics Agency signed.",
			nil, []string{"MDA", "DLA"}},
		{"civil agencies", "NASA, NIH, NIST, DOE and GSA published AI guidance, as did IARPA, DHS and CISA.",
			nil, []string{"NASA", "NIH", "NIST", "DOE", "GSA", "IARPA", "DHS", "CISA"}},
		{"OSTP", "The White House Office of Science and Technology Policy issued a memo.",
			nil, []string{"OSTP"}},
		{"CIA FBI State", "CIA, FBI and State Department officials briefed the Senate Armed Services Committee.",
			nil, []string{"CIA", "FBI", "State Department", "Congress"}},
		{"UK", "The UK Ministry of Defence, DE&S, Dstl and GCHQ announced an AI centre.",
			nil, []string{"UK MoD", "DE&S", "Dstl", "GCHQ"}},
		{"UK services", "The Royal Navy, the RAF and the British Army will share the system.",
			nil, []string{"Royal Navy", "RAF", "British Army"}},
		{"NATO bodies", "NATO DIANA, the NATO Innovation Fund and NSPA back start-ups.",
			nil, []string{"NATO DIANA", "NIF", "NSPA"}},
		{"germany", "The Bundeswehr's procurement office BAAINBw ordered from Hensoldt and Rheinmetall.",
			[]string{"Hensoldt", "Rheinmetall"}, []string{"Bundeswehr", "BAAINBw"}},
		{"israel", "The IDF and Israel's Ministry of Defense tested the laser.",
			nil, []string{"IDF", "Israel MoD"}},
		{"japan", "Japan's Ministry of Defense said the Japan Self-Defense Forces would deploy it.",
			nil, []string{"Japan MoD", "JSDF"}},
		{"space force SDA", "The Space Force and the Space Development Agency (SDA) chose York Space Systems.",
			[]string{"York Space Systems"}, []string{"US Space Force", "SDA"}},
		{"intelligence agencies", "The NSA, the NGA and the NRO signed with Palantir.",
			[]string{"Palantir"}, []string{"NSA", "NGA", "NRO"}},
		{"korea", "Hanwha Aerospace and Hyundai Rotem signed with Poland's PGZ.",
			[]string{"Hanwha", "Hyundai Rotem", "PGZ"}, nil},
		{"DIU", "The Defense Innovation Unit (DIU) picked Anduril and Scale AI.",
			[]string{"Anduril", "Scale AI"}, []string{"DIU"}},
		{"possessive agency", "The Pentagon's AI office and NATO's new strategy.",
			nil, []string{"DoD", "NATO"}},
		{"preligens", "Safran bought Preligens, now Safran.AI.",
			[]string{"Safran", "Safran.AI"}, nil},
		{"French armed forces", "Mistral AI signs a deal with the French Armed Forces; the French military will use Le Chat.",
			[]string{"Mistral AI"}, []string{"French Ministry of Armed Forces"}},
		{"British military is generic", "BAE Systems will supply the British military.",
			[]string{"BAE Systems"}, nil},
		{"UK Armed Forces", "BAE Systems will supply the UK Armed Forces.",
			[]string{"BAE Systems"}, []string{"UK MoD"}},
		{"country possessives", "Italy's Ministry of Defence, Poland's Ministry of National Defence and Spain's Defence Ministry met.",
			nil, []string{"Italy MoD", "Poland MND", "Spain MoD"}},
		{"FMV with a Swedish cue", "Saab received an order from FMV for Gripen support.",
			[]string{"Saab"}, []string{"FMV"}},
		{"FMV, fair market value", "The FMV of the shares was set at $3 million.", nil, nil},
		{"FMV, full-motion video", "Drones stream FMV to ground stations.", nil, nil},
		{"OCCAR and Cobham", "OCCAR manages the A400M programme; Cobham supplies the refuelling pods.",
			[]string{"Cobham"}, []string{"OCCAR"}},
		{"AeroVironment as AV", "The Army awarded AV a contract; AV's Switchblade is in production.",
			[]string{"AeroVironment"}, []string{"US Army"}},
		{"ROK navy", "The U.S. Navy trained with Republic of Korea (ROK) Navy ships.",
			nil, []string{"US Navy"}},
		{"american air force", "They located an American Air Force pilot.",
			nil, []string{"US Air Force"}},
		{"capitalised word after", "Pentagon China Report Warns of Drone Swarms",
			nil, []string{"DoD"}},
	})
}

// TestNegatives lists traps: ordinary words, other countries' services and
// names that other things share.
func TestNegatives(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"aid", "Congress debated more aid to Ukraine and Aid packages.", nil, []string{"Congress"}},
		{"thales the philosopher", "Thales of Miletus proved what we call Thales's theorem.", nil, nil},
		{"intelligence", "Artificial intelligence helps intelligence analysts gather intel.", nil, nil},
		{"meta", "The metadata fed a meta-analysis; Meta-analysis is a method.", nil, nil},
		{"aws in laws", "New laws and draws; paws and jaws.", nil, nil},
		{"amazon river", "Deforestation in the Amazon rainforest and the Amazon River basin.", nil, nil},
		{"scale ai", "Companies scale AI across the enterprise and shield AI models from attacks.", nil, nil},
		{"mistral wind and missile", "The mistral wind blew as MBDA's Mistral missiles and the missile Mistral 3 were fired.",
			[]string{"MBDA"}, nil},
		{"other navies", "The Indian Navy, the Japanese Army and Russia's Navy sailed with the Royal Australian Air Force.",
			nil, nil},
		{"russian army is russian", "The Russian Army is not the Army.", nil, []string{"Russian Armed Forces", "US Army"}},
		{"armies that are not the US Army", "The Salvation Army, the Red Army and the Free Syrian Army.", nil, nil},
		{"hadrian's wall", "Tourists walked along Hadrian's Wall.", nil, nil},
		{"person named Dell", "said Lt. Col. Dell Olmstead, head of the department.", nil, nil},
		{"lowercase general dynamics", "The general dynamics of the market and a naval group of ships.", nil, nil},
		{"DRM alone", "DRM-protected files cannot be copied; DRM is unpopular.", nil, nil},
		{"white house lowercase", "They bought a white house and une maison blanche.", nil, nil},
		{"geforce RTX", "Nvidia's GeForce RTX 4090 and the RTX 5090 graphics cards.", []string{"Nvidia"}, nil},
		{"oracle of delphi", "The Oracle of Delphi spoke; an oracle answered.", nil, nil},
		{"leonardo da vinci", "Leonardo da Vinci drew flying machines.", nil, nil},
		{"rafael grossi", "Rafael Grossi of the IAEA visited the plant.", nil, []string{"IAEA"}},
		{"marine indienne", "La marine indienne et l'armée de terre ukrainienne.", nil, nil},
		{"saronic gulf", "Ferries cross the Saronic Gulf.", nil, nil},
		{"big apple", "Welcome to the Big Apple; an apple a day.", nil, nil},
		{"tesla coil", "A Tesla coil and Nikola Tesla's notes.", nil, nil},
		{"AV industry", "The AV industry lobbied for AV safety rules.", nil, nil},
		{"carrier strike group", "The Nimitz CSG entered the Red Sea.", nil, nil},
		{"pentagon shape", "A pentagon has five sides; un pentagone aussi.", nil, nil},
		{"state department lowercase", "The state department of health said so.", nil, nil},
		{"congress party", "Congress Party leaders met; the Texas Senate voted; the National People's Congress met.", nil, nil},
		{"safran spice", "Le safran est une épice.", nil, nil},
		{"army lowercase", "An army of volunteers and a navy blazer.", nil, nil},
		{"defence ministry elsewhere", "Ukraine's Ministry of Defence and the Israeli Ministry of Defence said.",
			nil, []string{"Ukraine MoD", "Israel MoD"}},
	})
}

func TestLongestMatch(t *testing.T) {
	g := Default()
	tests := []struct {
		text string
		want []Mention
	}{
		{"Google DeepMind", []Mention{{Name: "Google DeepMind", Kind: KindCompany, Text: "Google DeepMind", Start: 0, End: 15}}},
		{"Airbus Defence and Space", []Mention{{Name: "Airbus Defence and Space", Kind: KindCompany, Text: "Airbus Defence and Space", Start: 0, End: 24}}},
		{"Army Contracting Command", []Mention{{Name: "Army Contracting Command", Kind: KindAgency, Text: "Army Contracting Command", Start: 0, End: 24}}},
		{"Lockheed Martin Space", []Mention{{Name: "Lockheed Martin", Kind: KindCompany, Text: "Lockheed Martin Space", Start: 0, End: 21}}},
		{"Thales Alenia Space", []Mention{{Name: "Thales Alenia Space", Kind: KindCompany, Text: "Thales Alenia Space", Start: 0, End: 19}}},
		{"Leonardo DRS", []Mention{{Name: "Leonardo DRS", Kind: KindCompany, Text: "Leonardo DRS", Start: 0, End: 12}}},
		{"the U.S. Army Corps of Engineers", []Mention{{Name: "USACE", Kind: KindAgency, Text: "U.S. Army Corps of Engineers", Start: 4, End: 32}}},
		{"People's Liberation Army", []Mention{{Name: "PLA", Kind: KindAgency, Text: "People's Liberation Army", Start: 0, End: 24}}},
		{"Safran.AI", []Mention{{Name: "Safran.AI", Kind: KindCompany, Text: "Safran.AI", Start: 0, End: 9}}},
		{"by Safran. AI is", []Mention{{Name: "Safran", Kind: KindCompany, Text: "Safran", Start: 3, End: 9}}},
		{"Google, DeepMind", []Mention{
			{Name: "Google", Kind: KindCompany, Text: "Google", Start: 0, End: 6},
			{Name: "Google DeepMind", Kind: KindCompany, Text: "DeepMind", Start: 8, End: 16}}},
		{"Lockheed\n\nMartin", []Mention{{Name: "Lockheed Martin", Kind: KindCompany, Text: "Lockheed", Start: 0, End: 8}}},
		{"Army Space and Missile Defense Command", []Mention{{Name: "SMDC", Kind: KindAgency, Text: "Army Space and Missile Defense Command", Start: 0, End: 38}}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			if got := g.Find(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Find(%q)\n got %+v\nwant %+v", tc.text, got, tc.want)
			}
		})
	}
}

// TestNormalisation covers elision, possessives, accents, apostrophe styles,
// case rules, hyphens and invisible characters, checking the exact span found.
func TestNormalisation(t *testing.T) {
	g := Default()
	tests := []struct {
		name, text, wantName, wantText string
	}{
		{"elision l'", "l'OTAN", "NATO", "OTAN"},
		{"elision d'", "le modèle d'OpenAI", "OpenAI", "OpenAI"},
		{"elision qu'", "plus qu'Anduril", "Anduril", "Anduril"},
		{"typographic apostrophe", "jusqu’à l’OTAN", "NATO", "OTAN"},
		{"modifier apostrophe", "lʼOTAN", "NATO", "OTAN"},
		{"possessive", "Anthropic's model", "Anthropic", "Anthropic"},
		{"typographic possessive", "DoD’s budget", "DoD", "DoD"},
		{"accented alias", "Thalès", "Thales", "Thalès"},
		{"accents missing", "le ministere des Armees", "French Ministry of Armed Forces", "ministere des Armees"},
		{"capitals", "LE MINISTÈRE DES ARMÉES", "French Ministry of Armed Forces", "MINISTÈRE DES ARMÉES"},
		{"elysee without accents", "l'Elysee", "Élysée", "Elysee"},
		{"decomposed accents", "le De\u0301partement de la De\u0301fense", "DoD", "De\u0301partement de la De\u0301fense"},
		{"dotted initialism", "the U.S. Army", "US Army", "U.S. Army"},
		{"initialism without final dot", "the U.S Army", "US Army", "U.S Army"},
		{"plain initialism", "US Army units", "US Army", "US Army"},
		{"multi-word any case", "DEPARTMENT OF DEFENSE", "DoD", "DEPARTMENT OF DEFENSE"},
		{"hyphen for space", "Hugging-Face", "Hugging Face", "Hugging-Face"},
		{"space for hyphen", "Rolls Royce engines", "Rolls-Royce", "Rolls Royce"},
		{"hyphenated compound", "an Anduril-built drone", "Anduril", "Anduril"},
		{"soft hyphen", "Lock\u00adheed Martin", "Lockheed Martin", "Lock\u00adheed Martin"},
		{"no-break space", "Lockheed\u00a0Martin", "Lockheed Martin", "Lockheed\u00a0Martin"},
		{"narrow no-break space", "l’OTAN\u202f»", "NATO", "OTAN"},
		{"line break inside", "Northrop\nGrumman", "Northrop Grumman", "Northrop\nGrumman"},
		{"ampersand and and", "Safran Electronics and Defense", "Safran", "Safran Electronics and Defense"},
		{"ampersand", "DE&S", "DE&S", "DE&S"},
		{"exact acronym", "AID", "AID", "AID"},
		{"hashtag", "#OpenAI", "OpenAI", "OpenAI"},
		{"ligature", "ministère des Armées et des Anciens combattants", "French Ministry of Armed Forces", "ministère des Armées et des Anciens combattants"},
		{"oe ligature folded", "Commissariat à l'énergie atomique", "CEA", "Commissariat à l'énergie atomique"},
		{"DOD upper", "DOD officials", "DoD", "DOD"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := g.Find(tc.text)
			if len(ms) != 1 {
				t.Fatalf("Find(%q) = %+v, want one mention of %s", tc.text, ms, tc.wantName)
			}
			m := ms[0]
			if m.Name != tc.wantName || m.Text != tc.wantText || tc.text[m.Start:m.End] != m.Text {
				t.Errorf("Find(%q) = %+v, want %s %q", tc.text, m, tc.wantName, tc.wantText)
			}
		})
	}
}

// TestCaseRules checks that one-word aliases need their capitalisation and
// longer ones do not, and that overrides apply.
func TestCaseRules(t *testing.T) {
	g := Default()
	tests := []struct {
		text string
		want string // canonical name, "" for none
	}{
		{"AID", "AID"}, {"aid", ""}, {"Aid", ""},
		{"Meta", "Meta"}, {"meta", ""}, {"META", ""},
		{"Army", "US Army"}, {"army", ""},
		{"Pentagon", "DoD"}, {"pentagon", ""},
		{"Safran", "Safran"}, {"safran", ""},
		{"xAI", "xAI"}, {"XAI", ""},
		{"department of war", "DoD"},
		{"Scale AI", "Scale AI"}, {"scale AI", ""}, {"scale ai", ""},
		{"White House", "White House"}, {"white house", ""},
		{"Air Force", "US Air Force"}, {"air force", ""},
		{"Nato", "NATO"}, {"NATO", "NATO"}, {"nato", ""},
		{"Open AI", "OpenAI"}, {"open AI", ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			ms := g.Find(tc.text)
			got := ""
			if len(ms) > 0 {
				got = ms[0].Name
			}
			if got != tc.want || len(ms) > 1 {
				t.Errorf("Find(%q) = %+v, want %q", tc.text, ms, tc.want)
			}
		})
	}
}

func TestFindOffsetsAndOrder(t *testing.T) {
	g := Default()
	text := "Le Pentagone et l’OTAN : « DARPA » finance Anthropic’s lab, puis l'AID."
	want := []Mention{
		{Name: "DoD", Kind: KindAgency, Text: "Pentagone", Start: 3, End: 12},
		{Name: "NATO", Kind: KindAgency, Text: "OTAN", Start: 20, End: 24},
		{Name: "DARPA", Kind: KindAgency, Text: "DARPA", Start: 30, End: 35},
		{Name: "Anthropic", Kind: KindCompany, Text: "Anthropic", Start: 47, End: 56},
		{Name: "AID", Kind: KindAgency, Text: "AID", Start: 73, End: 76},
	}
	got := g.Find(text)
	if !slices.Equal(got, want) {
		t.Fatalf("Find\n got %+v\nwant %+v", got, want)
	}
	for _, m := range got {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("%+v: text[%d:%d] = %q", m, m.Start, m.End, text[m.Start:m.End])
		}
	}
}

func TestMatchDeduplicatesInOrder(t *testing.T) {
	companies, agencies := Default().Match("Anduril, the Pentagon, OpenAI, the DoD, Anduril Industries and DARPA.")
	if want := []string{"Anduril", "OpenAI"}; !slices.Equal(companies, want) {
		t.Errorf("companies = %q, want %q", companies, want)
	}
	if want := []string{"DoD", "DARPA"}; !slices.Equal(agencies, want) {
		t.Errorf("agencies = %q, want %q", agencies, want)
	}
}

func TestAmbiguousAliasNeedsConfirmation(t *testing.T) {
	g := Default()
	tests := []struct {
		text string
		want []string
	}{
		{"la DRM a publié un rapport", nil},
		{"la Direction du renseignement militaire (DRM) ; la DRM a publié", []string{"DRM", "DRM", "DRM"}},
		{"General Dynamics (GD) said GD would grow", []string{"General Dynamics", "General Dynamics", "General Dynamics"}},
		{"GD said", nil},
		{"la DRM et l'état-major des armées", []string{"DRM", "French Defence Staff"}}, // confirm word "armées"
		{"Mistral raised €1.7bn; its models rival OpenAI's.", []string{"Mistral AI", "OpenAI"}},
		{"MBDA delivered Aster and Mistral to the Navy.", []string{"MBDA", "US Navy"}},
		{"Mistral AI said Mistral would open an office.", []string{"Mistral AI", "Mistral AI"}},
		{"The Ministry of Defence said the RAF will fly it.", []string{"UK MoD", "RAF"}},
		{"The Ministry of Defence in New Delhi cleared the proposal.", nil},
		{"The MoD said the Defence Secretary would visit London.", []string{"UK MoD", "UK MoD"}},
		{"AV won a drone contract.", []string{"AeroVironment"}},
		{"AV rules for robotaxis.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, m := range g.Find(tc.text) {
				got = append(got, m.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Find(%q) names = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	g := Default()
	tests := []struct{ in, want string }{
		{"DoD", "DoD"}, {"dod", "DoD"}, {"Pentagone", "DoD"}, {"department of war", "DoD"},
		{"otan", "NATO"}, {"openai", "OpenAI"}, {"Lockheed", "Lockheed Martin"},
		{"ministere des armees", "French Ministry of Armed Forces"}, {"nothing here", ""}, {"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			e, ok := g.Resolve(tc.in)
			if e.Name != tc.want || ok != (tc.want != "") {
				t.Errorf("Resolve(%q) = %q, %v; want %q", tc.in, e.Name, ok, tc.want)
			}
		})
	}
}

func TestEmptyAndPunctuationOnly(t *testing.T) {
	g := Default()
	for _, text := range []string{"", " ", "...", "« — »", "\xff\xfe", "l'", "'s"} {
		if ms := g.Find(text); ms != nil {
			t.Errorf("Find(%q) = %+v, want nil", text, ms)
		}
		if c, a := g.Match(text); c != nil || a != nil {
			t.Errorf("Match(%q) = %q, %q, want nil", text, c, a)
		}
	}
}

// TestConcurrentUse runs Match from several goroutines; with -race it checks
// that the scratch pool shares nothing between calls.
func TestConcurrentUse(t *testing.T) {
	g := Default()
	texts := []string{
		"Le Pentagone a attribué à OpenAI un contrat.",
		"The U.S. Army Contracting Command and Lockheed Martin.",
		"la DRM et l'état-major des armées",
	}
	want := make([][2][]string, len(texts))
	for i, text := range texts {
		c, a := g.Match(text)
		want[i] = [2][]string{c, a}
	}
	done := make(chan struct{})
	for w := 0; w < 4; w++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for n := 0; n < 200; n++ {
				i := (n + w) % len(texts)
				c, a := g.Match(texts[i])
				if !slices.Equal(c, want[i][0]) || !slices.Equal(a, want[i][1]) {
					t.Errorf("Match(%q) = %q, %q; want %q", texts[i], c, a, want[i])
					return
				}
			}
		}()
	}
	for w := 0; w < 4; w++ {
		<-done
	}
}
