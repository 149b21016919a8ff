package entity

import (
	"strings"
	"sync"
)

// qualifierTable lists, per country code, the words that qualify a generic
// name as that country's: English and French demonyms in every inflection,
// and country names ("Russia's Navy"). Words are folded when parsed, so
// accents are optional. Words starting with "=" match only as written:
// "US" is a country, "us" a pronoun. Only words that directly touch a generic
// name are consulted, so a word that is also a common noun costs little.
const qualifierTable = `
US American America Amérique américain américaine américains américaines =US =USA
FR French France français française françaises
GB British Britain Britannique Britanniques britannique britanniques =UK =GB
DE German Germany allemand allemande allemands allemandes Allemagne
IT Italian Italy italien italienne italiens italiennes Italie
ES Spanish Spain espagnol espagnole espagnols espagnoles Espagne
NL Dutch Netherlands néerlandais néerlandaise néerlandaises
BE Belgian Belgium belge belges Belgique
PL Polish Poland polonais polonaise polonaises Pologne
SE Swedish Sweden suédois suédoise suédoises Suède
NO Norwegian Norway norvégien norvégienne norvégiens norvégiennes Norvège
FI Finnish Finland finlandais finlandaise finlandaises Finlande
DK Danish Denmark danois danoise danoises Danemark
EE Estonian Estonia estonien estonienne estoniens estoniennes Estonie
LV Latvian Latvia letton lettone lettons lettones Lettonie
LT Lithuanian Lithuania lituanien lituanienne lituaniens lituaniennes Lituanie
CZ Czech Czechia tchèque tchèques Tchéquie
SK Slovak Slovakia slovaque slovaques Slovaquie
HU Hungarian Hungary hongrois hongroise hongroises Hongrie
RO Romanian Romania roumain roumaine roumains roumaines Roumanie
BG Bulgarian Bulgaria bulgare bulgares Bulgarie
GR Greek Greece Hellenic grec grecque grecs grecques Grèce hellénique helléniques
HR Croatian Croatia croate croates Croatie
RS Serbian Serbia serbe serbes Serbie
TR Turkish Turkey Türkiye turc turque turcs turques Turquie
PT Portuguese Portugal portugais portugaise portugaises
CH Swiss Switzerland suisse suisses Suisse
AT Austrian Austria autrichien autrichienne autrichiens autrichiennes Autriche
IE Irish Ireland irlandais irlandaise irlandaises Irlande
CA Canadian Canada canadien canadienne canadiens canadiennes
AU Australian Australia australien australienne australiens australiennes Australie
NZ Zealand zélandais zélandaise zélandaises
JP Japanese Japan japonais japonaise japonaises Japon
KR Korean Korea coréen coréenne coréens coréennes Corée =ROK
KP =DPRK
CN Chinese China chinois chinoise chinoises Chine =PRC
TW Taiwanese Taiwan taïwanais taïwanaise taïwanaises Taïwan
IN Indian India indien indienne indiens indiennes Inde
PK Pakistani Pakistan pakistanais pakistanaise pakistanaises
BD Bangladeshi Bangladesh bangladais bangladaise
LK Lankan
IL Israeli Israel israélien israélienne israéliens israéliennes Israël
UA Ukrainian Ukraine ukrainien ukrainienne ukrainiens ukrainiennes
RU Russian Russia Soviet russe russes Russie soviétique soviétiques
BY Belarusian Belarus biélorusse biélorusses Biélorussie
GE Georgian géorgien géorgienne
AM Armenian Armenia arménien arménienne Arménie
AZ Azerbaijani Azerbaijan azerbaïdjanais azerbaïdjanaise Azerbaïdjan
KZ Kazakh Kazakhstan kazakh kazakhe
IR Iranian Iran iranien iranienne iraniens iraniennes
IQ Iraqi Iraq irakien irakienne irakiens irakiennes Irak
SY Syrian Syria syrien syrienne syriens syriennes Syrie
LB Lebanese Lebanon libanais libanaise libanaises Liban
JO Jordanian jordanien jordanienne jordaniens jordaniennes
SA Saudi saoudien saoudienne saoudiens saoudiennes
AE Emirati émirati émiratie émiratis émiraties =UAE
QA Qatari qatari qatarie qataris qatarien qatarienne
YE Yemeni Yemen yéménite yéménites Yémen
EG Egyptian Egypt égyptien égyptienne égyptiens égyptiennes Égypte
LY Libyan Libya libyen libyenne libyens libyennes Libye
TN Tunisian Tunisia tunisien tunisienne tunisiens tunisiennes Tunisie
DZ Algerian Algeria algérien algérienne algériens algériennes Algérie
MA Moroccan Morocco marocain marocaine marocains marocaines Maroc
SD Sudanese Sudan soudanais soudanaise
ET Ethiopian Ethiopia éthiopien éthiopienne Éthiopie
KE Kenyan Kenya kényan kényane
NG Nigerian Nigeria nigérian nigériane nigérians nigérianes Nigéria
ML Malian Mali malien malienne maliens maliennes
BR Brazilian Brazil brésilien brésilienne brésiliens brésiliennes Brésil
MX Mexican Mexico mexicain mexicaine mexicains mexicaines Mexique
AR Argentine Argentinian Argentina argentin argentine argentins argentines Argentine
CL Chilean chilien chilienne chiliens chiliennes
CO Colombian Colombia colombien colombienne colombiens colombiennes Colombie
VE Venezuelan Venezuela vénézuélien vénézuélienne Venezuela
CU Cuban Cuba cubain cubaine cubains cubaines
ID Indonesian Indonesia indonésien indonésienne indonésiens indonésiennes Indonésie
PH Philippine Filipino Philippines philippin philippine philippins philippines
VN Vietnamese Vietnam vietnamien vietnamienne vietnamiens vietnamiennes Viêt
TH Thai Thailand thaïlandais thaïlandaise thaïlandaises Thaïlande
MY Malaysian Malaysia malaisien malaisienne malaisiens malaisiennes Malaisie
SG Singaporean Singapore singapourien singapourienne Singapour
MM Burmese Myanmar birman birmane
AF Afghan Afghanistan afghan afghane afghans afghanes
MN Mongolian Mongolia mongol mongole Mongolie
EU European européen européenne européens européennes =EU
`

// qualifiers is qualifierTable parsed: folded words and exact words.
type qualifiers struct {
	folded map[string]string
	exact  map[string]string
}

var qualifierIndex = sync.OnceValue(func() qualifiers {
	q := qualifiers{folded: make(map[string]string), exact: make(map[string]string)}
	var ts tokens
	for _, line := range strings.Split(strings.TrimSpace(qualifierTable), "\n") {
		fields := strings.Fields(line)
		country := fields[0]
		for _, w := range fields[1:] {
			exact := strings.HasPrefix(w, "=")
			ts.scan(strings.TrimPrefix(w, "="))
			if len(ts.toks) != 1 {
				panic("entity: qualifier table: " + w + " is not one word")
			}
			if exact {
				q.exact[string(ts.exactOf(0))] = country
			} else {
				q.folded[string(ts.fold(0))] = country
			}
		}
	}
	return q
})

// qualifier returns the country that token i names as an adjective or a
// name: "Indian", "indienne", "India", "UK".
func (ts *tokens) qualifier(i int) (string, bool) {
	q := qualifierIndex()
	if c, ok := q.exact[string(ts.exactOf(i))]; ok {
		return c, true
	}
	c, ok := q.folded[string(ts.fold(i))]
	return c, ok
}
