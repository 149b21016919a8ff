package amount

import "sort"

// cue is the language a piece of an expression is typical of. It settles the
// comma/dot ambiguity ("1,500 million" vs "1,500 milliard") and whether
// "billion" means 10^9 or 10^12.
type cue uint8

const (
	cueNone cue = iota
	cueEN
	cueFR
)

// billionKind marks scale words whose value depends on the language:
// French "billion" is 10^12 and "trillion" 10^18 (long scale).
type billionKind uint8

const (
	shortScale   billionKind = iota // fixed value
	longBillion                     // 10^9 in English, 10^12 in French
	longTrillion                    // 10^12 in English, 10^18 in French
)

// scaleForm is a multiplier written after a number: "million", "bn", "Md".
type scaleForm struct {
	form   string
	exp    int  // power of ten (English reading for long-scale words)
	word   bool // a full word: matched case-insensitively, may follow a hyphen ("1.2-billion")
	plural bool // "millions": French grammar after a number, never English
	cue    cue
	long   billionKind
	// symbolOnly: "G" and lower-case "md" mean 10^9 only before a currency
	// symbol ("1,2 G$", "15 md€"); alone they are too often something else.
	symbolOnly bool
	// glued: must touch the number ("$1T"), a lone capital after a space is
	// too often something else.
	glued bool
}

// scaleForms lists every scale token. Abbreviations are case-sensitive
// because "M", "m", "B" and "b" mean the same but "Md" and "md" do not.
var scaleForms = sortForms([]scaleForm{
	{form: "thousand", exp: 3, word: true, cue: cueEN},
	{form: "million", exp: 6, word: true},
	{form: "millions", exp: 6, word: true, plural: true, cue: cueFR},
	{form: "billion", exp: 9, word: true, long: longBillion},
	{form: "billions", exp: 9, word: true, plural: true, long: longBillion, cue: cueFR},
	{form: "trillion", exp: 12, word: true, long: longTrillion},
	{form: "trillions", exp: 12, word: true, plural: true, long: longTrillion, cue: cueFR},
	{form: "milliard", exp: 9, word: true, cue: cueFR},
	{form: "milliards", exp: 9, word: true, plural: true, cue: cueFR},
	{form: "millier", exp: 3, word: true, cue: cueFR},
	{form: "milliers", exp: 3, word: true, plural: true, cue: cueFR},
	{form: "mille", exp: 3, word: true, cue: cueFR},
	{form: "lakh", exp: 5, word: true, cue: cueEN},
	{form: "lakhs", exp: 5, word: true, cue: cueEN},
	{form: "crore", exp: 7, word: true, cue: cueEN},
	{form: "crores", exp: 7, word: true, cue: cueEN},

	{form: "k", exp: 3},
	{form: "K", exp: 3},
	{form: "m", exp: 6},
	{form: "M", exp: 6},
	{form: "mn", exp: 6, cue: cueEN},
	{form: "Mn", exp: 6, cue: cueEN},
	{form: "MN", exp: 6, cue: cueEN},
	{form: "mln", exp: 6, cue: cueEN},
	{form: "MM", exp: 6},
	{form: "mio", exp: 6},
	{form: "Mio", exp: 6},
	{form: "b", exp: 9, cue: cueEN},
	{form: "B", exp: 9, cue: cueEN},
	{form: "bn", exp: 9, cue: cueEN},
	{form: "Bn", exp: 9, cue: cueEN},
	{form: "BN", exp: 9, cue: cueEN},
	{form: "bln", exp: 9, cue: cueEN},
	{form: "Md", exp: 9, cue: cueFR},
	{form: "Mds", exp: 9, cue: cueFR},
	{form: "Mrd", exp: 9, cue: cueFR},
	{form: "Mrds", exp: 9, cue: cueFR},
	{form: "G", exp: 9, cue: cueFR, symbolOnly: true},
	{form: "md", exp: 9, cue: cueFR, symbolOnly: true},
	{form: "mds", exp: 9, cue: cueFR, symbolOnly: true},
	{form: "tn", exp: 12, cue: cueEN},
	{form: "Tn", exp: 12, cue: cueEN},
	{form: "trn", exp: 12, cue: cueEN},
	{form: "T", exp: 12, cue: cueEN, glued: true},
	{form: "cr", exp: 7, cue: cueEN},
	{form: "Cr", exp: 7, cue: cueEN},
})

// currencyForm is a way of naming a currency: a symbol, an ISO code or words.
type currencyForm struct {
	form string // a space stands for one or more whitespace characters
	code string // ISO 4217
	cue  cue
	// fold: words are matched case-insensitively; symbols and codes are not.
	fold bool
	// symbol: a sign or a code; it may not be followed by a digit, which would
	// make it the prefix of the next number ("2025 $5bn").
	symbol bool
	// needScale: the word alone is ambiguous (pounds of thrust, 3 won games,
	// livres = books); trusted only after a scale word.
	needScale bool
	// weak: a code that is also a common acronym (see weakCodes).
	weak bool
	// notBefore lists words that, right after the form, show it is not
	// money: "pounds of thrust", "livres vendus" (books sold).
	notBefore []string
}

