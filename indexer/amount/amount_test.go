package amount

import (
	"testing"
)

// testRates are round figures so expected USD values can be checked by hand.
var testRates = Rates{
	"USD": 1, "EUR": 1.1, "GBP": 1.25, "CAD": 0.75, "AUD": 0.65, "JPY": 0.0065,
	"CHF": 1.1, "INR": 0.012, "KRW": 0.00075, "ILS": 0.27, "SEK": 0.09,
	"TWD": 0.031, "PLN": 0.25, "CNY": 0.14,
}

// want is one expected amount.
type want struct {
	text     string
	value    float64
	currency string
	usd      float64
}

type moneyCase struct {
	text  string
	wants []want
}

// englishMoney are money expressions in English news sentences.
var englishMoney = []moneyCase{
	{"OpenAI signs a $200M contract with the DoD's CDAO.", []want{{"$200M", 200000000, "USD", 200000000}}},
	{"The Pentagon awarded Anduril a $1.5 billion deal for autonomous drones.", []want{{"$1.5 billion", 1500000000, "USD", 1500000000}}},
	{"Palantir won a US$480 million Army contract on Thursday.", []want{{"US$480 million", 480000000, "USD", 480000000}}},
	{"The Army issued a not-to-exceed $624.601M firm fixed price contract.", []want{{"$624.601M", 624601000, "USD", 624601000}}},
	{"The $54,294,000 contract was awarded to Garco Construction.", []want{{"$54,294,000", 54294000, "USD", 54294000}}},
	{"Lockheed Martin reported third quarter 2025 sales of $18.6 billion.", []want{{"$18.6 billion", 18600000000, "USD", 18600000000}}},
	{"BAE Systems won a £2.3 billion contract from the Ministry of Defence.", []want{{"£2.3 billion", 2300000000, "GBP", 2875000000}}},
	{"Helsing raised €600m in a round led by Prima Materia.", []want{{"€600m", 600000000, "EUR", 660000000}}},
	{"Canada will spend C$2.7 billion on new over-the-horizon radars.", []want{{"C$2.7 billion", 2700000000, "CAD", 2025000000}}},
	{"Australia committed A$1.3 billion to Ghost Shark uncrewed submarines.", []want{{"A$1.3 billion", 1300000000, "AUD", 845000000}}},
	{"Japan's defense budget reached ¥8.7 trillion this year.", []want{{"¥8.7 trillion", 8700000000000, "JPY", 56550000000}}},
	{"The ministry set aside 7.9 trillion yen for fiscal 2025.", []want{{"7.9 trillion yen", 7900000000000, "JPY", 51350000000}}},
	{"Switzerland approved CHF 6 billion for 36 F-35A jets.", []want{{"CHF 6 billion", 6000000000, "CHF", 6600000000}}},
	{"The startup posted revenue of USD 3.2m in its first year.", []want{{"USD 3.2m", 3200000, "USD", 3200000}}},
	{"The estimated $54.2 million project will build fuel storage tanks.", []want{{"$54.2 million", 54200000, "USD", 54200000}}},
	{"Up to $9.8 billion could flow to Lockheed Martin Missiles and Fire Control.", []want{{"$9.8 billion", 9800000000, "USD", 9800000000}}},
	{"The startup closed a $1.2-billion round in March.", []want{{"$1.2-billion", 1200000000, "USD", 1200000000}}},
	{"Analysts expect a $500 million-plus follow-on order.", []want{{"$500 million", 500000000, "USD", 500000000}}},
	{"The Navy signed a 5-million-dollar deal for AI-enabled maintenance tools.", []want{{"5-million-dollar", 5000000, "USD", 5000000}}},
	{"The cyber team conducted a total of nearly $250,000 worth of penetration tests.", []want{{"$250,000", 250000, "USD", 250000}}},
	{"Scale AI's task order is valued at $99.5 million.", []want{{"$99.5 million", 99500000, "USD", 99500000}}},
	{"Over a decade the program could cost one billion dollars.", []want{{"one billion dollars", 1000000000, "USD", 1000000000}}},
	{"Congress added a billion dollars for counter-drone systems.", []want{{"a billion dollars", 1000000000, "USD", 1000000000}}},
	{"Half a billion dollars will go to the Replicator initiative.", []want{{"Half a billion dollars", 500000000, "USD", 500000000}}},
	{"The agency budgeted two hundred million dollars for artificial intelligence.", []want{{"two hundred million dollars", 200000000, "USD", 200000000}}},
	{"India's Defence Acquisition Council cleared deals worth Rs 54,000 crore.", []want{{"Rs 54,000 crore", 540000000000, "INR", 6480000000}}},
	{"The ministry approved procurement worth ₹1,50,000 crore over five years.", []want{{"₹1,50,000 crore", 1500000000000, "INR", 18000000000}}},
	{"Hanwha Aerospace signed a 3 trillion won contract with Poland.", []want{{"3 trillion won", 3000000000000, "KRW", 2250000000}}},
	{"Israel's defense ministry signed a NIS 2 billion deal with Elbit.", []want{{"NIS 2 billion", 2000000000, "ILS", 540000000}}},
	{"Sweden will invest 5 billion Swedish kronor in drones and air defence.", []want{{"5 billion Swedish kronor", 5000000000, "SEK", 450000000}}},
	{"Microsoft's $10bn JEDI award was cancelled in 2021.", []want{{"$10bn", 10000000000, "USD", 10000000000}}},
	{"The request tops $1.5T for fiscal 2027.", []want{{"$1.5T", 1500000000000, "USD", 1500000000000}}},
	{"Dredging of the Detroit River was awarded for about $640,500 in June.", []want{{"$640,500", 640500, "USD", 640500}}},
	{"GAAP earnings were $6.95 per share.", []want{{"$6.95", 6.95, "USD", 6.95}}},
	{"The Treasury approved a grant of £1,200m for the programme.", []want{{"£1,200m", 1200000000, "GBP", 1500000000}}},
	{"The company reported a record backlog of $179bn.", []want{{"$179bn", 179000000000, "USD", 179000000000}}},
	{"The frigate deal is worth 2.3 billion pounds over ten years.", []want{{"2.3 billion pounds", 2300000000, "GBP", 2875000000}}},
	{"Ottawa's radar deal is worth 300 million Canadian dollars.", []want{{"300 million Canadian dollars", 300000000, "CAD", 225000000}}},
	{"Taipei will buy loitering munitions for NT$10 billion.", []want{{"NT$10 billion", 10000000000, "TWD", 310000000}}},
	{"It is a $9B bet on autonomy.", []want{{"$9B", 9000000000, "USD", 9000000000}}},
	{"The sale totals US $750 million, including spare parts.", []want{{"US $750 million", 750000000, "USD", 750000000}}},
	{"PENTAGON AWARDS $5 MILLION AI CONTRACT TO STARTUP", []want{{"$5 MILLION", 5000000, "USD", 5000000}}},
	{"The settlement paid 1 million pounds sterling to the families.", []want{{"1 million pounds sterling", 1000000, "GBP", 1250000}}},
	{"Free cash flow was $4.0\nbillion in the quarter.", []want{{"$4.0\nbillion", 4000000000, "USD", 4000000000}}},
	{"Warsaw signed for 10 billion zlotys of K2 tanks.", []want{{"10 billion zlotys", 10000000000, "PLN", 2500000000}}},
	{"Beijing raised military spending to 1.78 trillion yuan.", []want{{"1.78 trillion yuan", 1780000000000, "CNY", 249200000000}}},
}

