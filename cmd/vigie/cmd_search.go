package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"vigie/search"
)

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runSearch(ctx context.Context, e *env, args []string) error {
	var c common
	fs := newFlagSet(e, "search", "QUERY...")
	c.register(fs)
	asJSON := fs.Bool("json", false, "print the API's JSON answer")
	var companies, agencies, langs, sources multiFlag
	fs.Var(&companies, "company", "only articles naming this company (repeatable: any of them)")
	fs.Var(&agencies, "agency", "only articles naming this agency (repeatable)")
	fs.Var(&langs, "lang", "only articles in this language: fr, en (repeatable)")
	fs.Var(&sources, "source", "only articles from this source (repeatable)")
	amountMin := fs.String("amount-min", "", "smallest amount in USD (e.g. 100000000 or 100M)")
	amountMax := fs.String("amount-max", "", "largest amount in USD")
	from := fs.String("from", "", "published on or after (YYYY-MM-DD)")
	to := fs.String("to", "", "published on or before (YYYY-MM-DD)")
	sort := fs.String("sort", "relevance", "relevance, date or amount")
	page := fs.Int("page", 1, "result page")
	size := fs.Int("size", 10, "results per page (at most 100)")
	stories := fs.Bool("stories", false, "one result per story, its other reports listed under it")
	xlang := fs.Bool("xlang", true, "also search the words' translations (--xlang=false: only as typed)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v := url.Values{}
	v.Set("q", strings.Join(fs.Args(), " "))
	v["company"], v["agency"], v["lang"], v["source"] = companies, agencies, langs, sources
	setIf(v, "amount_min", *amountMin)
	setIf(v, "amount_max", *amountMax)
	setIf(v, "from", *from)
	setIf(v, "to", *to)
	v.Set("sort", *sort)
	v.Set("page", strconv.Itoa(*page))
	v.Set("size", strconv.Itoa(*size))
	if *stories {
		v.Set("collapse", search.CollapseStory)
	}
	if !*xlang {
		v.Set("xlang", "0")
	}
	req, err := search.ParseRequest(v)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, &c, c.logger(e.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	resp, err := a.searcher.Search(ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(resp)
	}
	printResults(e.stdout, resp)
	return nil
}

func setIf(v url.Values, k, s string) {
	if s != "" {
		v.Set(k, s)
	}
}

var markRe = regexp.MustCompile(`</?mark>`)

// plainSnippet turns an HTML snippet into terminal text, matches in
// *asterisks*.
func plainSnippet(s string) string {
	return html.UnescapeString(markRe.ReplaceAllStringFunc(s, func(string) string { return "*" }))
}

func printResults(w io.Writer, r *search.Response) {
	if r.Fuzzy && r.Suggestion != "" {
		fmt.Fprintf(w, "No exact match; showing results for %q.\n", r.Suggestion)
	}
	first := (r.Page-1)*r.Size + 1
	if r.Total == 0 {
		fmt.Fprintln(w, "No article matches.")
		return
	}
	if len(r.AlsoSearched) > 0 {
		fmt.Fprintf(w, "Also searched: %s\n", strings.Join(r.AlsoSearched, ", "))
	}
	total, unit := r.Total, "articles"
	if r.Collapse == search.CollapseStory {
		total, unit = uint64(r.TotalStories), fmt.Sprintf("stories, %d articles", r.Total)
	}
	fmt.Fprintf(w, "%d of %d %s (%.1f ms)\n\n", len(r.Hits), total, unit, r.TookMS)
	for i, h := range r.Hits {
		fmt.Fprintf(w, "%2d. %s\n", first+i, h.Title)
		meta := []string{h.Source, h.Published.Format("2006-01-02"), h.Lang}
		if h.AmountUSD > 0 {
			meta = append(meta, "$"+humanUSD(h.AmountUSD))
		}
		fmt.Fprintf(w, "    %s\n", strings.Join(meta, " · "))
		if ents := append(append([]string{}, h.Companies...), h.Agencies...); len(ents) > 0 {
			fmt.Fprintf(w, "    %s\n", strings.Join(ents, ", "))
		}
		fmt.Fprintf(w, "    %s\n    %s\n", plainSnippet(h.Snippet), h.URL)
		if len(h.AlsoReported) > 0 {
			var also []string
			for _, o := range h.AlsoReported {
				also = append(also, fmt.Sprintf("%s (%s)", o.Source, o.Lang))
			}
			fmt.Fprintf(w, "    Also reported by: %s\n", strings.Join(also, ", "))
		}
		fmt.Fprintln(w)
	}
	if uint64(first+len(r.Hits)-1) < total {
		fmt.Fprintf(w, "More: --page %d\n", r.Page+1)
	}
}

// humanUSD writes 1.5e9 as "1.5B".
func humanUSD(v float64) string {
	for _, u := range []struct {
		div  float64
		unit string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}} {
		if v >= u.div {
			return strconv.FormatFloat(math.Round(v/u.div*10)/10, 'f', -1, 64) + u.unit
		}
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}
