package feed

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"unicode"
)

// parseLooseDate is the fallback for dates gofeed cannot read: French and
// other localised RFC 822 look-alikes ("mardi 4 mars 2025 10:00",
// "Mar, 04 Mars 2025 10:00:00 +0100", "Seg, 24 Set 2018 19:42:40 -0300"),
// written-out dates ("1er mars 2025 à 10h30", "March 4th, 2025 10:00 AM EST")
// and numeric ones ("04/03/2025 10:00", "2025-03-04 10:00").
//
// A date without a zone is read in loc. Numeric dates are read day first
// (dd/mm/yyyy) unless monthFirst is set (US feeds) or the first number
// cannot be a month. It reports false rather than guess a wrong year.
func parseLooseDate(s string, loc *time.Location, monthFirst bool) (time.Time, bool) {
	s = foldDate(s)
	if s == "" {
		return time.Time{}, false
	}
	year, month, day, rest, ok := findDate(s, monthFirst)
	if !ok {
		return time.Time{}, false
	}
	hour, minute, sec, rest, ok := findClock(rest)
	if !ok {
		return time.Time{}, false
	}
	if zone, found := findZone(rest); found {
		loc = zone
	}
	if loc == nil {
		loc = time.UTC
	}
	t := time.Date(year, month, day, hour, minute, sec, 0, loc)
	if t.Day() != day || t.Month() != month { // 31 February and the like
		return time.Time{}, false
	}
	return t, true
}

// foldDate lower-cases, strips accents and turns punctuation that only
// separates words into spaces, keeping the characters dates are built with.
func foldDate(s string) string {
	folded, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err == nil {
		s = folded
	}
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case strings.ContainsRune(":/+-.", r):
			return r
		}
		return ' '
	}, s)
}

