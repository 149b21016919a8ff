package story_test

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"vigie/indexer/story"
)

// TestStoryDebug is a debugging aid for tuning the score, not a check. With
// VIGIE_EVAL_DIFF=1 it clusters the labelled set in publication order and
// prints each predicted story with the labelled story of its members, then
// the pairs within the window that the threshold gets wrong, or nearly
// (gold pairs scoring under the threshold plus a margin, other pairs over
// it minus the margin), with the parts of their score (see story.Explain).
//
//	VIGIE_EVAL_DIFF=1 go test -v -run TestStoryDebug ./indexer/story/
//
// VIGIE_EVAL_ID=id limits the pair listing to pairs with that article.
func TestStoryDebug(t *testing.T) {
	if os.Getenv("VIGIE_EVAL_DIFF") == "" {
		t.Skip("set VIGIE_EVAL_DIFF=1 to print the clusters and the near-threshold pairs")
	}
	set, arts := loadSet(t, "testdata/stories.jsonl")
	order := make([]int, len(arts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return arts[a].Published.Compare(arts[b].Published) })
	evaluate(set, arts, order)
	byPred := map[string][]int{}
	var preds []string
	for _, i := range order {
		p := arts[i].Story
		if byPred[p] == nil {
			preds = append(preds, p)
		}
		byPred[p] = append(byPred[p], i)
	}
	for _, p := range preds {
		m := byPred[p]
		labels := map[string]bool{}
		for _, i := range m {
			labels[set[i].Story] = true
		}
		if len(m) < 2 && len(labels) < 2 {
			continue
		}
		mark := ""
		if len(labels) > 1 {
			mark = "  <-- mixed"
		}
		t.Logf("story %s%s", p, mark)
		for _, i := range m {
			t.Logf("    %-14s %-40s %s", set[i].ID, set[i].Story, set[i].Title)
		}
	}
	sigs := make([]*story.Signature, len(arts))
	for i, a := range arts {
		sigs[i] = story.Sign(a)
	}
	const margin = 1.0
	only := os.Getenv("VIGIE_EVAL_ID")
	type pair struct {
		s    float64
		i, j int
	}
	var ps []pair
	for i := range arts {
		for j := i + 1; j < len(arts); j++ {
			if only != "" && set[i].ID != only && set[j].ID != only {
				continue
			}
			d := arts[i].Published.Sub(arts[j].Published)
			if d < 0 {
				d = -d
			}
			if d > story.DefaultWindow {
				continue
			}
			s := story.Score(sigs[i], sigs[j])
			gold := set[i].Story == set[j].Story
			if (gold && s < story.DefaultThreshold+margin) || (!gold && s > story.DefaultThreshold-margin) {
				ps = append(ps, pair{s, i, j})
			}
		}
	}
	sort.Slice(ps, func(a, b int) bool { return ps[a].s > ps[b].s })
	for _, p := range ps {
		gold := set[p.i].Story == set[p.j].Story
		t.Logf("%6.2f %-5v %s ~ %s: %s", p.s, gold, set[p.i].ID, set[p.j].ID, strings.TrimSpace(story.Explain(sigs[p.i], sigs[p.j])))
	}
}