func word(form, code string, c cue) currencyForm {
	return currencyForm{form: form, code: code, cue: c, fold: true}
}

func symbol(form, code string, c cue) currencyForm {
	return currencyForm{form: form, code: code, cue: c, symbol: true}
}

// isoCodes are the codes recognised as such before or after a number. RMB
// and NIS are not ISO but are how the press writes CNY and ILS.
var isoCodes = map[string]string{
	"USD": "USD", "EUR": "EUR", "GBP": "GBP", "CAD": "CAD", "AUD": "AUD",
	"NZD": "NZD", "JPY": "JPY", "CHF": "CHF", "CNY": "CNY", "RMB": "CNY",
	"INR": "INR", "KRW": "KRW", "ILS": "ILS", "NIS": "ILS", "SEK": "SEK",
	"NOK": "NOK", "DKK": "DKK", "PLN": "PLN", "RUB": "RUB", "TRY": "TRY",
	"SAR": "SAR", "AED": "AED", "BRL": "BRL", "SGD": "SGD", "HKD": "HKD",
	"TWD": "TWD", "ZAR": "ZAR", "MXN": "MXN",
}

// dollarCodes are the currencies written with a bare "$" sign.
var dollarCodes = map[string]bool{
	"USD": true, "CAD": true, "AUD": true, "NZD": true, "SGD": true, "HKD": true,
	"TWD": true, "MXN": true, "BRL": true,
}

// weightWords follow "pounds" used as a weight: "1.5 million pounds of
// cargo", "pounds of thrust".
var weightWords = []string{"of", "thrust"}

// euroNouns follow "euro" used as an adjective, not as money: "the 20 euro
// countries", "the euro zone's 350 million people".
var euroNouns = []string{"zone", "area", "countries", "country", "members", "member", "nations",
	"states", "economies", "bloc", "crisis", "governments"}

// bookWords follow "livres" meaning books: "2 millions de livres vendus".
var bookWords = []string{"vendus", "publiés", "imprimés", "écrits", "lus", "numériques", "scolaires", "audio", "d'occasion"}

// weakCodes are currency codes that defense news also uses as acronyms:
// synthetic aperture radar (SAR), computer-aided design (CAD), instrument
// landing system (ILS), the NIS directive, defibrillators (AED). They count
// as currencies only next to a number that looks like money: with a scale
// word or digit grouping ("SAR 2 billion", "SAR 500,000"), not "SAR 2".
var weakCodes = map[string]bool{
	"SAR": true, "CAD": true, "TRY": true, "ILS": true, "NIS": true, "AED": true, "RUB": true,
}

