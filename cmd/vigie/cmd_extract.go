package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// maxExtractInput bounds what `vigie extract` reads from stdin.
const maxExtractInput = 8 << 20

func runExtract(ctx context.Context, e *env, args []string) error {
	var c common
	fs := newFlagSet(e, "extract", "< article.txt")
	c.register(fs)
	hint := fs.String("lang", "", "language hint (fr or en), used only when the text says too little")
	title := fs.String("title", "", "article title (optional)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in, err := io.ReadAll(io.LimitReader(e.stdin, maxExtractInput+1))
	if err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	if len(in) > maxExtractInput {
		return fmt.Errorf("input is larger than %d MiB", maxExtractInput>>20)
	}
	if !utf8.Valid(in) {
		return fmt.Errorf("input is not valid UTF-8")
	}
	en, err := c.enricher()
	if err != nil {
		return err
	}
	out := json.NewEncoder(e.stdout)
	out.SetEscapeHTML(false)
	out.SetIndent("", "  ")
	return out.Encode(en.Enrich(*title, string(in), *hint))
}
