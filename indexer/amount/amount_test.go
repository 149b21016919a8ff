package amount

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"vigie/internal/moduledir"
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
	{"GAAP earnings were $6.95 billion this year.", []want{{"$6.95 billion", 6.95e9, "USD", 6.95e9}}},
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
	{"The device sells for $229 CAD in Canada.", []want{{"$229 CAD", 229, "CAD", 171.75}}},
	{"Bern will pay 1.3 billion Swiss francs for Patriot batteries.", []want{{"1.3 billion Swiss francs", 1.3e9, "CHF", 1.43e9}}},
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
	{"Le plan prévoit 15 md€ d'investissements.", []want{{"15 md€", 15e9, "EUR", 16.5e9}}},
	{"Ottawa versera 8,3 millions $ CA à la start-up.", []want{{"8,3 millions $ CA", 8.3e6, "CAD", 6225000}}},
	{"Deux cents millions de dollars ont été promis.", []want{{"Deux cents millions de dollars", 2e8, "USD", 2e8}}},
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

func TestFindNotMoney(t *testing.T) {
	p := NewParser(testRates)
	for _, text := range []string{
		"ChatGPT compte 200 millions d'utilisateurs chaque semaine.",
		"The model has 1.5 billion parameters and runs on a laptop.",
		"L'armée russe compterait 3 millions de soldats mobilisables.",
		"GPT-4 was released in 2023, GPT-5 in 2025.",
		"Version 2.5 of the targeting software ships in Q3 2025.",
		"The F-35 and the A400M flew over the Rafale F4 at the show.",
		"The MQ-9B Reaper and the B-52 took part; so did the Su-57.",
		"Les dépenses augmentent de 5% en 2025 et de 3,5 % en 2026.",
		"Réunion le 12.06.2025 à 14:30, puis le 13/06 à 9h30.",
		"Appelez le +33 1 45 67 89 00 ou le 01 23 45 67 89.",
		"The new chip runs inference a million times faster.",
		"A billion-parameter model now fits on one GPU.",
		"Multibillion-dollar deals and multimillion-euro programs abound.",
		"The missile has a range of 500 km and flies at Mach 5.",
		"La loi de programmation couvre la période 2024-2030.",
		"Le budget prévoit 200 millions supplémentaires, sans préciser la devise.",
		"The $ sign alone is not an amount, nor is € or £.",
		"Il y a 1,4 milliard d'années, un jour durait 18 heures.",
		"The 155mm shells and 7.62mm rounds were delivered 24/7.",
		"Officials expect billions of dollars and millions of euros to follow.",
		"Plusieurs milliards de dollars et des centaines de millions d'euros.",
		"The SAR 2 satellite and the ILS 3 landing system were tested.",
		"A 2,000-pound bomb; the engine makes 43,000 pounds of thrust.",
		"The aircraft carries 1.5 million pounds of cargo a year.",
		"Leopard 2A7 tanks, COVID-19 and the S-400 were discussed.",
		"Le tirage atteint 2 millions de livres vendus en France.",
		"Some 20 euro-area countries and the euro zone's 350 million people.",
		"The contract is valued at $5 billion in 2024 dollars.",
		"Z$500 notes are no longer legal tender.",
		"One of the contractors signed a ten-year contract.",
		"Un des industriels a livré une centaine de drones.",
		"It is the billion-dollar question, a million-dollar question.",
		"The Fifth Fleet and the first dollar.",
	} {
		t.Run(text, func(t *testing.T) {
			got := p.Find(text)
			// The dollar-dated contract above must yield only its own amount.
			if strings.Contains(text, "2024 dollars") {
				checkAmounts(t, text, got, []want{{"$5 billion", 5e9, "USD", 5e9}})
				return
			}
			if len(got) != 0 {
				t.Errorf("Find(%q) = %+v, want no amount", text, got)
			}
		})
	}
}

func TestFindSeveral(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []moneyCase{
		{"Shield AI raised $240 million at a $5.3 billion valuation.", []want{
			{"$240 million", 240e6, "USD", 240e6}, {"$5.3 billion", 5.3e9, "USD", 5.3e9}}},
		{"The deal, worth €1.2bn (£1bn), was signed in Paris.", []want{
			{"€1.2bn", 1.2e9, "EUR", 1.32e9}, {"£1bn", 1e9, "GBP", 1.25e9}}},
		{"Kiev reçoit 50 millions de dollars (46 millions d'euros) de Washington.", []want{
			{"50 millions de dollars", 50e6, "USD", 50e6}, {"46 millions d'euros", 46e6, "EUR", 50.6e6}}},
		{"London signed the £4.5 billion ($5.7 billion) deal.", []want{
			{"£4.5 billion", 4.5e9, "GBP", 5.625e9}, {"$5.7 billion", 5.7e9, "USD", 5.7e9}}},
		{"Hanwha's 1.2 trillion won ($900 million) deal.", []want{
			{"1.2 trillion won", 1.2e12, "KRW", 900e6}, {"$900 million", 900e6, "USD", 900e6}}},
		{"In 2025, $5 billion went to AI; the 2026 $7 billion request is pending.", []want{
			{"$5 billion", 5e9, "USD", 5e9}, {"$7 billion", 7e9, "USD", 7e9}}},
		{"Un contrat de 200 M€ 2025-2030, puis 300 millions $ 2031.", []want{
			{"200 M€", 200e6, "EUR", 220e6}, {"300 millions $", 300e6, "USD", 300e6}}},
		{"Le budget 2025 : 3 milliards d'euros, soit 3,3 milliards de dollars.", []want{
			{"3 milliards d'euros", 3e9, "EUR", 3.3e9}, {"3,3 milliards de dollars", 3.3e9, "USD", 3.3e9}}},
	} {
		t.Run(c.text, func(t *testing.T) { checkAmounts(t, c.text, p.Find(c.text), c.wants) })
	}
}

