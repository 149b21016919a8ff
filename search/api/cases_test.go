package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// searchCase is one search behaviour, written as data in
// testdata/cases/*.json: a request and what the answer must be. The
// expectations were written by reading the corpus (testdata/feeds), not
// by copying answers.
type searchCase struct {
	Name   string `json:"name"`
	Query  string `json:"query"` // raw query string of GET /api/search
	Expect struct {
		Status int    `json:"status"` // default 200
		Error  string `json:"error"`  // error code, for 4xx cases
		Total  *int   `json:"total"`
		// Keys are the hits' keys (last URL segment): all of them, in any
		// order unless Ordered; First is a prefix of the hits, in order.
		Keys    []string `json:"keys"`
		Ordered bool     `json:"ordered"`
		First   []string `json:"first"`
		HitsLen *int     `json:"hits_len"`
		// Facets are expected counts: facet -> value or label -> count.
		Facets   map[string]map[string]int `json:"facets"`
		FacetLen map[string]int            `json:"facet_len"`
		// Selected lists, per facet, exactly the values marked selected.
		Selected   map[string][]string `json:"selected"`
		Fuzzy      *bool               `json:"fuzzy"`
		Suggestion string              `json:"suggestion"`
		// Also lists words the cross-lingual expansion must have added;
		// an empty list (not null) says it must have added none.
		Also []string `json:"also_searched"`
		// TotalStories is the stories counted with collapse=story;
		// Reported maps a hit's key to the keys of the other reports
		// listed under it (oldest first); a hit not named must list none.
		TotalStories *int                `json:"total_stories"`
		Reported     map[string][]string `json:"also_reported"`
	} `json:"expect"`
}

// searchAnswer is the part of /api/search answers the cases look at.
type searchAnswer struct {
	Total        int      `json:"total"`
	Fuzzy        bool     `json:"fuzzy"`
	Suggestion   string   `json:"suggestion"`
	Also         []string `json:"also_searched"`
	TotalStories int      `json:"total_stories"`
	Hits         []struct {
		ID        string `json:"id"`
		URL       string `json:"url"`
		Title     string `json:"title"`
		TitleHTML string `json:"title_html"`
		Snippet   string `json:"snippet"`
		Story     string `json:"story"`
		Reported  []struct {
			URL string `json:"url"`
		} `json:"also_reported"`
	} `json:"hits"`
	Facets map[string][]struct {
		Value    string `json:"value"`
		Label    string `json:"label"`
		Count    int    `json:"count"`
		Selected bool   `json:"selected"`
	} `json:"facets"`
}

