package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// The demo corpus names Prima Materia, Helsing's investor, in two
// articles without a legal form; an article naming "Prima Materia AB"
// teaches the name, and both older articles are then filed under it.
func TestEntitiesLearntAndCurated(t *testing.T) {
	data := importDemo(t)
	code, out, errOut := vigie(t, "", "import", "--data", data, filepath.Join("testdata", "teach-prima-materia.xml"))
	if code != 0 || !strings.Contains(out, "1 stored article re-enriched") {
		t.Fatalf("import exit %d: %s %s", code, out, errOut)
	}
	if got := searchJSON(t, "--data", data, "--company", "Prima Materia").Total; got != 3 {
		t.Fatalf("company=Prima Materia finds %d articles, want 3", got)
	}

	code, out, errOut = vigie(t, "", "entities", "--data", data, "list", "--json")
	if code != 0 {
		t.Fatalf("entities exit %d: %s", code, errOut)
	}
	var list struct {
		Entities []struct {
			Name     string   `json:"name"`
			Kind     string   `json:"kind"`
			Status   string   `json:"status"`
			Articles int      `json:"articles"`
			Aliases  []string `json:"aliases"`
		} `json:"entities"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	found := false
	for _, e := range list.Entities {
		if e.Name == "Prima Materia" {
			found = e.Kind == "company" && e.Status == "learned" && e.Articles == 1 &&
				strings.Join(e.Aliases, "|") == "Prima Materia AB"
		}
	}
	if !found {
		t.Fatalf("Prima Materia not listed as learnt: %s", out)
	}
	if code, out, _ = vigie(t, "", "entities", "--data", data); code != 0 ||
		!strings.Contains(out, "Prima Materia  ") || !strings.Contains(out, "NAME") {
		t.Fatalf("table: exit %d\n%s", code, out)
	}

	code, out, errOut = vigie(t, "", "entities", "--data", data, "rename", "Prima Materia", "Prima Materia Ventures")
	if code != 0 || !strings.Contains(out, "3 articles changed") {
		t.Fatalf("rename exit %d: %q %s", code, out, errOut)
	}
	if got := searchJSON(t, "--data", data, "--company", "Prima Materia Ventures").Total; got != 3 {
		t.Fatalf("after rename, the new name finds %d", got)
	}
	code, out, errOut = vigie(t, "", "entities", "--data", data, "reject", "Prima Materia Ventures")
	if code != 0 || !strings.Contains(out, "3 articles changed") {
		t.Fatalf("reject exit %d: %q %s", code, out, errOut)
	}
	if got := searchJSON(t, "--data", data, "--company", "Prima Materia Ventures").Total; got != 0 {
		t.Fatalf("after reject, the name finds %d", got)
	}

	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"reject", "Nope"}, 1, `no discovered entity named "Nope"`},
		{[]string{"merge", "Prima Materia Ventures", "Nope"}, 1, `no entity named "Nope"`},
		{[]string{"reject"}, 2, "needs 1 name"},
		{[]string{"frobnicate"}, 1, `unknown entities action "frobnicate"`},
	} {
		code, _, errOut := vigie(t, "", append([]string{"entities", "--data", data}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.msg) {
			t.Errorf("entities %q: exit %d, %q", tc.args, code, errOut)
		}
	}
}