func TestFindRanges(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []moneyCase{
		{"The contract is worth between $1bn and $2bn.", []want{
			{"$1bn", 1e9, "USD", 1e9}, {"$2bn", 2e9, "USD", 2e9}}},
		{"Bids ranged from $200 million to $300 million.", []want{
			{"$200 million", 200e6, "USD", 200e6}, {"$300 million", 300e6, "USD", 300e6}}},
		{"Each lot costs $200-300 million.", []want{
			{"$200", 200e6, "USD", 200e6}, {"300 million", 300e6, "USD", 300e6}}},
		{"Le coût varie de 2 à 3 milliards d'euros.", []want{
			{"2", 2e9, "EUR", 2.2e9}, {"3 milliards d'euros", 3e9, "EUR", 3.3e9}}},
		{"Le contrat est estimé entre 200 et 300 millions d'euros.", []want{
			{"200", 200e6, "EUR", 220e6}, {"300 millions d'euros", 300e6, "EUR", 330e6}}},
		{"It would cost between 1 and 2 billion dollars.", []want{
			{"1", 1e9, "USD", 1e9}, {"2 billion dollars", 2e9, "USD", 2e9}}},
		{"Follow-on orders could reach $5 to $10 million.", []want{
			{"$5", 5e6, "USD", 5e6}, {"$10 million", 10e6, "USD", 10e6}}},
		{"Analysts see €2-3bn of orders.", []want{
			{"€2", 2e9, "EUR", 2.2e9}, {"3bn", 3e9, "EUR", 3.3e9}}},
		{"L'enveloppe ira de 2 milliards à 3 milliards d'euros.", []want{
			{"2 milliards", 2e9, "EUR", 2.2e9}, {"3 milliards d'euros", 3e9, "EUR", 3.3e9}}},
		{"Guidance is $11.40 - $11.60 in sales per quarter.", []want{
			{"$11.40", 11.4, "USD", 11.4}, {"$11.60", 11.6, "USD", 11.6}}},
		// Different currencies are two amounts, not a range.
		{"Prices moved €50m-£60m.", []want{
			{"€50m", 50e6, "EUR", 55e6}, {"£60m", 60e6, "GBP", 75e6}}},
		// "and" without "between" joins different things.
		{"The app has 200 million users and $3 billion in revenue.", []want{
			{"$3 billion", 3e9, "USD", 3e9}}},
		// A year is not the lower bound of a range.
		{"From 2020 to 2025, 3 billion dollars were spent.", []want{
			{"3 billion dollars", 3e9, "USD", 3e9}}},
		{"Spending fell from 5 to 3 million dollars.", []want{
			{"3 million dollars", 3e6, "USD", 3e6}}},
		// A bare second bound followed by a noun is not money.
		{"A $5-10 years warranty.", []want{{"$5", 5, "USD", 5}}},
		// The scale and currency of the second bound apply to the first.
		{"Le ticket coûte 10 - 20 euro.", []want{
			{"10", 10, "EUR", 11}, {"20 euro", 20, "EUR", 22}}},
		{"Le ticket coûte 10-20 euros.", []want{
			{"10", 10, "EUR", 11}, {"20 euros", 20, "EUR", 22}}},
		{"Le ticket coûte entre 10 et 20 euros.", []want{
			{"10", 10, "EUR", 11}, {"20 euros", 20, "EUR", 22}}},
		{"Le contrat ira de 10 à 20 millions d'euros.", []want{
			{"10", 10e6, "EUR", 11e6}, {"20 millions d'euros", 20e6, "EUR", 22e6}}},
		{"The award is between $10 and $20 million.", []want{
			{"$10", 10e6, "USD", 10e6}, {"$20 million", 20e6, "USD", 20e6}}},
		{"The award is $10-20 million.", []want{
			{"$10", 10e6, "USD", 10e6}, {"20 million", 20e6, "USD", 20e6}}},
		{"Le contrat ira de 10 à 20 M€.", []want{
			{"10", 10e6, "EUR", 11e6}, {"20 M€", 20e6, "EUR", 22e6}}},
		{"The award is $10–$20 million.", []want{
			{"$10", 10e6, "USD", 10e6}, {"$20 million", 20e6, "USD", 20e6}}},
		{"It costs ten to twenty dollars.", []want{
			{"ten", 10, "USD", 10}, {"twenty dollars", 20, "USD", 20}}},
		{"It costs between ten and twenty dollars.", []want{
			{"ten", 10, "USD", 10}, {"twenty dollars", 20, "USD", 20}}},
		{"Comptez de dix à vingt euros.", []want{
			{"dix", 10, "EUR", 11}, {"vingt euros", 20, "EUR", 22}}},
		{"Comptez dix - vingt euros.", []want{
			{"dix", 10, "EUR", 11}, {"vingt euros", 20, "EUR", 22}}},
		{"From twenty to ten dollars.", []want{{"ten dollars", 10, "USD", 10}}},
		{"One and twenty dollars.", []want{{"twenty dollars", 20, "USD", 20}}},
	} {
		t.Run(c.text, func(t *testing.T) { checkAmounts(t, c.text, p.Find(c.text), c.wants) })
	}
}