// suffixCurrencies are the currency names that may follow a number or a
// scale word. Longest match wins, so "dollars canadiens" beats "dollars".
var suffixCurrencies = func() []currencyForm {
	fs := []currencyForm{
		symbol("$", "USD", cueNone),
		symbol("US$", "USD", cueNone),
		symbol("$US", "USD", cueFR),
		symbol("$ US", "USD", cueFR),
		symbol("$CA", "CAD", cueFR),
		symbol("$ CA", "CAD", cueFR),
		symbol("$CAN", "CAD", cueFR),
		symbol("$ CAN", "CAD", cueFR),
		symbol("$AU", "AUD", cueFR),
		symbol("$ AU", "AUD", cueFR),
		symbol("€", "EUR", cueNone),
		symbol("£", "GBP", cueNone),
		symbol("¥", "JPY", cueNone),
		symbol("₹", "INR", cueNone),
		symbol("₩", "KRW", cueNone),
		symbol("₪", "ILS", cueNone),
		symbol("₽", "RUB", cueNone),
		symbol("₺", "TRY", cueNone),
		symbol("zł", "PLN", cueNone),

		// English.
		word("dollars", "USD", cueNone),
		{form: "dollar", code: "USD", fold: true, notBefore: []string{"question", "questions"}},
		word("US dollars", "USD", cueEN),
		word("U.S. dollars", "USD", cueEN),
		word("American dollars", "USD", cueEN),
		word("Canadian dollars", "CAD", cueEN),
		word("Australian dollars", "AUD", cueEN),
		word("New Zealand dollars", "NZD", cueEN),
		word("Singapore dollars", "SGD", cueEN),
		word("Hong Kong dollars", "HKD", cueEN),
		word("Taiwan dollars", "TWD", cueEN),
		word("New Taiwan dollars", "TWD", cueEN),
		word("euros", "EUR", cueNone),
		{form: "euro", code: "EUR", fold: true, notBefore: euroNouns},
		{form: "pounds", code: "GBP", cue: cueEN, fold: true, needScale: true, notBefore: weightWords},
		{form: "pound", code: "GBP", cue: cueEN, fold: true, needScale: true, notBefore: weightWords},
		word("pounds sterling", "GBP", cueEN),
		{form: "sterling", code: "GBP", cue: cueEN, fold: true, needScale: true},
		word("British pounds", "GBP", cueEN),
		word("yen", "JPY", cueNone),
		word("Japanese yen", "JPY", cueEN),
		word("Swiss francs", "CHF", cueEN),
		word("yuan", "CNY", cueNone),
		word("Chinese yuan", "CNY", cueEN),
		word("renminbi", "CNY", cueNone),
		word("rupees", "INR", cueEN),
		word("Indian rupees", "INR", cueEN),
		{form: "won", code: "KRW", fold: true, needScale: true},
		word("Korean won", "KRW", cueEN),
		word("South Korean won", "KRW", cueEN),
		word("shekels", "ILS", cueNone),
		word("Israeli shekels", "ILS", cueEN),
		word("new Israeli shekels", "ILS", cueEN),
		word("rubles", "RUB", cueEN),
		word("roubles", "RUB", cueNone),
		word("Russian rubles", "RUB", cueEN),
		word("Russian roubles", "RUB", cueEN),
		word("lira", "TRY", cueEN),
		word("Turkish lira", "TRY", cueEN),
		word("kronor", "SEK", cueEN),
		word("Swedish kronor", "SEK", cueEN),
		word("Swedish crowns", "SEK", cueEN),
		word("Norwegian kroner", "NOK", cueEN),
		word("Norwegian crowns", "NOK", cueEN),
		word("Danish kroner", "DKK", cueEN),
		word("Danish crowns", "DKK", cueEN),
		word("zloty", "PLN", cueNone),
		word("zlotys", "PLN", cueNone),
		word("złoty", "PLN", cueNone),
		word("Polish zloty", "PLN", cueEN),
		word("Polish zlotys", "PLN", cueEN),
		word("riyals", "SAR", cueNone),
		word("Saudi riyals", "SAR", cueEN),
		word("UAE dirhams", "AED", cueEN),
		word("Emirati dirhams", "AED", cueEN),
		word("reais", "BRL", cueNone),
		word("Brazilian reais", "BRL", cueEN),
		{form: "rand", code: "ZAR", fold: true, needScale: true},
		word("South African rand", "ZAR", cueEN),
		word("Mexican pesos", "MXN", cueEN),

		// French.
		word("dollars américains", "USD", cueFR),
		word("dollars US", "USD", cueFR),
		word("dollars canadiens", "CAD", cueFR),
		word("dollars australiens", "AUD", cueFR),
		word("dollars néo-zélandais", "NZD", cueFR),
		word("dollars de Singapour", "SGD", cueFR),
		word("dollars singapouriens", "SGD", cueFR),
		word("dollars de Hong Kong", "HKD", cueFR),
		word("dollars taïwanais", "TWD", cueFR),
		{form: "livres", code: "GBP", cue: cueFR, fold: true, needScale: true, notBefore: bookWords},
		word("livres sterling", "GBP", cueFR),
		word("livre sterling", "GBP", cueFR),
		word("livres britanniques", "GBP", cueFR),
		word("livres turques", "TRY", cueFR),
		word("francs suisses", "CHF", cueFR),
		word("franc suisse", "CHF", cueFR),
		word("yens", "JPY", cueFR),
		word("yuans", "CNY", cueFR),
		word("roupies", "INR", cueFR),
		word("roupies indiennes", "INR", cueFR),
		{form: "wons", code: "KRW", cue: cueFR, fold: true},
		word("nouveaux shekels", "ILS", cueFR),
		word("couronnes suédoises", "SEK", cueFR),
		word("couronnes norvégiennes", "NOK", cueFR),
		word("couronnes danoises", "DKK", cueFR),
		word("riyals saoudiens", "SAR", cueFR),
		word("dirhams émiratis", "AED", cueFR),
		word("réals", "BRL", cueFR),
		word("rands", "ZAR", cueFR),
		word("pesos mexicains", "MXN", cueFR),
	}
	for code, iso := range isoCodes {
		f := symbol(code, iso, cueNone)
		f.weak = weakCodes[code]
		fs = append(fs, f)
	}
	// A "$" or "dollars" made precise by the code after it, as French
	// writes them: "2 millions de $CAD", "5 M$ CAD", "10 millions de
	// dollars CAD". The code right after "$" is never an acronym.
	for code := range dollarCodes {
		fs = append(fs, symbol("$"+code, code, cueFR), symbol("$ "+code, code, cueFR),
			word("dollars "+code, code, cueNone))
		fs[len(fs)-1].fold = false
	}
	fs = append(fs,
		symbol("$ canadiens", "CAD", cueFR),
		symbol("$ australiens", "AUD", cueFR),
		symbol("$ américains", "USD", cueFR),
		symbol("$ néo-zélandais", "NZD", cueFR),
	)
	sort.Slice(fs, func(i, j int) bool {
		if len(fs[i].form) != len(fs[j].form) {
			return len(fs[i].form) > len(fs[j].form)
		}
		return fs[i].form < fs[j].form
	})
	return fs
}()

