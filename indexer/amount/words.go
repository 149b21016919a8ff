package amount

// Spelled-out counts: in front of a scale word ("a billion dollars", "two
// hundred million euros", "one and a half billion", "un milliard d'euros",
// "trois cent cinquante millions", "un demi-milliard") and, below a
// million, as whole amounts in front of the currency ("ten dollars",
// "twenty-five euros", "a thousand dollars", "quatre-vingt-dix-neuf
// euros", "trois mille euros", "septante francs suisses"). French compounds
// are read as written: soixante-dix is 60+10, quatre-vingts 4×20, with the
// Belgian and Swiss septante, huitante, octante and nonante.

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
	"septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
}

// maxNumberWords is how many words before a scale word or a currency are
// considered: "deux mille quatre cent quatre-vingt-dix-neuf" is eight.
const maxNumberWords = 8

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

// cardinal reads a count from 1 to 999,999. It accepts only well-formed
// counts, so that a run of words which merely contains number words ("one
// two three") is not read as one.
func cardinal(ws []string) (int64, bool) {
	var total, group int64 // thousands already read; the count since
	var buf [16]byte
	quatre := false // the previous word was "quatre"
	for k, w := range ws {
		lw := lowerASCII(buf[:0], w)
		afterQuatre := quatre
		quatre = string(lw) == "quatre"
		switch string(lw) {
		case "a", "an":
			// "a billion", "a hundred million", "a thousand"; never inside
			// a count.
			if k != 0 || k+1 < len(ws) && !equalFold(ws[k+1], "hundred") && !equalFold(ws[k+1], "thousand") {
				return 0, false
			}
			group = 1
		case "and", "et":
			// "two hundred and fifty", "vingt et un": only between words.
			if k == 0 || k == len(ws)-1 {
				return 0, false
			}
		case "hundred", "cent", "cents":
			// "two hundred", "fifteen hundred", "trois cents".
			if group >= 100 {
				return 0, false
			}
			group = max(group, 1) * 100
		case "thousand", "mille":
			if total > 0 || group >= 1000 {
				return 0, false
			}
			total, group = max(group, 1)*1000, 0
		default:
			v, found := numberWords[string(lw)]
			if !found {
				return 0, false
			}
			tens := group % 100
			switch {
			case v == 20 && afterQuatre && tens == 4:
				v = 80 - 4 // quatre-vingt(s): the 4 was already added
			case v < 10 && tens%10 != 0, v >= 10 && v < 20 && tens != 0 && tens != 60 && tens != 80,
				v >= 20 && tens != 0:
				return 0, false // "five three", "twenty ten"; but soixante-dix
			}
			group += v
		}
	}
	total += group
	return total, total > 0 && total < 1000000
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