// TestFindPerUnit checks that prices per share, per unit and per hour are
// not amounts of the article, while totals and flows over a period stay.
func TestFindPerUnit(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []moneyCase{
		// Dropped: a unit after the amount.
		{"Net earnings were $7.05 per share.", nil},
		{"The company posted earnings per share of $6.95 in the quarter.", nil},
		{"The board declared a dividend of $1.40 per share.", nil},
		{"The stock paid $3.50 a share in cash.", nil},
		{"Analysts expect EPS of $2.10 this year.", nil},
		{"Brent traded at $95 per barrel on Monday.", nil},
		{"Each drone costs $12,000 per unit.", nil},
		{"The F-35A has a unit cost of $80 million.", nil},
		{"The Navy bought five at $1.2 million each.", nil},
		{"Les titres ont été cédés à 15 euros par action.", nil},
		{"Le groupe verse un dividende de 2 euros par action.", nil},
		{"Le prix unitaire de 3 millions d'euros a surpris.", nil},
		{"Contractors bill $450 per hour for the work.", nil},
		{"Jet fuel costs $2 per gallon at the base.", nil},
		{"The Reaper costs $3,500 per flight hour to operate.", nil},
		{"Earnings were $9.99 per diluted share.", nil},
		{"The fuel sold at $80/barrel.", nil},
		{"Les drones coûtent 40 000 euros pièce.", nil},
		{"Le baril s'échange à 80 dollars le baril.", nil},
		{"Les obus sont vendus 8 000 euros l'unité.", nil},
		{"Les deux lauréats recevront 500 000 euros chacun.", nil},
		{"The cost per aircraft of $80 million worries Congress.", nil},
		{"GAAP diluted EPS of $2.72 was up 33%.", nil},
		{"The company updated its EPS guidance to $11.40 - $11.60.", nil},
		{"Guidance is $11.40 - $11.60 per share.", nil},
		{"Le BPA de 3,20 euros dépasse les attentes.", nil},
		{"Its share price of $150 doubled.", nil},
		{"The per-share payout of $0.80 is unchanged.", nil},
		// Kept: totals, flows over a period, "par" meaning "by".
		{"Boeing won a $1.5 billion contract for 12 aircraft.", []want{{"$1.5 billion", 1.5e9, "USD", 1.5e9}}},
		{"Rachetée par Safran pour 220 millions d'euros en 2024.", []want{{"220 millions d'euros", 220e6, "EUR", 242e6}}},
		{"The agency will receive 300 million euros a year.", []want{{"300 million euros", 300e6, "EUR", 330e6}}},
		{"The program costs $2 billion per year to run.", []want{{"$2 billion", 2e9, "USD", 2e9}}},
		{"Ukraine receives $1 billion each month.", []want{{"$1 billion", 1e9, "USD", 1e9}}},
		{"L'agence recevra 300 millions d'euros par an.", []want{{"300 millions d'euros", 300e6, "EUR", 330e6}}},
		{"Le projet est financé à hauteur de 5 millions d'euros par l'État.", []want{{"5 millions d'euros", 5e6, "EUR", 5.5e6}}},
		{"Les ventes ont crû de 2 milliards d'euros par rapport à 2024.", []want{{"2 milliards d'euros", 2e9, "EUR", 2.2e9}}},
		{"It paid dividends of $2 billion in 2025.", []want{{"$2 billion", 2e9, "USD", 2e9}}},
		{"It paid a special dividend of $2 billion.", []want{{"$2 billion", 2e9, "USD", 2e9}}},
		{"The contract is worth $5 million per DoD records.", []want{{"$5 million", 5e6, "USD", 5e6}}},
		{"Net earnings were $1.6 billion, or $6.95 per share.", []want{{"$1.6 billion", 1.6e9, "USD", 1.6e9}}},
		{"The $5 million a contractor received was returned.", []want{{"$5 million", 5e6, "USD", 5e6}}},
		{"A 2-bed flat at $2,550/mo in Fremont.", []want{{"$2,550", 2550, "USD", 2550}}},
		{"Price: $329/EUR 299.", []want{{"$329", 329, "USD", 329}, {"EUR 299", 299, "EUR", 328.9}}},
	} {
		t.Run(c.text, func(t *testing.T) { checkAmounts(t, c.text, p.Find(c.text), c.wants) })
	}
}

