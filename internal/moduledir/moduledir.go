// Package moduledir finds the Vigie module's directory, and beside it the
// real-world test fixtures written by others (../shared/fixtures), which
// tests read in place and the repository never copies.
package moduledir

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Root returns the directory holding go.mod, from the working directory up.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the Vigie module (no go.mod above the working directory)")
		}
		dir = parent
	}
}

// SharedFixtures returns ../shared/fixtures (joined with elem) next to the
// module root, or skips the test when it is absent (CI clones the
// repository with shared/ beside it).
func SharedFixtures(tb testing.TB, elem ...string) string {
	tb.Helper()
	root, err := Root()
	if err != nil {
		tb.Skip(err.Error())
	}
	p := filepath.Join(append([]string{root, "..", "shared", "fixtures"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared fixtures not found at %s (clone shared/ beside the repository): %v", p, err)
	}
	return p
}
