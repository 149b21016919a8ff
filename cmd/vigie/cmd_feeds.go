package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"vigie/indexer/feed"
	"vigie/indexer/store"
)

func runFeeds(ctx context.Context, e *env, args []string) error {
	var c common
	fs := newFlagSet(e, "feeds", "")
	c.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	srcs, err := feed.LoadSources(c.feeds)
	if err != nil {
		return err
	}
	st, err := store.Open(c.storePath())
	if err != nil {
		return err
	}
	defer st.Close()
	states, err := st.FeedStates()
	if err != nil {
		return err
	}
	printFeeds(e.stdout, feedStatuses(srcs, states), time.Now())
	return nil
}

// feedStatus is one row of the feed health table.
type feedStatus struct {
	Source feed.Source
	State  feed.State
	Polled bool
}

// feedStatuses joins the configured feeds with their stored state, in the
// order of the feeds file.
func feedStatuses(srcs []feed.Source, states []feed.State) []feedStatus {
	byURL := make(map[string]feed.State, len(states))
	for _, s := range states {
		byURL[s.URL] = s
	}
	out := make([]feedStatus, 0, len(srcs))
	for _, src := range srcs {
		st, ok := byURL[src.URL]
		out = append(out, feedStatus{Source: src, State: st, Polled: ok})
	}
	return out
}

func printFeeds(w io.Writer, rows []feedStatus, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tSTATUS\tLAST FETCH\tNEXT\tITEMS\tNEW (TOTAL)\tERRORS\tLAST ERROR")
	failing := 0
	for _, r := range rows {
		status, last, next := "never polled", "-", "due"
		if r.Polled {
			status = "ok"
			if !r.State.Healthy() {
				status = "failing"
				failing++
			}
			last = ago(now, r.State.CheckedAt)
			if r.State.NextCheckAt.After(now) {
				next = "in " + strings.TrimSuffix(ago(r.State.NextCheckAt, now), " ago")
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n", r.Source.Name, status, last, next,
			r.State.ItemsLast, r.State.ItemsNew, r.State.ErrorCount, truncate(r.State.LastError, 60))
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s, %d failing\n", plural(len(rows), "feed"), failing)
}

// ago renders a duration like "3m ago", "2h ago", "5d ago".
func ago(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
