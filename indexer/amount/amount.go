// Package amount finds money amounts in French and English news text and
// normalises them to US dollars: "$200 million", "US$1.5bn", "200 M$",
// "1,5 milliard d’euros", "480 000 dollars", "£2.3 billion", "un milliard
// d'euros", "between $1bn and $2bn", "de 2 à 3 milliards d'euros".
//
// A number is an amount only when a currency is attached to it (before:
// "$", "US$", "€", "EUR"; after: "€", "M$", "dollars", "de dollars",
// "pounds sterling", "de $ CAD", "dollars canadiens", ...), so "200
// millions d'utilisateurs", "1.5 billion parameters", "F-35", "A400M", "5%"
// and years are not amounts. A singular noun counts after any number ("20
// euro", "1 dollar"), but not after a year ("the 2024 Euro") nor as an
// adjective ("the 20 euro countries"). Scale words follow both languages:
// "billion" is 10^9 in English and 10^12 in French ("1 billion d'euros");
// "milliard", "Md", "Mds", "Mrd" are 10^9. How commas, dots and spaces
// inside numbers are read is documented in number.go.
//
// Counts may be spelled out, before a scale word ("two hundred million
// dollars", "trois cent cinquante millions") or, below a million, as whole
// amounts ("ten dollars", "a thousand dollars", "vingt-cinq euros",
// "quatre-vingt-dix-neuf euros", "trois mille euros", "septante francs
// suisses"); see words.go. An indefinite article alone is not a count: "a
// dollar", "un euro fort". Cents follow a whole amount when named ("3
// dollars 50 cents", "€3 et 50 centimes", "treize euros et quarante-cinq
// cents") or, after a currency word, as two digits ending the phrase ("5
// euros 20."). A compound adjective is an amount when it has a count ("a
// two-billion-dollar deal", "a $2-billion deal", "a 500-million-euro
// contract", "a billion-dollar contract", "a half-billion-dollar
// program"), not otherwise ("multibillion-dollar", "the billion-dollar
// question").
//
// A range gives two amounts, one per bound, and the scale and currency
// written once on the second bound apply to the first ("$10-20 million" is
// $10 million and $20 million, "entre 10 et 20 euros", "de 10 à 20 M€",
// "between $10 and $20 million", "ten to twenty dollars"). Each bound's
// Text is what is written for it ("$10", then "20 million").
//
// Prices per unit are not amounts of the article: "$6.95 per share", "$95
// a barrel", "$1.2 million each", "EPS of $2.10", "a dividend of $1.40",
// "15 euros par action", "le prix unitaire de 3 millions d'euros", and
// also "unit cost of $80 million": a unit price is dropped however large,
// since it does not size the deal (see perunit.go for the rule). Totals
// ("a $1.5 billion contract for 12 aircraft") and flows over a period
// ("$10 billion a year", "per month", "par an") are amounts.
//
// Values are converted to USD with a rate table (see rates.yaml); an
// article's headline figure is the Largest of its amounts.
package amount

// Amount is one money expression found in a text.
type Amount struct {
	Text     string  `json:"text"`     // exactly as it appears in the input (a substring of it)
	Value    float64 `json:"value"`    // in units of Currency, e.g. 200000000
	Currency string  `json:"currency"` // ISO 4217: USD, EUR, GBP, CAD, AUD, JPY, CHF, ...
	// USD is Value converted with the parser's rate table, rounded to the
	// cent; 0 when the table has no rate for Currency.
	USD        float64 `json:"usd"`
	Start, End int     `json:"-"` // byte offsets of Text in the input
}

// Parser finds amounts and converts them with one rate table. It is
// immutable and safe for concurrent use.
type Parser struct {
	rates Rates
}

// NewParser returns a parser converting with r; nil means DefaultRates.
// The table is copied, so later changes to r do not affect the parser.
func NewParser(r Rates) *Parser {
	if r == nil {
		r = DefaultRates()
	}
	return &Parser{rates: r.clone()}
}

// Find returns the money amounts in text in order of appearance. They never
// overlap.
func (p *Parser) Find(text string) []Amount {
	s := scanner{p: p, text: text}
	s.run()
	return s.out
}

// Largest returns the amount with the largest USD value (the first one on
// ties), or false when as is empty.
func Largest(as []Amount) (Amount, bool) {
	if len(as) == 0 {
		return Amount{}, false
	}
	best := as[0]
	for _, a := range as[1:] {
		if a.USD > best.USD {
			best = a
		}
	}
	return best, true
}
