package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"vigie/indexer/store"
	"vigie/search/alert"
)

func runAlerts(ctx context.Context, e *env, args []string) error {
	var c common
	fs := newFlagSet(e, "alerts", "[list | delete ID...]")
	c.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := store.Open(c.storePath())
	if err != nil {
		return err
	}
	defer st.Close()
	verb := fs.Arg(0)
	switch verb {
	case "", "list":
		list, err := alert.List(st)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tSTATE\tFREQUENCY\tQUERY\tSENT\tCREATED")
		for _, a := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", a.ID, a.Email, a.State, a.Frequency,
				truncate(a.Describe(), 50), a.SentCount, a.CreatedAt.Format("2006-01-02"))
		}
		tw.Flush()
		fmt.Fprintf(e.stdout, "\n%s\n", plural(len(list), "alert"))
		return nil
	case "delete", "rm":
		if fs.NArg() < 2 {
			return fmt.Errorf("delete needs at least one alert ID")
		}
		for _, id := range fs.Args()[1:] {
			if err := alert.Delete(st, id); err != nil {
				return fmt.Errorf("delete %s: %w", id, err)
			}
			fmt.Fprintf(e.stdout, "deleted %s\n", id)
		}
		return nil
	}
	return fmt.Errorf("unknown alerts action %q (use list or delete)", verb)
}
