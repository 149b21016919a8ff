package entity

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLoadFileErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string // substrings of the error
	}{
		{"bad_kind.yaml", []string{"line 6", `"Widget Agency"`, `unknown kind "agncy"`}},
		{"collision.yaml", []string{"line 13", `"Looney"`, `alias "road-runner" also names entity "Acme"`, "line 5"}},
		{"unknown_field.yaml", []string{"line 5", `unknown field "alias"`}},
		{"empty_name.yaml", []string{"line 6", "entity without a name"}},
		{"bad_country.yaml", []string{"line 2", `"Acme"`, `country "usa"`}},
		{"bad_override.yaml", []string{`"Acme"`, `case_sensitive lists "Acme Inc"`}},
		{"punctuation_alias.yaml", []string{"line 5", `"Acme, Inc"`, "punctuation"}},
		{"unknown_parent.yaml", []string{"line 2", `unknown parent "Wayne Enterprises"`}},
		{"duplicate_name.yaml", []string{"line 6", `"Acme"`, "duplicate name"}},
		{"syntax.yaml", []string{"yaml: line"}},
		{"no_entities.yaml", []string{"no entities"}},
		{"empty_alias.yaml", []string{`"Acme"`, "empty alias"}},
		{"symbol_alias.yaml", []string{`"Acme"`, `alias "—" has no letters`}},
		{"confirm_alone.yaml", []string{"line 2", `"Acme"`, "confirm has no effect"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			g, err := LoadFile(path)
			if err == nil {
				t.Fatalf("LoadFile(%s) = %v, want an error", tc.file, g)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %q does not wrap ErrInvalid", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, path) {
				t.Errorf("error %q does not name the file", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := LoadFile(filepath.Join(t.TempDir(), "absent.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want a not-exist error", err)
	}
}

func TestLoadEmptyAndHuge(t *testing.T) {
	if _, err := Load(strings.NewReader("")); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty input: err = %v", err)
	}
	huge := strings.NewReader(strings.Repeat("#", maxFileSize+1))
	if _, err := Load(huge); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge input: err = %v", err)
	}
}

func TestLoadValid(t *testing.T) {
	g, err := LoadFile(filepath.Join("testdata", "valid.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text      string
		companies []string
		agencies  []string
	}{
		{"ACME Corp and the MoSW", []string{"Acme Robotics"}, []string{"Ministry of Silly Walks"}},
		{"Acme Road", nil, nil},                // not_before
		{"the silly walks ministry", nil, nil}, // case_sensitive override
		{"the Silly Walks Ministry", nil, []string{"Ministry of Silly Walks"}},
		{"the French Ministry of Silly Walks", nil, nil}, // generic, another country
		{"the British Ministry of Silly Walks", nil, []string{"Ministry of Silly Walks"}},
		{"AL said", nil, nil},                                  // ambiguous alone
		{"Acme Labs (AL) said AL", []string{"Acme Labs"}, nil}, // confirmed
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			c, a := g.Match(tc.text)
			if !slices.Equal(c, tc.companies) || !slices.Equal(a, tc.agencies) {
				t.Errorf("Match(%q) = %q, %q; want %q, %q", tc.text, c, a, tc.companies, tc.agencies)
			}
		})
	}
	e, ok := g.Lookup("Acme Labs")
	if !ok || e.Parent != "Acme Robotics" || e.Country != "US" || !slices.Equal(e.Ambiguous, []string{"AL"}) {
		t.Errorf("Lookup(Acme Labs) = %+v, %v", e, ok)
	}
}

// TestEntitiesIsACopy checks that callers cannot change the gazetteer.
func TestEntitiesIsACopy(t *testing.T) {
	g, err := LoadFile(filepath.Join("testdata", "valid.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	es := g.Entities()
	es[0].Name = "Changed"
	es[0].Aliases[0] = "Changed"
	again := g.Entities()
	if again[0].Name != "Acme Robotics" || again[0].Aliases[0] != "Acme" {
		t.Errorf("Entities() shares memory with the gazetteer: %+v", again[0])
	}
}
