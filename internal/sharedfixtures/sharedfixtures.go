// Package sharedfixtures locates the real-world test fixtures written by
// others (feeds, articles) that live in ../shared/fixtures beside the
// repository. Tests read them in place; the repository never copies them.
package sharedfixtures

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns ../shared/fixtures (joined with elem) next to the directory
// holding go.mod, or skips the test when it is absent (CI clones the
// repository with shared/ beside it).
func Dir(tb testing.TB, elem ...string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("go.mod not found above the package directory")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared", "fixtures"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared fixtures not found at %s (clone shared/ beside the repository): %v", p, err)
	}
	return p
}
