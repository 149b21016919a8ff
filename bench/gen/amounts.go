package gen

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Amount conventions: English "$200 million", "$1.5bn", "US$45M",
// "£2.3 billion", "€300m", "$480,000", "480,000 dollars"; French "200
// millions de dollars", "1,5 milliard d'euros", "200 M$", "15 Md€",
// "480 000 dollars" (with a space, a no-break space or a narrow no-break
// space as thousands separator).

type currency struct {
	code string
	// weight per language: how often en and fr articles use it.
	en, fr int
}

var currencies = []currency{
	{"USD", 70, 40},
	{"EUR", 12, 52},
	{"GBP", 12, 6},
	{"CAD", 6, 2},
}

var (
	clausesEN = []string{"a contract worth %s", "a %s deal", "valued at %s", "a budget of %s",
		"an order of %s", "for %s", "raised %s", "about %s", "nearly %s", "a %s award"}
	clausesFR = []string{"un contrat de %s", "d'un montant de %s", "pour %s", "une commande de %s",
		"une levée de %s", "un budget de %s", "environ %s", "près de %s", "évalué à %s"}
)

// amount draws a money amount and writes it in the article's language;
// it returns the amount as written and the clause around it.
func (w *writer) amount() (text, clause string) {
	// Most amounts are millions; a long tail up to tens of billions and
	// down to a few hundred thousand.
	exp := math.Max(4.7, math.Min(10.9, 7.6+1.1*w.r.NormFloat64()))
	v := roundSig(math.Pow(10, exp), 2+w.r.IntN(2))
	cur := w.currency()
	if w.l.code == "fr" {
		text = w.amountFR(v, cur)
		clause = clausesFR[w.r.IntN(len(clausesFR))]
	} else {
		text = w.amountEN(v, cur)
		clause = clausesEN[w.r.IntN(len(clausesEN))]
	}
	return text, fmt.Sprintf(clause, text)
}

func (w *writer) currency() string {
	total := 0
	for _, c := range currencies {
		total += c.weight(w.l.code)
	}
	x := w.r.IntN(total)
	for _, c := range currencies {
		if x -= c.weight(w.l.code); x < 0 {
			return c.code
		}
	}
	return "USD"
}

func (c currency) weight(lang string) int {
	if lang == "fr" {
		return c.fr
	}
	return c.en
}

func (w *writer) pick(forms ...string) string { return forms[w.r.IntN(len(forms))] }

func (w *writer) amountEN(v float64, cur string) string {
	sym := map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "CAD": "C$"}[cur]
	if cur == "USD" && w.r.IntN(6) == 0 {
		sym = "US$"
	}
	word := map[string]string{"USD": "dollars", "EUR": "euros", "GBP": "pounds", "CAD": "Canadian dollars"}[cur]
	switch {
	case v >= 1e9:
		n := decimal(v/1e9, ".")
		return w.pick(sym+n+" billion", sym+n+"bn", sym+n+" billion", n+" billion "+word, sym+n+"B")
	case v >= 1e6:
		n := decimal(v/1e6, ".")
		return w.pick(sym+n+" million", sym+n+"M", sym+n+"m", sym+n+" million", n+" million "+word)
	}
	n := grouped(v, ",")
	return w.pick(sym+n, n+" "+word)
}

func (w *writer) amountFR(v float64, cur string) string {
	sym := map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "CAD": "$ CA"}[cur]
	de := map[string]string{"USD": "de dollars", "EUR": "d'euros", "GBP": "de livres sterling", "CAD": "de dollars canadiens"}[cur]
	word := map[string]string{"USD": "dollars", "EUR": "euros", "GBP": "livres sterling", "CAD": "dollars canadiens"}[cur]
	scale := func(x float64, one string) string {
		if x >= 2 {
			return one + "s"
		}
		return one
	}
	switch {
	case v >= 1e9:
		x := v / 1e9
		n := decimal(x, ",")
		if cur == "USD" || cur == "EUR" {
			return w.pick(n+" "+scale(x, "milliard")+" "+de, n+" "+scale(x, "milliard")+" "+de, n+" Md"+sym)
		}
		return n + " " + scale(x, "milliard") + " " + de
	case v >= 1e6:
		x := v / 1e6
		n := decimal(x, ",")
		if cur == "USD" || cur == "EUR" {
			return w.pick(n+" "+scale(x, "million")+" "+de, n+" "+scale(x, "million")+" "+de, n+" M"+sym)
		}
		return n + " " + scale(x, "million") + " " + de
	}
	sep := w.pick(" ", " ", "\u00a0", "\u202f")
	return grouped(v, sep) + " " + word
}

// roundSig rounds v to digits significant digits.
func roundSig(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits)-math.Ceil(math.Log10(v)))
	return math.Round(v*p) / p
}

// decimal formats x with at most two decimals and the given decimal mark:
// 1.5, 12, 2.25.
func decimal(x float64, mark string) string {
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
	return strings.Replace(s, ".", mark, 1)
}

// grouped formats a whole number with a thousands separator.
func grouped(v float64, sep string) string {
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}