// TestSearchCases runs every case of testdata/cases through the real HTTP
// stack and validates each request and answer against the OpenAPI
// document.
func TestSearchCases(t *testing.T) {
	srv := server(t)
	oa := loadOpenAPI(t, srv)
	files, err := filepath.Glob(filepath.Join("testdata", "cases", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	n := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var cases []searchCase
		if err := json.Unmarshal(raw, &cases); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		group := strings.TrimSuffix(filepath.Base(file), ".json")
		for _, c := range cases {
			n++
			t.Run(group+"/"+c.Name, func(t *testing.T) {
				r := get(t, srv, "/api/search?"+c.Query)
				oa.check(t, r)
				checkCase(t, c, r)
			})
		}
	}
	if n < 45 {
		t.Errorf("only %d search cases; the suite promises at least 45", n)
	}
}

func checkCase(t *testing.T, c searchCase, r response) {
	t.Helper()
	x := c.Expect
	if x.Status == 0 {
		x.Status = http.StatusOK
	}
	if x.Error != "" {
		wantError(t, r, x.Status, x.Error)
		return
	}
	if r.status != x.Status {
		t.Fatalf("status %d, want %d\n%s", r.status, x.Status, r.body)
	}
	a := decode[searchAnswer](t, r)
	keys := make([]string, len(a.Hits))
	for i, h := range a.Hits {
		keys[i] = hitKey(h.URL)
		checkEscaped(t, "title_html of "+keys[i], h.TitleHTML)
		checkEscaped(t, "snippet of "+keys[i], h.Snippet)
	}
	if x.Total != nil && a.Total != *x.Total {
		t.Errorf("total %d, want %d (hits %v)", a.Total, *x.Total, keys)
	}
	if x.Keys != nil {
		got, want := keys, x.Keys
		if !x.Ordered {
			got, want = sorted(got), sorted(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("hits %v, want %v", got, want)
		}
	}
	if len(x.First) > 0 && (len(keys) < len(x.First) || !slices.Equal(keys[:len(x.First)], x.First)) {
		t.Errorf("first hits %v, want %v", keys, x.First)
	}
	if x.HitsLen != nil && len(a.Hits) != *x.HitsLen {
		t.Errorf("%d hits, want %d", len(a.Hits), *x.HitsLen)
	}
	if x.Fuzzy != nil && a.Fuzzy != *x.Fuzzy {
		t.Errorf("fuzzy %v, want %v", a.Fuzzy, *x.Fuzzy)
	}
	if x.Suggestion != "" && a.Suggestion != x.Suggestion {
		t.Errorf("suggestion %q, want %q", a.Suggestion, x.Suggestion)
	}
	if x.Also != nil {
		for _, w := range x.Also {
			if !slices.Contains(a.Also, w) {
				t.Errorf("also searched %q, want it to include %q", a.Also, w)
			}
		}
		if len(x.Also) == 0 && len(a.Also) > 0 {
			t.Errorf("also searched %q, want nothing", a.Also)
		}
	}
	checkStories(t, c, a)
	checkFacets(t, c, a)
}

func checkStories(t *testing.T, c searchCase, a searchAnswer) {
	t.Helper()
	x := c.Expect
	if x.TotalStories != nil && a.TotalStories != *x.TotalStories {
		t.Errorf("total_stories %d, want %d", a.TotalStories, *x.TotalStories)
	}
	if x.Reported == nil {
		return
	}
	for _, h := range a.Hits {
		var got []string
		for _, r := range h.Reported {
			got = append(got, hitKey(r.URL))
		}
		if want := x.Reported[hitKey(h.URL)]; !slices.Equal(got, want) {
			t.Errorf("%s: also reported %v, want %v", hitKey(h.URL), got, want)
		}
	}
}

func checkFacets(t *testing.T, c searchCase, a searchAnswer) {
	t.Helper()
	x := c.Expect
	for facet, want := range x.Facets {
		got := map[string]int{}
		for _, v := range a.Facets[facet] {
			got[v.Value+v.Label] = v.Count
		}
		for value, n := range want {
			if got[value] != n {
				t.Errorf("facet %s[%s] = %d, want %d (facet: %v)", facet, value, got[value], n, got)
			}
		}
	}
	for facet, n := range x.FacetLen {
		if len(a.Facets[facet]) != n {
			t.Errorf("facet %s has %d values, want %d", facet, len(a.Facets[facet]), n)
		}
	}
	for facet, want := range x.Selected {
		var got []string
		for _, v := range a.Facets[facet] {
			if v.Selected {
				got = append(got, v.Value+v.Label)
			}
		}
		if !slices.Equal(sorted(got), sorted(want)) {
			t.Errorf("facet %s selected %v, want %v", facet, got, want)
		}
	}
}

// checkEscaped asserts s is escaped text where <mark> is the only tag.
func checkEscaped(t *testing.T, what, s string) {
	t.Helper()
	bare := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	if strings.ContainsAny(bare, "<>") {
		t.Errorf("%s is not escaped text with <mark> only: %q", what, s)
	}
	if strings.Count(s, "<mark>") != strings.Count(s, "</mark>") {
		t.Errorf("%s has unbalanced <mark>: %q", what, s)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