// frenchMoney are money expressions in French news sentences.
var frenchMoney = []moneyCase{
	{"OpenAI signe un contrat de 200 millions de dollars avec le Département de la Défense.", []want{{"200 millions de dollars", 200000000, "USD", 200000000}}},
	{"Le contrat, d'un montant de 1,5 milliard d’euros, a été notifié par la DGA.", []want{{"1,5 milliard d’euros", 1500000000, "EUR", 1650000000}}},
	{"Mistral AI lève 600 millions d'euros auprès de ses investisseurs.", []want{{"600 millions d'euros", 600000000, "EUR", 660000000}}},
	{"Helsing a levé 600 M€ en juin.", []want{{"600 M€", 600000000, "EUR", 660000000}}},
	{"La loi de programmation militaire prévoit 413 milliards d'euros sur 2024-2030.", []want{{"413 milliards d'euros", 413000000000, "EUR", 454300000000}}},
	{"Le ministère a commandé des drones pour 480\u00a0000 euros.", []want{{"480\u00a0000 euros", 480000, "EUR", 528000}}},
	{"Le marché s'élève à 480\u202f000\u00a0€ hors taxes.", []want{{"480\u202f000\u00a0€", 480000, "EUR", 528000}}},
	{"Thales a décroché un contrat de 3,2 M€ pour la cybersécurité.", []want{{"3,2 M€", 3200000, "EUR", 3520000}}},
	{"Le Pentagone a signé pour 200 M$ avec Anduril.", []want{{"200 M$", 200000000, "USD", 200000000}}},
	{"Les investissements atteindront 15 Md€ d'ici 2030.", []want{{"15 Md€", 15000000000, "EUR", 16500000000}}},
	{"Airbus annonce une commande de 2 Mds€ pour des drones.", []want{{"2 Mds€", 2000000000, "EUR", 2200000000}}},
	{"Le programme coûtera 1 234 567,89 € selon la Cour des comptes.", []want{{"1 234 567,89 €", 1234567.89, "EUR", 1358024.68}}},
	{"La facture finale atteint 1.234.567,89 euros.", []want{{"1.234.567,89 euros", 1234567.89, "EUR", 1358024.68}}},
	{"La Suisse débloque 500 millions de francs suisses pour la défense sol-air.", []want{{"500 millions de francs suisses", 500000000, "CHF", 550000000}}},
	{"Londres investit 2,5 milliards de livres sterling dans les drones.", []want{{"2,5 milliards de livres sterling", 2500000000, "GBP", 3125000000}}},
	{"Tokyo consacre 2 000 milliards de yens à la défense antimissile.", []want{{"2 000 milliards de yens", 2000000000000, "JPY", 13000000000}}},
	{"Ottawa achète pour 300 millions de dollars canadiens de radars.", []want{{"300 millions de dollars canadiens", 300000000, "CAD", 225000000}}},
	{"Canberra engage 3 milliards de dollars australiens dans l'IA.", []want{{"3 milliards de dollars australiens", 3000000000, "AUD", 1950000000}}},
	{"Le projet est évalué à un milliard d'euros.", []want{{"un milliard d'euros", 1000000000, "EUR", 1100000000}}},
	{"Le fonds atteindra deux milliards de dollars en 2026.", []want{{"deux milliards de dollars", 2000000000, "USD", 2000000000}}},
	{"L'État versera un milliard et demi d'euros à l'industrie.", []want{{"un milliard et demi d'euros", 1500000000, "EUR", 1650000000}}},
	{"Une enveloppe d'un demi-milliard de dollars est prévue.", []want{{"un demi-milliard de dollars", 500000000, "USD", 500000000}}},
	{"Le montant atteint 1 billion d'euros selon l'OCDE.", []want{{"1 billion d'euros", 1000000000000, "EUR", 1100000000000}}},
	{"La dette fédérale dépasse 2 billions de dollars.", []want{{"2 billions de dollars", 2000000000000, "USD", 2000000000000}}},
	{"Le contrat québécois porte sur 1,2 G$.", []want{{"1,2 G$", 1200000000, "USD", 1200000000}}},
	{"La jeune pousse a levé 500 k€ auprès de business angels.", []want{{"500 k€", 500000, "EUR", 550000}}},
	{"Le groupe annonce 200 millions de dollars US de commandes.", []want{{"200 millions de dollars US", 200000000, "USD", 200000000}}},
	{"Le contrat est chiffré à 3 millions de dollars américains.", []want{{"3 millions de dollars américains", 3000000, "USD", 3000000}}},
	{"Le montant s'élève à 2.500 millions d'euros.", []want{{"2.500 millions d'euros", 2500000000, "EUR", 2750000000}}},
	{"Le démonstrateur a coûté 1,250 milliard d'euros.", []want{{"1,250 milliard d'euros", 1250000000, "EUR", 1375000000}}},
	{"Une amende de 2000 euros a été infligée au sous-traitant.", []want{{"2000 euros", 2000, "EUR", 2200}}},
	{"La Pologne signe pour 10 milliards de zlotys de chars K2.", []want{{"10 milliards de zlotys", 10000000000, "PLN", 2500000000}}},
	{"Séoul investit 3 000 milliards de wons dans les drones.", []want{{"3 000 milliards de wons", 3000000000000, "KRW", 2250000000}}},
	{"Le contrat atteint 1,5 Md$ selon Reuters.", []want{{"1,5 Md$", 1500000000, "USD", 1500000000}}},
	{"Cinquante millions d'euros seront investis dans l'IA de défense.", []want{{"Cinquante millions d'euros", 50000000, "EUR", 55000000}}},
	{"Trois cent cinquante millions de dollars ont été engagés.", []want{{"Trois cent cinquante millions de dollars", 350000000, "USD", 350000000}}},
	{"LE MARCHÉ ATTEINT 5 MILLIONS D'EUROS", []want{{"5 MILLIONS D'EUROS", 5000000, "EUR", 5500000}}},
	{"La Commission propose 150 milliards d’euros de prêts.", []want{{"150 milliards d’euros", 150000000000, "EUR", 165000000000}}},
	{"Le contrat de 3 Mds d'euros a été signé à Paris.", []want{{"3 Mds d'euros", 3000000000, "EUR", 3300000000}}},
	{"Naval Group vise 600 millions € de ventes à l'export.", []want{{"600 millions €", 600000000, "EUR", 660000000}}},
	{"Les crédits atteignent € 5 millions pour la recherche.", []want{{"€ 5 millions", 5000000, "EUR", 5500000}}},
	{"Vingt et un milliards d'euros iront à la dissuasion.", []want{{"Vingt et un milliards d'euros", 21000000000, "EUR", 23100000000}}},
	{"La Suède commande pour 10 milliards de couronnes suédoises.", []want{{"10 milliards de couronnes suédoises", 10000000000, "SEK", 900000000}}},
	{"Le contrat atteint 300 M$ US selon le ministère.", []want{{"300 M$ US", 300000000, "USD", 300000000}}},
}

func TestFindMoney(t *testing.T) {
	p := NewParser(testRates)
	for name, cases := range map[string][]moneyCase{"en": englishMoney, "fr": frenchMoney} {
		for _, c := range cases {
			t.Run(name+"/"+c.text, func(t *testing.T) {
				checkAmounts(t, c.text, p.Find(c.text), c.wants)
			})
		}
	}
}

// checkAmounts asserts got matches wants exactly and every amount's Text is
// the input at [Start:End].
func checkAmounts(t *testing.T, text string, got []Amount, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("Find(%q) found %d amounts %+v, want %d", text, len(got), got, len(wants))
	}
	for i, w := range wants {
		a := got[i]
		if a.Text != w.text || a.Value != w.value || a.Currency != w.currency || a.USD != w.usd {
			t.Errorf("amount %d = {%q %v %s usd %v}, want {%q %v %s usd %v}",
				i, a.Text, a.Value, a.Currency, a.USD, w.text, w.value, w.currency, w.usd)
		}
		if a.Start < 0 || a.End > len(text) || a.Start > a.End || text[a.Start:a.End] != a.Text {
			t.Errorf("amount %d: text[%d:%d] is not %q", i, a.Start, a.End, a.Text)
		}
	}
}
