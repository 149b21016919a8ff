package story

import "strings"

// Roundups. A contract digest ("Contracts For Dec. 20, 2024"), a weekly
// newsletter or a market review reports several events at once. It is a
// story of its own: it does not join the story of any one of its items,
// nor do the reports of its items join it, or a digest would chain every
// award of the day into one story. Two roundups join only when they list
// the same items (a digest and a rewrite of it).

// Roundup thresholds: an article naming roundupCompanies companies or
// more, none of them in its title, is a review of a sector; one with
// roundupAmounts amounts or more and roundupAmountCompanies companies is
// a list of awards.
const (
	roundupCompanies       = 6
	roundupAmounts         = 6
	roundupAmountCompanies = 4
	// roundupSame is the Jaccard similarity of both the companies and the
	// amounts at which two roundups list the same items.
	roundupSame = 0.4
)

// roundupWords are title words and phrases of newsletters and digests,
// folded and between spaces.
var roundupWords = []string{
	" weekly ", " roundup ", " round up ", " digest ", " newsletter ", " this week in ", " week in review ",
	" contracts for ", " hebdo ", " la semaine de ", " la semaine du ", " la semaine dans ", " revue de presse ",
	" en bref ", " l essentiel de la semaine ", " daily brief ",
}

// isRoundup reports whether an article reports several events: its title
// says so, or it names many companies and its title none of them, or it
// lists many awards.
func isRoundup(title string, s *Signature) bool {
	t := " " + string(foldWords(nil, title)) + " "
	for _, w := range roundupWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	// "Defense AI Weekly:", "Recode Daily:"
	if head, _, ok := strings.Cut(title, ":"); ok {
		h := " " + string(foldWords(nil, head)) + " "
		if strings.HasSuffix(h, " daily ") || strings.HasSuffix(h, " weekly ") {
			return true
		}
	}
	// A headline that names one kind of event ("sign deal to create
	// combined satellite maker") reports that event, whatever the number
	// of companies its body names; reviews of a sector are about markets,
	// budgets or opinions.
	singleEvent := s.frameConf == titleFrame && s.frame != frameFinancials && s.frame != frameOpinion &&
		s.frame != framePolicy
	named := 0
	for _, w := range s.companies.w {
		if w == titleWeight {
			return len(s.Amounts) >= roundupAmounts && len(s.companies.keys) >= roundupAmountCompanies+2
		}
		if w >= bodyWeight {
			named++
		}
	}
	return named >= roundupCompanies && !singleEvent || len(s.Amounts) >= roundupAmounts && named >= roundupAmountCompanies
}