// prefixForm is a currency written before the number: "$", "US$", "EUR".
type prefixForm struct {
	form string
	code string
	// letterStart: the form begins with a letter, so it must not be glued to
	// a preceding word ("XUSD 5").
	letterStart bool
	// isoCode: a code, not a sign; "$5" is English word order, "EUR 5" is
	// used in both languages.
	isoCode bool
	weak    bool // see weakCodes
}

// prefixCurrencies is sorted longest first so "US$" wins over "$".
var prefixCurrencies = func() []prefixForm {
	fs := []prefixForm{
		{form: "$", code: "USD"},
		{form: "US$", code: "USD"},
		{form: "US $", code: "USD"},
		{form: "USD$", code: "USD"},
		{form: "U.S.$", code: "USD"},
		{form: "U.S. $", code: "USD"},
		{form: "C$", code: "CAD"},
		{form: "CA$", code: "CAD"},
		{form: "CAN$", code: "CAD"},
		{form: "Can$", code: "CAD"},
		{form: "CAD$", code: "CAD"},
		{form: "AUD$", code: "AUD"},
		{form: "NZD$", code: "NZD"},
		{form: "SGD$", code: "SGD"},
		{form: "HKD$", code: "HKD"},
		{form: "A$", code: "AUD"},
		{form: "AU$", code: "AUD"},
		{form: "NZ$", code: "NZD"},
		{form: "S$", code: "SGD"},
		{form: "SG$", code: "SGD"},
		{form: "HK$", code: "HKD"},
		{form: "NT$", code: "TWD"},
		{form: "R$", code: "BRL"},
		{form: "Mex$", code: "MXN"},
		{form: "€", code: "EUR"},
		{form: "£", code: "GBP"},
		{form: "¥", code: "JPY"},
		{form: "JP¥", code: "JPY"},
		{form: "CN¥", code: "CNY"},
		{form: "₹", code: "INR"},
		{form: "Rs", code: "INR"},
		{form: "Rs.", code: "INR"},
		{form: "₩", code: "KRW"},
		{form: "₪", code: "ILS"},
		{form: "₽", code: "RUB"},
		{form: "₺", code: "TRY"},
	}
	for code, iso := range isoCodes {
		fs = append(fs, prefixForm{form: code, code: iso, isoCode: true, weak: weakCodes[code]})
	}
	for i := range fs {
		c := fs[i].form[0]
		fs[i].letterStart = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
	}
	sort.Slice(fs, func(i, j int) bool {
		if len(fs[i].form) != len(fs[j].form) {
			return len(fs[i].form) > len(fs[j].form)
		}
		return fs[i].form < fs[j].form
	})
	return fs
}()

func sortForms(fs []scaleForm) []scaleForm {
	sort.Slice(fs, func(i, j int) bool {
		if len(fs[i].form) != len(fs[j].form) {
			return len(fs[i].form) > len(fs[j].form)
		}
		return fs[i].form < fs[j].form
	})
	return fs
}

// prefixIndex lists, for each byte, the prefix currencies ending with it,
// longest first, so most numerals are dismissed with one lookup.
var prefixIndex = func() *[256][]uint16 {
	var idx [256][]uint16
	for k, f := range prefixCurrencies {
		c := f.form[len(f.form)-1]
		idx[c] = append(idx[c], uint16(k))
	}
	return &idx
}()

// firstByteIndex lists, for each byte, the forms that can start with it
// (both cases for case-insensitive forms), longest first.
type firstByteIndex [256][]uint16

func indexForms(n int, form func(int) (string, bool)) *firstByteIndex {
	var idx firstByteIndex
	for k := 0; k < n; k++ {
		f, fold := form(k)
		c := f[0]
		idx[c] = append(idx[c], uint16(k))
		if fold && isASCIILetter(c) {
			idx[c^0x20] = append(idx[c^0x20], uint16(k))
		}
	}
	return &idx
}

var scaleIndex = indexForms(len(scaleForms), func(k int) (string, bool) {
	return scaleForms[k].form, scaleForms[k].word
})

var suffixIndex = indexForms(len(suffixCurrencies), func(k int) (string, bool) {
	return suffixCurrencies[k].form, suffixCurrencies[k].fold
})
