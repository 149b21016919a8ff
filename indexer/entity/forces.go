package entity

import (
	"strings"
	"sync"
)

// Foreign armed services are named by a country word and a service word,
// in either order and language: "Indian Navy", "Royal Australian Air
// Force", "Republic of Korea (ROK) Navy", "la marine indienne", "l'armée de
// l'air indienne", "les forces armées polonaises". Each gets one canonical
// English name, the one the service itself uses ("Royal Australian Navy",
// "Republic of Korea Navy", "Hellenic Navy"), so the English and French
// mentions meet.

// service is a branch of a country's armed forces.
type service uint8

const (
	svcNone service = iota
	svcNavy
	svcArmy
	svcAirForce
	svcArmed // the armed forces as a whole
	svcMarines
	svcCoastGuard
)

// serviceNames are the English service words, as written (the first words of
// several-word ones are looked up, then the rest checked).
var serviceNames = []struct {
	words []string
	svc   service
}{
	{[]string{"Air", "Force"}, svcAirForce},
	{[]string{"Air", "Forces"}, svcAirForce},
	{[]string{"Armed", "Forces"}, svcArmed},
	{[]string{"Defence", "Force"}, svcArmed},
	{[]string{"Defense", "Force"}, svcArmed},
	{[]string{"Defence", "Forces"}, svcArmed},
	{[]string{"Defense", "Forces"}, svcArmed},
	{[]string{"Marine", "Corps"}, svcMarines},
	{[]string{"Coast", "Guard"}, svcCoastGuard},
	{[]string{"Navy"}, svcNavy},
	{[]string{"Army"}, svcArmy},
}

// frenchServices are the French service nouns, folded, followed in prose by
// the country adjective: "marine indienne", "armee de l air indienne".
var frenchServices = []struct {
	words []string
	svc   service
}{
	{[]string{"armee", "de", "l", "air", "et", "de", "l", "espace"}, svcAirForce},
	{[]string{"armee", "de", "l", "air"}, svcAirForce},
	{[]string{"armee", "de", "terre"}, svcArmy},
	{[]string{"forces", "armees"}, svcArmed},
	{[]string{"forces", "aeriennes"}, svcAirForce},
	{[]string{"force", "aerienne"}, svcAirForce},
	{[]string{"garde", "cotiere"}, svcCoastGuard},
	{[]string{"marine"}, svcNavy},
	{[]string{"armee"}, svcArmed},
}

// forceStyle says how one country names its services.
type forceStyle struct {
	adj   string // the adjective in the canonical name
	royal bool   // Royal <adj> Navy / Air Force
	// names overrides whole canonical names by service.
	names map[service]string
}

// forceStyles are the countries whose service names do not follow
// "<Demonym> Navy"; others take the first English word of their line in the
// qualifier table ("Indian", "Polish").
var forceStyles = map[string]forceStyle{
	"AU": {adj: "Australian", royal: true},
	"NZ": {adj: "New Zealand", royal: true, names: map[service]string{svcArmy: "New Zealand Army", svcArmed: "New Zealand Defence Force"}},
	"CA": {adj: "Canadian", royal: true, names: map[service]string{svcArmed: "Canadian Armed Forces"}},
	"NL": {adj: "Netherlands", royal: true, names: map[service]string{svcArmy: "Royal Netherlands Army"}},
	"NO": {adj: "Norwegian", royal: true},
	"DK": {adj: "Danish", royal: true},
	"TH": {adj: "Thai", royal: true, names: map[service]string{svcArmy: "Royal Thai Army"}},
	"MY": {adj: "Malaysian", royal: true},
	"SA": {adj: "Saudi", royal: true, names: map[service]string{svcArmy: "Royal Saudi Land Forces"}},
	"MA": {adj: "Moroccan", royal: true},
	"KR": {adj: "Republic of Korea"},
	"SG": {adj: "Republic of Singapore"},
	"GR": {adj: "Hellenic"},
	"PK": {adj: "Pakistan"},
	"BD": {adj: "Bangladesh"},
	"LK": {adj: "Sri Lanka"},
	"PH": {adj: "Philippine", names: map[service]string{svcArmed: "Armed Forces of the Philippines"}},
	"CN": {adj: "PLA", names: map[service]string{svcArmed: "PLA", svcArmy: "PLA Army"}},
	"JP": {adj: "Japan", names: map[service]string{svcNavy: "JSDF", svcArmy: "JSDF", svcAirForce: "JSDF", svcArmed: "JSDF"}},
	"UA": {adj: "Ukrainian", names: map[service]string{svcArmed: "Armed Forces of Ukraine", svcArmy: "Armed Forces of Ukraine"}},
	"RU": {adj: "Russian", names: map[service]string{svcArmed: "Russian Armed Forces"}},
	"IL": {adj: "Israeli", names: map[service]string{svcArmed: "IDF", svcArmy: "IDF"}},
	"AE": {adj: "UAE"},
	"TW": {adj: "Taiwan"},
}

// firstAdjective maps a country code to the first English word of its
// qualifier line, the default adjective.
var firstAdjective = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(qualifierTable), "\n") {
		f := strings.Fields(line)
		if len(f) > 1 {
			m[f[0]] = strings.TrimPrefix(f[1], "=")
		}
	}
	return m
})

// forceName returns the canonical name of a country's service.
func forceName(country string, svc service) string {
	st, ok := forceStyles[country]
	if !ok {
		st.adj = firstAdjective()[country]
	}
	if n, ok := st.names[svc]; ok {
		return n
	}
	adj := st.adj
	switch svc {
	case svcNavy:
		if st.royal {
			return "Royal " + adj + " Navy"
		}
		return adj + " Navy"
	case svcAirForce:
		if st.royal {
			return "Royal " + adj + " Air Force"
		}
		return adj + " Air Force"
	case svcArmy:
		return adj + " Army"
	case svcMarines:
		return adj + " Marine Corps"
	case svcCoastGuard:
		return adj + " Coast Guard"
	}
	return adj + " Armed Forces"
}

// homeCountries are those whose services the gazetteer names itself (US
// Navy, French Navy, Royal Navy): the patterns leave them to it.
var homeCountries = map[string]bool{"US": true, "FR": true, "GB": true, "EU": true}
