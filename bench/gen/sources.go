package gen

import (
	"fmt"
	"math"
	"strings"

	"vigie/indexer/feed"
)

// Invented publications (hosts under .example, never resolvable). Within a
// language, earlier ones publish more (Zipf), as a few outlets dominate.
var (
	namesEN = []string{"Defense Ledger", "Autonomy Wire", "Capital Beltway Review", "Frontier Systems Daily",
		"The Procurement Desk", "Signal & Sensor", "Allied Tech Monitor", "Pacific Shield Report",
		"Machine Warfare Weekly", "Orbital Watch", "The Acquisition Brief", "Northern Flank News",
		"Cyber Front Journal", "Hangar Notes", "Deep Tech Defense", "Budget Hawk", "Compute & Command",
		"Atlantic Posture", "Red Team Review", "Edge Intelligence", "Logistics Line", "Skyward Insider",
		"Harbor & Fleet", "Policy Range"}
	namesFR = []string{"La Vigie Stratégique", "Lettre de l'Armement", "Souveraineté Numérique",
		"Le Fil Défense", "Cap Innovation", "L'Observatoire des Drones", "Revue de la Dissuasion",
		"Écho des Industries", "Le Bulletin Spatial", "Horizon Opérations", "Tribune du Combattant",
		"Chroniques Cyber", "Le Carnet Naval", "Budget & Armées", "Intelligence et Défense",
		"Le Journal des Programmes", "Terre Air Mer", "Veille Technologique", "Le Radar Européen",
		"Mémo Industriel"}
)

// makeSources returns n sources, about 55% English; past the named ones
// it adds numbered regional editions.
func makeSources(n int) []source {
	nEN := int(math.Round(float64(n) * EnglishShare))
	out := make([]source, 0, n)
	add := func(name, lang string) {
		host := strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				return r
			case r == ' ' || r == '-':
				return '-'
			}
			return -1
		}, strings.ToLower(foldASCII(name)))
		host = strings.Trim(strings.ReplaceAll(host, "--", "-"), "-") + ".example"
		out = append(out, source{Source: feed.Source{Name: name, URL: "https://" + host + "/feed.xml", Lang: lang}, host: host})
	}
	for i := range nEN {
		name := fmt.Sprintf("Regional Defense Wire %d", i+1)
		if i < len(namesEN) {
			name = namesEN[i]
		}
		add(name, "en")
	}
	for i := range n - nEN {
		name := fmt.Sprintf("Dépêche Régionale %d", i+1)
		if i < len(namesFR) {
			name = namesFR[i]
		}
		add(name, "fr")
	}
	return out
}
