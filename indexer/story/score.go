package story

import (
	"fmt"
	"math"
	"strings"
)

// Score weights: see Score.
const (
	wCompany     = 2.0  // companies in common (cosine of salience weights at least coHigh)
	wCompanyDiff = -5.0 // both name companies, none in common
	wAgency      = 1.0  // a specific agency both name in their titles (CDAO, NGA)
	wAmount      = 2.0  // amounts in common (cosine at least amHigh)
	wAmountClash = -3.0 // both mention amounts, none in common
	wDesig       = 1.2  // designations in common (F-35, PAC-3)
	wDesigClash  = -0.8 // both mention designations, none in common
	wTerms       = 4.0  // times the key-term overlap (0..1)
	wName        = 1.5  // names in common (Maven, TITAN)
	wNameClash   = -1.5 // both mention two names or more, none in common (half for one)
	wNearDup     = 4.0  // same language, SimHash within nearDupBits
	// wFrameClash is for two reports of incompatible kinds of event (an
	// award and the protest against it, a funding round and the takeover
	// it pays for, an order and a delivery), times the confidence of both
	// frames (see detectFrame). Such reports share the companies, the
	// names, the programme and the words of their subject, which alone
	// score up to twice the threshold (a follow-up naming the award's
	// companies and amount): the clash must outweigh a shared subject, so
	// it weighs more than companies and amounts together. A frame read
	// from a lead sentence counts half (see leadFrame).
	wFrameClash = -4.5

	// coLow and coHigh grade the cosine of the companies: under coLow the
	// companies in common are background of one article or both (a rival
	// named in passing, one award of a digest), which counts against,
	// down to wCompanyDiff for none; from coHigh they are what both
	// articles are about. amLow and amHigh grade the amounts alike, nmHigh
	// and dsHigh the names and designations (in common only, no penalty).
	coLow, coHigh = 0.2, 0.5
	amLow, amHigh = 0.2, 0.5
	nmHigh        = 0.35
	dsHigh        = 0.5

	nearDupBits = 10
	// sameCurrencyTolerance and usdTolerance say how far two amounts may
	// differ and still be one: reports round ($11.76B, $11.8 billion),
	// and a conversion by the reporter differs from the rate table (€600
	// million, $694 million).
	sameCurrencyTolerance = 0.025
	usdTolerance          = 0.12
	roundTolerance        = 0.2
)

// Score says how likely x and y report the same event; a story joins at
// DefaultThreshold. It is symmetric.
//
// Entities and amounts are compared by the cosine of their salience
// weights (see Sign): what both titles name weighs most, and an article
// that names many companies or amounts (a contract digest, a newsletter,
// a market review) shares little with any one report, since each of its
// entities is a small part of it.
func Score(x, y *Signature) float64 { return score(x, y, nil) }

// part is one component of a score, for Explain.
type part struct {
	name  string
	value float64
	sim   float64
}

func score(x, y *Signature, parts *[]part) float64 {
	s := 0.0
	add := func(name string, v, sim float64) {
		s += v
		if parts != nil && v != 0 {
			*parts = append(*parts, part{name, v, sim})
		}
	}
	if x.Lang == y.Lang && x.Sim != 0 && y.Sim != 0 && hamming(x.Sim, y.Sim) <= nearDupBits {
		add("neardup", wNearDup, float64(hamming(x.Sim, y.Sim)))
	}
	if len(x.companies.keys) > 0 && len(y.companies.keys) > 0 {
		c := x.companies.jaccard(&y.companies)
		add("companies", graded(c, coLow, coHigh, wCompany, -wCompanyDiff), c)
	}
	if _, best := x.agencies.common(&y.agencies); best > 0 {
		add("agency", wAgency*math.Sqrt(best), best)
	}
	if len(x.Amounts) > 0 && len(y.Amounts) > 0 {
		c := amountJaccard(x, y)
		v := graded(c, amLow, amHigh, wAmount, -wAmountClash)
		if v < 0 {
			// Background amounts differ between reports of one event
			// (a previous round, a programme's total); headline
			// amounts do not.
			v *= math.Sqrt(x.topAmount() * y.topAmount())
		}
		add("amounts", v, c)
	}
	if len(x.Designations) > 0 && len(y.Designations) > 0 {
		if c := setCosine(x.Designations, y.Designations); c > 0 {
			add("desig", wDesig*min(1, c/dsHigh), c)
		} else {
			add("desig", wDesigClash, 0)
		}
	}
	switch c := setCosine(x.Names, y.Names); {
	case c > 0:
		add("names", wName*min(1, c/nmHigh), c)
	case len(x.Names) >= 2 && len(y.Names) >= 2:
		add("names", wNameClash, 0)
	case len(x.Names) > 0 && len(y.Names) > 0:
		add("names", wNameClash/2, 0)
	}
	o := overlap(x.Terms, y.Terms)
	add("terms", wTerms*o, o)
	if x.frameConf > 0 && y.frameConf > 0 && !compatible(x.frame, y.frame) {
		add("frame "+x.frame.String()+"/"+y.frame.String(), wFrameClash*x.frameConf*y.frameConf, 0)
	}
	if x.roundup || y.roundup {
		// See roundup.go.
		same := x.roundup && y.roundup && x.companies.jaccard(&y.companies) >= roundupSame &&
			amountJaccard(x, y) >= roundupSame
		if !same && s > 0 {
			add("roundup", -s, 0)
		}
	}
	return s
}

