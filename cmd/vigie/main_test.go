package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vigie/indexer"
	"vigie/indexer/enrich"
	"vigie/indexer/entity"
	"vigie/indexer/index"
	"vigie/indexer/store"
)

// vigie runs the command line in-process and returns its exit code and
// outputs.
func vigie(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

func TestExtractPrintsTheDesignShape(t *testing.T) {
	code, out, errOut := vigie(t, "OpenAI signe un contrat de 200 millions de dollars avec le Département de la Défense et le CDAO.", "extract")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Lang      string   `json:"lang"`
		Companies []string `json:"companies"`
		Agencies  []string `json:"agencies"`
		Amounts   []struct {
			Text     string  `json:"text"`
			Value    float64 `json:"value"`
			Currency string  `json:"currency"`
			USD      float64 `json:"usd"`
		} `json:"amounts"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Lang != "fr" || strings.Join(got.Companies, ",") != "OpenAI" || strings.Join(got.Agencies, ",") != "DoD,CDAO" {
		t.Fatalf("got %+v", got)
	}
	if len(got.Amounts) != 1 || got.Amounts[0].Text != "200 millions de dollars" || got.Amounts[0].Value != 2e8 ||
		got.Amounts[0].Currency != "USD" || got.Amounts[0].USD != 2e8 {
		t.Fatalf("amounts = %+v", got.Amounts)
	}
}

func TestImportThenSearchTheDemoCorpus(t *testing.T) {
	data := t.TempDir()
	demo := filepath.Join("..", "..", "demo")
	code, out, errOut := vigie(t, "", "import", "--data", data, "--feeds", filepath.Join(demo, "feeds.yaml"), filepath.Join(demo, "feeds"))
	if code != 0 {
		t.Fatalf("import exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "the store holds 76 articles") {
		t.Fatalf("import said: %s", out)
	}
	// Re-importing stores nothing new.
	if _, out, _ = vigie(t, "", "import", "--data", data, filepath.Join(demo, "feeds")); !strings.Contains(out, "0 new") {
		t.Fatalf("second import said: %s", out)
	}
	resp := searchJSON(t, "--data", data, "--agency", "Pentagone", "--sort", "date", "contrat")
	if resp.Total == 0 {
		t.Fatal("no hit for contrat + agency Pentagone (an alias of DoD)")
	}
	rec := enrich.New(nil, nil).Recognizer()
	for _, h := range resp.Hits {
		if !slices.ContainsFunc(h.Agencies, func(a string) bool {
			return a == "DoD" || slices.Contains(rec.Ancestors(entity.Mention{Name: a}), "DoD")
		}) {
			t.Errorf("hit with neither DoD nor one of its components: %+v", h)
		}
	}
	code, _, errOut = vigie(t, "", "search", "--data", data, `"unterminated`)
	if code != 1 || !strings.Contains(errOut, "unterminated phrase") {
		t.Fatalf("bad query: exit %d, %q", code, errOut)
	}
}

func TestUsageErrors(t *testing.T) {
	if code, _, errOut := vigie(t, "", "nope"); code != 2 || !strings.Contains(errOut, `unknown command "nope"`) {
		t.Fatalf("unknown command: exit %d %q", code, errOut)
	}
	if code, _, _ := vigie(t, "", "import"); code != 2 {
		t.Fatalf("import without paths: exit %d", code)
	}
	if code, _, errOut := vigie(t, "", "search", "--size", "500", "x"); code != 1 || !strings.Contains(errOut, "size") {
		t.Fatalf("size 500: exit %d %q", code, errOut)
	}
}

// An index built by an older Vigie (another mapping version) is rebuilt
// from the store when the data directory is opened: upgrading needs no
// manual step, and searches find what they found before.
func TestOldIndexRebuiltOnOpen(t *testing.T) {
	data := importDemo(t)
	idx, err := index.Open(filepath.Join(data, "index"))
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.SetInternal([]byte("vigie_mapping_version"), []byte("0")); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	resp := searchJSON(t, "--data", data, "drone")
	if resp.Total < 5 || !strings.Contains(resp.Hits[0].Snippet, "<mark>") {
		t.Fatalf("after the rebuild: %d hits, first snippet %q", resp.Total, resp.Hits[0].Snippet)
	}
	idx, err = index.Open(filepath.Join(data, "index"))
	if err != nil {
		t.Fatalf("the rebuilt index does not open: %v", err)
	}
	idx.Close()
}

// `vigie reindex` cleans title and text again from the stored feed
// entries and re-runs recognition: an article stored by an older, worse
// cleaner (simulated by garbling its text) comes back right, entities and
// all, under the same sequence number.
func TestReindexRereadsFeedEntries(t *testing.T) {
	data := importDemo(t)
	st, err := store.Open(filepath.Join(data, "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*indexer.Article{}
	if _, err := st.Rewrite(func(a *indexer.Article, _ indexer.Raw) bool {
		cp := *a
		want[a.ID] = &cp
		a.Title, a.Text = "<p>garbled</p>", "&lt;p&gt; garbled"
		a.Enrichment = indexer.Enrichment{Lang: "und"}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut := vigie(t, "", "reindex", "--data", data)
	if code != 0 || !strings.Contains(out, "76 articles: 76 changed") {
		t.Fatalf("reindex exit %d: %s %s", code, out, errOut)
	}
	// Again: nothing left to change (stored and fresh enrichments compare
	// equal, amounts' offsets included).
	if code, out, errOut := vigie(t, "", "reindex", "--data", data); code != 0 || !strings.Contains(out, "76 articles: 0 changed") {
		t.Fatalf("second reindex exit %d: %s %s", code, out, errOut)
	}
	st, err = store.Open(filepath.Join(data, "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for id, w := range want {
		got, err := st.Article(id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != w.Title || got.Text != w.Text || got.Seq != w.Seq ||
			!reflect.DeepEqual(got.Companies, w.Companies) || !reflect.DeepEqual(got.Amounts, w.Amounts) || got.Lang != w.Lang {
			t.Fatalf("article %s after reindex:\n got %q %q seq %d %v\nwant %q %q seq %d %v",
				id, got.Title, got.Text[:min(60, len(got.Text))], got.Seq, got.Companies, w.Title, w.Text[:min(60, len(w.Text))], w.Seq, w.Companies)
		}
	}
}

// importDemo imports the demo feeds into a new data directory.
func importDemo(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	if code, _, errOut := vigie(t, "", "import", "--data", data, filepath.Join("..", "..", "demo", "feeds")); code != 0 {
		t.Fatalf("import exit %d: %s", code, errOut)
	}
	return data
}

// searchResult is what the tests read of `vigie search --json`.
type searchResult struct {
	Total uint64 `json:"total"`
	Hits  []struct {
		Lang     string   `json:"lang"`
		Agencies []string `json:"agencies"`
		Snippet  string   `json:"snippet"`
	} `json:"hits"`
}

// searchJSON runs `vigie search --json args...` and decodes its answer.
func searchJSON(t *testing.T, args ...string) searchResult {
	t.Helper()
	code, out, errOut := vigie(t, "", append([]string{"search", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("search %q: exit %d: %s", args, code, errOut)
	}
	var resp searchResult
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return resp
}

// The OpenAI contract of the demo corpus is reported in
// English and in French: --stories shows it once, the other report named
// under it.
func TestSearchByStory(t *testing.T) {
	data := importDemo(t)
	code, out, errOut := vigie(t, "", "search", "--data", data, "--stories", "--from", "2025-06-17", "--to", "2025-06-19", "OpenAI")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "1 of 1 stories, 2 articles") {
		t.Errorf("count line missing:\n%s", out)
	}
	if !strings.Contains(out, "Also reported by: ") || strings.Count(out, "OpenAI") < 2 {
		t.Errorf("the other report is not listed under the lead:\n%s", out)
	}
	code, out, _ = vigie(t, "", "search", "--data", data, "--from", "2025-06-17", "--to", "2025-06-19", "OpenAI")
	if code != 0 || !strings.Contains(out, "2 of 2 articles") || strings.Contains(out, "Also reported by") {
		t.Errorf("without --stories, every article:\n%s", out)
	}
}