// TestFindSpelledAmounts checks whole amounts spelled out in words, in
// both languages, with the French compounds (soixante-dix, quatre-vingts,
// the Belgian and Swiss septante and nonante).
func TestFindSpelledAmounts(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []moneyCase{
		{"He paid ten dollars for it.", []want{{"ten dollars", 10, "USD", 10}}},
		{"The fee is twenty-five dollars.", []want{{"twenty-five dollars", 25, "USD", 25}}},
		{"Tickets cost one hundred euros.", []want{{"one hundred euros", 100, "EUR", 110}}},
		{"It cost a thousand dollars.", []want{{"a thousand dollars", 1000, "USD", 1000}}},
		{"The bill came to two hundred and fifty dollars.", []want{{"two hundred and fifty dollars", 250, "USD", 250}}},
		{"They raised fifteen hundred dollars.", []want{{"fifteen hundred dollars", 1500, "USD", 1500}}},
		{"The prize is a hundred thousand dollars.", []want{{"a hundred thousand dollars", 100000, "USD", 100000}}},
		{"He spent ten pounds sterling.", []want{{"ten pounds sterling", 10, "GBP", 12.5}}},
		{"Il a payé dix dollars.", []want{{"dix dollars", 10, "USD", 10}}},
		{"L'amende est de vingt-cinq euros.", []want{{"vingt-cinq euros", 25, "EUR", 27.5}}},
		{"Le billet coûte cent euros.", []want{{"cent euros", 100, "EUR", 110}}},
		{"Il a reçu mille dollars.", []want{{"mille dollars", 1000, "USD", 1000}}},
		{"Comptez deux cents euros.", []want{{"deux cents euros", 200, "EUR", 220}}},
		{"La prime atteint trois mille euros.", []want{{"trois mille euros", 3000, "EUR", 3300}}},
		{"Il a reçu deux mille cinq cents euros.", []want{{"deux mille cinq cents euros", 2500, "EUR", 2750}}},
		{"Le lot vaut cinq cent mille euros.", []want{{"cinq cent mille euros", 500000, "EUR", 550000}}},
		{"Le ticket coûte treize euros et quarante-cinq cents.", []want{{"treize euros et quarante-cinq cents", 13.45, "EUR", 14.8}}},
		{"Le prix est de quatre-vingt-dix-neuf euros.", []want{{"quatre-vingt-dix-neuf euros", 99, "EUR", 108.9}}},
		{"Il faut soixante-dix dollars.", []want{{"soixante-dix dollars", 70, "USD", 70}}},
		{"Ils ont payé vingt et un euros.", []want{{"vingt et un euros", 21, "EUR", 23.1}}},
		{"Le repas coûte soixante et onze euros.", []want{{"soixante et onze euros", 71, "EUR", 78.1}}},
		{"Comptez quatre-vingts euros.", []want{{"quatre-vingts euros", 80, "EUR", 88}}},
		{"Comptez quatre-vingt-un euros.", []want{{"quatre-vingt-un euros", 81, "EUR", 89.1}}},
		{"À Bruxelles, comptez septante euros.", []want{{"septante euros", 70, "EUR", 77}}},
		{"À Genève, le forfait coûte nonante-neuf francs suisses.", []want{{"nonante-neuf francs suisses", 99, "CHF", 108.9}}},
		{"Le fonds atteint mille milliards de dollars.", []want{{"mille milliards de dollars", 1e12, "USD", 1e12}}},
		{"He found a ten-dollar bill.", []want{{"ten-dollar", 10, "USD", 10}}},
		{"Il a donné cent dollars et dix euros.", []want{{"cent dollars", 100, "USD", 100}, {"dix euros", 10, "EUR", 11}}},
		// Not amounts: no count, only an article, or not a currency.
		{"This is the first dollar we spent.", nil},
		{"One of the dollars was fake.", nil},
		{"Un des euros était faux.", nil},
		{"He won a dollar.", nil},
		{"Un euro fort pénalise les exportations.", nil},
		{"A strong dollar hurts exports; the dollar rose against the euro.", nil},
		{"Nineteen euro nations signed.", nil},
		{"Hundreds of dollars and des milliers d'euros.", nil},
		{"It weighs two pounds of sugar.", nil},
		{"Les dix livres de la collection.", nil},
	} {
		t.Run(c.text, func(t *testing.T) { checkAmounts(t, c.text, p.Find(c.text), c.wants) })
	}
}

// TestFindSingularAndCents checks singular currency nouns after a number
// and amounts written with their cents.
func TestFindSingularAndCents(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []moneyCase{
		{"The ticket costs 20 euro.", []want{{"20 euro", 20, "EUR", 22}}},
		{"Il a payé 5 dollar.", []want{{"5 dollar", 5, "USD", 5}}},
		{"It is 1 euro.", []want{{"1 euro", 1, "EUR", 1.1}}},
		{"It is 1 dollar.", []want{{"1 dollar", 1, "USD", 1}}},
		{"A 20-euro fine.", []want{{"20-euro", 20, "EUR", 22}}},
		{"It costs 3 dollars 50 cents.", []want{{"3 dollars 50 cents", 3.5, "USD", 3.5}}},
		{"It costs 3 dollars and 50 cents.", []want{{"3 dollars and 50 cents", 3.5, "USD", 3.5}}},
		{"Le café coûte €3 et 50 centimes.", []want{{"€3 et 50 centimes", 3.5, "EUR", 3.85}}},
		{"Le café coûte 5 euros 20.", []want{{"5 euros 20", 5.2, "EUR", 5.72}}},
		{"He gave ten dollars and twenty cents.", []want{{"ten dollars and twenty cents", 10.2, "USD", 10.2}}},
		{"It costs £4 and 99 pence.", []want{{"£4 and 99 pence", 4.99, "GBP", 6.24}}},
		// Cents must be written as such, or end the phrase.
		{"Il a payé 5 euros 20 fois.", []want{{"5 euros", 5, "EUR", 5.5}}},
		{"Il a payé 5 euros 20 % plus cher.", []want{{"5 euros", 5, "EUR", 5.5}}},
		{"Prices run between $3 and 50 cents.", []want{{"$3", 3, "USD", 3}}},
		{"The plan costs $5 and 20 other items.", []want{{"$5", 5, "USD", 5}}},
		// The euro as an adjective.
		{"The 20 euro countries agreed.", nil},
		{"Euro 2024 starts in June, in 2024 euro terms.", nil},
		{"Spain won the 2024 Euro; a 1999 dollar is worth more.", nil},
	} {
		t.Run(c.text, func(t *testing.T) { checkAmounts(t, c.text, p.Find(c.text), c.wants) })
	}
}

