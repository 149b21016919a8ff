package alert

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

type previewAnswer struct {
	Description string  `json:"description"`
	Frequency   string  `json:"frequency"`
	Preview     Preview `json:"preview"`
}

func (e *testEnv) backtest(body string) (int, previewAnswer, string) {
	e.t.Helper()
	r := e.do(http.MethodPost, "/api/alerts/preview", "application/json", []byte(body))
	var a previewAnswer
	if r.Status == http.StatusOK {
		if err := json.Unmarshal(r.Body, &a); err != nil {
			e.t.Fatal(err)
		}
	}
	return r.Status, a, string(r.Body)
}

// TestPreviewBackTest: POST /api/alerts/preview counts a search's matches
// per day over the last 30 days, lists the latest five, says how many
// e-mails each frequency would have sent, and saves nothing. It needs no
// mail transport.
func TestPreviewBackTest(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.ingest("backtest.xml", "Drone Desk", "https://drones.example/feed")

	status, a, body := e.backtest(`{"q":"drones","frequency":"daily"}`)
	if status != http.StatusOK {
		t.Fatalf("preview: %d %s", status, body)
	}
	pv := a.Preview
	if pv.WindowDays != 30 || len(pv.PerDay) != 30 {
		t.Fatalf("window %d days, %d bars; want 30", pv.WindowDays, len(pv.PerDay))
	}
	if first, last := pv.PerDay[0].Date, pv.PerDay[29].Date; first != "2025-05-19" || last != "2025-06-17" {
		t.Errorf("window %s .. %s, want 2025-05-19 .. 2025-06-17 (today included)", first, last)
	}
	want := map[string]int{"2025-05-20": 2, "2025-06-09": 1, "2025-06-13": 1, "2025-06-16": 1, "2025-06-17": 1}
	sum := 0
	for _, d := range pv.PerDay {
		if d.Count != want[d.Date] {
			t.Errorf("%s: %d matches, want %d", d.Date, d.Count, want[d.Date])
		}
		sum += d.Count
	}
	// Six drone articles in the window (French ones through stemming),
	// not April's, not the patrol vessel.
	if pv.Total != 6 || sum != 6 {
		t.Errorf("total %d, bars sum to %d; want 6", pv.Total, sum)
	}
	if pv.Emails != 5 || pv.Verdict != VerdictOK || pv.AveragePerDay != 0.2 {
		t.Errorf("emails %d verdict %q average %v; want 5 daily digests, ok, 0.2", pv.Emails, pv.Verdict, pv.AveragePerDay)
	}
	var titles []string
	for _, h := range pv.Hits {
		titles = append(titles, h.Title)
	}
	wantTitles := "Air Force picks two firms for drone wingmen|Des drones maritimes pour surveiller la Manche|" +
		"Startup raises funds to build cheap interceptor drones|Counter-drone lasers reach the Navy's destroyers"
	if got := strings.Join(titles, "|"); !strings.HasPrefix(got, wantTitles) || len(titles) != 5 {
		t.Errorf("latest matches:\n%s\nwant the five newest, newest first, starting\n%s", got, wantTitles)
	}

	// Weekly: the ISO weeks with matches (21, 24, 25).
	if _, a, _ := e.backtest(`{"q":"drones","frequency":"weekly"}`); a.Preview.Emails != 3 {
		t.Errorf("weekly: %d digests, want 3", a.Preview.Emails)
	}
	// Too narrow: said before saving.
	if _, a, _ := e.backtest(`{"q":"hypersonic glider"}`); a.Preview.Total != 0 || a.Preview.Verdict != VerdictNone || a.Preview.Emails != 0 {
		t.Errorf("nothing matches: %+v", a.Preview)
	}
	// Filters apply: French articles only.
	if _, a, _ := e.backtest(`{"q":"drones","lang":"fr"}`); a.Preview.Total != 2 {
		t.Errorf("lang=fr: %d, want 2", a.Preview.Total)
	}
	// Bad requests get the creation's messages; nothing is saved.
	for _, bad := range []string{`{"q":"drones","email":"not-an-address"}`, `{"q":"drones","frequency":"hourly"}`, `{}`, `[`} {
		if status, _, body := e.backtest(bad); status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", bad, status, body)
		}
	}
	if n, _ := countBucket(e.st, bucketAlerts); n != 0 {
		t.Errorf("%d alerts saved by previews", n)
	}
}
