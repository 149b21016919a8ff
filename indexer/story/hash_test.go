package story

import (
	"hash/fnv"
	"testing"
)

// hash64 must stay FNV-1a: the signatures, hence the stories, depend on it.
func TestHash64IsFNV1a(t *testing.T) {
	for _, w := range []string{"", "a", "contrat", "défense", "f-35", "strate"} {
		h := fnv.New64a()
		h.Write([]byte(w))
		if got, want := hash64([]byte(w)), mix(h.Sum64()); got != want {
			t.Errorf("hash64(%q) = %x, want %x", w, got, want)
		}
	}
}