// TestFindCodedDollars checks dollars named by their country, with a code
// or an adjective after the sign or the word, and codes before the number.
func TestFindCodedDollars(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []moneyCase{
		{"Ottawa versera 12 millions de $CAD.", []want{{"12 millions de $CAD", 12e6, "CAD", 9e6}}},
		{"Ottawa versera 2 millions de $ CAD.", []want{{"2 millions de $ CAD", 2e6, "CAD", 1.5e6}}},
		{"Le contrat vaut 500 millions de $US.", []want{{"500 millions de $US", 500e6, "USD", 500e6}}},
		{"Ottawa investit 3 milliards de $ canadiens.", []want{{"3 milliards de $ canadiens", 3e9, "CAD", 2.25e9}}},
		{"Canberra investit 5 millions de $ australiens.", []want{{"5 millions de $ australiens", 5e6, "AUD", 3.25e6}}},
		{"Ottawa investit 10 millions de dollars canadiens.", []want{{"10 millions de dollars canadiens", 10e6, "CAD", 7.5e6}}},
		{"Le contrat atteint 10 millions de dollars CAD.", []want{{"10 millions de dollars CAD", 10e6, "CAD", 7.5e6}}},
		{"Le contrat atteint 5 M$ CAD.", []want{{"5 M$ CAD", 5e6, "CAD", 3.75e6}}},
		{"Ottawa signs for CAD 5 million.", []want{{"CAD 5 million", 5e6, "CAD", 3.75e6}}},
		{"Ottawa signs for C$5 million.", []want{{"C$5 million", 5e6, "CAD", 3.75e6}}},
		{"Canberra commits A$2bn.", []want{{"A$2bn", 2e9, "AUD", 1.3e9}}},
		{"Berne débloque 5 millions de francs suisses.", []want{{"5 millions de francs suisses", 5e6, "CHF", 5.5e6}}},
		// A weak code before the number gives way to the currency after it.
		{"Selon le CAD 5 millions de dollars ont été engagés.", []want{{"5 millions de dollars", 5e6, "USD", 5e6}}},
		// No count, no amount.
		{"Il y a des millions de $CAD en jeu.", nil},
	} {
		t.Run(c.text, func(t *testing.T) { checkAmounts(t, c.text, p.Find(c.text), c.wants) })
	}
}

// TestFindCompoundAdjectives checks amounts written as one hyphenated
// adjective, with digits or words, and the ones that name no value.
func TestFindCompoundAdjectives(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []moneyCase{
		{"Lockheed won a two-billion-dollar deal.", []want{{"two-billion-dollar", 2e9, "USD", 2e9}}},
		{"Lockheed won a $2-billion deal.", []want{{"$2-billion", 2e9, "USD", 2e9}}},
		{"Thales won a 500-million-euro contract.", []want{{"500-million-euro", 500e6, "EUR", 550e6}}},
		{"Anduril won a billion-dollar contract.", []want{{"a billion-dollar", 1e9, "USD", 1e9}}},
		{"It is a half-billion-dollar program.", []want{{"a half-billion-dollar", 500e6, "USD", 500e6}}},
		{"It is a three-hundred-million-dollar program.", []want{{"three-hundred-million-dollar", 300e6, "USD", 300e6}}},
		{"A ten-dollar bill fell.", []want{{"ten-dollar", 10, "USD", 10}}},
		// No value.
		{"It is a multibillion-dollar program.", nil},
		{"It is a multi-billion-dollar program.", nil},
		{"Billion-dollar deals are rare.", nil},
		{"That is the billion-dollar question.", nil},
		{"They signed a ten-year contract.", nil},
	} {
		t.Run(c.text, func(t *testing.T) { checkAmounts(t, c.text, p.Find(c.text), c.wants) })
	}
}

func TestFindNumberFormats(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []struct {
		text  string
		value float64
	}{
		{"480,000 dollars", 480000},
		{"480.000 euros", 480000},
		{"480 000 euros", 480000},
		{"480\u00a0000 euros", 480000},
		{"480\u202f000 euros", 480000},
		{"1 234 567,89 €", 1234567.89},
		{"1,234,567.89 dollars", 1234567.89},
		{"1.234.567,89 euros", 1234567.89},
		{"CHF 1'000'000", 1e6},
		{"CHF 1’000’000", 1e6},
		{"12,50 €", 12.5},
		{"$0.5 billion", 5e8},
		{"$5,5 million", 5.5e6},
		{"$1,200 million", 1.2e9},          // English: comma groups thousands
		{"$624.601M", 624.601e6},           // English: dot is the decimal mark
		{"1,250 milliard d'euros", 1.25e9}, // French: comma is the decimal mark
		{"2.500 millions d'euros", 2.5e9},  // French: dot groups thousands
		{"€1,250 Md", 1.25e9},              // a French scale wins over the symbol's place
		{"1 billion d'euros", 1e12},        // French long scale
		{"$2 billions", 2e9},               // English despite the plural
		{"USD$5 million", 5e6},
		{"1.5 billion dollars", 1.5e9},
		{"₹1,50,000 crore", 1.5e12}, // Indian grouping
	} {
		t.Run(c.text, func(t *testing.T) {
			got := p.Find(c.text)
			if len(got) != 1 || got[0].Value != c.value || got[0].Text != c.text {
				t.Fatalf("Find(%q) = %+v, want one amount of value %v covering the text", c.text, got, c.value)
			}
		})
	}
	for _, text := range []string{"$0", "$0.00", "12.06.2025 €", "$1.2.3", "$1,23,4"} {
		t.Run(text, func(t *testing.T) {
			if got := p.Find(text); len(got) != 0 {
				t.Errorf("Find(%q) = %+v, want nothing", text, got)
			}
		})
	}
}

