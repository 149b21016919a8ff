package entity

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"vigie/internal/moduledir"
)

// fixtureDir returns the shared real-world fixtures folder, which CI clones
// beside the repository, or skips the test when it is absent.
func fixtureDir(t testing.TB, sub string) string { return moduledir.SharedFixtures(t, sub) }

// TestDoDPublicArticles runs the gazetteer over real U.S. government and
// company press releases. The expected lists were checked by reading each
// article: they hold every company and agency it names (and only those), in
// order of first mention. Notable traps: "Indian Navy", "Royal Australian Air
// Force" and "Lt. Col. Dell Olmstead" must not count, "JMSDF" is the Japan
// Self-Defense Forces, "Raytheon Company" is RTX and "AV" is AeroVironment.
func TestDoDPublicArticles(t *testing.T) {
	dir := fixtureDir(t, filepath.Join("articles", "dod-public"))
	tests := []struct {
		file      string
		companies []string
		agencies  []string
	}{
		{"001-ronald-reagan-carrier-strike-group-operates-with-j.txt", nil,
			[]string{"JSDF", "US Navy", "US 7th Fleet"}},
		{"004-nimitz-carrier-strike-group-enters-5th-fleet.txt", nil, // not "U.S. military", "Sailors and Marines", "Indian Navy"
			[]string{"US 5th Fleet"}},
		{"007-nimitz-carrier-strike-group-arrives-in-hawaii.txt", nil,
			[]string{"French Navy", "JSDF", "Royal Navy", "US 5th Fleet", "US 3rd Fleet", "US Navy", "US 7th Fleet"}},
		{"009-ronald-reagan-carrier-strike-group-operates-in-the.txt", nil,
			[]string{"US Navy", "US Air Force", "US Army", "US Marine Corps", "US Space Force", "US 7th Fleet"}},
		{"014-florida-returns-from-historic-submarine-deployment.txt", nil,
			[]string{"EUCOM", "UN", "DoD", "US 6th Fleet", "US Navy"}},
		{"018-space-development-agency-nd-congressional-leaders.txt", []string{"General Dynamics", "RTX"},
			[]string{"SDA", "US Air Force", "DoD"}},
		{"021-army-space-support-team-5-last-in-afghanistan.txt", nil,
			[]string{"US Army", "NATO", "USASOC", "US Air Force", "SOCOM"}},
		{"027-cadets-test-for-hypersonic-speeds-in-aero-wind-tun.txt", nil,
			[]string{"USAFA"}},
		{"029-army-awards-contracts-to-accelerate-javelin-and-st.txt", []string{"RTX", "Lockheed Martin"},
			[]string{"US Army", "Army Contracting Command", "US Marine Corps", "US Navy"}},
		{"031-u-s-army-awards-expedited-production-contract-for.txt", []string{"Lockheed Martin"},
			[]string{"US Army", "Army Contracting Command", "PEO Missiles and Space"}},
		{"032-pm-uas-awards-production-contract-for-long-range-r.txt", []string{"AeroVironment"},
			[]string{"US Army"}},
		{"034-dod-awards-navsup-wss-for-contracting-excellence.txt", []string{"GE Aerospace"},
			[]string{"DoD", "NAVSUP WSS", "NAVAIR", "US Navy", "US Marine Corps"}},
		{"036-lrip-and-frp-contracts-awarded-for-the-integrated.txt", []string{"Northrop Grumman"},
			[]string{"US Army", "Army Futures Command", "PEO Missiles and Space"}},
		{"037-army-announces-contract-award-for-tow-weapon-syste.txt", []string{"RTX"},
			[]string{"US Army", "US Marine Corps", "PEO Missiles and Space", "Army Contracting Command", "DoD"}},
		{"040-army-accelerates-advances-manufacturing-with-contr.txt", []string{"Hadrian"},
			[]string{"US Army", "Army Materiel Command", "Army Contracting Command"}},
		{"041-navfac-northwest-awards-54-2-million-contract-for.txt", nil,
			[]string{"NAVFAC", "DoD", "US Navy"}},
		{"042-u-s-army-awards-9-8-billion-contract-enhancing-rea.txt", []string{"Lockheed Martin"},
			[]string{"US Army", "PEO Missiles and Space", "Army Contracting Command", "DoD"}},
		{"046-hagel-welcomes-japan-s-new-collective-self-defense.txt", nil,
			[]string{"DoD", "JSDF", "Japan MoD", "Defense Media Activity"}},
		{"048-policy-official-notes-cybersecurity-challenges.txt", nil,
			[]string{"DoD", "US Army", "CYBERCOM", "STRATCOM", "NSA", "American Forces Press Service"}},
		{"052-secretary-discusses-iran-with-israeli-defense-mini.txt", nil,
			[]string{"Israel MoD", "DoD", "US Navy", "American Forces Press Service"}},
		{"054-hagel-supports-changes-to-u-s-policy-on-landmines.txt", nil,
			[]string{"DoD", "US Navy", "White House", "Defense Media Activity"}},
		{"901-lockheed-q3-2025-results.txt", []string{"Lockheed Martin"}, nil},
		{"902-rtx-q3-2025-results.txt", []string{"RTX"}, nil},
		{"903-northrop-grumman-q4-fy2025-results.txt", []string{"Northrop Grumman"}, nil},
		{"904-general-dynamics-q3-2025-results.txt", []string{"General Dynamics"}, nil},
		{"905-l3harris-q1-2026-results.txt", []string{"L3Harris"}, nil},
		{"906-transdigm-acquires-simmonds.txt", []string{"TransDigm", "RTX"}, nil},
	}
	g := Default()
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			c, a := g.Match(string(data))
			if !slices.Equal(c, tc.companies) || !slices.Equal(a, tc.agencies) {
				t.Errorf("Match\n got companies %q agencies %q\nwant companies %q agencies %q", c, a, tc.companies, tc.agencies)
			}
		})
	}
}

// TestAllArticlesSpans checks every fixture article for well-formed mentions.
func TestAllArticlesSpans(t *testing.T) {
	dir := fixtureDir(t, filepath.Join("articles", "dod-public"))
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no articles in %s: %v", dir, err)
	}
	g := Default()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkMentions(t, g, string(data))
	}
}
