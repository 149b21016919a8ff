package amount

// Spelled-out counts in front of a scale word: "a billion dollars", "two
// hundred million euros", "one and a half billion", "un milliard d'euros",
// "deux milliards", "trois cent cinquante millions", "un demi-milliard".
// Only counts below a thousand are read: above that the press uses digits.

// numberWords maps English and French number words to their value.
var numberWords = map[string]int64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90,

	"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
	"huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
	"quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
	"trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}

// maxNumberWords is how many words before a scale word are considered.
const maxNumberWords = 6

// spelledTenths reads number words (in text order) as tenths, so halves
// stay exact: "one and a half" is 15. ok is false unless every word is part
// of the count.
func spelledTenths(ws []string) (tenths int64, ok bool) {
	n := len(ws)
	if n == 2 {
		a, b := ws[0], ws[1]
		if equalFold(a, "half") && equalFold(b, "a") || equalFold(a, "a") && equalFold(b, "half") ||
			equalFold(a, "un") && equalFold(b, "demi") {
			return 5, true
		}
	}
	if n >= 4 && equalFold(ws[n-3], "and") && equalFold(ws[n-2], "a") && equalFold(ws[n-1], "half") {
		v, ok := cardinal(ws[:n-3])
		return v*10 + 5, ok
	}
	v, ok := cardinal(ws)
	return v * 10, ok
}

// cardinal reads a count from 1 to 999.
func cardinal(ws []string) (int64, bool) {
	var total int64
	var buf, prevBuf [16]byte
	var prev []byte
	for k, w := range ws {
		lw := lowerASCII(buf[:0], w)
		switch string(lw) {
		case "a", "an":
			// "a billion", "a hundred million"; never inside a count.
			if k != 0 || k+1 < len(ws) && !equalFold(ws[k+1], "hundred") {
				return 0, false
			}
			total = 1
		case "and", "et":
			// "two hundred and fifty", "vingt et un": only between words.
			if k == 0 || k == len(ws)-1 {
				return 0, false
			}
		case "hundred", "cent", "cents":
			if total >= 10 {
				return 0, false
			}
			total = max(total, 1) * 100
		default:
			v, found := numberWords[string(lw)]
			if !found {
				return 0, false
			}
			if v == 20 && string(prev) == "quatre" {
				v = 80 - 4 // quatre-vingt(s): the 4 was already added
			}
			total += v
		}
		prev = append(prevBuf[:0], lw...)
	}
	return total, total > 0 && total < 1000
}

// lowerASCII appends w in lower case to dst; words longer than dst's
// capacity are cut, which no number word is.
func lowerASCII(dst []byte, w string) []byte {
	for k := 0; k < len(w) && len(dst) < cap(dst); k++ {
		c := w[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