var (
	isoDate     = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:t|\b)`)
	numericDate = regexp.MustCompile(`\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b`)
	clock       = regexp.MustCompile(`\b(\d{1,2})\s*(?::|h)\s*(\d{2})(?:\s*:\s*(\d{2}))?(?:\.\d+)?\s*(am|pm|a\.m\.|p\.m\.)?|\b(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.|h)(?:\s|$)`)
	numZone     = regexp.MustCompile(`(?:^|[\s\d])(?:gmt|utc|ut)?\s*([+-])(\d{1,2})(?::?(\d{2}))?\b`)
	ordinal     = regexp.MustCompile(`^(\d{1,2})(?:er|re|st|nd|rd|th|e|eme|o)?$`)
)

// months maps folded month names and abbreviations in English, French,
// Spanish, Portuguese, Italian and German to their number. "mar" is also the
// French and Spanish abbreviation for Tuesday; findDate handles that clash.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "janvier": 1, "janv": 1, "enero": 1, "ene": 1, "janeiro": 1, "gennaio": 1, "gen": 1, "januar": 1,
	"february": 2, "feb": 2, "fevrier": 2, "fevr": 2, "fev": 2, "febrero": 2, "fevereiro": 2, "febbraio": 2, "februar": 2,
	"march": 3, "mar": 3, "mars": 3, "marzo": 3, "marco": 3, "marz": 3,
	"april": 4, "apr": 4, "avril": 4, "avr": 4, "abril": 4, "abr": 4, "aprile": 4,
	"may": 5, "mai": 5, "mayo": 5, "maio": 5, "maggio": 5, "mag": 5,
	"june": 6, "jun": 6, "juin": 6, "junio": 6, "junho": 6, "giugno": 6, "giu": 6, "juni": 6,
	"july": 7, "jul": 7, "juillet": 7, "juil": 7, "julio": 7, "julho": 7, "luglio": 7, "lug": 7, "juli": 7,
	"august": 8, "aug": 8, "aout": 8, "agosto": 8, "ago": 8,
	"september": 9, "sep": 9, "sept": 9, "septembre": 9, "septiembre": 9, "setiembre": 9, "setembro": 9, "set": 9, "settembre": 9,
	"october": 10, "oct": 10, "octobre": 10, "octubre": 10, "outubro": 10, "out": 10, "ottobre": 10, "ott": 10, "oktober": 10, "okt": 10,
	"november": 11, "nov": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
	"december": 12, "dec": 12, "decembre": 12, "diciembre": 12, "dic": 12, "dezembro": 12, "dez": 12, "dicembre": 12, "dezember": 12,
}

// zones are the abbreviations feeds actually use, with their offsets in
// minutes east of UTC.
var zones = map[string]int{
	"z": 0, "gmt": 0, "utc": 0, "ut": 0, "wet": 0,
	"bst": 60, "cet": 60, "west": 60, "cest": 120, "eet": 120, "eest": 180, "msk": 180,
	"ist": 330,
	"est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
}

// findDate extracts year, month and day and returns the text left around
// them, in which the clock and zone are then looked for.
func findDate(s string, monthFirst bool) (int, time.Month, int, string, bool) {
	if m := isoDate.FindStringSubmatchIndex(s); m != nil {
		y, mo, d := atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		if validDate(y, mo, d) {
			return y, time.Month(mo), d, s[:m[0]] + " " + s[m[7]:], true
		}
	}
	if m := numericDate.FindStringSubmatchIndex(s); m != nil {
		a, b, y := atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		if y < 100 {
			y += 2000
		}
		d, mo := a, b
		if (monthFirst && a <= 12) || b > 12 {
			d, mo = b, a
		}
		if validDate(y, mo, d) {
			return y, time.Month(mo), d, s[:m[0]] + " " + s[m[1]:], true
		}
	}
	return findWrittenDate(s)
}

// findWrittenDate reads dates whose month is a word: "4 mars 2025",
// "March 4th, 2025", "Seg, 24 Set 2018".
func findWrittenDate(s string) (int, time.Month, int, string, bool) {
	tokens := strings.Fields(s)
	monthAt := -1
	for i, tok := range tokens {
		// The last month-like word wins: in "mar 04 mars 2025" the first
		// "mar" is the weekday (mardi), the month comes after the day.
		if _, ok := months[strings.TrimRight(tok, ".")]; ok {
			monthAt = i
		}
	}
	if monthAt < 0 {
		return 0, 0, 0, "", false
	}
	month := months[strings.TrimRight(tokens[monthAt], ".")]
	used := map[int]bool{monthAt: true}
	day := 0
	for _, j := range []int{monthAt - 1, monthAt + 1} {
		if j < 0 || j >= len(tokens) {
			continue
		}
		if m := ordinal.FindStringSubmatch(strings.TrimRight(tokens[j], ".")); m != nil {
			if d := atoi(m[1]); d >= 1 && d <= 31 {
				day = d
				used[j] = true
				break
			}
		}
	}
	year := 0
	for j, tok := range tokens {
		tok = strings.TrimRight(tok, ".")
		if !used[j] && len(tok) == 4 && isDigits(tok) {
			year = atoi(tok)
			used[j] = true
			break
		}
	}
	if day == 0 || !validDate(year, int(month), day) {
		return 0, 0, 0, "", false
	}
	rest := make([]string, 0, len(tokens))
	for j, tok := range tokens {
		if !used[j] {
			rest = append(rest, tok)
		}
	}
	return year, month, day, strings.Join(rest, " "), true
}

// findClock reads an optional time of day. A string with digits that look
// like a clock but do not make one (25:70) is rejected rather than ignored.
func findClock(s string) (int, int, int, string, bool) {
	m := clock.FindStringSubmatchIndex(s)
	if m == nil {
		return 0, 0, 0, s, true
	}
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	var h, mi, sec int
	var meridiem string
	if group(1) != "" {
		h, mi = atoi(group(1)), atoi(group(2))
		if group(3) != "" {
			sec = atoi(group(3))
		}
		meridiem = group(4)
	} else {
		h, meridiem = atoi(group(5)), group(6)
	}
	switch strings.ReplaceAll(meridiem, ".", "") {
	case "am":
		if h == 12 {
			h = 0
		}
	case "pm":
		if h < 12 {
			h += 12
		}
	}
	if h > 23 || mi > 59 || sec > 60 {
		return 0, 0, 0, "", false
	}
	return h, mi, min(sec, 59), s[:m[0]] + " " + s[m[1]:], true
}

func findZone(s string) (*time.Location, bool) {
	if m := numZone.FindStringSubmatch(s); m != nil {
		h, mi := atoi(m[2]), atoi(m[3])
		if h <= 14 && mi < 60 {
			off := h*3600 + mi*60
			if m[1] == "-" {
				off = -off
			}
			return time.FixedZone("", off), true
		}
	}
	for _, tok := range strings.Fields(s) {
		if off, ok := zones[tok]; ok {
			return time.FixedZone(strings.ToUpper(tok), off*60), true
		}
	}
	return nil, false
}

// Plausible years for a news item: earlier ones are placeholders (epoch 0,
// "0001-01-01") that would sort an article into the distant past.
const (
	minPlausibleYear = 1980
	maxPlausibleYear = 2200
)

func validDate(y, m, d int) bool {
	return y >= minPlausibleYear && y <= maxPlausibleYear && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// atoi reads a short run of ASCII digits matched by a regexp; "" is 0.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
