package gold

import (
	"fmt"
	"io"
	"strings"
)

// WriteTable prints one row per set and kind: counts, precision, recall, F1.
func WriteTable(w io.Writer, results []*Result) {
	fmt.Fprintf(w, "%-14s %-10s %4s %4s %4s %6s %6s %6s\n", "set", "kind", "tp", "fp", "fn", "P", "R", "F1")
	for _, r := range results {
		for _, k := range Kinds {
			c := r.Counts[k]
			fmt.Fprintf(w, "%-14s %-10s %4d %4d %4d %6.3f %6.3f %6.3f\n", r.Set, k, c.TP, c.FP, c.FN, c.Precision(), c.Recall(), c.F1())
		}
	}
}

// WriteDiffs prints every article's missed and extra names.
func WriteDiffs(w io.Writer, r *Result) {
	for _, d := range r.Diffs {
		fmt.Fprintf(w, "%s %s %s:", r.Set, d.Article, d.Kind)
		if len(d.Missed) > 0 {
			fmt.Fprintf(w, " missed [%s]", strings.Join(d.Missed, "; "))
		}
		if len(d.Extra) > 0 {
			fmt.Fprintf(w, " extra [%s]", strings.Join(d.Extra, "; "))
		}
		fmt.Fprintln(w)
	}
}
