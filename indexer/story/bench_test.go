package story_test

import (
	"testing"

	"vigie/indexer/story"
)

// BenchmarkSign signs the articles of the labelled set (ns/op is per
// article), as ingest does for each new article.
func BenchmarkSign(b *testing.B) {
	_, arts := loadSet(b, "testdata/stories.jsonl")
	b.ResetTimer()
	i := 0
	for b.Loop() {
		story.Sign(arts[i%len(arts)])
		i++
	}
}

// BenchmarkAssign clusters the labelled set in file order (ns/op is per
// article).
func BenchmarkAssign(b *testing.B) {
	_, arts := loadSet(b, "testdata/stories.jsonl")
	var c *story.Clusterer
	i := 0
	for b.Loop() {
		if i%len(arts) == 0 {
			c = story.New(story.Config{})
		}
		a := arts[i%len(arts)]
		a.Story = ""
		c.Assign(a, nil)
		i++
	}
}
