package story

import (
	"bytes"
	"strings"
	"sync"
)

// Event frames. Reports of one subject in the same days are often about
// different events: the award, then the loser's protest or parliament's
// questions; a funding round, then an acquisition paid with it; a missile
// order, then a battery declared operational; an op-ed prompted by the
// news. They share the companies, the programme names and the words, so
// only the kind of event tells them apart. The frame is that kind, read
// from the cue words of the title (a headline says what happened), else of
// the lead sentence, in French and in English. A report with no cue has no
// frame and is compared as before: frames only ever count against, and
// only when both are known and incompatible (see compatible).
type frame uint8

const (
	frameNone        frame = iota
	frameAward             // contract, order, selection: awards, remporte, commande
	framePurchase          // "buys", "achète": a procurement or a takeover
	frameDeal              // "signs a deal", "accord": a contract, a takeover or an investment
	frameAcquisition       // a takeover or a merger: rachète, acquiert, merger
	frameFunding           // a funding round: raises, round, valuation, lève
	frameDelivery          // delivery, commissioning: takes delivery, réceptionne, opérationnel
	frameTest              // a test or a first flight: essai, test flight
	frameDispute           // protest, legal action, parliamentary scrutiny: recours, députés
	frameProduction        // a plant or a production line: usine, factory, fabriquer
	frameOpinion           // op-ed, tribune, editorial, or a headline that argues (should, doit)
	frameFinancials        // results, forecasts, share prices: outlook, prévisions, Bourse
	framePersonnel         // departures and appointments: steps down, démissionne, nommé
	framePolicy            // budgets, strategies, decrees: budget, stratégie, loi de programmation
	framePresence          // an office, a subsidiary, a move: opens an office, s'installe à, filiale
	nFrames
)

var frameNames = [nFrames]string{"none", "award", "purchase", "deal", "acquisition", "funding", "delivery",
	"test", "dispute", "production", "opinion", "financials", "personnel", "policy", "presence"}

func (f frame) String() string {
	if f < nFrames {
		return frameNames[f]
	}
	return "frame?"
}

// compatible reports whether two frames may be one event: an unknown frame
// may be anything; a purchase ("X buys Y") may be a procurement award or a
// takeover; a deal ("signs a deal") any of these, or an investment.
func compatible(a, b frame) bool {
	if a == b || a == frameNone || b == frameNone {
		return true
	}
	if a > b {
		a, b = b, a
	}
	switch a {
	case frameAward:
		return b == framePurchase || b == frameDeal
	case framePurchase:
		return b == frameDeal || b == frameAcquisition
	case frameDeal:
		return b == frameAcquisition || b == frameFunding
	}
	return false
}

// Frame confidence: the title names the event; a lead sentence, read only
// when the title has no cue, also tells its background ("ordered in
// 2017", "after the award").
const (
	titleFrame = 1.0
	leadFrame  = 0.5
)

