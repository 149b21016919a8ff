package entity

import "strings"

// Word lists of the pattern recogniser (patterns.go). Words are compared in
// their accent-folded form with case ("Societe" for "Société") unless a
// comment says otherwise.

func fields(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// setOf is fields for entries of several words.
func setOf(entries ...string) map[string]bool {
	m := make(map[string]bool, len(entries))
	for _, e := range entries {
		m[e] = true
	}
	return m
}

// legalForms end a company name: "Inc.", "LLC", "S.A.", "GmbH". Dotted forms
// arrive merged by the tokenizer ("S.A." reads "SA", "S.p.A." "SpA").
var legalForms = fields(`Inc Incorporated LLC Corp Corporation Co Ltd Limited PLC plc Plc LLP LP
	SA SAS SASU SARL SE GmbH AG AB ASA SpA NV BV Oy Oyj Pty Srl SRL KG KGaA AS Sarl Sas`)

// shortLegalForms are legal forms that are also common abbreviations ("AG"
// the attorney general, "SE" south-east): they count only when the next word
// does not continue a capitalised name ("Siemens AG said", not "New York AG
// Letitia James").
var shortLegalForms = fields(`SA SE AG AB AS NV BV KG Co`)

// commaLegalForms may follow the name after a comma: "North Wind Site
// Services, LLC", "Acme, Inc.".
var commaLegalForms = fields(`Inc LLC Ltd LLP LP Corp PLC plc`)

// connectors may join the words of a capitalised name, written in lower
// case: "Space and Missile Defense Center", "Department of Veterans Affairs",
// "Office of the Secretary of Defense", "Société nationale des poudres".
var connectors = fields(`and of for the on de du des et la le d l en pour &`)

// legalConnectors may join the words of a name before a legal form
// ("Science and Engineering Associates Inc.", "Bank of America Corp.");
// cueConnectors those of a name after a cue.
var legalConnectors = fields(`and & of de du des et`)
var cueConnectors = fields(`&`)

// govLeftConnectors join the words before a public body's head noun: "Space
// and Missile Defense Center"; "of the" belongs after the head ("Office of
// the Secretary of Defense"), never before it ("Airmen of the ... Guard").
var govLeftConnectors = fields(`and of for on &`)

// genericModifiers make a two-word "<word> Command" a kind of command, not
// a name.
var genericModifiers = fields(`Combatant Component Unified Subordinate Major Service Systems Domain Regional
	Functional Geographic Operational Theater Theatre Higher Parent Senior Headquarters Our Their Its Your
	Major Joint`)

// runBreakers are capitalised words that never begin or continue a name:
// function words capitalised at a sentence start or in a title-case
// headline, titles before a person's name, days and months.
var runBreakers = fields(`The A An This That These Those Its It Their Our His Her Your My We They He She
	To For In On At By With From Of And Or But As If When While After Before Under Over Into Since Until
	During Through Between Among Against Without Within About Also Meanwhile However Today Yesterday
	Tomorrow Last Next Earlier Later Now Then Here There Each Every All Both Other Another Such No Not
	According Following Including Despite Although Though Because Once Where Which Who What How Why
	Le La Les L Un Une Des Du De D Au Aux En Dans Pour Par Avec Sur Sous Selon Cette Ce Ces Cet Son Sa Ses
	Leur Leurs Notre Nos Votre Vos Apres Avant Depuis Lors Mais Et Ou Ainsi Enfin Aussi Alors Puis
	Pendant Chez Vers Contre Sans Entre Parmi Comme Quand Si Il Elle Ils Elles On Nous Vous Qui Que
	CEO CTO CFO COO President Chairman Chairwoman Chief Director Founder Cofounder Co-founder Secretary
	Minister Spokesman Spokeswoman Spokesperson Commander General Admiral Colonel Captain Lieutenant
	Sergeant Major Officer Manager Senator Representative Rep Sen Gov Governor Mayor Ambassador Deputy
	Under Assistant Vice Acting Former Senior Top Then-Secretary Professor Associate Adjunct Mr Mrs Ms Dr Prof Sir Dame Lt Col Gen Adm Capt Cmdr Sgt Maj
	M Mme Mlle Me Pr PDG Directeur Directrice Ministre Président Presidente President Secretaire Porte
	Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
	July August September October November December Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche
	Janvier Fevrier Mars Avril Mai Juin Juillet Aout Septembre Octobre Novembre Decembre
	Contract Contracts Award Awards Awarded Says Said`)

// firstNames are common given names (English and French), so that a
// capitalised pair after a company cue ("startup founder Jane Doe", "awarded
// John Smith") is read as a person.
var firstNames = fields(`James John Robert Michael William David Richard Joseph Thomas Charles Christopher
	Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy
	Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon
	Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam
	Henry Nathan Douglas Zachary Peter Kyle Walter Ethan Jeremy Harold Keith Christian Roger Noah Gerald
	Carl Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan Joe Jordan Billy Bruce Albert Willie Gabriel
	Logan Alan Juan Wayne Roy Ralph Randy Eugene Vincent Russell Elijah Louis Bobby Philip Johnny Lloyd
	Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret
	Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca
	Sharon Laura Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha
	Katherine Christine Debra Rachel Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie
	Joyce Victoria Olivia Kelly Christina Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha
	Jacqueline Frances Gloria Ann Teresa Kathryn Sara Janice Jean Alice Madison Doris Abigail Julia
	Judy Grace Denise Amber Marilyn Beverly Danielle Theresa Sophia Marie Diana Brittany Natalie Isabella
	Charlotte Rose Alexis Kayla Pete Lloyd Mike Jim Bill Bob Tom Dan Dave Chris Tony Steve Jeff Greg
	Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Laurent Frederic Stephane Eric Olivier
	Thierry Francois Sebastien Jerome Julien Didier Pascal Bruno Gilles Yves Bernard Emmanuel Guillaume
	Antoine Vincent Arnaud Mathieu Xavier Hugues Herve Lionel Benoit Cedric Fabrice Franck Ludovic Marc
	Sylvain Thibault Hugo Lucas Louis Jules Arthur Gabriel Raphael Leo Paul Maxime Clement Adrien Baptiste
	Florian Romain Quentin Alexandre Sophie Nathalie Isabelle Sylvie Catherine Valerie Christine Sandrine
	Stephanie Celine Veronique Aurelie Camille Claire Emilie Julie Florence Helene Anne Agnes Caroline
	Elodie Juliette Manon Chloe Ines Lea Sarah Alice Louise Jeanne Margaux Elisabeth Delphine Beatrice
	Sebastien Francoise Genevieve Jacques Henri Rene Andre Marcel Roland Serge Daniel Gerard Claude
	Florence Agnes Segolene Florence Gaelle Amelie Benedicte Emmanuelle Geraldine Pauline Mathilde`)

// companyCues are lower-case nouns (and French participles) after which a
// capitalised name is a company: "defense startup Hadrian", "la jeune pousse
// Comand AI", "attribué à Naval Group". Values say what must follow: nil the
// name directly, else one of the listed words first.
var companyCues = map[string][]string{
	"startup": nil, "firm": nil, "contractor": nil, "subcontractor": nil, "shipbuilder": nil, "manufacturer": nil,
	"supplier": nil, "vendor": nil, "automaker": nil, "chipmaker": nil, "integrator": nil, "subsidiary": nil,
	"company": nil, "airframer": nil, "conglomerate": nil,
	"societe": nil, "entreprise": nil, "pousse": nil, "pme": nil, "eti": nil, "industriel": nil, "equipementier": nil,
	"constructeur": nil, "fabricant": nil, "motoriste": nil, "missilier": nil, "chantier": nil, "editeur": nil,
	"pepite": nil, "licorne": nil, "filiale": nil, "groupe": nil, "sous-traitant": nil, "fournisseur": nil,
	"prestataire": nil, "avionneur": nil, "electronicien": nil, "helicopteriste": nil, "fonds": nil, "fund": nil,
	"maker":   nil,
	"notifie": {"a", "au", "aux"}, "notifiee": {"a", "au", "aux"}, "notifies": {"a", "au", "aux"}, "notifiees": {"a", "au", "aux"},
	"attribue": {"a", "au", "aux"}, "attribuee": {"a", "au", "aux"}, "attribues": {"a", "au", "aux"}, "attribuees": {"a", "au", "aux"},
	"confie": {"a", "au", "aux"}, "confiee": {"a", "au", "aux"}, "confies": {"a", "au", "aux"}, "confiees": {"a", "au", "aux"},
	"commande": {"a", "au", "aux"}, "commandee": {"a", "au", "aux"}, "commandes": {"a", "au", "aux"}, "commandees": {"a", "au", "aux"},
	"remporte": {"par"}, "remportee": {"par"}, "remportes": {"par"}, "remportees": {"par"},
	"adjuge": {"a", "au", "aux"}, "adjugee": {"a", "au", "aux"},
	"dba": nil, "d.b.a": nil,
	"contractors": {"at"}, "subcontractors": {"at"}, "suppliers": {"at"},
	"awarded": {"to"}, "contract": {"to"}, "contracts": {"to"}, "order": {"to"}, "orders": {"to"},
}

// sitePrefixes open the names of places people work at ("contractors at
// Fort Bragg", "suppliers at Camp Lemonnier"), where "at" names no employer.
var sitePrefixes = fields(`Fort Camp Joint Naval Air Marine Army Mount Lake Port Cape Base Station Site`)

// cueSkip are the words that may stand between a cue and the name:
// "attribué à la société X", "filiale du belge X".
var cueSkip = fields(`la le les l du de d`)

// govHeads are the head nouns of public bodies' names: "Air Force Reserve
// Command", "Combined Air and Space Operations Center".
var govHeads = fields(`Command Agency Directorate Administration Bureau Commission Committee Council
	Center Centre Laboratory Laboratories Academy Garrison Depot Arsenal Shipyard District Activity Staff
	Guard Office Department Ministry Service Headquarters School Authority`)

// strongGovHeads name a public body by themselves; the others (Center,
// Office, Service...) need a government word in the name.
var strongGovHeads = fields(`Command Directorate Garrison Shipyard`)

// govMarkers are words that make a capitalised name with a head noun a
// public body: "Space and Missile Defense Center of Excellence".
var govMarkers = fields(`US USA United States Army Navy Naval Air Marine Marines Space Defense Defence
	Joint Combined Military Federal National Missile Combat Forces Force Coast Homeland Justice Health
	Treasury Commerce Interior Transportation Education Labor Agriculture Energy Security Intelligence
	Cyber Strategic Special Operations Veterans Pentagon Secretary Warfare Fleet Expeditionary Ordnance
	Materiel Sustainment Reserve Contracting Undersea Submarine Aviation Port County City State`)

// govOfHeads take an "of ..." complement that belongs to the name:
// "Department of Veterans Affairs", "Center of Excellence".
var govOfHeads = fields(`Department Ministry Office Center Centre Bureau Secretary`)

// siteHeads end the site of a sub-unit: "Army Contracting Command-Redstone
// Arsenal", "Garrison-Kwajalein Atoll".
var siteHeads = fields(`Arsenal Atoll Ground Base Island Islands Station Yard`)

// regions name the regional sub-commands of an agency: "NAVFAC Northwest",
// "NAVSUP Fleet Logistics Center Norfolk" aside.
var regions = fields(`Northwest Southwest Northeast Southeast Midwest Mid-Atlantic Atlantic Pacific Europe
	Africa Central Hawaii Marianas Washington Southeast Korea Japan Guam Gulf EXWC WSS FLC`)

// ordinals spelt out, for numbered fleets and armies.
var ordinalWords = map[string]int{
	"First": 1, "Second": 2, "Third": 3, "Fourth": 4, "Fifth": 5, "Sixth": 6, "Seventh": 7, "Eighth": 8,
	"Ninth": 9, "Tenth": 10, "Eleventh": 11, "Twelfth": 12, "Thirteenth": 13, "Fourteenth": 14,
	"Fifteenth": 15, "Sixteenth": 16, "Seventeenth": 17, "Eighteenth": 18, "Nineteenth": 19, "Twentieth": 20,
}

// usStates name the states whose National Guard is its own body.
var usStates = []string{"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
	"Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
	"Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri",
	"Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
	"North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
	"South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
	"West Virginia", "Wisconsin", "Wyoming", "Puerto Rico", "Guam"}

// companyHeads end the names of companies in English: "Crestline
// Autonomy", "Harbor Point Ventures", "Millennium Space Systems".
var companyHeads = fields(`Ventures Capital Partners Holdings Industries Technologies Solutions
	Robotics Aerospace Dynamics Electronics Analytics Engineering Construction Networks Semiconductor
	Semiconductors Shipbuilding Composites Sensors Instruments Avionics Munitions Microsystems Photonics
	Motors Autonomy AI Shipyards Manufacturing Innovations Biotech Optics Materials Associates Consulting`)

// genericTails end a capitalised run that names a kind of company, not one:
// "Sheffield SME" in a title-case headline.
var genericTails = fields(`SME SMEs PME PMEs Startup Start-up Firm Company Companies Contractor Group`)

// byCues are participles after which "by"/"par" introduces a maker or a
// supplier: "built by Boeing Defence Australia", "conçu par la start-up
// Aldoria", "fourni par Hewlett Packard Enterprise et Orange".
var byCues = fields(`built developed made manufactured supplied produced designed delivered provided
	conçu concu conçue concue conçus concus fourni fournie fournis fournies porte portee portes developpe
	developpee developpes fabrique fabriquee fabriques produit produite produits livre livree livres
	realise realisee mene menee propose proposee equipe equipee`)

// namingCues introduce a name after a company noun: "a firm called
// Crestline Autonomy", "une société baptisée X".
var namingCues = fields(`called named dubbed baptise baptisee nomme nommee appele appelee`)

// frenchStops end a French institution's name: verbs, pronouns and
// prepositions that start the rest of the sentence.
var frenchStops = fields(`a ai as avait avaient est sont ont etait etaient sera seront va vont vient
	viennent qui que qu dont ou pour sur dans avec par a au aux en un une ce cette cet ces son sa ses
	leur leurs lors selon depuis entre afin ainsi mais ne n se s y il elle ils elles on cela plus tres
	deja doit doivent peut peuvent fait font avoir etre apres avant contre chez vers sans sous lui
	the and of to in for on at by with from is was are were has have said says`)

// frenchGovHeads begin the names of French public bodies, capitalised as
// French writes them: "Direction de la maintenance aéronautique",
// "Tribunal administratif de Bordeaux", "Commission de la Défense".
var frenchGovHeads = fields(`Commission Tribunal Cour Conseil Direction Service Agence Office Centre
	Commandement Inspection Delegation Secretariat Atelier Etablissement Region Prefecture Autorite
	Structure Ecole Haut-commissariat Ministere Section Bureau Sous-direction`)

// frenchLowerHeads are head nouns French writes in lower case before a
// capitalised complement: "le tribunal administratif de Bordeaux", "la
// commission de la Défense".
var frenchLowerHeads = fields(`commission tribunal cour conseil`)

// attributiveNouns, after a capitalised phrase, show that it qualifies them
// rather than names a company: "an Advanced Automation Manufacturing
// project", "the Integrated Air Defense Systems program".
var attributiveNouns = fields(`project projects program programs programme programmes initiative effort
	efforts office team teams contract contracts capability capabilities sector industry market
	technology approach standard line cell hub center centre course concept pilot prototype
	projet projets programme programmes initiative marche filiere secteur`)

// placeWords, with country words, make up the names of countries: "South
// Korea", "United Arab Emirates", "Republic of Korea".
var placeWords = fields(`North South East West New United Saudi Arab Emirates States Kingdom Republic
	Sri Costa Czech Ivory Coast Democratic People's Islamic of the`)

// subsidiaryHeads end the name of a known company's subsidiary: "Nexter
// Munitions", "Boeing Defence Australia".
var subsidiaryHeads = fields(`Munitions Defence Defense Electronics Helicopters Shipyards Shipbuilding
	Avionics Optronics Sensors Missiles Vehicles Satellites`)

// usaceDistrictSeats are the cities the Corps of Engineers' districts are
// named for, as contract announcements write their seat ("U.S. Army Corps of
// Engineers, Mobile, Alabama, is the contracting activity" is the Mobile
// District).
var usaceDistrictSeats = setOf(
	"Albuquerque", "Anchorage", "Baltimore", "Buffalo", "Charleston", "Chicago", "Detroit",
	"Fort Worth", "Galveston", "Honolulu", "Huntington", "Jacksonville", "Kansas City",
	"Little Rock", "Los Angeles", "Louisville", "Memphis", "Mobile", "Nashville",
	"New Orleans", "New York", "Norfolk", "Omaha", "Philadelphia", "Pittsburgh", "Portland",
	"Rock Island", "Sacramento", "San Francisco", "Savannah", "Seattle", "St. Louis", "St Louis",
	"St. Paul", "St Paul", "Tulsa", "Vicksburg", "Walla Walla", "Wilmington",
)
