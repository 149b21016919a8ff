package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"vigie/indexer/store"
)

func runEntities(ctx context.Context, e *env, args []string) error {
	var c common
	fs := newFlagSet(e, "entities", "[list | rename OLD NEW | merge FROM INTO | reject NAME | accept NAME]")
	c.register(fs)
	asJSON := fs.Bool("json", false, "list: print the table as JSON (the API's shape)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	verb, rest := fs.Arg(0), []string(nil)
	if fs.NArg() > 0 {
		// Flags may also follow the action: `vigie entities list --json`.
		if err := parseFlags(fs, fs.Args()[1:]); err != nil {
			return err
		}
		rest = fs.Args()
	}
	want := map[string]int{"": 0, "list": 0, "rename": 2, "merge": 2, "reject": 1, "accept": 1}
	n, ok := want[verb]
	if !ok {
		return fmt.Errorf("unknown entities action %q (use list, rename, merge, reject or accept)", verb)
	}
	if len(rest) != n {
		fmt.Fprintf(e.stderr, "vigie entities %s needs %s\n", verb, plural(n, "name"))
		fs.Usage()
		return errUsage
	}
	a, err := openApp(ctx, &c, c.logger(e.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	p := a.pipeline
	var changed int
	switch verb {
	case "", "list":
		list, err := p.Entities()
		if err != nil {
			return err
		}
		return printEntities(e, list, *asJSON)
	case "rename":
		changed, err = p.RenameEntity(ctx, rest[0], rest[1])
	case "merge":
		changed, err = p.MergeEntity(ctx, rest[0], rest[1])
	case "reject":
		changed, err = p.RejectEntity(ctx, rest[0])
	case "accept":
		changed, err = p.AcceptEntity(ctx, rest[0])
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s %q: %s changed\n", map[string]string{"rename": "renamed", "merge": "merged",
		"reject": "rejected", "accept": "accepted"}[verb], rest[0], plural(changed, "article"))
	return nil
}

func printEntities(e *env, list []store.Entity, asJSON bool) error {
	if asJSON {
		out := json.NewEncoder(e.stdout)
		out.SetEscapeHTML(false)
		out.SetIndent("", "  ")
		return out.Encode(struct {
			Entities []store.Entity `json:"entities"`
		}{list})
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tSTATUS\tARTICLES\tPARENT\tALIASES")
	for _, en := range list {
		status := en.Status
		switch {
		case en.MergedInto != "":
			status += " -> " + en.MergedInto
		case en.RenamedTo != "":
			status += " -> " + en.RenamedTo
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", en.Name, en.Kind, status, en.Articles,
			orDash(en.Parent), truncate(orDash(strings.Join(en.Aliases, ", ")), 60))
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "\n%s\n", plural(len(list), "entity"))
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