// frameCues lists the cues of each frame by tier: when a headline has cues
// of several frames, the highest tier wins. A cue is folded words (see
// foldWords); a word ending in '*' matches any word it begins; a cue
// beginning with '^' matches only the first word of the text, one beginning
// with '@' only in a title (in a lead sentence, "continue to make
// contributions", "commissioned as a lieutenant", "raised concerns" and
// a "should" of reported speech say nothing of the event). Generic verbs
// that any event uses (gets, secures, obtient, launches, build, unveils)
// are no cue, nor are the words of analysis ("what the deal means"): an
// explainer published with the news is labelled with its story, unlike an
// op-ed, which argues.
//
// The tiers put the specific before the general: a label (TRIBUNE,
// Opinion) before all; a protest or lawsuit before the award it contests
// ("won't protest F-47 loss", "legal action on submarine award"); a
// funding round, a takeover, results, a departure, a commissioning before
// the contract words their reports often contain ("order forecast",
// "ordered in 2017"); a plant before the deal that builds it; and the
// words that need context ("raises" a ceiling, a "round" of talks,
// "should") last. Among awards, tests and deliveries, the first in the
// headline wins ("awards contract to test", "tests the missile it
// ordered").
var frameCues = []struct {
	tier  int
	frame frame
	cues  string // cues separated by '|'
}{
	{9, frameOpinion, `^tribune|^opinion|op ed|oped|editorial|editorials|commentary|point de vue|^chronique|^edito`},
	{8, frameDispute, `protest|protests|protested|protesting|lawsuit|lawsuits|sues|sued|suing|legal action|
		legal challenge|in court|court ruling|court rules|court blocks|federal court|supreme court|appeals court|
		tribunal|recours|contester|conteste|contestent|contestation|plainte|en justice|litige`},
	{8, framePolicy, `white paper|livre blanc|executive order|decret`},
	{7, frameFunding, `funding|fundraise|fundraising|valuation|valuations|valued at|valorisation|valorisee|
		valorise|vaut|leve|levent|levee|levee de fonds|levees de fonds|series a|series b|series c|series d|
		series e|tour de table`},
	{7, frameAcquisition, `takeover|takes over|rachete|rachetent|rachat|acquiert|acquierent|merger|mergers|
		merge|fusion|fusionner|fusionnent|buyout`},
	{7, frameFinancials, `earnings|quarterly|revenue|revenues|net profit|operating profit|profit warning|outlook|forecast|
		forecasts|raises guidance|lifts guidance|cuts guidance|resultats annuels|resultats semestriels|resultats trimestriels|
		resultats financiers|financial results|first quarter|second quarter|third quarter|
		fourth quarter|full year results|premier trimestre|deuxieme trimestre|troisieme trimestre|
		quatrieme trimestre|premier semestre|chiffre d affaires|benefice|previsions|prevision|stocks|bourse|share price|
		q1|q2|q3|q4|t1|t2|t3|t4|semestriels|trimestriels|annual results`},
	{7, framePersonnel, `steps down|step down|stepping down|resigns|resigned|resignation|fired|ousted|retires|
		appointed|appoints|named ceo|new ceo|demissionne|demission|quitte ses fonctions|limoge|limogeage|
		est nomme|est nommee|a ete nomme|a ete nommee|nomme a|nommee a|nomme au|nommee au|nomination|
		succede|succeeds|departure`},
	{7, frameDelivery, `takes delivery|take delivery|took delivery|accepts delivery|accepted delivery|
		handed over|hands over|receptionne|receptionnee|receptionnes|receptionnent|operational|operationnel|
		operationnelle|operationnels|enters service|entered service|entre en service|mise en service|
		mis en service|admis au service actif|admission au service actif|@commissioned|@commissioning|
		combat duty|initial operating capability|pleine capacite operationnelle`},
	{6, framePolicy, `budget|budgets|budgetaire|appropriations|spending bill|defense bill|ndaa|
		loi de programmation|lpm|strategy|strategie|roadmap|feuille de route`},
	{5, frameDispute, `lawmakers|legislators|parliament|parliamentary|parlement|parlementaires|deputes|
		senateurs|senators|demand answers|demands answers|exige des explications|probe|inquiry|investigation|
		investigates|enquete|audit|watchdog|gao|inspector general|cour des comptes|criticism|critiques|
		backlash|polemique`},
	{4, frameProduction, `plant|plants|factory|factories|gigafactory|usine|usines|production line|
		ligne de production|assembly line|chaine d assemblage|chaine de production|site de production|
		manufacturing site|@to make|@will make|fabriquer|fabriquera|fabriqueront|produire|produira|produiront`},
	{4, framePresence, `office|offices|bureau|bureaux|s installe|s installent|s implante|s implantent|
		implantation|filiale|subsidiary|subsidiaries|headquarters|inaugure|inaugurates|inaugurated`},
	{3, frameAward, `award|awards|awarded|awarding|contract|contracts|order|orders|ordered|wins|won|win|
		lands|landed|picks|picked|selects|selected|chooses|chose|taps|tapped|books|booked|clinches|
		attribu*|notifi*|remport*|decroch*|choisi*|contrat*|selectionn*|commande|commandes|commandent|
		commandee|commandees|commandera|retenu|retenue|confie|confient|rafle|gagne|gagnent|l emporte|
		marche public|appel d offres`},
	{3, frameTest, `test|tests|tested|test flight|test fired|test fires|flight test|flight tests|first flight|
		maiden flight|trials|essai|essais|teste|testee|testent|premier vol|vol inaugural|tir d essai|
		tir de qualification`},
	{3, frameDelivery, `delivers|delivered|livre|livres|livree|livrees|livrent|livraison|livraisons`},
	{2, framePurchase, `buys|buy|bought|buying|purchase|purchases|purchased|acquires|acquire|acquired|
		acquisition|achete|achetent|achat|achats|acquerir|s offre|s offrent|se dote|se doter|se dotent`},
	{2, frameDeal, `deal|deals|agreement|agreements|signs|signed|inks|accord|accords|accord cadre|
		signe|signent|signee|signes|signer|signera|signature`},
	{1, frameFunding, `@raises|@raise|@raised|@raising|@round|@rounds|@investors|@investisseurs`},
	{1, frameOpinion, `@should|@must|@needs|@need|@doit|@doivent|@faut|@can t afford|@cannot afford|@it s time|
		@time to`},
}

// cue is one parsed cue of frameCues.
type cue struct {
	words []string // the last may be a prefix
	last  bool     // the last word is a prefix
	first bool     // only as the first word
	title bool     // only in a title
	tier  int
	frame frame
}

type cueIndex struct {
	exact   map[string][]*cue // by first word
	prefix  map[string][]*cue // single prefix words, by prefix
	lengths uint64            // bit n: some prefix has n bytes
}

