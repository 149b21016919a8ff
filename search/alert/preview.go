package alert

import (
	"context"
	"fmt"
	"time"

	"vigie/search"
)

// previewDays is the back-test window: what a saved search would have
// sent over the last 30 days, today included.
const previewDays = 30

// previewHits is how many of the latest matches the preview lists.
const previewHits = 5

// broadPerDay is the daily average above which a search is called broad:
// more than a reader takes in, and more than one e-mail lists.
const broadPerDay = 20

// Preview verdicts.
const (
	VerdictNone  = "none"  // nothing in the window: the alert may stay silent
	VerdictQuiet = "quiet" // a few matches a month
	VerdictOK    = "ok"
	VerdictBroad = "broad" // more a day than anyone reads
)

// Preview is the back-test of a search as an alert: what it would have
// matched over the last 30 days, day by day, and the latest matches, so a
// search too broad or too narrow is seen before it is saved.
type Preview struct {
	Total      uint64 `json:"total"`   // articles matched in the window
	Stories    int    `json:"stories"` // distinct stories: an alert sends each once
	WindowDays int    `json:"window_days"`
	// PerDay has one entry per day of the window, oldest first, days
	// without matches included.
	PerDay        []DayCount `json:"per_day"`
	AveragePerDay float64    `json:"average_per_day"`
	// Emails is how many e-mails the alert would have sent at its
	// frequency: one per day (daily) or week (weekly) with matches; for
	// instant alerts, at most one per day with matches and poll.
	Emails  int          `json:"emails"`
	Verdict string       `json:"verdict"` // none, quiet, ok or broad
	Hits    []PreviewHit `json:"hits"`    // the latest matches, newest first
}

// DayCount is one day of the back-test.
type DayCount struct {
	Date  string `json:"date"` // YYYY-MM-DD, UTC
	Count int    `json:"count"`
}

// PreviewHit is one article of the preview: a linked article, as the
// search lists a story's other reports.
type PreviewHit = search.Report

// preview back-tests req on the main index over the window ending today.
func (s *Service) preview(ctx context.Context, req search.Request, frequency string, now time.Time) (Preview, error) {
	first := now.UTC().AddDate(0, 0, -(previewDays - 1))
	first = time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	req.Page, req.Size, req.NoFacets, req.NoFuzzy = 1, previewHits, true, true
	req.Sort, req.Collapse = search.SortDate, search.CollapseStory
	if req.From.Before(first) {
		req.From = first
	}
	resp, err := s.searcher.Search(ctx, req)
	if err != nil {
		return Preview{}, fmt.Errorf("alert: preview: %w", err)
	}
	counts, err := s.searcher.CountByDay(ctx, req, first, previewDays)
	if err != nil {
		return Preview{}, fmt.Errorf("alert: preview: %w", err)
	}
	pv := Preview{Total: resp.Total, Stories: resp.TotalStories, WindowDays: previewDays,
		PerDay: make([]DayCount, previewDays), Hits: make([]PreviewHit, 0, len(resp.Hits))}
	for d, n := range counts {
		pv.PerDay[d] = DayCount{Date: first.AddDate(0, 0, d).Format(time.DateOnly), Count: n}
	}
	pv.AveragePerDay = roundTo(float64(pv.Total)/previewDays, 1)
	pv.Emails = emailsFor(frequency, first, counts)
	pv.Verdict = verdict(pv)
	for _, h := range resp.Hits {
		pv.Hits = append(pv.Hits, PreviewHit{ID: h.ID, Title: h.Title, URL: h.URL, Source: h.Source,
			Lang: h.Lang, Published: h.Published})
	}
	return pv, nil
}

// emailsFor counts the e-mails a frequency would have sent: the days (or
// ISO weeks, for weekly digests) that had matches.
func emailsFor(frequency string, first time.Time, counts []int) int {
	seen := map[[2]int]bool{}
	n := 0
	for d, c := range counts {
		if c == 0 {
			continue
		}
		if frequency != Weekly {
			n++
			continue
		}
		y, w := first.AddDate(0, 0, d).ISOWeek()
		if !seen[[2]int{y, w}] {
			seen[[2]int{y, w}] = true
			n++
		}
	}
	return n
}

func verdict(pv Preview) string {
	switch {
	case pv.Total == 0:
		return VerdictNone
	case pv.AveragePerDay > broadPerDay:
		return VerdictBroad
	case pv.Total < 4:
		return VerdictQuiet
	}
	return VerdictOK
}