// Explain returns Score(x, y) and its parts, for debugging.
func Explain(x, y *Signature) string {
	var parts []part
	s := score(x, y, &parts)
	var b strings.Builder
	fmt.Fprintf(&b, "%.2f =", s)
	for _, p := range parts {
		fmt.Fprintf(&b, " %s %+.2f (%.2f)", p.name, p.value, p.sim)
	}
	return b.String()
}

// graded maps a similarity in [0, 1] to a score: -neg at 0, rising to 0
// at lo, pos from hi.
func graded(sim, lo, hi, pos, neg float64) float64 {
	switch {
	case sim >= hi:
		return pos
	case sim >= lo:
		return pos * (sim - lo) / (hi - lo)
	}
	return -neg * (1 - sim/lo)
}

// amountJaccard is the weighted Jaccard similarity of the amounts of x
// and y (see weighted.jaccard), an amount of one matching at most one of
// the other.
func amountJaccard(x, y *Signature) float64 {
	var used uint64 // amounts of y already matched (the first 64)
	inter := 0.0
	for _, a := range x.Amounts {
		best, bi := 0.0, -1
		for j, b := range y.Amounts {
			if j < 64 && used&(1<<j) != 0 {
				continue
			}
			if m := min(a.w, b.w); m > best && sameMoney(a, b) {
				best, bi = m, j
			}
		}
		if bi >= 0 {
			inter += best
			if bi < 64 {
				used |= 1 << bi
			}
		}
	}
	if inter == 0 {
		return 0
	}
	return inter / (x.amountSum + y.amountSum - inter)
}

// topAmount is the largest weight of the amounts of s.
func (s *Signature) topAmount() float64 {
	w := 0.0
	for _, m := range s.Amounts {
		w = max(w, m.w)
	}
	return w
}

// sameMoney reports whether a and b may be one amount: within rounding in
// the same currency, within the spread of exchange rates across
// currencies. A round figure ("six milliards", "$2 billion") may be an
// approximation ("plus de", "about") of a precise one.
func sameMoney(a, b money) bool {
	tol := sameCurrencyTolerance
	if a.currency != b.currency {
		tol = usdTolerance
	}
	if round(a.value) || round(b.value) {
		tol = max(tol, roundTolerance)
	}
	if a.currency == b.currency {
		return near(a.value, b.value, tol)
	}
	return near(a.usd, b.usd, tol)
}

// round reports whether v has one significant digit (6e9, 2e8, 1e6).
func round(v float64) bool {
	if v <= 0 {
		return false
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	return math.Abs(v/p-math.Round(v/p)) < 1e-9
}

func near(a, b, tol float64) bool {
	if a <= 0 || b <= 0 {
		return false
	}
	return math.Abs(a-b) <= tol*math.Max(a, b)
}

// setCosine is |a ∩ b| / sqrt(|a| |b|) for two sorted lists.
func setCosine[T string | uint32](a, b []T) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := common(a, b)
	if n == 0 {
		return 0
	}
	return float64(n) / math.Sqrt(float64(len(a))*float64(len(b)))
}

// common counts the values two sorted lists share.
func common[T string | uint32](a, b []T) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// overlap is the share of the shorter sorted term list found in the
// other, damped a little for short lists (two titles of three words
// sharing two say less than two articles sharing twenty).
func overlap(a, b []uint32) float64 {
	n := min(len(a), len(b))
	if n == 0 {
		return 0
	}
	return float64(common(a, b)) / float64(n+1)
}
