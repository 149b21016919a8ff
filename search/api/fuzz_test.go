package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vigie/search/api"
)

// FuzzSearchParams sends arbitrary query strings through the whole stack
// (parameter parsing, the query language, bleve): the answer must be 200
// with escaped snippets or a 400 in the JSON error shape, never a 500.
func FuzzSearchParams(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "cases", "*.json"))
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var cases []searchCase
		if err := json.Unmarshal(raw, &cases); err != nil {
			f.Fatal(err)
		}
		for _, c := range cases {
			f.Add(c.Query)
		}
	}
	for _, s := range []string{"q=((((a", "q=-(-(-a))", "q=title:", `q="`, "q=%ff%fe", "q=a+OR+OR+b",
		"q=company:%22%22", "amount_min=1e400", "from=0000-00-00", "q=*", "q=a%00b", "q=%E2%80%9Cphrase"} {
		f.Add(s)
	}
	e, err := api.New(config())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		if strings.ContainsAny(rawQuery, "# \r\n") {
			return // not a query string a client can send
		}
		req := httptest.NewRequest(http.MethodGet, "/api/search", nil)
		req.URL.RawQuery = rawQuery
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			var a searchAnswer
			if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
				t.Fatalf("%q: 200 with a body that is not a search answer: %v", rawQuery, err)
			}
			for _, h := range a.Hits {
				checkEscaped(t, "snippet", h.Snippet)
				checkEscaped(t, "title_html", h.TitleHTML)
			}
		case http.StatusBadRequest:
			var e apiError
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("%q: 400 without the error shape: %s", rawQuery, rec.Body)
			}
		default:
			t.Fatalf("%q: status %d: %s", rawQuery, rec.Code, rec.Body)
		}
	})
}