func TestValuesAreExact(t *testing.T) {
	p := NewParser(nil)
	for text, v := range map[string]float64{
		"$1.5 billion":         1500000000,
		"1,1 milliard d'euros": 1100000000,
		"$0.3 billion":         300000000,
		"$4.35 billion":        4350000000,
		"$2.01 million":        2010000,
		"$6.95":                6.95,
		"$1.23456789 billion":  1234567890,
	} {
		got := p.Find(text)
		if len(got) != 1 || got[0].Value != v || got[0].Value != math.Round(got[0].Value*100)/100 {
			t.Errorf("Find(%q) = %+v, want value exactly %v", text, got, v)
		}
	}
}

func TestLargest(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []struct {
		name, text, want string
		ok               bool
	}{
		{"none", "No money here.", "", false},
		{"one", "A $5 million order.", "$5 million", true},
		{"by USD not by value", "It cost ¥100 billion, or €600 million.", "€600 million", true},
		{"first of equals", "$2bn now and $2bn later.", "$2bn", true},
		{"French", "Entre 2 et 3 milliards d'euros, contre 1 milliard de dollars.", "3 milliards d'euros", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			as := p.Find(c.text)
			got, ok := Largest(as)
			if ok != c.ok || got.Text != c.want {
				t.Fatalf("Largest(%q) = %q, %v; want %q, %v", c.text, got.Text, ok, c.want, c.ok)
			}
			if ok && got.Start != as[0].Start && c.name == "first of equals" {
				t.Errorf("Largest picked the later of two equal amounts")
			}
		})
	}
}

func TestUnknownRateGivesZeroUSD(t *testing.T) {
	p := NewParser(Rates{"USD": 1})
	got := p.Find("Moscow spends 13 trillion roubles; Paris €5bn.")
	checkAmounts(t, "Moscow spends 13 trillion roubles; Paris €5bn.", got, []want{
		{"13 trillion roubles", 13e12, "RUB", 0}, {"€5bn", 5e9, "EUR", 0}})
}

func TestDefaultRates(t *testing.T) {
	r := DefaultRates()
	if r["USD"] != 1 || r["EUR"] != 1.0411 || r["GBP"] != 1.26029 || len(r) < 20 {
		t.Fatalf("DefaultRates() = %v", r)
	}
	r["EUR"] = 99 // a copy: must not leak into other callers
	if DefaultRates()["EUR"] != 1.0411 {
		t.Fatal("DefaultRates returned a shared map")
	}
	got := NewParser(nil).Find("Le contrat de 1,5 milliard d’euros.")
	checkAmounts(t, "Le contrat de 1,5 milliard d’euros.", got, []want{
		{"1,5 milliard d’euros", 1.5e9, "EUR", 1561650000}})
}

func TestNewParserCopiesRates(t *testing.T) {
	r := Rates{"USD": 1, "EUR": 2}
	p := NewParser(r)
	r["EUR"] = 3
	if got := p.Find("€1"); len(got) != 1 || got[0].USD != 2 {
		t.Fatalf("parser saw a later change to its rates: %+v", got)
	}
}

func TestLoadRates(t *testing.T) {
	r, err := LoadRates(strings.NewReader("as_of: 2025-01-31\nsource: test\nrates:\n  EUR: 1.08\n  GBP: 1.24\n"))
	if err != nil {
		t.Fatalf("LoadRates: %v", err)
	}
	if len(r) != 3 || r["EUR"] != 1.08 || r["GBP"] != 1.24 || r["USD"] != 1 {
		t.Fatalf("LoadRates = %v, want EUR, GBP and USD 1", r)
	}
	for _, c := range []struct{ name, yaml, msg string }{
		{"empty", "", "empty file"},
		{"no rates", "as_of: 2025-01-31\n", "no rates"},
		{"empty rates", "rates: {}\n", "no rates"},
		{"negative", "rates:\n  EUR: -1.1\n", "EUR: rate -1.1 is not a positive number"},
		{"zero", "rates:\n  EUR: 0\n", "EUR: rate 0 is not a positive number"},
		{"NaN", "rates:\n  EUR: .nan\n", "EUR: rate NaN"},
		{"infinite", "rates:\n  EUR: .inf\n", "EUR: rate +Inf"},
		{"lower-case code", "rates:\n  eur: 1.1\n", `"eur" is not an ISO 4217 code`},
		{"long code", "rates:\n  EURO: 1.1\n", `"EURO" is not an ISO 4217 code`},
		{"USD not 1", "rates:\n  USD: 1.1\n", "USD: rate 1.1, must be 1"},
		{"not a number", "rates:\n  EUR: lots\n", "cannot unmarshal"},
		{"unknown field", "rate:\n  EUR: 1.1\n", "field rate not found"},
		{"duplicate", "rates:\n  EUR: 1.1\n  EUR: 1.2\n", "already defined"},
		{"not YAML", "rates: [\n", "did not find expected"},
		{"all errors", "rates:\n  EUR: -1\n  gbp: 1\n", "EUR: rate -1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadRates(strings.NewReader(c.yaml))
			if !errors.Is(err, ErrInvalidRates) || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("LoadRates(%q) error = %v, want ErrInvalidRates mentioning %q", c.yaml, err, c.msg)
			}
		})
	}
}

