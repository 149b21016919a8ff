package story

import "strings"

// The words clustering compares. Entities and amounts carry most of the
// signal across languages; these small tables let the words of an event
// (contrat/contract, lève/raises, usine/factory) meet too. They are folded
// (lower case, no accents). search/xlang holds the search's big bilingual
// lexicon; this one stays small on purpose: it only has to make the key
// event words of two reports of one story meet.

// stopWords are French and English function words and words every defence
// article uses, which say nothing about which event it reports.
var stopWords = setOf(`
a an the and or but of to in on at by for from with without into over under after before
as is are was were be been being has have had will would could should may might can
this that these those it its their them they he she his her we our you your not no
than then there here who whom which what when where why how all any some more most
other such only own same so very also just about up down out off said says say told
new year years last first next one two three four five six seven eight nine ten per
week month monday tuesday wednesday thursday friday saturday sunday today
including include includes while through during both each between against among
le la les un une des du de d l au aux et ou mais ni car que qui quoi dont ou sur sous
dans par pour avec sans chez entre vers selon contre pendant depuis apres avant
ce cet cette ces son sa ses leur leurs notre nos votre vos il elle ils elles on nous
vous se ne pas plus moins tres aussi ainsi est sont etait ete etre avoir a ont avait
sera seront fait faire doit doivent peut peuvent pourra afin lors dont tout tous toute
toutes autre autres meme deja encore notamment environ pres quelque celui celle ceux
an ans annee annees mois semaine lundi mardi mercredi jeudi vendredi samedi dimanche
premier premiere deux trois quatre cinq six sept huit neuf dix
company firm group societe groupe entreprise official officials
million millions billion billions milliard milliards dollar dollars euro euros
`)

// frToEn maps French key words of defence and AI news to the English word
// an English report of the same event would use.
var frToEn = map[string]string{
	"contrat": "contract", "attribue": "award", "attribuer": "award", "attribution": "award",
	"notifie": "award", "decroche": "win", "remporte": "win", "obtient": "win", "obtenu": "win",
	"confie": "award", "commande": "order", "commander": "order", "lance": "launch", "lancer": "launch",
	"lancement": "launch", "leve": "raise", "levee": "raise", "lever": "raise", "investit": "invest",
	"investira": "invest", "investir": "invest", "investissement": "invest", "usine": "factory",
	"accord": "agreement", "accord-cadre": "framework", "signe": "sign", "signer": "sign",
	"armee": "army", "ministere": "ministry", "logiciel": "software", "plateforme": "platform",
	"artificielle": "artificial", "generative": "generative", "generatif": "generative",
	"modele": "model", "reseau": "network", "classifie": "classified", "renseignement": "intelligence",
	"cible": "target", "ciblage": "targeting", "capteur": "sensor", "donnee": "data", "donnees": "data",
	"chasseur": "fighter", "avion": "aircraft", "appareil": "aircraft", "intercepteur": "interceptor",
	"strategie": "strategy", "sommet": "summit", "allie": "ally", "allies": "ally",
	"desinformation": "disinformation", "interoperabilite": "interoperability",
	"spatial": "space", "spatiale": "space", "espace": "space", "valorisation": "valuation",
	"valorise": "valuation", "vaut": "valuation", "emploi": "job", "fabriquer": "manufacture",
	"produire": "manufacture", "construire": "build", "planification": "planning",
	"commandement": "command", "pilote": "pilot", "projet": "project", "cellule": "cell",
	"combattant": "warfighter", "promesse": "pledge", "engagement": "pledge", "principe": "principle",
	"arme": "weapon", "supprime": "remove", "supprimant": "remove", "negociation": "negotiation",
	"prix": "price", "provisoire": "undefinitized", "stock": "stock", "moderniser": "upgrade",
	"modernisation": "upgrade", "suivant": "track", "suivre": "track", "debri": "debris",
	"autonome": "autonomous", "pilotage": "autonomy", "attaque": "strike", "frappe": "strike",
	"start-up": "startup", "pepite": "startup", "fonds": "fund", "financement": "funding",
	"tour": "round", "levees": "raise", "developper": "develop", "developpement": "develop",
	"prototypes": "prototype", "securite": "security", "nationale": "national", "national": "national",
	"mission": "mission", "administration": "government", "administrations": "government",
	"gouvernement": "government", "experts": "expert", "specialiste": "expert", "specialistes": "expert",
	"accelerateur": "accelerator", "aeronautique": "aerospace", "confiance": "trustworthy",
	"royaume-uni": "uk", "etats-unis": "us", "americain": "us", "americaine": "us",
	"allemande": "german", "allemand": "german", "francaise": "french", "francais": "french",
	"europeen": "european", "europeenne": "european", "ukrainien": "ukrainian", "russe": "russian",
	"brouillage": "jamming", "guidage": "guidance", "terminal": "terminal", "budget": "budget",
	"credits": "funding", "congres": "congress", "parlementaires": "lawmakers", "essai": "testing",
	"formation": "training", "batterie": "battery", "defense": "defense", "sol-air": "air-defense",
	"missiles": "missile", "radars": "radar", "choisit": "pick", "choisi": "select", "implantation": "site",
	"agence": "agency", "bureau": "office", "directions": "services", "etat-major": "staff",
	"traduction": "translation", "redaction": "drafting", "analyse": "analysis",
}

// enForms maps English inflections the 6-letter cut would keep apart.
var enForms = map[string]string{
	"awarded": "award", "awards": "award", "wins": "win", "won": "win", "winning": "win",
	"lands": "win", "landed": "win", "gets": "win", "got": "win", "secures": "win", "secured": "win",
	"receives": "win", "received": "win", "taps": "award", "tapped": "award", "picks": "pick",
	"picked": "pick", "selected": "select", "launches": "launch", "launched": "launch",
	"raised": "raise", "raises": "raise", "raising": "raise", "invests": "invest", "investing": "invest",
	"investment": "invest", "plant": "factory", "facility": "factory", "signs": "sign", "signed": "sign",
	"valued": "valuation", "valuing": "valuation", "values": "valuation", "jobs": "job",
	"build": "build", "building": "build", "builds": "build", "make": "manufacture", "produce": "manufacture",
	"production": "manufacture", "models": "model", "networks": "network", "drones": "drone",
	"weapons": "weapon", "targets": "target", "sensors": "sensor", "jets": "fighter", "jet": "fighter",
	"interceptors": "interceptor", "allies": "ally", "allied": "ally", "startup": "startup",
	"deal": "contract", "award": "award", "purchase": "order", "orders": "order", "ordered": "order",
	"prototyping": "prototype", "experts": "expert", "specialists": "expert", "agents": "agent",
	"missiles": "missile", "batteries": "battery", "pledge": "pledge", "promised": "pledge",
	"principles": "principle", "removing": "remove", "removed": "remove", "upgrades": "upgrade",
	"tracking": "track", "tracks": "track", "autonomy": "autonomy", "pilots": "pilot",
}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// commonCapitals are capitalised words of defence news that name no
// particular programme or place: services, titles, agency name parts.
var commonCapitals = setOf(`
army navy air force forces marine marines corps space guard pentagon department defense defence
ministry ministere armees armee office chief digital artificial intelligence innovation unit
agency command joint program programme secretary general president minister ministre
united states state us usa uk america american europe european french france british
congress senate house white washington-based
january february march april may june july august september october november december
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
the les la le
`)