var cues = sync.OnceValue(func() *cueIndex {
	ix := &cueIndex{exact: map[string][]*cue{}, prefix: map[string][]*cue{}}
	for _, g := range frameCues {
		for _, c := range strings.Split(g.cues, "|") {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			k := &cue{tier: g.tier, frame: g.frame}
			if strings.HasPrefix(c, "^") {
				k.first = true
				c = c[1:]
			}
			if strings.HasPrefix(c, "@") {
				k.title = true
				c = c[1:]
			}
			k.words = strings.Fields(c)
			if w := k.words[len(k.words)-1]; strings.HasSuffix(w, "*") {
				k.last = true
				k.words[len(k.words)-1] = strings.TrimSuffix(w, "*")
			}
			if len(k.words) == 1 && k.last {
				p := k.words[0]
				ix.prefix[p] = append(ix.prefix[p], k)
				ix.lengths |= 1 << min(len(p), 63)
				continue
			}
			ix.exact[k.words[0]] = append(ix.exact[k.words[0]], k)
		}
	}
	return ix
})

// detectFrame returns the frame of a report and its confidence (0 when
// unknown): the frame of the title, else that of the lead sentence.
func detectFrame(title, text string) (frame, float64) {
	if f := frameOf(title, false); f != frameNone {
		return f, titleFrame
	}
	if f := frameOf(leadSentence(text), true); f != frameNone {
		return f, leadFrame
	}
	return frameNone, 0
}

// leadWords bounds the words of a lead sentence read for its frame: the
// main clause comes first; later clauses give background ("the battery
// should be operational by 2029").
const leadWords = 30

// leadSentence returns the first sentence of text, at most 300 bytes,
// without its dateline ("WASHINGTON, March 21 (Reuters) - ").
func leadSentence(text string) string {
	if len(text) > 300 {
		text = text[:300]
	}
	for _, dash := range []string{" - ", " – ", " — "} {
		if i := strings.Index(text, dash); i >= 0 && i < 60 {
			text = text[i+len(dash):]
			break
		}
	}
	for i := 0; i+1 < len(text); i++ {
		if c := text[i]; (c == '.' || c == '\n') && (text[i+1] == ' ' || text[i+1] == '\n') {
			// "U.S. Army", "Gen. Allvin", "M. Trump": a capital or a
			// short word before the dot ends no sentence.
			if c == '.' && i >= 1 && abbreviation(text[:i]) {
				continue
			}
			return text[:i]
		}
	}
	return text
}

func abbreviation(before string) bool {
	j := strings.LastIndexAny(before, " \n(") + 1
	w := before[j:]
	return len(w) <= 3 && w != "" && w[0] >= 'A' && w[0] <= 'Z'
}

// background are the words after which a lead sentence tells what came
// before ("two days after the company announced a funding round").
var background = setOf(`after following since amid apres depuis suite`)

// frameOf returns the frame of the highest-tier cue of s, the first in s
// among cues of one tier. In a lead sentence, it reads the main clause
// only (see leadWords and background), and not the cues of titles.
func frameOf(s string, lead bool) frame {
	if s == "" {
		return frameNone
	}
	var buf [320]byte
	folded := foldWords(buf[:0], s)
	// Words are slices of buf kept in an array, not appended: so
	// that neither escapes (Sign is on the ingest path).
	var ws [64][]byte
	n := 0
	for len(folded) > 0 && n < len(ws) {
		i := bytes.IndexByte(folded, ' ')
		if i < 0 {
			ws[n] = folded
			n++
			break
		}
		ws[n] = folded[:i]
		n++
		folded = folded[i+1:]
	}
	words := ws[:n]
	if lead {
		words = words[:min(len(words), leadWords)]
		for i, w := range words {
			if background[string(w)] {
				words = words[:i]
				break
			}
		}
	}
	ix := cues()
	best, tier := frameNone, 0
	for i, w := range words {
		for _, c := range ix.exact[string(w)] {
			if c.tier > tier && c.usable(words, i, lead) {
				best, tier = c.frame, c.tier
			}
		}
		for n := 3; n <= len(w) && n < 64; n++ {
			if ix.lengths&(1<<n) == 0 {
				continue
			}
			for _, c := range ix.prefix[string(w[:n])] {
				if c.tier > tier && c.usable(words, i, lead) {
					best, tier = c.frame, c.tier
				}
			}
		}
	}
	return best
}

// usable reports whether the cue is at words[at:] and may count there.
func (c *cue) usable(words [][]byte, at int, lead bool) bool {
	return !(c.first && at != 0) && !(lead && c.title) && c.matches(words[at:])
}

// matches reports whether words begin with the cue.
func (c *cue) matches(words [][]byte) bool {
	if len(words) < len(c.words) {
		return false
	}
	for i, w := range c.words {
		if i == len(c.words)-1 && c.last {
			if !bytes.HasPrefix(words[i], []byte(w)) {
				return false
			}
		} else if string(words[i]) != w {
			return false
		}
	}
	return true
}