func TestFindConcurrent(t *testing.T) {
	p := NewParser(nil)
	text := benchArticle(t, "article_en.txt")
	want := p.Find(text)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if got := p.Find(text); len(got) != len(want) || got[0] != want[0] {
					t.Errorf("concurrent Find differs: %+v", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestFindArticles(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []struct {
		file  string
		wants []want
	}{
		{"article_en.txt", []want{
			{"$800 million", 800e6, "USD", 800e6},
			{"$200M", 200e6, "USD", 200e6},
			{"$200 million", 200e6, "USD", 200e6},
			{"$500 million", 500e6, "USD", 500e6},
			{"$10bn", 10e9, "USD", 10e9},
			{"$12bn", 12e9, "USD", 12e9},
			{"US$480 million", 480e6, "USD", 480e6},
			{"$1.3 billion", 1.3e9, "USD", 1.3e9},
			{"$30.5 billion", 30.5e9, "USD", 30.5e9},
			{"$1 billion", 1e9, "USD", 1e9},
			{"€600m", 600e6, "EUR", 660e6},
			{"£1.5bn", 1.5e9, "GBP", 1.875e9},
			{"300 million euros", 300e6, "EUR", 330e6},
			{"$1.8 billion", 1.8e9, "USD", 1.8e9},
			{"$1.2 billion", 1.2e9, "USD", 1.2e9},
		}},
		{"article_fr.txt", []want{
			{"1,2 milliard d'euros", 1.2e9, "EUR", 1.32e9},
			{"413 milliards d'euros", 413e9, "EUR", 454.3e9},
			{"480 000 euros", 480000, "EUR", 528000},
			{"3,2 M€", 3.2e6, "EUR", 3.52e6},
			{"200 millions de dollars", 200e6, "USD", 200e6},
			{"2,5 milliards de dollars", 2.5e9, "USD", 2.5e9},
			{"5", 5e9, "EUR", 5.5e9},
			{"10 milliards d'euros", 10e9, "EUR", 11e9},
			{"600 M€", 600e6, "EUR", 660e6},
			{"15 Md€", 15e9, "EUR", 16.5e9},
			{"2 milliards de livres sterling", 2e9, "GBP", 2.5e9},
			{"750 000 €", 750000, "EUR", 825000},
			{"un demi-milliard d'euros", 500e6, "EUR", 550e6},
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			text := benchArticle(t, c.file)
			got := p.Find(text)
			checkAmounts(t, text, got, c.wants)
		})
	}
}

// TestFindDoDFixtures runs the parser on public U.S. government articles
// (see ../shared/fixtures/articles/SOURCES.md) that nobody here wrote.
func TestFindDoDFixtures(t *testing.T) {
	dir := filepath.Join(sharedFixtures(t), "articles", "dod-public")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no DoD article fixtures in %s", dir)
	}
	p := NewParser(nil)
	expect := map[string]struct {
		count   int
		largest string
		usd     float64
	}{
		"029-army-awards-contracts-to-accelerate-javelin-and-st.txt": {3, "$624.601M", 624601000},
		"035-multiple-river-dredging-contracts-awarded.txt":          {3, "$1.3 million", 1300000},
		"038-multi-year-production-contract-award-for-the-army.txt":  {2, "$1B", 1e9},
		"041-navfac-northwest-awards-54-2-million-contract-for.txt":  {3, "$54,294,000", 54294000},
		"042-u-s-army-awards-9-8-billion-contract-enhancing-rea.txt": {2, "$9.8 billion", 9.8e9},
		// Per-share figures are not counted (see TestFindPerUnit).
		"901-lockheed-q3-2025-results.txt":    {12, "$179 billion", 179e9},
		"905-l3harris-q1-2026-results.txt":    {3, "$40.7 billion", 40.7e9},
		"906-transdigm-acquires-simmonds.txt": {2, "$765 million", 765e6},
		// Carrier strike group stories: "2.5 million square miles" is not money.
		"004-nimitz-carrier-strike-group-enters-5th-fleet.txt":       {0, "", 0},
		"011-abraham-lincoln-carrier-strike-group-arrives-in-gu.txt": {0, "", 0},
	}
	for _, f := range files {
		name := filepath.Base(f)
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		got := p.Find(text)
		for _, a := range got {
			if text[a.Start:a.End] != a.Text || a.Currency != "USD" || !(a.Value > 0) {
				t.Errorf("%s: bad amount %+v", name, a)
			}
		}
		e, ok := expect[name]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			if len(got) != e.count {
				t.Fatalf("found %d amounts %+v, want %d", len(got), got, e.count)
			}
			if l, ok := Largest(got); ok != (e.count > 0) || l.Text != e.largest || l.USD != e.usd {
				t.Errorf("Largest = %q %v, want %q %v", l.Text, l.USD, e.largest, e.usd)
			}
		})
	}
}

