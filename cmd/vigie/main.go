// Command vigie polls defense and AI news feeds, understands French and
// English articles, and serves faceted search over them. Each subcommand
// lives in its own file; this file only dispatches.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"vigie/internal/gctune"
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand may touch of the outside world; tests swap it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func commands() []command {
	return []command{
		{"serve", "run the HTTP server, the poller and the alert dispatcher", runServe},
		{"poll", "poll every feed once, then exit (for cron)", runPoll},
		{"import", "ingest feed files (RSS, Atom, JSON Feed) from disk", runImport},
		{"search", "search the index from the command line", runSearch},
		{"extract", "print the language, entities and amounts of the text on stdin", runExtract},
		{"reindex", "re-enrich every stored article and rebuild the search index", runReindex},
		{"feeds", "show each feed's health", runFeeds},
		{"alerts", "list or delete saved-query alerts", runAlerts},
		{"entities", "list or curate the entities learnt from the corpus", runEntities},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	gctune.Apply()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(ctx, e, os.Args[1:]))
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(e.stderr, "vigie: interrupted")
			return 130
		}
		fmt.Fprintf(e.stderr, "vigie %s: %v\n", c.name, err)
		return 1
	}
	fmt.Fprintf(e.stderr, "vigie: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

// errUsage marks a command-line mistake already explained to the user.
var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "Vigie — search engine for defense and AI news (French and English).")
	fmt.Fprintln(w, "\nUsage: vigie <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `vigie <command> -h` for a command's flags.")
}
