package story_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"vigie/indexer"
	"vigie/indexer/enrich"
	"vigie/indexer/story"
)

// labelled is one article of the evaluation set: its text and the story a
// person assigned it to.
type labelled struct {
	ID        string    `json:"id"`
	Story     string    `json:"story"`
	Source    string    `json:"source"`
	Lang      string    `json:"lang"`
	Published time.Time `json:"published"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
}

func loadSet(t testing.TB, path string) ([]labelled, []*indexer.Article) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	en := enrich.New(nil, nil)
	var set []labelled
	var arts []*indexer.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		set = append(set, l)
		a := &indexer.Article{ID: l.ID, Source: l.Source, Title: l.Title, Text: l.Text, Published: l.Published}
		a.Enrichment = en.Enrich(l.Title, l.Text, l.Lang)
		// Signatures are computed again from stored articles: go through
		// the store's encoding (amount offsets, for one, are not kept).
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		a = &indexer.Article{}
		if err := json.Unmarshal(b, a); err != nil {
			t.Fatal(err)
		}
		if a.Lang != l.Lang {
			t.Errorf("%s: detected %s, labelled %s", l.ID, a.Lang, l.Lang)
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return set, arts
}

// pairScores are pairwise precision and recall counts.
type pairScores struct{ tp, fp, fn int }

func (p pairScores) precision() float64 {
	if p.tp+p.fp == 0 {
		return 1
	}
	return float64(p.tp) / float64(p.tp+p.fp)
}

func (p pairScores) recall() float64 {
	if p.tp+p.fn == 0 {
		return 1
	}
	return float64(p.tp) / float64(p.tp+p.fn)
}

func (p pairScores) String() string {
	return fmt.Sprintf("P %.3f R %.3f (tp %d fp %d fn %d)", p.precision(), p.recall(), p.tp, p.fp, p.fn)
}

// evaluate clusters arts in the given order and scores every pair.
func evaluate(set []labelled, arts []*indexer.Article, order []int) (within, cross pairScores, pred map[string]string) {
	c := story.New(story.Config{})
	for _, a := range arts {
		a.Story = ""
	}
	for _, i := range order {
		c.Assign(arts[i], nil)
	}
	pred = map[string]string{}
	for i := range set {
		pred[set[i].ID] = arts[i].Story
		for j := i + 1; j < len(set); j++ {
			gold := set[i].Story == set[j].Story
			got := arts[i].Story == arts[j].Story
			p := &within
			if set[i].Lang != set[j].Lang {
				p = &cross
			}
			switch {
			case gold && got:
				p.tp++
			case got:
				p.fp++
			case gold:
				p.fn++
			}
		}
	}
	return within, cross, pred
}

// TestStoryEval measures clustering on the labelled set
// (testdata/stories.jsonl: same events reported in French and English by
// several sources, and distractors: the same company with another
// contract, the same amount for another company). Pairwise precision and
// recall must stay above floors; `go test -v -run TestStoryEval` (or `make
// eval`) prints them, and VIGIE_EVAL_DIFF=1 lists the wrong pairs.
func TestStoryEval(t *testing.T) {
	set, arts := loadSet(t, "testdata/stories.jsonl")
	// Arrival order matters to greedy clustering: try publication order,
	// its reverse and the file order.
	byTime := make([]int, len(arts))
	for i := range byTime {
		byTime[i] = i
	}
	slices.SortStableFunc(byTime, func(a, b int) int { return arts[a].Published.Compare(arts[b].Published) })
	rev := slices.Clone(byTime)
	slices.Reverse(rev)
	file := make([]int, len(arts))
	for i := range file {
		file[i] = i
	}
	for _, tc := range []struct {
		name  string
		order []int
	}{{"published", byTime}, {"reverse", rev}, {"file", file}} {
		t.Run(tc.name, func(t *testing.T) {
			within, cross, pred := evaluate(set, arts, tc.order)
			t.Logf("%d articles, %d stories labelled", len(set), countStories(set))
			t.Logf("within a language: %s", within)
			t.Logf("cross-lingual:     %s", cross)
			if os.Getenv("VIGIE_EVAL_DIFF") != "" || t.Failed() {
				for i := range set {
					for j := i + 1; j < len(set); j++ {
						gold := set[i].Story == set[j].Story
						got := pred[set[i].ID] == pred[set[j].ID]
						if gold != got {
							t.Logf("  %-5v %s ~ %s", map[bool]string{true: "miss", false: "extra"}[gold], set[i].ID, set[j].ID)
						}
					}
				}
			}
			check := func(what string, got, floor float64) {
				if got < floor {
					t.Errorf("%s %.3f below the floor %.2f", what, got, floor)
				}
			}
			check("within-language precision", within.precision(), 0.95)
			check("within-language recall", within.recall(), 0.90)
			check("cross-lingual precision", cross.precision(), 0.90)
			check("cross-lingual recall", cross.recall(), 0.85)
		})
	}
}

func countStories(set []labelled) int {
	m := map[string]bool{}
	for _, l := range set {
		m[l.Story] = true
	}
	return len(m)
}
