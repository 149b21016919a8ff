package feed

import (
	"fmt"
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	p := os.Getenv("DUMP")
	b, _ := os.ReadFile(p)
	f, err := Parse(b, os.Getenv("CT"), "https://example.org/feed/")
	if err != nil {
		fmt.Println("ERR", err)
		return
	}
	fmt.Printf("title=%q link=%q lang=%q ttl=%v trunc=%v\n", f.Title, f.Link, f.Language, f.TTL, f.Truncated)
	for i, it := range f.Items {
		if i > 4 {
			break
		}
		fmt.Printf("- %q\n  link=%q guid=%q pub=%v known=%v upd=%v author=%q cats=%q\n  sum=%.80q\n", it.Title, it.Link, it.GUID, it.Published, it.DateKnown, it.Updated, it.Author, it.Categories, it.Summary)
	}
}