// TestFindGold checks Find against the hand-checked amounts of the
// development half of the DoD gold set (../shared/fixtures/gold). The gold
// lists each distinct amount of an article once, so an article must yield
// exactly the gold values and currencies, and each gold amount must be
// found written as its label says; per-share figures, percentages and
// years are not amounts.
func TestFindGold(t *testing.T) {
	fixtures := sharedFixtures(t)
	data, err := os.ReadFile(filepath.Join(fixtures, "gold", "dod-public-dev.json"))
	if err != nil {
		t.Skipf("no gold set: %v", err)
	}
	var gold struct {
		Articles map[string]struct {
			Amounts []struct {
				Text     string  `json:"text"`
				Value    float64 `json:"value"`
				Currency string  `json:"currency"`
			} `json:"amounts"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(data, &gold); err != nil {
		t.Fatalf("gold set: %v", err)
	}
	if len(gold.Articles) == 0 {
		t.Fatal("gold set has no articles")
	}
	type key struct {
		value    float64
		currency string
	}
	p := NewParser(testRates)
	for id, labels := range gold.Articles {
		t.Run(id, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(fixtures, "articles", "dod-public", id+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			got := p.Find(text)
			want := map[key]bool{}
			for _, w := range labels.Amounts {
				want[key{w.Value, w.Currency}] = true
				found := false
				for _, a := range got {
					found = found || a.Text == w.Text && a.Value == w.Value && a.Currency == w.Currency
				}
				if !found {
					t.Errorf("missed {%q %v %s}", w.Text, w.Value, w.Currency)
				}
			}
			for _, a := range got {
				if !want[key{a.Value, a.Currency}] {
					t.Errorf("found {%q %v %s} in %q, not a gold amount", a.Text, a.Value, a.Currency, context(text, a))
				}
			}
		})
	}
}

// context returns the text around a, for failure messages.
func context(text string, a Amount) string {
	return text[max(0, a.Start-40):min(len(text), a.End+40)]
}

// sharedFixtures locates ../shared/fixtures beside the module root, where CI
// clones the shared test data.
func sharedFixtures(t testing.TB) string { return moduledir.SharedFixtures(t) }

// benchArticle reads a testdata article: fictional ~350-word news stories
// written for this package, with amounts, traps and both number styles.
func benchArticle(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func BenchmarkFind(b *testing.B) {
	p := NewParser(nil)
	for _, name := range []string{"article_en.txt", "article_fr.txt"} {
		text := benchArticle(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				p.Find(text)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	for _, cs := range [][]moneyCase{englishMoney, frenchMoney} {
		for _, c := range cs {
			f.Add(c.text)
		}
	}
	for _, s := range []string{"", "$", "1", "$1.2.3", "1,50,000 crore ₹", "de 2 à 3 milliards d'euros",
		"un milliard et demi d'euros", "US$ 1\u202f000 M€", "illi", "a billion", "$99999999999999999999999 billion",
		"$7.05 per share", "EPS of $2.10", "$1.2 million each", "15 euros par action", "$95/barrel", "8 000 euros l'unité",
		"ten dollars", "quatre-vingt-dix-neuf euros", "trois mille euros", "a thousand dollars", "dollar", "euro",
		"treize euros et quarante-cinq cents", "3 dollars 50 cents", "€3 et 50 centimes", "5 euros 20", "5 euros 99 cents",
		"2 millions de $ CAD", "3 milliards de $ canadiens", "10 millions de dollars CAD", "le CAD 5 millions de dollars",
		"a two-billion-dollar deal", "a half-billion-dollar", "a multibillion-dollar", "10 - 20 euro", "ten to twenty dollars",
		"dix - vingt euros", "between $10 and $20 million", "the 2024 Euro", "$2,550/mo", "per-share payout of $0.80"} {
		f.Add(s)
	}
	p := NewParser(nil)
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, a := range p.Find(text) {
			if a.Start < last || a.End <= a.Start || a.End > len(text) || text[a.Start:a.End] != a.Text {
				t.Fatalf("amount %+v is not text[Start:End] after %d in %q", a, last, text)
			}
			if !(a.Value > 0) || math.IsInf(a.Value, 0) || math.IsNaN(a.USD) || math.IsInf(a.USD, 0) || a.USD < 0 {
				t.Fatalf("amount %+v has a bad value in %q", a, text)
			}
			if a.Currency == "" {
				t.Fatalf("amount %+v has no currency in %q", a, text)
			}
			last = a.End
		}
	})
}

// TestAmbiguousUsesDocumentLanguage checks the last resort for "1,500
// million": when the expression itself has no French or English word, the
// language of the text decides which mark is the decimal one.
func TestAmbiguousUsesDocumentLanguage(t *testing.T) {
	p := NewParser(testRates)
	for _, c := range []struct {
		text, amount string
		value        float64
	}{
		{"The ministry will spend 1,500 million euros on the program and the rest on training.", "1,500 million euros", 1.5e9},
		{"Le ministère dépensera 1,500 million euros pour le programme et le reste pour la formation.", "1,500 million euros", 1.5e6},
		{"The ministry will spend 1.500 million euros on the program and the rest on training.", "1.500 million euros", 1.5e6},
		{"Le ministère dépensera 1.500 million euros pour le programme et le reste pour la formation.", "1.500 million euros", 1.5e9},
		// "billions" without "de" is French 10^12 only in a French text.
		{"La dette publique dépasse 3 billions dollars et la banque centrale s'inquiète.", "3 billions dollars", 3e12},
		{"The fund manages 3 billions dollars and the board is worried.", "3 billions dollars", 3e9},
	} {
		t.Run(c.text, func(t *testing.T) {
			got := p.Find(c.text)
			if len(got) != 1 || got[0].Text != c.amount || got[0].Value != c.value {
				t.Fatalf("Find = %+v, want %q of value %v", got, c.amount, c.value)
			}
		})
	}
}
